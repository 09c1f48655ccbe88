#include "io/value_parse.h"

#include <charconv>

namespace mlops::io {
namespace {

// Reads exactly n digits at s[pos]; advances pos.
bool digits(std::string_view s, std::size_t& pos, int n, int& out) {
  if (pos + static_cast<std::size_t>(n) > s.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    char c = s[pos + static_cast<std::size_t>(i)];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += static_cast<std::size_t>(n);
  out = v;
  return true;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}

// Parses YYYY-MM-DD at s[pos...]; advances pos.
std::optional<std::int64_t> date_at(std::string_view s, std::size_t& pos) {
  if (s.size() >= pos + 10 && s[pos + 4] == '-' && s[pos + 7] == '-') {
    const char* p = s.data() + pos;
    auto dig = [p](int k) { return static_cast<unsigned>(p[k] - '0'); };
    if (dig(0) < 10 && dig(1) < 10 && dig(2) < 10 && dig(3) < 10 && dig(5) < 10 && dig(6) < 10 &&
        dig(8) < 10 && dig(9) < 10) {
      int y = static_cast<int>(dig(0) * 1000 + dig(1) * 100 + dig(2) * 10 + dig(3));
      int m = static_cast<int>(dig(5) * 10 + dig(6));
      int d = static_cast<int>(dig(8) * 10 + dig(9));
      if (!valid_civil_date(y, m, d)) return std::nullopt;
      pos += 10;
      return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
    }
    return std::nullopt;
  }
  int y, m, d;
  if (!digits(s, pos, 4, y) || pos >= s.size() || s[pos++] != '-' || !digits(s, pos, 2, m) ||
      pos >= s.size() || s[pos++] != '-' || !digits(s, pos, 2, d)) {
    return std::nullopt;
  }
  if (!valid_civil_date(y, m, d)) return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

}  // namespace

bool valid_civil_date(int y, int m, int d) {
  return m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
  const std::string_view original = text;
  // Fast path: up to 18 digits cannot overflow int64.
  {
    std::size_t i = !text.empty() && (text[0] == '-' || text[0] == '+') ? 1 : 0;
    if (text.size() > i && text.size() - i <= 18) {
      std::int64_t v = 0;
      bool digits_only = true;
      for (std::size_t k = i; k < text.size() && digits_only; ++k) {
        auto d = static_cast<unsigned>(text[k] - '0');
        digits_only = d < 10;
        v = digits_only ? v * 10 + static_cast<std::int64_t>(d) : v;
      }
      if (digits_only) return text[0] == '-' ? -v : v;
    }
  }
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  if (text.empty() || text[0] == '+' || text[0] == '-') {
    // After a '+' no second sign; a lone '-' case reaches here only via from_chars below.
    if (text.empty() || text[0] == '+' || text.data() != original.data()) return std::nullopt;
  }
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

std::optional<double> parse_number(std::string_view text) {
  // Fast path (Clinger): [sign]digits[.digits] with at most 15 digits in all. The mantissa
  // and 10^k (k <= 15) are exact doubles, so one division is correctly rounded: the same
  // result as from_chars.
  {
    static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                        1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    std::size_t i = !text.empty() && (text[0] == '-' || text[0] == '+') ? 1 : 0;
    std::int64_t mantissa = 0;
    int digits = 0, fraction = -1;
    bool simple = text.size() > i;
    for (std::size_t k = i; k < text.size() && simple; ++k) {
      char c = text[k];
      auto d = static_cast<unsigned>(c - '0');
      if (d < 10) {
        if (++digits > 15) break;  // past the exact range: leave it to from_chars
        mantissa = mantissa * 10 + static_cast<std::int64_t>(d);
        if (fraction >= 0) ++fraction;
      } else if (c == '.' && fraction < 0) {
        fraction = 0;
      } else {
        simple = false;
      }
    }
    if (simple && digits > 0 && digits <= 15) {
      double v = static_cast<double>(mantissa);
      if (fraction > 0) v /= kPow10[fraction];
      return text[0] == '-' ? -v : v;
    }
  }
  const bool plus = !text.empty() && text[0] == '+';
  if (plus) text.remove_prefix(1);
  if (text.empty() || text[0] == '+' || (plus && text[0] == '-')) return std::nullopt;
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ptr != text.data() + text.size()) return std::nullopt;
  // from_chars reports out-of-range for overflow/underflow; 1e999 is not a usable value.
  if (ec != std::errc()) return std::nullopt;
  return v;
}

std::optional<bool> parse_boolean(std::string_view t) {
  if (t == "true" || t == "True" || t == "TRUE") return true;
  if (t == "false" || t == "False" || t == "FALSE") return false;
  return std::nullopt;
}

std::optional<std::int64_t> parse_date(std::string_view text) {
  std::size_t pos = 0;
  auto days = date_at(text, pos);
  if (!days || pos != text.size()) return std::nullopt;
  return days;
}

std::optional<double> parse_datetime(std::string_view s) {
  // Fast path for the commonest form, YYYY-MM-DDTHH:MM:SSZ.
  if (s.size() == 20 && s[10] == 'T' && s[13] == ':' && s[16] == ':' && s[19] == 'Z') {
    auto dig = [&s](std::size_t k) { return static_cast<unsigned>(s[k] - '0'); };
    if (dig(11) < 10 && dig(12) < 10 && dig(14) < 10 && dig(15) < 10 && dig(17) < 10 &&
        dig(18) < 10) {
      std::size_t pos = 0;
      auto days = date_at(s, pos);
      unsigned hh = dig(11) * 10 + dig(12), mm = dig(14) * 10 + dig(15),
               ss = dig(17) * 10 + dig(18);
      if (!days || hh > 23 || mm > 59 || ss > 60) return std::nullopt;
      return static_cast<double>(*days) * 86400.0 + hh * 3600.0 + mm * 60.0 + ss;
    }
  }
  std::size_t pos = 0;
  auto days = date_at(s, pos);
  if (!days || pos >= s.size() || (s[pos] != 'T' && s[pos] != ' ')) return std::nullopt;
  ++pos;
  int hh, mm, ss = 0;
  if (!digits(s, pos, 2, hh) || pos >= s.size() || s[pos++] != ':' || !digits(s, pos, 2, mm)) {
    return std::nullopt;
  }
  double frac = 0;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!digits(s, pos, 2, ss)) return std::nullopt;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      double scale = 0.1;
      std::size_t start = pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        frac += (s[pos] - '0') * scale;
        scale /= 10;
        ++pos;
      }
      if (pos == start) return std::nullopt;
    }
  }
  // 24:00:00 is not accepted; 60 seconds is (a leap second).
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  int offset_min = 0;
  if (pos < s.size()) {
    char c = s[pos++];
    if (c == 'Z' || c == 'z') {
      // UTC
    } else if (c == '+' || c == '-') {
      int oh, om;
      if (!digits(s, pos, 2, oh)) return std::nullopt;
      if (pos < s.size() && s[pos] == ':') ++pos;
      if (!digits(s, pos, 2, om) || oh > 23 || om > 59) return std::nullopt;
      offset_min = (c == '+' ? 1 : -1) * (oh * 60 + om);
    } else {
      return std::nullopt;
    }
  }
  if (pos != s.size()) return std::nullopt;
  return static_cast<double>(*days) * 86400.0 + hh * 3600.0 + mm * 60.0 + ss + frac -
         offset_min * 60.0;
}

}  // namespace mlops::io
