#include "canary/prometheus.h"

#include <array>
#include <boost/json.hpp>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <sstream>

#include "core/base64.h"
#include "core/error.h"
#include "core/text.h"
#include "json/parse.h"
#include "net/redact.h"

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

// Prometheus's formatting of sample values (strconv.FormatFloat): decimal text or one of the
// three special spellings. Other servers write "Inf"; from_chars's own "inf"/"nan" forms are
// refused so that a typo cannot pass as a number.
bool parse_sample(std::string_view text, double& value) {
  if (text == "NaN") {
    value = std::numeric_limits<double>::quiet_NaN();
  } else if (text == "+Inf" || text == "Inf") {
    value = std::numeric_limits<double>::infinity();
  } else if (text == "-Inf") {
    value = -std::numeric_limits<double>::infinity();
  } else {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size() && std::isfinite(value);
  }
  return true;
}

// A Prometheus error envelope as an Error: bad_data is the configuration's fault (exit 2),
// everything else means the canary cannot be evaluated now (exit 3).
[[noreturn]] void query_failed(const std::string& type, const std::string& message,
                               const std::string& where) {
  std::string detail = one_line(type.empty() ? "error" : type) + ": " + one_line(message, 600);
  if (type == "bad_data") {
    throw usage_error("Prometheus rejected the query: " + detail + " (" + where + ")",
                      "fix the query, or the window and step, in the configuration; try the "
                      "query in the Prometheus expression browser first");
  }
  if (type == "timeout" || type == "canceled") {
    throw input_error("Prometheus gave up on the query: " + detail + " (" + where + ")",
                      "simplify the query or shorten the window, or raise Prometheus's "
                      "--query.timeout");
  }
  if (type == "execution") {
    throw input_error("Prometheus could not execute the query: " + detail + " (" + where + ")",
                      "the query is valid but failed on the stored data; make it work in the "
                      "Prometheus expression browser over the same window");
  }
  throw input_error("Prometheus answered with an error: " + detail + " (" + where + ")",
                    "check the Prometheus logs");
}

// A parsed body with what a complaint about it has to name.
struct Body : mlops::json::JsonFields {
  explicit Body(const std::string& context)
      : JsonFields{"Prometheus", context,
                   "check that the URL points at Prometheus or a server with its query API"} {}

  Series series(const json::value& v, const std::string& path) const {
    const json::object& o = object(v, path);
    Series s;
    const std::string metric_path = path + ".metric";
    for (const auto& [name, value] : object(need(o, "metric", metric_path), metric_path)) {
      s.labels.emplace(std::string(name), string(value, metric_path + "." + std::string(name)));
    }
    const json::value* values = find(o, "values");
    if (find(o, "histograms")) {
      throw usage_error("the query returns native histogram samples for " +
                            format_labels(s.labels) + ", not numbers (" + where + ")",
                        "wrap it in histogram_quantile(), histogram_count() or "
                        "histogram_sum() to get a number per step");
    }
    if (!values) malformed("expected a field '" + path + ".values', found none");
    const json::array& points = array(*values, path + ".values");
    s.points.reserve(points.size());
    for (std::size_t i = 0; i < points.size(); ++i) {
      const std::string at = path + ".values[" + std::to_string(i) + "]";
      const json::array& pair = array(points[i], at);
      if (pair.size() != 2) {
        malformed("expected '" + at + "' to be [time, \"value\"], found " +
                  std::to_string(pair.size()) + " elements");
      }
      if (!pair[0].is_number()) {
        malformed("expected '" + at + "[0]' to be a time in seconds, found " +
                  mlops::json::json_kind(pair[0]));
      }
      double value = 0;
      if (std::string text = string(pair[1], at + "[1]"); !parse_sample(text, value)) {
        malformed("expected '" + at + "[1]' to be a number as text, found " + quoted(text));
      }
      s.points.emplace_back(pair[0].to_number<double>(), value);
    }
    return s;
  }
};

