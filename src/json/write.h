#pragma once

#include <boost/json/value.hpp>
#include <cmath>
#include <string>
#include <string_view>

namespace mlops::json {

// The one writer of JSON text in the project: reports, profiles, statements, envelopes, audit
// lines and GitHub outputs all go through it, so a number reads the same everywhere.
//
// Boost.JSON 1.81's serializer writes every double in exponent form (0.5 as 5E-1, 100.0 as
// 1E2) and infinities as "Infinity", which is no JSON. Here a number is written as
// ECMAScript's Number::toString writes it, the form JSON.stringify gives and RFC 8785 (JSON
// Canonicalization Scheme) specifies: the shortest digits that read back as the same double,
// in fixed notation from 1e-7 up to (not including) 1e21 and otherwise as d.ddde±x with a
// lower-case e, a sign and no padding: 0.5, 100, 0.000001, 1e-7, 1e-300, 1.5e+21,
// 1.7976931348623157e+308. A double holding an integral value is written as an integer (100,
// not 100.0 or 1e2), so readers must accept an integer where a number is expected; the
// project's readers (json/parse.h and the readers built on it) do. One departure from
// ECMAScript: -0.0 is written "-0.0" (as Python writes it), which every reader, Boost.JSON
// included, reads back as the double -0.0; JSON.stringify writes "0", and "-0" reads as the integer
// 0. int64 and uint64 values are written exactly.
//
// A NaN or an infinity is a bug in the caller (every tool maps them to null or refuses them
// before writing): writing one throws std::logic_error rather than emit invalid JSON.

// Appends the JSON text of `value` to `out`.
void append_number(std::string& out, double value);
// The JSON text of `value`, for a GitHub output or a message that quotes a report's number.
std::string number(double value);

// `value` as a JSON value, or null when it is NaN or infinite: what a report writes for a
// number that can be undefined (ROC AUC of one class, a p-value not computed, a mean of none).
inline boost::json::value number_or_null(double value) {
  return std::isfinite(value) ? boost::json::value(value) : boost::json::value(nullptr);
}

// Appends `text` as a JSON string, quoted and escaped byte for byte as Boost.JSON escapes it:
// `"` and `\` with a backslash, \b \t \n \f \r by name, other bytes below 0x20 as \u00xx;
// everything else, bytes of UTF-8 included, as is.
void append_string(std::string& out, std::string_view text);

// Compact text (no spaces, no line break), as boost::json::serialize writes it but for the
// numbers. Used where the text is one line: statements, envelopes, audit lines, outputs.
std::string serialize(const boost::json::value& value);

// Indented text: two spaces per level, one member or element per line, `"key": value`, a
// line break at the end; empty objects and arrays as {} and []. The form of every report and
// profile file.
std::string pretty(const boost::json::value& value);

}  // namespace mlops::json
