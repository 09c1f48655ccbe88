// The field parsers on arbitrary text: each inline fast path (value_parse.h) must give exactly
// what the full parser behind it gives (detail::*_slow, which implements the whole syntax), the
// same acceptance and the same double bit for bit (-0 included); parse_date must agree with
// the date part of parse_datetime.
#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "fuzz_util.h"
#include "io/value_parse.h"

namespace {

namespace io = mlops::io;

[[noreturn]] void finding(const char* what, std::string_view text) {
  std::fprintf(stderr, "fuzz_value_parse: %s on \"%.*s\"\n", what, static_cast<int>(text.size()),
               text.data());
  std::abort();
}

template <typename T, typename Fast, typename Slow>
void same(const char* what, std::string_view text, Fast fast, Slow slow) {
  T a{}, b{};
  const bool fa = fast(text, a), sb = slow(text, b);
  if (fa != sb) finding(what, text);
  if constexpr (std::is_same_v<T, double>) {
    if (fa && std::bit_cast<std::uint64_t>(a) != std::bit_cast<std::uint64_t>(b)) {
      finding(what, text);
    }
  } else if (fa && a != b) {
    finding(what, text);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return mlops::fuzz::run_one([&] {
    const std::string owned = mlops::fuzz::text(data, size);
    const std::string_view text = owned;
    same<std::int64_t>(
        "parse_integer", text,
        [](std::string_view t, std::int64_t& v) { return io::parse_integer(t, v); },
        io::detail::parse_integer_slow);
    same<double>(
        "parse_number", text, [](std::string_view t, double& v) { return io::parse_number(t, v); },
        io::detail::parse_number_slow);
    same<double>(
        "parse_datetime", text,
        [](std::string_view t, double& v) { return io::parse_datetime(t, v); },
        io::detail::parse_datetime_slow);
    // A date is a datetime at midnight: "YYYY-MM-DD" + "T00:00:00Z" goes through the fast path
    // of parse_datetime, "YYYY-MM-DD" + " 00:00" through the slow one.
    std::int64_t days = 0;
    double fast = 0, slow = 0;
    const bool date = io::parse_date(text, days);
    if (text.size() != 10) {
      if (date) finding("parse_date", text);
      return;
    }
    const bool fast_ok = io::parse_datetime(owned + "T00:00:00Z", fast);
    const bool slow_ok = io::parse_datetime(owned + " 00:00", slow);
    if (date != fast_ok || date != slow_ok ||
        (date && (static_cast<double>(days) * 86400.0 != fast || fast != slow))) {
      finding("parse_date", text);
    }
  });
}
