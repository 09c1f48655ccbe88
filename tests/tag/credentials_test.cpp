#include "tag/credentials.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "common/error_of.h"
#include "tag/test_base64.h"

// Where a registry's credentials come from (tag/credentials.h): the environment, then the
// Docker config.json; never a value in a message.
namespace mlops::tag {
namespace {

using mlops::testing::error_of;
using mlops::testing::expect_no_secret;

TEST(DockerConfigTest, AuthEntryByHost) {
  std::string config = R"({"auths": {"ghcr.io": {"auth": ")" + b64("octocat:p4ss:w0rd") +
                       R"("}, "quay.io": {"auth": ")" + b64("other:x") + R"("}}})";
  Credentials c = credentials_from_docker_config(config, parse_image_ref("ghcr.io/o/m"), "cfg");
  EXPECT_EQ(c.username, "octocat");
  EXPECT_EQ(c.password, "p4ss:w0rd");  // the first colon splits
  EXPECT_EQ(c.source, R"(auths["ghcr.io"] of the Docker config cfg)");
  EXPECT_TRUE(credentials_from_docker_config(config, parse_image_ref("r.io/o/m"), "cfg").empty());
}

TEST(DockerConfigTest, KeyVariantsDockerWrites) {
  for (const char* key : {"https://ghcr.io", "http://ghcr.io/v1/", "ghcr.io/v2/", "GHCR.io"}) {
    std::string config =
        std::string(R"({"auths": {")") + key + R"(": {"auth": ")" + b64("u:p") + R"("}}})";
    Credentials c = credentials_from_docker_config(config, parse_image_ref("ghcr.io/o/m"), "cfg");
    EXPECT_EQ(c.username, "u") << key;
    EXPECT_EQ(c.password, "p") << key;
  }
  std::string config = R"({"auths": {"127.0.0.1:5000": {"auth": ")" + b64("u:p") + R"("}}})";
  EXPECT_EQ(
      credentials_from_docker_config(config, parse_image_ref("127.0.0.1:5000/a"), "c").username,
      "u");
  EXPECT_TRUE(
      credentials_from_docker_config(config, parse_image_ref("127.0.0.1:5001/a"), "c").empty());
}

TEST(DockerConfigTest, DockerHubIsTheV1IndexKey) {
  std::string config =
      R"({"auths": {"https://index.docker.io/v1/": {"auth": ")" + b64("hub:pw") + R"("}}})";
  Credentials c = credentials_from_docker_config(config, parse_image_ref("org/model"), "cfg");
  EXPECT_EQ(c.username, "hub");
  c = credentials_from_docker_config(config, parse_image_ref("docker.io/library/ubuntu"), "cfg");
  EXPECT_EQ(c.password, "pw");
}

TEST(DockerConfigTest, ExactKeyWinsOverAVariant) {
  std::string config = R"({"auths": {"https://ghcr.io/v1/": {"auth": ")" + b64("old:1") +
                       R"("}, "ghcr.io": {"auth": ")" + b64("new:2") + R"("}}})";
  EXPECT_EQ(credentials_from_docker_config(config, parse_image_ref("ghcr.io/o/m"), "c").username,
            "new");
}

TEST(DockerConfigTest, UsernamePasswordIdentityAndRegistryTokens) {
  auto image = parse_image_ref("r.io/o/m");
  Credentials c = credentials_from_docker_config(
      R"({"auths": {"r.io": {"username": "u", "password": "p"}}})", image, "c");
  EXPECT_EQ(c.username, "u");
  EXPECT_EQ(c.password, "p");
  c = credentials_from_docker_config(R"({"auths": {"r.io": {"auth": ")" + b64("<token>:") +
                                         R"(", "identitytoken": "refresh-1"}}})",
                                     image, "c");
  EXPECT_EQ(c.identity_token, "refresh-1");
  EXPECT_EQ(c.username, "");  // no password: not a Basic credential
  c = credentials_from_docker_config(R"({"auths": {"r.io": {"registrytoken": "reg-1"}}})", image,
                                     "c");
  EXPECT_EQ(c.registry_token, "reg-1");
  EXPECT_FALSE(c.empty());
}

