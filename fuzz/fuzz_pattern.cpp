// validate::FixedPattern against RE2: the first line is a pattern, every further line a text;
// when both accept the pattern they must agree on every text.
#include <re2/re2.h>

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "fuzz_util.h"
#include "validate/fixed_pattern.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string input = mlops::fuzz::text(data, size);
  std::string_view rest(input);
  std::size_t nl = rest.find('\n');
  std::string pattern(rest.substr(0, nl));
  rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
  RE2::Options opts;
  opts.set_log_errors(false);
  RE2 re(pattern, opts);
  if (!re.ok()) return 0;
  auto fixed = mlops::validate::FixedPattern::compile(pattern);
  if (!fixed) return 0;
  for (;;) {
    std::size_t end = rest.find('\n');
    std::string_view text = rest.substr(0, end);
    // RE2 reads texts as UTF-8; the data reader admits nothing else.
    if (RE2::FullMatch(text, re) != fixed->full_match(text)) {
      std::fprintf(stderr, "fuzz: /%s/ and RE2 disagree on '%.*s'\n", pattern.c_str(),
                   static_cast<int>(text.size()), text.data());
      std::abort();
    }
    if (end == std::string_view::npos) break;
    rest = rest.substr(end + 1);
  }
  return 0;
}
