#include "io/date_format.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <ctime>

#include "io/value_parse.h"

namespace mlops::io {
namespace {

constexpr std::string_view kSupported = "YymdeHIMSjbBhaApzZFTRD%";

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};
constexpr std::array<std::string_view, 7> kWeekdays = {"sunday",   "monday", "tuesday", "wednesday",
                                                       "thursday", "friday", "saturday"};

std::string_view expansion(char d) {
  switch (d) {
    case 'F':
      return "%Y-%m-%d";
    case 'T':
      return "%H:%M:%S";
    case 'R':
      return "%H:%M";
    case 'D':
      return "%m/%d/%y";
    default:
      return {};
  }
}

struct Fields {
  int year = -1, month = -1, day = -1, yday = -1, weekday = -1;
  int hour = 0, hour12 = -1, minute = 0, second = 0;
  int pm = -1;  // -1: no %p
  int offset_minutes = 0;
};

// Between `least` and `most` digits at text[pos]; as many as there are.
bool number(std::string_view text, std::size_t& pos, int least, int most, int& out) {
  int v = 0, n = 0;
  while (n < most && pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    v = v * 10 + (text[pos++] - '0');
    ++n;
  }
  out = v;
  return n >= least;
}

bool same_letters(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != lower[i]) return false;
  }
  return true;
}

// A full or three-letter name from `names` at text[pos] (full names tried first).
template <std::size_t N>
bool name(std::string_view text, std::size_t& pos, const std::array<std::string_view, N>& names,
          int& out) {
  for (std::size_t full : {1, 0}) {
    for (std::size_t i = 0; i < N; ++i) {
      std::string_view n = full ? names[i] : names[i].substr(0, 3);
      if (same_letters(text.substr(pos, n.size()), n)) {
        pos += n.size();
        out = static_cast<int>(i);
        return true;
      }
    }
  }
  return false;
}

bool offset(std::string_view text, std::size_t& pos, int& minutes) {
  if (pos < text.size() && text[pos] == 'Z') {
    ++pos;
    minutes = 0;
    return true;
  }
  if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return false;
  int sign = text[pos++] == '-' ? -1 : 1;
  int hh = 0, mm = 0;
  if (!number(text, pos, 2, 2, hh)) return false;
  if (pos < text.size() && text[pos] == ':') {
    ++pos;
    if (!number(text, pos, 2, 2, mm)) return false;
  } else if (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    if (!number(text, pos, 2, 2, mm)) return false;
  }
  if (hh > 23 || mm > 59) return false;
  minutes = sign * (hh * 60 + mm);
  return true;
}

bool match(std::string_view format, std::string_view text, std::size_t& pos, Fields& f) {
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') {
      if (pos >= text.size() || text[pos] != format[i]) return false;
      ++pos;
      continue;
    }
    const char d = format[++i];
    if (std::string_view e = expansion(d); !e.empty()) {
      if (!match(e, text, pos, f)) return false;
      continue;
    }
    bool ok = true;
    int v = 0;
    switch (d) {
      case 'Y':
        ok = number(text, pos, 4, 4, f.year);
        break;
      case 'y':
        ok = number(text, pos, 2, 2, v);
        f.year = v < 69 ? 2000 + v : 1900 + v;
        break;
      case 'm':
        ok = number(text, pos, 1, 2, f.month);
        break;
      case 'e':
        if (pos < text.size() && text[pos] == ' ') {
          ++pos;
          ok = number(text, pos, 1, 1, f.day);
          break;
        }
        [[fallthrough]];
      case 'd':
        ok = number(text, pos, 1, 2, f.day);
        break;
      case 'j':
        ok = number(text, pos, 1, 3, f.yday);
        break;
      case 'H':
        ok = number(text, pos, 1, 2, f.hour);
        break;
      case 'I':
        ok = number(text, pos, 1, 2, f.hour12);
        break;
      case 'M':
        ok = number(text, pos, 1, 2, f.minute);
        break;
      case 'S':
        ok = number(text, pos, 1, 2, f.second);
        break;
      case 'b':
      case 'B':
      case 'h':
        ok = name(text, pos, kMonths, v);
        f.month = v + 1;
        break;
      case 'a':
      case 'A':
        ok = name(text, pos, kWeekdays, f.weekday);
        break;
      case 'p':
        ok = same_letters(text.substr(pos, 2), "am") || same_letters(text.substr(pos, 2), "pm");
        if (ok) f.pm = same_letters(text.substr(pos, 2), "pm") ? 1 : 0;
        pos += ok ? 2 : 0;
        break;
      case 'z':
        ok = offset(text, pos, f.offset_minutes);
        break;
      case 'Z':
        for (std::string_view zone : {"UTC", "GMT", "Z"}) {
          ok = text.substr(pos, zone.size()) == zone;
          if (ok) {
            pos += zone.size();
            break;
          }
        }
        break;
      case '%':
        ok = pos < text.size() && text[pos] == '%';
        pos += ok ? 1 : 0;
        break;
      default:
        ok = false;
    }
    if (!ok) return false;
  }
  return true;
}

