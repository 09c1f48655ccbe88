#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace mlops::io {

// Strict parsers for field text: no surrounding spaces, the whole text must match. Each is
// written once, in value_parse.cpp, as a function that returns whether the text matched and
// stores the value; the std::optional forms below are inline wrappers, because g++ returns an
// optional<int64_t or double> from an out-of-line call through the stack (a one-byte store
// read back as eight bytes: a store-forwarding stall that cost more than the parse itself).

namespace detail {
// The whole syntax of parse_integer and parse_number, for the text their inline fast paths
// leave: long digit strings, exponents, inf/nan, and everything they refuse.
bool parse_integer_slow(std::string_view text, std::int64_t& out);
bool parse_number_slow(std::string_view text, double& out);
}  // namespace detail

// Optional sign and decimal digits, within int64.
inline bool parse_integer(std::string_view text, std::int64_t& out) {
  // Fast path: up to 18 digits cannot overflow int64.
  const std::size_t i = !text.empty() && (text[0] == '-' || text[0] == '+') ? 1 : 0;
  if (text.size() > i && text.size() - i <= 18) {
    std::int64_t v = 0;
    bool digits_only = true;
    for (std::size_t k = i; k < text.size() && digits_only; ++k) {
      auto d = static_cast<unsigned>(text[k] - '0');
      digits_only = d < 10;
      v = digits_only ? v * 10 + static_cast<std::int64_t>(d) : v;
    }
    if (digits_only) {
      out = text[0] == '-' ? -v : v;
      return true;
    }
  }
  return detail::parse_integer_slow(text, out);
}

// A decimal or scientific number (also inf/nan); optional leading '+'.
inline bool parse_number(std::string_view text, double& out) {
  // Fast path (Clinger): [sign]digits[.digits] with at most 15 digits in all. The mantissa
  // and 10^k (k <= 15) are exact doubles, so one division is correctly rounded: the same
  // result as from_chars.
  static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const char* p = text.data();
  const char* const end = p + text.size();
  if (p != end && (*p == '-' || *p == '+')) ++p;
  std::uint64_t mantissa = 0;  // wraps harmlessly past 19 digits: then it is not used
  const char* const int_begin = p;
  while (p != end && static_cast<unsigned>(*p - '0') < 10) {
    mantissa = mantissa * 10 + static_cast<unsigned>(*p++ - '0');
  }
  auto digits = static_cast<std::size_t>(p - int_begin);
  std::size_t fraction = 0;
  if (p != end && *p == '.') {
    const char* const fraction_begin = ++p;
    while (p != end && static_cast<unsigned>(*p - '0') < 10) {
      mantissa = mantissa * 10 + static_cast<unsigned>(*p++ - '0');
    }
    fraction = static_cast<std::size_t>(p - fraction_begin);
    digits += fraction;
  }
  if (p == end && digits > 0 && digits <= 15) {
    double v = static_cast<double>(mantissa);
    if (fraction > 0) v /= kPow10[fraction];
    out = text[0] == '-' ? -v : v;
    return true;
  }
  return detail::parse_number_slow(text, out);
}

// YYYY-MM-DD, a valid calendar date; days since 1970-01-01.
bool parse_date(std::string_view text, std::int64_t& out);
// ISO 8601 / RFC 3339: YYYY-MM-DD[T| ]HH:MM[:SS[.fraction]][Z|(+|-)HH[:]MM]; seconds since
// the Unix epoch in UTC (no offset means UTC).
bool parse_datetime(std::string_view text, double& out);

inline std::optional<std::int64_t> parse_integer(std::string_view text) {
  std::int64_t v;
  if (!parse_integer(text, v)) return std::nullopt;
  return v;
}
inline std::optional<double> parse_number(std::string_view text) {
  double v;
  if (!parse_number(text, v)) return std::nullopt;
  return v;
}
inline std::optional<std::int64_t> parse_date(std::string_view text) {
  std::int64_t v;
  if (!parse_date(text, v)) return std::nullopt;
  return v;
}
inline std::optional<double> parse_datetime(std::string_view text) {
  double v;
  if (!parse_datetime(text, v)) return std::nullopt;
  return v;
}
// true/false in lower, upper or title case.
std::optional<bool> parse_boolean(std::string_view text);

// Whether y-m-d is a day of the proleptic Gregorian calendar (no 30 February, no 31 April).
bool valid_civil_date(int y, int m, int d);

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);

}  // namespace mlops::io
