#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "net/http.h"

// Secrets that a server echoes back. An error body may quote the request ("invalid header
// Authorization: Bearer ..."), so server text is redacted with the secrets of the request that
// provoked it before it reaches a message. CurlClient does this for every answer outside 2xx;
// a client that shows other server text (a header, a 2xx error envelope) calls redact_secrets.
namespace mlops::net {

// What in `request` is secret: the value of an Authorization, Proxy-Authorization or Cookie
// header, or of any header whose name looks secret (secret_looking_name), with its credentials
// alone (after the scheme) and, for Basic, their decoded user:password and the password; the
// password of the URL's userinfo; the values of secret-looking query parameters, and of
// secret-looking fields of a form body (a token server's refresh_token); the AWS secret key
// libcurl signs with. Empty values are left out.
std::vector<std::string> secrets_of(const Request& request);

// `text` with every occurrence of each secret replaced by "***": the secret as it is, and as a
// JSON string or a URL would carry it (escaped, percent-encoded). Longer secrets go first, so
// "Basic <base64>" becomes "***", not "Basic ***". A text in which a secret shorter than
// kShortestSecret occurs is withheld whole (kWithheld instead).
inline constexpr std::size_t kShortestSecret = 4;
inline constexpr std::string_view kWithheld = "(text withheld: it may contain a credential)";
std::string redact_secrets(std::string_view text, const std::vector<std::string>& secrets);
std::string redact_secrets(std::string_view text, const Request& request);

}  // namespace mlops::net
