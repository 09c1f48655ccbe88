#pragma once

#include <cstdint>
#include <string>
#include <string_view>

// Dates as {{date 'FORMAT'}} renders them in docker/metadata-action: moment.js format tokens
// over a UTC time with a fixed offset (this build has no time zone database).
namespace mlops::tag {

// The offset in seconds east of UTC of "UTC" (or Etc/UTC, GMT, Etc/GMT, Z), "+09:00", "-0530"
// or "+09". Anything else, or more than 14 hours or 59 minutes, is a usage Error naming `where`.
int parse_tz(const std::string& tz, const std::string& where);

// `unix_seconds` at `offset_seconds` east of UTC, formatted with moment.js tokens: YYYY YY M MM
// MMM MMMM Mo D DD Do DDD DDDD d dd ddd dddd H HH h hh k kk m mm s ss S... a A Z ZZ X x Q,
// [literal text] and \c. The tokens it does not support (weeks, week years, eras, "do", "Qo"
// ...) are usage Errors naming `where`, never rendered as text.
std::string format_date(std::int64_t unix_seconds, std::string_view fmt, int offset_seconds,
                        const std::string& where);

}  // namespace mlops::tag
