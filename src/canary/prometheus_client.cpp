#include "canary/prometheus.h"

#include <array>
#include <boost/json.hpp>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "core/base64.h"
#include "core/error.h"
#include "core/text.h"
#include "json/parse.h"
#include "net/redact.h"

// The HTTP side of the Prometheus client: credentials, the query_range request, and what a
// failed answer means. The answer's body is read in prometheus_series.cpp.
namespace mlops::canary {
namespace {

namespace json = boost::json;

constexpr const char* kEndpoint = "/api/v1/query_range";
constexpr const char* kUrlHint =
    "check that the Prometheus URL is the server's root (with its path prefix, if any), e.g. "
    "http://prometheus:9090";

// Shortest text that reads back as the same double, without an exponent (Prometheus takes
// "1704067500.25" as a time and "15" as a step in seconds).
std::string decimal(double value) {
  std::array<char, 400> buf{};
  auto [end, ec] =
      std::to_chars(buf.data(), buf.data() + buf.size(), value, std::chars_format::fixed);
  return ec == std::errc() ? std::string(buf.data(), end) : std::to_string(value);
}

std::string base_url(const PromOptions& options) {
  std::string url = options.url;
  auto separator = url.find("://");
  std::string scheme = separator == std::string::npos ? "" : url.substr(0, separator + 3);
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme != "http://" && scheme != "https://") {
    throw usage_error(
        "the Prometheus URL " + quoted(net::redact_url(url)) + " is not an http:// or https:// URL",
        "give the server root, e.g. http://prometheus:9090");
  }
  while (url.size() > scheme.size() && url.back() == '/') url.pop_back();
  return url;
}

std::string credentials_hint(long status, const PromAuth& auth) {
  std::string sent = !auth.token.empty()      ? "PROMETHEUS_BEARER_TOKEN(_FILE) (sent as a bearer "
                                                "token)"
                     : !auth.username.empty() ? "PROMETHEUS_USERNAME and PROMETHEUS_PASSWORD "
                                                "(sent as basic auth)"
                                              : "";
  if (sent.empty()) {
    return "the server wants credentials: set PROMETHEUS_BEARER_TOKEN (or "
           "PROMETHEUS_BEARER_TOKEN_FILE), or PROMETHEUS_USERNAME and PROMETHEUS_PASSWORD";
  }
  return status == 403 ? "check that the credentials in " + sent + " may query this server"
                       : "check the credentials in " + sent + ": the server did not accept them";
}

// An answer that is not a 2xx with a success envelope.
[[noreturn]] void http_failed(const net::Response& response, const PromOptions& options,
                              const std::string& where) {
  std::string how = "HTTP " + std::to_string(response.status);
  if (response.attempts > 1) how += " after " + std::to_string(response.attempts) + " attempts";

  // Prometheus's own errors carry an envelope; a proxy in front of it answers with anything.
  json::value parsed;
  try {
    parsed = mlops::json::parse_json_exact(response.body, "response");
  } catch (const Error&) {
  }
  const json::object* root = parsed.if_object();
  const json::value* status = root ? root->if_contains("status") : nullptr;
  if (status && status->is_string() && status->get_string() == "error") {
    const json::value* type = root->if_contains("errorType");
    const json::value* error = root->if_contains("error");
    query_failed(type && type->is_string() ? std::string(type->get_string()) : "",
                 error && error->is_string() ? std::string(error->get_string()) : "",
                 where + ", " + how);
  }

  std::string what = "Prometheus answered " + how;
  if (response.status != 401 && response.status != 403) {
    if (std::string text = one_line(response.body, 120); !text.empty()) what += ": " + text;
  }
  what += " (" + where + ")";
  std::string hint = kUrlHint;  // 404 and anything unexpected: most likely the wrong URL
  if (response.status == 401 || response.status == 403) {
    hint = credentials_hint(response.status, options.auth);
  } else if (response.status >= 500 || response.status == 429) {
    hint =
        "Prometheus (or a proxy in front of it) could not answer; check its logs, or try again "
        "later";
  } else if (response.status >= 300 && response.status < 400) {
    std::string location = response.header("location");
    hint = "redirects are not followed: give the URL they lead to" +
           (location.empty() ? "" : " (" + net::redact_url(location) + ")");
  }
  throw input_error(what, hint);
}

}  // namespace

