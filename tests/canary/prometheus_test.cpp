#include "canary/prometheus.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "common/error_of.h"
#include "support/fake_http_server.h"

namespace mlops::canary {
namespace {

using mlops::testing::CannedResponse;
using mlops::testing::closed_port;
using mlops::testing::error_of;
using mlops::testing::FakeHttpServer;
using mlops::testing::RecordedRequest;

constexpr const char* kToken = "prom-tok-7c1e-do-not-print";
constexpr const char* kContext = "query `up` at GET http://prom:9090/api/v1/query_range";

// The range-query example of the Prometheus HTTP API documentation (docs/querying/api.md).
constexpr const char* kDocExample = R"({
   "status" : "success",
   "data" : {
      "resultType" : "matrix",
      "result" : [
         {
            "metric" : {
               "__name__" : "up",
               "job" : "prometheus",
               "instance" : "localhost:9090"
            },
            "values" : [
               [ 1435781430.781, "1" ],
               [ 1435781445.781, "1" ],
               [ 1435781460.781, "1" ]
            ]
         },
         {
            "metric" : {
               "__name__" : "up",
               "job" : "node",
               "instance" : "localhost:9091"
            },
            "values" : [
               [ 1435781430.781, "0" ],
               [ 1435781445.781, "0" ],
               [ 1435781460.781, "1" ]
            ]
         }
      ]
   }
})";

// Answers recorded from Prometheus 2.42 serving tests/canary/prometheus_fixture.sh's data.
constexpr const char* kTwoPods =
    R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{"code":"500","group":"canary","pod":"canary-0"},"values":[[1704067500.500,"0.06666666666666665"],[1704067515.500,"0.06666666666666665"],[1704067530.500,"0.02222222222222222"]]},{"metric":{"code":"500","group":"canary","pod":"canary-1"},"values":[[1704067500.500,"0.08888888888888888"],[1704067515.500,"0.15555555555555553"],[1704067530.500,"0.1111111111111111"]]}]}})";
constexpr const char* kNoTraffic =
    R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1704067500,"NaN"],[1704067515,"NaN"],[1704067530,"NaN"]]}]}})";
constexpr const char* kEmpty = R"({"status":"success","data":{"resultType":"matrix","result":[]}})";
constexpr const char* kParseError =
    R"({"status":"error","errorType":"bad_data","error":"1:48: parse error: unclosed left parenthesis"})";
constexpr const char* kTooManyPoints =
    R"j({"status":"error","errorType":"bad_data","error":"exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"})j";
constexpr const char* kManyToMany =
    R"({"status":"error","errorType":"execution","error":"found duplicate series for the match group {group=\"baseline\"} on the right hand-side of the operation: [{__name__=\"http_requests_total\", code=\"200\", group=\"baseline\", pod=\"baseline-1\"}, {__name__=\"http_requests_total\", code=\"200\", group=\"baseline\", pod=\"baseline-0\"}];many-to-many matching not allowed: matching labels must be unique on one side"})";
constexpr const char* kTimeout =
    R"({"status":"error","errorType":"timeout","error":"query timed out in expression evaluation"})";

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::vector<Series> parse(const std::string& body, std::vector<std::string>* warnings = nullptr) {
  return parse_query_range_response(body, kContext, warnings);
}

// The matrix body of one unlabelled series with these [time, "value"] pairs.
std::string matrix(const std::string& values) {
  return R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[)" +
         values + "]}]}}";
}

