#include "validate/contract.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/error.h"
#include "core/text.h"
#include "validate/contract_parse.h"
#include "validate/typed_value.h"

namespace mlops::validate::detail {

using config::Node;

namespace {

// A rule operand: `name`, `quoted name` in backticks, or a literal in single/double quotes.
struct Token {
  std::string text;
  bool backticked = false;
  bool quoted_literal = false;
};

std::optional<Token> next_token(std::string_view& s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  char q = s.front();
  if (q == '`' || q == '\'' || q == '"') {
    auto end = s.find(q, 1);
    if (end == std::string_view::npos) return std::nullopt;
    Token t{std::string(s.substr(1, end - 1)), q == '`', q != '`'};
    s.remove_prefix(end + 1);
    return t;
  }
  std::size_t end = 0;
  while (end < s.size() && std::string_view("<>=! ").find(s[end]) == std::string_view::npos) {
    ++end;
  }
  Token t{std::string(s.substr(0, end))};
  s.remove_prefix(end);
  return t;
}

}  // namespace

Rule read_rule(const Node& n, const Contract& c, Severity fallback) {
  Rule r;
  Node text_node = n;
  r.severity = fallback;
  if (n.is_map()) {
    n.allow_keys({"rule", "severity"});
    text_node = n.require("rule");
    if (n.get("severity").defined()) r.severity = read_severity(n.get("severity"));
  }
  r.text = text_node.as_string();
  std::string_view s = r.text;
  const std::string form =
      "rules have the form '<column> <op> <column or literal>' with op one "
      "of < <= > >= == !=; put names with spaces in backticks";
  auto left = next_token(s);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  static const std::vector<std::pair<std::string_view, Op>> kOps = {
      {"<=", Op::kLe}, {">=", Op::kGe}, {"==", Op::kEq},
      {"!=", Op::kNe}, {"<", Op::kLt},  {">", Op::kGt}};
  bool have_op = false;
  for (const auto& [text, op] : kOps) {
    if (s.substr(0, text.size()) == text) {
      r.op = op;
      s.remove_prefix(text.size());
      have_op = true;
      break;
    }
  }
  auto right = next_token(s);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (!left || left->quoted_literal || !have_op || !right || !s.empty()) {
    text_node.fail("cannot parse the rule " + quoted(r.text), form);
  }
  r.left = left->text;
  const ColumnSpec* lc = c.find(r.left);
  if (lc == nullptr) {
    text_node.fail("unknown column '" + r.left + "' in the rule " + quoted(r.text),
                   "rules may use only columns declared under columns:");
  }
  if (!right->quoted_literal && c.find(right->text) != nullptr) {
    r.right_column = right->text;
  } else if (right->backticked) {
    text_node.fail("unknown column '" + right->text + "' in the rule " + quoted(r.text),
                   "rules may use only columns declared under columns:");
  } else {
    r.right_literal = right->text;
    if (is_ordered(lc->type)) {
      auto v = parse_typed(lc->type, lc->datetime_format, r.right_literal);
      if ((v && !std::isfinite(*v)) || (!v && config::non_finite_text(r.right_literal))) {
        text_node.fail("the literal '" + right->text + "' in the rule " + quoted(r.text) +
                           " is not a finite number",
                       "NaN and infinity are not allowed in a contract");
      }
    }
    bool ordered = r.op != Op::kEq && r.op != Op::kNe;
    if ((ordered || is_ordered(lc->type)) && is_ordered(lc->type) &&
        !parse_typed(lc->type, lc->datetime_format, r.right_literal)) {
      text_node.fail("'" + right->text + "' is neither a declared column nor a " +
                         std::string(to_string(lc->type)) + " literal in the rule " +
                         quoted(r.text),
                     "check the column name");
    }
  }
  return r;
}

}  // namespace mlops::validate::detail