TEST(DockerConfigTest, CredentialHelpersAreNotRunButNoted) {
  auto image = parse_image_ref("r.io/o/m");
  Credentials c = credentials_from_docker_config(
      R"({"auths": {"r.io": {}}, "credsStore": "desktop"})", image, "/h/.docker/config.json");
  EXPECT_TRUE(c.empty());
  EXPECT_NE(c.note.find("docker-credential-desktop (credsStore)"), std::string::npos) << c.note;
  EXPECT_NE(c.note.find("/h/.docker/config.json"), std::string::npos) << c.note;
  c = credentials_from_docker_config(
      R"({"credHelpers": {"r.io": "gcloud", "x.io": "ecr-login"}, "credsStore": "desktop"})", image,
      "c");
  EXPECT_NE(c.note.find("docker-credential-gcloud (credHelpers)"), std::string::npos) << c.note;
  c = credentials_from_docker_config(R"({"auths": {}})", image, "c");
  EXPECT_TRUE(c.empty());
  EXPECT_EQ(c.note, "");
}

TEST(DockerConfigTest, MalformedConfigsAreUsageErrorsWithoutValues) {
  auto image = parse_image_ref("r.io/o/m");
  for (const std::string& config :
       {std::string("{"), std::string("[]"), std::string(R"({"auths": []})"),
        std::string(R"({"auths": {"r.io": "x"}})"),
        std::string(R"({"auths": {"r.io": {"auth": "%%secretvalue%%"}}})"),
        R"({"auths": {"r.io": {"auth": ")" + b64("nocolonsecret") + R"("}}})",
        std::string(R"({"auths": {"r.io": {"password": 5}}})")}) {
    Error e = error_of([&] { credentials_from_docker_config(config, image, "/x/config.json"); });
    EXPECT_EQ(e.code(), ExitCode::kUsage) << config;
    EXPECT_NE(e.message().find("/x/config.json"), std::string::npos) << e.message();
    expect_no_secret(e, {"secretvalue", "nocolonsecret", b64("nocolonsecret")});
  }
}

class LoadCredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("registry_creds_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_ / "home" / ".docker");
    std::filesystem::create_directories(dir_ / "dc");
    std::ofstream(dir_ / "home" / ".docker" / "config.json")
        << R"({"auths": {"r.io": {"auth": ")" << b64("home:1") << R"("}}})";
    std::ofstream(dir_ / "dc" / "config.json")
        << R"({"auths": {"r.io": {"auth": ")" << b64("dc:2") << R"("}}})";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  Env env() const {
    return [this](const std::string& name) {
      auto it = vars_.find(name);
      return it == vars_.end() ? std::string() : it->second;
    };
  }
  std::filesystem::path dir_;
  std::map<std::string, std::string> vars_;
  ImageRef image_ = parse_image_ref("r.io/o/m");
};

TEST_F(LoadCredentialsTest, EnvironmentFirstThenDockerConfigThenHome) {
  vars_["HOME"] = (dir_ / "home").string();
  EXPECT_EQ(load_credentials(image_, env()).username, "home");
  vars_["DOCKER_CONFIG"] = (dir_ / "dc").string();
  EXPECT_EQ(load_credentials(image_, env()).username, "dc");
  vars_["MLOPS_REGISTRY_USERNAME"] = "envu";
  vars_["MLOPS_REGISTRY_PASSWORD"] = "envp";
  Credentials c = load_credentials(image_, env());
  EXPECT_EQ(c.username, "envu");
  EXPECT_EQ(c.password, "envp");
  EXPECT_EQ(c.source, "MLOPS_REGISTRY_USERNAME and MLOPS_REGISTRY_PASSWORD");
  vars_["MLOPS_REGISTRY_TOKEN"] = "tok";
  c = load_credentials(image_, env());
  EXPECT_EQ(c.registry_token, "tok");
  EXPECT_EQ(c.username, "");
  EXPECT_EQ(c.source, "MLOPS_REGISTRY_TOKEN");
}

TEST_F(LoadCredentialsTest, MissingConfigIsAnonymous) {
  vars_["DOCKER_CONFIG"] = (dir_ / "nowhere").string();
  EXPECT_TRUE(load_credentials(image_, env()).empty());
  vars_.clear();
  EXPECT_TRUE(load_credentials(image_, env()).empty());
}

TEST_F(LoadCredentialsTest, HalfOfUsernameAndPasswordIsAUsageError) {
  vars_["MLOPS_REGISTRY_PASSWORD"] = "secretpw";
  Error e = error_of([&] { load_credentials(image_, env()); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_NE(e.message().find("MLOPS_REGISTRY_USERNAME is not"), std::string::npos);
  expect_no_secret(e, {"secretpw"});
}

}  // namespace
}  // namespace mlops::tag
