#include "tag/moment_format.h"

#include <algorithm>
#include <array>

#include "core/error.h"
#include "core/text.h"

namespace mlops::tag {
namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && (a < 0)); }

std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = floor_div(y, 400);
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

std::string pad(std::int64_t v, int width) {
  std::string s = std::to_string(v < 0 ? -v : v);
  if (static_cast<int>(s.size()) < width)
    s.insert(0, static_cast<std::size_t>(width) - s.size(), '0');
  return v < 0 ? "-" + s : s;
}

std::string ordinal(int n) {
  const int tens = n % 100, ones = n % 10;
  const char* suffix = (tens >= 11 && tens <= 13) ? "th"
                       : ones == 1                ? "st"
                       : ones == 2                ? "nd"
                       : ones == 3                ? "rd"
                                                  : "th";
  return std::to_string(n) + suffix;
}

}  // namespace

int parse_tz(const std::string& tz, const std::string& where) {
  if (tz == "UTC" || tz == "Etc/UTC" || tz == "GMT" || tz == "Etc/GMT" || tz == "Z") return 0;
  std::string digits;
  for (char c : tz.size() > 1 ? tz.substr(1) : std::string()) {
    if (c != ':') digits += c;
  }
  const bool shape =
      (tz[0] == '+' || tz[0] == '-') && (digits.size() == 2 || digits.size() == 4) &&
      std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
  int hours = shape ? std::stoi(digits.substr(0, 2)) : 99;
  int minutes = shape && digits.size() == 4 ? std::stoi(digits.substr(2)) : 0;
  if (!shape || hours > 14 || minutes > 59) {
    throw usage_error(where + ": time zone " + mlops::quoted(tz) + " is not supported",
                      "use UTC or a fixed offset such as tz='+09:00'");
  }
  return (tz[0] == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
}

std::string format_date(std::int64_t t, std::string_view fmt, int offset,
                        const std::string& where) {
  static constexpr std::array<const char*, 12> kMonths = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  static constexpr std::array<const char*, 7> kDays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                       "Thursday", "Friday", "Saturday"};
  const std::int64_t local = t + offset;
  const std::int64_t days = floor_div(local, 86400);
  const std::int64_t secs = local - days * 86400;
  // Civil date from days (Howard Hinnant's algorithm).
  const std::int64_t z = days + 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy0 = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy0 + 2) / 153;
  const int day = static_cast<int>(doy0 - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const std::int64_t year = yoe + era * 400 + (month <= 2);
  const int yday = static_cast<int>(days - days_from_civil(year, 1, 1) + 1);
  const int wday = static_cast<int>(days - floor_div(days + 4, 7) * 7 + 4) % 7;
  const int hour = static_cast<int>(secs / 3600), minute = static_cast<int>(secs / 60 % 60),
            second = static_cast<int>(secs % 60);
  const int abs_off = offset < 0 ? -offset : offset;
  const std::string sign = offset < 0 ? "-" : "+";

  std::string out;
  for (std::size_t i = 0; i < fmt.size();) {
    const char ch = fmt[i];
    if (ch == '[' && fmt.find(']', i) != std::string_view::npos) {  // [literal text]
      std::size_t close = fmt.find(']', i);
      out += fmt.substr(i + 1, close - i - 1);
      i = close + 1;
      continue;
    }
    if (ch == '\\' && i + 1 < fmt.size()) {
      out += fmt[i + 1];
      i += 2;
      continue;
    }
    std::size_t n = 1;
    while (i + n < fmt.size() && fmt[i + n] == ch) ++n;
    const char next = i + 1 < fmt.size() ? fmt[i + 1] : '\0';
    std::size_t used = 1;
    auto unsupported = [&](std::string_view token) {
      throw usage_error(where + ": date format token " + mlops::quoted(token) + " is not supported",
                        "use YYYY YY M MM MMM MMMM D DD Do DDD DDDD d ddd dddd H HH h hh k m mm "
                        "s ss S A a Z ZZ X x Q, and [text] for literal text");
    };
    switch (ch) {
      case 'Y':
        if (n >= 5) unsupported(fmt.substr(i, n));
        used = n >= 4 ? 4 : n >= 2 ? 2 : 1;
        out += used == 4   ? pad(year, 4)
               : used == 2 ? pad(year - floor_div(year, 100) * 100, 2)
                           : std::to_string(year);
        break;
      case 'M':
        if (n == 1 && next == 'o') {
          out += ordinal(month);
          used = 2;
        } else {
          used = std::min<std::size_t>(n, 4);
          const std::string name = kMonths[static_cast<std::size_t>(month - 1)];
          out += used == 4 ? name : used == 3 ? name.substr(0, 3) : pad(month, used == 2 ? 2 : 1);
        }
        break;
      case 'D':
        if (n == 1 && next == 'o') {
          out += ordinal(day);
          used = 2;
        } else {
          used = std::min<std::size_t>(n, 4);
          out += used == 4   ? pad(yday, 3)
                 : used == 3 ? std::to_string(yday)
                             : pad(day, used == 2 ? 2 : 1);
        }
        break;
      case 'd': {
        if (n == 1 && next == 'o') unsupported("do");
        used = std::min<std::size_t>(n, 4);
        const std::string name = kDays[static_cast<std::size_t>(wday)];
        out += used == 4   ? name
               : used == 3 ? name.substr(0, 3)
               : used == 2 ? name.substr(0, 2)
                           : std::to_string(wday);
        break;
      }
      case 'H':
      case 'h':
      case 'k':
      case 'm':
      case 's': {
        used = std::min<std::size_t>(n, 2);
        const int v = ch == 'H'   ? hour
                      : ch == 'h' ? (hour % 12 == 0 ? 12 : hour % 12)
                      : ch == 'k' ? (hour == 0 ? 24 : hour)
                      : ch == 'm' ? minute
                                  : second;
        out += pad(v, static_cast<int>(used));
        break;
      }
      case 'S':  // fractions of a second: the clock has whole seconds
        used = std::min<std::size_t>(n, 9);
        out.append(used, '0');
        break;
      case 'a':
        out += hour < 12 ? "am" : "pm";
        break;
      case 'A':
        out += hour < 12 ? "AM" : "PM";
        break;
      case 'Z':
        used = std::min<std::size_t>(n, 2);
        out += sign + pad(abs_off / 3600, 2) + (used == 2 ? "" : ":") + pad(abs_off / 60 % 60, 2);
        break;
      case 'X':
        out += std::to_string(t);
        break;
      case 'x':
        out += std::to_string(t * 1000);
        break;
      case 'Q':
        if (next == 'o') unsupported("Qo");
        out += std::to_string((month - 1) / 3 + 1);
        break;
      case 'w':
      case 'W':
      case 'e':
      case 'E':
      case 'g':
      case 'G':
      case 'N':
      case 'y':
      case 'z':
        unsupported(fmt.substr(i, n));
        break;
      default:
        out += ch;
    }
    i += used;
  }
  return out;
}

}  // namespace mlops::tag
