#include "drift/column_kind.h"

#include "drift/config.h"

namespace mlops::drift {

std::string_view to_string(Kind kind) {
  switch (kind) {
    case Kind::kNumeric:
      return "numeric";
    case Kind::kCategorical:
      return "categorical";
    case Kind::kIgnored:
      return "ignored";
    case Kind::kText:
      return "text";
  }
  return "?";
}

bool keeps_numbers(Kind kind) { return kind == Kind::kNumeric || kind == Kind::kText; }

Kind default_kind(io::DataType type) {
  switch (type) {
    case io::DataType::kInteger:
    case io::DataType::kNumber:
      return Kind::kNumeric;
    case io::DataType::kDate:
    case io::DataType::kDatetime:
      return Kind::kIgnored;
    case io::DataType::kBoolean:
    case io::DataType::kString:
      return Kind::kCategorical;
  }
  return Kind::kCategorical;
}

Kind planned_kind(Kind natural, const ColumnSettings* settings) {
  if (!settings) return natural;
  if (settings->role == Role::kIgnore) return Kind::kIgnored;
  return settings->kind.value_or(natural);
}

Kind compared_kind(Kind profiled, const ColumnSettings* settings) {
  if (settings && settings->role == Role::kIgnore) return Kind::kIgnored;
  return profiled;
}

bool kinds_conflict(Kind a, bool a_has_values, Kind b, bool b_has_values) {
  return a != b && a != Kind::kIgnored && b != Kind::kIgnored && a_has_values && b_has_values;
}

}  // namespace mlops::drift
