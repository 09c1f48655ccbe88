#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/http.h"

namespace mlops::canary {

// Credentials for Prometheus or a server with its query API (Thanos Query, Mimir, Cortex,
// VictoriaMetrics, a kube-rbac-proxy or oauth2-proxy in front of one). A token is sent as
// "Authorization: Bearer", a username and password as "Basic". Never printed, not even in errors.
struct PromAuth {
  std::string token;
  std::string username;
  std::string password;
};

// Where to query. `http` configures the CurlClient the caller builds (timeouts, retries with
// backoff on 5xx/429/connection errors, TLS); query_range itself only uses `url` and `auth`.
struct PromOptions {
  std::string url;  // the server root, http(s), optionally with a path prefix: https://h/prometheus
  PromAuth auth{};
  net::Options http{};
};

// The credentials in the environment, read via `env` ("" when unset):
//   PROMETHEUS_BEARER_TOKEN        a bearer token, or
//   PROMETHEUS_BEARER_TOKEN_FILE   a file holding one (trailing whitespace dropped), e.g. a
//                                  Kubernetes service account token, or
//   PROMETHEUS_USERNAME and PROMETHEUS_PASSWORD   basic auth.
// None set means no Authorization header. Usage error (exit 2) for an ambiguous or half set (a
// token and a username, both token variables, a username without a password or the other way
// round) and for an unreadable or empty token file.
PromAuth prometheus_auth_from_env(const std::function<std::string(const std::string&)>& env);

// One series of a range query: its labels (with __name__ when the query keeps it) and its
// samples in time order, exactly as Prometheus sent them. Values may be NaN or infinite
// (Prometheus's "NaN", "+Inf", "-Inf"): a ratio with no traffic is NaN, a quantile in the +Inf
// bucket is +Inf.
struct Series {
  std::map<std::string, std::string> labels;
  std::vector<std::pair<double /*unix seconds*/, double>> points;
};

// The GET URL of /api/v1/query_range for `query` over [start, end] (unix seconds) every
// `step_seconds`, each parameter percent-encoded. Usage error (exit 2) for a URL that is not
// http(s), non-finite times, end before start, or a step that is not positive.
std::string query_range_url(const PromOptions& options, const std::string& query, double start,
                            double end, double step_seconds);

// Evaluates `query` with GET /api/v1/query_range and returns its series, in Prometheus's order;
// an empty vector when nothing matched (no traffic yet, a typo in a label value): deciding what
// that means is the caller's business. Any warnings Prometheus attached to the answer (partial
// data from a Thanos store, PromQL hints) are appended to `warnings` when it is given.
// Errors (every message names the query and the URL without credentials):
//   exit 2 (usage): Prometheus rejected the query as invalid (errorType bad_data, HTTP 400): a
//     syntax error, a string expression, more than 11,000 points per series: the fix is in the
//     configuration. Also the argument checks of query_range_url, and native histogram samples
//     (not numbers: wrap the query in histogram_quantile() or similar).
//   exit 3 (cannot evaluate): anything else: unreachable (after the transport's retries), HTTP
//     errors (401/403, 404, 5xx after retries, a 503 "timeout"), errorType execution (422:
//     valid query that failed on the stored data, e.g. many-to-many matching), a malformed or
//     non-matrix answer.
std::vector<Series> query_range(net::Client& transport, const PromOptions& options,
                                const std::string& query, double start, double end,
                                double step_seconds, std::vector<std::string>* warnings = nullptr);

// The series of a query_range response body (the JSON envelope with status "success", resultType
// "matrix"). A pure function of its input, for tests and fuzzing. An error envelope (status
// "error") throws the error query_range documents for its errorType; anything malformed throws
// exit 3. `context` ends every message, e.g. "query `up` at http://h:9090/api/v1/query_range".
std::vector<Series> parse_query_range_response(std::string_view body, const std::string& context,
                                               std::vector<std::string>* warnings = nullptr);

// A Prometheus error envelope (its errorType and error) as the Error query_range documents:
// bad_data is the configuration's fault (exit 2), anything else means the canary cannot be
// evaluated now (exit 3). `where` ends the message. Shared by the client (an error answer)
// and parse_query_range_response (an error body).
[[noreturn]] void query_failed(const std::string& type, const std::string& message,
                               const std::string& where);

// How the values of a query that returned several series become the one sample a judge compares.
// NaN never survives: a NaN sample is "no value at this step" (0/0 without traffic), and it is
// dropped before combining, so an all-NaN answer yields no values (as an empty one does).
enum class Aggregate {
  kReject,           // more than one series is a usage error: the query should aggregate (default)
  kConcat,           // every sample of every series, series after series, each in time order
  kSumByTimestamp,   // one value per timestamp, in time order: the sum over the series there
  kMeanByTimestamp,  // one value per timestamp, in time order: the mean over the series there
};

// The configuration names: "reject", "concat", "sum", "mean"; nullopt for anything else.
std::optional<Aggregate> aggregate_from_name(std::string_view name);
std::string_view aggregate_name(Aggregate how);

// The values to judge, combined as `how` says. Zero series give no values. With kReject and
// more than one series: usage error (exit 2) naming `context` (e.g. "metric 'error_rate'
// (canary)"), the number of series and the first label sets.
std::vector<double> aggregate_values(const std::vector<Series>& series, Aggregate how,
                                     const std::string& context);

// Labels as PromQL writes a series: name{a="1", b="x\"y"}; just the name, or {}, without others.
std::string format_labels(const std::map<std::string, std::string>& labels);

}  // namespace mlops::canary
