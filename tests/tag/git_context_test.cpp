#include "tag/git_context.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "common/error_of.h"
#include "tag/local_git_test.h"
#include "tag/tagger.h"

namespace mlops::tag {
namespace {

namespace fs = std::filesystem;
using mlops::testing::error_of;
using ::testing::HasSubstr;
using Tags = std::vector<std::string>;

// The payloads in tests/data/github-events carry the refs, SHAs and PR number of
// docker/metadata-action's fixtures, so the expected tags below are the ones its
// __tests__/meta.test.ts (commit 87ff116aea663b442e84ade2e0757db0646e3f10) expects.
std::string events_dir() { return std::string(MLOPS_TEST_DATA) + "/github-events/"; }
constexpr const char* kSha860 = "860c1904a1ce19322e91ac35af1ab07466440c37";
constexpr const char* kSha266 = "266574110acf203503badf966df2ea24b5d732d7";
constexpr const char* kPrMerge = "a9c8c5828b91be19d9728548b24759e352367ef1";
constexpr const char* kPrHead = "3370e228f2209994d57af4427fe64e71bb79ac96";

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const std::string& name) {
    auto it = vars.find(name);
    return it == vars.end() ? std::string() : it->second;
  };
}

GitContext github(const std::string& event, const std::string& ref, const std::string& sha,
                  const std::string& event_file, const std::string& base_ref = "") {
  return from_github_env(
      env_of({{"GITHUB_EVENT_NAME", event},
              {"GITHUB_REF", ref},
              {"GITHUB_SHA", sha},
              {"GITHUB_BASE_REF", base_ref},
              {"GITHUB_EVENT_PATH", event_file.empty() ? "" : events_dir() + event_file}}));
}

Tags tags(const std::string& rules, const GitContext& git) {
  return compute_tags(parse_rules(rules, "tags"), Flavor{}, git, std::nullopt, 1578616200).tags;
}

TEST(GitHubContextTest, PushToABranch) {
  GitContext g = github("push", "refs/heads/master", kSha266, "push_branch.json");
  EXPECT_EQ(g.event, "push");
  EXPECT_EQ(g.ref, "refs/heads/master");
  EXPECT_EQ(g.tag_sha(), kSha266);
  EXPECT_EQ(g.default_branch, "master");
  EXPECT_EQ(g.commit_time, 1650359090);  // commits[].timestamp 2022-04-19T11:04:50+02:00
  EXPECT_EQ(g.base_ref, "");
  EXPECT_FALSE(g.pr_number);
  EXPECT_EQ(tags("", g), Tags{"master"});                                    // push03
  EXPECT_EQ(tags("type=edge\ntype=sha", g), (Tags{"edge", "sha-2665741"}));  // push08
}

TEST(GitHubContextTest, PushOfATag) {
  GitContext g = github("push", "refs/tags/v1.1.1", kSha860, "push_tag.json");
  EXPECT_EQ(g.base_ref, "master");       // the payload's base_ref, refs/heads/ removed
  EXPECT_EQ(g.commit_time, 1578616200);  // head_commit.timestamp 2020-01-10T01:30:00+01:00
  EXPECT_EQ(tags("", g), (Tags{"v1.1.1", "latest"}));  // latest05
  EXPECT_EQ(tags("type=raw,{{tag}}-{{sha}}-foo\ntype=raw,{{base_ref}}-foo", g),
            (Tags{"v1.1.1-860c190-foo", "master-foo"}));  // tag20
}

