// Every network client of the project against the same network faults (docs/reliability.md,
// "Network faults"): the Prometheus client, the registry client, the MLflow client and
// drift-check's Pushgateway push. Each fault must end in an Error with exit 3 that names the URL
// and no credential, except a 500 followed by a 200, which must succeed after one retry. Only
// connection errors and 5xx are retried (the server counts the requests); a 4xx, a malformed
// answer or an oversized body never are, and no retry starts past the deadline (--timeout).
// Nothing here measures elapsed time: a slow machine makes these tests slower, never wrong.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "canary/command.h"
#include "canary/prometheus.h"
#include "cli/fake_io.h"
#include "common/error_of.h"
#include "drift/command.h"
#include "gate/mlflow.h"
#include "net/http.h"
#include "net/metrics.h"
#include "support/fake_http_server.h"
#include "tag/registry.h"

namespace mlops {
namespace {

using testing::CannedResponse;
using testing::closed_port;
using testing::FakeHttpServer;
using testing::RecordedRequest;
using testing::Responder;

// The deadline of one request (net::Options::timeout_seconds), for the faults that must reach
// it. The other faults get a deadline no busy machine reaches, so that their retries are
// counted whatever the machine's speed.
constexpr double kTimeout = 1;
constexpr double kGenerous = 120;
constexpr int kRetries = 1;        // so every retried fault makes exactly 2 requests
constexpr double kBackoff = 0.05;  // before the one retry
constexpr double kSilence = 60;    // "never answers": far longer than the deadline
constexpr double kTrickle = 0.05;  // seconds per byte, so any answer outlasts the deadline
// The clients' body limit in these tests (net::Options::max_body_bytes; 64 MiB by default),
// and a body over it.
constexpr std::size_t kLimit = 64 << 10;
constexpr std::size_t kOverLimit = 65 << 10;
// SHA-256 of the empty input (FIPS 180-4 test vector), as a registry's Docker-Content-Digest.
constexpr const char* kDigest =
    "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

net::Options quick(double timeout = kGenerous) {
  net::Options o;
  o.timeout_seconds = timeout;
  o.connect_timeout_seconds = timeout;
  o.retries = kRetries;
  o.backoff_seconds = kBackoff;
  o.max_body_bytes = kLimit;
  return o;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// 500 to the first request, then `ok` to every other.
Responder fails_once_with_500(const CannedResponse& ok) {
  auto served = std::make_shared<int>(0);
  return [served, ok](const RecordedRequest&) {
    if ((*served)++ == 0) return CannedResponse{.status = 500, .body = R"({"error": "internal"})"};
    return ok;
  };
}

// Over the limit: announced by Content-Length, or chunked without a length.
CannedResponse enormous(bool chunked = false) {
  return {.body = std::string(kOverLimit, 'x'), .chunked = chunked};
}

// An error answer that quotes what the client sent: its Authorization header and its query, as
// a careless proxy or framework does (raw, then JSON-escaped).
Responder echoes_credentials(int status, bool json = false) {
  return [status, json](const RecordedRequest& r) {
    std::string auth = r.headers.count("authorization") ? r.headers.at("authorization") : "";
    std::string text = "rejected Authorization: " + auth + " for query " + r.query;
    if (!json) return CannedResponse{.status = status, .body = text, .content_type = "text/plain"};
    std::string escaped;
    for (char c : text) {
      if (c == '"' || c == '\\' || c == '/') escaped += '\\';
      escaped += c;
    }
    return CannedResponse{.status = status,
                          .body = R"({"error_code": "UNAUTHENTICATED", )"
                                  R"("message": ")" +
                                  escaped + "\"}"};
  };
}

// What every client shares: the server, the secrets that must never be shown, and the contract
// every refusal is held to.
class FaultTest : public ::testing::Test {
 protected:
  // Runs `call`, which must throw; checks the exit code, the URL and the secrets.
  template <typename F>
  Error refusal(F&& call, const std::string& url, ExitCode code = ExitCode::kCannotEvaluate) {
    Error e = testing::error_of(call);
    EXPECT_EQ(e.code(), code) << e.message();
    EXPECT_TRUE(contains(e.message(), url)) << e.message();
    for (const std::string& secret : secrets_) {
      EXPECT_FALSE(contains(e.message(), secret)) << e.message();
      EXPECT_FALSE(contains(e.hint(), secret)) << e.hint();
      EXPECT_FALSE(contains(printed(), secret)) << printed();
    }
    return e;
  }

