#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlops::validate {

// The expression language of contract rules (docs/data-validate.md, "Rule expressions"):
// arithmetic, comparisons, `and`/`or`/`not`, `is [not] null` and a few functions over the
// contract's columns, statically typed when the contract loads, evaluated once per row.

// What an expression's value is. Dates are days and datetimes seconds since the epoch (UTC).
enum class ExprType { kNumber, kDate, kDatetime, kString, kBool };
std::string_view to_string(ExprType type);

// A contract column an expression may name: its position in the contract and its type.
struct ExprColumn {
  std::size_t index = 0;
  ExprType type = ExprType::kString;
  std::string format;  // date/datetime format of the data, for literals compared with it
};

// A syntax or type error, at a byte offset of the expression's text.
struct ExprError {
  std::size_t offset = 0;
  std::string what;
  std::string hint;
  bool syntax = false;  // the text is not an expression (else: a type or name error)
};

// One row as the validator holds it, indexed by contract column: the parsed value (NaN when
// the value is null, of the wrong type or the column is absent) and the text.
struct RowValues {
  const double* values = nullptr;
  const std::string_view* texts = nullptr;
};

// The value of a condition on one row: SQL's three values, and an error (division by zero, a
// result that is not a finite number, an infinite operand) that fails the row. `reason` says
// why for the errors that need saying (empty for an infinite operand: the row shows it).
struct Truth {
  enum Kind { kTrue, kFalse, kNull, kError };
  Kind kind = kNull;
  const char* reason = "";
};

enum class ExprKind {
  kColumn,
  kNumber,
  kString,
  kBool,
  kNeg,
  kNot,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kCompare,
  kAnd,
  kOr,
  kIsNull,
  kIsNotNull,
  kAbs,
  kMin,
  kMax,
  kLen,
  kToSeconds,  // a date as the datetime of its midnight, to meet a datetime
};

enum class CmpOp { kLt, kLe, kGt, kGe, kEq, kNe };

// One node of a parsed expression (internal to the parser and the evaluator).
struct ExprNode {
  ExprKind kind = ExprKind::kNumber;
  ExprType type = ExprType::kNumber;
  CmpOp op = CmpOp::kEq;
  std::vector<std::size_t> args;  // operands, by position in nodes_
  std::size_t column = 0;         // kColumn: contract column
  double number = 0;              // kNumber, kBool (1/0)
  std::string text;               // kString
  std::size_t offset = 0;         // in the text, for errors
};

class Expression {
 public:
  using Resolver = std::function<std::optional<ExprColumn>(std::string_view name)>;

  // Parses and type-checks `text`; throws ExprError. `resolve` names the columns.
  static Expression parse(std::string_view text, const Resolver& resolve);
  // The historical rule form `<column> <op> <column or literal>`: `right` absent means a
  // literal, compared as a number (`literal`) when `numeric`, else as text (`literal_text`).
  // Dates and datetimes compare as instants.
  struct Simple {
    ExprColumn left;
    std::string op;  // < <= > >= == !=
    std::optional<ExprColumn> right;
    bool numeric = false;
    double literal = 0;
    std::string literal_text;
  };
  static Expression simple(const Simple& s);

  ExprType type() const { return nodes_[root_].type; }
  Truth eval(const RowValues& row) const;
  // The contract columns the expression names, in order of first appearance.
  const std::vector<std::size_t>& columns() const { return columns_; }

  using Node = ExprNode;

 private:
  friend class ExprParser;
  friend class ExprEval;
  std::vector<Node> nodes_;
  std::size_t root_ = 0;
  std::vector<std::size_t> columns_;
};

}  // namespace mlops::validate