std::string percent_decode(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// query=...&start=... as a map, values decoded.
std::map<std::string, std::string> query_params(const std::string& query) {
  std::map<std::string, std::string> out;
  std::size_t pos = 0;
  while (pos <= query.size()) {
    std::size_t amp = std::min(query.find('&', pos), query.size());
    std::string pair = query.substr(pos, amp - pos);
    std::size_t eq = pair.find('=');
    out[pair.substr(0, eq)] = eq == std::string::npos ? "" : percent_decode(pair.substr(eq + 1));
    pos = amp + 1;
  }
  return out;
}

CannedResponse reply(int status, std::string body, std::string type = "application/json") {
  CannedResponse r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = std::move(type);
  return r;
}

TEST(PrometheusParseTest, DocumentationExampleGivesBothSeriesWithLabelsAndSamples) {
  auto series = parse(kDocExample);
  ASSERT_EQ(series.size(), 2U);
  EXPECT_EQ(series[0].labels.at("__name__"), "up");
  EXPECT_EQ(series[0].labels.at("job"), "prometheus");
  EXPECT_EQ(series[1].labels.at("instance"), "localhost:9091");
  ASSERT_EQ(series[1].points.size(), 3U);
  EXPECT_DOUBLE_EQ(series[1].points[0].first, 1435781430.781);
  EXPECT_EQ(series[1].points[0].second, 0.0);
  EXPECT_DOUBLE_EQ(series[1].points[2].first, 1435781460.781);
  EXPECT_EQ(series[1].points[2].second, 1.0);
}

TEST(PrometheusParseTest, SampleValuesAreReadExactly) {
  auto series = parse(kTwoPods);
  ASSERT_EQ(series.size(), 2U);
  EXPECT_EQ(series[1].labels.at("pod"), "canary-1");
  EXPECT_EQ(series[1].points[1].first, 1704067515.5);
  EXPECT_EQ(series[1].points[1].second, 0.15555555555555553);
  EXPECT_EQ(series[0].points[2].second, 0.02222222222222222);
}

TEST(PrometheusParseTest, NaNAndInfinitiesAreTheirDoubles) {
  auto series = parse(matrix(R"([1,"NaN"],[2,"+Inf"],[3,"-Inf"],[4,"Inf"],[5,"-0"],[6,"1e-3"])"));
  ASSERT_EQ(series.size(), 1U);
  const auto& p = series[0].points;
  ASSERT_EQ(p.size(), 6U);
  EXPECT_TRUE(std::isnan(p[0].second));
  EXPECT_EQ(p[1].second, INFINITY);
  EXPECT_EQ(p[2].second, -INFINITY);
  EXPECT_EQ(p[3].second, INFINITY);
  EXPECT_EQ(p[4].second, 0.0);
  EXPECT_EQ(p[5].second, 0.001);
  EXPECT_TRUE(series[0].labels.empty());
}

TEST(PrometheusParseTest, RecordedNoTrafficRatioIsAllNaN) {
  auto series = parse(kNoTraffic);
  ASSERT_EQ(series.size(), 1U);
  ASSERT_EQ(series[0].points.size(), 3U);
  for (const auto& [time, value] : series[0].points) EXPECT_TRUE(std::isnan(value)) << time;
}

TEST(PrometheusParseTest, EmptyResultIsNoSeries) { EXPECT_TRUE(parse(kEmpty).empty()); }

TEST(PrometheusParseTest, BadDataIsAConfigurationError) {
  Error e = error_of([] { parse(kParseError); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_TRUE(contains(e.what(),
                       "Prometheus rejected the query: bad_data: 1:48: parse error: "
                       "unclosed left parenthesis"))
      << e.what();
  EXPECT_TRUE(contains(e.what(), kContext)) << e.what();
  EXPECT_TRUE(contains(e.hint(), "expression browser")) << e.hint();

  Error resolution = error_of([] { parse(kTooManyPoints); });
  EXPECT_EQ(resolution.code(), ExitCode::kUsage);
  EXPECT_TRUE(contains(resolution.what(), "11,000 points")) << resolution.what();
}

TEST(PrometheusParseTest, ExecutionTimeoutAndUnknownErrorsCannotEvaluate) {
  Error execution = error_of([] { parse(kManyToMany); });
  EXPECT_EQ(execution.code(), ExitCode::kCannotEvaluate);
  EXPECT_TRUE(contains(execution.what(),
                       "could not execute the query: execution: found "
                       "duplicate series"))
      << execution.what();

  Error timeout = error_of([] { parse(kTimeout); });
  EXPECT_EQ(timeout.code(), ExitCode::kCannotEvaluate);
  EXPECT_TRUE(contains(timeout.what(), "gave up on the query: timeout: query timed out"));
  EXPECT_TRUE(contains(timeout.hint(), "--query.timeout")) << timeout.hint();

  Error other = error_of([] { parse(R"({"status":"error","errorType":"internal","error":"x"})"); });
  EXPECT_EQ(other.code(), ExitCode::kCannotEvaluate);
  EXPECT_TRUE(contains(other.what(), "internal: x")) << other.what();
  Error bare = error_of([] { parse(R"({"status":"error"})"); });
  EXPECT_EQ(bare.code(), ExitCode::kCannotEvaluate);
}

TEST(PrometheusParseTest, BodiesThatAreNotJsonAreMalformed) {
  for (const char* body : {"", "<html><body>Sign in</body></html>", R"({"status":"success")",
                           "null", "[]", R"({"status":"success"} x)"}) {
    Error e = error_of([&] { parse(body); });
    EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate) << body;
    EXPECT_TRUE(contains(e.what(), "malformed response from Prometheus")) << e.what();
    EXPECT_TRUE(contains(e.what(), kContext)) << e.what();
  }
  Error html = error_of([] { parse("<html><body>Sign in</body></html>"); });
  EXPECT_TRUE(contains(html.what(), "it starts \"<html><body>Sign in")) << html.what();
}

TEST(PrometheusParseTest, WrongShapesNameTheField) {
  const std::map<std::string, std::string> cases = {
      {R"({"data":{}})", "'status'"},
      {R"({"status":"ok","data":{}})", "\"success\" or \"error\""},
      {R"({"status":"success"})", "'data'"},
      {R"({"status":"success","data":{"resultType":"vector","result":[]}})",
       "\"matrix\" for a range query, found \"vector\""},
      {R"({"status":"success","data":{"resultType":"matrix","result":{}}})",
       "'data.result' to be an array, found an object"},
      {R"({"status":"success","data":{"resultType":"matrix","result":[{"values":[]}]}})",
       "'data.result[0].metric'"},
      {R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":1},"values":[]}]}})",
       "'data.result[0].metric.a' to be a string"},
      {R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{}}]}})",
       "'data.result[0].values'"},
      {matrix(R"([1,2])"), "'data.result[0].values[0][1]' to be a string, found a number"},
      {matrix(R"([1,"1"],[2,"abc"])"), "'data.result[0].values[1][1]' to be a number as text"},
      {matrix(R"(["1","1"])"), "'data.result[0].values[0][0]' to be a time"},
      {matrix(R"([1,"1",3])"), "found 3 elements"},
      {matrix(R"([1,"inf"])"), "found \"inf\""},
      {matrix(R"([1,"nan"])"), "found \"nan\""},
      {matrix(R"([1,"1e999"])"), "found \"1e999\""},
      {matrix(R"([1,""])"), "found \"\""},
      {R"({"status":"success","warnings":"w","data":{"resultType":"matrix","result":[]}})",
       "'warnings' to be an array"},
  };
  for (const auto& [body, expected] : cases) {
    Error e = error_of([&json = body] { parse(json); });
    EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate) << body;
    EXPECT_TRUE(contains(e.what(), expected)) << body << "\n" << e.what();
  }
}

