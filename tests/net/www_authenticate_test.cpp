#include "net/www_authenticate.h"

#include <gtest/gtest.h>

#include <string>

#include "common/error_of.h"

// The WWW-Authenticate parser: real registries' challenges, several challenges in one value,
// quoted strings with escapes and commas, and malformed text.
namespace mlops::net {
namespace {

using mlops::testing::error_of;

TEST(WwwAuthenticateTest, DockerHubChallenge) {
  auto c = parse_www_authenticate(
      R"(Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/ubuntu:pull")");
  ASSERT_EQ(c.size(), 1U);
  EXPECT_EQ(c[0].scheme, "bearer");
  EXPECT_EQ(c[0].param("realm"), "https://auth.docker.io/token");
  EXPECT_EQ(c[0].param("service"), "registry.docker.io");
  EXPECT_EQ(c[0].param("scope"), "repository:library/ubuntu:pull");
  EXPECT_EQ(c[0].param("error"), "");
}

TEST(WwwAuthenticateTest, GhcrChallenge) {
  auto c = parse_www_authenticate(
      R"(Bearer realm="https://ghcr.io/token",service="ghcr.io",scope="repository:octo-org/model:pull")");
  ASSERT_EQ(c.size(), 1U);
  EXPECT_EQ(c[0].param("realm"), "https://ghcr.io/token");
  EXPECT_EQ(c[0].param("service"), "ghcr.io");
  EXPECT_EQ(c[0].param("scope"), "repository:octo-org/model:pull");
}

// The example of the distribution token authentication specification: a comma inside the
// quoted scope, and the error parameter of RFC 6750.
TEST(WwwAuthenticateTest, DistributionSpecExampleWithCommaInScope) {
  auto c = parse_www_authenticate(
      R"(Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push",error="insufficient_scope")");
  ASSERT_EQ(c.size(), 1U);
  EXPECT_EQ(c[0].param("scope"), "repository:samalba/my-app:pull,push");
  EXPECT_EQ(c[0].param("error"), "insufficient_scope");
}

TEST(WwwAuthenticateTest, BasicChallengesOfDistributionAndEcr) {
  auto c = parse_www_authenticate(R"(Basic realm="Registry Realm")");
  ASSERT_EQ(c.size(), 1U);
  EXPECT_EQ(c[0].scheme, "basic");
  EXPECT_EQ(c[0].param("realm"), "Registry Realm");
  c = parse_www_authenticate(
      R"(Basic realm="https://123456789012.dkr.ecr.us-east-1.amazonaws.com/",service="ecr.amazonaws.com")");
  ASSERT_EQ(c.size(), 1U);
  EXPECT_EQ(c[0].param("service"), "ecr.amazonaws.com");
}

// Two WWW-Authenticate fields arrive joined by ", " (net::Response::header_list).
TEST(WwwAuthenticateTest, SeveralChallenges) {
  auto c = parse_www_authenticate(
      R"(Basic realm="r", Bearer realm="https://t/token", service="s",scope="a b", Negotiate)");
  ASSERT_EQ(c.size(), 3U);
  EXPECT_EQ(c[0].scheme, "basic");
  EXPECT_EQ(c[0].param("realm"), "r");
  EXPECT_EQ(c[1].scheme, "bearer");
  EXPECT_EQ(c[1].param("service"), "s");
  EXPECT_EQ(c[1].param("scope"), "a b");
  EXPECT_EQ(c[2].scheme, "negotiate");
  EXPECT_TRUE(c[2].params.empty());
  c = parse_www_authenticate("Negotiate abc+/==, Basic, Basic realm=x");
  ASSERT_EQ(c.size(), 3U);
  EXPECT_EQ(c[0].token68, "abc+/==");
  EXPECT_TRUE(c[1].params.empty());
  EXPECT_EQ(c[2].param("realm"), "x");
}

TEST(WwwAuthenticateTest, CaseSpacesEscapesAndUnquotedUrls) {
  // token68 may end in '=', so "Basic realm=" is a token68 challenge, not an empty parameter.
  EXPECT_EQ(parse_www_authenticate("Basic realm=")[0].token68, "realm=");
  auto c = parse_www_authenticate("BEARER  Realm = \"a\\\"b\\\\c\" ,\tSERVICE=svc , ,");
  ASSERT_EQ(c.size(), 1U);
  EXPECT_EQ(c[0].scheme, "bearer");
  EXPECT_EQ(c[0].param("realm"), "a\"b\\c");
  EXPECT_EQ(c[0].param("service"), "svc");
  c = parse_www_authenticate(
      "Bearer realm=https://auth.example.com/token?x=1,service=registry.example.com");
  EXPECT_EQ(c[0].param("realm"), "https://auth.example.com/token?x=1");
  EXPECT_EQ(c[0].param("service"), "registry.example.com");
  c = parse_www_authenticate(R"(Bearer realm="first", realm="second", scope="")");
  EXPECT_EQ(c[0].param("realm"), "first");
  EXPECT_EQ(c[0].param("scope"), "");
}

TEST(WwwAuthenticateTest, MalformedHeadersAreErrorsNotCrashes) {
  for (const char* text :
       {"", "   ", ", ,", R"(Bearer realm="unterminated)",
        "Bearer service=x, realm=", R"("Bearer")", R"(Bearer realm="a" service="b")", "=x",
        "Bearer foo bar", R"(Bearer realm="x",,=y)", "Bearer\"x\"", "Bearer realm=\"x\" junk",
        R"(Bearer realm="a\)", "Bearer =", "Bearer ,="}) {
    Error e = error_of([&] { parse_www_authenticate(text); });
    EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate) << text;
    EXPECT_NE(e.message().find("malformed WWW-Authenticate header"), std::string::npos) << text;
  }
}

// Every prefix of real headers either parses or is an Error: no other exception, no crash.
TEST(WwwAuthenticateTest, EveryPrefixParsesOrIsAnError) {
  const std::string header =
      R"(Basic realm="r\"q", Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push", Negotiate a+b==)";
  for (std::size_t n = 0; n <= header.size(); ++n) {
    try {
      parse_www_authenticate(std::string_view(header).substr(0, n));
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
    }
  }
}

TEST(WwwAuthenticateTest, QuotedStringsKeepCommasSpacesAndEscapedCharacters) {
  auto c = parse_www_authenticate(
      R"(Bearer realm="https://t/token?a=1,b=2", scope="x y,z", error_description="say \"no\", then \\ stop")");
  ASSERT_EQ(c.size(), 1U);
  EXPECT_EQ(c[0].param("realm"), "https://t/token?a=1,b=2");
  EXPECT_EQ(c[0].param("scope"), "x y,z");
  // A backslash quotes the next character, whatever it is.
  EXPECT_EQ(c[0].param("error_description"), R"(say "no", then \ stop)");
  EXPECT_EQ(parse_www_authenticate(R"(Basic realm="\a\,b")")[0].param("realm"), "a,b");
}

TEST(WwwAuthenticateTest, ChallengesAfterParametersAndToken68) {
  // The scheme of the next challenge ends the parameters of the one before.
  auto c = parse_www_authenticate(
      R"(Bearer realm="r",service="s", Basic realm="b", Negotiate YWJj==, Digest realm="d")");
  ASSERT_EQ(c.size(), 4U);
  EXPECT_EQ(c[0].params.size(), 2U);
  EXPECT_EQ(c[1].scheme, "basic");
  EXPECT_EQ(c[1].param("realm"), "b");
  EXPECT_EQ(c[2].scheme, "negotiate");
  EXPECT_EQ(c[2].token68, "YWJj==");
  EXPECT_TRUE(c[2].params.empty());
  EXPECT_EQ(c[3].scheme, "digest");
  EXPECT_EQ(c[3].param("realm"), "d");
}

// The error names the offset and no server: callers that know which server sent the header
// give their own hint (the registry client does).
TEST(WwwAuthenticateTest, ErrorNamesTheOffsetAndNoServer) {
  Error e = error_of([] { parse_www_authenticate(R"(Bearer realm="a" service="b")"); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_EQ(std::string(e.what()),
            R"(malformed WWW-Authenticate header "Bearer realm=\"a\" service=\"b\"": expected ',' )"
            R"(after the value of 'realm' at offset 17)");
  EXPECT_EQ(e.hint(), "the server's authentication challenge cannot be read");
}

}  // namespace
}  // namespace mlops::net
