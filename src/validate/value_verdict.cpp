#include "validate/value_verdict.h"

#include <string>

namespace mlops::validate {

bool pattern_matches(const ColumnSpec::Pattern& p, ColumnState& st, std::string_view text) {
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

}  // namespace mlops::validate