TEST(GitHubContextTest, PullRequestTagsTheHeadCommitNotTheMergeCommit) {
  GitContext g =
      github("pull_request", "refs/pull/15/merge", kPrMerge, "pull_request.json", "master");
  EXPECT_EQ(g.sha, kPrMerge);
  EXPECT_EQ(g.pr_head_sha, kPrHead);
  EXPECT_EQ(g.tag_sha(), kPrHead);
  EXPECT_EQ(g.pr_number, 15);
  EXPECT_EQ(g.base_ref, "master");
  EXPECT_EQ(g.commit_time, 0);  // a PR payload carries no commit time
  // meta.test.ts "pr-head-sha" pr03.
  EXPECT_EQ(tags("type=ref,event=pr\ntype=sha", g), (Tags{"pr-15", "sha-3370e22"}));
  // The base branch comes from the payload when GITHUB_BASE_REF is missing.
  EXPECT_EQ(github("pull_request", "refs/pull/15/merge", kPrMerge, "pull_request.json").base_ref,
            "master");
}

TEST(GitHubContextTest, PullRequestTargetGetsThePullRequestRef) {
  // GitHub runs pull_request_target on the base branch's ref.
  GitContext g = github("pull_request_target", "refs/heads/master", kSha266,
                        "pull_request_target.json", "master");
  EXPECT_EQ(g.ref, "refs/pull/15/merge");
  EXPECT_EQ(g.tag_sha(), kPrHead);
  // meta.test.ts "pr-head-sha" pr07.
  EXPECT_EQ(tags("type=sha,priority=2000\ntype=ref,event=pr", g), (Tags{"sha-3370e22", "pr-15"}));
}

TEST(GitHubContextTest, Schedule) {
  GitContext g = github("schedule", "refs/heads/master", kSha860, "schedule.json");
  EXPECT_EQ(g.default_branch, "");                      // the schedule payload has no repository
  EXPECT_EQ(tags("", g), (Tags{"nightly", "master"}));  // schedule01
  EXPECT_EQ(tags("type=raw,value=defbranch,enable={{is_default_branch}}", g), Tags{"defbranch"});
}

TEST(GitHubContextTest, WorkflowDispatch) {
  GitContext g =
      github("workflow_dispatch", "refs/heads/master", kSha860, "workflow_dispatch.json");
  EXPECT_EQ(g.default_branch, "master");
  EXPECT_EQ(tags("", g), Tags{"master"});         // README "Basic", workflow_dispatch row
  EXPECT_EQ(tags("type=edge", g), Tags{"edge"});  // push04
}

TEST(GitHubContextTest, WithoutAnEventFileOnlyTheEnvironmentIsUsed) {
  GitContext g = github("push", "refs/heads/dev", kSha860, "");
  EXPECT_EQ(g.ref, "refs/heads/dev");
  EXPECT_EQ(g.sha, kSha860);
  EXPECT_EQ(g.default_branch, "");
  EXPECT_EQ(g.commit_time, 0);
}