TEST(PrometheusParseTest, NativeHistogramSamplesAreAConfigurationError) {
  Error e = error_of([] {
    parse(R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"a"},)"
          R"("histograms":[[1,{"count":"2","sum":"1","buckets":[]}]]}]}})");
  });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_TRUE(contains(e.what(), "native histogram samples for {job=\"a\"}")) << e.what();
  EXPECT_TRUE(contains(e.hint(), "histogram_quantile()")) << e.hint();
}

TEST(PrometheusParseTest, WarningsAndInfosAreCollected) {
  std::vector<std::string> warnings;
  auto series = parse(
      R"({"status":"success","warnings":["partial response: store 1 unavailable"],)"
      R"("infos":["PromQL info: metric might not be a counter"],"data":{"resultType":"matrix","result":[]}})",
      &warnings);
  EXPECT_TRUE(series.empty());
  ASSERT_EQ(warnings.size(), 2U);
  EXPECT_EQ(warnings[0], "partial response: store 1 unavailable");
  EXPECT_EQ(warnings[1], "PromQL info: metric might not be a counter");
  EXPECT_NO_THROW(parse(R"({"status":"success","warnings":["x"],"data":{"resultType":"matrix",)"
                        R"("result":[]}})"));  // no list to fill
}

// Every prefix of a valid answer (a connection cut short) is an exit 3, never a crash or a pass.
TEST(PrometheusParseTest, EveryTruncationIsMalformed) {
  const std::string body = kTwoPods;
  for (std::size_t n = 0; n < body.size(); ++n) {
    Error e = error_of([&] { parse(body.substr(0, n)); });
    ASSERT_EQ(e.code(), ExitCode::kCannotEvaluate) << n;
  }
}

