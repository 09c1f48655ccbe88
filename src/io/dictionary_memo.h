#pragma once

// What a tool derives from a dictionary value's text alone (io::Field::dictionary), kept per
// entry of the dictionary met last. Parquet's dictionary-encoded columns repeat a few thousand
// texts over millions of rows: each is parsed, judged or looked up once per dictionary instead
// of once per row.

#include <cstdint>
#include <vector>

#include "io/table.h"

namespace mlops::io {

template <typename T>
class DictionaryMemo {
 public:
  // Entries beyond this many are not kept: the memo stays small whatever the file.
  static constexpr std::uint32_t kMaxCodes = 1u << 16;

  struct Entry {
    bool known = false;
    T value{};
  };

  // The entry of `f`'s dictionary code (known == false the first time), or nullptr for a value
  // of no dictionary or beyond kMaxCodes. A new dictionary forgets the previous one's.
  Entry* find(const Field& f) {
    if (f.dictionary == 0 || f.code >= kMaxCodes) return nullptr;
    if (f.dictionary != dictionary_) {
      dictionary_ = f.dictionary;
      entries_.clear();
    }
    if (f.code >= entries_.size()) entries_.resize(f.code + 1);
    return &entries_[f.code];
  }

 private:
  std::uint32_t dictionary_ = 0;
  std::vector<Entry> entries_;
};

}  // namespace mlops::io
