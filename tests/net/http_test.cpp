#include "net/http.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/error_of.h"
#include "core/base64.h"
#include "net/redact.h"
#include "support/fake_http_server.h"

namespace mlops::net {
namespace {

using mlops::testing::CannedResponse;
using mlops::testing::closed_port;
using mlops::testing::error_of;
using mlops::testing::FakeHttpServer;
using mlops::testing::RecordedRequest;

// Fast retries so the retry tests do not sleep for seconds, and a deadline no busy machine
// reaches: tests that need a timeout to fire set a short one against a server silent for long.
Options quick(int retries = 2) {
  Options options;
  options.retries = retries;
  options.backoff_seconds = 0.01;
  options.timeout_seconds = 60;
  return options;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A clock that only moves when the client waits between attempts, so that deadlines are tested
// without waiting for them (and whatever the machine's speed). Records the waits.
struct FakeClock {
  Clock::time_point t{};
  std::vector<double> waits;
  void install(Options& o) {
    o.now = [this] { return t; };
    o.sleep = [this](Clock::duration d) {
      waits.push_back(std::chrono::duration<double>(d).count());
      t += d;
    };
  }
};

TEST(CurlClientTest, GetReturnsStatusBodyAndContentType) {
  FakeHttpServer server;
  server.route("GET", "/hello", {.status = 200, .body = R"({"a": 1})"});
  CurlClient client(quick());
  Response r = client.send({.method = "GET", .url = server.url() + "/hello?x=1&y=two"});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"a": 1})");
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.attempts, 1);
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].path, "/hello");
  EXPECT_EQ(requests[0].query, "x=1&y=two");
  EXPECT_EQ(requests[0].body, "");
}

TEST(CurlClientTest, PostSendsBodyAndHeaders) {
  FakeHttpServer server;
  server.route("POST", "/submit", {.status = 201, .body = "{}"});
  CurlClient client(quick());
  Response r = client.send({.method = "POST",
                            .url = server.url() + "/submit",
                            .headers = {{"Content-Type", "application/json"}, {"X-Trace", "t-1"}},
                            .body = R"({"key": "value"})"});
  EXPECT_EQ(r.status, 201);
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].body, R"({"key": "value"})");
  EXPECT_EQ(requests[0].headers.at("content-type"), "application/json");
  EXPECT_EQ(requests[0].headers.at("x-trace"), "t-1");
  EXPECT_EQ(requests[0].headers.count("expect"), 0U);
}

TEST(CurlClientTest, LargeBodyArrivesWhole) {
  FakeHttpServer server;
  server.route("POST", "/big", {.body = "{}"});
  std::string body(std::size_t{300} * 1024, 'x');
  CurlClient client(quick());
  EXPECT_EQ(client.send({.method = "POST", .url = server.url() + "/big", .body = body}).status,
            200);
  ASSERT_EQ(server.requests().size(), 1U);
  EXPECT_EQ(server.requests()[0].body, body);
  // No "Expect: 100-continue", so no one-second wait for a "100 Continue" the server never sends.
  EXPECT_EQ(server.requests()[0].headers.count("expect"), 0U);
}

TEST(CurlClientTest, OtherMethodsCarryTheirBody) {
  FakeHttpServer server;
  server.route("DELETE", "/thing", {.status = 200, .body = "{}"});
  CurlClient client(quick());
  EXPECT_EQ(client.send({.method = "DELETE", .url = server.url() + "/thing", .body = "{\"id\":1}"})
                .status,
            200);
  ASSERT_EQ(server.requests().size(), 1U);
  EXPECT_EQ(server.requests()[0].method, "DELETE");
  EXPECT_EQ(server.requests()[0].body, "{\"id\":1}");
}

TEST(CurlClientTest, ClientErrorsAreReturnedWithoutRetry) {
  FakeHttpServer server;  // no routes: 404 ENDPOINT_NOT_FOUND
  CurlClient client(quick());
  Response r = client.send({.url = server.url() + "/missing"});
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("ENDPOINT_NOT_FOUND"), std::string::npos);
  EXPECT_EQ(server.requests().size(), 1U);
}