class PrometheusQueryTest : public ::testing::Test {
 protected:
  PrometheusQueryTest() : transport_(http()) {}

  static net::Options http() {
    net::Options o;
    o.retries = 2;
    o.backoff_seconds = 0.01;
    o.timeout_seconds = 60;  // a deadline no busy machine reaches
    return o;
  }
  PromOptions options(PromAuth auth = {}) { return {server_.url(), std::move(auth), http()}; }
  std::vector<Series> query(const std::string& promql, PromAuth auth = {}) {
    return query_range(transport_, options(std::move(auth)), promql, 1704067500, 1704070800, 15);
  }
  Error query_error(const std::string& promql, PromAuth auth = {}) {
    return error_of([&] { query(promql, std::move(auth)); });
  }
  RecordedRequest only_request() {
    auto requests = server_.requests();
    EXPECT_EQ(requests.size(), 1U);
    return requests.empty() ? RecordedRequest{} : requests.front();
  }

  FakeHttpServer server_;
  net::CurlClient transport_;
};

TEST_F(PrometheusQueryTest, SendsTheEncodedQueryAndWindow) {
  server_.route("GET", "/api/v1/query_range", reply(200, kTwoPods));
  const std::string promql =
      "sum(rate(http_requests_total{group=\"canary\",code=~\"5..\",path!~\"/health|/ready\"}[1m]))"
      " / sum(rate(http_requests_total{group=\"canary\"}[1m])) + 0 * vector(1) # a&b=c;%";
  auto series = query(promql);
  EXPECT_EQ(series.size(), 2U);
  RecordedRequest r = only_request();
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.path, "/api/v1/query_range");
  // Every reserved byte is escaped: a raw '+' would reach Prometheus as a space, '&' and '#'
  // would cut the query short.
  EXPECT_EQ(r.query.find_first_of("{}\" +&#=|/;", r.query.find("query=") + 6),
            r.query.find("&start="));
  EXPECT_TRUE(contains(r.query, "%2B%200%20%2A%20vector")) << r.query;
  auto params = query_params(r.query);
  EXPECT_EQ(params.size(), 4U);
  EXPECT_EQ(params["query"], promql);
  EXPECT_EQ(params["start"], "1704067500");
  EXPECT_EQ(params["end"], "1704070800");
  EXPECT_EQ(params["step"], "15");
  EXPECT_EQ(r.headers["accept"], "application/json");
  EXPECT_EQ(r.headers.count("authorization"), 0U);
}

TEST_F(PrometheusQueryTest, FractionalTimesAndStepKeepTheirDigits) {
  EXPECT_EQ(query_range_url({"http://p:9090/", {}, {}}, "up", 1704067500.25, 1704067530.5, 0.5),
            "http://p:9090/api/v1/query_range?query=up&start=1704067500.25&end=1704067530.5"
            "&step=0.5");
  EXPECT_EQ(query_range_url({"HTTPS://p/prometheus//", {}, {}}, "up", 0, 0, 60),
            "HTTPS://p/prometheus/api/v1/query_range?query=up&start=0&end=0&step=60");
}

TEST_F(PrometheusQueryTest, PathPrefixIsKept) {
  server_.route("GET", "/prom/api/v1/query_range", reply(200, kEmpty));
  PromOptions o = options();
  o.url += "/prom/";
  EXPECT_TRUE(query_range(transport_, o, "up", 0, 60, 15).empty());
  EXPECT_EQ(only_request().path, "/prom/api/v1/query_range");
}

