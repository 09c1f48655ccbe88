#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "validate/contract.h"

namespace mlops::validate {

// Parses field text as a value of `type`: the number for integer/number, days since the epoch
// for dates, seconds since the epoch (UTC) for datetimes, 1/0 for booleans, 0 for strings and
// categories (always valid). nullopt when the text is not of that type. `format`, when set,
// is a format for date/datetime columns (io/date_format.h).
std::optional<double> parse_typed(ColumnType type, const std::string& format,
                                  std::string_view text);

// NaN text ("nan", "NaN", "-nan", "nan(...)") in an integer or number column is a missing
// value, as pandas and Great Expectations read it: every check counts it as a null.
// `parsed` is parse_typed's result for the same text.
bool is_nan_value(ColumnType type, std::optional<double> parsed, std::string_view text);

// The inverse for messages and inferred contracts: a value of an ordered type as text.
std::string format_typed(ColumnType type, double value);

}  // namespace mlops::validate