void collect_messages(const Body& b, const json::object& root, std::string_view key,
                      std::vector<std::string>* out) {
  const json::value* list = b.find(root, key);
  if (!list) return;
  const json::array& items = b.array(*list, std::string(key));
  for (std::size_t i = 0; i < items.size(); ++i) {
    std::string text = b.string(items[i], std::string(key) + "[" + std::to_string(i) + "]");
    if (out) out->push_back(one_line(text, 600));
  }
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
  } catch (const Error& e) {  // unreachable: the transport names the encoded URL, add the query
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

std::vector<Series> parse_query_range_response(std::string_view body, const std::string& context,
                                               std::vector<std::string>* warnings) {
  Body b{context};
  json::value parsed;
  try {
    parsed = mlops::json::parse_json_exact(body, "the body");
  } catch (const Error& e) {
    b.malformed(body.empty() ? "expected a JSON object, found an empty body"
                             : std::string(e.what()) + "; it starts " + quoted(body, 40));
  }
  const json::object& root = b.object(parsed, "the response");
  const std::string status = b.string(b.need(root, "status", "status"), "status");
  if (status == "error") {
    const json::value* type = b.find(root, "errorType");
    const json::value* error = b.find(root, "error");
    query_failed(type ? b.string(*type, "errorType") : "", error ? b.string(*error, "error") : "",
                 context);
  }
  if (status != "success") {
    b.malformed("expected 'status' to be \"success\" or \"error\", found " + quoted(status));
  }
  collect_messages(b, root, "warnings", warnings);
  collect_messages(b, root, "infos", warnings);  // Prometheus 3 sends PromQL hints apart

  const json::object& data = b.object(b.need(root, "data", "data"), "data");
  const std::string type =
      b.string(b.need(data, "resultType", "data.resultType"), "data.resultType");
  if (type != "matrix") {
    b.malformed("expected 'data.resultType' to be \"matrix\" for a range query, found " +
                quoted(type));
  }
  const json::array& result = b.array(b.need(data, "result", "data.result"), "data.result");
  std::vector<Series> out;
  out.reserve(result.size());
  for (std::size_t i = 0; i < result.size(); ++i) {
    out.push_back(b.series(result[i], "data.result[" + std::to_string(i) + "]"));
  }
  return out;
}

std::optional<Aggregate> aggregate_from_name(std::string_view name) {
  for (Aggregate how : {Aggregate::kReject, Aggregate::kConcat, Aggregate::kSumByTimestamp,
                        Aggregate::kMeanByTimestamp}) {
    if (aggregate_name(how) == name) return how;
  }
  return std::nullopt;
}

std::string_view aggregate_name(Aggregate how) {
  switch (how) {
    case Aggregate::kReject:
      return "reject";
    case Aggregate::kConcat:
      return "concat";
    case Aggregate::kSumByTimestamp:
      return "sum";
    case Aggregate::kMeanByTimestamp:
      return "mean";
  }
  return "reject";
}

std::vector<double> aggregate_values(const std::vector<Series>& series, Aggregate how,
                                     const std::string& context) {
  std::vector<double> out;
  if (how == Aggregate::kReject && series.size() > 1) {
    std::string names;
    for (std::size_t i = 0; i < series.size() && i < 3; ++i) {
      names += (i ? ", " : "") + format_labels(series[i].labels);
    }
    if (series.size() > 3) names += ", ...";
    throw usage_error(context + ": the query returned " + std::to_string(series.size()) +
                          " series (" + one_line(names, 400) + "), not one",
                      "aggregate them in the query with sum(...) or avg(...), or choose how to "
                      "combine them (aggregate: sum, mean or concat)");
  }
  if (how == Aggregate::kReject || how == Aggregate::kConcat) {
    for (const Series& s : series) {
      for (const auto& [time, value] : s.points) {
        if (!std::isnan(value)) out.push_back(value);
      }
    }
    return out;
  }
  std::map<double, std::pair<double, std::size_t>> by_time;  // time -> (sum, count)
  for (const Series& s : series) {
    for (const auto& [time, value] : s.points) {
      if (std::isnan(value)) continue;
      auto& [sum, count] = by_time[time];
      sum += value;
      ++count;
    }
  }
  for (const auto& [time, sum_count] : by_time) {
    const auto& [sum, count] = sum_count;
    double value = how == Aggregate::kSumByTimestamp ? sum : sum / static_cast<double>(count);
    if (!std::isnan(value)) out.push_back(value);  // +Inf and -Inf at one time sum to NaN
  }
  return out;
}

std::string format_labels(const std::map<std::string, std::string>& labels) {
  std::string out;
  auto name = labels.find("__name__");
  if (name != labels.end()) {
    out = name->second;
    if (labels.size() == 1) return out;
  }
  out += '{';
  bool first = true;
  for (const auto& [key, value] : labels) {
    if (key == "__name__") continue;
    if (!first) out += ", ";
    first = false;
    out += key + "=\"";
    for (char c : value) {
      if (c == '"' || c == '\\') {
        out += '\\';
        out += c;
      } else if (c == '\n') {
        out += "\\n";
      } else {
        out += c;
      }
    }
    out += '"';
  }
  return out + '}';
}

}  // namespace mlops::canary