TEST_F(PrometheusQueryTest, BadArgumentsAreUsageErrors) {
  PromOptions o = options();
  auto code = [&](const PromOptions& opts, double start, double end, double step) {
    return error_of([&] { query_range(transport_, opts, "up", start, end, step); }).code();
  };
  EXPECT_EQ(code(o, 10, 5, 15), ExitCode::kUsage);
  EXPECT_EQ(code(o, NAN, 5, 15), ExitCode::kUsage);
  EXPECT_EQ(code(o, 0, INFINITY, 15), ExitCode::kUsage);
  EXPECT_EQ(code(o, 0, 60, 0), ExitCode::kUsage);
  EXPECT_EQ(code(o, 0, 60, -15), ExitCode::kUsage);
  EXPECT_EQ(code(o, 0, 60, NAN), ExitCode::kUsage);
  PromOptions ftp = o;
  ftp.url = "ftp://p:9090";
  EXPECT_EQ(code(ftp, 0, 60, 15), ExitCode::kUsage);
  ftp.url = "p:9090";
  EXPECT_EQ(code(ftp, 0, 60, 15), ExitCode::kUsage);
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(PrometheusQueryTest, BearerTokenIsSent) {
  server_.route("GET", "/api/v1/query_range", reply(200, kEmpty));
  query("up", {kToken, "", ""});
  EXPECT_EQ(only_request().headers["authorization"], std::string("Bearer ") + kToken);
}

TEST_F(PrometheusQueryTest, BasicAuthIsSent) {
  server_.route("GET", "/api/v1/query_range", reply(200, kEmpty));
  query("up", {"", "grafana", "s3cr:t"});
  // base64("grafana:s3cr:t")
  EXPECT_EQ(only_request().headers["authorization"], "Basic Z3JhZmFuYTpzM2NyOnQ=");
}

TEST_F(PrometheusQueryTest, CredentialsNeverAppearInErrors) {
  server_.route("GET", "/api/v1/query_range",
                reply(401, "Unauthorized: token prom-tok-7c1e-do-not-print", "text/plain"));
  Error bearer = query_error("up", {kToken, "", ""});
  EXPECT_EQ(bearer.code(), ExitCode::kCannotEvaluate);
  EXPECT_TRUE(contains(bearer.what(), "Prometheus answered HTTP 401")) << bearer.what();
  EXPECT_TRUE(contains(bearer.hint(), "PROMETHEUS_BEARER_TOKEN")) << bearer.hint();
  EXPECT_FALSE(contains(bearer.message(), kToken)) << bearer.message();

  server_.route("GET", "/api/v1/query_range", reply(403, "forbidden", "text/plain"));
  Error basic = query_error("up", {"", "grafana", "s3cr:t"});
  EXPECT_TRUE(contains(basic.hint(), "PROMETHEUS_USERNAME")) << basic.hint();
  EXPECT_FALSE(contains(basic.message(), "s3cr:t"));
  EXPECT_FALSE(contains(basic.message(), "Z3JhZmFuYTpzM2NyOnQ="));

  // Userinfo in the configured URL is sent by curl but never shown.
  PromOptions o = options();
  o.url = "http://grafana:hunter2-secret@127.0.0.1:" + std::to_string(server_.port());
  Error userinfo = error_of([&] { query_range(transport_, o, "up", 0, 60, 15); });
  EXPECT_FALSE(contains(userinfo.message(), "hunter2")) << userinfo.message();
  EXPECT_TRUE(contains(userinfo.what(), "at GET http://127.0.0.1:")) << userinfo.what();

  Error unauthenticated = query_error("up");
  EXPECT_TRUE(contains(unauthenticated.hint(), "the server wants credentials"));
}

TEST_F(PrometheusQueryTest, ServiceUnavailableIsRetriedThenSucceeds) {
  CannedResponse flaky = reply(200, kTwoPods);
  flaky.fail_times = 2;
  server_.route("GET", "/api/v1/query_range", flaky);
  EXPECT_EQ(query("up").size(), 2U);
  EXPECT_EQ(server_.requests().size(), 3U);
}

TEST_F(PrometheusQueryTest, QueryTimeoutIsExit3AfterTheRetries) {
  server_.route("GET", "/api/v1/query_range", reply(503, kTimeout));
  Error e = query_error("histogram_quantile(0.99, rate(x[5m]))");
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_TRUE(contains(e.what(), "timeout: query timed out in expression evaluation")) << e.what();
  EXPECT_TRUE(contains(e.what(), "HTTP 503 after 3 attempts")) << e.what();
  EXPECT_EQ(server_.requests().size(), 3U);
}

TEST_F(PrometheusQueryTest, RejectedQueryIsAUsageErrorNamingItReadably) {
  server_.route("GET", "/api/v1/query_range", reply(400, kParseError));
  const std::string promql = "sum(rate(http_requests_total{group=\"canary\"}[1m]\n";
  Error e = query_error(promql);
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_TRUE(contains(e.what(), "unclosed left parenthesis")) << e.what();
  EXPECT_TRUE(contains(e.what(),
                       "query `sum(rate(http_requests_total{group=\"canary\"}[1m]` at "
                       "GET " +
                           server_.url() + "/api/v1/query_range, HTTP 400"))
      << e.what();
  EXPECT_EQ(server_.requests().size(), 1U);  // a 4xx is not retried
}

TEST_F(PrometheusQueryTest, ExecutionErrorIsExit3) {
  server_.route("GET", "/api/v1/query_range", reply(422, kManyToMany));
  Error e = query_error("http_requests_total / on(group) http_requests_total");
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_TRUE(contains(e.what(), "many-to-many matching not allowed")) << e.what();
  EXPECT_TRUE(contains(e.what(), "HTTP 422")) << e.what();
}

TEST_F(PrometheusQueryTest, ProxyAnswersAreExit3WithTheirText) {
  server_.route("GET", "/api/v1/query_range",
                reply(502, "<html><body>502 Bad Gateway</body></html>", "text/html"));
  Error gateway = query_error("up");
  EXPECT_EQ(gateway.code(), ExitCode::kCannotEvaluate);
  EXPECT_TRUE(contains(gateway.what(), "HTTP 502 after 3 attempts: <html><body>502 Bad Gateway"))
      << gateway.what();

  Error missing = error_of([&] {
    PromOptions o = options();
    o.url += "/wrong-prefix";
    query_range(transport_, o, "up", 0, 60, 15);
  });
  EXPECT_EQ(missing.code(), ExitCode::kCannotEvaluate);
  EXPECT_TRUE(contains(missing.what(), "HTTP 404")) << missing.what();
  EXPECT_TRUE(contains(missing.hint(), "path prefix")) << missing.hint();

  CannedResponse moved = reply(302, "");
  moved.headers = {{"Location", "https://sso.example.com/login?token=abc"}};
  server_.route("GET", "/api/v1/query_range", moved);
  Error redirect = query_error("up");
  EXPECT_TRUE(contains(redirect.hint(), "https://sso.example.com/login?token=***"))
      << redirect.hint();

  server_.route("GET", "/api/v1/query_range", reply(200, "<html>Grafana</html>", "text/html"));
  Error html = query_error("up");
  EXPECT_EQ(html.code(), ExitCode::kCannotEvaluate);
  EXPECT_TRUE(contains(html.what(), "malformed response from Prometheus")) << html.what();
}

TEST_F(PrometheusQueryTest, UnreachableServerIsExit3NamingTheUrl) {
  PromOptions o = options();
  o.url = "http://127.0.0.1:" + std::to_string(closed_port());
  o.http.retries = 0;
  net::CurlClient once(o.http);
  Error e = error_of([&] { query_range(once, o, "up", 0, 60, 15); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_TRUE(contains(e.what(), "cannot reach " + o.url + "/api/v1/query_range")) << e.what();
  EXPECT_TRUE(contains(e.what(), "(query `up`)")) << e.what();
}

TEST_F(PrometheusQueryTest, RequestTheTransportRefusesNamesTheQuery) {
  // Not only an unreachable server: the transport refuses a header with a line break (a
  // token pasted with one) before sending anything, and the error names the query too.
  Error e = query_error("rate(x[5m])", {"abc\ndef", "", ""});
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_TRUE(contains(e.what(), "contains a line break")) << e.what();
  EXPECT_TRUE(contains(e.what(), "(query `rate(x[5m])`)")) << e.what();
  EXPECT_FALSE(contains(e.what(), "abc")) << e.what();
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(PrometheusQueryTest, WarningsReachTheCaller) {
  server_.route("GET", "/api/v1/query_range",
                reply(200, R"({"status":"success","warnings":["partial response"],)"
                           R"("data":{"resultType":"matrix","result":[]}})"));
  std::vector<std::string> warnings;
  query_range(transport_, options(), "up", 0, 60, 15, &warnings);
  EXPECT_EQ(warnings, std::vector<std::string>{"partial response"});
}

// The environment as a map; unset names read as "".
struct Env {
  std::map<std::string, std::string> vars;
  PromAuth auth() const {
    return prometheus_auth_from_env([this](const std::string& name) {
      auto it = vars.find(name);
      return it == vars.end() ? std::string() : it->second;
    });
  }
  ExitCode error_code() const {
    return error_of([this] { auth(); }).code();
  }
};

TEST(PrometheusAuthTest, ReadsTokenOrBasicCredentials) {
  PromAuth none = Env{}.auth();
  EXPECT_TRUE(none.token.empty() && none.username.empty() && none.password.empty());
  EXPECT_EQ((Env{{{"PROMETHEUS_BEARER_TOKEN", "t"}}}.auth().token), "t");
  PromAuth basic = Env{{{"PROMETHEUS_USERNAME", "u"}, {"PROMETHEUS_PASSWORD", "p"}}}.auth();
  EXPECT_EQ(basic.username, "u");
  EXPECT_EQ(basic.password, "p");
}

TEST(PrometheusAuthTest, TokenFileIsReadWithoutTrailingNewline) {
  auto path = std::filesystem::temp_directory_path() /
              ("prom_token_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::ofstream(path) << "eyJhbGciOi.sa-token\n";
  EXPECT_EQ((Env{{{"PROMETHEUS_BEARER_TOKEN_FILE", path.string()}}}.auth().token),
            "eyJhbGciOi.sa-token");
  std::ofstream(path) << "\n";
  Error empty = error_of([&] { Env{{{"PROMETHEUS_BEARER_TOKEN_FILE", path.string()}}}.auth(); });
  EXPECT_EQ(empty.code(), ExitCode::kUsage);
  EXPECT_TRUE(contains(empty.what(), "is empty")) << empty.what();
  std::filesystem::remove(path);
  Error missing = error_of([&] { Env{{{"PROMETHEUS_BEARER_TOKEN_FILE", path.string()}}}.auth(); });
  EXPECT_EQ(missing.code(), ExitCode::kUsage);
  EXPECT_TRUE(contains(missing.what(), "cannot read PROMETHEUS_BEARER_TOKEN_FILE"))
      << missing.what();
}

TEST(PrometheusAuthTest, AmbiguousOrHalfSetCredentialsAreUsageErrors) {
  EXPECT_EQ((Env{{{"PROMETHEUS_BEARER_TOKEN", "t"}, {"PROMETHEUS_BEARER_TOKEN_FILE", "/f"}}}
                 .error_code()),
            ExitCode::kUsage);
  EXPECT_EQ((Env{{{"PROMETHEUS_BEARER_TOKEN", "t"},
                  {"PROMETHEUS_USERNAME", "u"},
                  {"PROMETHEUS_PASSWORD", "p"}}}
                 .error_code()),
            ExitCode::kUsage);
  EXPECT_EQ((Env{{{"PROMETHEUS_USERNAME", "u"}}}.error_code()), ExitCode::kUsage);
  Error half = error_of([] { Env{{{"PROMETHEUS_PASSWORD", "pw-secret"}}}.auth(); });
  EXPECT_EQ(half.code(), ExitCode::kUsage);
  EXPECT_TRUE(contains(half.what(), "PROMETHEUS_PASSWORD is set but PROMETHEUS_USERNAME is not"));
  EXPECT_FALSE(contains(half.message(), "pw-secret"));
}

Series series(std::map<std::string, std::string> labels,
              std::vector<std::pair<double, double>> points) {
  return {std::move(labels), std::move(points)};
}

TEST(AggregateTest, RejectPassesOneSeriesWithoutNaN) {
  std::vector<Series> one = {series({}, {{1, 0.5}, {2, NAN}, {3, INFINITY}, {4, 0.25}})};
  EXPECT_EQ(aggregate_values(one, Aggregate::kReject, "metric 'x'"),
            (std::vector<double>{0.5, INFINITY, 0.25}));
  EXPECT_TRUE(aggregate_values({}, Aggregate::kReject, "metric 'x'").empty());
  EXPECT_TRUE(aggregate_values(parse(kNoTraffic), Aggregate::kReject, "metric 'x'").empty());
}

TEST(AggregateTest, RejectRefusesSeveralSeriesNamingThem) {
  Error e = error_of([] {
    aggregate_values(parse(kTwoPods), Aggregate::kReject, "metric 'error_rate' (canary)");
  });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_TRUE(contains(e.what(),
                       "metric 'error_rate' (canary): the query returned 2 series "
                       "({code=\"500\", group=\"canary\", pod=\"canary-0\"}, "
                       "{code=\"500\", group=\"canary\", pod=\"canary-1\"}), not one"))
      << e.what();
  EXPECT_TRUE(contains(e.hint(), "sum(...)")) << e.hint();

  std::vector<Series> many(5, series({{"__name__", "up"}}, {}));
  Error five = error_of([&] { aggregate_values(many, Aggregate::kReject, "m"); });
  EXPECT_TRUE(contains(five.what(), "returned 5 series (up, up, up, ...)")) << five.what();
}

TEST(AggregateTest, ConcatKeepsSeriesOrder) {
  std::vector<Series> s = {series({{"pod", "a"}}, {{1, 1}, {2, 2}}),
                           series({{"pod", "b"}}, {{1, 10}, {2, NAN}, {3, 30}})};
  EXPECT_EQ(aggregate_values(s, Aggregate::kConcat, "m"), (std::vector<double>{1, 2, 10, 30}));
}

TEST(AggregateTest, SumAndMeanCombineEachTimestamp) {
  // Series need not share timestamps; NaN samples do not count.
  std::vector<Series> s = {series({{"pod", "a"}}, {{15, 1}, {30, 2}, {45, NAN}}),
                           series({{"pod", "b"}}, {{0, 7}, {15, 3}, {30, NAN}, {45, NAN}}),
                           series({{"pod", "c"}}, {{15, 5}, {30, 4}})};
  EXPECT_EQ(aggregate_values(s, Aggregate::kSumByTimestamp, "m"), (std::vector<double>{7, 9, 6}));
  EXPECT_EQ(aggregate_values(s, Aggregate::kMeanByTimestamp, "m"), (std::vector<double>{7, 3, 3}));

  auto pods = parse(kTwoPods);
  auto sum = aggregate_values(pods, Aggregate::kSumByTimestamp, "m");
  ASSERT_EQ(sum.size(), 3U);
  EXPECT_DOUBLE_EQ(sum[1], 0.06666666666666665 + 0.15555555555555553);

  std::vector<Series> opposite = {series({}, {{1, INFINITY}, {2, INFINITY}}),
                                  series({}, {{1, -INFINITY}, {2, 1}})};
  EXPECT_EQ(aggregate_values(opposite, Aggregate::kSumByTimestamp, "m"),
            (std::vector<double>{INFINITY}));
}

TEST(AggregateTest, NamesRoundTrip) {
  for (Aggregate how : {Aggregate::kReject, Aggregate::kConcat, Aggregate::kSumByTimestamp,
                        Aggregate::kMeanByTimestamp}) {
    EXPECT_EQ(aggregate_from_name(aggregate_name(how)), how);
  }
  EXPECT_EQ(aggregate_name(Aggregate::kMeanByTimestamp), "mean");
  EXPECT_FALSE(aggregate_from_name("avg").has_value());
  EXPECT_FALSE(aggregate_from_name("").has_value());
}

TEST(AggregateTest, LabelsAreWrittenAsPromQL) {
  EXPECT_EQ(format_labels({}), "{}");
  EXPECT_EQ(format_labels({{"__name__", "up"}}), "up");
  EXPECT_EQ(format_labels({{"__name__", "up"}, {"job", "a\"b\\c\nd"}, {"i", "x"}}),
            "up{i=\"x\", job=\"a\\\"b\\\\c\\nd\"}");
}

}  // namespace
}  // namespace mlops::canary