  // What the client printed besides the Error (drift-check's stdout and stderr).
  virtual std::string printed() const { return {}; }

  std::size_t requests(const std::string& method, const std::string& path) const {
    std::size_t n = 0;
    for (const RecordedRequest& r : server_.requests()) n += r.method == method && r.path == path;
    return n;
  }
  std::string refused_url() const { return "http://127.0.0.1:" + std::to_string(closed_port()); }

  FakeHttpServer server_;
  std::vector<std::string> secrets_;
  double timeout_ = kGenerous;  // the deadline the next request gets
};

// The message of a fault that reached the deadline of kTimeout with its first attempt.
const std::string kDeadlineReached = "(deadline of 1 s reached after 1 attempt)";

// ---- Prometheus: GET /api/v1/query_range (src/canary/prometheus.h) ----

constexpr const char* kPromPath = "/api/v1/query_range";
constexpr const char* kPromToken = "prom-fault-token-do-not-print";
// A range-query answer as Prometheus's HTTP API documents it (docs/querying/api.md).
constexpr const char* kPromAnswer =
    R"({"status":"success","data":{"resultType":"matrix","result":[{"metric":{"job":"api"},)"
    R"("values":[[1435781430.781,"1"],[1435781445.781,"0.5"]]}]}})";

class PrometheusFaultTest : public FaultTest {
 protected:
  PrometheusFaultTest() { secrets_ = {kPromToken}; }
  std::vector<canary::Series> query(const std::string& url) {
    canary::PromOptions options{url, {kPromToken, "", ""}, quick(timeout_)};
    net::CurlClient transport(options.http);
    return canary::query_range(transport, options, "up", 1435781430, 1435781460, 15);
  }
  std::size_t sent() const { return requests("GET", kPromPath); }
  std::string endpoint() const { return server_.url() + kPromPath; }
};

TEST_F(PrometheusFaultTest, ConnectionRefusedIsRetriedThenExit3) {
  std::string url = refused_url();
  Error e = refusal([&] { query(url); }, url + kPromPath);
  EXPECT_TRUE(contains(e.message(), "(after 2 attempts)")) << e.message();
}

TEST_F(PrometheusFaultTest, SilentServerTimesOutAtTheDeadline) {
  server_.route("GET", kPromPath, {.body = kPromAnswer, .delay_seconds = kSilence});
  timeout_ = kTimeout;
  Error e = refusal([&] { query(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "timed out")) << e.message();
  EXPECT_TRUE(contains(e.message(), kDeadlineReached)) << e.message();
  EXPECT_EQ(sent(), 1U);
}

// canary-eval as a pipeline runs it: a silent Prometheus ends the run after one --timeout, not
// after (--retries + 1) of them (3 x 30 s by default, while the docs promised "within --timeout").
TEST_F(PrometheusFaultTest, CanaryEvalWaitsForOneDeadlineNotOnePerRetry) {
  server_.route("GET", kPromPath, {.body = kPromAnswer, .delay_seconds = kSilence});
  cli::testing::FakeIo io;
  io.env["PROMETHEUS_BEARER_TOKEN"] = kPromToken;
  const std::string config = std::string(MLOPS_TEST_DATA) + "/../../examples/canary/canary.yaml";
  Error e = refusal(
      [&] {
        canary::canary_eval(
            {"run", "--config", config, "--prometheus", server_.url(), "--start", "1700000000",
             "--end", "1700001800", "--timeout", "1", "--retries", "2"},
            io.io);
      },
      endpoint());
  EXPECT_TRUE(contains(e.message(), "timed out")) << e.message();
  EXPECT_TRUE(contains(e.message(), kDeadlineReached)) << e.message();
  EXPECT_EQ(sent(), 1U);
  EXPECT_FALSE(contains(io.out.str() + io.err.str(), kPromToken));
}

TEST_F(PrometheusFaultTest, ByteByByteAnswerTimesOutAtTheDeadline) {
  server_.route("GET", kPromPath, {.body = kPromAnswer, .trickle_seconds = kTrickle});
  timeout_ = kTimeout;
  Error e = refusal([&] { query(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "timed out")) << e.message();
  EXPECT_TRUE(contains(e.message(), kDeadlineReached)) << e.message();
  EXPECT_EQ(sent(), 1U);
}

TEST_F(PrometheusFaultTest, ClosedMidBodyIsRetriedThenExit3) {
  server_.route("GET", kPromPath, {.body = kPromAnswer, .truncate_body_at = 40});
  refusal([&] { query(server_.url()); }, endpoint());
  EXPECT_EQ(sent(), 2U);
}

TEST_F(PrometheusFaultTest, Error500ThenSuccessIsRetried) {
  server_.route("GET", kPromPath, fails_once_with_500({.body = kPromAnswer}));
  auto series = query(server_.url());
  ASSERT_EQ(series.size(), 1U);
  EXPECT_EQ(series[0].points.size(), 2U);
  EXPECT_EQ(sent(), 2U);
}

TEST_F(PrometheusFaultTest, TruncatedJsonIsExit3WithoutRetry) {
  server_.route("GET", kPromPath, {.body = std::string(kPromAnswer).substr(0, 60)});
  Error e = refusal([&] { query(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "malformed response from Prometheus")) << e.message();
  EXPECT_EQ(sent(), 1U);
}

TEST_F(PrometheusFaultTest, WrongTypedJsonIsExit3WithoutRetry) {
  // Sample values are strings in Prometheus's API; a bare number is not what it sends.
  server_.route("GET", kPromPath,
                {.body = R"({"status":"success","data":{"resultType":"matrix","result":[)"
                         R"({"metric":{},"values":[[1435781430,1]]}]}})"});
  Error e = refusal([&] { query(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "expected 'data.result[0].values[0][1]' to be a string"))
      << e.message();
  EXPECT_EQ(sent(), 1U);
}

TEST_F(PrometheusFaultTest, EnormousBodyIsRefusedWithoutRetry) {
  for (bool chunked : {false, true}) {
    server_.route("GET", kPromPath, enormous(chunked));
    Error e = refusal([&] { query(server_.url()); }, endpoint());
    EXPECT_TRUE(contains(e.message(), "larger than 64 KiB")) << e.message();
    EXPECT_EQ(sent(), chunked ? 2U : 1U);
  }
}

TEST_F(PrometheusFaultTest, EchoedCredentialsAreRedacted) {
  server_.route("GET", kPromPath, echoes_credentials(500));
  Error e = refusal([&] { query(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "HTTP 500 after 2 attempts: rejected Authorization: *** for"))
      << e.message();
  EXPECT_EQ(sent(), 2U);

  // An error envelope's message is Prometheus's text too (exit 2: bad_data is the query's fault).
  server_.route("GET", kPromPath,
                {.status = 400,
                 .body = R"({"status":"error","errorType":"bad_data","error":"no token )" +
                         std::string(kPromToken) + R"( here"})"});
  e = refusal([&] { query(server_.url()); }, "/api/v1/query_range", ExitCode::kUsage);
  EXPECT_TRUE(contains(e.message(), "bad_data: no token *** here")) << e.message();
}

TEST_F(PrometheusFaultTest, ForbiddenIsNotRetried) {
  server_.route("GET", kPromPath, {.status = 403, .body = "forbidden"});
  Error e = refusal([&] { query(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "403")) << e.message();
  EXPECT_EQ(sent(), 1U);
}

// ---- Registry: HEAD (and GET) /v2/<name>/manifests/<tag>, token server (src/tag/registry.h) --

constexpr const char* kManifestPath = "/v2/ml/churn/manifests/1.4.0";
constexpr const char* kRegistryPassword = "registry-fault-password-do-not-print";
// base64("ci-bot:registry-fault-password-do-not-print"), the Basic credentials on the wire.
constexpr const char* kRegistryBasic =
    "Y2ktYm90OnJlZ2lzdHJ5LWZhdWx0LXBhc3N3b3JkLWRvLW5vdC1wcmludA==";

class RegistryFaultTest : public FaultTest {
 protected:
  RegistryFaultTest() { secrets_ = {kRegistryPassword, kRegistryBasic}; }
  // A loopback registry, so check_manifest talks plain http to it.
  tag::ManifestStatus check(int port) {
    tag::Credentials credentials;
    credentials.username = "ci-bot";
    credentials.password = kRegistryPassword;
    credentials.source = "MLOPS_REGISTRY_PASSWORD";
    net::CurlClient transport(quick(timeout_));
    return tag::check_manifest(
        transport, tag::parse_image_ref("127.0.0.1:" + std::to_string(port) + "/ml/churn:1.4.0"),
        "1.4.0", credentials);
  }
  tag::ManifestStatus check() { return check(server_.port()); }
  // HEAD answers 200 without Docker-Content-Digest, so the client GETs the manifest to hash it.
  void head_without_digest() {
    server_.route("HEAD", kManifestPath,
                  {.content_type = "application/vnd.oci.image.manifest.v1+json"});
  }
  std::string manifest_url() const { return server_.url() + kManifestPath; }
};

TEST_F(RegistryFaultTest, ConnectionRefusedIsRetriedThenExit3) {
  int port = closed_port();
  Error e =
      refusal([&] { check(port); }, "http://127.0.0.1:" + std::to_string(port) + kManifestPath);
  EXPECT_TRUE(contains(e.message(), "(after 2 attempts)")) << e.message();
}

TEST_F(RegistryFaultTest, SilentServerTimesOutAtTheDeadline) {
  server_.route("HEAD", kManifestPath, {.delay_seconds = kSilence});
  timeout_ = kTimeout;
  Error e = refusal([&] { check(); }, manifest_url());
  EXPECT_TRUE(contains(e.message(), "timed out")) << e.message();
  EXPECT_TRUE(contains(e.message(), kDeadlineReached)) << e.message();
  EXPECT_EQ(requests("HEAD", kManifestPath), 1U);
}

TEST_F(RegistryFaultTest, ByteByByteAnswerTimesOutAtTheDeadline) {
  server_.route("HEAD", kManifestPath, {.trickle_seconds = kTrickle});
  timeout_ = kTimeout;
  Error e = refusal([&] { check(); }, manifest_url());
  EXPECT_TRUE(contains(e.message(), "timed out")) << e.message();
  EXPECT_TRUE(contains(e.message(), kDeadlineReached)) << e.message();
  EXPECT_EQ(requests("HEAD", kManifestPath), 1U);
}

TEST_F(RegistryFaultTest, ClosedMidBodyIsRetriedThenExit3) {
  head_without_digest();
  server_.route("GET", kManifestPath, {.body = R"({"schemaVersion": 2})", .truncate_body_at = 5});
  refusal([&] { check(); }, manifest_url());
  EXPECT_EQ(requests("GET", kManifestPath), 2U);
}

TEST_F(RegistryFaultTest, Error500ThenSuccessIsRetried) {
  server_.route("HEAD", kManifestPath,
                fails_once_with_500({.headers = {{"Docker-Content-Digest", kDigest}}}));
  tag::ManifestStatus status = check();
  EXPECT_TRUE(status.exists);
  EXPECT_EQ(status.digest, kDigest);
  EXPECT_EQ(requests("HEAD", kManifestPath), 2U);
}

// The registry's only JSON is its token server's answer (distribution's token authentication).
class RegistryTokenFaultTest : public RegistryFaultTest {
 protected:
  RegistryTokenFaultTest() {
    server_.route("HEAD", kManifestPath,
                  {.status = 401,
                   .headers = {{"WWW-Authenticate", "Bearer realm=\"" + server_.url() +
                                                        "/token\",service=\"registry\""}}});
  }
  std::size_t token_requests() const { return requests("GET", "/token"); }
};

TEST_F(RegistryTokenFaultTest, TruncatedTokenJsonIsExit3WithoutRetry) {
  server_.route("GET", "/token", {.body = R"({"token": "eyJhbGciOi)"});
  Error e = refusal([&] { check(); }, "the registry's token server");
  // The token server is named by its URL (the realm of the registry's challenge).
  EXPECT_TRUE(contains(e.message(), "(answer to GET " + server_.url() + "/token?")) << e.message();
  EXPECT_EQ(token_requests(), 1U);
  EXPECT_EQ(requests("HEAD", kManifestPath), 1U);
}

TEST_F(RegistryTokenFaultTest, WrongTypedTokenJsonIsExit3WithoutRetry) {
  server_.route("GET", "/token", {.body = R"({"token": 42, "expires_in": 300})"});
  Error e = refusal([&] { check(); }, "the registry's token server");
  EXPECT_TRUE(contains(e.message(), "'token' is not a string")) << e.message();
  EXPECT_EQ(token_requests(), 1U);
}

TEST_F(RegistryFaultTest, EnormousBodyIsRefusedWithoutRetry) {
  head_without_digest();
  for (bool chunked : {false, true}) {
    server_.route("GET", kManifestPath, enormous(chunked));
    Error e = refusal([&] { check(); }, manifest_url());
    EXPECT_TRUE(contains(e.message(), "larger than 64 KiB")) << e.message();
    EXPECT_EQ(requests("GET", kManifestPath), chunked ? 2U : 1U);
  }
}

// The registry's messages quote no answer body; this keeps it so for one that echoes the Basic
// credentials it was sent after its challenge.
TEST_F(RegistryFaultTest, EchoedCredentialsAreRedacted) {
  server_.route("HEAD", kManifestPath, [](const RecordedRequest& r) {
    if (r.headers.count("authorization") == 0) {
      return CannedResponse{.status = 401,
                            .headers = {{"WWW-Authenticate", R"(Basic realm="registry")"}}};
    }
    return echoes_credentials(500)(r);
  });
  Error e = refusal([&] { check(); }, manifest_url());
  EXPECT_TRUE(contains(e.message(), "answered 500 after 2 attempts")) << e.message();
}

TEST_F(RegistryFaultTest, ForbiddenIsNotRetried) {
  server_.route("HEAD", kManifestPath, {.status = 403});
  Error e = refusal([&] { check(); }, manifest_url());
  EXPECT_TRUE(contains(e.message(), "answered 403")) << e.message();
  EXPECT_EQ(requests("HEAD", kManifestPath), 1U);
}

// ---- MLflow: GET /api/2.0/mlflow/runs/get (src/gate/mlflow.h) ----

constexpr const char* kRunsGet = "/api/2.0/mlflow/runs/get";
constexpr const char* kRun = "5f1c2a9e8b7d4c3fa0e1d2c3b4a59687";
constexpr const char* kMlflowPassword = "mlflow-fault-password-do-not-print";
// base64("alice:mlflow-fault-password-do-not-print").
constexpr const char* kMlflowBasic = "YWxpY2U6bWxmbG93LWZhdWx0LXBhc3N3b3JkLWRvLW5vdC1wcmludA==";

class MlflowFaultTest : public FaultTest {
 protected:
  MlflowFaultTest() { secrets_ = {kMlflowPassword, kMlflowBasic}; }
  std::map<std::string, double> metrics(const std::string& url) {
    net::CurlClient transport(quick(timeout_));
    gate::MlflowClient client(url, {"", "alice", kMlflowPassword}, transport);
    return client.run_metrics(kRun);
  }
  std::size_t sent() const { return requests("GET", kRunsGet); }
  std::string endpoint() const { return server_.url() + kRunsGet; }
  // A runs/get answer recorded from MLflow (tests/data/mlflow/README.md).
  static std::string recorded() { return testing::test_data("mlflow/runs_get.json"); }
};

TEST_F(MlflowFaultTest, ConnectionRefusedIsRetriedThenExit3) {
  std::string url = refused_url();
  Error e = refusal([&] { metrics(url); }, url + kRunsGet);
  EXPECT_TRUE(contains(e.message(), "(after 2 attempts)")) << e.message();
}

TEST_F(MlflowFaultTest, SilentServerTimesOutAtTheDeadline) {
  server_.route("GET", kRunsGet, {.body = recorded(), .delay_seconds = kSilence});
  timeout_ = kTimeout;
  Error e = refusal([&] { metrics(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "timed out")) << e.message();
  EXPECT_TRUE(contains(e.message(), kDeadlineReached)) << e.message();
  EXPECT_EQ(sent(), 1U);
}

TEST_F(MlflowFaultTest, ByteByByteAnswerTimesOutAtTheDeadline) {
  server_.route("GET", kRunsGet, {.body = recorded(), .trickle_seconds = kTrickle});
  timeout_ = kTimeout;
  Error e = refusal([&] { metrics(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "timed out")) << e.message();
  EXPECT_TRUE(contains(e.message(), kDeadlineReached)) << e.message();
  EXPECT_EQ(sent(), 1U);
}

TEST_F(MlflowFaultTest, ClosedMidBodyIsRetriedThenExit3) {
  server_.route("GET", kRunsGet, {.body = recorded(), .truncate_body_at = 100});
  refusal([&] { metrics(server_.url()); }, endpoint());
  EXPECT_EQ(sent(), 2U);
}

TEST_F(MlflowFaultTest, Error500ThenSuccessIsRetried) {
  server_.route("GET", kRunsGet, fails_once_with_500({.body = recorded()}));
  auto m = metrics(server_.url());
  EXPECT_DOUBLE_EQ(m.at("val_accuracy"), 0.9312);  // tests/data/mlflow/runs_get.json
  EXPECT_EQ(sent(), 2U);
}

TEST_F(MlflowFaultTest, TruncatedJsonIsExit3WithoutRetry) {
  server_.route("GET", kRunsGet, {.body = recorded().substr(0, 200)});
  Error e = refusal([&] { metrics(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "malformed response from MLflow runs/get")) << e.message();
  EXPECT_EQ(sent(), 1U);
}

TEST_F(MlflowFaultTest, WrongTypedJsonIsExit3WithoutRetry) {
  server_.route("GET", kRunsGet, {.body = R"({"run": {"data": {"metrics": [{"key": "val_accuracy",
                                                            "value": "0.93"}]}}})"});
  Error e = refusal([&] { metrics(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "'run.data.metrics[0].value' to be a number")) << e.message();
  EXPECT_EQ(sent(), 1U);
}

TEST_F(MlflowFaultTest, EnormousBodyIsRefusedWithoutRetry) {
  for (bool chunked : {false, true}) {
    server_.route("GET", kRunsGet, enormous(chunked));
    Error e = refusal([&] { metrics(server_.url()); }, endpoint());
    EXPECT_TRUE(contains(e.message(), "larger than 64 KiB")) << e.message();
    EXPECT_EQ(sent(), chunked ? 2U : 1U);
  }
}

TEST_F(MlflowFaultTest, EchoedCredentialsAreRedacted) {
  // MLflow's own error shape, its message quoting the header (JSON-escaped on the wire).
  server_.route("GET", kRunsGet, echoes_credentials(401, true));
  Error e = refusal([&] { metrics(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "answered 401 UNAUTHENTICATED: rejected Authorization: ***"))
      << e.message();
  EXPECT_EQ(sent(), 1U);
  // A proxy's plain-text page, retried as a 500.
  server_.route("GET", kRunsGet, echoes_credentials(500));
  e = refusal([&] { metrics(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "answered 500: rejected Authorization: ***")) << e.message();
  EXPECT_EQ(sent(), 3U);
}

TEST_F(MlflowFaultTest, ForbiddenIsNotRetried) {
  server_.route("GET", kRunsGet, {.status = 403, .body = R"({"error_code": "PERMISSION_DENIED"})"});
  Error e = refusal([&] { metrics(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "answered 403")) << e.message();
  EXPECT_EQ(sent(), 1U);
}

// ---- Pushgateway: drift-check compare --pushgateway, PUT /metrics/job/<job> ----
// (src/drift/command.cpp; run in-process. The push reads no JSON, so there is no JSON fault.)

constexpr const char* kPushPath = "/metrics/job/drift-check";
constexpr const char* kPushToken = "pushgateway-fault-token-do-not-print";
const std::string kExamples = std::string(MLOPS_TEST_DATA) + "/../../examples/drift/";

class PushgatewayFaultTest : public FaultTest {
 protected:
  PushgatewayFaultTest() {
    secrets_ = {kPushToken};
    io_.env["PUSHGATEWAY_TOKEN"] = kPushToken;
  }
  std::string printed() const override { return io_.out.str() + io_.err.str(); }
  // Through drift-check's command line, so with its body limit (net's default, 64 MiB).
  ExitCode push(const std::string& url) {
    return drift::drift_check(
        {"compare", "-r", kExamples + "reference.csv", "-c", kExamples + "current-summer-2015.csv",
         "-q", "--pushgateway", url, "--timeout", std::to_string(static_cast<int>(timeout_)),
         "--retries", std::to_string(kRetries)},
        io_.io);
  }
  // The push alone, with the tests' small body limit.
  void push_directly(const std::string& url) {
    net::push_metrics(url, "drift-check", "mlops_drift_dataset_detected 1\n", quick(timeout_),
                      kPushToken);
  }
  std::size_t sent() const { return requests("PUT", kPushPath); }
  std::string endpoint() const { return server_.url() + kPushPath; }

  cli::testing::FakeIo io_;
};

TEST_F(PushgatewayFaultTest, ConnectionRefusedIsRetriedThenExit3) {
  std::string url = refused_url();
  Error e = refusal([&] { push(url); }, url + kPushPath);
  EXPECT_TRUE(contains(e.message(), "(after 2 attempts)")) << e.message();
}

TEST_F(PushgatewayFaultTest, SilentServerTimesOutAtTheDeadline) {
  server_.route("PUT", kPushPath, {.body = "", .delay_seconds = kSilence});
  timeout_ = kTimeout;
  Error e = refusal([&] { push(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "timed out")) << e.message();
  EXPECT_TRUE(contains(e.message(), kDeadlineReached)) << e.message();
  EXPECT_EQ(sent(), 1U);
}

TEST_F(PushgatewayFaultTest, ByteByByteAnswerTimesOutAtTheDeadline) {
  server_.route("PUT", kPushPath, {.body = "", .trickle_seconds = kTrickle});
  timeout_ = kTimeout;
  Error e = refusal([&] { push(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "timed out")) << e.message();
  EXPECT_TRUE(contains(e.message(), kDeadlineReached)) << e.message();
  EXPECT_EQ(sent(), 1U);
}

TEST_F(PushgatewayFaultTest, ClosedMidBodyIsRetriedThenExit3) {
  server_.route("PUT", kPushPath, {.body = std::string(1000, 'x'), .truncate_body_at = 10});
  refusal([&] { push(server_.url()); }, endpoint());
  EXPECT_EQ(sent(), 2U);
}

TEST_F(PushgatewayFaultTest, Error500ThenSuccessIsRetried) {
  server_.route("PUT", kPushPath, fails_once_with_500({.body = ""}));
  // The summer-2015 pair drifts: exit 1, as tests/drift/pushgateway_test.sh expects.
  EXPECT_EQ(push(server_.url()), ExitCode::kFail);
  ASSERT_EQ(sent(), 2U);
  const RecordedRequest last = server_.requests().back();
  EXPECT_TRUE(contains(last.body, "mlops_drift_dataset_detected 1")) << last.body;
  EXPECT_EQ(last.headers.at("authorization"), std::string("Bearer ") + kPushToken);
  EXPECT_FALSE(contains(printed(), kPushToken));
}

TEST_F(PushgatewayFaultTest, EnormousBodyIsRefusedWithoutRetry) {
  // drift-check's own limit: an answer announcing 65 MiB is refused before its body is read
  // (this one sends a byte of it).
  server_.route("PUT", kPushPath, {.body = "x", .announced_length = std::size_t{65} << 20});
  Error e = refusal([&] { push(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "larger than 64 MiB")) << e.message();
  EXPECT_EQ(sent(), 1U);
  for (bool chunked : {false, true}) {
    server_.route("PUT", kPushPath, enormous(chunked));
    e = refusal([&] { push_directly(server_.url()); }, endpoint());
    EXPECT_TRUE(contains(e.message(), "larger than 64 KiB")) << e.message();
    EXPECT_EQ(sent(), chunked ? 3U : 2U);
  }
}

TEST_F(PushgatewayFaultTest, EchoedCredentialsAreRedacted) {
  server_.route("PUT", kPushPath, echoes_credentials(401));
  Error e = refusal([&] { push(server_.url()); }, server_.url());
  EXPECT_TRUE(contains(e.message(), "answered 401: rejected Authorization: *** for"))
      << e.message();
  EXPECT_EQ(sent(), 1U);
}

TEST_F(PushgatewayFaultTest, ForbiddenIsNotRetried) {
  server_.route("PUT", kPushPath, {.status = 403, .body = "forbidden"});
  Error e = refusal([&] { push(server_.url()); }, server_.url());
  EXPECT_TRUE(contains(e.message(), "answered 403")) << e.message();
  EXPECT_EQ(sent(), 1U);
}

}  // namespace
}  // namespace mlops
