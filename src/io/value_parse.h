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

// Whether y-m-d is a day of the proleptic Gregorian calendar (no 30 February, no 31 April).
inline bool valid_civil_date(int y, int m, int d) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= (m == 2 && leap ? 29 : kDays[m - 1]);
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
inline std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

namespace detail {
// "YYYY-MM-DD" in the ten bytes at p, a valid date: its days since 1970-01-01.
inline bool date10(const char* p, std::int64_t& days) {
  auto dig = [p](int k) { return static_cast<unsigned>(p[k] - '0'); };
  if (p[4] != '-' || p[7] != '-' || dig(0) >= 10 || dig(1) >= 10 || dig(2) >= 10 || dig(3) >= 10 ||
      dig(5) >= 10 || dig(6) >= 10 || dig(8) >= 10 || dig(9) >= 10) {
    return false;
  }
  const int y = static_cast<int>(dig(0) * 1000 + dig(1) * 100 + dig(2) * 10 + dig(3));
  const int m = static_cast<int>(dig(5) * 10 + dig(6));
  const int d = static_cast<int>(dig(8) * 10 + dig(9));
  if (!valid_civil_date(y, m, d)) return false;
  days = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return true;
}
// Every form parse_datetime accepts; the inline one handles YYYY-MM-DDTHH:MM:SSZ.
bool parse_datetime_slow(std::string_view text, double& out);
}  // namespace detail

// YYYY-MM-DD, a valid calendar date; days since 1970-01-01.
inline bool parse_date(std::string_view text, std::int64_t& out) {
  return text.size() == 10 && detail::date10(text.data(), out);
}

// ISO 8601 / RFC 3339: YYYY-MM-DD[T| ]HH:MM[:SS[.fraction]][Z|(+|-)HH[:]MM]; seconds since
// the Unix epoch in UTC (no offset means UTC).
inline bool parse_datetime(std::string_view s, double& out) {
  // Fast path for the commonest form, YYYY-MM-DDTHH:MM:SSZ.
  if (s.size() == 20 && s[10] == 'T' && s[13] == ':' && s[16] == ':' && s[19] == 'Z') {
    auto dig = [&s](std::size_t k) { return static_cast<unsigned>(s[k] - '0'); };
    if (dig(11) < 10 && dig(12) < 10 && dig(14) < 10 && dig(15) < 10 && dig(17) < 10 &&
        dig(18) < 10) {
      std::int64_t days = 0;
      const bool date_ok = detail::date10(s.data(), days);
      const unsigned hh = dig(11) * 10 + dig(12), mm = dig(14) * 10 + dig(15),
                     ss = dig(17) * 10 + dig(18);
      if (!date_ok || hh > 23 || mm > 59 || ss > 60) return false;
      out = static_cast<double>(days) * 86400.0 + hh * 3600.0 + mm * 60.0 + ss;
      return true;
    }
  }
  return detail::parse_datetime_slow(s, out);
}

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

}  // namespace mlops::io
