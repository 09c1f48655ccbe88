// The rule expression language (docs/data-validate.md, "Rule expressions"): precedence, types,
// null and error semantics, with expectations worked out by hand from the documented rules.
#include "validate/expression.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace mlops::validate {
namespace {

constexpr double kNull = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// Columns a, b (numbers), s (text), d (date), t (datetime), f (boolean), g (date in %d/%m/%Y).
struct Row {
  std::vector<double> values{0, 0, 0, 0, 0, 0, 0};
  std::vector<std::string_view> texts{"", "", "", "", "", "", ""};
};

Expression::Resolver resolver() {
  return [](std::string_view name) -> std::optional<ExprColumn> {
    static const std::vector<std::pair<std::string, ExprType>> kColumns = {
        {"a", ExprType::kNumber}, {"b", ExprType::kNumber},   {"s", ExprType::kString},
        {"d", ExprType::kDate},   {"t", ExprType::kDatetime}, {"f", ExprType::kBool},
        {"g", ExprType::kDate}};
    for (std::size_t i = 0; i < kColumns.size(); ++i) {
      if (kColumns[i].first == name) {
        return ExprColumn{i, kColumns[i].second, name == "g" ? "%d/%m/%Y" : ""};
      }
    }
    return std::nullopt;
  };
}

Truth eval(const std::string& text, const Row& row) {
  Expression e = Expression::parse(text, resolver());
  return e.eval({row.values.data(), row.texts.data()});
}

Truth::Kind kind(const std::string& text, double a, double b) {
  Row row;
  row.values[0] = a;
  row.values[1] = b;
  return eval(text, row).kind;
}

ExprError error_of(const std::string& text) {
  try {
    Expression::parse(text, resolver());
  } catch (const ExprError& e) {
    return e;
  }
  ADD_FAILURE() << "no error for " << text;
  return {};
}

TEST(ExpressionTest, ProductsBindTighterThanSumsAndSumsThanComparisons) {
  EXPECT_EQ(kind("1 + 2 * 3 == 7", 0, 0), Truth::kTrue);  // not (1 + 2) * 3 = 9
  EXPECT_EQ(kind("(1 + 2) * 3 == 9", 0, 0), Truth::kTrue);
  EXPECT_EQ(kind("10 - 4 - 3 == 3", 0, 0), Truth::kTrue);  // left to right: (10 - 4) - 3
  EXPECT_EQ(kind("12 / 3 / 2 == 2", 0, 0), Truth::kTrue);
  EXPECT_EQ(kind("-a * 2 == -6", 3, 0), Truth::kTrue);
  EXPECT_EQ(kind("a - -b == 5", 3, 2), Truth::kTrue);
}

TEST(ExpressionTest, NotBindsTighterThanAndAndAndThanOr) {
  // true or (false and false) = true; (true or false) and false would be false.
  EXPECT_EQ(kind("a == 1 or a == 2 and b == 3", 1, 0), Truth::kTrue);
  EXPECT_EQ(kind("not a == 1 and b == 0", 2, 0), Truth::kTrue);  // (not a == 1) and b == 0
  EXPECT_EQ(kind("not (a == 2 and b == 0)", 2, 0), Truth::kFalse);
}

TEST(ExpressionTest, FunctionsAbsMinMaxLen) {
  EXPECT_EQ(kind("abs(a - b) <= 0.01", 1.004, 1.0), Truth::kTrue);
  EXPECT_EQ(kind("abs(a - b) <= 0.01", 1.02, 1.0), Truth::kFalse);
  EXPECT_EQ(kind("min(a, b, 7) == 2 and max(a, b) == 5", 2, 5), Truth::kTrue);
  Row row;
  row.texts[2] = "Zürich";  // six code points, seven bytes
  EXPECT_EQ(eval("len(s) == 6", row).kind, Truth::kTrue);
}

TEST(ExpressionTest, NullOperandMakesTheRuleNullUnlessItAsksAboutNull) {
  EXPECT_EQ(kind("a + b > 0", kNull, 1), Truth::kNull);
  EXPECT_EQ(kind("a is null", kNull, 1), Truth::kTrue);
  EXPECT_EQ(kind("a is not null", kNull, 1), Truth::kFalse);
  // Three-valued and/or, as SQL: false and null = false, true or null = true.
  EXPECT_EQ(kind("b == 0 and a > 0", kNull, 1), Truth::kFalse);
  EXPECT_EQ(kind("b == 1 and a > 0", kNull, 1), Truth::kNull);
  EXPECT_EQ(kind("b == 1 or a > 0", kNull, 1), Truth::kTrue);
  EXPECT_EQ(kind("a is null or a > 0", kNull, 1), Truth::kTrue);
  EXPECT_EQ(kind("not a > 0", kNull, 1), Truth::kNull);
}

TEST(ExpressionTest, DivisionByZeroAndNonFiniteResultsFailTheRow) {
  Row row;
  row.values = {1, 0, 0, 0, 0, 0, 0};
  Truth t = eval("a / b > 0", row);
  EXPECT_EQ(t.kind, Truth::kError);
  EXPECT_STREQ(t.reason, "division by zero");
  EXPECT_EQ(eval("not (a / b > 0)", row).kind, Truth::kError);  // never turned into a pass
  EXPECT_EQ(eval("a / b > 0 or a == 1", row).kind, Truth::kError);
  // Left to right: a guard before the division keeps it from being evaluated.
  EXPECT_EQ(eval("b != 0 and a / b > 0", row).kind, Truth::kFalse);
  EXPECT_EQ(kind("a * b > 0", 1e200, 1e200), Truth::kError);  // overflow to infinity
  EXPECT_EQ(kind("a < b", kInf, 1), Truth::kError);           // an infinite operand
  EXPECT_EQ(kind("a is not null", kInf, 1), Truth::kTrue);    // but it is a value
}

TEST(ExpressionTest, DatesAreDaysAndDatetimesSeconds) {
  Row row;
  row.values[3] = 19723;            // d = 2024-01-01
  row.values[4] = 19723 * 86400.0;  // t = 2024-01-01T00:00:00Z
  row.values[6] = 19724;            // g = 2024-01-02
  EXPECT_EQ(eval("d == '2024-01-01'", row).kind, Truth::kTrue);
  EXPECT_EQ(eval("d + 31 == '2024-02-01'", row).kind, Truth::kTrue);
  EXPECT_EQ(eval("g - d == 1", row).kind, Truth::kTrue);  // days
  EXPECT_EQ(eval("t - d == 0", row).kind, Truth::kTrue);  // a date is its midnight
  EXPECT_EQ(eval("t <= d", row).kind, Truth::kTrue);
  EXPECT_EQ(eval("t + 3600 > '2024-01-01T00:30:00Z'", row).kind, Truth::kTrue);
  EXPECT_EQ(eval("g == '02/01/2024'", row).kind, Truth::kTrue);  // the column's own format
}

TEST(ExpressionTest, TextComparesBytewiseAndBooleansByEquality) {
  Row row;
  row.texts[2] = "shipped";
  row.values[5] = 1;
  EXPECT_EQ(eval("s == 'shipped' and f == true", row).kind, Truth::kTrue);
  EXPECT_EQ(eval("s < \"t\"", row).kind, Truth::kTrue);
  EXPECT_EQ(eval("f", row).kind, Truth::kTrue);  // a boolean column is a condition
}

TEST(ExpressionTest, TypeErrorsNameTheOffendingPlace) {
  ExprError e = error_of("a + s > 0");
  EXPECT_EQ(e.offset, 2u);
  EXPECT_EQ(e.what, "cannot apply + to a number and a text value");
  EXPECT_EQ(error_of("s == 3").what, "cannot compare a text value with a number value");
  EXPECT_EQ(error_of("d == 'soon'").offset, 5u);
  EXPECT_EQ(error_of("a + b").what, "a rule is a condition, and this is a number value");
  EXPECT_EQ(error_of("a > 0 and b").offset, 10u);
  EXPECT_EQ(error_of("f < true").what, "true/false values compare only with == and !=");
  EXPECT_EQ(error_of("len(a) > 0").offset, 4u);
}

TEST(ExpressionTest, SyntaxErrorsAreSyntaxErrorsAtTheirOffset) {
  for (const auto& [text, offset] :
       std::vector<std::pair<std::string, std::size_t>>{{"a = 1", 2},
                                                        {"a > 0 && b > 0", 6},
                                                        {"(a > 0", 6},
                                                        {"a > ", 4},
                                                        {"a < b < 3", 6},
                                                        {"s == 'open", 5},
                                                        {"a > 1e400", 4},
                                                        {"sqrt(a) > 0", 0},
                                                        {"a is 3", 5},
                                                        {"abs(a, b) > 0", 0}}) {
    ExprError e = error_of(text);
    EXPECT_TRUE(e.syntax) << text;
    EXPECT_EQ(e.offset, offset) << text << ": " << e.what;
  }
  ExprError unknown = error_of("a > c");
  EXPECT_FALSE(unknown.syntax);
  EXPECT_EQ(unknown.offset, 4u);
  EXPECT_EQ(unknown.what, "unknown column 'c'");
}

TEST(ExpressionTest, DeepNestingIsRefusedNotAStackOverflow) {
  EXPECT_EQ(error_of(std::string(10000, '(') + "a > 0" + std::string(10000, ')')).what,
            "the expression is nested too deeply");
  std::string long_sum = "a";
  for (int i = 0; i < 2000; ++i) long_sum += " + a";
  EXPECT_EQ(error_of(long_sum + " > 0").what, "the expression is too long");
}

TEST(ExpressionTest, ColumnsInOrderOfFirstAppearance) {
  Expression e = Expression::parse("b + a >= b and s is not null", resolver());
  EXPECT_EQ(e.columns(), (std::vector<std::size_t>{1, 0, 2}));
}

}  // namespace
}  // namespace mlops::validate
