#include "tag/registry.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "common/error_of.h"
#include "crypto/sha256.h"
#include "support/fake_http_server.h"
#include "tag/test_base64.h"

namespace mlops::tag {
namespace {

using mlops::testing::CannedResponse;
using mlops::testing::closed_port;
using mlops::testing::error_of;
using mlops::testing::expect_no_secret;
using mlops::testing::FakeHttpServer;
using mlops::testing::RecordedRequest;

constexpr const char* kDigest =
    "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b";
constexpr const char* kOciManifest = "application/vnd.oci.image.manifest.v1+json";

// Fast retries so that the 5xx and connection tests do not sleep.
net::Options quick() {
  net::Options options;
  options.retries = 1;
  options.backoff_seconds = 0.01;
  options.timeout_seconds = 60;  // a deadline no busy machine reaches
  return options;
}

// "a=1&b=x%2Fy&b=z" → {a: [1], b: [x/y, z]}
std::map<std::string, std::vector<std::string>> parse_query(const std::string& query) {
  std::map<std::string, std::vector<std::string>> out;
  std::stringstream in(query);
  for (std::string pair; std::getline(in, pair, '&');) {
    auto eq = pair.find('=');
    std::string value;
    std::string raw = eq == std::string::npos ? "" : pair.substr(eq + 1);
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '%' && i + 2 < raw.size()) {
        value += static_cast<char>(std::stoi(raw.substr(i + 1, 2), nullptr, 16));
        i += 2;
      } else {
        value += raw[i] == '+' ? ' ' : raw[i];
      }
    }
    out[pair.substr(0, eq)].push_back(value);
  }
  return out;
}

std::string header_of(const RecordedRequest& r, const std::string& name) {
  auto it = r.headers.find(name);
  return it == r.headers.end() ? "" : it->second;
}

// ---- token responses ----

TEST(TokenResponseTest, TokenOrAccessToken) {
  EXPECT_EQ(
      parse_token_response(
          R"({"token": "eyJ.a-b_c.d", "expires_in": 300, "issued_at": "2009-11-10T23:00:00Z"})"),
      "eyJ.a-b_c.d");
  EXPECT_EQ(parse_token_response(R"({"access_token": "at1", "expires_in": 60})"), "at1");
  EXPECT_EQ(parse_token_response(R"({"token": "t1", "access_token": "t2"})"), "t1");
  EXPECT_EQ(parse_token_response(R"({"token": "", "access_token": "t2"})"), "t2");
}

TEST(TokenResponseTest, MalformedAnswersAreErrorsThatDoNotQuoteTheBody) {
  for (const char* body :
       {"", "not json", "[]", "\"tok\"", R"({"token": 5})", "{}", R"({"token": ""})",
        R"({"token": "secret value"})", "{\"token\": \"secret\\nx\"}", R"({"access_token": null})",
        R"({"token": "secret)"}) {
    Error e = error_of([&] { parse_token_response(body); });
    EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate) << body;
    EXPECT_NE(e.message().find("token server"), std::string::npos) << body;
    expect_no_secret(e, {"secret"});
  }
}

// ---- check_manifest against a fake registry ----

class CheckManifestTest : public ::testing::Test {
 protected:
  ManifestStatus check(const Credentials& credentials, const std::string& tag = "1.0") {
    return check_manifest(client_, image_, tag, credentials);
  }
  Error check_error(const Credentials& credentials) {
    return error_of([&] { check(credentials); });
  }
  std::string head_path() const { return "/v2/ci/hello/manifests/1.0"; }
  Credentials basic(const std::string& user, const std::string& password) const {
    Credentials c;
    c.username = user;
    c.password = password;
    c.source = "MLOPS_REGISTRY_USERNAME and MLOPS_REGISTRY_PASSWORD";
    return c;
  }

  FakeHttpServer registry_;
  FakeHttpServer auth_;  // the token server: another host, as on Docker Hub
  net::CurlClient client_{quick()};
  ImageRef image_ = parse_image_ref("127.0.0.1:" + std::to_string(registry_.port()) + "/ci/hello");
};

TEST_F(CheckManifestTest, ExistingManifestReportsDigestAndMediaType) {
  registry_.route("HEAD", head_path(),
                  {.status = 200,
                   .content_type = kOciManifest,
                   .headers = {{"Docker-Content-Digest", kDigest}}});
  ManifestStatus s = check({});
  EXPECT_TRUE(s.exists);
  EXPECT_EQ(s.digest, kDigest);
  EXPECT_EQ(s.media_type, kOciManifest);
  auto requests = registry_.requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].method, "HEAD");
  std::string accept = header_of(requests[0], "accept");
  for (const char* type :
       {"application/vnd.oci.image.manifest.v1+json", "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json"}) {
    EXPECT_NE(accept.find(type), std::string::npos) << type;
  }
  EXPECT_EQ(header_of(requests[0], "authorization"), "");
}

