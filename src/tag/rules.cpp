#include "tag/rules.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <functional>
#include <memory>
#include <utility>

#include <re2/re2.h>

#include "core/error.h"
#include "core/text.h"
#include "tag/oci_tag.h"

namespace mlops::tag {
namespace {

// ---- The line syntax: one rule a line, CSV fields, key=value attributes ----------------------

std::string trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return {};
  std::size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

// The non-blank, non-comment lines of `text` with their 1-based line numbers.
std::vector<std::pair<int, std::string>> content_lines(std::string_view text) {
  std::vector<std::pair<int, std::string>> lines;
  int number = 0;
  while (!text.empty() || number == 0) {
    std::size_t nl = text.find('\n');
    std::string line = trim(text.substr(0, nl));
    ++number;
    if (!line.empty() && line[0] != '#') lines.emplace_back(number, line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

// Comma-separated fields with CSV quoting: "pattern=\d{1,2}" is one field and "" inside
// quotes is one quote. A quote inside an unquoted field is kept as is.
std::vector<std::string> split_fields(std::string_view line, const std::string& where) {
  std::vector<std::string> fields;
  std::size_t i = 0;
  for (;;) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    std::string field;
    if (i < line.size() && line[i] == '"') {
      bool closed = false;
      for (++i; i < line.size(); ++i) {
        if (line[i] != '"') {
          field += line[i];
        } else if (i + 1 < line.size() && line[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          closed = true;
          ++i;
          break;
        }
      }
      if (!closed) throw usage_error(where + ": unterminated quote", "close the \"quoted\" field");
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      if (i < line.size() && line[i] != ',') {
        throw usage_error(where + ": text after a closing quote",
                          "quote the whole attribute: \"key=value\"");
      }
    } else {
      while (i < line.size() && line[i] != ',') field += line[i++];
    }
    fields.push_back(std::move(field));
    if (i >= line.size()) return fields;
    ++i;  // the comma
  }
}

struct Attr {
  std::string key, value;
};

// "key=value" splits at the first "="; a field without one is the rule's value ("type=raw,foo").
Attr split_attr(const std::string& field, const std::string& where) {
  std::size_t eq = field.find('=');
  if (eq == std::string::npos) return {"value", trim(field)};
  std::string key = trim(std::string_view(field).substr(0, eq));
  if (key.empty())
    throw usage_error(where + ": " + mlops::quoted(field) + " has no attribute name");
  std::transform(key.begin(), key.end(), key.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return {key, trim(std::string_view(field).substr(eq + 1))};
}

// ---- Handlebars-style {{expressions}} -------------------------------------------------------

// One {{name 'arg' key='value'}}; quoted and bare positional arguments are kept apart because
// handlebars reads a bare word as a (here always undefined) variable.
struct Call {
  std::string name;
  std::vector<std::string> args, bare_args;
  std::vector<std::pair<std::string, std::string>> hash;
};
using Resolver = std::function<std::string(const Call&)>;

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

Call parse_call(std::string_view body, const std::string& where) {
  const std::string shown = "{{" + std::string(body) + "}}";
  auto read_quoted = [&](std::size_t& i) {
    char q = body[i];
    std::size_t end = body.find(q, i + 1);
    if (end == std::string_view::npos) {
      throw usage_error(where + ": unterminated quote in " + mlops::quoted(shown));
    }
    std::string s(body.substr(i + 1, end - i - 1));
    i = end + 1;
    return s;
  };
  Call call;
  std::size_t i = 0;
  auto skip_space = [&] {
    while (i < body.size() && (body[i] == ' ' || body[i] == '\t')) ++i;
  };
  skip_space();
  while (i < body.size() && ident_char(body[i])) call.name += body[i++];
  if (call.name.empty() || (i < body.size() && body[i] != ' ' && body[i] != '\t')) {
    throw usage_error(where + ": cannot read the expression " + mlops::quoted(shown),
                      "write {{name}} or {{date 'FORMAT'}}");
  }
  for (skip_space(); i < body.size(); skip_space()) {
    if (body[i] == '\'' || body[i] == '"') {
      call.args.push_back(read_quoted(i));
      continue;
    }
    std::size_t start = i;
    while (i < body.size() && ident_char(body[i])) ++i;
    if (i > start && i < body.size() && body[i] == '=') {
      std::string key(body.substr(start, i - start));
      ++i;
      std::string value;
      if (i < body.size() && (body[i] == '\'' || body[i] == '"')) {
        value = read_quoted(i);
      } else {
        while (i < body.size() && body[i] != ' ' && body[i] != '\t') value += body[i++];
      }
      call.hash.emplace_back(std::move(key), std::move(value));
      continue;
    }
    while (i < body.size() && body[i] != ' ' && body[i] != '\t') ++i;
    call.bare_args.emplace_back(body.substr(start, i - start));
  }
  return call;
}

std::string render(std::string_view tmpl, const Resolver& resolve, const std::string& where) {
  std::string out;
  std::size_t i = 0;
  while (i < tmpl.size()) {
    std::size_t open = tmpl.find("{{", i);
    if (open == std::string_view::npos) {
      out += tmpl.substr(i);
      break;
    }
    out += tmpl.substr(i, open - i);
    const bool triple = tmpl.substr(open, 3) == "{{{";  // unescaped output: same thing here
    const std::string_view close_mark = triple ? "}}}" : "}}";
    const std::size_t body = open + close_mark.size();
    const std::size_t close = tmpl.find(close_mark, body);
    if (close == std::string_view::npos) {
      throw usage_error(where + ": " + mlops::quoted(tmpl) + " has an unclosed \"{{\"");
    }
    out += resolve(parse_call(tmpl.substr(body, close - body), where));
    i = close + close_mark.size();
  }
  return out;
}

[[noreturn]] void unknown_expression(const Call& c, const std::vector<std::string>& names,
                                     const std::string& where) {
  std::string near = nearest(c.name, names);
  throw usage_error(where + ": unknown expression {{" + c.name + "}}",
                    (near.empty() ? std::string() : "did you mean {{" + near + "}}? ") +
                        "expressions here: " + join(names, ", "));
}

void require_no_args(const Call& c, const std::string& where) {
  if (!c.args.empty() || !c.bare_args.empty() || !c.hash.empty()) {
    throw usage_error(where + ": {{" + c.name + "}} takes no arguments");
  }
}

// ---- Dates: moment.js format tokens ---------------------------------------------------------

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

// Offsets only: this build has no time zone database. "UTC", "+09:00", "-0530", "+09".
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

// ---- The global expressions: {{branch}} {{tag}} {{sha}} {{base_ref}} {{is_default_branch}}
// {{date 'FORMAT' tz='OFFSET'}} {{commit_date ...}} ---------------------------------------------

const std::vector<std::string>& global_names() {
  static const std::vector<std::string> names = {
      "branch", "tag", "sha", "base_ref", "is_default_branch", "date", "commit_date"};
  return names;
}

std::string short_sha(const std::string& sha) { return sha.substr(0, 7); }

// Evaluates one global expression; with `git` null only checks it (names, arguments, date
// format and time zone) and returns "".
std::string eval_global(const Call& c, const std::string& where, const GitContext* git,
                        std::int64_t now) {
  if (c.name == "date" || c.name == "commit_date") {
    if (c.args.size() != 1 || !c.bare_args.empty()) {
      throw usage_error(where + ": {{" + c.name + "}} needs one quoted format",
                        "write {{" + c.name + " 'YYYYMMDD'}}");
    }
    int offset = 0;
    for (const auto& [key, value] : c.hash) {
      if (key != "tz") {
        throw usage_error(where + ": {{" + c.name + "}} has no attribute " + mlops::quoted(key),
                          "the only one is tz='+09:00'");
      }
      offset = parse_tz(value, where);
    }
    if (git == nullptr) {
      format_date(0, c.args[0], offset, where);
      return {};
    }
    const std::int64_t t = c.name == "date" || git->commit_time == 0 ? now : git->commit_time;
    return format_date(t, c.args[0], offset, where);
  }
  if (std::find(global_names().begin(), global_names().end(), c.name) == global_names().end()) {
    unknown_expression(c, global_names(), where);
  }
  require_no_args(c, where);
  if (git == nullptr) return {};
  const std::string& ref = git->ref;
  if (c.name == "branch") return ref.starts_with("refs/heads/") ? ref.substr(11) : "";
  if (c.name == "tag") return ref.starts_with("refs/tags/") ? ref.substr(10) : "";
  if (c.name == "sha") return short_sha(git->tag_sha());
  if (c.name == "base_ref") {
    return ref.starts_with("refs/tags/") || ref.starts_with("refs/pull/") ? git->base_ref : "";
  }
  // is_default_branch, as metadata-action decides it.
  const std::string branch = ref.starts_with("refs/heads/") ? ref.substr(11) : ref;
  if (branch.empty()) return "false";
  if (branch == git->default_branch) return "true";
  // These events always run on the default branch's last commit.
  for (const char* event : {"create", "discussion", "issues", "schedule"}) {
    if (git->event.find(event) != std::string::npos) return "true";
  }
  return "false";
}

void check_template(std::string_view tmpl, const std::string& where) {
  render(
      tmpl, [&](const Call& c) { return eval_global(c, where, nullptr, 0); }, where);
}

// ---- Semver, as node-semver's strict `valid` accepts it ---------------------------------------

struct Semver {
  std::string raw, major, minor, patch, prerelease;
  std::string version() const {
    return major + "." + minor + "." + patch + (prerelease.empty() ? "" : "-" + prerelease);
  }
};

// Numeric identifiers have no leading zeros; the version parts must fit a JavaScript number.
bool numeric_id(std::string_view s) {
  return !s.empty() && s.size() <= 16 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
         (s.size() == 1 || s[0] != '0');
}

// Dot-separated identifiers of [0-9A-Za-z-]; prerelease ones also without leading zeros when
// numeric.
bool identifiers(std::string_view s, bool prerelease) {
  for (;;) {
    std::string_view id = s.substr(0, s.find('.'));
    if (id.empty() || !std::all_of(id.begin(), id.end(), [](char c) {
          return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
        })) {
      return false;
    }
    const bool numeric =
        std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (prerelease && numeric && id.size() > 1 && id[0] == '0') return false;
    if (id.size() == s.size()) return true;
    s.remove_prefix(id.size() + 1);
  }
}

std::optional<Semver> parse_semver(const std::string& text) {
  if (text.size() > 256) return std::nullopt;
  std::string_view s = text;
  if (!s.empty() && s[0] == 'v') s.remove_prefix(1);
  const std::size_t plus = s.find('+');
  if (plus != std::string_view::npos && !identifiers(s.substr(plus + 1), false)) {
    return std::nullopt;
  }
  s = s.substr(0, plus);
  const std::size_t dash = s.find('-');
  std::string_view pre = dash == std::string_view::npos ? "" : s.substr(dash + 1);
  if (dash != std::string_view::npos && !identifiers(pre, true)) return std::nullopt;
  s = s.substr(0, dash);
  std::array<std::string, 3> parts;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const std::size_t dot = s.find('.');
    const bool last = k + 1 == parts.size();
    if (last != (dot == std::string_view::npos)) return std::nullopt;
    const std::string_view id = s.substr(0, dot);
    if (!numeric_id(id) || std::stoull(std::string(id)) > 9007199254740991ULL) {
      return std::nullopt;  // a JavaScript number holds at most 2^53 - 1
    }
    parts[k] = id;
    s = last ? std::string_view() : s.substr(dot + 1);
  }
  if (!s.empty()) return std::nullopt;
  return Semver{text, parts[0], parts[1], parts[2], std::string(pre)};
}

const std::vector<std::string>& semver_names() {
  static const std::vector<std::string> names = {"raw", "version", "major", "minor", "patch"};
  return names;
}

std::string eval_semver(const Call& c, const std::string& where, const Semver* v) {
  if (std::find(semver_names().begin(), semver_names().end(), c.name) == semver_names().end()) {
    unknown_expression(c, semver_names(), where);
  }
  require_no_args(c, where);
  if (v == nullptr) return {};
  if (c.name == "raw") return v->raw;
  if (c.name == "version") return v->version();
  return c.name == "major" ? v->major : c.name == "minor" ? v->minor : v->patch;
}

// A pattern that is exactly {{raw}}: prereleases then keep it rather than {{version}}.
bool is_raw_statement(const std::string& pattern, const std::string& where) {
  const std::string& t = pattern;
  if (!t.starts_with("{{") || t.size() < 4 || !t.ends_with("}}")) return false;
  const bool triple = t.starts_with("{{{");
  const std::size_t inner = triple ? 3 : 2;
  if (t.size() < inner * 2 || t.find("{{", inner) != std::string::npos) return false;
  // One expression only: the first closing mark must be the last one ("{{raw}}x}}" is text
  // after an expression, not a call; found by fuzzing).
  const std::string close_mark(inner, '}');
  if (t.find(close_mark, inner) != t.size() - inner) return false;
  Call c = parse_call(std::string_view(t).substr(inner, t.size() - 2 * inner), where);
  return c.name == "raw" && c.args.empty() && c.bare_args.empty() && c.hash.empty();
}

// ---- match: a JavaScript-style regex, optionally /body/flags --------------------------------

struct MatchRegex {
  std::unique_ptr<RE2> re;
  bool global = false;
};

// "/body/flags" (JavaScript's literal form) or a bare body. RE2 syntax: no backreferences or
// lookarounds, and matching time is linear.
MatchRegex compile_match(const std::string& pattern, const std::string& where) {
  std::string body = pattern, flags;
  const std::size_t last = pattern.rfind('/');
  if (pattern.size() > 2 && pattern[0] == '/' && last > 1) {
    body = pattern.substr(1, last - 1);
    flags = pattern.substr(last + 1);
  }
  MatchRegex out;
  RE2::Options options;
  options.set_log_errors(false);
  for (char f : flags) {
    if (f == 'i') {
      options.set_case_sensitive(false);
    } else if (f == 'g') {
      out.global = true;
    } else {
      throw usage_error(
          where + ": regex flag " + mlops::quoted(std::string(1, f)) + " is not supported",
          "the supported flags are i and g");
    }
  }
  out.re = std::make_unique<RE2>(body, options);
  if (!out.re->ok()) {
    throw usage_error(where + ": pattern " + mlops::quoted(pattern) +
                      " is not a valid regex: " + out.re->error());
  }
  return out;
}

// ---- Rule types and their attributes ---------------------------------------------------------

struct TypeInfo {
  const char* name;
  RuleType type;
  std::vector<std::string> keys;  // beyond enable, priority, prefix, suffix
};

const std::vector<TypeInfo>& types() {
  static const std::vector<TypeInfo> all = {
      {"schedule", RuleType::kSchedule, {"pattern"}},
      {"semver", RuleType::kSemver, {"pattern", "value"}},
      {"match", RuleType::kMatch, {"pattern", "group", "value"}},
      {"edge", RuleType::kEdge, {"branch"}},
      {"ref", RuleType::kRef, {"event"}},
      {"raw", RuleType::kRaw, {"value"}},
      {"sha", RuleType::kSha, {"format"}},
      {"model", RuleType::kModel, {}},
      {"digest", RuleType::kDigest, {}},
  };
  return all;
}

bool true_or_false(const std::string& s) { return s == "true" || s == "false"; }

TagRule parse_rule(const std::string& line, const std::string& where) {
  std::string type_name;
  std::vector<Attr> attrs;
  for (const std::string& field : split_fields(line, where)) {
    if (trim(field).empty()) {
      throw usage_error(where + ": empty attribute in " + mlops::quoted(line),
                        "remove the stray comma");
    }
    Attr a = split_attr(field, where);
    const bool seen = a.key == "type" ? !type_name.empty()
                                      : std::any_of(attrs.begin(), attrs.end(),
                                                    [&](const Attr& b) { return b.key == a.key; });
    if (seen) throw usage_error(where + ": attribute " + mlops::quoted(a.key) + " is given twice");
    if (a.key == "type") {
      type_name = a.value;
    } else {
      attrs.push_back(std::move(a));
    }
  }
  if (type_name.empty()) type_name = "raw";
  const TypeInfo* info = nullptr;
  std::vector<std::string> type_names;
  for (const TypeInfo& t : types()) {
    type_names.emplace_back(t.name);
    if (type_name == t.name) info = &t;
  }
  if (info == nullptr && type_name == "pep440") {
    throw usage_error(where + ": type=pep440 is not supported by image-tag",
                      "use type=semver or type=match");
  }
  if (info == nullptr) {
    std::string near = nearest(type_name, type_names);
    throw usage_error(where + ": unknown tag type " + mlops::quoted(type_name),
                      (near.empty() ? "" : "did you mean type=" + near + "? ") +
                          "types: " + join(type_names, ", "));
  }

  TagRule r;
  r.type = info->type;
  r.location = where;
  r.priority = default_priority(r.type);
  if (r.type == RuleType::kSchedule) r.pattern = "nightly";
  if (r.type == RuleType::kSha) r.prefix = "sha-";
  if (r.type == RuleType::kDigest) r.prefix = "model-";
  std::vector<std::string> allowed = {"enable", "priority", "prefix", "suffix"};
  allowed.insert(allowed.end(), info->keys.begin(), info->keys.end());
  const std::string kind = std::string("type=") + info->name;
  std::vector<std::string> given;
  for (const Attr& a : attrs) {
    const std::string what = where + " (" + a.key + ")";
    given.push_back(a.key);
    if (std::find(allowed.begin(), allowed.end(), a.key) == allowed.end()) {
      std::string near = nearest(a.key, allowed);
      throw usage_error(where + ": " + kind + " has no attribute " + mlops::quoted(a.key),
                        (near.empty() ? "" : "did you mean " + mlops::quoted(near) + "? ") +
                            "attributes of " + kind + ": " + join(allowed, ", "));
    }
    if (a.key == "enable") {
      if (a.value.find("{{") == std::string::npos && !true_or_false(a.value)) {
        throw usage_error(what + ": enable is " + mlops::quoted(a.value) +
                          ", expected true or false");
      }
      check_template(a.value, what);
      r.enable = a.value;
    } else if (a.key == "priority" || a.key == "group") {
      int v = 0;
      auto [end, ec] = std::from_chars(a.value.data(), a.value.data() + a.value.size(), v);
      if (ec != std::errc() || end != a.value.data() + a.value.size() || a.value.empty() ||
          (a.key == "group" && v < 0)) {
        throw usage_error(what + ": " + a.key + " is " + mlops::quoted(a.value) + ", expected " +
                          (a.key == "group" ? "a capture group number" : "an integer"));
      }
      (a.key == "priority" ? r.priority : r.group) = v;
    } else if (a.key == "prefix" || a.key == "suffix") {
      check_template(a.value, what);
      (a.key == "prefix" ? r.prefix : r.suffix) = a.value;
    } else if (a.key == "pattern") {
      if (a.value.empty()) throw usage_error(what + ": pattern is empty");
      if (r.type == RuleType::kSemver) {
        render(
            a.value, [&](const Call& c) { return eval_semver(c, what, nullptr); }, what);
      } else if (r.type == RuleType::kMatch) {
        compile_match(a.value, what);
      } else {
        check_template(a.value, what);
      }
      r.pattern = a.value;
    } else if (a.key == "value") {
      check_template(a.value, what);
      r.value = a.value;
    } else if (a.key == "branch") {
      r.branch = a.value;
    } else if (a.key == "event") {
      static const std::vector<std::string> kEvents = {"branch", "tag", "pr"};
      if (std::find(kEvents.begin(), kEvents.end(), a.value) == kEvents.end()) {
        throw usage_error(what + ": event is " + mlops::quoted(a.value) +
                          ", expected branch, tag or pr");
      }
      r.event = a.value == "branch" ? RefEvent::kBranch
                : a.value == "tag"  ? RefEvent::kTag
                                    : RefEvent::kPr;
    } else if (a.key == "format") {
      if (a.value != "short" && a.value != "long") {
        throw usage_error(what + ": format is " + mlops::quoted(a.value) +
                          ", expected short or long");
      }
      r.long_sha = a.value == "long";
    }
  }
  auto has = [&](const char* key) {
    return std::find(given.begin(), given.end(), key) != given.end();
  };
  auto require = [&](const char* key, const char* example) {
    if (!has(key)) {
      throw usage_error(where + ": " + kind + " needs " + key + "=",
                        std::string("e.g. ") + example);
    }
  };
  if (r.type == RuleType::kSemver) require("pattern", "type=semver,pattern={{version}}");
  if (r.type == RuleType::kMatch) require("pattern", "type=match,pattern=v(.*),group=1");
  if (r.type == RuleType::kRef) require("event", "type=ref,event=branch");
  if (r.type == RuleType::kRaw) require("value", "type=raw,value=stable");
  if (r.type == RuleType::kRef && r.event == RefEvent::kPr && !has("prefix")) r.prefix = "pr-";
  return r;
}

// ---- Computing the tags ----------------------------------------------------------------------

class Tagger {
 public:
  Tagger(const Flavor& flavor, const GitContext& git, const std::optional<ModelInfo>& model,
         std::int64_t now)
      : flavor_(flavor), git_(git), model_(model), now_(now) {}

  void apply(const TagRule& r);
  TagResult finish();

 private:
  std::string expand(std::string_view tmpl, const std::string& where) const {
    return render(
        tmpl, [&](const Call& c) { return eval_global(c, where, &git_, now_); }, where);
  }
  std::string affixed(std::string v, const TagRule& r) const {
    if (r.prefix) {
      v = expand(*r.prefix, r.location + " (prefix)") + v;
    } else if (!flavor_.prefix.empty()) {
      v = expand(flavor_.prefix, "flavor prefix") + v;
    }
    if (r.suffix) {
      v += expand(*r.suffix, r.location + " (suffix)");
    } else if (!flavor_.suffix.empty()) {
      v += expand(flavor_.suffix, "flavor suffix");
    }
    return v;
  }
  // metadata-action's setVersion: the first tag is the version and decides `latest`.
  void add(const std::string& v, bool latest_if_auto, const TagRule& r) {
    if (v.empty()) return;
    std::string tag = sanitize_tag(v);
    validate_tag(tag, r.location);
    if (tags_.empty()) {
      latest_ = flavor_.latest == Latest::kAuto ? latest_if_auto : flavor_.latest == Latest::kTrue;
    }
    if (std::find(tags_.begin(), tags_.end(), tag) == tags_.end()) tags_.push_back(tag);
  }
  void warn(const TagRule& r, const std::string& what) {
    warnings_.push_back(r.location + ": " + what);
  }
  std::string git_tag() const {
    return git_.ref.starts_with("refs/tags/") ? git_.ref.substr(10) : std::string();
  }
  void semver(const TagRule& r);
  void match(const TagRule& r);
  const ModelInfo& model(const TagRule& r, bool digest) const;

  const Flavor& flavor_;
  const GitContext& git_;
  const std::optional<ModelInfo>& model_;
  std::int64_t now_;
  std::vector<std::string> tags_, warnings_;
  bool latest_ = false;
};

void Tagger::semver(const TagRule& r) {
  if (git_tag().empty() && r.value.empty()) return;
  std::string raw = r.value.empty() ? git_tag() : expand(r.value, r.location + " (value)");
  if (r.value.empty()) std::replace(raw.begin(), raw.end(), '/', '-');
  std::optional<Semver> v = parse_semver(raw);
  if (!v) {
    warn(r, mlops::quoted(raw) +
                " is not a semver version (https://semver.org), no tag from this rule");
    return;
  }
  // Prereleases get only {{version}} (or {{raw}}), and never `latest`: they move too often.
  const bool pre = !v->prerelease.empty();
  const std::string where = r.location + " (pattern)";
  const std::string pattern =
      pre && !is_raw_statement(r.pattern, where) ? "{{version}}" : r.pattern;
  add(affixed(render(
                  pattern, [&](const Call& c) { return eval_semver(c, where, &*v); }, where),
              r),
      !pre, r);
}

void Tagger::match(const TagRule& r) {
  if (git_tag().empty() && r.value.empty()) return;
  const std::string input = r.value.empty() ? git_tag() : expand(r.value, r.location + " (value)");
  const MatchRegex m = compile_match(r.pattern, r.location + " (pattern)");
  // JavaScript's String.match: the first match and its groups, or every match with /g.
  std::vector<std::optional<std::string>> found;
  const int groups = m.re->NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> sub(static_cast<std::size_t>(groups));
  std::size_t pos = 0;
  while (pos <= input.size() &&
         m.re->Match(input, pos, input.size(), RE2::UNANCHORED, sub.data(), groups)) {
    if (!m.global) {
      for (const re2::StringPiece& g : sub) {
        found.push_back(g.data() ? std::optional<std::string>(std::string(g)) : std::nullopt);
      }
      break;
    }
    found.emplace_back(std::string(sub[0]));
    const auto end = static_cast<std::size_t>(sub[0].data() - input.data()) + sub[0].size();
    pos = sub[0].empty() ? end + 1 : end;
  }
  if (found.empty()) {
    warn(r, "pattern " + mlops::quoted(r.pattern) + " does not match " + mlops::quoted(input));
    return;
  }
  const auto g = static_cast<std::size_t>(r.group);
  if (g >= found.size() || !found[g]) {
    warn(r, "group " + std::to_string(r.group) + " of pattern " + mlops::quoted(r.pattern) +
                " matched nothing in " + mlops::quoted(input));
    return;
  }
  add(affixed(*found[g], r), true, r);
}

const ModelInfo& Tagger::model(const TagRule& r, bool digest) const {
  if (!model_ ||
      (digest ? model_->digest_hex.empty() : model_->name.empty() || model_->version.empty())) {
    throw usage_error(r.location + (digest ? ": type=digest needs the model's content digest"
                                           : ": type=model needs the model's name and version"),
                      "give the model information or remove the rule");
  }
  return *model_;
}

void Tagger::apply(const TagRule& r) {
  const std::string enable = expand(r.enable, r.location + " (enable)");
  if (!true_or_false(enable)) {
    throw usage_error(r.location + ": enable is " + mlops::quoted(enable) +
                      ", expected true or false");
  }
  if (enable == "false") return;
  const std::string& ref = git_.ref;
  switch (r.type) {
    case RuleType::kSchedule:
      if (git_.event.find("schedule") != std::string::npos) {
        add(affixed(expand(r.pattern, r.location + " (pattern)"), r), false, r);
      }
      break;
    case RuleType::kSemver:
      semver(r);
      break;
    case RuleType::kMatch:
      match(r);
      break;
    case RuleType::kEdge: {
      if (!ref.starts_with("refs/heads/")) break;
      const std::string& branch = r.branch.empty() ? git_.default_branch : r.branch;
      if (branch.empty()) {
        warn(r, "the default branch is unknown, so type=edge gives no tag; set branch=");
      } else if (branch == ref.substr(11)) {
        add(affixed("edge", r), false, r);
      }
      break;
    }
    case RuleType::kRef:
      if (r.event == RefEvent::kBranch && ref.starts_with("refs/heads/")) {
        add(affixed(ref.substr(11), r), false, r);
      } else if (r.event == RefEvent::kTag && ref.starts_with("refs/tags/")) {
        add(affixed(ref.substr(10), r), true, r);
      } else if (r.event == RefEvent::kPr && ref.starts_with("refs/pull/")) {
        std::string pr = ref.substr(10);
        if (pr.size() >= 6 && pr.compare(pr.size() - 6, 6, "/merge") == 0) pr.resize(pr.size() - 6);
        add(affixed(pr, r), false, r);
      }
      break;
    case RuleType::kRaw:
      add(affixed(expand(r.value, r.location + " (value)"), r), false, r);
      break;
    case RuleType::kSha:
      if (!git_.tag_sha().empty()) {
        add(affixed(r.long_sha ? git_.tag_sha() : short_sha(git_.tag_sha()), r), false, r);
      }
      break;
    case RuleType::kModel: {
      std::string version = model(r, false).version;
      // "v3" and "3" both give <name>-v3.
      if (version.size() > 1 && (version[0] == 'v' || version[0] == 'V') &&
          std::isdigit(static_cast<unsigned char>(version[1]))) {
        version.erase(0, 1);
      }
      add(affixed(model(r, false).name + "-v" + version, r), false, r);
      break;
    }
    case RuleType::kDigest: {
      std::string hex = model(r, true).digest_hex;
      if (hex.starts_with("sha256:")) hex.erase(0, 7);
      std::transform(hex.begin(), hex.end(), hex.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (hex.size() != 64 || !std::all_of(hex.begin(), hex.end(), [](char c) {
            return std::isxdigit(static_cast<unsigned char>(c)) != 0;
          })) {
        throw usage_error(r.location + ": the model digest " + mlops::quoted(model_->digest_hex) +
                              " is not a SHA-256 digest",
                          "expected 64 hex digits, optionally after \"sha256:\"");
      }
      add(affixed(hex.substr(0, 12), r), false, r);
      break;
    }
  }
}

TagResult Tagger::finish() {
  TagResult result;
  result.warnings = std::move(warnings_);
  if (tags_.empty()) return result;
  result.version = tags_.front();
  result.tags = std::move(tags_);
  if (latest_) {
    std::string tag = (flavor_.prefix_on_latest ? expand(flavor_.prefix, "flavor prefix") : "") +
                      "latest" +
                      (flavor_.suffix_on_latest ? expand(flavor_.suffix, "flavor suffix") : "");
    tag = sanitize_tag(tag);
    validate_tag(tag, "flavor");
    if (std::find(result.tags.begin(), result.tags.end(), tag) == result.tags.end()) {
      result.tags.push_back(tag);
    }
    result.latest = true;
  }
  return result;
}

}  // namespace

int default_priority(RuleType type) {
  switch (type) {
    case RuleType::kSchedule:
      return 1000;
    case RuleType::kSemver:
      return 900;
    case RuleType::kMatch:
      return 800;
    case RuleType::kModel:
      return 750;
    case RuleType::kEdge:
      return 700;
    case RuleType::kRef:
      return 600;
    case RuleType::kRaw:
      return 200;
    case RuleType::kDigest:
      return 150;
    case RuleType::kSha:
      return 100;
  }
  return 0;
}

std::vector<TagRule> parse_rules(std::string_view text, const std::string& source_name) {
  std::vector<TagRule> rules;
  for (const auto& [number, line] : content_lines(text)) {
    rules.push_back(parse_rule(line, source_name + ":" + std::to_string(number)));
  }
  return rules.empty() ? default_rules() : rules;
}

std::vector<TagRule> default_rules() {
  return parse_rules("type=schedule\ntype=ref,event=branch\ntype=ref,event=tag\ntype=ref,event=pr",
                     "default tags");
}

Flavor parse_flavor(std::string_view text, const std::string& source_name) {
  Flavor flavor;
  for (const auto& [number, line] : content_lines(text)) {
    const std::string where = source_name + ":" + std::to_string(number);
    std::string last;  // the prefix or suffix an onlatest= on this line refers to
    for (const std::string& field : split_fields(line, where)) {
      if (field.find('=') == std::string::npos) {
        throw usage_error(where + ": flavor entry " + mlops::quoted(field) + " is not key=value",
                          "e.g. latest=auto, prefix=ml-, suffix=-gpu");
      }
      Attr a = split_attr(field, where);
      if (a.key == "latest") {
        if (a.value != "auto" && a.value != "true" && a.value != "false") {
          throw usage_error(where + ": latest is " + mlops::quoted(a.value) +
                            ", expected auto, true or false");
        }
        flavor.latest = a.value == "auto"   ? Latest::kAuto
                        : a.value == "true" ? Latest::kTrue
                                            : Latest::kFalse;
      } else if (a.key == "prefix" || a.key == "suffix") {
        check_template(a.value, where + " (" + a.key + ")");
        (a.key == "prefix" ? flavor.prefix : flavor.suffix) = a.value;
        last = a.key;
      } else if (a.key == "onlatest") {
        if (!true_or_false(a.value) || last.empty()) {
          throw usage_error(where + ": onlatest=" + a.value +
                                " must be true or false and follow "
                                "prefix= or suffix= on the same line",
                            "e.g. suffix=-gpu,onlatest=true");
        }
        (last == "prefix" ? flavor.prefix_on_latest : flavor.suffix_on_latest) = a.value == "true";
      } else {
        static const std::vector<std::string> kKeys = {"latest", "prefix", "suffix", "onlatest"};
        std::string near = nearest(a.key, kKeys);
        throw usage_error(where + ": unknown flavor entry " + mlops::quoted(a.key),
                          (near.empty() ? "" : "did you mean " + mlops::quoted(near) + "? ") +
                              "entries: latest, prefix, suffix, onlatest");
      }
    }
  }
  return flavor;
}

TagResult compute_tags(const std::vector<TagRule>& rules, const Flavor& flavor,
                       const GitContext& git, const std::optional<ModelInfo>& model,
                       std::int64_t now_unix) {
  std::vector<const TagRule*> sorted;
  sorted.reserve(rules.size());
  for (const TagRule& r : rules) sorted.push_back(&r);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const TagRule* a, const TagRule* b) { return a->priority > b->priority; });
  Tagger tagger(flavor, git, model, now_unix);
  for (const TagRule* r : sorted) tagger.apply(*r);
  return tagger.finish();
}

std::string sanitize_tag(std::string_view text) {
  std::string out;
  bool in_run = false;
  for (char c : text) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
    if (ok) {
      out += c;
    } else if (!in_run) {
      out += '-';
    }
    in_run = !ok;
  }
  return out;
}

void validate_tag(std::string_view tag, std::string_view origin) {
  const std::string problem = oci_tag_problem(tag);
  if (problem.empty()) return;
  throw usage_error((origin.empty() ? "" : std::string(origin) + ": ") + "tag " +
                        mlops::quoted(tag, 140) + " is not a valid OCI tag: " + problem,
                    "tags must match [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}; change the rule's "
                    "value, prefix or suffix");
}

}  // namespace mlops::tag