TEST(CurlClientTest, RetriesOn503ThenSucceeds) {
  FakeHttpServer server;
  server.route("GET", "/flaky", {.body = "ok", .content_type = "text/plain", .fail_times = 2});
  CurlClient client(quick(2));
  Response r = client.send({.url = server.url() + "/flaky"});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "ok");
  EXPECT_EQ(r.attempts, 3);
  EXPECT_EQ(server.requests().size(), 3U);
}

TEST(CurlClientTest, RetriesOn429) {
  FakeHttpServer server;
  server.route("GET", "/limited", {.status = 429, .body = "slow down"});
  CurlClient client(quick(1));
  Response r = client.send({.url = server.url() + "/limited"});
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(server.requests().size(), 2U);
}

TEST(CurlClientTest, Returns5xxAfterTheLastRetry) {
  FakeHttpServer server;
  server.route("GET", "/broken", {.status = 500, .body = R"({"error_code": "INTERNAL_ERROR"})"});
  CurlClient client(quick(2));
  Response r = client.send({.url = server.url() + "/broken"});
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.attempts, 3);
  EXPECT_EQ(server.requests().size(), 3U);
}

TEST(CurlClientTest, BackoffDoublesBetweenAttempts) {
  FakeHttpServer server;
  server.route("GET", "/broken", {.status = 502});
  Options options = quick(2);
  options.backoff_seconds = 0.1;
  FakeClock clock;
  clock.install(options);
  CurlClient client(options);
  EXPECT_EQ(client.send({.url = server.url() + "/broken"}).status, 502);
  ASSERT_EQ(clock.waits.size(), 2U);
  EXPECT_NEAR(clock.waits[0], 0.1, 1e-6);
  EXPECT_NEAR(clock.waits[1], 0.2, 1e-6);
  EXPECT_EQ(server.requests().size(), 3U);
}

// The deadline bounds the whole send(): with 10 s, a first answer at 0 s and a backoff of 4 s,
// the second attempt starts at 4 s; the next would start at 12 s, so it never does, although
// five retries are allowed.
TEST(CurlClientTest, NoRetryStartsWhenItsBackoffWouldPassTheDeadline) {
  FakeHttpServer server;
  server.route("GET", "/broken", {.status = 503});
  Options options = quick(5);
  options.timeout_seconds = 10;
  options.backoff_seconds = 4;
  FakeClock clock;
  clock.install(options);
  Response r = CurlClient(options).send({.url = server.url() + "/broken"});
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(server.requests().size(), 2U);
  EXPECT_EQ(clock.waits, std::vector<double>{4.0});
}