TEST_F(CheckManifestTest, NotFoundIsAbsent) {
  ManifestStatus s = check({}, "2.0");  // no route: 404
  EXPECT_FALSE(s.exists);
  EXPECT_EQ(s.digest, "");
}

TEST_F(CheckManifestTest, DigestRefersToAManifestToo) {
  registry_.route("HEAD", std::string("/v2/ci/hello/manifests/") + kDigest,
                  {.status = 200, .headers = {{"Docker-Content-Digest", kDigest}}});
  EXPECT_TRUE(check({}, kDigest).exists);
}

// Docker-Content-Digest is optional: the manifest is fetched and hashed instead.
TEST_F(CheckManifestTest, MissingDigestHeaderFallsBackToHashingTheManifest) {
  const std::string manifest = R"({"schemaVersion":2,"mediaType":")" + std::string(kOciManifest) +
                               R"(","config":{},"layers":[]})";
  registry_.route("HEAD", head_path(), {.status = 200, .content_type = kOciManifest});
  registry_.route("GET", head_path(),
                  {.status = 200, .body = manifest, .content_type = kOciManifest});
  ManifestStatus s = check({});
  EXPECT_TRUE(s.exists);
  EXPECT_EQ(s.digest, "sha256:" + crypto::sha256_hex(manifest));
  EXPECT_EQ(registry_.requests().size(), 2U);
}

// The flow of the distribution token authentication specification: the registry challenges,
// the token server authenticates the client with Basic credentials and checks service and
// scope, and the registry accepts the retried request only with the token it issued.
class TokenFlowTest : public CheckManifestTest {
 protected:
  void SetUp() override {
    const std::string challenge = "Bearer realm=\"" + auth_.url() +
                                  "/token\",service=\"registry.test\",scope=\"repository:ci/hello:"
                                  "pull\"";
    registry_.route("HEAD", head_path(), [this, challenge](const RecordedRequest& r) {
      if (header_of(r, "authorization") == "Bearer " + granted_) {
        return CannedResponse{.status = 200,
                              .content_type = kOciManifest,
                              .headers = {{"Docker-Content-Digest", kDigest}}};
      }
      return CannedResponse{
          .status = 401,
          .headers = {{"Www-Authenticate", challenge + ",error=\"insufficient_scope\""}}};
    });
    auth_.route("GET", "/token", [this](const RecordedRequest& r) {
      auto query = parse_query(r.query);
      if (query["service"] != std::vector<std::string>{"registry.test"} ||
          query["scope"] != std::vector<std::string>{"repository:ci/hello:pull"}) {
        return CannedResponse{.status = 400, .body = R"({"details": "bad service or scope"})"};
      }
      std::string auth = header_of(r, "authorization");
      if (auth.empty()) {  // anonymous: a token without access, as the spec allows
        return CannedResponse{.status = 200, .body = R"({"token": "anonymous-token"})"};
      }
      if (auth != "Basic " + b64("alice:s3cret-pw")) {
        return CannedResponse{.status = 401, .body = R"({"details": "incorrect username"})"};
      }
      return CannedResponse{.status = 200,
                            .body =
                                R"({"token": "issued-token-1", "access_token": "issued-token-1",)"
                                R"( "expires_in": 300, "issued_at": "2024-01-01T00:00:00Z"})"};
    });
  }
  std::string granted_ = "issued-token-1";
};

TEST_F(TokenFlowTest, CredentialsAreExchangedForATokenThatTheRetryCarries) {
  ManifestStatus s = check(basic("alice", "s3cret-pw"));
  EXPECT_TRUE(s.exists);
  EXPECT_EQ(s.digest, kDigest);
  auto r = registry_.requests();
  ASSERT_EQ(r.size(), 2U);
  EXPECT_EQ(header_of(r[0], "authorization"), "");
  EXPECT_EQ(header_of(r[1], "authorization"), "Bearer issued-token-1");
  auto a = auth_.requests();
  ASSERT_EQ(a.size(), 1U);
  EXPECT_EQ(a[0].method, "GET");
  EXPECT_EQ(header_of(a[0], "authorization"), "Basic " + b64("alice:s3cret-pw"));
}

