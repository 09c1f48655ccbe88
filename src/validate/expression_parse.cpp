// The parser and type checker of rule expressions: precedence climbing over a small lexer.
#include <cctype>
#include <charconv>
#include <cmath>

#include "core/text.h"
#include "validate/contract.h"
#include "validate/expression.h"
#include "validate/expression_parser.h"
#include "validate/typed_value.h"

namespace mlops::validate {
namespace {

bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}

}  // namespace

std::vector<Token> lex(std::string_view s) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
      continue;
    }
    Token t{Tok::kOp, "", i, false};
    if (c == '\'' || c == '"' || c == '`') {
      const std::size_t end = s.find(c, i + 1);
      if (end == std::string_view::npos) {
        throw ExprError{
            i, "unterminated " + std::string(c == '`' ? "name" : "text") + " starting here",
            "close it with " + std::string(1, c), true};
      }
      t.kind = c == '`' ? Tok::kName : Tok::kString;
      t.quoted_name = c == '`';
      t.text = std::string(s.substr(i + 1, end - i - 1));
      i = end + 1;
    } else if (std::isdigit(static_cast<unsigned char>(c)) ||
               (c == '.' && i + 1 < s.size() &&
                std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
      std::size_t end = i;
      while (end < s.size() && (name_char(s[end]) || ((s[end] == '+' || s[end] == '-') &&
                                                      (s[end - 1] == 'e' || s[end - 1] == 'E')))) {
        ++end;
      }
      t.kind = Tok::kNumber;
      t.text = std::string(s.substr(i, end - i));
      i = end;
    } else if (name_start(c)) {
      std::size_t end = i;
      while (end < s.size() && name_char(s[end])) ++end;
      t.kind = Tok::kName;
      t.text = std::string(s.substr(i, end - i));
      i = end;
    } else if (c == '(' || c == ')' || c == ',') {
      t.kind = c == '(' ? Tok::kLParen : c == ')' ? Tok::kRParen : Tok::kComma;
      t.text = std::string(1, c);
      ++i;
    } else {
      static const std::vector<std::string_view> kOps = {"<=", ">=", "==", "!=", "<",
                                                         ">",  "+",  "-",  "*",  "/"};
      for (std::string_view op : kOps) {
        if (s.substr(i, op.size()) == op) {
          t.text = std::string(op);
          break;
        }
      }
      if (t.text.empty()) {
        std::string hint = "operators: + - * / == != < <= > >= and or not, is null, is not null";
        if (c == '=') hint = "compare with ==";
        if (c == '&' || c == '|' || c == '!') hint = "write and, or, not";
        throw ExprError{i, "unexpected " + quoted(std::string(1, c)), hint, true};
      }
      i += t.text.size();
    }
    out.push_back(std::move(t));
  }
  out.push_back({Tok::kEnd, "", s.size(), false});
  return out;
}

namespace {

bool keyword(const Token& t, std::string_view word) {
  return t.kind == Tok::kName && !t.quoted_name && t.text == word;
}

}  // namespace

std::size_t ExprParser::parse_or() {
  Depth d(*this);
  std::size_t left = parse_and();
  while (keyword(peek(), "or")) {
    const std::size_t offset = take().offset;
    left = logical(ExprKind::kOr, left, parse_and(), offset);
  }
  return left;
}

std::size_t ExprParser::parse_and() {
  std::size_t left = parse_not();
  while (keyword(peek(), "and")) {
    const std::size_t offset = take().offset;
    left = logical(ExprKind::kAnd, left, parse_not(), offset);
  }
  return left;
}

std::size_t ExprParser::parse_not() {
  if (!keyword(peek(), "not")) return parse_compare();
  Depth d(*this);
  const std::size_t offset = take().offset;
  const std::size_t operand = parse_not();
  expect_bool(operand, "not");
  return add({ExprKind::kNot, ExprType::kBool, CmpOp::kEq, {operand}, 0, 0, "", offset});
}

std::size_t ExprParser::parse_compare() {
  const std::size_t left = parse_sum();
  if (keyword(peek(), "is")) {
    const std::size_t offset = take().offset;
    const bool negated = keyword(peek(), "not");
    if (negated) take();
    if (!keyword(peek(), "null"))
      fail(peek(), "expected null after is", "write is null or is not null");
    take();
    return add({negated ? ExprKind::kIsNotNull : ExprKind::kIsNull,
                ExprType::kBool,
                CmpOp::kEq,
                {left},
                0,
                0,
                "",
                offset});
  }
  static const std::vector<std::pair<std::string_view, CmpOp>> kOps = {
      {"<=", CmpOp::kLe}, {">=", CmpOp::kGe}, {"==", CmpOp::kEq},
      {"!=", CmpOp::kNe}, {"<", CmpOp::kLt},  {">", CmpOp::kGt}};
  for (const auto& [text, op] : kOps) {
    if (peek().kind == Tok::kOp && peek().text == text) {
      const std::size_t offset = take().offset;
      const std::size_t node = compare(op, left, parse_sum(), offset);
      for (const auto& [next, unused] : kOps) {
        if (peek().kind == Tok::kOp && peek().text == next) {
          fail(peek(), "comparisons do not chain", "write a < b and b < c");
        }
      }
      return node;
    }
  }
  return left;
}

std::size_t ExprParser::parse_sum() {
  std::size_t left = parse_product();
  while (peek().kind == Tok::kOp && (peek().text == "+" || peek().text == "-")) {
    const Token& op = take();
    left = arithmetic(op.text, left, parse_product(), op.offset);
  }
  return left;
}

