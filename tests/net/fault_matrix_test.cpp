// Every network client of the project against the same network faults (docs/reliability.md,
// "Network faults"): the Prometheus client, the registry client, the MLflow client and
// drift-check's Pushgateway push. Each fault must end within the configured timeout in an Error
// with exit 3 that names the URL and no credential, except a 500 followed by a 200, which must
// succeed after one retry. Only connection errors and 5xx are retried (the server counts the
// requests); a 4xx, a malformed answer or an oversized body never are.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "canary/prometheus.h"
#include "cli/fake_io.h"
#include "common/error_of.h"
#include "drift/command.h"
#include "gate/mlflow.h"
#include "net/http.h"
#include "support/fake_http_server.h"
#include "tag/registry.h"

namespace mlops {
namespace {

using testing::CannedResponse;
using testing::closed_port;
using testing::FakeHttpServer;
using testing::RecordedRequest;
using testing::Responder;

constexpr double kTimeout = 1;     // per attempt (net::Options::timeout_seconds)
constexpr int kRetries = 1;        // so every retried fault makes exactly 2 requests
constexpr double kBackoff = 0.05;  // before the one retry
constexpr double kSlack = 0.75;    // for a loaded 2-core machine under ASan
constexpr double kSilence = 1.5;   // "never answers": longer than the timeout
constexpr double kTrickle = 0.05;  // seconds per byte, so any answer outlasts the timeout
// More than net's cap on response bodies (kMaxBodyBytes in src/net/http.cpp: 64 MiB).
constexpr std::size_t kEnormous = std::size_t{65} << 20;
// SHA-256 of the empty input (FIPS 180-4 test vector), as a registry's Docker-Content-Digest.
constexpr const char* kDigest =
    "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

net::Options quick() {
  net::Options o;
  o.timeout_seconds = kTimeout;
  o.connect_timeout_seconds = kTimeout;
  o.retries = kRetries;
  o.backoff_seconds = kBackoff;
  return o;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// 500 to the first request, then `ok` to every other.
Responder fails_once_with_500(CannedResponse ok) {
  auto served = std::make_shared<int>(0);
  return [served, ok](const RecordedRequest&) {
    if ((*served)++ == 0) return CannedResponse{.status = 500, .body = R"({"error": "internal"})"};
    return ok;
  };
}

// Built per request, so the 65 MiB body is not also kept in the route table.
Responder enormous() {
  return [](const RecordedRequest&) {
    CannedResponse r;
    r.body.assign(kEnormous, 'x');
    return r;
  };
}

// What every client shares: the server, the secrets that must never be shown, and the contract
// every refusal is held to.
class FaultTest : public ::testing::Test {
 protected:
  // Runs `call`, which must throw; checks exit 3, the URL, the secrets and the time taken.
  template <typename F>
  Error refusal(F&& call, const std::string& url) {
    auto start = std::chrono::steady_clock::now();
    Error e = testing::error_of(call);
    seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate) << e.message();
    EXPECT_TRUE(contains(e.message(), url)) << e.message();
    for (const std::string& secret : secrets_) {
      EXPECT_FALSE(contains(e.message(), secret)) << e.message();
      EXPECT_FALSE(contains(printed(), secret)) << printed();
    }
    EXPECT_LT(seconds_, budget()) << e.message();
    return e;
  }

  // Every attempt up to its timeout and the backoff between them, plus slack.
  virtual double budget() const { return (kRetries + 1) * kTimeout + kBackoff + kSlack; }
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
  double seconds_ = 0;
};

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
    canary::PromOptions options{url, {kPromToken, "", ""}, quick()};
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

TEST_F(PrometheusFaultTest, SilentServerTimesOutOnEachAttempt) {
  server_.route("GET", kPromPath, {.body = kPromAnswer, .delay_seconds = kSilence});
  Error e = refusal([&] { query(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "timed out")) << e.message();
  EXPECT_GE(seconds_, 2 * kTimeout);
  EXPECT_EQ(sent(), 2U);
}

TEST_F(PrometheusFaultTest, ByteByByteAnswerTimesOut) {
  server_.route("GET", kPromPath, {.body = kPromAnswer, .trickle_seconds = kTrickle});
  Error e = refusal([&] { query(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "timed out")) << e.message();
  EXPECT_EQ(sent(), 2U);
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
  server_.route("GET", kPromPath, enormous());
  Error e = refusal([&] { query(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "larger than 64 MiB")) << e.message();
  EXPECT_EQ(sent(), 1U);
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
    net::CurlClient transport(quick());
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

TEST_F(RegistryFaultTest, SilentServerTimesOutOnEachAttempt) {
  server_.route("HEAD", kManifestPath, {.delay_seconds = kSilence});
  Error e = refusal([&] { check(); }, manifest_url());
  EXPECT_TRUE(contains(e.message(), "timed out")) << e.message();
  EXPECT_GE(seconds_, 2 * kTimeout);
  EXPECT_EQ(requests("HEAD", kManifestPath), 2U);
}

TEST_F(RegistryFaultTest, ByteByByteAnswerTimesOut) {
  server_.route("HEAD", kManifestPath, {.trickle_seconds = kTrickle});
  Error e = refusal([&] { check(); }, manifest_url());
  EXPECT_TRUE(contains(e.message(), "timed out")) << e.message();
  EXPECT_EQ(requests("HEAD", kManifestPath), 2U);
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
  server_.route("GET", kManifestPath, enormous());
  Error e = refusal([&] { check(); }, manifest_url());
  EXPECT_TRUE(contains(e.message(), "larger than 64 MiB")) << e.message();
  EXPECT_EQ(requests("GET", kManifestPath), 1U);
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
    net::CurlClient transport(quick());
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

TEST_F(MlflowFaultTest, SilentServerTimesOutOnEachAttempt) {
  server_.route("GET", kRunsGet, {.body = recorded(), .delay_seconds = kSilence});
  Error e = refusal([&] { metrics(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "timed out")) << e.message();
  EXPECT_GE(seconds_, 2 * kTimeout);
  EXPECT_EQ(sent(), 2U);
}

TEST_F(MlflowFaultTest, ByteByByteAnswerTimesOut) {
  server_.route("GET", kRunsGet, {.body = recorded(), .trickle_seconds = kTrickle});
  Error e = refusal([&] { metrics(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "timed out")) << e.message();
  EXPECT_EQ(sent(), 2U);
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
  server_.route("GET", kRunsGet, enormous());
  Error e = refusal([&] { metrics(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "larger than 64 MiB")) << e.message();
  EXPECT_EQ(sent(), 1U);
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
  // drift-check's backoff is net's default (no option sets it).
  double budget() const override {
    return (kRetries + 1) * kTimeout + net::Options{}.backoff_seconds + kSlack;
  }
  std::string printed() const override { return io_.out.str() + io_.err.str(); }
  ExitCode push(const std::string& url) {
    return drift::drift_check(
        {"compare", "-r", kExamples + "reference.csv", "-c", kExamples + "current-summer-2015.csv",
         "-q", "--pushgateway", url, "--timeout", "1", "--retries", std::to_string(kRetries)},
        io_.io);
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

TEST_F(PushgatewayFaultTest, SilentServerTimesOutOnEachAttempt) {
  server_.route("PUT", kPushPath, {.body = "", .delay_seconds = kSilence});
  Error e = refusal([&] { push(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "timed out")) << e.message();
  EXPECT_GE(seconds_, 2 * kTimeout);
  EXPECT_EQ(sent(), 2U);
}

TEST_F(PushgatewayFaultTest, ByteByByteAnswerTimesOut) {
  server_.route("PUT", kPushPath, {.body = "", .trickle_seconds = kTrickle});
  Error e = refusal([&] { push(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "timed out")) << e.message();
  EXPECT_EQ(sent(), 2U);
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
  server_.route("PUT", kPushPath, enormous());
  Error e = refusal([&] { push(server_.url()); }, endpoint());
  EXPECT_TRUE(contains(e.message(), "larger than 64 MiB")) << e.message();
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
