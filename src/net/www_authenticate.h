#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The WWW-Authenticate header of a 401 answer (RFC 9110, section 11.6.1), as any HTTP client
// that answers challenges reads it.
namespace mlops::net {

// One challenge of a WWW-Authenticate header.
struct Challenge {
  std::string scheme;                                       // lower-cased: "bearer", "basic"
  std::vector<std::pair<std::string, std::string>> params;  // names lower-cased, values unquoted
  std::string token68;  // the rare non-parameter form ("Negotiate abc==")

  // The first value of parameter `name` (lower-case), "" when absent.
  std::string param(std::string_view name) const;
};

// Every challenge of a WWW-Authenticate value: several challenges separated by commas (two
// header fields joined by ", " read the same), parameters as token or quoted-string (commas and
// backslash escapes inside quotes). Unquoted values are read up to the next comma or space, as
// lenient clients do; of a parameter given twice the first value counts. Error with exit 3
// ("malformed WWW-Authenticate header ...", naming the offset) on malformed text; its hint
// names no server, so a caller that knows which server sent the header may give its own. Pure:
// safe to fuzz.
std::vector<Challenge> parse_www_authenticate(std::string_view header);

}  // namespace mlops::net