// True when the format holds one of `directives` (the letters after %).
bool has_directive(std::string_view format, std::string_view directives) {
  for (std::size_t i = 0; i + 1 < format.size(); ++i) {
    if (format[i] != '%') continue;
    if (directives.find(format[++i]) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

std::string format_instant(double value, bool date_only) {
  char buf[64];
  auto secs = static_cast<std::time_t>(std::floor(date_only ? value * 86400.0 : value));
  std::tm tm{};
  gmtime_r(&secs, &tm);
  std::strftime(buf, sizeof buf, date_only ? "%Y-%m-%d" : "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool format_has_time(std::string_view format) { return has_directive(format, "HIMSTRp"); }

std::string_view date_format_hint() {
  return "use %Y %y %m %d %e %j %b %B %a %H %I %M %S %p %z %Z %F %T %R %D or %%";
}

std::string check_date_format(std::string_view format) {
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') continue;
    if (i + 1 == format.size()) return "the format ends with a lone %";
    char d = format[++i];
    if (kSupported.find(d) == std::string_view::npos) {
      return "unsupported directive %" + std::string(1, d) + " in the format";
    }
  }
  if (!has_directive(format, "YyFD")) return "the format has no year (%Y, %y, %F or %D)";
  return {};
}

std::optional<double> parse_with_format(std::string_view format, std::string_view text,
                                        bool date_only) {
  Fields f;
  std::size_t pos = 0;
  if (!match(format, text, pos, f) || pos != text.size() || f.year < 0) return std::nullopt;
  if (f.yday >= 0) {
    // Day of the year: the month and day it names, which must agree with any given.
    int days_in_year = valid_civil_date(f.year, 2, 29) ? 366 : 365;
    if (f.yday < 1 || f.yday > days_in_year) return std::nullopt;
    int m = 1, d = f.yday;
    while (!valid_civil_date(f.year, m, d)) {
      d -= static_cast<int>(days_from_civil(f.year, static_cast<unsigned>(m) + 1, 1) -
                            days_from_civil(f.year, static_cast<unsigned>(m), 1));
      ++m;
    }
    if ((f.month >= 0 && f.month != m) || (f.day >= 0 && f.day != d)) return std::nullopt;
    f.month = m;
    f.day = d;
  }
  if (f.month < 0) f.month = 1;
  if (f.day < 0) f.day = 1;
  if (!valid_civil_date(f.year, f.month, f.day)) return std::nullopt;
  if (f.hour12 >= 0) {
    if (f.hour12 < 1 || f.hour12 > 12) return std::nullopt;
    f.hour = f.hour12 % 12 + (f.pm == 1 ? 12 : 0);
  }
  if (f.hour > 23 || f.minute > 59 || f.second > 60) return std::nullopt;
  const std::int64_t days =
      days_from_civil(f.year, static_cast<unsigned>(f.month), static_cast<unsigned>(f.day));
  if (f.weekday >= 0 && ((days % 7 + 7 + 4) % 7) != f.weekday) return std::nullopt;
  if (date_only) return static_cast<double>(days);
  return static_cast<double>(days) * 86400.0 + f.hour * 3600.0 + f.minute * 60.0 + f.second -
         f.offset_minutes * 60.0;
}

}  // namespace mlops::io
