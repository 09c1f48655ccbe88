#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace mlops::io {

// strptime-like formats for date and datetime fields (a contract's `format:`), matched
// exactly, which strptime(3) does not do: a space in the format matches one space (strptime:
// any run of whitespace, or none), numbers take no leading spaces or signs, and an impossible
// date or time (30 February, 29 February of a common year, 31 April, hour 24, minute 60) does
// not parse (strptime accepts day 31 in any month, and the date then rolls over).
//
// Directives: %Y (4 digits), %y (2 digits: 69-99 are 19xx, 00-68 20xx), %m %d %H %I %M %S
// (1 or 2 digits; seconds up to 60, a leap second), %e (day, 1 or 2 digits or space and
// digit), %j (day of the year, 1 to 3 digits), %b %B %h (English month name, full or
// abbreviated, any case), %a %A (weekday name, which must be the date's), %p (AM or PM, for
// %I), %z (Z, +hh, +hhmm or +hh:mm), %Z (UTC, GMT or Z), %F (%Y-%m-%d), %T (%H:%M:%S),
// %R (%H:%M), %D (%m/%d/%y) and %%. A missing month or day is 1; the year is required.

// What is wrong with `format`, or the empty string when it is usable.
std::string check_date_format(std::string_view format);

// True when the format reads a time of day (%H %I %M %S %T %R %p), false for a date alone.
bool format_has_time(std::string_view format);

// The directives check_date_format accepts, as the "what to do" of a message about a format.
std::string_view date_format_hint();

// An instant as ISO 8601 text: seconds since the epoch as YYYY-MM-DDTHH:MM:SSZ (rounded down
// to the second), or with `date_only` days since the epoch as YYYY-MM-DD.
std::string format_instant(double value, bool date_only);

// Parses `text` by a format that check_date_format accepted: seconds since the epoch (UTC,
// after any %z offset), or with `date_only` days since the epoch of the date as written.
std::optional<double> parse_with_format(std::string_view format, std::string_view text,
                                        bool date_only);

}  // namespace mlops::io
