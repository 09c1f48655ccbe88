// Evaluates a rule expression on one row: nulls propagate as in SQL (and/or are three-valued),
// and an error (division by zero, a non-finite result or operand) fails the row.
#include <algorithm>
#include <cmath>

#include "core/text.h"
#include "validate/expression.h"

namespace mlops::validate {

class ExprEval {
 public:
  ExprEval(const Expression& e, const RowValues& row) : e_(e), row_(row) {}

  struct Val {
    enum Kind { kNull, kNum, kStr, kBool, kErr };
    Kind kind = kNull;
    double num = 0;
    std::string_view str;
    const char* reason = "";
  };

  Val eval(std::size_t i) const;

 private:
  using Node = Expression::Node;
  static Val null() { return {}; }
  static Val num(double v) { return {Val::kNum, v, {}, ""}; }
  static Val boolean(bool b) { return {Val::kBool, b ? 1.0 : 0.0, {}, ""}; }
  static Val error(const char* reason) { return {Val::kErr, 0, {}, reason}; }
  // A number computed from finite operands that is not finite itself.
  static Val checked(double v) {
    return std::isfinite(v) ? num(v) : error("the result is not a finite number");
  }

  Val column(const Node& n) const;
  Val logic(const Node& n) const;
  Val arithmetic(const Node& n) const;
  Val function(const Node& n) const;
  Val compare(const Node& n) const;

  const Expression& e_;
  const RowValues& row_;
};

ExprEval::Val ExprEval::column(const Node& n) const {
  const double v = row_.values[n.column];
  if (std::isnan(v)) return null();
  if (n.type == ExprType::kString) return {Val::kStr, 0, row_.texts[n.column], ""};
  if (n.type == ExprType::kBool) return boolean(v != 0);
  return num(v);
}

ExprEval::Val ExprEval::logic(const Node& n) const {
  // Left to right, stopping as soon as the answer is known: `b != 0 and a / b > 1` guards.
  const bool is_and = n.kind == ExprKind::kAnd;
  const Val l = eval(n.args[0]);
  if (l.kind == Val::kErr) return l;
  if (l.kind == Val::kBool && (l.num != 0) != is_and) return l;
  const Val r = eval(n.args[1]);
  if (r.kind == Val::kErr) return r;
  if (r.kind == Val::kBool && (r.num != 0) != is_and) return r;
  if (l.kind == Val::kNull || r.kind == Val::kNull) return null();
  return boolean(is_and);
}

ExprEval::Val ExprEval::arithmetic(const Node& n) const {
  const Val l = eval(n.args[0]);
  if (l.kind != Val::kNum) return l;
  const Val r = eval(n.args[1]);
  if (r.kind != Val::kNum) return r;
  if (!std::isfinite(l.num) || !std::isfinite(r.num)) return error("");
  switch (n.kind) {
    case ExprKind::kAdd:
      return checked(l.num + r.num);
    case ExprKind::kSub:
      return checked(l.num - r.num);
    case ExprKind::kMul:
      return checked(l.num * r.num);
    default:
      if (r.num == 0) return error("division by zero");
      return checked(l.num / r.num);
  }
}

ExprEval::Val ExprEval::function(const Node& n) const {
  if (n.kind == ExprKind::kLen) {
    const Val s = eval(n.args[0]);
    return s.kind == Val::kStr ? num(static_cast<double>(utf8_length(s.str))) : s;
  }
  double acc = 0;
  for (std::size_t k = 0; k < n.args.size(); ++k) {
    const Val v = eval(n.args[k]);
    if (v.kind != Val::kNum) return v;
    if (!std::isfinite(v.num)) return error("");
    if (n.kind == ExprKind::kAbs) return num(std::fabs(v.num));
    acc = k == 0 ? v.num : n.kind == ExprKind::kMin ? std::min(acc, v.num) : std::max(acc, v.num);
  }
  return num(acc);
}

ExprEval::Val ExprEval::compare(const Node& n) const {
  const Val l = eval(n.args[0]);
  if (l.kind == Val::kErr || l.kind == Val::kNull) return l;
  const Val r = eval(n.args[1]);
  if (r.kind == Val::kErr || r.kind == Val::kNull) return r;
  // An infinite operand breaks the rule, as it breaks a min or a max.
  if (l.kind == Val::kNum && (!std::isfinite(l.num) || !std::isfinite(r.num))) return error("");
  const int c = l.kind == Val::kStr ? l.str.compare(r.str) : (l.num < r.num ? -1 : l.num > r.num);
  switch (n.op) {
    case CmpOp::kLt:
      return boolean(c < 0);
    case CmpOp::kLe:
      return boolean(c <= 0);
    case CmpOp::kGt:
      return boolean(c > 0);
    case CmpOp::kGe:
      return boolean(c >= 0);
    case CmpOp::kEq:
      return boolean(c == 0);
    case CmpOp::kNe:
      return boolean(c != 0);
  }
  return boolean(false);
}

ExprEval::Val ExprEval::eval(std::size_t i) const {
  const Node& n = e_.nodes_[i];
  switch (n.kind) {
    case ExprKind::kColumn:
      return column(n);
    case ExprKind::kNumber:
      return num(n.number);
    case ExprKind::kString:
      return {Val::kStr, 0, n.text, ""};
    case ExprKind::kBool:
      return boolean(n.number != 0);
    case ExprKind::kToSeconds: {
      const Val v = eval(n.args[0]);
      return v.kind == Val::kNum ? num(v.num * 86400.0) : v;
    }
    case ExprKind::kNeg: {
      const Val v = eval(n.args[0]);
      return v.kind == Val::kNum ? num(-v.num) : v;
    }
    case ExprKind::kNot: {
      const Val v = eval(n.args[0]);
      return v.kind == Val::kBool ? boolean(v.num == 0) : v;
    }
    case ExprKind::kIsNull:
    case ExprKind::kIsNotNull: {
      const Val v = eval(n.args[0]);
      if (v.kind == Val::kErr) return v;
      return boolean((v.kind == Val::kNull) == (n.kind == ExprKind::kIsNull));
    }
    case ExprKind::kAnd:
    case ExprKind::kOr:
      return logic(n);
    case ExprKind::kAdd:
    case ExprKind::kSub:
    case ExprKind::kMul:
    case ExprKind::kDiv:
      return arithmetic(n);
    case ExprKind::kAbs:
    case ExprKind::kMin:
    case ExprKind::kMax:
    case ExprKind::kLen:
      return function(n);
    case ExprKind::kCompare:
      return compare(n);
  }
  return null();
}

Truth Expression::eval(const RowValues& row) const {
  const ExprEval::Val v = ExprEval(*this, row).eval(root_);
  switch (v.kind) {
    case ExprEval::Val::kBool:
      return {v.num != 0 ? Truth::kTrue : Truth::kFalse, ""};
    case ExprEval::Val::kErr:
      return {Truth::kError, v.reason};
    default:
      return {Truth::kNull, ""};
  }
}

}  // namespace mlops::validate
