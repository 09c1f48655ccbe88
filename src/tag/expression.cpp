#include "tag/expression.h"

#include <cctype>

#include "core/error.h"
#include "core/text.h"
#include "tag/rule_lines.h"

namespace mlops::tag {
namespace {

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

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
}  // namespace mlops::tag
