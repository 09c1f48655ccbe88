// image-tag in-process: the command function over a FakeIo, with the git context given on the
// command line, taken from a real local repository or from GitHub's environment, and a real
// registry on loopback (FakeHttpServer). Exit codes, computed tags, labels, outputs and usage
// errors; tests/tag/image_tag_binary_test.cpp keeps the few checks that need the process.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>

#include "../cli/fake_io.h"
#include "cli/app.h"
#include "common/shell_run.h"
#include "support/fake_http_server.h"
#include "tag/command.h"
#include "tag/local_git_test.h"
#include "tag/options.h"
#include "tag/run.h"

namespace mlops::tag {
namespace {

namespace fs = std::filesystem;
using mlops::testing::slurp;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSha = "860c1904a1ce19322e91ac35af1ab07466440c37";
const std::string kModel = std::string(MLOPS_TEST_DATA) + "/../../examples/model/serving";

struct TagRun {
  int exit = -1;
  std::string out, err;
};

// image-tag outside GitHub at 2026-01-01T00:00:00Z, as cli::run_tool runs it (errors printed
// as "image-tag: error: ...", exit codes).
TagRun image_tag_run(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  cli::testing::FakeIo f;
  f.env = {{"SOURCE_DATE_EPOCH", "1767225600"}};
  for (auto& [k, v] : env) f.env[k] = v;
  args.insert(args.begin(), "image-tag");
  cli::testing::Argv argv(args);
  const int code = cli::run_tool("image-tag", argv.span(), f.io, image_tag);
  return {code, f.out.str(), f.err.str()};
}

// The arguments of a push of `ref` at kSha, then `more`.
std::vector<std::string> push(const std::string& ref, std::vector<std::string> more) {
  std::vector<std::string> args = {
      "--image", "ghcr.io/acme/churn", "--git-ref", ref, "--git-sha", kSha, "--event", "push"};
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

std::vector<std::string> tags_of(const boost::json::value& doc) {
  std::vector<std::string> out;
  for (const auto& t : doc.at("tags").as_array()) out.emplace_back(t.as_string());
  return out;
}

std::string temp_path(const std::string& name) { return testing::test_temp("itc_", name); }

TEST(ImageTagCommandTest, SemverTagPushGivesVersionTagsAndLatest) {
  TagRun r = image_tag_run(
      push("refs/tags/v1.2.3",
           {"--tags", "type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}",
            "--json", "-"}));
  ASSERT_EQ(r.exit, 0) << r.err;
  const boost::json::value doc = boost::json::parse(r.out);
  EXPECT_THAT(tags_of(doc), ElementsAre("ghcr.io/acme/churn:1.2.3", "ghcr.io/acme/churn:1.2",
                                        "ghcr.io/acme/churn:latest"));
  EXPECT_EQ(doc.at("version"), "1.2.3");
  EXPECT_EQ(doc.at("latest"), true);
  EXPECT_EQ(doc.at("labels").at("org.opencontainers.image.created"), "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(doc.at("labels").at("org.opencontainers.image.revision"), kSha);
  EXPECT_EQ(doc.at("labels").at("org.opencontainers.image.title"), "churn");
  EXPECT_FALSE(doc.as_object().contains("registry"));
}

TEST(ImageTagCommandTest, TextReportListsTagsLabelsAndWarnings) {
  TagRun r = image_tag_run(
      push("refs/heads/main", {"--tags", "type=sha\ntype=semver,pattern={{version}},value=x"}));
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("image-tag: 1 tags for ghcr.io/acme/churn\n"
                               "  ghcr.io/acme/churn:sha-860c190\nlabels:\n"));
  EXPECT_THAT(r.out, HasSubstr("  org.opencontainers.image.version=sha-860c190\n"));
  EXPECT_THAT(r.err, HasSubstr("image-tag: warning: --tags:2: \"x\" is not a semver version"));
  // --quiet: neither the text nor the warnings.
  TagRun quiet = image_tag_run(push(
      "refs/heads/main", {"--tags", "type=sha\ntype=semver,pattern={{version}},value=x", "-q"}));
  EXPECT_EQ(quiet.exit, 0);
  EXPECT_EQ(quiet.out + quiet.err, "");
}

TEST(ImageTagCommandTest, NoArgumentsPrintTheUsageWithExit2AndHelpExit0) {
  TagRun none = image_tag_run({});
  EXPECT_EQ(none.exit, 2);
  EXPECT_THAT(none.out, HasSubstr("usage: image-tag --image REGISTRY/NAME"));
  TagRun help = image_tag_run({"--help"});
  EXPECT_EQ(help.exit, 0);
  EXPECT_THAT(help.out, HasSubstr("--check-registry"));
  // The shared HTTP option group (cli/option_groups.h), worded for the registry.
  EXPECT_THAT(help.out,
              HasSubstr("--timeout SECONDS            deadline of each registry request, retries"));
  EXPECT_THAT(
      help.out,
      HasSubstr("--insecure                   do not verify the registry's TLS certificate"));
}

TEST(ImageTagCommandTest, UsageErrorsAreExit2WithTheirMessage) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"--git-ref", "refs/heads/main"}, "image-tag: error: --image is required"},
      {push("refs/heads/main", {"--tags", "type=sha", "--tags-file", "t.txt"}),
       "give --tags or --tags-file, not both"},
      {push("refs/heads/main", {"--fail-if-exists"}), "--fail-if-exists needs --check-registry"},
      {push("refs/heads/main", {"--label", "no-equals-sign"}),
       "--label expects KEY=VALUE, not \"no-equals-sign\""},
      {push("refs/heads/main", {"--tags", "type=semvr,pattern={{version}}"}),
       "did you mean type=semver?"},
      {push("refs/heads/main", {"--flavor", "latest=sometimes"}),
       "--flavor:1: latest is \"sometimes\", expected auto, true or false"},
      {push("refs/heads/main", {"--tags", "type=semver,pattern={{version}}"}),
       "no tag rule produced a tag for this event (push, ref refs/heads/main)"},
      {push("refs/heads/main", {"--tags", "type=raw,value=" + std::string(130, 'a')}),
       "is not a valid OCI tag"},
      {push("refs/heads/main", {"--tags", "type=model"}), "type=model needs the model's name"},
      {{"--image", "ghcr.io/acme/churn:v1", "--git-ref", "refs/heads/main", "--git-sha", kSha},
       "already has a tag or digest"},
      {push("refs/heads/main", {"--timeout", "soon"}), "--timeout"},
      {push("refs/heads/main", {"--attest-key", "key.pem"}), "--attest-key needs --attest-out"},
      {push("refs/heads/main", {"--tags-file", "/nonexistent/rules.txt"}),
       "cannot read tag rules /nonexistent/rules.txt"},
  };
  for (const Case& c : cases) {
    TagRun r = image_tag_run(c.args);
    EXPECT_EQ(r.exit, 2) << c.message << "\n" << r.err;
    EXPECT_THAT(r.err, HasSubstr(c.message));
    EXPECT_EQ(r.out, "") << c.message;
  }
  TagRun epoch = image_tag_run(push("refs/heads/main", {}), {{"SOURCE_DATE_EPOCH", "1e9"}});
  EXPECT_EQ(epoch.exit, 2);
  EXPECT_THAT(epoch.err, HasSubstr("SOURCE_DATE_EPOCH must be whole seconds since 1970"));
}

