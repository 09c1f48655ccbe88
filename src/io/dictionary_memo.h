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

// What a tool counts per entry of a dictionary over many batches (io::BatchColumn's codes):
// each entry's state, started as `fresh` when a batch brings another dictionary, after the
// tool has folded the entries met of the previous one into its totals.
template <typename Entry>
class EntryCounts {
 public:
  // Makes `column`'s dictionary the current one. When it is another, first calls fold(entry)
  // for each entry met (note_met) of the current one.
  template <typename Fold>
  void follow(const BatchColumn& column, const Entry& fresh, Fold&& fold) {
    if (column.dictionary == dictionary_) return;
    fold_met(fold);
    dictionary_ = column.dictionary;
    entries_.assign(column.entry_count, fresh);
  }
  // Calls fold(entry) for each entry met, in the order they were met, and forgets them.
  template <typename Fold>
  void fold_met(Fold&& fold) {
    for (std::uint32_t code : met_) fold(entries_[code]);
    met_.clear();
    dictionary_ = 0;
  }
  Entry* entries() { return entries_.data(); }
  void note_met(std::uint32_t code) { met_.push_back(code); }

 private:
  std::uint32_t dictionary_ = 0;
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> met_;
};

}  // namespace mlops::io
