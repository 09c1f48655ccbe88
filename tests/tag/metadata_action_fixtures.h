#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tag/tagger.h"

// Expected tags marked "README" come from docker/metadata-action's README.md at commit
// 2bd8a81e96a4d52339513312666fd493529523b3 (v5 docs) unless another commit is named; those
// marked with a test id (push01, tag11, ...) from its __tests__/meta.test.ts at commit
// 87ff116aea663b442e84ade2e0757db0646e3f10, whose contexts are the fixtures
// __tests__/fixtures/event_*.env reproduced below. meta.test.ts mocks the clock (and the commit
// date) to 2020-01-10T00:30:00Z.
namespace mlops::tag::metadata_action {

using Tags = std::vector<std::string>;

inline constexpr std::int64_t kNow = 1578616200;  // 2020-01-10T00:30:00Z
inline constexpr const char* kSha860 = "860c1904a1ce19322e91ac35af1ab07466440c37";
inline constexpr const char* kSha266 = "266574110acf203503badf966df2ea24b5d732d7";
inline constexpr const char* kPrMerge = "a9c8c5828b91be19d9728548b24759e352367ef1";
inline constexpr const char* kPrHead = "3370e228f2209994d57af4427fe64e71bb79ac96";

inline GitContext context(std::string event, std::string ref, std::string sha,
                          std::string base_ref = "") {
  GitContext g;
  g.event = std::move(event);
  g.ref = std::move(ref);
  g.sha = std::move(sha);
  g.base_ref = std::move(base_ref);
  g.default_branch = "master";  // fixtures/repo.json and the event payloads
  return g;
}
// event_push_dev.env, event_push_master.env, event_push_invalidchars.env
inline GitContext push_dev() { return context("push", "refs/heads/dev", kSha860); }
inline GitContext push_master() { return context("push", "refs/heads/master", kSha266); }
inline GitContext push_invalidchars() {
  return context("push", "refs/heads/my/feature#1245", "983315b5e8d46e46fc4c49869e85e7ee5fb289ba");
}
// event_tag_*.env: every tag fixture is at 860c190; event_tag_v1.1.1.json has base_ref master.
inline GitContext push_tag(const std::string& tag) {
  return context("push", "refs/tags/" + tag, kSha860, tag == "v1.1.1" ? "master" : "");
}
// event_pull_request.env (+ its JSON: number 15, head 3370e22, base master) and
// event_pull_request_target.env, whose ref metadata-action rewrites to refs/pull/15/merge.
inline GitContext pull_request() {
  GitContext g = context("pull_request", "refs/pull/15/merge", kPrMerge, "master");
  g.pr_head_sha = kPrHead;
  g.pr_number = 15;
  return g;
}
inline GitContext pull_request_target() {
  GitContext g = context("pull_request_target", "refs/pull/15/merge", kSha266, "master");
  g.pr_head_sha = kPrHead;
  g.pr_number = 15;
  return g;
}
// event_schedule.env: the schedule payload has no repository, so no default branch.
inline GitContext schedule() {
  GitContext g = context("schedule", "refs/heads/master", kSha860);
  g.default_branch.clear();
  return g;
}
inline GitContext release() { return context("release", "refs/tags/v1.1.1", kSha860); }

inline TagResult compute(const std::string& rules, const GitContext& git,
                         const std::string& flavor = "",
                         const std::optional<ModelInfo>& model = std::nullopt,
                         std::int64_t now = kNow) {
  return compute_tags(parse_rules(rules, "tags"), parse_flavor(flavor, "flavor"), git, model, now);
}
inline Tags tags(const std::string& rules, const GitContext& git, const std::string& flavor = "") {
  return compute(rules, git, flavor).tags;
}

struct Case {
  const char* id;
  GitContext git;
  const char* rules;
  const char* flavor;
  Tags want;
};
inline void expect_cases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    SCOPED_TRACE(c.id);
    EXPECT_EQ(tags(c.rules, c.git, c.flavor), c.want);
  }
}

}  // namespace mlops::tag::metadata_action
