#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tag/metadata_action_fixtures.h"
#include "tag/tagger.h"

// compute_tags against docker/metadata-action's __tests__/meta.test.ts (see
// tag/metadata_action_fixtures.h).

namespace mlops::tag {
namespace {

using ::testing::HasSubstr;
using namespace metadata_action;  // the fixtures

// ---- meta.test.ts --------------------------------------------------------------------------

TEST(TagRulesMetaTest, Push) {
  expect_cases({
      {"null02", context("", "", ""), "type=sha\ntype=raw,{{branch}}", "", {}},
      {"push01", push_dev(), "", "", {"dev"}},
      {"push02", push_master(), "type=edge", "", {"edge"}},
      {"push03", push_master(), "", "", {"master"}},
      {"push04",
       context("workflow_dispatch", "refs/heads/master", kSha860),
       "type=edge",
       "",
       {"edge"}},
      {"push07", push_dev(), "type=ref,event=branch\ntype=sha", "", {"dev", "sha-860c190"}},
      {"push08", push_master(), "type=edge\ntype=sha", "", {"edge", "sha-2665741"}},
      {"push09", push_dev(), "type=edge,branch=dev\ntype=sha", "", {"edge", "sha-860c190"}},
      {"push10", push_master(), "type=edge,branch=dev\ntype=sha", "", {"sha-2665741"}},
      {"push11", push_invalidchars(), "type=edge\ntype=sha", "", {"sha-983315b"}},
      // push12 without its pep440 rule (not supported here).
      {"push12", push_invalidchars(), "type=semver,pattern={{version}}\ntype=edge", "", {}},
      {"push13",
       push_master(),
       "type=ref,priority=2000,event=branch\ntype=edge",
       "",
       {"master", "edge"}},
      {"push14",
       push_master(),
       "type=semver,pattern={{version}},value=v1.2.3\ntype=edge",
       "",
       {"1.2.3", "edge", "latest"}},
      {"push15",
       push_master(),
       "type=match,pattern=v(.*),group=1,value=v1.2.3\ntype=edge",
       "",
       {"1.2.3", "edge", "latest"}},
      {"push16",
       push_master(),
       "type=match,enable=false,pattern=v(.*),group=1,value=v1.2.3\ntype=edge",
       "",
       {"edge"}},
      {"push18",
       push_dev(),
       "type=ref,event=branch\ntype=sha,format=long",
       "",
       {"dev", std::string("sha-") + kSha860}},
      {"push19",
       push_dev(),
       "type=edge,branch=master\ntype=ref,event=branch,enable=false\ntype=sha,format=long\n"
       "type=raw,value=defbranch,enable={{is_default_branch}}",
       "",
       {std::string("sha-") + kSha860}},
  });
}

// push17: every global expression (tz='Asia/Tokyo' written as '+09:00').
TEST(TagRulesMetaTest, Push17GlobalExpressions) {
  EXPECT_EQ(tags("type=raw,value=mytag-{{branch}}\n"
                 "type=raw,value=mytag-{{date 'YYYYMMDD'}}\n"
                 "type=raw,value=mytag-cd-{{commit_date 'YYYYMMDD'}}\n"
                 "type=raw,value=mytag-{{date 'YYYYMMDD-HHmmss' tz='+09:00'}}\n"
                 "type=raw,value=mytag-tag-{{tag}}\n"
                 "type=raw,value=mytag-baseref-{{base_ref}}\n"
                 "type=raw,value=mytag-defbranch,enable={{is_default_branch}}",
                 push_master()),
            (Tags{"mytag-master", "mytag-20200110", "mytag-cd-20200110", "mytag-20200110-093000",
                  "mytag-tag-", "mytag-baseref-", "mytag-defbranch"}));
}

TEST(TagRulesMetaTest, Tag) {
  const char* latest_false = "latest=false";
  expect_cases({
      {"tag01", push_tag("release1"), "", "", {"release1", "latest"}},
      {"tag02", push_tag("20200110-RC2"), "", "", {"20200110-RC2", "latest"}},
      {"tag03",
       push_tag("20200110-RC2"),
       R"(type=match,pattern=\d{8})",
       latest_false,
       {"20200110"}},
      {"tag04",
       push_tag("20200110-RC2"),
       "type=match,pattern=(.*)-RC,group=1",
       latest_false,
       {"20200110"}},
      {"tag05", push_tag("v1.1.1"), R"(type=match,"pattern=\d.\d.\d")", "", {"1.1.1", "latest"}},
      {"tag06",
       push_tag("v1.1.1"),
       R"(type=match,"pattern=^v(\d.\d.\d)$",group=1)",
       "",
       {"1.1.1", "latest"}},
      {"tag07",
       push_tag("v2.0.8-beta.67"),
       R"(type=match,"pattern=\d.\d.\d-(alpha|beta).\d+")",
       "",
       {"2.0.8-beta.67", "latest"}},
      {"tag08", push_tag("v2.0.8-beta.67"), R"(type=match,"pattern=\d.\d")", "", {"2.0", "latest"}},
      {"tag09",
       push_tag("v2.0.8-beta.67"),
       "type=match,\"pattern=v(.*)-beta.(.*)\",group=1\ntype=match,\"pattern=v(.*)-beta.(.*)\","
       "group=2",
       "",
       {"2.0.8", "67", "latest"}},
      {"tag10", push_tag("sometag"), R"(type=match,"pattern=\d.\d")", "", {}},
      {"tag11",
       push_tag("v1.1.1"),
       "type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}\n"
       "type=semver,pattern={{major}}",
       "",
       {"1.1.1", "1.1", "1", "latest"}},
      {"tag12",
       push_tag("v1.1.1"),
       "type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}.{{patch}}",
       "",
       {"1.1.1", "latest"}},
      {"tag13",
       push_tag("v2.0.8-beta.67"),
       "type=semver,pattern={{major}}.{{minor}}\ntype=semver,pattern={{major}}",
       "",
       {"2.0.8-beta.67"}},
      {"tag14",
       push_tag("sometag"),
       "type=ref,event=tag\ntype=semver,pattern={{version}}\n"
       "type=semver,pattern={{major}}.{{minor}}\ntype=semver,pattern={{major}}",
       latest_false,
       {"sometag"}},
      {"tag15",
       push_tag("v2.0.8-beta.67"),
       "type=raw,priority=2000,foo\ntype=semver,pattern={{version}}\n"
       "type=match,\"pattern=\\d.\\d\"",
       "",
       {"foo", "2.0.8-beta.67", "2.0"}},
      {"tag16",
       push_tag("v1.1.1"),
       "type=raw,priority=2000,foo\ntype=ref,event=tag\ntype=edge",
       "",
       {"foo", "v1.1.1"}},
      {"tag17",
       push_tag("p1/v1.0.0"),
       "type=match,\"pattern=/^v(\\d.\\d.\\d)$/ig\",group=1\ntype=match,pattern=\\d.\\d.\\d\n"
       "type=match,pattern=\\d.\\d\ntype=ref,event=pr\ntype=sha",
       "",
       {"1.0.0", "1.0", "sha-860c190", "latest"}},
      {"tag18",
       push_tag("p1/v1.0.0"),
       "type=match,pattern=p1/v(\\d.\\d.\\d),group=1\ntype=match,pattern=p1/v(\\d.\\d),group=1\n"
       "type=match,pattern=p1/v(\\d.\\d),group=3\ntype=ref,event=pr\ntype=sha",
       "",
       {"1.0.0", "1.0", "sha-860c190", "latest"}},
      {"tag19",
       push_tag("p1/v1.0.0"),
       "type=match,pattern=p1/v(\\d.\\d.\\d),group=1\n"
       "type=match,pattern=p1/v(\\d.\\d),group=1,suffix=\ntype=ref,event=pr\ntype=sha",
       "suffix=-dev",
       {"1.0.0-dev", "1.0", "sha-860c190-dev", "latest"}},
      {"tag20",
       push_tag("v1.1.1"),
       "type=raw,{{tag}}-{{sha}}-foo\ntype=raw,{{base_ref}}-foo\n"
       "type=raw,defbranch-foo,enable={{is_default_branch}}",
       "",
       {"v1.1.1-860c190-foo", "master-foo"}},
      {"tag21",
       push_tag("v1.1.1"),
       "type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}.{{patch}}",
       "suffix=-dev,onlatest=true",
       {"1.1.1-dev", "latest-dev"}},
      {"tag22",
       push_tag("v1.1.1"),
       "type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}.{{patch}}",
       "prefix=foo-,onlatest=true\nsuffix=-dev,onlatest=true",
       {"foo-1.1.1-dev", "foo-latest-dev"}},
      {"tag31", push_tag("v2.0.8-beta.67"), "type=semver,pattern={{raw}}", "", {"v2.0.8-beta.67"}},
  });
}

TEST(TagRulesMetaTest, Latest) {
  expect_cases({
      {"latest01",
       push_tag("release1"),
       R"(type=match,"pattern=^release\d{1,2}")",
       "",
       {"release1", "latest"}},
      {"latest02",
       push_tag("20200110-RC2"),
       R"(type=match,"pattern=^\d+-RC\d{1,2}")",
       "",
       {"20200110-RC2", "latest"}},
      {"latest03",
       push_tag("20200110-RC2"),
       R"(type=match,pattern=\d{8})",
       "",
       {"20200110", "latest"}},
      {"latest04", push_tag("v1.1.1"), R"(type=match,"pattern=\d.\d.\d")", "", {"1.1.1", "latest"}},
      {"latest05", push_tag("v1.1.1"), "", "", {"v1.1.1", "latest"}},
      {"latest06",
       push_tag("v2.0.8-beta.67"),
       R"(type=match,"pattern=\d.\d.\d")",
       "",
       {"2.0.8", "latest"}},
      {"latest07", push_tag("v1.1.1"), "type=ref,event=tag", "latest=false", {"v1.1.1"}},
  });
}

// The "pr" table, which tags GITHUB_SHA (the merge commit): the context without pr_head_sha.
TEST(TagRulesMetaTest, PullRequestMergeCommit) {
  GitContext pr = pull_request(), target = pull_request_target();
  pr.pr_head_sha.clear();
  target.pr_head_sha.clear();
  expect_cases({
      {"pr01", pr, "", "", {"pr-15"}},
      {"pr03", pr, "type=ref,event=pr\ntype=sha", "", {"pr-15", "sha-a9c8c58"}},
      {"pr04", pr, "type=sha,priority=2000\ntype=ref,event=pr", "", {"sha-a9c8c58", "pr-15"}},
      {"pr05", pr, "type=ref,event=pr", "prefix=glo-\nsuffix=-bal", {"pr-15-bal"}},
      {"pr06", pr, "type=ref,event=pr,prefix=", "prefix=glo-\nsuffix=-bal", {"15-bal"}},
      {"pr07", target, "type=sha,priority=2000\ntype=ref,event=pr", "", {"sha-2665741", "pr-15"}},
      {"pr08", target, "type=ref,event=pr,prefix=", "prefix=glo-\nsuffix=-bal", {"15-bal"}},
      {"pr09",
       target,
       "type=ref,event=tag\ntype=ref,event=pr\ntype=ref,event=branch\ntype=sha\n"
       "type=sha,format=long",
       "",
       {"pr-15", "sha-2665741", std::string("sha-") + kSha266}},
      {"pr10",
       target,
       "type=raw,value=mytag-{{base_ref}}\ntype=raw,mytag-defbranch,enable={{is_default_branch}}",
       "",
       {"mytag-master"}},
      {"pr11",
       pr,
       "type=raw,value=mytag-{{base_ref}}\ntype=raw,mytag-defbranch,enable={{is_default_branch}}",
       "",
       {"mytag-master"}},
  });
}

// The "pr-head-sha" table (DOCKER_METADATA_PR_HEAD_SHA=true there), which is our default.
TEST(TagRulesMetaTest, PullRequestHeadCommitByDefault) {
  expect_cases({
      {"pr03", pull_request(), "type=ref,event=pr\ntype=sha", "", {"pr-15", "sha-3370e22"}},
      {"pr04",
       pull_request(),
       "type=sha,priority=2000\ntype=ref,event=pr",
       "",
       {"sha-3370e22", "pr-15"}},
      {"pr07",
       pull_request_target(),
       "type=sha,priority=2000\ntype=ref,event=pr",
       "",
       {"sha-3370e22", "pr-15"}},
      {"pr09",
       pull_request_target(),
       "type=ref,event=tag\ntype=ref,event=pr\ntype=ref,event=branch\ntype=sha\n"
       "type=sha,format=long",
       "",
       {"pr-15", "sha-3370e22", std::string("sha-") + kPrHead}},
  });
}

TEST(TagRulesMetaTest, Schedule) {
  expect_cases({
      {"schedule01", schedule(), "", "", {"nightly", "master"}},
      {"schedule02",
       schedule(),
       "type=schedule,pattern={{date 'YYYYMMDD'}}\n"
       "type=schedule,pattern=source-date-{{commit_date 'YYYY-MM-DD'}}",
       "",
       {"20200110", "source-date-2020-01-10"}},
      {"schedule03",
       schedule(),
       "type=schedule,pattern={{date 'YYYYMMDD-HHmmss'}}",
       "",
       {"20200110-003000"}},
      {"schedule05", schedule(), "type=schedule\ntype=sha", "", {"nightly", "sha-860c190"}},
      {"schedule06",
       schedule(),
       "type=schedule\ntype=sha,priority=2000\n"
       "type=raw,value=defbranch,enable={{is_default_branch}}",
       "",
       {"sha-860c190", "nightly", "defbranch"}},
      {"schedule07", schedule(), "type=schedule", "prefix=glo-\nsuffix=-bal", {"glo-nightly-bal"}},
      {"schedule08",
       schedule(),
       "type=schedule,pattern={{date 'YYYYMMDD-HHmmss' tz='+09:00'}}\n"
       "type=schedule,pattern=src-{{commit_date 'YYYYMMDD-HHmmss' tz='+09:00'}}",
       "",
       {"20200110-093000", "src-20200110-093000"}},
  });
}

TEST(TagRulesMetaTest, Release) {
  expect_cases({
      {"release01", release(), "", "", {"v1.1.1", "latest"}},
      {"release02",
       release(),
       "type=ref,event=tag\ntype=raw,value=baseref-{{base_ref}}\n"
       "type=raw,value=defbranch,enable={{is_default_branch}}",
       "",
       {"v1.1.1", "baseref-", "latest"}},
      {"release03",
       release(),
       "type=raw,value=src-{{commit_date 'YYYYMMDD-HHmmss'}}\n"
       "type=raw,value={{date 'YYYYMMDD-HHmmss'}}",
       "",
       {"src-20200110-003000", "20200110-003000"}},
  });
}

TEST(TagRulesMetaTest, Raw) {
  const char* three = "type=raw,my\ntype=raw,custom\ntype=raw,tags";
  expect_cases({
      {"raw01",
       push_dev(),
       "type=ref,event=branch\ntype=raw,my\ntype=raw,custom\ntype=raw,tags",
       "",
       {"dev", "my", "custom", "tags"}},
      {"raw03",
       push_tag("release1"),
       "type=ref,event=tag\ntype=raw,my\ntype=raw,custom\ntype=raw,tags",
       "",
       {"release1", "my", "custom", "tags", "latest"}},
      {"raw04",
       push_tag("20200110-RC2"),
       "type=match,pattern=\\d{8}\ntype=raw,my\ntype=raw,custom\ntype=raw,tags",
       "latest=false",
       {"20200110", "my", "custom", "tags"}},
      {"raw05",
       push_tag("v1.1.1"),
       "type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}\n"
       "type=semver,pattern={{major}}\ntype=raw,my\ntype=raw,custom\ntype=raw,tags",
       "",
       {"1.1.1", "1.1", "1", "my", "custom", "tags", "latest"}},
      {"raw06", push_tag("v1.1.1"), three, "", {"my", "custom", "tags"}},
      {"raw07",
       push_dev(),
       "type=ref,priority=90,event=branch\ntype=raw,my\ntype=raw,custom\ntype=raw,tags",
       "latest=true",
       {"my", "custom", "tags", "dev", "latest"}},
      {"raw08",
       push_dev(),
       "type=match,pattern=\\d{8}\ntype=raw,my\ntype=raw,custom\ntype=raw,tags",
       "latest=false",
       {"my", "custom", "tags"}},
      {"raw09",
       push_dev(),
       "type=match,pattern=\\d{8}\ntype=raw,my,prefix=foo-,suffix=-bar\ntype=raw,custom\n"
       "type=raw,tags",
       "latest=false\nprefix=glo-\nsuffix=-bal",
       {"foo-my-bar", "glo-custom-bal", "glo-tags-bal"}},
      {"raw10",
       push_dev(),
       "type=raw,foo\ntype=raw,bar,enable=false\ntype=raw,baz,enable=true",
       "latest=false",
       {"foo", "baz"}},
  });
}

TEST(TagRulesMetaTest, VersionIsTheFirstTag) {
  TagResult r = compute("type=raw,priority=2000,foo\ntype=ref,event=tag", push_tag("v1.1.1"));
  EXPECT_EQ(r.version, "foo");  // tag16: the highest-priority tag, whatever its type
  EXPECT_FALSE(r.latest);       // ... and it decides latest=auto
  EXPECT_EQ(compute("", push_tag("v1.1.1")).version, "v1.1.1");
  EXPECT_EQ(compute("type=sha", context("", "", "")).version, "");
}

TEST(TagRulesMetaTest, RulesThatFindNothingWarn) {
  TagResult r = compute(
      "type=ref,event=tag\ntype=semver,pattern={{version}}\ntype=match,pattern=\\d.\\d\n"
      "type=match,pattern=(s)ome,group=2",
      push_tag("sometag"), "latest=false");
  EXPECT_EQ(r.tags, Tags{"sometag"});
  ASSERT_EQ(r.warnings.size(), 3u);
  EXPECT_THAT(r.warnings[0], HasSubstr("is not a semver version"));
  EXPECT_THAT(r.warnings[1], HasSubstr("does not match"));
  EXPECT_THAT(r.warnings[2], HasSubstr("group 2"));
}

}  // namespace
}  // namespace mlops::tag
