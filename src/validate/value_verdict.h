#pragma once

// What a contract column's checks conclude from one value's text alone: whether it is a null
// (NaN), of the wrong type, or a value, and then which bounds, allowed set, pattern and length
// limits it breaks. It depends on nothing else of the row, so a value met many times in a
// Parquet dictionary is judged once per dictionary entry (VerdictMemo); the pass still counts
// every row and takes its examples.

#include <cstdint>
#include <string_view>
#include <vector>

#include "io/table.h"
#include "validate/column_state.h"
#include "validate/contract.h"
#include "validate/value_index.h"

namespace mlops::validate {

struct ValueVerdict {
  enum class Kind : std::uint8_t { kNull, kBadType, kValue };
  Kind kind = Kind::kValue;
  // Only for kValue:
  bool finite = true;  // of ordered types; infinity breaks every bound
  bool below_min = false;
  bool above_max = false;
  bool pattern_ok = true;
  bool too_short = false;
  bool too_long = false;
  std::size_t allowed_at = ValueIndex::kNone;  // when the column has an allowed set
  double value = 0;                            // parse_typed's
  std::uint64_t hash = 0;                      // unique columns: DistinctCounter::hash
};

// Judges `text` (a non-null field) against `spec`. `st` keeps the column's pattern memo.
ValueVerdict judge_value(const ColumnSpec& spec, ColumnState& st, std::string_view text);

// The verdicts of one column's values from the dictionary met last (io::Field::dictionary):
// each entry is judged when first met. Other values are judged every time.
class VerdictMemo {
 public:
  // Entries beyond this many are judged every time: the memo stays small whatever the file.
  static constexpr std::uint32_t kMaxCodes = 1u << 16;

  const ValueVerdict& judge(const ColumnSpec& spec, ColumnState& st, const io::Field& f) {
    if (f.dictionary == 0 || f.code >= kMaxCodes) return scratch_ = judge_value(spec, st, f.text);
    if (f.dictionary != dictionary_) {
      dictionary_ = f.dictionary;
      known_.clear();
    }
    if (f.code >= known_.size()) {
      known_.resize(f.code + 1, 0);
      verdicts_.resize(known_.size());
    }
    if (known_[f.code] == 0) {
      verdicts_[f.code] = judge_value(spec, st, f.text);
      known_[f.code] = 1;
    }
    return verdicts_[f.code];
  }

 private:
  std::uint32_t dictionary_ = 0;
  std::vector<std::uint8_t> known_;
  std::vector<ValueVerdict> verdicts_;
  ValueVerdict scratch_;
};

}  // namespace mlops::validate