TEST(CurlClientTest, ConnectionErrorsStopAtTheDeadlineAndSaySo) {
  std::string url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/x";
  Options options = quick(5);
  options.timeout_seconds = 10;
  options.backoff_seconds = 4;
  FakeClock clock;
  clock.install(options);
  CurlClient client(options);
  Error e = error_of([&] { client.send({.url = url}); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_TRUE(contains(e.message(), "cannot reach " + url + " (GET): ")) << e.message();
  EXPECT_TRUE(contains(e.message(), "(deadline of 10 s reached after 2 attempts)")) << e.message();
  EXPECT_EQ(clock.waits, std::vector<double>{4.0});
}

// A retry gets only what is left of the deadline: after a 503 and a backoff of 9.7 s of a 10 s
// deadline, the second attempt has 0.3 s, so a server that answers after 5 s is too late for
// it (with the whole 10 s it would have answered in time).
TEST(CurlClientTest, EachAttemptGetsOnlyWhatRemainsOfTheDeadline) {
  FakeHttpServer server;
  auto served = std::make_shared<int>(0);
  server.route("GET", "/late", [served](const RecordedRequest&) {
    if ((*served)++ == 0) return CannedResponse{.status = 503};
    return CannedResponse{.body = "{}", .delay_seconds = 5};
  });
  Options options = quick(2);
  options.timeout_seconds = 10;
  options.backoff_seconds = 9.7;
  FakeClock clock;
  clock.install(options);
  CurlClient client(options);
  Error e = error_of([&] { client.send({.url = server.url() + "/late"}); });
  EXPECT_TRUE(contains(e.message(), "timed out")) << e.message();
  EXPECT_TRUE(contains(e.message(), "(deadline of 10 s reached after 2 attempts)")) << e.message();
  EXPECT_EQ(server.requests().size(), 2U);
}

// On the real clock: an attempt that times out has used the whole deadline, so however many
// retries are allowed, a silent server gets one request.
TEST(CurlClientTest, SilentServerGetsOneAttemptWithinTheDeadline) {
  FakeHttpServer server;
  server.route("GET", "/silent", {.body = "{}", .delay_seconds = 60});
  Options options = quick(3);
  options.timeout_seconds = 0.3;
  CurlClient client(options);
  Error e = error_of([&] { client.send({.url = server.url() + "/silent"}); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_TRUE(contains(e.message(), "timed out")) << e.message();
  EXPECT_TRUE(contains(e.message(), "(deadline of 0.3 s reached after 1 attempt)")) << e.message();
  EXPECT_EQ(server.requests().size(), 1U);
}

TEST(CurlClientTest, OptionsThatBoundNothingAreUsageErrors) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  for (double timeout : {0.0, -1.0, nan, inf}) {
    Options o;
    o.timeout_seconds = timeout;
    Error e = error_of([&] { CurlClient client(o); });
    EXPECT_EQ(e.code(), ExitCode::kUsage) << timeout;
    EXPECT_TRUE(contains(e.message(), "--timeout")) << e.message();
  }
  Options o;
  o.retries = -1;
  EXPECT_EQ(error_of([&] { CurlClient client(o); }).code(), ExitCode::kUsage);
  o = Options{};
  o.backoff_seconds = nan;
  EXPECT_EQ(error_of([&] { CurlClient client(o); }).code(), ExitCode::kUsage);
  o = Options{};
  o.connect_timeout_seconds = 0;
  EXPECT_EQ(error_of([&] { CurlClient client(o); }).code(), ExitCode::kUsage);
  o = Options{};
  o.max_body_bytes = 0;
  EXPECT_EQ(error_of([&] { CurlClient client(o); }).code(), ExitCode::kUsage);
}

TEST(CurlClientTest, ConnectionRefusedNamesRedactedUrlAndAttempts) {
  int port = closed_port();
  std::string url = "http://alice:hunter2@127.0.0.1:" + std::to_string(port) +
                    "/api/2.0/mlflow/runs/get?run_id=r1&token=tok-secret-1";
  CurlClient client(quick(2));
  Error e = error_of([&] {
    client.send({.url = url, .headers = {{"Authorization", "Bearer bearer-secret-2"}}});
  });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  std::string redacted =
      "http://127.0.0.1:" + std::to_string(port) + "/api/2.0/mlflow/runs/get?run_id=r1&token=***";
  EXPECT_NE(e.message().find("cannot reach " + redacted + " (GET): "), std::string::npos)
      << e.message();
  EXPECT_NE(e.message().find("(after 3 attempts)"), std::string::npos) << e.message();
  EXPECT_NE(e.message().find("check the URL and that the server is up"), std::string::npos);
  EXPECT_EQ(e.message().find("hunter2"), std::string::npos);
  EXPECT_EQ(e.message().find("alice"), std::string::npos);
  EXPECT_EQ(e.message().find("tok-secret-1"), std::string::npos);
  EXPECT_EQ(e.message().find("bearer-secret-2"), std::string::npos);
}

TEST(CurlClientTest, TimeoutIsAnErrorMentioningTheTimeout) {
  FakeHttpServer server;
  server.route("GET", "/slow", {.body = "{}", .delay_seconds = 60});
  Options options = quick(0);
  options.timeout_seconds = 0.2;
  CurlClient client(options);
  Error e = error_of([&] { client.send({.url = server.url() + "/slow"}); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("timed out"), std::string::npos) << e.message();
  EXPECT_NE(e.message().find("(deadline of 0.2 s reached after 1 attempt)"), std::string::npos)
      << e.message();
  EXPECT_NE(e.message().find("allow more than 0.2 s (--timeout)"), std::string::npos)
      << e.message();
  EXPECT_EQ(server.requests().size(), 1U);
}

TEST(CurlClientTest, ClosedConnectionIsRetriedThenAnError) {
  FakeHttpServer server;
  server.route("GET", "/hangup", {.close_without_response = true});
  CurlClient client(quick(1));
  Error e = error_of([&] { client.send({.url = server.url() + "/hangup"}); });
  EXPECT_NE(e.message().find("Empty reply from server"), std::string::npos) << e.message();
  EXPECT_NE(e.message().find("(after 2 attempts)"), std::string::npos) << e.message();
  EXPECT_EQ(server.requests().size(), 2U);
}

// A server that answers, but one byte every 50 ms: the whole-request timeout still applies.
TEST(CurlClientTest, ByteByByteAnswerTimesOut) {
  FakeHttpServer server;
  server.route("GET", "/trickle", {.body = std::string(2000, 'x'), .trickle_seconds = 0.05});
  Options options = quick(0);
  options.timeout_seconds = 0.5;
  CurlClient client(options);
  Error e = error_of([&] { client.send({.url = server.url() + "/trickle"}); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("timed out"), std::string::npos) << e.message();
}

// Content-Length promises 1000 bytes, 10 arrive, then the connection closes.
TEST(CurlClientTest, ConnectionClosedMidBodyIsAnError) {
  FakeHttpServer server;
  server.route("GET", "/cut", {.body = std::string(1000, 'x'), .truncate_body_at = 10});
  CurlClient client(quick(0));
  Error e = error_of([&] { client.send({.url = server.url() + "/cut"}); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("cannot reach " + server.url() + "/cut"), std::string::npos)
      << e.message();
}

Options small_limit() {
  Options options = quick(2);
  options.max_body_bytes = 64 << 10;
  return options;
}

// The default limit is 64 MiB, and a Content-Length over it is refused before any of the body
// is read: this server announces 65 MiB and sends one byte (a client that read on would report
// the connection closed early, and retry).
TEST(CurlClientTest, AnnouncedBodyOverTheDefaultLimitIsRefusedUpFront) {
  FakeHttpServer server;
  server.route("GET", "/huge", {.body = "x", .announced_length = std::size_t{65} << 20});
  EXPECT_EQ(Options{}.max_body_bytes, std::size_t{64} << 20);
  Options options = quick(2);
  options.max_body_bytes = Options{}.max_body_bytes;
  CurlClient client(options);
  Error e = error_of([&] { client.send({.url = server.url() + "/huge"}); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_TRUE(contains(e.message(), "cannot reach " + server.url() +
                                        "/huge (GET): the response "
                                        "is larger than 64 MiB"))
      << e.message();
  EXPECT_FALSE(contains(e.message(), "attempts")) << e.message();
  EXPECT_EQ(server.requests().size(), 1U);
}

TEST(CurlClientTest, BodyOverTheLimitWithContentLengthIsRefusedWithoutRetry) {
  FakeHttpServer server;
  server.route("POST", "/big", {.body = std::string(65 << 10, 'x')});
  CurlClient client(small_limit());
  Error e = error_of([&] { client.send({.method = "POST", .url = server.url() + "/big"}); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_TRUE(contains(e.message(), "the response is larger than 64 KiB")) << e.message();
  EXPECT_EQ(server.requests().size(), 1U);
}

// Without Content-Length the body is counted as it arrives.
TEST(CurlClientTest, ChunkedBodyOverTheLimitIsRefusedWithoutRetry) {
  FakeHttpServer server;
  server.route("GET", "/stream", {.body = std::string(1 << 20, 'x'), .chunked = true});
  CurlClient client(small_limit());
  Error e = error_of([&] { client.send({.url = server.url() + "/stream"}); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_TRUE(contains(e.message(), "the response is larger than 64 KiB")) << e.message();
  EXPECT_EQ(server.requests().size(), 1U);
}

TEST(CurlClientTest, BodiesUpToTheLimitArriveWhole) {
  FakeHttpServer server;
  server.route("GET", "/exact", {.body = std::string(64 << 10, 'x')});
  server.route("GET", "/chunked", {.body = std::string(64 << 10, 'y'), .chunked = true});
  CurlClient client(small_limit());
  EXPECT_EQ(client.send({.url = server.url() + "/exact"}).body, std::string(64 << 10, 'x'));
  Response r = client.send({.url = server.url() + "/chunked"});
  EXPECT_EQ(r.body, std::string(64 << 10, 'y'));
  EXPECT_EQ(r.header("transfer-encoding"), "chunked");
}

// A HEAD answer announces the length of a body it does not send: no limit applies to it.
TEST(CurlClientTest, HeadIsNotRefusedForTheLengthItAnnounces) {
  FakeHttpServer server;
  server.route("HEAD", "/m", {.announced_length = std::size_t{1} << 30});
  EXPECT_EQ(CurlClient(small_limit()).send({.method = "HEAD", .url = server.url() + "/m"}).status,
            200);
}

TEST(CurlClientTest, TlsFailureIsNotRetried) {
  FakeHttpServer server;  // speaks plain HTTP, so a TLS handshake fails
  server.route("GET", "/x", {.body = "{}"});
  CurlClient client(quick(2));
  std::string url = server.url() + "/x";
  url.replace(0, 4, "https");
  Error e = error_of([&] { client.send({.url = url}); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("cannot reach https://127.0.0.1:"), std::string::npos);
  EXPECT_EQ(e.message().find("attempts"), std::string::npos) << e.message();
  EXPECT_NE(e.hint().find("certificate"), std::string::npos) << e.hint();
}

TEST(CurlClientTest, UnsupportedSchemeIsRejected) {
  CurlClient client(quick(2));
  Error e = error_of([&] { client.send({.url = "file:///etc/passwd"}); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.hint().find("http:// or https://"), std::string::npos) << e.message();
}

TEST(CurlClientTest, HeaderWithLineBreakIsRejectedWithoutPrintingIt) {
  FakeHttpServer server;
  CurlClient client(quick());
  Error e = error_of([&] {
    client.send({.url = server.url() + "/x", .headers = {{"Authorization", "Bearer abc123\n"}}});
  });
  EXPECT_NE(e.message().find("Authorization header"), std::string::npos) << e.message();
  EXPECT_EQ(e.message().find("abc123"), std::string::npos);
  EXPECT_TRUE(server.requests().empty());
}

TEST(CurlClientTest, ResponseHeadersHaveLowerCaseNamesAndTrimmedValues) {
  FakeHttpServer server;
  server.route("GET", "/h",
               {.body = "{}",
                .headers = {{"Docker-Content-Digest", "  sha256:abc  "},
                            {"WWW-Authenticate", R"(Bearer realm="https://a/t")"},
                            {"Www-Authenticate", R"(Basic realm="r")"}}});
  CurlClient client(quick());
  Response r = client.send({.url = server.url() + "/h"});
  EXPECT_EQ(r.header("docker-content-digest"), "sha256:abc");
  EXPECT_EQ(r.header("Docker-Content-Digest"), "sha256:abc");
  EXPECT_EQ(r.header("content-type"), "application/json");
  EXPECT_EQ(r.header("x-absent"), "");
  EXPECT_EQ(r.header("www-authenticate"), R"(Bearer realm="https://a/t")");
  EXPECT_EQ(r.header_list("WWW-Authenticate"), R"(Bearer realm="https://a/t", Basic realm="r")");
  for (const auto& [name, value] : r.headers) {
    EXPECT_EQ(name.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), std::string::npos) << name;
    EXPECT_EQ(value.find_first_of("\r\n"), std::string::npos) << name;
  }
}

TEST(CurlClientTest, HeadReturnsHeadersAndNoBody) {
  FakeHttpServer server;
  server.route("HEAD", "/v2/ci/hello/manifests/1.0",
               {.status = 200,
                .content_type = "application/vnd.oci.image.manifest.v1+json",
                .headers = {{"Docker-Content-Digest", "sha256:0123"}}});
  CurlClient client(quick());
  Response r = client.send({.method = "HEAD", .url = server.url() + "/v2/ci/hello/manifests/1.0"});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "");
  EXPECT_EQ(r.header("docker-content-digest"), "sha256:0123");
  EXPECT_EQ(r.content_type, "application/vnd.oci.image.manifest.v1+json");
  ASSERT_EQ(server.requests().size(), 1U);
  EXPECT_EQ(server.requests()[0].method, "HEAD");
}

// Only the answer that was returned contributes headers, not the 503s before it.
TEST(CurlClientTest, HeadersComeFromTheLastAttempt) {
  FakeHttpServer server;
  server.route("GET", "/flaky", {.body = "ok", .fail_times = 1, .headers = {{"X-Final", "yes"}}});
  CurlClient client(quick(2));
  Response r = client.send({.url = server.url() + "/flaky"});
  EXPECT_EQ(r.attempts, 2);
  EXPECT_EQ(r.header("x-final"), "yes");
  EXPECT_EQ(r.header_list("content-type"), "application/json");
}

TEST(CurlClientTest, RedirectIsReturnedNotFollowed) {
  FakeHttpServer server;
  server.route("GET", "/moved", {.status = 307, .headers = {{"Location", "/elsewhere"}}});
  server.route("GET", "/elsewhere", {.body = "{}"});
  CurlClient client(quick());
  Response r = client.send({.url = server.url() + "/moved"});
  EXPECT_EQ(r.status, 307);
  EXPECT_EQ(r.header("location"), "/elsewhere");
  EXPECT_EQ(server.requests().size(), 1U);
}

// What a server echoes of the request in an error body is redacted before anyone sees it; a
// 2xx body is data (a token server's token) and is left alone.
TEST(CurlClientTest, ErrorBodiesComeBackWithTheRequestSecretsRedacted) {
  FakeHttpServer server;
  auto echo = [](int status) {
    return [status](const RecordedRequest& r) {
      std::string auth = r.headers.count("authorization") ? r.headers.at("authorization") : "";
      return CannedResponse{.status = status,
                            .body = "you sent Authorization: " + auth + " and query " + r.query};
    };
  };
  server.route("GET", "/denied", echo(401));
  server.route("GET", "/broken", echo(500));
  server.route("GET", "/fine", echo(200));
  CurlClient client(quick(0));
  const std::string token = "tok-echo-secret-1";
  for (const std::string path : {"/denied", "/broken"}) {
    Response r = client.send({.url = server.url() + path + "?run=1&access_token=q-secret-2",
                              .headers = {{"Authorization", "Bearer " + token}}});
    EXPECT_EQ(r.body, "you sent Authorization: *** and query run=1&access_token=***") << path;
  }
  Response ok = client.send(
      {.url = server.url() + "/fine", .headers = {{"Authorization", "Bearer " + token}}});
  EXPECT_EQ(ok.body, "you sent Authorization: Bearer " + token + " and query ");
}

TEST(RedactSecretsTest, FindsTheSecretsOfARequest) {
  Request basic{.url = "https://bob:url-pw%2F1@h/p?token=t%2B1&run_id=9#sig=frag",
                .headers = {{"Authorization", "Basic " + base64_encode("alice:pw-3")},
                            {"X-Api-Key", "key-4"},
                            {"Content-Type", "application/x-www-form-urlencoded"},
                            {"Accept", "application/json"}},
                .body = "grant_type=refresh_token&refresh_token=rt%2F5&client_id=me"};
  std::vector<std::string> s = secrets_of(basic);
  for (const std::string& expected :
       {"Basic " + base64_encode("alice:pw-3"), base64_encode("alice:pw-3"),
        std::string("alice:pw-3"), std::string("pw-3"), std::string("key-4"),
        std::string("url-pw%2F1"), std::string("url-pw/1"), std::string("t%2B1"),
        std::string("t+1"), std::string("rt%2F5"), std::string("rt/5")}) {
    EXPECT_NE(std::find(s.begin(), s.end(), expected), s.end()) << expected;
  }
  for (const char* not_secret : {"application/json", "9", "refresh_token", "me", "bob"}) {
    EXPECT_EQ(std::find(s.begin(), s.end(), not_secret), s.end()) << not_secret;
  }
  // A JSON body is no form: its fields are not guessed at.
  EXPECT_TRUE(secrets_of({.url = "http://h/", .body = "token=x"}).empty());
}

TEST(RedactSecretsTest, ReplacesEveryFormOfEverySecretLongestFirst) {
  const std::vector<std::string> secrets = {"Bearer a/b\"c", "a/b\"c", "p w!"};
  EXPECT_EQ(redact_secrets(R"(got Bearer a/b"c, a\/b\"c, a/b\"c and p%20w%21 then p w!)", secrets),
            "got ***, ***, *** and *** then ***");
  EXPECT_EQ(redact_secrets("nothing to hide", secrets), "nothing to hide");
  EXPECT_EQ(redact_secrets("", secrets), "");
  EXPECT_EQ(redact_secrets("x", std::vector<std::string>{""}), "x");
  // A secret too short to find reliably withholds a text it occurs in, rather than garbling it.
  EXPECT_EQ(redact_secrets(R"({"error_code": "UNAUTHENTICATED", "message": "bad pw"})",
                           std::vector<std::string>{"pw"}),
            kWithheld);
  EXPECT_EQ(redact_secrets("no such thing", std::vector<std::string>{"pw"}), "no such thing");
}

TEST(ParseUrlTest, TheHostIsTheOneARequestGoesTo) {
  struct Case {
    std::string url, scheme, host;
  };
  for (const Case& c : {Case{"http://localhost:1@example.org/token", "http", "example.org"},
                        Case{"http://127.0.0.1@evil.example/", "http", "evil.example"},
                        Case{"HTTP://localhost:1@Example.ORG/token", "http", "example.org"},
                        Case{"http://[::1]:5000/token", "http", "[::1]"},
                        Case{"http://[0:0::1]/token", "http", "[::1]"},
                        Case{"http://127.1/token", "http", "127.0.0.1"},
                        Case{"HtTpS://auth.docker.io/token?x=1", "https", "auth.docker.io"},
                        Case{"http://localhost#@evil.example/", "http", "localhost"}}) {
    std::optional<UrlParts> p = parse_url(c.url);
    ASSERT_TRUE(p.has_value()) << c.url;
    EXPECT_EQ(p->scheme, c.scheme) << c.url;
    EXPECT_EQ(p->host, c.host) << c.url;
  }
  std::optional<UrlParts> p = parse_url("http://localhost:1@example.org:8080/token");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->user, "localhost");
  EXPECT_EQ(p->password, "1");
  EXPECT_EQ(p->port, "8080");
  EXPECT_EQ(p->path, "/token");
  const std::vector<std::string> bad_urls = {"", "example.org/token", "http://a b/", "http://",
                                             std::string("http://h\0/", 10)};
  for (const std::string& bad : bad_urls) {
    EXPECT_FALSE(parse_url(bad).has_value()) << bad;
  }
}

TEST(RedactUrlTest, DropsUserinfo) {
  EXPECT_EQ(redact_url("https://user:pa55@mlflow.example.com:5000/api?x=1"),
            "https://mlflow.example.com:5000/api?x=1");
  EXPECT_EQ(redact_url("http://token@host/path"), "http://host/path");
  EXPECT_EQ(redact_url("http://u:p?#w@host/path"), "http://host/path");
}

TEST(RedactUrlTest, HidesValuesOfSecretLookingQueryKeys) {
  EXPECT_EQ(redact_url("https://h/p?run_id=abc&access_token=t1&api_key=k1"),
            "https://h/p?run_id=abc&access_token=***&api_key=***");
  EXPECT_EQ(redact_url("https://s3/b/o?X-Amz-Signature=ff&X-Amz-Credential=c&v=1"),
            "https://s3/b/o?X-Amz-Signature=***&X-Amz-Credential=***&v=1");
  EXPECT_EQ(redact_url("https://h/p?password=p&Secret=s&sig=x&flag"),
            "https://h/p?password=***&Secret=***&sig=***&flag");
}

TEST(RedactUrlTest, KeepsOrdinaryUrlsAndDropsFragments) {
  EXPECT_EQ(redact_url("http://127.0.0.1:5000/api/2.0/mlflow/runs/get?run_id=42"),
            "http://127.0.0.1:5000/api/2.0/mlflow/runs/get?run_id=42");
  EXPECT_EQ(redact_url("https://h/p#access_token=zzz"), "https://h/p");
  EXPECT_EQ(redact_url("https://h/a@b/c"), "https://h/a@b/c");  // '@' in the path is no userinfo
  EXPECT_EQ(redact_url("user:pw@host:5000/x"), "host:5000/x");
  EXPECT_EQ(redact_url(""), "");
}

TEST(PercentEncodeTest, EncodesAllButUnreserved) {
  EXPECT_EQ(percent_encode("run_id='abc-1.2~x'"), "run_id%3D%27abc-1.2~x%27");
  EXPECT_EQ(percent_encode("a b/c&d?e#f+g"), "a%20b%2Fc%26d%3Fe%23f%2Bg");
  EXPECT_EQ(percent_encode("é"), "%C3%A9");
  EXPECT_EQ(percent_encode(""), "");
}

}  // namespace
}  // namespace mlops::net