// The labels: --label replaces one of metadata-action's or adds one; the model's own; all in
// --labels-out a line each, and a caller's value with a line break refused before any write.
TEST(ImageTagCommandTest, LabelsOutOverridesAndModelLabels) {
  const std::string labels = temp_path("labels.txt");
  TagRun r = image_tag_run(
      push("refs/heads/main",
           {"--model-dir", kModel, "--model-name", "churn", "--model-version", "7", "--tags",
            "type=model\ntype=digest", "--label", "org.opencontainers.image.licenses=Apache-2.0",
            "--label", "team=ml", "--labels-out", labels, "--json", "-"}));
  ASSERT_EQ(r.exit, 0) << r.err;
  const boost::json::value doc = boost::json::parse(r.out);
  const std::string digest(doc.at("model").at("digest").as_string());
  ASSERT_EQ(digest.size(), 7U + 64U);
  EXPECT_THAT(tags_of(doc), ElementsAre("ghcr.io/acme/churn:churn-v7",
                                        "ghcr.io/acme/churn:model-" + digest.substr(7, 12)));
  const std::string text = slurp(labels);
  EXPECT_THAT(text, HasSubstr("org.opencontainers.image.licenses=Apache-2.0\n"));
  EXPECT_THAT(text, HasSubstr("dev.mlops-actions.model.name=churn\n"
                              "dev.mlops-actions.model.version=7\n"
                              "dev.mlops-actions.model.digest=" +
                              digest + "\nteam=ml\n"));
  EXPECT_THAT(text, Not(HasSubstr("org.opencontainers.image.description")));  // empty: dropped

  fs::remove(labels);
  TagRun bad = image_tag_run(push(
      "refs/heads/main", {"--tags", "type=sha", "--label",
                          "note=a\ndev.mlops-actions.model.digest=x", "--labels-out", labels}));
  EXPECT_EQ(bad.exit, 2);
  EXPECT_THAT(bad.err, HasSubstr("holds a line break"));
  EXPECT_FALSE(fs::exists(labels));
}

