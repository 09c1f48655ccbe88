#pragma once

// What a contract column's checks conclude from one value's text alone: whether it is a null
// (NaN), of the wrong type, or a value, and then which bounds, allowed set, pattern and length
// limits it breaks. It depends on nothing else of the row, so a value met many times in a
// Parquet dictionary is judged once per dictionary entry (VerdictMemo); the pass still counts
// every row and takes its examples.

#include <cmath>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "io/dictionary_memo.h"
#include "io/table.h"
#include "stats/distinct_counter.h"
#include "validate/column_state.h"
#include "validate/contract.h"
#include "validate/typed_value.h"
#include "validate/value_index.h"

namespace mlops::validate {

// No default member values: judge_value sets `kind`, and for kValue every other member, so a
// verdict judged straight into a local (every CSV value) costs no stores it does not need.
struct ValueVerdict {
  enum class Kind : std::uint8_t { kNull, kBadType, kValue };
  Kind kind;
  // Only for kValue:
  bool finite;  // of ordered types; infinity breaks every bound
  bool below_min;
  bool above_max;
  bool pattern_ok;
  bool too_short;
  bool too_long;
  std::size_t allowed_at;  // ValueIndex::kNone when not in the allowed set, or none is set
  double value;            // parse_typed's
  std::uint64_t hash;      // unique columns: DistinctCounter::hash
};

// Whether `text` matches `p`, through the column's memo of recent texts.
bool pattern_matches(const ColumnSpec::Pattern& p, ColumnState& st, std::string_view text);

inline void judge_length(const ColumnSpec& spec, std::string_view text, ValueVerdict& v) {
  // A text has at most as many code points as bytes: count them only when that matters.
  const auto bytes = static_cast<double>(text.size());
  double points = -1;
  auto length = [&] {
    if (points < 0) points = static_cast<double>(utf8_length(text));
    return points;
  };
  v.too_short =
      spec.min_length && (bytes < spec.min_length->value || length() < spec.min_length->value);
  v.too_long =
      spec.max_length && bytes > spec.max_length->value && length() > spec.max_length->value;
}

// Judges `text` (a non-null field) against `spec` into `v` (every member set). `st` keeps the
// column's pattern memo. Always inline: it runs for every value of a CSV file, and a call
// (which GCC chose for its size) cost data-validate 10% of its time on the bench's CSV.
[[gnu::always_inline]] inline void judge_value(const ColumnSpec& spec, ColumnState& st,
                                               std::string_view text, ValueVerdict& v) {
  const std::optional<double> parsed = parse_typed(spec.type, spec.datetime_format, text);
  if (is_nan_value(spec.type, parsed, text)) {
    v.kind = ValueVerdict::Kind::kNull;
    return;
  }
  if (!parsed) {
    v.kind = ValueVerdict::Kind::kBadType;
    return;
  }
  v.kind = ValueVerdict::Kind::kValue;
  v.value = *parsed;
  v.finite = true;
  v.below_min = v.above_max = false;
  if (is_ordered(spec.type)) {
    // Infinity lies outside every bound, on either side: a bound promises finite values.
    v.finite = std::isfinite(v.value);
    v.below_min = spec.min && (!v.finite || (spec.min->exclusive ? v.value <= spec.min->value
                                                                 : v.value < spec.min->value));
    v.above_max = spec.max && (!v.finite || (spec.max->exclusive ? v.value >= spec.max->value
                                                                 : v.value > spec.max->value));
  }
  v.allowed_at = spec.allowed ? spec.allowed->index.find(text) : ValueIndex::kNone;
  v.pattern_ok = !spec.pattern || pattern_matches(*spec.pattern, st, text);
  v.too_short = v.too_long = false;
  if (spec.min_length || spec.max_length) judge_length(spec, text, v);
  v.hash = spec.unique ? stats::DistinctCounter::hash(text) : 0;
}

// The verdicts of one column's values from the dictionary met last (io::Field::dictionary):
// each entry is judged when first met. Other values are judged every time.
class VerdictMemo {
 public:
  const ValueVerdict& judge(const ColumnSpec& spec, ColumnState& st, const io::Field& f) {
    auto* entry = memo_.find(f);
    if (entry == nullptr) {
      judge_value(spec, st, f.text, scratch_);
      return scratch_;
    }
    if (!entry->known) {
      judge_value(spec, st, f.text, entry->value);
      entry->known = true;
    }
    return entry->value;
  }

 private:
  io::DictionaryMemo<ValueVerdict> memo_;
  ValueVerdict scratch_{};
};

}  // namespace mlops::validate
