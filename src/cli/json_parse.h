#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

namespace mlops::cli {

// Parses JSON text with every number converted exactly (std::from_chars, correctly rounded).
// Boost.JSON 1.81's own parser converts some 17-digit decimals one unit in the last place off,
// so a profile or report written with full precision would not read back as the same doubles.
// Throws an input Error (exit 3) naming `name`, the line and column, and what is wrong.
boost::json::value parse_json_exact(std::string_view text, const std::string& name);

// What a JSON value is, for "expected X, found Y" messages: "a number", "a string", "an object",
// "an array", "a boolean" or "null".
const char* json_kind(const boost::json::value& value);

}  // namespace mlops::cli