PromAuth prometheus_auth_from_env(const std::function<std::string(const std::string&)>& env) {
  PromAuth auth{env("PROMETHEUS_BEARER_TOKEN"), env("PROMETHEUS_USERNAME"),
                env("PROMETHEUS_PASSWORD")};
  const std::string token_file = env("PROMETHEUS_BEARER_TOKEN_FILE");
  const std::string both_hint =
      "set PROMETHEUS_BEARER_TOKEN or PROMETHEUS_BEARER_TOKEN_FILE for a bearer token, or "
      "PROMETHEUS_USERNAME and PROMETHEUS_PASSWORD for basic auth";
  if (!token_file.empty()) {
    if (!auth.token.empty()) {
      throw usage_error("both PROMETHEUS_BEARER_TOKEN and PROMETHEUS_BEARER_TOKEN_FILE are set",
                        "set one of them");
    }
    std::ifstream in(token_file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) {
      throw usage_error("cannot read PROMETHEUS_BEARER_TOKEN_FILE " + quoted(token_file),
                        "check that the file exists and is readable");
    }
    auth.token = text.str();
    while (!auth.token.empty() && std::isspace(static_cast<unsigned char>(auth.token.back()))) {
      auth.token.pop_back();
    }
    if (auth.token.empty()) {
      throw usage_error("PROMETHEUS_BEARER_TOKEN_FILE " + quoted(token_file) + " is empty",
                        "write the token into it, or unset the variable");
    }
  }
  if (!auth.token.empty() && (!auth.username.empty() || !auth.password.empty())) {
    throw usage_error("both a bearer token and basic auth credentials are set for Prometheus",
                      both_hint);
  }
  if (auth.username.empty() != auth.password.empty()) {
    throw usage_error(auth.username.empty()
                          ? "PROMETHEUS_PASSWORD is set but PROMETHEUS_USERNAME is not"
                          : "PROMETHEUS_USERNAME is set but PROMETHEUS_PASSWORD is not",
                      both_hint);
  }
  return auth;
}

std::string query_range_url(const PromOptions& options, const std::string& query, double start,
                            double end, double step_seconds) {
  std::string base = base_url(options);
  if (!std::isfinite(start) || !std::isfinite(end) || end < start) {
    throw usage_error("the query window [" + decimal(start) + ", " + decimal(end) +
                          "] is not a window: the end must be a time at or after the start",
                      "give start and end as unix times in seconds, start first");
  }
  if (!std::isfinite(step_seconds) || step_seconds <= 0) {
    throw usage_error("the query step " + format_number(step_seconds) + " s is not positive",
                      "give the step in seconds, e.g. 60");
  }
  return base + kEndpoint + "?query=" + net::percent_encode(query) +
         "&start=" + net::percent_encode(decimal(start)) +
         "&end=" + net::percent_encode(decimal(end)) +
         "&step=" + net::percent_encode(decimal(step_seconds));
}

std::vector<Series> query_range(net::Client& transport, const PromOptions& options,
                                const std::string& query, double start, double end,
                                double step_seconds, std::vector<std::string>* warnings) {
  net::Request request;
  request.url = query_range_url(options, query, start, end, step_seconds);
  request.headers.emplace_back("Accept", "application/json");
  const PromAuth& auth = options.auth;
  if (!auth.token.empty()) {
    request.headers.emplace_back("Authorization", "Bearer " + auth.token);
  } else if (!auth.username.empty()) {
    request.headers.emplace_back("Authorization",
                                 "Basic " + base64_encode(auth.username + ":" + auth.password));
  }
  // The query in plain text on one line: the URL's percent-encoded copy is unreadable.
  std::string shown;
  for (char c : one_line(query, 500)) {
    if (c != ' ' || (!shown.empty() && shown.back() != ' ')) shown += c;
  }
  const std::string where =
      "query `" + shown + "` at GET " + net::redact_url(base_url(options) + kEndpoint);

  net::Response response;
  try {
    response = transport.send(request);
  } catch (const Error& e) {
    // No answer at all (connection refused, DNS, TLS, the deadline after the retries, a header
    // with a line break): the transport's message names the percent-encoded URL, so add the
    // query readably.
    throw Error(e.code(), std::string(e.what()) + " (query `" + shown + "`)", e.hint());
  }
  // CurlClient redacted the body of an error answer before it could be cut short; an error
  // envelope or a warning in a 2xx answer is server text too, and may quote the credentials.
  std::vector<std::string> said;
  std::vector<Series> series;
  try {
    if (response.status < 200 || response.status >= 300) http_failed(response, options, where);
    series = parse_query_range_response(response.body, where, &said);
  } catch (const Error& e) {
    throw Error(e.code(), net::redact_secrets(e.what(), request),
                net::redact_secrets(e.hint(), request));
  }
  if (warnings) {
    for (const std::string& text : said) warnings->push_back(net::redact_secrets(text, request));
  }
  return series;
}

}  // namespace mlops::canary
