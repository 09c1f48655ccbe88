#include <gtest/gtest.h>

#include "tag/metadata_action_fixtures.h"
#include "tag/tagger.h"

// compute_tags against the tables of docker/metadata-action's README
// (tag/metadata_action_fixtures.h says where the expectations come from).

namespace mlops::tag {
namespace {

using namespace metadata_action;  // the fixtures

// ---- README tables -----------------------------------------------------------------------------

// README "Basic": the default rules.
TEST(TagRulesReadmeTest, BasicDefaultRules) {
  expect_cases({
      {"pull_request", context("pull_request", "refs/pull/2/merge", kSha860), "", "", {"pr-2"}},
      {"push master", context("push", "refs/heads/master", kSha860), "", "", {"master"}},
      {"push releases/v1",
       context("push", "refs/heads/releases/v1", kSha860),
       "",
       "",
       {"releases-v1"}},
      {"push tag", push_tag("v1.2.3"), "", "", {"v1.2.3", "latest"}},
      {"push tag beta", push_tag("v2.0.8-beta.67"), "", "", {"v2.0.8-beta.67", "latest"}},
      {"workflow_dispatch",
       context("workflow_dispatch", "refs/heads/master", kSha860),
       "",
       "",
       {"master"}},
  });
}

// README "Semver".
TEST(TagRulesReadmeTest, SemverExample) {
  const char* rules =
      "type=ref,event=branch\ntype=ref,event=pr\ntype=semver,pattern={{version}}\n"
      "type=semver,pattern={{major}}.{{minor}}";
  expect_cases({
      {"pull_request", context("pull_request", "refs/pull/2/merge", kSha860), rules, "", {"pr-2"}},
      {"push master", context("push", "refs/heads/master", kSha860), rules, "", {"master"}},
      {"push releases/v1",
       context("push", "refs/heads/releases/v1", kSha860),
       rules,
       "",
       {"releases-v1"}},
      {"push tag", push_tag("v1.2.3"), rules, "", {"1.2.3", "1.2", "latest"}},
      {"push tag beta", push_tag("v2.0.8-beta.67"), rules, "", {"2.0.8-beta.67"}},
  });
}

// README "Bake definition" at commit 01dc739d69236470781e801e12eaadc619733af0 (v3 docs, whose
// example revision 90dd603... matches its tags).
TEST(TagRulesReadmeTest, BakeExampleWithSha) {
  GitContext g = context("push", "refs/tags/v1.2.3", "90dd6032fac8bda1b6c4436a2e65de27961ed071");
  EXPECT_EQ(tags("type=ref,event=branch\ntype=ref,event=pr\ntype=semver,pattern={{version}}\n"
                 "type=semver,pattern={{major}}.{{minor}}\ntype=sha",
                 g),
            (Tags{"1.2.3", "1.2", "sha-90dd603", "latest"}));
}

// README "type=semver": Git tag | Pattern | Output.
TEST(TagRulesReadmeTest, SemverPatternTable) {
  const std::vector<std::array<const char*, 3>> rows = {
      {"v1.2.3", "{{raw}}", "v1.2.3"},
      {"v1.2.3", "{{version}}", "1.2.3"},
      {"v1.2.3", "{{major}}.{{minor}}", "1.2"},
      {"v1.2.3", "v{{major}}", "v1"},
      {"v1.2.3", "{{minor}}", "2"},
      {"v1.2.3", "{{patch}}", "3"},
      {"v2.0.8-beta.67", "{{raw}}", "v2.0.8-beta.67"},
      {"v2.0.8-beta.67", "{{version}}", "2.0.8-beta.67"},
      {"v2.0.8-beta.67", "{{major}}.{{minor}}", "2.0.8-beta.67"},
  };
  for (const auto& [tag, pattern, output] : rows) {
    SCOPED_TRACE(std::string(tag) + " " + pattern);
    EXPECT_EQ(compute(std::string("type=semver,pattern=") + pattern, push_tag(tag)).version,
              output);
  }
}

// README "type=match": Git tag | Pattern | Group | Output.
TEST(TagRulesReadmeTest, MatchTable) {
  const std::vector<std::array<const char*, 4>> rows = {
      {"v1.2.3", R"(\d.\d.\d)", "0", "1.2.3"},
      {"v2.0.8-beta.67", "v(.*)", "1", "2.0.8-beta.67"},
      {"v2.0.8-beta.67", R"(v(\d.\d))", "1", "2.0"},
      {"20200110-RC2", R"(\d+)", "0", "20200110"},
      {"p1/v1.2.3", R"(p1/v(\d.\d.\d))", "1", "1.2.3"},
  };
  for (const auto& [tag, pattern, group, output] : rows) {
    SCOPED_TRACE(std::string(tag) + " " + pattern);
    EXPECT_EQ(tags(std::string("type=match,pattern=") + pattern + ",group=" + group, push_tag(tag)),
              (Tags{output, "latest"}));
  }
}

// README "type=ref": Event | Ref | Output.
TEST(TagRulesReadmeTest, RefTable) {
  const char* rules = "type=ref,event=branch\ntype=ref,event=tag\ntype=ref,event=pr";
  const char* no_latest = "latest=false";
  expect_cases({
      {"pull_request",
       context("pull_request", "refs/pull/2/merge", kSha860),
       rules,
       no_latest,
       {"pr-2"}},
      {"push", context("push", "refs/heads/master", kSha860), rules, no_latest, {"master"}},
      {"push my/branch",
       context("push", "refs/heads/my/branch", kSha860),
       rules,
       no_latest,
       {"my-branch"}},
      {"push tag", push_tag("v1.2.3"), rules, no_latest, {"v1.2.3"}},
      {"push tag beta", push_tag("v2.0.8-beta.67"), rules, no_latest, {"v2.0.8-beta.67"}},
      {"workflow_dispatch",
       context("workflow_dispatch", "refs/heads/master", kSha860),
       rules,
       no_latest,
       {"master"}},
  });
}

// README "type=schedule": Pattern | Output. tz='Asia/Tokyo' is written as its offset here: this
// build has no time zone database.
TEST(TagRulesReadmeTest, SchedulePatternTable) {
  EXPECT_EQ(tags("type=schedule,pattern=nightly", schedule()), Tags{"nightly"});
  EXPECT_EQ(tags("type=schedule,pattern={{date 'YYYYMMDD'}}", schedule()), Tags{"20200110"});
  EXPECT_EQ(tags("type=schedule,pattern={{date 'YYYYMMDD-HHmmss' tz='+09:00'}}", schedule()),
            Tags{"20200110-093000"});
  // Only on schedule events.
  EXPECT_EQ(tags("type=schedule", push_master()), Tags{});
}

// README "type=sha": sha-860c190, full length with format=long.
TEST(TagRulesReadmeTest, Sha) {
  EXPECT_EQ(tags("type=sha", push_dev()), Tags{"sha-860c190"});
  EXPECT_EQ(tags("type=sha,format=long", push_dev()), Tags{std::string("sha-") + kSha860});
  EXPECT_EQ(tags("type=sha,prefix=", push_dev()), Tags{"860c190"});
}

// README "Global expressions": the {{branch}}, {{tag}} and {{base_ref}} tables (a "x-" prefix
// makes an empty result visible as a tag) and the {{date}} example.
TEST(TagRulesReadmeTest, GlobalExpressionTables) {
  GitContext pr = context("pull_request", "refs/pull/2/merge", kSha860, "master");
  GitContext master = context("push", "refs/heads/master", kSha860);
  GitContext my_branch = context("push", "refs/heads/my/branch", kSha860);
  GitContext tag = push_tag("v1.1.1");
  const char* branch = "type=raw,value=x-{{branch}}";
  const char* tag_rule = "type=raw,value=x-{{tag}}";
  const char* base = "type=raw,value=x-{{base_ref}}";
  expect_cases({
      {"branch pr", pr, branch, "", {"x-"}},
      {"branch master", master, branch, "", {"x-master"}},
      {"branch my/branch", my_branch, branch, "", {"x-my-branch"}},
      {"branch tag", tag, branch, "", {"x-"}},
      {"tag pr", pr, tag_rule, "", {"x-"}},
      {"tag master", master, tag_rule, "", {"x-"}},
      {"tag tag", tag, tag_rule, "", {"x-v1.1.1"}},
      {"base_ref pr", pr, base, "", {"x-master"}},
      {"base_ref master", master, base, "", {"x-"}},
      {"base_ref my/branch", my_branch, base, "", {"x-"}},
      {"base_ref tag", tag, base, "", {"x-master"}},
      {"sha", master, "type=raw,value=x-{{sha}}", "", {"x-860c190"}},
  });
  // "Friday, January 10th 2020, 3:25:50 pm", sanitised; the commas need CSV quotes.
  EXPECT_EQ(compute("type=raw,\"value={{date 'dddd, MMMM Do YYYY, h:mm:ss a'}}\"", master, "",
                    std::nullopt, 1578669950)
                .tags,
            Tags{"Friday-January-10th-2020-3-25-50-pm"});
}

// README "Latest tag": latest for the default branch with {{is_default_branch}}.
TEST(TagRulesReadmeTest, LatestOnDefaultBranch) {
  const char* rules = "type=ref,event=branch\ntype=raw,value=latest,enable={{is_default_branch}}";
  EXPECT_EQ(tags(rules, push_master()), (Tags{"master", "latest"}));
  EXPECT_EQ(tags(rules, push_dev()), Tags{"dev"});
}

// README "priority attribute" table, plus ours for model and digest.
TEST(TagRulesReadmeTest, DefaultPriorities) {
  EXPECT_EQ(default_priority(RuleType::kSchedule), 1000);
  EXPECT_EQ(default_priority(RuleType::kSemver), 900);
  EXPECT_EQ(default_priority(RuleType::kMatch), 800);
  EXPECT_EQ(default_priority(RuleType::kEdge), 700);
  EXPECT_EQ(default_priority(RuleType::kRef), 600);
  EXPECT_EQ(default_priority(RuleType::kRaw), 200);
  EXPECT_EQ(default_priority(RuleType::kSha), 100);
  EXPECT_EQ(default_priority(RuleType::kModel), 750);
  EXPECT_EQ(default_priority(RuleType::kDigest), 150);
}

}  // namespace
}  // namespace mlops::tag