TEST_F(TokenFlowTest, AbsentTagAfterTheTokenIsAbsent) {
  registry_.route("HEAD", "/v2/ci/hello/manifests/2.0", [this](const RecordedRequest& r) {
    return header_of(r, "authorization") == "Bearer issued-token-1"
               ? CannedResponse{.status = 404}
               : CannedResponse{
                     .status = 401,
                     .headers = {{"WWW-Authenticate", "Bearer realm=\"" + auth_.url() +
                                                          "/token\",service=\"registry.test\""}}};
  });
  EXPECT_FALSE(check(basic("alice", "s3cret-pw"), "2.0").exists);
}

// A public repository: the token server hands out a token without credentials.
TEST_F(TokenFlowTest, AnonymousTokenForAPublicRepository) {
  granted_ = "anonymous-token";
  EXPECT_TRUE(check({}).exists);
  ASSERT_EQ(auth_.requests().size(), 1U);
  EXPECT_EQ(header_of(auth_.requests()[0], "authorization"), "");
}

// A private repository without credentials: the anonymous token does not open it.
TEST_F(TokenFlowTest, AnonymousRefusedIsAUsageErrorAskingForCredentials) {
  Credentials none;
  none.note = "the Docker config c leaves the credentials of r to docker-credential-desktop";
  Error e = check_error(none);
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_NE(e.message().find("wants credentials to read ci/hello"), std::string::npos)
      << e.message();
  EXPECT_NE(e.hint().find("MLOPS_REGISTRY_USERNAME"), std::string::npos) << e.hint();
  EXPECT_NE(e.hint().find("docker-credential-desktop"), std::string::npos) << e.hint();
}

TEST_F(TokenFlowTest, WrongPasswordIsRefusedWithExit3AndNeverPrinted) {
  Error e = check_error(basic("alice", "wr0ng-pw"));
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("token server"), std::string::npos) << e.message();
  EXPECT_NE(e.message().find("refused the credentials from MLOPS_REGISTRY_USERNAME"),
            std::string::npos)
      << e.message();
  EXPECT_NE(e.message().find("401"), std::string::npos) << e.message();
  expect_no_secret(e, {"wr0ng-pw", b64("alice:wr0ng-pw")});
}

TEST_F(TokenFlowTest, RegistryRefusingTheIssuedTokenIsExit3) {
  granted_ = "some-other-token";
  Error e = check_error(basic("alice", "s3cret-pw"));
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("answered 401"), std::string::npos) << e.message();
  expect_no_secret(e, {"s3cret-pw", "issued-token-1"});
}

TEST_F(TokenFlowTest, TokenEndpoint500IsExit3) {
  auth_.route("GET", "/token", CannedResponse{.status = 500, .body = "oops"});
  Error e = check_error(basic("alice", "s3cret-pw"));
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("token server answered 500 to GET " + auth_.url() + "/token?"),
            std::string::npos)
      << e.message();
  EXPECT_NE(e.message().find("after 2 attempts"), std::string::npos) << e.message();
  expect_no_secret(e, {"s3cret-pw"});
}

TEST_F(TokenFlowTest, MalformedTokenAnswerIsExit3) {
  auth_.route("GET", "/token",
              CannedResponse{.status = 200, .body = R"({"tokn": "leaked-value"})"});
  Error e = check_error(basic("alice", "s3cret-pw"));
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("malformed answer from the registry's token server"),
            std::string::npos)
      << e.message();
  expect_no_secret(e, {"leaked-value"});
}

// An identity token (docker login to some registries) is exchanged with the OAuth2
// refresh-token grant: a POST with a form body, answered with access_token.
TEST_F(TokenFlowTest, IdentityTokenUsesTheRefreshTokenGrant) {
  auth_.route("POST", "/token", [](const RecordedRequest& r) {
    auto form = parse_query(r.body);
    bool ok = header_of(r, "content-type") == "application/x-www-form-urlencoded" &&
              form["grant_type"] == std::vector<std::string>{"refresh_token"} &&
              form["refresh_token"] == std::vector<std::string>{"refresh/1+x"} &&
              form["service"] == std::vector<std::string>{"registry.test"} &&
              form["scope"] == std::vector<std::string>{"repository:ci/hello:pull"} &&
              !form["client_id"].empty();
    return ok ? CannedResponse{.status = 200, .body = R"({"access_token": "issued-token-1"})"}
              : CannedResponse{.status = 400, .body = "{}"};
  });
  Credentials c;
  c.identity_token = "refresh/1+x";
  c.source = "test";
  EXPECT_TRUE(check(c).exists);
  EXPECT_EQ(header_of(auth_.requests().at(0), "authorization"), "");
}

