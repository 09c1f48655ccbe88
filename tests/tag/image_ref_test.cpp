#include "tag/image_ref.h"

#include <gtest/gtest.h>

#include <string>

#include "common/error_of.h"
#include "tag/oci_tag.h"

// Image references as Docker reads them (tag/image_ref.h), and the OCI tag grammar they share
// with image-tag's computed tags (tag/oci_tag.h).
namespace mlops::tag {
namespace {

using mlops::testing::error_of;

constexpr const char* kDigest =
    "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b";

TEST(ImageRefTest, DockerHubShortNameGetsTheLibraryPrefix) {
  ImageRef ref = parse_image_ref("ubuntu");
  EXPECT_EQ(ref.registry, "docker.io");
  EXPECT_EQ(ref.repository, "library/ubuntu");
  EXPECT_EQ(ref.tag, "");
  EXPECT_EQ(ref.api_host(), "registry-1.docker.io");
  ref = parse_image_ref("org/model:1.0");
  EXPECT_EQ(ref.registry, "docker.io");
  EXPECT_EQ(ref.repository, "org/model");
  EXPECT_EQ(ref.tag, "1.0");
  EXPECT_EQ(parse_image_ref("docker.io/ubuntu:22.04").repository, "library/ubuntu");
  EXPECT_EQ(parse_image_ref("index.docker.io/ubuntu").registry, "docker.io");
}

TEST(ImageRefTest, FirstComponentWithDotColonOrLocalhostIsTheRegistry) {
  ImageRef ref = parse_image_ref("ghcr.io/org/team/model:v1.2.3-rc.1");
  EXPECT_EQ(ref.registry, "ghcr.io");
  EXPECT_EQ(ref.repository, "org/team/model");
  EXPECT_EQ(ref.tag, "v1.2.3-rc.1");
  EXPECT_EQ(ref.api_host(), "ghcr.io");
  ref = parse_image_ref("127.0.0.1:5000/ci/hello:1.0");
  EXPECT_EQ(ref.registry, "127.0.0.1:5000");
  EXPECT_EQ(ref.repository, "ci/hello");
  EXPECT_EQ(parse_image_ref("localhost/model").registry, "localhost");
  EXPECT_EQ(parse_image_ref("localhost:5000/a/b:t").registry, "localhost:5000");
  EXPECT_EQ(parse_image_ref("[::1]:5000/x:1").registry, "[::1]:5000");
  EXPECT_EQ(parse_image_ref("Registry/x").registry, "Registry");  // upper case: a host
  EXPECT_EQ(parse_image_ref("org/model").registry, "docker.io");  // neither: Docker Hub
}

TEST(ImageRefTest, SeparatorsAndDigests) {
  EXPECT_EQ(parse_image_ref("r.io/a.b/c__d/e-f/g---h").repository, "a.b/c__d/e-f/g---h");
  ImageRef ref = parse_image_ref(std::string("r.io:443/m@") + kDigest);
  EXPECT_EQ(ref.registry, "r.io:443");
  EXPECT_EQ(ref.repository, "m");
  EXPECT_EQ(ref.digest, kDigest);
  EXPECT_EQ(ref.tag, "");
  ref = parse_image_ref(std::string("r.io/m:1@") + kDigest);
  EXPECT_EQ(ref.tag, "1");
  EXPECT_EQ(ref.digest, kDigest);
}

TEST(ImageRefTest, MalformedReferencesAreUsageErrors) {
  for (const char* text :
       {"", "ghcr.io/Org/model", "a//b", "a/b:", "a/b:-x", "a/b:.x", "ghcr.io:/a",
        "ghcr.io:99999x/a", "a@sha256:zz", "ghcr.io/a b", "-a/b", "a-/b", "ghcr.io/", "ghcr.io/a/",
        "r.io/a@md5:00", "[::1/x", "bad_host.io/x", "a.__b/c", "r.io/a..b"}) {
    Error e = error_of([&] { parse_image_ref(text); });
    EXPECT_EQ(e.code(), ExitCode::kUsage) << text;
    EXPECT_NE(e.message().find("invalid image reference"), std::string::npos) << text;
  }
  std::string long_tag(129, 'a');
  EXPECT_EQ(error_of([&] { parse_image_ref("r.io/a:" + long_tag); }).code(), ExitCode::kUsage);
  std::string long_name(251, 'a');
  EXPECT_EQ(error_of([&] { parse_image_ref("r.io/" + long_name); }).code(), ExitCode::kUsage);
  EXPECT_NE(error_of([] { parse_image_ref("ghcr.io/Org/model"); }).message().find("lower-case"),
            std::string::npos);
}

// image-tag's --image is lower-cased first, as docker/metadata-action does (the whole name,
// registry host included); parse_image_ref itself keeps Docker's rules.
TEST(ImageNameTest, LowerCasedLikeMetadataAction) {
  ImageRef ref = parse_image_name("ghcr.io/Acme/Churn");
  EXPECT_EQ(ref.registry, "ghcr.io");
  EXPECT_EQ(ref.repository, "acme/churn");
  ref = parse_image_name("GHCR.IO/Acme/Churn-Serving");
  EXPECT_EQ(ref.registry, "ghcr.io");
  EXPECT_EQ(ref.repository, "acme/churn-serving");
  ref = parse_image_name("localhost:5000/CI/Hello");
  EXPECT_EQ(ref.registry, "localhost:5000");
  EXPECT_EQ(ref.repository, "ci/hello");
  // Lower-cased before the split: "Acme" is then no registry host but a Docker Hub namespace,
  // as `docker build -t` reads what metadata-action outputs.
  ref = parse_image_name("Acme/Churn");
  EXPECT_EQ(ref.registry, "docker.io");
  EXPECT_EQ(ref.repository, "acme/churn");
  EXPECT_EQ(parse_image_name("ghcr.io/acme/churn").repository, "acme/churn");
}

TEST(ImageNameTest, StillInvalidAfterLowerCasingIsAUsageError) {
  Error e = error_of([] { parse_image_name("ghcr.io/Acme/Churn_"); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_EQ(std::string(e.what()),
            "invalid image reference \"ghcr.io/acme/churn_\": each part of the name is lower-case "
            "letters and digits, separated by '.', '_', '__' or '-' (\"ghcr.io/Acme/Churn_\" "
            "lower-cased)");
  for (const char* text : {"ghcr.io/Acme/a b", "ghcr.io/Acme//x", "ghcr.io/Ä/x", ""}) {
    EXPECT_EQ(error_of([&] { parse_image_name(text); }).code(), ExitCode::kUsage) << text;
  }
  for (const std::string& text :
       {std::string("ghcr.io/Acme/Churn:V1"), std::string("ghcr.io/acme/churn:v1"),
        "ghcr.io/Acme/Churn@sha256:" + std::string(64, 'A')}) {
    Error t = error_of([&] { parse_image_name(text); });
    EXPECT_EQ(t.code(), ExitCode::kUsage) << text;
    EXPECT_NE(t.message().find("already has a tag or digest"), std::string::npos) << text;
    EXPECT_NE(t.message().find(text.substr(0, 18)), std::string::npos) << t.message();
  }
  // Docker's own rules are unchanged: an upper-case repository is no valid reference.
  EXPECT_EQ(error_of([] { parse_image_ref("ghcr.io/Acme/Churn"); }).code(), ExitCode::kUsage);
}

TEST(ImageRefTest, TagGrammar) {
  EXPECT_TRUE(is_valid_tag("latest"));
  EXPECT_TRUE(is_valid_tag("_x"));
  EXPECT_TRUE(is_valid_tag("V1.0-rc_2"));
  EXPECT_TRUE(is_valid_tag(std::string(128, 'a')));
  EXPECT_FALSE(is_valid_tag(""));
  EXPECT_FALSE(is_valid_tag(".x"));
  EXPECT_FALSE(is_valid_tag("-x"));
  EXPECT_FALSE(is_valid_tag("a/b"));
  EXPECT_FALSE(is_valid_tag("a+b"));
  EXPECT_FALSE(is_valid_tag(std::string(129, 'a')));
}

// The reason given for each way a tag breaks the grammar (image-tag's computed tags quote it).
TEST(ImageRefTest, TagProblemsAreNamed) {
  EXPECT_EQ(oci_tag_problem("v1.2.3"), "");
  EXPECT_EQ(oci_tag_problem(""), "it is empty");
  EXPECT_EQ(oci_tag_problem(std::string(129, 'a')), "it is 129 characters long, the limit is 128");
  EXPECT_EQ(oci_tag_problem("-rc"), "it starts with \"-\"");
  EXPECT_EQ(oci_tag_problem(".x"), "it starts with \".\"");
  for (const char* bad : {"a/b", "a+b", "!x", "caf\xc3\xa9"}) {
    EXPECT_EQ(oci_tag_problem(bad),
              "it has characters other than letters, digits, \"_\", \".\" and \"-\"")
        << bad;
  }
}

}  // namespace
}  // namespace mlops::tag
