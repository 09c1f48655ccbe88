#pragma once

#include <optional>
#include <string>
#include <string_view>

// URLs as the network clients see them: parsed by the parser that will send the request, and
// shown without the secrets they may carry.
namespace mlops::net {

// The parts of an absolute URL as libcurl parses it (its URL API, curl_url), so that a decision
// about a host is made on the host a request would really go to: in
// "http://localhost:1@example.org/" that is example.org. The scheme and host come back
// lower-cased as curl normalises them (an IPv6 host in brackets, "[::1]"; IPv4 in dotted
// decimal, so "127.1" is "127.0.0.1"); parts the URL does not have are "".
struct UrlParts {
  std::string scheme, user, password, host, port, path;
};

// nullopt when curl cannot parse `url` as an absolute URL (no scheme, a bad host, spaces...).
std::optional<UrlParts> parse_url(std::string_view url);

// The URL as it may appear in a message: without userinfo (user:password@), without the
// fragment, and with the values of query keys that look secret (token, key, password, secret,
// signature, sig, credential) replaced by "***".
std::string redact_url(std::string_view url);

// Whether a query, form or header name looks like it holds a secret (the list of redact_url,
// any case): "access_token", "X-Amz-Signature", "refresh_token".
bool secret_looking_name(std::string_view name);

// RFC 3986 percent-encoding of everything but unreserved characters, for query values.
std::string percent_encode(std::string_view text);

// The inverse, as a form or query value is decoded: %XX and '+' for a space. A '%' not followed
// by two hex digits is kept as it is.
std::string percent_decode(std::string_view text);

}  // namespace mlops::net
