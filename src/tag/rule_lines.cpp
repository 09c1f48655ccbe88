#include "tag/rule_lines.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"
#include "core/text.h"

namespace mlops::tag {

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

bool true_or_false(const std::string& s) { return s == "true" || s == "false"; }

}  // namespace mlops::tag