std::size_t ExprParser::parse_product() {
  std::size_t left = parse_unary();
  while (peek().kind == Tok::kOp && (peek().text == "*" || peek().text == "/")) {
    const Token& op = take();
    left = arithmetic(op.text, left, parse_unary(), op.offset);
  }
  return left;
}

std::size_t ExprParser::parse_unary() {
  if (peek().kind != Tok::kOp || peek().text != "-") return parse_primary();
  Depth d(*this);
  const std::size_t offset = take().offset;
  const std::size_t operand = parse_unary();
  expect_number(operand, "-");
  return add({ExprKind::kNeg, ExprType::kNumber, CmpOp::kEq, {operand}, 0, 0, "", offset});
}

std::size_t ExprParser::parse_primary() {
  const Token& t = take();
  switch (t.kind) {
    case Tok::kNumber:
      return parse_number(t);
    case Tok::kString:
      return add({ExprKind::kString, ExprType::kString, CmpOp::kEq, {}, 0, 0, t.text, t.offset});
    case Tok::kLParen: {
      const std::size_t inner = parse_or();
      if (peek().kind != Tok::kRParen) fail(peek(), "expected ) to close the ( here", "");
      take();
      return inner;
    }
    case Tok::kName:
      if (!t.quoted_name && (t.text == "true" || t.text == "false")) {
        return add({ExprKind::kBool,
                    ExprType::kBool,
                    CmpOp::kEq,
                    {},
                    0,
                    t.text == "true" ? 1.0 : 0.0,
                    "",
                    t.offset});
      }
      if (!t.quoted_name && peek().kind == Tok::kLParen) return parse_call(t);
      return parse_name(t);
    default:
      break;
  }
  fail(t,
       t.kind == Tok::kEnd ? "the expression ends where a value was expected"
                           : "expected a value, found " + quoted(t.text),
       "a value is a column, a number, 'text', true, false or a function call");
}

std::size_t ExprParser::parse_number(const Token& t) {
  double v = 0;
  auto [p, ec] = std::from_chars(t.text.data(), t.text.data() + t.text.size(), v);
  if (p != t.text.data() + t.text.size() ||
      (ec != std::errc() && ec != std::errc::result_out_of_range)) {
    fail(t, "cannot read the number " + quoted(t.text),
         "numbers look like 12, 0.5 or 1e-3; quote dates: '2024-01-31'");
  }
  if (ec == std::errc::result_out_of_range || !std::isfinite(v)) {
    fail(t, "the number " + quoted(t.text) + " is not a finite number",
         "NaN and infinity are not allowed in a contract");
  }
  return add({ExprKind::kNumber, ExprType::kNumber, CmpOp::kEq, {}, 0, v, "", t.offset});
}

std::size_t ExprParser::parse_name(const Token& t) {
  if (!t.quoted_name) {
    for (std::string_view word : {"and", "or", "not", "is", "null"}) {
      if (t.text == word) {
        fail(t, "expected a value, found the keyword " + quoted(t.text),
             "put a column with that name in backticks");
      }
    }
  }
  std::optional<ExprColumn> col = resolve_(t.text);
  if (!col) {
    throw ExprError{t.offset, "unknown column '" + t.text + "'",
                    "rules may use only columns declared under columns:; put text in quotes "
                    "('" +
                        t.text + "') and names with spaces in backticks",
                    false};
  }
  if (std::find(e_.columns_.begin(), e_.columns_.end(), col->index) == e_.columns_.end()) {
    e_.columns_.push_back(col->index);
  }
  Node n{ExprKind::kColumn, col->type, CmpOp::kEq, {}, col->index, 0, col->format, t.offset};
  return add(std::move(n));
}

std::size_t ExprParser::parse_call(const Token& name) {
  static const std::vector<std::pair<std::string_view, ExprKind>> kFunctions = {
      {"abs", ExprKind::kAbs},
      {"min", ExprKind::kMin},
      {"max", ExprKind::kMax},
      {"len", ExprKind::kLen}};
  std::optional<ExprKind> kind;
  for (const auto& [fname, k] : kFunctions) {
    if (name.text == fname) kind = k;
  }
  if (!kind) fail(name, "unknown function " + quoted(name.text), "functions: abs, min, max, len");
  Depth d(*this);
  take();  // (
  std::vector<std::size_t> args;
  if (peek().kind != Tok::kRParen) {
    args.push_back(parse_or());
    while (peek().kind == Tok::kComma) {
      take();
      args.push_back(parse_or());
    }
  }
  if (peek().kind != Tok::kRParen) fail(peek(), "expected , or ) in the call of " + name.text);
  take();
  const bool variadic = *kind == ExprKind::kMin || *kind == ExprKind::kMax;
  if (variadic ? args.size() < 2 : args.size() != 1) {
    fail(name, name.text + " takes " + (variadic ? "two or more arguments" : "one argument") +
                   ", found " + std::to_string(args.size()));
  }
  for (std::size_t a : args) {
    if (*kind == ExprKind::kLen) {
      if (type(a) != ExprType::kString)
        fail_at(a, "len needs text, found " + std::string(to_string(type(a))));
    } else {
      expect_number(a, name.text);
    }
  }
  return add({*kind, ExprType::kNumber, CmpOp::kEq, std::move(args), 0, 0, "", name.offset});
}

}  // namespace mlops::validate
