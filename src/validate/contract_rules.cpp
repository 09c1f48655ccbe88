#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/error.h"
#include "core/text.h"
#include "validate/contract.h"
#include "validate/contract_parse.h"
#include "validate/typed_value.h"

namespace mlops::validate::detail {

using config::Node;

namespace {

// A rule operand of the simple form: `name`, `quoted name` in backticks, or a literal in
// single/double quotes.
struct Token {
  std::string text;
  bool backticked = false;
  bool quoted_literal = false;
};

void skip_spaces(std::string_view& s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
}

std::optional<Token> next_token(std::string_view& s) {
  skip_spaces(s);
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

ExprType expr_type(ColumnType t) {
  switch (t) {
    case ColumnType::kInteger:
    case ColumnType::kNumber:
      return ExprType::kNumber;
    case ColumnType::kDate:
      return ExprType::kDate;
    case ColumnType::kDatetime:
      return ExprType::kDatetime;
    case ColumnType::kBoolean:
      return ExprType::kBool;
    default:
      return ExprType::kString;
  }
}

ExprColumn expr_column(const Contract& c, const ColumnSpec& col) {
  return {c.index_of(col.name), expr_type(col.type), col.datetime_format};
}

// The parts of `<column> <op> <operand>`, when the text has that form; else nullopt and the
// text is read as an expression. An unquoted operand that is not a column is a literal here
// (`status != deleted`, `day >= 2024-01-01`), as it always was; one that looks like arithmetic
// or a call (`b+c`, `f(x)`) leaves the simple form.
struct SimpleParts {
  Token left, right;
  std::string op;
};

std::optional<SimpleParts> simple_parts(std::string_view s, const Contract& c) {
  SimpleParts p;
  auto left = next_token(s);
  if (!left || left->quoted_literal || c.find(left->text) == nullptr) return std::nullopt;
  skip_spaces(s);
  for (std::string_view op : {"<=", ">=", "==", "!=", "<", ">"}) {
    if (s.substr(0, op.size()) == op) {
      p.op = std::string(op);
      s.remove_prefix(op.size());
      break;
    }
  }
  auto right = next_token(s);
  skip_spaces(s);
  if (p.op.empty() || !right || !s.empty()) return std::nullopt;
  if (!right->backticked && !right->quoted_literal && c.find(right->text) == nullptr) {
    const ColumnSpec& lc = *c.find(left->text);
    const bool typed =
        is_ordered(lc.type) && (parse_typed(lc.type, lc.datetime_format, right->text) ||
                                config::non_finite_text(right->text));
    const char* arithmetic = is_ordered(lc.type) ? "()+-*/," : "()+*/,";
    if (!typed && right->text.find_first_of(arithmetic) != std::string::npos) return std::nullopt;
  }
  p.left = *left;
  p.right = *right;
  return p;
}

Expression simple_rule(const SimpleParts& p, const Contract& c, const std::string& text,
                       const Node& text_node) {
  const ColumnSpec* lc = c.find(p.left.text);
  Expression::Simple s{expr_column(c, *lc), p.op};
  s.numeric = is_ordered(lc->type) || lc->type == ColumnType::kBoolean;
  const Token& right = p.right;
  if (!right.quoted_literal && c.find(right.text) != nullptr) {
    const ColumnSpec& rc = *c.find(right.text);
    s.right = expr_column(c, rc);
    s.numeric = s.numeric && (is_ordered(rc.type) || rc.type == ColumnType::kBoolean);
    return Expression::simple(s);
  }
  if (right.backticked) {
    text_node.fail("unknown column '" + right.text + "' in the rule " + quoted(text),
                   "rules may use only columns declared under columns:");
  }
  s.literal_text = right.text;
  if (is_ordered(lc->type)) {
    auto v = parse_typed(lc->type, lc->datetime_format, right.text);
    if ((v && !std::isfinite(*v)) || (!v && config::non_finite_text(right.text))) {
      text_node.fail("the literal '" + right.text + "' in the rule " + quoted(text) +
                         " is not a finite number",
                     "NaN and infinity are not allowed in a contract");
    }
    if (!v) {
      text_node.fail("'" + right.text + "' is neither a declared column nor a " +
                         std::string(to_string(lc->type)) + " literal in the rule " + quoted(text),
                     "check the column name");
    }
    s.literal = *v;
  } else if (s.numeric) {
    auto v = parse_typed(lc->type, lc->datetime_format, right.text);
    if (v) s.literal = *v;
    s.numeric = v.has_value();  // a boolean column against other text compares text
  }
  return Expression::simple(s);
}

Expression expression(const Node& text_node, const std::string& text, const Contract& c) {
  auto resolve = [&c](std::string_view name) -> std::optional<ExprColumn> {
    const ColumnSpec* col = c.find(name);
    if (col == nullptr) return std::nullopt;
    return expr_column(c, *col);
  };
  try {
    return Expression::parse(text, resolve);
  } catch (const ExprError& e) {
    std::string hint = e.hint;
    const std::string where = " in the rule " + quoted(text, 200);
    text_node.fail_at(
        e.offset,
        e.syntax ? "cannot parse the rule " + quoted(text, 200) + ": " + e.what : e.what + where,
        hint + (hint.empty() ? "" : "; ") + "see docs/data-validate.md#rules");
  }
}

// The simple form when the text has it (its historical literals and messages), else an
// expression.
Expression condition(const Node& text_node, const std::string& text, const Contract& c) {
  if (auto parts = simple_parts(text, c)) return simple_rule(*parts, c, text, text_node);
  return expression(text_node, text, c);
}

}  // namespace

Rule read_rule(const Node& n, const Contract& c, Severity fallback) {
  Rule r;
  Node text_node = n;
  r.severity = fallback;
  if (n.is_map()) {
    n.allow_keys({"rule", "when", "severity", "mostly"});
    text_node = n.require("rule");
    if (n.get("severity").defined()) r.severity = read_severity(n.get("severity"));
    r.mostly = read_mostly(n.get("mostly"));
  }
  r.text = text_node.as_string();
  r.expr = condition(text_node, r.text, c);
  if (n.is_map() && n.get("when").defined()) {
    Node w = n.get("when");
    r.when_text = w.as_string();
    r.when = condition(w, r.when_text, c);
  }
  return r;
}

}  // namespace mlops::validate::detail