// A plain-http realm on another host would carry the credentials unencrypted.
TEST_F(CheckManifestTest, PlainHttpRealmOffLoopbackIsRefusedBeforeSendingCredentials) {
  registry_.route("HEAD", head_path(),
                  {.status = 401,
                   .headers = {{"WWW-Authenticate",
                                R"(Bearer realm="http://auth.invalid/token",service="s")"}}});
  Error e = check_error(basic("alice", "s3cret-pw"));
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("plain http"), std::string::npos) << e.message();
  EXPECT_EQ(registry_.requests().size(), 1U);
}

// The guard judges the host the request would go to, as libcurl parses the realm: userinfo
// before an '@' is no host, and the scheme is case-insensitive.
TEST_F(CheckManifestTest, PlainHttpRealmIsJudgedByItsRealHost) {
  for (const std::string realm :
       {"http://localhost:1@example.org/token", "http://127.0.0.1@evil.example/",
        "http://localhost@evil.example:80/token", "HTTP://auth.invalid/token",
        "hTTp://[::1]@auth.invalid/token"}) {
    registry_.route(
        "HEAD", head_path(),
        {.status = 401, .headers = {{"WWW-Authenticate", "Bearer realm=\"" + realm + "\""}}});
    Error e = check_error(basic("alice", "s3cret-pw"));
    EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate) << realm;
    EXPECT_NE(e.message().find("is plain http, so credentials would cross the network"),
              std::string::npos)
        << realm << ": " << e.message();
    expect_no_secret(e, {"s3cret-pw", b64("alice:s3cret-pw")});
  }
  EXPECT_EQ(registry_.requests().size(), 5U);  // one HEAD each, and nothing sent to a realm
}

// A realm on this machine may be plain http: IPv6 loopback too (nothing listens there, so the
// request to it fails, after the guard let it through).
TEST_F(CheckManifestTest, PlainHttpRealmOnIpv6LoopbackIsAllowed) {
  const std::string realm = "http://[::1]:" + std::to_string(closed_port()) + "/token";
  registry_.route(
      "HEAD", head_path(),
      {.status = 401, .headers = {{"WWW-Authenticate", "Bearer realm=\"" + realm + "\""}}});
  Error e = check_error(basic("alice", "s3cret-pw"));
  EXPECT_EQ(e.message().find("plain http"), std::string::npos) << e.message();
  EXPECT_NE(e.message().find("cannot reach " + realm), std::string::npos) << e.message();
}

TEST_F(CheckManifestTest, BasicChallengeIsAnsweredWithTheCredentials) {
  registry_.route("HEAD", head_path(), [](const RecordedRequest& r) {
    if (header_of(r, "authorization") == "Basic " + b64("bob:pw-b")) {
      return CannedResponse{.status = 200, .headers = {{"Docker-Content-Digest", kDigest}}};
    }
    return CannedResponse{.status = 401,
                          .headers = {{"Www-Authenticate", R"(Basic realm="Registry Realm")"}}};
  });
  ManifestStatus s = check(basic("bob", "pw-b"));
  EXPECT_TRUE(s.exists);
  EXPECT_EQ(s.digest, kDigest);

  Error e = check_error(basic("bob", "bad-pw-b"));
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("refused the credentials"), std::string::npos) << e.message();
  expect_no_secret(e, {"bad-pw-b", b64("bob:bad-pw-b")});

  e = check_error({});
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_NE(e.message().find("wants credentials"), std::string::npos) << e.message();
}

TEST_F(CheckManifestTest, RegistryTokenIsSentUpFront) {
  registry_.route("HEAD", head_path(), [](const RecordedRequest& r) {
    return header_of(r, "authorization") == "Bearer reg-token-1"
               ? CannedResponse{.status = 200, .headers = {{"Docker-Content-Digest", kDigest}}}
               : CannedResponse{.status = 401,
                                .headers = {{"WWW-Authenticate", R"(Bearer realm="x")"}}};
  });
  Credentials c;
  c.registry_token = "reg-token-1";
  c.source = "MLOPS_REGISTRY_TOKEN";
  EXPECT_TRUE(check(c).exists);
  EXPECT_EQ(registry_.requests().size(), 1U);
  c.registry_token = "reg-token-2";
  Error e = check_error(c);
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("refused the credentials from MLOPS_REGISTRY_TOKEN"),
            std::string::npos)
      << e.message();
  expect_no_secret(e, {"reg-token-2"});
}

