// The static types of rule expressions: what each operator accepts, and literals read as the
// type they meet ('2024-01-31' compared with a date is a date).
#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/text.h"
#include "validate/contract.h"
#include "validate/expression.h"
#include "validate/expression_parser.h"
#include "validate/typed_value.h"

namespace mlops::validate {
namespace {

ColumnType column_type(ExprType t) {
  switch (t) {
    case ExprType::kNumber:
      return ColumnType::kNumber;
    case ExprType::kDate:
      return ColumnType::kDate;
    case ExprType::kDatetime:
      return ColumnType::kDatetime;
    case ExprType::kBool:
      return ColumnType::kBoolean;
    case ExprType::kString:
      break;
  }
  return ColumnType::kString;
}

bool is_time(ExprType t) { return t == ExprType::kDate || t == ExprType::kDatetime; }

}  // namespace

std::string_view to_string(ExprType type) {
  switch (type) {
    case ExprType::kNumber:
      return "number";
    case ExprType::kDate:
      return "date";
    case ExprType::kDatetime:
      return "datetime";
    case ExprType::kString:
      return "text";
    case ExprType::kBool:
      return "true/false";
  }
  return "?";
}

void ExprParser::expect_bool(std::size_t node, std::string_view where) const {
  if (type(node) != ExprType::kBool) {
    fail_at(node,
            std::string(where) + " needs a condition, found a " +
                std::string(to_string(type(node))) + " value",
            "compare it, e.g. x > 0");
  }
}

void ExprParser::expect_number(std::size_t node, std::string_view where) const {
  if (type(node) != ExprType::kNumber) {
    fail_at(node, std::string(where) + " needs a number, found a " +
                      std::string(to_string(type(node))) + " value");
  }
}

// A 'text' literal met by a value of another type is read as that type, once, here.
void ExprParser::coerce(std::size_t literal, std::size_t other) {
  if (at(literal).kind != ExprKind::kString || type(other) == ExprType::kString) return;
  const ExprType target = type(other);
  const std::string text = at(literal).text;
  std::optional<double> v = parse_typed(column_type(target), "", text);
  // Text in the format of the column it is compared with is read with that format too.
  if (!v && at(other).kind == ExprKind::kColumn && !at(other).text.empty()) {
    v = parse_typed(column_type(target), at(other).text, text);
  }
  if (!v || !std::isfinite(*v)) {
    fail_at(literal, quoted(text) + " is not a " + std::string(to_string(target)) + " literal",
            "write dates as '2024-01-31', datetimes as '2024-01-31T12:00:00Z', numbers unquoted");
  }
  Node& n = at(literal);
  n.kind = target == ExprType::kBool ? ExprKind::kBool : ExprKind::kNumber;
  n.type = target;
  n.number = *v;
  n.text.clear();
}

std::size_t ExprParser::to_seconds(std::size_t node) {
  if (type(node) != ExprType::kDate) return node;
  return add(
      {ExprKind::kToSeconds, ExprType::kDatetime, CmpOp::kEq, {node}, 0, 0, "", at(node).offset});
}

std::size_t ExprParser::logical(ExprKind kind, std::size_t a, std::size_t b, std::size_t offset) {
  const char* word = kind == ExprKind::kAnd ? "and" : "or";
  expect_bool(a, word);
  expect_bool(b, word);
  return add({kind, ExprType::kBool, CmpOp::kEq, {a, b}, 0, 0, "", offset});
}

std::size_t ExprParser::arithmetic(const std::string& op, std::size_t a, std::size_t b,
                                   std::size_t offset) {
  coerce(a, b);
  coerce(b, a);
  const ExprType ta = type(a);
  const ExprType tb = type(b);
  const ExprKind kind = op == "+"   ? ExprKind::kAdd
                        : op == "-" ? ExprKind::kSub
                        : op == "*" ? ExprKind::kMul
                                    : ExprKind::kDiv;
  std::optional<ExprType> result;
  if (ta == ExprType::kNumber && tb == ExprType::kNumber) {
    result = ExprType::kNumber;
  } else if ((kind == ExprKind::kAdd || kind == ExprKind::kSub) && is_time(ta) &&
             tb == ExprType::kNumber) {
    result = ta;
  } else if (kind == ExprKind::kAdd && ta == ExprType::kNumber && is_time(tb)) {
    result = tb;
  } else if (kind == ExprKind::kSub && is_time(ta) && is_time(tb)) {
    // Days between dates, seconds between datetimes (a date meeting a datetime is midnight).
    if (ta != tb) {
      a = to_seconds(a);
      b = to_seconds(b);
    }
    result = ExprType::kNumber;
  }
  if (!result) {
    throw ExprError{offset,
                    "cannot apply " + op + " to a " + std::string(to_string(ta)) + " and a " +
                        std::string(to_string(tb)) + " value",
                    "arithmetic takes numbers; dates and datetimes take + and - of a number "
                    "(days, seconds) and - of another date",
                    false};
  }
  return add({kind, *result, CmpOp::kEq, {a, b}, 0, 0, "", offset});
}

std::size_t ExprParser::compare(CmpOp op, std::size_t a, std::size_t b, std::size_t offset) {
  coerce(a, b);
  coerce(b, a);
  if (is_time(type(a)) && is_time(type(b)) && type(a) != type(b)) {
    a = to_seconds(a);
    b = to_seconds(b);
  }
  if (type(a) != type(b)) {
    throw ExprError{offset,
                    "cannot compare a " + std::string(to_string(type(a))) + " value with a " +
                        std::string(to_string(type(b))) + " value",
                    "both sides of a comparison have the same type; quote text: 'shipped'", false};
  }
  if (type(a) == ExprType::kBool && op != CmpOp::kEq && op != CmpOp::kNe) {
    throw ExprError{offset, "true/false values compare only with == and !=", "", false};
  }
  return add({ExprKind::kCompare, ExprType::kBool, op, {a, b}, 0, 0, "", offset});
}

Expression Expression::parse(std::string_view text, const Resolver& resolve) {
  Expression e = ExprParser(text, resolve).run();
  if (e.type() != ExprType::kBool) {
    throw ExprError{
        0, "a rule is a condition, and this is a " + std::string(to_string(e.type())) + " value",
        "compare it, e.g. a + b <= c", false};
  }
  return e;
}

Expression Expression::simple(const Simple& s) {
  Expression e;
  auto column = [&](const ExprColumn& c) {
    ExprType t = !s.numeric                  ? ExprType::kString
                 : c.type == ExprType::kBool ? ExprType::kNumber
                                             : c.type;
    e.nodes_.push_back({ExprKind::kColumn, t, CmpOp::kEq, {}, c.index, 0, "", 0});
    if (std::find(e.columns_.begin(), e.columns_.end(), c.index) == e.columns_.end()) {
      e.columns_.push_back(c.index);
    }
    return e.nodes_.size() - 1;
  };
  std::size_t a = column(s.left);
  std::size_t b = 0;
  if (s.right) {
    b = column(*s.right);
  } else {
    const ExprType t = s.numeric ? e.nodes_[a].type : ExprType::kString;
    e.nodes_.push_back({s.numeric ? ExprKind::kNumber : ExprKind::kString,
                        t,
                        CmpOp::kEq,
                        {},
                        0,
                        s.literal,
                        s.literal_text,
                        0});
    b = e.nodes_.size() - 1;
  }
  for (std::size_t* side : {&a, &b}) {
    const std::size_t other = side == &a ? b : a;
    if (e.nodes_[*side].type == ExprType::kDate && e.nodes_[other].type == ExprType::kDatetime) {
      e.nodes_.push_back(
          {ExprKind::kToSeconds, ExprType::kDatetime, CmpOp::kEq, {*side}, 0, 0, "", 0});
      *side = e.nodes_.size() - 1;
    }
  }
  static const std::vector<std::pair<std::string_view, CmpOp>> kOps = {
      {"<", CmpOp::kLt},  {"<=", CmpOp::kLe}, {">", CmpOp::kGt},
      {">=", CmpOp::kGe}, {"==", CmpOp::kEq}, {"!=", CmpOp::kNe}};
  CmpOp op = CmpOp::kEq;
  for (const auto& [text, o] : kOps) {
    if (s.op == text) op = o;
  }
  e.nodes_.push_back({ExprKind::kCompare, ExprType::kBool, op, {a, b}, 0, 0, "", 0});
  e.root_ = e.nodes_.size() - 1;
  return e;
}

}  // namespace mlops::validate
