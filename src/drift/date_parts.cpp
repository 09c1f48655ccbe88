#include "drift/date_parts.h"

#include <array>
#include <cmath>

#include "io/date_format.h"
#include "io/value_parse.h"

namespace mlops::drift {

std::optional<double> read_value(const ColumnPlan& plan, std::string_view text) {
  if (!plan.format.empty()) {
    return io::parse_with_format(plan.format, text, plan.type == io::DataType::kDate);
  }
  if (plan.type == io::DataType::kDate) {
    if (auto d = io::parse_date(text)) return static_cast<double>(*d);
    return std::nullopt;
  }
  if (plan.type == io::DataType::kDatetime) return io::parse_datetime(text);
  if (auto v = io::parse_number(text)) return v;
  if (auto b = io::parse_boolean(text)) return *b ? 1.0 : 0.0;
  return std::nullopt;
}

std::optional<std::string> date_part(const ColumnPlan& plan, std::string_view text) {
  const bool date = plan.type == io::DataType::kDate;
  if (!date && plan.type != io::DataType::kDatetime) return std::nullopt;
  std::optional<double> instant = read_value(plan, text);
  if (!instant) return std::nullopt;
  const double seconds = date ? *instant * 86400.0 : *instant;
  const double days = std::floor(seconds / 86400.0);
  if (plan.part == DatePart::kWeekday) {
    static constexpr std::array<std::string_view, 7> kDays = {"1 Mon", "2 Tue", "3 Wed", "4 Thu",
                                                              "5 Fri", "6 Sat", "7 Sun"};
    // 1970-01-01 was a Thursday (index 3 from Monday).
    const auto index = static_cast<std::size_t>(std::fmod(std::fmod(days + 3, 7) + 7, 7));
    return std::string(kDays[index]);
  }
  const auto hour = static_cast<int>(std::floor((seconds - days * 86400.0) / 3600.0));
  return std::string(hour < 10 ? "0" : "") + std::to_string(hour);
}

}  // namespace mlops::drift
