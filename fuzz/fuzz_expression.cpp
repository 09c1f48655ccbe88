// data-validate's rule expressions: arbitrary text is parsed against a fixed set of columns
// and, when it parses, evaluated on rows of nulls, zeros, infinities and ordinary values. An
// ExprError is the only way to refuse a text; its offset must lie within the text (the
// contract loader turns it into a column). `not (E)` must evaluate to the negation of E.
#include <cmath>
#include <cstdlib>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_util.h"
#include "validate/expression.h"

namespace {

using mlops::validate::ExprColumn;
using mlops::validate::ExprError;
using mlops::validate::Expression;
using mlops::validate::ExprType;
using mlops::validate::Truth;

std::optional<ExprColumn> resolve(std::string_view name) {
  static const std::vector<std::pair<std::string_view, ExprType>> kColumns = {
      {"a", ExprType::kNumber}, {"b", ExprType::kNumber},   {"s", ExprType::kString},
      {"d", ExprType::kDate},   {"t", ExprType::kDatetime}, {"f", ExprType::kBool}};
  for (std::size_t i = 0; i < kColumns.size(); ++i) {
    if (kColumns[i].first == name) return ExprColumn{i, kColumns[i].second, ""};
  }
  return std::nullopt;
}

std::optional<Expression> parse(const std::string& text) {
  try {
    return Expression::parse(text, resolve);
  } catch (const ExprError& e) {
    if (e.offset > text.size()) std::abort();
    return std::nullopt;
  }
}

Truth::Kind negated(Truth::Kind k) {
  if (k == Truth::kTrue) return Truth::kFalse;
  if (k == Truth::kFalse) return Truth::kTrue;
  return k;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = mlops::fuzz::text(data, size);
  std::optional<Expression> e = parse(text);
  if (!e) return 0;
  constexpr double kNull = std::numeric_limits<double>::quiet_NaN();
  constexpr double kInf = std::numeric_limits<double>::infinity();
  const std::vector<std::vector<double>> rows = {{kNull, kNull, kNull, kNull, kNull, kNull},
                                                 {0, 0, 0, 0, 0, 0},
                                                 {kInf, -kInf, 0, 1, 86400, 1},
                                                 {1.5, -2, 0, 19723, 1.7e9, 0},
                                                 {1e308, 1e-308, 0, -5, -1, 1}};
  const std::vector<std::string_view> texts = {"", "", "shipped", "", "", ""};
  // The negation may exceed the limits on nesting or length that E just met.
  std::optional<Expression> not_e = parse("not (" + text + ")");
  for (const auto& values : rows) {
    const Truth t = e->eval({values.data(), texts.data()});
    if (t.reason == nullptr) std::abort();
    if (not_e && not_e->eval({values.data(), texts.data()}).kind != negated(t.kind)) std::abort();
  }
  return 0;
}