// No --git-ref or --git-sha outside GitHub: the repository at --git-dir says where we are.
class ImageTagLocalGitTest : public LocalGitTest {};

TEST_F(ImageTagLocalGitTest, TagsComeFromTheLocalRepository) {
  TagRun branch = image_tag_run({"--image", "ghcr.io/acme/churn", "--git-dir", repo_, "--tags",
                                 "type=ref,event=branch\ntype=sha,format=long", "--json", "-"});
  ASSERT_EQ(branch.exit, 0) << branch.err;
  EXPECT_THAT(
      tags_of(boost::json::parse(branch.out)),
      ElementsAre("ghcr.io/acme/churn:main", std::string("ghcr.io/acme/churn:sha-") + kCommit1));

  git({"-C", repo_, "tag", "v2.0.1"});
  git({"-C", repo_, "checkout", "-q", "--detach", "v2.0.1"});
  TagRun tag = image_tag_run({"--image", "ghcr.io/acme/churn", "--git-dir", repo_, "--tags",
                              "type=semver,pattern={{major}}.{{minor}}", "--json", "-"});
  ASSERT_EQ(tag.exit, 0) << tag.err;
  EXPECT_THAT(tags_of(boost::json::parse(tag.out)),
              ElementsAre("ghcr.io/acme/churn:2.0", "ghcr.io/acme/churn:latest"));
}

// GitHub mode: the git context and the repository's labels from the environment and the event
// file, the outputs in $GITHUB_OUTPUT.
TEST(ImageTagCommandTest, GithubModeWritesTheOutputs) {
  const std::string event = temp_path("event.json"), output = temp_path("github_output");
  std::ofstream(event) << R"({"pull_request": {"number": 42, "head": {"sha":
    "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"}, "base": {"ref": "main"}},
    "repository": {"name": "churn", "description": "Churn model", "html_url":
    "https://github.com/acme/churn", "default_branch": "main", "license": {"spdx_id": "MIT"}}})";
  std::ofstream(output).flush();
  TagRun r =
      image_tag_run({"--image", "ghcr.io/acme/churn", "--tags", "type=ref,event=pr\ntype=sha"},
                    {{"GITHUB_ACTIONS", "true"},
                     {"GITHUB_EVENT_NAME", "pull_request"},
                     {"GITHUB_REF", "refs/pull/42/merge"},
                     {"GITHUB_SHA", "ffffffffffffffffffffffffffffffffffffffff"},
                     {"GITHUB_REPOSITORY", "acme/churn"},
                     {"GITHUB_EVENT_PATH", event},
                     {"GITHUB_OUTPUT", output}});
  ASSERT_EQ(r.exit, 0) << r.err;
  const std::string outputs = slurp(output);
  EXPECT_THAT(outputs, HasSubstr("ghcr.io/acme/churn:pr-42\nghcr.io/acme/churn:sha-a1b2c3d\n"));
  EXPECT_THAT(outputs, HasSubstr("org.opencontainers.image.description=Churn model"));
  EXPECT_THAT(outputs, HasSubstr("org.opencontainers.image.licenses=MIT"));
  EXPECT_THAT(outputs, HasSubstr("version=pr-42\n"));
}

// --check-registry against a registry on loopback (plain http there): each tag's existence and
// digest, and --fail-if-exists failing on the first.
class ImageTagRegistryTest : public ::testing::Test {
 protected:
  static constexpr const char* kDigest =
      "sha256:6c3c624b58dbbcd3c0dd82b4c53f04194d1247c6eebdaab7c610cf7d66709b3b";
  std::string image() const {
    return "127.0.0.1:" + std::to_string(registry_.port()) + "/ml/churn";
  }
  TagRun check(std::vector<std::string> more) {
    std::vector<std::string> args = {"--image",
                                     image(),
                                     "--git-ref",
                                     "refs/tags/v1.4.0",
                                     "--git-sha",
                                     kSha,
                                     "--event",
                                     "push",
                                     "--tags",
                                     "type=semver,pattern={{version}}",
                                     "--check-registry",
                                     "--retries",
                                     "0"};
    args.insert(args.end(), more.begin(), more.end());
    return image_tag_run(args);
  }
  testing::FakeHttpServer registry_;
};

