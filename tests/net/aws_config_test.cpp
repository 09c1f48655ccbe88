#include "net/aws_config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "common/error_of.h"
#include "net/object_store.h"
#include "net/redact.h"

namespace mlops::net {
namespace {

using mlops::testing::error_of;

// An environment from a map, with HOME in a fresh directory (no ~/.aws of the machine's).
struct FakeEnv {
  std::map<std::string, std::string> vars;
  std::filesystem::path dir;
  FakeEnv() {
    dir = std::filesystem::temp_directory_path() /
          ("aws-config-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
           "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir / ".aws");
    vars["HOME"] = dir.string();
  }
  ~FakeEnv() { std::filesystem::remove_all(dir); }
  FakeEnv(const FakeEnv&) = delete;
  FakeEnv& operator=(const FakeEnv&) = delete;
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / ".aws" / name) << text;
  }
  Getenv getenv() const {
    return [this](const std::string& name) -> std::optional<std::string> {
      auto it = vars.find(name);
      if (it == vars.end()) return std::nullopt;
      return it->second;
    };
  }
};

TEST(AwsSettingsTest, NothingSetMeansAnonymousUsEast1OnAws) {
  FakeEnv env;
  const AwsSettings s = aws_settings(env.getenv());
  EXPECT_TRUE(s.credentials.empty());
  EXPECT_EQ(s.region, "us-east-1");
  EXPECT_EQ(s.endpoint, "");
  EXPECT_FALSE(s.path_style);
  EXPECT_EQ(s.profile, "default");
}

TEST(AwsSettingsTest, EnvironmentKeysWinOverTheProfile) {
  FakeEnv env;
  env.write("credentials", "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = x\n");
  env.vars["AWS_ACCESS_KEY_ID"] = "ENVKEY";
  env.vars["AWS_SECRET_ACCESS_KEY"] = "envsecret";
  env.vars["AWS_SESSION_TOKEN"] = "envtoken";
  const AwsSettings s = aws_settings(env.getenv());
  EXPECT_EQ(s.credentials.access_key_id, "ENVKEY");
  EXPECT_EQ(s.credentials.secret_access_key, "envsecret");
  EXPECT_EQ(s.credentials.session_token, "envtoken");
}

TEST(AwsSettingsTest, AKeyWithoutItsSecretIsAUsageError) {
  FakeEnv env;
  env.vars["AWS_ACCESS_KEY_ID"] = "ENVKEY";
  const Error e = error_of([&] { aws_settings(env.getenv()); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_NE(e.message().find("AWS_SECRET_ACCESS_KEY"), std::string::npos) << e.message();
}

TEST(AwsSettingsTest, NamedProfileFromTheCredentialsAndConfigFiles) {
  FakeEnv env;
  env.write("credentials",
            "[default]\naws_access_key_id = DEFAULTKEY\naws_secret_access_key = d\n"
            "[ci]\r\naws_access_key_id = CIKEY\r\naws_secret_access_key = cisecret\r\n"
            "aws_session_token = citoken\r\n");
  env.write("config",
            "[default]\nregion = us-west-2\n"
            "# a comment\n[profile ci]\nregion = eu-central-1\n"
            "s3 =\n  addressing_style = path\n  endpoint_url = http://127.0.0.1:9000/\n");
  env.vars["AWS_PROFILE"] = "ci";
  const AwsSettings s = aws_settings(env.getenv());
  EXPECT_EQ(s.credentials.access_key_id, "CIKEY");
  EXPECT_EQ(s.credentials.secret_access_key, "cisecret");
  EXPECT_EQ(s.credentials.session_token, "citoken");
  EXPECT_EQ(s.region, "eu-central-1");
  EXPECT_TRUE(s.path_style);
  EXPECT_EQ(s.endpoint, "http://127.0.0.1:9000");
}

TEST(AwsSettingsTest, FilesNamedByTheEnvironmentAndRegionVariablesInOrder) {
  FakeEnv env;
  std::ofstream(env.dir / "creds")
      << "[default]\naws_access_key_id = K\naws_secret_access_key = S\n";
  std::ofstream(env.dir / "conf") << "[default]\nregion = ap-south-1\n";
  env.vars["AWS_SHARED_CREDENTIALS_FILE"] = (env.dir / "creds").string();
  env.vars["AWS_CONFIG_FILE"] = (env.dir / "conf").string();
  EXPECT_EQ(aws_settings(env.getenv()).credentials.access_key_id, "K");
  EXPECT_EQ(aws_settings(env.getenv()).region, "ap-south-1");
  env.vars["AWS_DEFAULT_REGION"] = "eu-west-3";
  EXPECT_EQ(aws_settings(env.getenv()).region, "eu-west-3");
  env.vars["AWS_REGION"] = "eu-north-1";
  EXPECT_EQ(aws_settings(env.getenv()).region, "eu-north-1");
}

TEST(AwsSettingsTest, UnknownProfileIsAUsageErrorNamingIt) {
  FakeEnv env;
  env.write("credentials", "[default]\naws_access_key_id = K\naws_secret_access_key = S\n");
  env.vars["AWS_PROFILE"] = "prod";
  const Error e = error_of([&] { aws_settings(env.getenv()); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_NE(e.message().find("'prod'"), std::string::npos) << e.message();
}

TEST(AwsSettingsTest, EndpointVariablesServiceSpecificFirst) {
  FakeEnv env;
  env.vars["AWS_ENDPOINT_URL"] = "https://storage.example.com";
  EXPECT_EQ(aws_settings(env.getenv()).endpoint, "https://storage.example.com");
  env.vars["AWS_ENDPOINT_URL_S3"] = "http://localhost:4568/";
  EXPECT_EQ(aws_settings(env.getenv()).endpoint, "http://localhost:4568");
  env.vars["AWS_ENDPOINT_URL_S3"] = "ftp://x";
  EXPECT_EQ(error_of([&] { aws_settings(env.getenv()); }).code(), ExitCode::kUsage);
}

TEST(AwsSettingsTest, AddressingStyleFromTheEnvironment) {
  FakeEnv env;
  env.vars["MLOPS_S3_ADDRESSING_STYLE"] = "path";
  EXPECT_TRUE(aws_settings(env.getenv()).path_style);
  env.vars["MLOPS_S3_ADDRESSING_STYLE"] = "virtual";
  EXPECT_FALSE(aws_settings(env.getenv()).path_style);
  env.vars["MLOPS_S3_ADDRESSING_STYLE"] = "sideways";
  EXPECT_EQ(error_of([&] { aws_settings(env.getenv()); }).code(), ExitCode::kUsage);
}

TEST(IniValueTest, SectionsKeysCommentsAndNestedS3Keys) {
  const std::string text =
      "[default]\n; comment\nRegion = eu-west-1\ns3 =\n    addressing_style = path\n"
      "max_attempts = 3\n[other]\nregion = x\n";
  EXPECT_EQ(ini_value(text, "default", "region"), "eu-west-1");
  EXPECT_EQ(ini_value(text, "default", "s3.addressing_style"), "path");
  EXPECT_EQ(ini_value(text, "default", "addressing_style"), std::nullopt);
  EXPECT_EQ(ini_value(text, "default", "max_attempts"), "3");
  EXPECT_EQ(ini_value(text, "other", "region"), "x");
  EXPECT_EQ(ini_value(text, "missing", "region"), std::nullopt);
}

TEST(ObjectUrlTest, BucketsKeysAndWhatIsNotAnObject) {
  const ObjectUrl s3 = parse_object_url("s3://my-bucket/data/day=1/part 0.parquet");
  EXPECT_EQ(s3.store, Store::kS3);
  EXPECT_EQ(s3.bucket, "my-bucket");
  EXPECT_EQ(s3.key, "data/day=1/part 0.parquet");
  EXPECT_EQ(parse_object_url("gs://b/k.csv").store, Store::kGcs);
  EXPECT_EQ(parse_object_url("https://example.com/x.csv").store, Store::kHttp);
  EXPECT_TRUE(is_object_url("S3://b/k"));
  EXPECT_FALSE(is_object_url("data/s3://x"));
  EXPECT_FALSE(is_object_url("-"));
  for (const char* bad : {"s3://bucket", "s3://bucket/", "s3:///key", "gs://"}) {
    EXPECT_EQ(error_of([&] { parse_object_url(bad); }).code(), ExitCode::kUsage) << bad;
  }
  EXPECT_TRUE(has_wildcard("p/*.parquet"));
  EXPECT_FALSE(has_wildcard("p/a.parquet"));
}

// The URL and headers of a GET, without sending it.
Request get_of(const FakeEnv& env, const std::string& url, std::uint64_t first = 0,
               std::uint64_t size = 0) {
  const ObjectStore store(env.getenv(), nullptr);
  return store.get(parse_object_url(url), first, size, "");
}

std::string header_of(const Request& r, const std::string& name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return "(none)";
}

TEST(ObjectStoreTest, VirtualHostedOnAwsWithTheKeyEncodedSegmentBySegment) {
  FakeEnv env;
  env.vars["AWS_REGION"] = "eu-west-1";
  const Request r = get_of(env, "s3://my-bucket/a b/c+d=é.csv", 10, 5);
  EXPECT_EQ(r.url, "https://my-bucket.s3.eu-west-1.amazonaws.com/a%20b/c%2Bd%3D%C3%A9.csv");
  EXPECT_EQ(header_of(r, "Range"), "bytes=10-14");
  EXPECT_EQ(r.aws_sigv4, "");  // no credentials: a public bucket, unsigned
  EXPECT_EQ(header_of(r, "Authorization"), "(none)");
}

TEST(ObjectStoreTest, PathStyleWhenAskedForAnIpEndpointOrADottedBucket) {
  FakeEnv env;
  env.vars["AWS_ENDPOINT_URL"] = "https://minio.example.com:9000";
  EXPECT_EQ(get_of(env, "s3://b/k").url, "https://b.minio.example.com:9000/k");
  EXPECT_EQ(get_of(env, "s3://b.with.dots/k").url, "https://minio.example.com:9000/b.with.dots/k");
  env.vars["MLOPS_S3_ADDRESSING_STYLE"] = "path";
  EXPECT_EQ(get_of(env, "s3://b/k").url, "https://minio.example.com:9000/b/k");
  env.vars.erase("MLOPS_S3_ADDRESSING_STYLE");
  env.vars["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4568";
  EXPECT_EQ(get_of(env, "s3://b/k").url, "http://127.0.0.1:4568/b/k");
}

TEST(ObjectStoreTest, SignedWithTheRegionAndTheSessionToken) {
  FakeEnv env;
  env.vars["AWS_ACCESS_KEY_ID"] = "AKIDEXAMPLE";
  env.vars["AWS_SECRET_ACCESS_KEY"] = "secret/key";
  env.vars["AWS_SESSION_TOKEN"] = "session-token";
  env.vars["AWS_REGION"] = "eu-west-1";
  const Request r = get_of(env, "s3://b/k");
  EXPECT_EQ(r.aws_sigv4, "aws:amz:eu-west-1:s3");
  EXPECT_EQ(r.aws_access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(r.aws_secret_access_key, "secret/key");
  EXPECT_EQ(header_of(r, "x-amz-security-token"), "session-token");
  EXPECT_EQ(header_of(r, "x-amz-content-sha256"),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(ObjectStoreTest, TheSecretKeyIsASecretOfTheRequest) {
  Request r;
  r.aws_secret_access_key = "wJalrXUtnFEMI/K7MDENG";
  const std::string text = redact_secrets("key wJalrXUtnFEMI/K7MDENG echoed", r);
  EXPECT_EQ(text, "key *** echoed");
}

TEST(ObjectStoreTest, GcsThroughItsXmlApiWithABearerToken) {
  FakeEnv env;
  EXPECT_EQ(get_of(env, "gs://b/d/k.csv").url, "https://storage.googleapis.com/b/d/k.csv");
  EXPECT_EQ(header_of(get_of(env, "gs://b/k"), "Authorization"), "(none)");
  env.vars["GOOGLE_OAUTH_ACCESS_TOKEN"] = "ya29.token";
  env.vars["STORAGE_EMULATOR_HOST"] = "localhost:4443";
  const Request r = get_of(env, "gs://b/k");
  EXPECT_EQ(r.url, "http://localhost:4443/b/k");
  EXPECT_EQ(header_of(r, "Authorization"), "Bearer ya29.token");
  EXPECT_EQ(r.aws_sigv4, "");
}

TEST(XmlTextTest, FirstElementWithEntitiesDecoded) {
  const std::string xml =
      "<Error><Code>NoSuchKey</Code><Message>a &lt;b&gt; &amp; c</Message></Error>";
  EXPECT_EQ(xml_text(xml, "Code"), "NoSuchKey");
  EXPECT_EQ(xml_text(xml, "Message"), "a <b> & c");
  EXPECT_EQ(xml_text(xml, "Key"), "");
}

}  // namespace
}  // namespace mlops::net
