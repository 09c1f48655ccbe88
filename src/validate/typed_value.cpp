#include "validate/typed_value.h"

#include <cmath>
#include <cstdio>
#include <ctime>

#include "io/date_format.h"
#include "io/value_parse.h"

namespace mlops::validate {

std::optional<double> parse_typed(ColumnType type, const std::string& format,
                                  std::string_view text) {
  switch (type) {
    case ColumnType::kString:
    case ColumnType::kCategory:
      return 0.0;
    case ColumnType::kInteger:
      if (auto v = io::parse_integer(text)) return static_cast<double>(*v);
      return std::nullopt;
    case ColumnType::kNumber:
      return io::parse_number(text);
    case ColumnType::kBoolean:
      if (auto b = io::parse_boolean(text)) return *b ? 1.0 : 0.0;
      return std::nullopt;
    case ColumnType::kDate:
      if (!format.empty()) return io::parse_with_format(format, text, true);
      if (auto d = io::parse_date(text)) return static_cast<double>(*d);
      return std::nullopt;
    case ColumnType::kDatetime:
      if (!format.empty()) return io::parse_with_format(format, text, false);
      if (auto dt = io::parse_datetime(text)) return dt;
      // A bare date is that day's midnight (UTC), as in inferred mixed date/datetime columns.
      if (auto d = io::parse_date(text)) return static_cast<double>(*d) * 86400.0;
      return std::nullopt;
  }
  return std::nullopt;
}

bool is_nan_value(ColumnType type, std::optional<double> parsed, std::string_view text) {
  if (type == ColumnType::kNumber) return parsed && std::isnan(*parsed);
  if (type != ColumnType::kInteger || parsed) return false;
  auto v = io::parse_number(text);
  return v && std::isnan(*v);
}

std::string format_typed(ColumnType type, double value) {
  char buf[64];
  if (type == ColumnType::kDate || type == ColumnType::kDatetime) {
    return io::format_instant(value, type == ColumnType::kDate);
  }
  if (type == ColumnType::kInteger) {
    std::snprintf(buf, sizeof buf, "%.0f", value);
  } else {
    std::snprintf(buf, sizeof buf, "%.17g", value);
    // Prefer the shortest text that reads back the same.
    for (int precision = 6; precision < 17; ++precision) {
      char shorter[64];
      std::snprintf(shorter, sizeof shorter, "%.*g", precision, value);
      if (std::strtod(shorter, nullptr) == value) {
        return shorter;
      }
    }
  }
  return buf;
}

}  // namespace mlops::validate