TEST_F(ImageTagRegistryTest, ExistingFirstTagFailsWithFailIfExists) {
  registry_.route("HEAD", "/v2/ml/churn/manifests/1.4.0",
                  {.headers = {{"Docker-Content-Digest", kDigest}}});
  TagRun r = check({"--json", "-"});
  ASSERT_EQ(r.exit, 0) << r.err;
  const boost::json::value doc = boost::json::parse(r.out);
  EXPECT_EQ(doc.at("exists"), true);
  EXPECT_EQ(doc.at("digest"), kDigest);
  const auto& registry = doc.at("registry").as_array();
  ASSERT_EQ(registry.size(), 2U);  // 1.4.0 and latest
  EXPECT_EQ(std::string(registry[0].at("tag").as_string()), image() + ":1.4.0");
  EXPECT_EQ(registry[1].at("exists"), false);
  EXPECT_TRUE(registry[1].at("digest").is_null());

  TagRun text = check({});
  EXPECT_THAT(text.out, HasSubstr("registry: " + image() + ":1.4.0 exists (" + kDigest +
                                  ")\n"
                                  "registry: " +
                                  image() + ":latest absent\n"));
  TagRun fail = check({"--fail-if-exists"});
  EXPECT_EQ(fail.exit, 1) << fail.err;
}

TEST_F(ImageTagRegistryTest, AbsentFirstTagPassesWithFailIfExists) {
  TagRun r = check({"--fail-if-exists", "--json", "-"});
  ASSERT_EQ(r.exit, 0) << r.err;
  const boost::json::value doc = boost::json::parse(r.out);
  EXPECT_EQ(doc.at("exists"), false);
  EXPECT_TRUE(doc.at("digest").is_null());
}

TEST_F(ImageTagRegistryTest, UnreachableRegistryIsExit3) {
  registry_.route("HEAD", "/v2/ml/churn/manifests/1.4.0", {.status = 500});
  TagRun r = check({});
  EXPECT_EQ(r.exit, 3);
  EXPECT_THAT(r.err, HasSubstr("answered 500"));
}

// The parts on their own: the parser fills the plain options struct; run computes the outcome
// without printing.
TEST(ImageTagOptionsTest, ParserFillsTheOptions) {
  cli::testing::FakeIo f;
  std::optional<ImageTagOptions> o = parse_image_tag_options(
      {"--image", "GHCR.io/Acme/Churn", "--image", "docker.io/acme/churn", "--label", "a=b=c",
       "--timeout", "5", "--retries", "1", "--insecure", "--flavor", "latest=false"},
      f.io);
  ASSERT_TRUE(o);
  ASSERT_EQ(o->refs.size(), 2U);
  EXPECT_EQ(o->refs[0].registry, "ghcr.io");
  EXPECT_EQ(o->refs[0].repository, "acme/churn");
  EXPECT_EQ(o->refs[1].registry, "docker.io");
  EXPECT_EQ(o->rules.size(), default_rules().size());
  EXPECT_EQ(o->flavor.latest, Latest::kFalse);
  EXPECT_THAT(o->labels, ElementsAre(std::pair<std::string, std::string>("a", "b=c")));
  EXPECT_EQ(o->http.timeout_seconds, 5);
  EXPECT_EQ(o->http.retries, 1);
  EXPECT_TRUE(o->http.insecure);
  EXPECT_EQ(o->git_dir, ".");
  ASSERT_TRUE(o->recorder);
  EXPECT_FALSE(o->recorder->active());
  EXPECT_EQ(f.out.str(), "");
}

TEST(ImageTagRunTest, OutcomeOfOptionsBuiltByHand) {
  cli::testing::FakeIo f;
  f.env = {{"SOURCE_DATE_EPOCH", "0"}};
  ImageTagOptions o;
  o.images = {"ghcr.io/acme/churn", "quay.io/acme/churn"};
  o.refs = {parse_image_name(o.images[0]), parse_image_name(o.images[1])};
  o.rules = parse_rules("type=ref,event=branch\ntype=raw,value=stable", "test");
  o.git_ref = "refs/heads/main";
  o.git_sha = kSha;
  ImageTagOutcome r = run_image_tag(o, f.io);
  EXPECT_THAT(r.tags, ElementsAre("ghcr.io/acme/churn:main", "ghcr.io/acme/churn:stable",
                                  "quay.io/acme/churn:main", "quay.io/acme/churn:stable"));
  EXPECT_EQ(r.result.version, "main");
  EXPECT_EQ(r.report.exit, ExitCode::kPass);
  EXPECT_EQ(r.report.title, "ghcr.io/acme/churn (+1)");
  EXPECT_EQ(r.json.at("labels").at("org.opencontainers.image.created"), "1970-01-01T00:00:00.000Z");
  EXPECT_FALSE(r.model);
  EXPECT_EQ(f.out.str() + f.err.str(), "");  // run prints nothing
}

}  // namespace
}  // namespace mlops::tag
