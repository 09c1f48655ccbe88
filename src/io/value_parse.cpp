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

// Parses YYYY-MM-DD at s[pos...] into days; advances pos.
bool date_at(std::string_view s, std::size_t& pos, std::int64_t& days) {
  if (s.size() >= pos + 10 && s[pos + 4] == '-' && s[pos + 7] == '-') {
    if (!detail::date10(s.data() + pos, days)) return false;
    pos += 10;
    return true;
  }
  int y, m, d;
  if (!digits(s, pos, 4, y) || pos >= s.size() || s[pos++] != '-' || !digits(s, pos, 2, m) ||
      pos >= s.size() || s[pos++] != '-' || !digits(s, pos, 2, d)) {
    return false;
  }
  if (!valid_civil_date(y, m, d)) return false;
  days = days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return true;
}

}  // namespace

namespace detail {

bool parse_integer_slow(std::string_view text, std::int64_t& out) {
  const std::string_view original = text;
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  if (text.empty() || text[0] == '+' || text[0] == '-') {
    // After a '+' no second sign; a lone '-' case reaches here only via from_chars below.
    if (text.empty() || text[0] == '+' || text.data() != original.data()) return false;
  }
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) return false;
  out = v;
  return true;
}

bool parse_number_slow(std::string_view text, double& out) {
  const bool plus = !text.empty() && text[0] == '+';
  if (plus) text.remove_prefix(1);
  if (text.empty() || text[0] == '+' || (plus && text[0] == '-')) return false;
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ptr != text.data() + text.size()) return false;
  // from_chars reports out-of-range for overflow/underflow; 1e999 is not a usable value.
  if (ec != std::errc()) return false;
  out = v;
  return true;
}

bool parse_datetime_slow(std::string_view s, double& out) {
  std::size_t pos = 0;
  std::int64_t days = 0;
  if (!date_at(s, pos, days) || pos >= s.size() || (s[pos] != 'T' && s[pos] != ' ')) return false;
  ++pos;
  int hh, mm, ss = 0;
  if (!digits(s, pos, 2, hh) || pos >= s.size() || s[pos++] != ':' || !digits(s, pos, 2, mm)) {
    return false;
  }
  double frac = 0;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!digits(s, pos, 2, ss)) return false;
    if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
      ++pos;
      double scale = 0.1;
      std::size_t start = pos;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        frac += (s[pos] - '0') * scale;
        scale /= 10;
        ++pos;
      }
      if (pos == start) return false;
    }
  }
  // 24:00:00 is not accepted; 60 seconds is (a leap second).
  if (hh > 23 || mm > 59 || ss > 60) return false;
  int offset_min = 0;
  if (pos < s.size()) {
    char c = s[pos++];
    if (c == 'Z' || c == 'z') {
      // UTC
    } else if (c == '+' || c == '-') {
      int oh, om;
      if (!digits(s, pos, 2, oh)) return false;
      if (pos < s.size() && s[pos] == ':') ++pos;
      if (!digits(s, pos, 2, om) || oh > 23 || om > 59) return false;
      offset_min = (c == '+' ? 1 : -1) * (oh * 60 + om);
    } else {
      return false;
    }
  }
  if (pos != s.size()) return false;
  out =
      static_cast<double>(days) * 86400.0 + hh * 3600.0 + mm * 60.0 + ss + frac - offset_min * 60.0;
  return true;
}

}  // namespace detail

std::optional<bool> parse_boolean(std::string_view t) {
  if (t == "true" || t == "True" || t == "TRUE") return true;
  if (t == "false" || t == "False" || t == "FALSE") return false;
  return std::nullopt;
}

}  // namespace mlops::io
