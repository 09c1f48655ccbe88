#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "drift/profile.h"

// Reading a field of a planned column as a number or instant, and dates compared by a part of
// them (`type: weekday|hour`, docs/drift-check.md "Dates and times").
namespace mlops::drift {

// The value a field of a numeric column holds: the number (booleans 1 and 0), or for date and
// datetime columns days or seconds since 1970 (UTC), read by the plan's format or as ISO 8601.
// nullopt when the text is none of these.
std::optional<double> read_value(const ColumnPlan& plan, std::string_view text);

// The category a date or time falls in for `part`: weekday "1 Mon" ... "7 Sun" (ISO 8601
// numbering, so the labels sort in week order), hour "00" ... "23" (UTC). nullopt when the
// text is not a date or time of the plan's type.
std::optional<std::string> date_part(const ColumnPlan& plan, std::string_view text);

}  // namespace mlops::drift
