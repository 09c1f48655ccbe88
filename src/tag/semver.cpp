#include "tag/semver.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>
#include <vector>

namespace mlops::tag {
namespace {

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

const std::vector<std::string>& semver_names() {
  static const std::vector<std::string> names = {"raw", "version", "major", "minor", "patch"};
  return names;
}

}  // namespace

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

}  // namespace mlops::tag
