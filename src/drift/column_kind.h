#pragma once

#include <string_view>

#include "io/type_infer.h"

// The one home of "is this column numeric or categorical" (issue 18): planning how an input is
// read, building and merging profiles, and comparing them all ask here, so the sides of a
// comparison can never disagree about a rule they each kept a copy of.
namespace mlops::drift {

struct ColumnSettings;  // drift/config.h

// How a column is compared. Numbers (integers, decimals) are numeric; strings and booleans are
// categorical; dates and timestamps are ignored unless the config gives them a kind, because
// a reference and a current window differ in time by construction. Text (free text, only when
// the config says `type: text`) is compared by the lengths of its values and the share of its
// words the reference never used.
enum class Kind { kNumeric, kCategorical, kIgnored, kText };

// True for the kinds whose profile keeps numbers: numeric values, or text lengths.
bool keeps_numbers(Kind kind);

// The part of a date or time a categorical date column counts (`type: weekday|hour`); none:
// the column's values as they are.
enum class DatePart { kNone, kWeekday, kHour };
std::string_view to_string(Kind kind);

// The kind a value type gets when the config says nothing.
Kind default_kind(io::DataType type);

// The kind a column of an input is read as: ignored under `role: ignore`, else the config's
// `type:`, else `natural` (the kind its sampled values, or the other side, gave it).
// `settings` is the column's config entry, nullptr when it has none.
Kind planned_kind(Kind natural, const ColumnSettings* settings);

// The kind a profiled column is compared as: ignored under `role: ignore`, else the kind it
// was profiled as (a profile's kinds are fixed when it is built; a `type:` acts there).
Kind compared_kind(Kind profiled, const ColumnSettings* settings);

// True when one side holds numbers and the other text: the kinds differ, neither side is
// ignored, and both hold values. A side without values takes the other's kind instead, so
// a column that is empty on one side is compared (and drifts) rather than changing schema.
bool kinds_conflict(Kind a, bool a_has_values, Kind b, bool b_has_values);

}  // namespace mlops::drift
