#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "net/object_store.h"
#include "net/sigv4_check.h"
#include "support/fake_http_server.h"

namespace mlops::net {
namespace {

using mlops::testing::CannedResponse;
using mlops::testing::FakeHttpServer;
using mlops::testing::RecordedRequest;
using mlops::testing::signature_holds;
using mlops::testing::SignedRequest;

constexpr const char* kAwsKey = "AKIAIOSFODNN7EXAMPLE";
constexpr const char* kAwsSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
constexpr const char* kEmptySha =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// The verifier against the examples AWS publishes for S3 (Amazon S3 API reference,
// "Signature Calculations for the Authorization Header", examples "GET Object" and
// "GET Bucket (List Objects)"): their requests, keys and signatures, so that a verifier bug
// cannot make the libcurl tests below pass.
TEST(SigV4CheckTest, AwsPublishedGetObjectExampleVerifies) {
  SignedRequest r{.method = "GET", .path = "/test.txt", .query = "", .headers = {}, .body = ""};
  r.headers = {{"host", "examplebucket.s3.amazonaws.com"},
               {"range", "bytes=0-9"},
               {"x-amz-content-sha256", kEmptySha},
               {"x-amz-date", "20130524T000000Z"},
               {"authorization",
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
                "aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"}};
  EXPECT_TRUE(signature_holds(r, kAwsKey, kAwsSecret));
  EXPECT_FALSE(signature_holds(r, kAwsKey, "another secret"));
  r.headers["range"] = "bytes=0-10";
  EXPECT_FALSE(signature_holds(r, kAwsKey, kAwsSecret));
}

TEST(SigV4CheckTest, AwsPublishedListObjectsExampleVerifies) {
  SignedRequest r{
      .method = "GET", .path = "/", .query = "max-keys=2&prefix=J", .headers = {}, .body = ""};
  r.headers = {{"host", "examplebucket.s3.amazonaws.com"},
               {"x-amz-content-sha256", kEmptySha},
               {"x-amz-date", "20130524T000000Z"},
               {"authorization",
                "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
                "aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,"
                "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7"}};
  EXPECT_TRUE(signature_holds(r, kAwsKey, kAwsSecret));
  r.query = "max-keys=2&prefix=K";
  EXPECT_FALSE(signature_holds(r, kAwsKey, kAwsSecret));
}

SignedRequest as_signed(const RecordedRequest& r) {
  return {
      .method = r.method, .path = r.path, .query = r.query, .headers = r.headers, .body = r.body};
}

Getenv env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

// What libcurl really sends, as a server receives it, checked by the verifier: the headers it
// signs must include the ones S3 needs signed (host, x-amz-date, x-amz-content-sha256, the
// session token) and the range.
TEST(SigV4Test, LibcurlSignsARangedGetWithASessionToken) {
  FakeHttpServer server;
  server.route("GET", "/my-bucket/dir/a%20b%2Bc.csv", CannedResponse{.status = 206, .body = "x"});
  ObjectStore store(env_of({{"AWS_ACCESS_KEY_ID", kAwsKey},
                            {"AWS_SECRET_ACCESS_KEY", kAwsSecret},
                            {"AWS_SESSION_TOKEN", "FwoGZXIvYXdzEXAMPLETOKEN"},
                            {"AWS_REGION", "eu-west-1"},
                            {"AWS_ENDPOINT_URL_S3", server.url()},
                            {"HOME", "/nonexistent"}}),
                    std::make_shared<CurlClient>());
  const Response answer =
      store.send(store.get(parse_object_url("s3://my-bucket/dir/a b+c.csv"), 100, 50, "\"e1\""));
  ASSERT_EQ(answer.status, 206);
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  const SignedRequest r = as_signed(requests[0]);
  EXPECT_TRUE(signature_holds(r, kAwsKey, kAwsSecret)) << r.headers.at("authorization");
  EXPECT_FALSE(signature_holds(r, kAwsKey, "wrong"));
  const std::string auth = r.headers.at("authorization");
  EXPECT_NE(auth.find("/eu-west-1/s3/aws4_request"), std::string::npos) << auth;
  for (const char* name :
       {"host", "x-amz-date", "x-amz-content-sha256", "x-amz-security-token", "range"}) {
    EXPECT_NE(auth.find(name), std::string::npos) << name << " is not signed: " << auth;
  }
  EXPECT_EQ(r.headers.at("range"), "bytes=100-149");
  EXPECT_EQ(r.headers.at("if-match"), "\"e1\"");
}

// A listing's query (sorted parameters, a continuation token and a prefix that need encoding)
// signed as S3 computes it.
TEST(SigV4Test, LibcurlSignsAPaginatedListing) {
  FakeHttpServer server;
  int page = 0;
  server.route("GET", "/b/", [&page](const RecordedRequest&) {
    ++page;
    return CannedResponse{
        .status = 200,
        .body = page == 1 ? "<ListBucketResult><IsTruncated>true</IsTruncated><Contents><Key>"
                            "in put/a=1.csv</Key></Contents><NextContinuationToken>1/+tok="
                            "</NextContinuationToken></ListBucketResult>"
                          : "<ListBucketResult><IsTruncated>false</IsTruncated><Contents><Key>"
                            "in put/b=2.csv</Key></Contents></ListBucketResult>",
        .content_type = "application/xml"};
  });
  ObjectStore store(env_of({{"AWS_ACCESS_KEY_ID", kAwsKey},
                            {"AWS_SECRET_ACCESS_KEY", kAwsSecret},
                            {"AWS_ENDPOINT_URL", server.url()},
                            {"HOME", "/nonexistent"}}),
                    std::make_shared<CurlClient>());
  const auto keys = store.list(parse_object_url("s3://b/in put/*=?.csv"));
  EXPECT_EQ(keys, (std::vector<std::string>{"in put/a=1.csv", "in put/b=2.csv"}));
  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].query, "list-type=2&prefix=in%20put%2F");
  EXPECT_EQ(requests[1].query, "continuation-token=1%2F%2Btok%3D&list-type=2&prefix=in%20put%2F");
  for (const auto& r : requests) {
    EXPECT_TRUE(signature_holds(as_signed(r), kAwsKey, kAwsSecret)) << r.query;
  }
}

}  // namespace
}  // namespace mlops::net
