#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace mlops::io {

// Strict parsers for field text: no surrounding spaces, the whole text must match.

// Optional sign and decimal digits, within int64.
std::optional<std::int64_t> parse_integer(std::string_view text);
// A decimal or scientific number (also inf/nan); optional leading '+'.
std::optional<double> parse_number(std::string_view text);
// true/false in lower, upper or title case.
std::optional<bool> parse_boolean(std::string_view text);
// YYYY-MM-DD, a valid calendar date; days since 1970-01-01.
std::optional<std::int64_t> parse_date(std::string_view text);
// ISO 8601 / RFC 3339: YYYY-MM-DD[T| ]HH:MM[:SS[.fraction]][Z|(+|-)HH[:]MM]; seconds since
// the Unix epoch in UTC (no offset means UTC).
std::optional<double> parse_datetime(std::string_view text);

// Whether y-m-d is a day of the proleptic Gregorian calendar (no 30 February, no 31 April).
bool valid_civil_date(int y, int m, int d);

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);

}  // namespace mlops::io
