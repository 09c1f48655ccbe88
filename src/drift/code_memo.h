#pragma once

// What a profile derives from a dictionary value's text alone (io::Field::dictionary): a
// numeric column's number, a categorical column's entry in its CategoryCounter. Parquet's
// dictionary-encoded columns repeat a few thousand texts over millions of rows: each is parsed
// or looked up once per dictionary instead of once per row.

#include <cstdint>
#include <vector>

#include "io/table.h"

namespace mlops::drift {

class CodeMemo {
 public:
  // Entries beyond this many are not kept: the memo stays small whatever the file.
  static constexpr std::uint32_t kMaxCodes = 1u << 16;

  struct Slot {
    bool known = false;
    std::size_t entry = 0;  // categorical: CategoryCounter::add_entry's
    double value = 0;       // numeric
  };

  // The slot of `f`'s dictionary entry (known == false the first time), or nullptr for a
  // value of no dictionary or beyond kMaxCodes. A new dictionary forgets the previous one's.
  Slot* slot(const io::Field& f) {
    if (f.dictionary == 0 || f.code >= kMaxCodes) return nullptr;
    if (f.dictionary != dictionary_) {
      dictionary_ = f.dictionary;
      slots_.clear();
    }
    if (f.code >= slots_.size()) slots_.resize(f.code + 1);
    return &slots_[f.code];
  }

 private:
  std::uint32_t dictionary_ = 0;
  std::vector<Slot> slots_;
};

}  // namespace mlops::drift