TEST_F(CheckManifestTest, UnreadableOrUnanswerableChallengesAreExit3) {
  struct Case {
    std::string header, expected;
  };
  for (const Case& c : {Case{R"(Bearer realm="unterminated)", "malformed WWW-Authenticate"},
                        Case{R"(Bearer service="s")", "names no realm"},
                        Case{R"(Bearer realm="ftp://x/token")", "is not an http(s) URL"},
                        Case{"Negotiate abc==", "cannot answer"}, Case{"", "without a WWW"}}) {
    CannedResponse r{.status = 401};
    if (!c.header.empty()) r.headers = {{"WWW-Authenticate", c.header}};
    registry_.route("HEAD", head_path(), r);
    Error e = check_error(basic("alice", "s3cret-pw"));
    EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate) << c.header;
    EXPECT_NE(e.message().find(c.expected), std::string::npos) << e.message();
    if (c.expected == "malformed WWW-Authenticate") {
      // net's parser names no server; the client says it is the registry.
      EXPECT_EQ(e.hint(),
                "the registry's authentication challenge cannot be read; check the "
                "registry");
    }
  }
}

TEST_F(CheckManifestTest, ServerErrorIsExit3NamingUrlAndStatus) {
  registry_.route("HEAD", head_path(), {.status = 500});
  Error e = check_error({});
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("HEAD " + registry_.url() + head_path() +
                             " answered 500 after 2 "
                             "attempts"),
            std::string::npos)
      << e.message();
}

TEST_F(CheckManifestTest, ForbiddenWithCredentialsIsExit3) {
  registry_.route("HEAD", head_path(), {.status = 403});
  EXPECT_EQ(check_error(basic("alice", "s3cret-pw")).code(), ExitCode::kCannotEvaluate);
  EXPECT_EQ(check_error({}).code(), ExitCode::kUsage);
}

TEST_F(CheckManifestTest, InvalidTagIsAUsageError) {
  EXPECT_EQ(error_of([&] { check({}, "-bad"); }).code(), ExitCode::kUsage);
  EXPECT_TRUE(registry_.requests().empty());
}

TEST(CheckManifestNetworkTest, ConnectionRefusedIsExit3) {
  net::CurlClient client(quick());
  ImageRef image = parse_image_ref("127.0.0.1:" + std::to_string(closed_port()) + "/ci/hello");
  Credentials c;
  c.username = "alice";
  c.password = "s3cret-pw";
  Error e = error_of([&] { check_manifest(client, image, "1.0", c); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find("cannot reach http://127.0.0.1:"), std::string::npos) << e.message();
  expect_no_secret(e, {"s3cret-pw"});
}

// Which URL each registry is asked at: https unless loopback or plain http was chosen.
class RecordingClient : public net::Client {
 public:
  net::Response send(const net::Request& request) override {
    urls.push_back(request.url);
    return {.status = 404};
  }
  std::vector<std::string> urls;
};

TEST(CheckManifestUrlTest, SchemeAndHostPerRegistry) {
  RecordingClient client;
  check_manifest(client, parse_image_ref("ghcr.io/org/model"), "v1", {});
  check_manifest(client, parse_image_ref("ubuntu"), "22.04", {});
  check_manifest(client, parse_image_ref("localhost:5000/m"), "1", {});
  check_manifest(client, parse_image_ref("127.1.2.3:5000/m"), "1", {});
  check_manifest(client, parse_image_ref("127.0.0.1.nip.io:5000/m"), "1", {});
  check_manifest(client, parse_image_ref("[::1]:5000/m"), "1", {});
  check_manifest(client, parse_image_ref("registry.lan:5000/m"), "1", {}, {.plain_http = true});
  EXPECT_EQ(client.urls, (std::vector<std::string>{
                             "https://ghcr.io/v2/org/model/manifests/v1",
                             "https://registry-1.docker.io/v2/library/ubuntu/manifests/22.04",
                             "http://localhost:5000/v2/m/manifests/1",
                             "http://127.1.2.3:5000/v2/m/manifests/1",
                             "https://127.0.0.1.nip.io:5000/v2/m/manifests/1",
                             "http://[::1]:5000/v2/m/manifests/1",
                             "http://registry.lan:5000/v2/m/manifests/1",
                         }));
}

}  // namespace
}  // namespace mlops::tag