TEST(GitHubContextTest, UnreadableOrMalformedEventFileIsAnInputError) {
  Error e = error_of([] { github("push", "refs/heads/dev", kSha860, "missing.json"); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_THAT(e.what(), HasSubstr("missing.json"));
  e = error_of([] { github("push", "refs/heads/dev", kSha860, "not_an_object.json"); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_THAT(e.what(), HasSubstr("not a JSON object"));
  e = error_of([] { github("push", "refs/heads/dev", kSha860, "README.md"); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
}

TEST(GitHubContextTest, Timestamps) {
  EXPECT_EQ(parse_timestamp("2020-01-10T00:30:00Z"), 1578616200);
  EXPECT_EQ(parse_timestamp("2020-01-10T01:30:00+01:00"), 1578616200);
  EXPECT_EQ(parse_timestamp("2020-01-09T19:00:00.123-05:30"), 1578616200);
  EXPECT_EQ(parse_timestamp("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_timestamp("2024-02-29T12:00:00Z"), 1709208000);
  EXPECT_EQ(parse_timestamp(""), std::nullopt);
  EXPECT_EQ(parse_timestamp("2020-01-10"), std::nullopt);
  EXPECT_EQ(parse_timestamp("2020-13-10T00:30:00Z"), std::nullopt);
  EXPECT_EQ(parse_timestamp("2020-01-10T00:30:00"), std::nullopt);  // no zone: ambiguous
}

TEST_F(LocalGitTest, BranchCheckout) {
  GitContext g = from_local_git(repo_);
  EXPECT_EQ(g.sha, kCommit1);
  EXPECT_EQ(g.ref, "refs/heads/main");
  EXPECT_EQ(g.commit_time, 1578616200);
  EXPECT_EQ(g.event, "");
  EXPECT_EQ(g.default_branch, "");  // no origin/HEAD
  EXPECT_EQ(tags("type=ref,event=branch\ntype=sha", g), (Tags{"main", "sha-bcfa984"}));

  git({"-C", repo_, "checkout", "-q", "-b", "feature/drift"});
  EXPECT_EQ(from_local_git(repo_).ref, "refs/heads/feature/drift");
}

TEST_F(LocalGitTest, DetachedAtATagAndElsewhere) {
  git({"-C", repo_, "tag", "v1.2.3"});
  git({"-C", repo_, "checkout", "-q", "--detach", "v1.2.3"});
  GitContext g = from_local_git(repo_);
  EXPECT_EQ(g.ref, "refs/tags/v1.2.3");
  EXPECT_EQ(tags("type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}", g),
            (Tags{"1.2.3", "1.2", "latest"}));

  std::ofstream(fs::path(repo_) / "model.txt") << "weights v2\n";
  git({"-C", repo_, "commit", "-q", "-am", "Train model v2"});
  g = from_local_git(repo_);
  EXPECT_EQ(g.ref, "");  // detached, no tag here: only the commit is known
  EXPECT_NE(g.sha, kCommit1);
  EXPECT_EQ(tags("", g), Tags{});
}

TEST_F(LocalGitTest, DefaultBranchFromOriginHead) {
  git({"-C", repo_, "update-ref", "refs/remotes/origin/main", "HEAD"});
  git({"-C", repo_, "symbolic-ref", "refs/remotes/origin/HEAD", "refs/remotes/origin/main"});
  GitContext g = from_local_git(repo_);
  EXPECT_EQ(g.default_branch, "main");
  EXPECT_EQ(tags("type=edge\ntype=raw,value=latest,enable={{is_default_branch}}", g),
            (Tags{"edge", "latest"}));
}

TEST_F(LocalGitTest, NotARepositoryIsAUsageError) {
  fs::create_directory(root_ / "plain");
  Error e = error_of([&] { from_local_git((root_ / "plain").string()); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_THAT(e.what(), HasSubstr("is not a git repository"));

  e = error_of([&] { from_local_git((root_ / "missing").string()); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_THAT(e.what(), HasSubstr("is not a directory"));

  const std::string empty = (root_ / "empty").string();
  git({"init", "-q", empty});
  e = error_of([&] { from_local_git(empty); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_THAT(e.what(), HasSubstr("has no commits yet"));
}

// The event file is read by the exact parser: a key given twice means different things to
// different readers (json/parse.h), so it is refused with the file, line and column.
TEST(GitHubContextTest, AnEventWithADuplicateKeyIsRefused) {
  const fs::path dir = fs::temp_directory_path() / "mlops-git-context-dup";
  fs::create_directories(dir);
  const std::string file = (dir / "event.json").string();
  std::ofstream(file) << "{\"number\": 1,\n \"number\": 2}\n";
  auto env = env_of({{"GITHUB_EVENT_NAME", "pull_request"},
                     {"GITHUB_REF", "refs/pull/1/merge"},
                     {"GITHUB_SHA", kPrMerge},
                     {"GITHUB_EVENT_PATH", file}});
  const Error e = error_of([&] { from_github_env(env); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_THAT(e.what(), HasSubstr(file));
  EXPECT_THAT(e.what(), HasSubstr("duplicate key \"number\""));
  EXPECT_THAT(e.what(), HasSubstr("event.json:2:2: "));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace mlops::tag
