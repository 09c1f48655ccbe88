#include "validate/value_verdict.h"

#include <cmath>
#include <optional>
#include <string>

#include "core/text.h"
#include "stats/distinct_counter.h"
#include "validate/typed_value.h"

namespace mlops::validate {
namespace {

bool matches(const ColumnSpec::Pattern& p, ColumnState& st, std::string_view text) {
  if (p.fixed) return p.fixed->full_match(text);
  constexpr std::size_t kMemo = 4096;
  // Sorted or clustered columns repeat the previous value most of the time.
  if (st.pattern_last.has_value() && st.pattern_last_text == text) return *st.pattern_last;
  bool ok;
  if (auto it = st.pattern_memo.find(text); it != st.pattern_memo.end()) {
    ok = it->second;
  } else {
    ok = RE2::FullMatch(text, *p.regex);
    if (st.pattern_memo.size() < kMemo) st.pattern_memo.emplace(text, ok);
  }
  st.pattern_last_text = text;
  st.pattern_last = ok;
  return ok;
}

void judge_length(const ColumnSpec& spec, std::string_view text, ValueVerdict& v) {
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

}  // namespace

ValueVerdict judge_value(const ColumnSpec& spec, ColumnState& st, std::string_view text) {
  ValueVerdict v;
  const std::optional<double> parsed = parse_typed(spec.type, spec.datetime_format, text);
  if (is_nan_value(spec.type, parsed, text)) {
    v.kind = ValueVerdict::Kind::kNull;
    return v;
  }
  if (!parsed) {
    v.kind = ValueVerdict::Kind::kBadType;
    return v;
  }
  v.value = *parsed;
  if (is_ordered(spec.type)) {
    // Infinity lies outside every bound, on either side: a bound promises finite values.
    v.finite = std::isfinite(v.value);
    v.below_min = spec.min && (!v.finite || (spec.min->exclusive ? v.value <= spec.min->value
                                                                 : v.value < spec.min->value));
    v.above_max = spec.max && (!v.finite || (spec.max->exclusive ? v.value >= spec.max->value
                                                                 : v.value > spec.max->value));
  }
  if (spec.allowed) v.allowed_at = spec.allowed->index.find(text);
  if (spec.pattern) v.pattern_ok = matches(*spec.pattern, st, text);
  if (spec.min_length || spec.max_length) judge_length(spec, text, v);
  if (spec.unique) v.hash = stats::DistinctCounter::hash(text);
  return v;
}

}  // namespace mlops::validate
