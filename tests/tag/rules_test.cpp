#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error_of.h"
#include "tag/metadata_action_fixtures.h"
#include "tag/tagger.h"

// Parsing tag rules and the flavor (tag/rules.h), and our additions to metadata-action's rules.

namespace mlops::tag {
namespace {

using mlops::testing::error_of;
using ::testing::HasSubstr;
using namespace metadata_action;  // the fixtures

// ---- tag.test.ts (commit b5c378621cab2a7c920c34b0db18a50da51bd4f2): parsing ------------------

TEST(TagRulesParseTest, DefaultsOfEachType) {
  std::vector<TagRule> r = parse_rules(
      "type=ref,event=branch\ntype=ref,event=tag\ntype=ref,event=pr\ntype=schedule\ntype=sha\n"
      "type=raw,foo\ntype=edge\ntype=semver,pattern={{version}}\n"
      "type=match,\"pattern=\\d.\\d.\\d\",group=0\nacustomtag",
      "tags");
  ASSERT_EQ(r.size(), 10u);
  EXPECT_EQ(r[0].event, RefEvent::kBranch);
  EXPECT_FALSE(r[0].prefix);
  EXPECT_EQ(r[2].event, RefEvent::kPr);
  EXPECT_EQ(r[2].prefix, "pr-");
  EXPECT_EQ(r[3].pattern, "nightly");
  EXPECT_EQ(r[4].prefix, "sha-");
  EXPECT_FALSE(r[4].long_sha);
  EXPECT_EQ(r[5].value, "foo");
  EXPECT_EQ(r[6].branch, "");
  EXPECT_EQ(r[8].pattern, "\\d.\\d.\\d");
  EXPECT_EQ(r[9].type, RuleType::kRaw);
  EXPECT_EQ(r[9].value, "acustomtag");
  for (const TagRule& rule : r) EXPECT_EQ(rule.priority, default_priority(rule.type));
  EXPECT_EQ(r[7].location, "tags:8");
}

TEST(TagRulesParseTest, InvalidRulesOfTagTest) {
  for (const char* line :
       {"type=match,enable=true,pattern=v(.*),group=foo", "type=ref,event=foo", "type=ref",
        "type=raw", "type=semver", "type=match", "type=foo", "type=sha,format=foo"}) {
    SCOPED_TRACE(line);
    EXPECT_EQ(error_of([&] { parse_rules(line, "tags"); }).code(), ExitCode::kUsage);
  }
}

TEST(TagRulesParseTest, ErrorsNameTheLineAndSuggestTheKey) {
  Error e = error_of([] { parse_rules("type=sha\n\ntype=semver,patern={{version}}", "tags"); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_THAT(e.what(), HasSubstr("tags:3"));
  EXPECT_THAT(e.what(), HasSubstr("\"patern\""));
  EXPECT_THAT(e.hint(), HasSubstr("did you mean \"pattern\""));

  e = error_of([] { parse_rules("type=semvr,pattern={{version}}", "tags"); });
  EXPECT_THAT(e.hint(), HasSubstr("did you mean type=semver"));
  e = error_of([] { parse_rules("type=pep440,pattern={{version}}", "tags"); });
  EXPECT_THAT(e.what(), HasSubstr("not supported"));
  e = error_of([] { parse_rules("type=raw,value=a,value=b", "tags"); });
  EXPECT_THAT(e.what(), HasSubstr("given twice"));
  e = error_of([] { parse_rules("type=raw,value=a,", "tags"); });
  EXPECT_THAT(e.what(), HasSubstr("empty attribute"));
  e = error_of([] { parse_rules("type=match,\"pattern=\\d", "tags"); });
  EXPECT_THAT(e.what(), HasSubstr("unterminated quote"));
  e = error_of([] { parse_rules("type=raw,value=a,priority=high", "tags"); });
  EXPECT_THAT(e.what(), HasSubstr("expected an integer"));
  e = error_of([] { parse_rules("type=raw,value=a,enable=yes", "tags"); });
  EXPECT_THAT(e.what(), HasSubstr("expected true or false"));
  e = error_of([] { parse_rules("type=edge,value=x", "tags"); });
  EXPECT_THAT(e.what(), HasSubstr("type=edge has no attribute \"value\""));
  e = error_of([] { parse_rules("type=match,pattern=v(", "tags"); });
  EXPECT_THAT(e.what(), HasSubstr("not a valid regex"));
}

TEST(TagRulesParseTest, CommentsBlankLinesAndDefaults) {
  EXPECT_EQ(parse_rules("# nothing but comments\n\n   \n", "tags").size(), 4u);  // defaults
  std::vector<TagRule> r = parse_rules("  # a comment\n type=sha \n\n#type=edge\n", "tags");
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].type, RuleType::kSha);
  EXPECT_EQ(r[0].location, "tags:2");
}

TEST(TagRulesParseTest, ExpressionsAreCheckedWhenParsed) {
  Error e = error_of([] { parse_rules("type=raw,value=x-{{brnch}}", "tags"); });
  EXPECT_THAT(e.what(), HasSubstr("unknown expression {{brnch}}"));
  EXPECT_THAT(e.hint(), HasSubstr("did you mean {{branch}}"));
  // meta.test.ts pr12 writes an unquoted format, which handlebars reads as an undefined
  // variable (moment then prints its default format): an error here.
  e = error_of([] { parse_rules("type=raw,value={{commit_date YYYY-MM-DD-HHmmSS}}", "tags"); });
  EXPECT_THAT(e.what(), HasSubstr("needs one quoted format"));
  e = error_of([] { parse_rules("type=raw,value={{date 'YYYY' tz='Asia/Tokyo'}}", "tags"); });
  EXPECT_THAT(e.what(), HasSubstr("time zone \"Asia/Tokyo\" is not supported"));
  e = error_of([] { parse_rules("type=raw,value={{date 'YYYY' zone='UTC'}}", "tags"); });
  EXPECT_THAT(e.what(), HasSubstr("no attribute"));
  e = error_of([] { parse_rules("type=raw,value={{date 'wo'}}", "tags"); });
  EXPECT_THAT(e.what(), HasSubstr("date format token"));
  e = error_of([] { parse_rules("type=raw,value=x-{{branch", "tags"); });
  EXPECT_THAT(e.what(), HasSubstr("unclosed"));
  e = error_of([] { parse_rules("type=semver,pattern={{versoin}}", "tags"); });
  EXPECT_THAT(e.hint(), HasSubstr("did you mean {{version}}"));
  // Semver patterns know only the version's parts.
  e = error_of([] { parse_rules("type=semver,pattern={{branch}}", "tags"); });
  EXPECT_THAT(e.what(), HasSubstr("unknown expression {{branch}}"));
  e = error_of([] { parse_rules("type=raw,value={{branch 'x'}}", "tags"); });
  EXPECT_THAT(e.what(), HasSubstr("takes no arguments"));
}

TEST(TagRulesParseTest, Flavor) {
  Flavor f = parse_flavor("latest=false\nprefix=ml-,onlatest=true\nsuffix=-gpu", "flavor");
  EXPECT_EQ(f.latest, Latest::kFalse);
  EXPECT_EQ(f.prefix, "ml-");
  EXPECT_TRUE(f.prefix_on_latest);
  EXPECT_EQ(f.suffix, "-gpu");
  EXPECT_FALSE(f.suffix_on_latest);
  EXPECT_EQ(parse_flavor("", "flavor").latest, Latest::kAuto);

  Error e = error_of([] { parse_flavor("latest=sometimes", "flavor"); });
  EXPECT_THAT(e.what(), HasSubstr("flavor:1"));
  e = error_of([] { parse_flavor("prefx=a", "flavor"); });
  EXPECT_THAT(e.hint(), HasSubstr("did you mean \"prefix\""));
  e = error_of([] { parse_flavor("onlatest=true", "flavor"); });
  EXPECT_THAT(e.what(), HasSubstr("follow prefix= or suffix="));
  e = error_of([] { parse_flavor("latest", "flavor"); });
  EXPECT_THAT(e.what(), HasSubstr("not key=value"));
}

// ---- Our additions -----------------------------------------------------------------------------

constexpr const char* kDigest =
    "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";

TEST(TagRulesModelTest, ModelAndDigestTags) {
  ModelInfo m{"fraud-detector", "3", kDigest};
  TagResult r = compute("type=sha\ntype=digest\ntype=model", push_master(), "", m);
  EXPECT_EQ(r.tags, (Tags{"fraud-detector-v3", "model-e3b0c44298fc", "sha-2665741"}));
  EXPECT_EQ(r.version, "fraud-detector-v3");
  EXPECT_FALSE(r.latest);

  // A git release outranks the model version; "v3" does not become "vv3"; names are sanitised.
  m = {"team/fraud detector", "v3", std::string(kDigest).substr(7)};
  EXPECT_EQ(compute("type=semver,pattern={{version}}\ntype=model\ntype=digest,prefix=d-",
                    push_tag("v1.2.3"), "", m)
                .tags,
            (Tags{"1.2.3", "team-fraud-detector-v3", "d-e3b0c44298fc", "latest"}));
}

TEST(TagRulesModelTest, MissingOrBadModelInformationIsAUsageError) {
  Error e = error_of([] { compute("type=model", push_master()); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_THAT(e.what(), HasSubstr("tags:1: type=model needs the model's name and version"));
  e = error_of([] { compute("type=digest", push_master(), "", ModelInfo{"m", "1", ""}); });
  EXPECT_THAT(e.what(), HasSubstr("content digest"));
  e = error_of([] { compute("type=digest", push_master(), "", ModelInfo{"m", "1", "abc123"}); });
  EXPECT_THAT(e.what(), HasSubstr("is not a SHA-256 digest"));
  // A disabled rule needs nothing.
  EXPECT_EQ(compute("type=model,enable=false\ntype=sha", push_master()).tags, Tags{"sha-2665741"});
}

TEST(TagRulesSanitizeTest, InvalidCharacterRunsBecomeOneDash) {
  // meta.ts sanitizeTag: tag.replace(/[^a-zA-Z0-9._-]+/g, '-').
  EXPECT_EQ(sanitize_tag("my/feature#1245"), "my-feature-1245");
  EXPECT_EQ(sanitize_tag("a//b"), "a-b");
  EXPECT_EQ(sanitize_tag("v1.2.3+build.5"), "v1.2.3-build.5");
  EXPECT_EQ(sanitize_tag("caf\xc3\xa9 au lait"), "caf-au-lait");
  EXPECT_EQ(sanitize_tag("Keep_This.as-is"), "Keep_This.as-is");
  EXPECT_EQ(tags("type=ref,event=branch", push_invalidchars()), Tags{"my-feature-1245"});
}

TEST(TagRulesSanitizeTest, OciGrammar) {
  EXPECT_NO_THROW(validate_tag("_x"));
  EXPECT_NO_THROW(validate_tag("A"));
  EXPECT_NO_THROW(validate_tag(std::string(128, 'a')));
  for (const std::string& bad :
       std::vector<std::string>{"", "-x", ".x", "a b", "a/b", std::string(129, 'a')}) {
    SCOPED_TRACE(bad);
    EXPECT_EQ(error_of([&] { validate_tag(bad); }).code(), ExitCode::kUsage);
  }
}

TEST(TagRulesSanitizeTest, InvalidTagsAreErrorsNeverTruncated) {
  Error e = error_of([] { compute("type=sha\ntype=raw,value=x,prefix=-", push_master()); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_THAT(e.what(), HasSubstr("tags:2: tag \"-x\" is not a valid OCI tag: it starts with"));

  GitContext long_branch = context("push", "refs/heads/feature/" + std::string(130, 'b'), kSha266);
  e = error_of([&] { compute("type=ref,event=branch", long_branch); });
  EXPECT_THAT(e.what(), HasSubstr("138 characters long, the limit is 128"));

  // Characters that sanitise to a leading "-" are an error too, not silently dropped.
  e = error_of([] { compute("type=raw,value=#1", push_master()); });
  EXPECT_THAT(e.what(), HasSubstr("\"-1\""));
  // An empty value gives no tag (as in metadata-action), not an error.
  EXPECT_EQ(tags("type=raw,value={{tag}}\ntype=sha", push_master()), Tags{"sha-2665741"});
}

TEST(TagRulesDateTest, Tokens) {
  auto render = [](const std::string& fmt, std::int64_t now) {
    return compute("type=raw,value=x-{{date '" + fmt + "'}}", push_master(), "", std::nullopt, now)
        .version;
  };
  EXPECT_EQ(render("YY.M.D.DDDD.ddd.Q.X", kNow), "x-20.1.10.010.Fri.1.1578616200");
  EXPECT_EQ(render("YYYY-MM-DD[T]HH:mm:ss.SSS[Z]", kNow), "x-2020-01-10T00-30-00.000Z");
  EXPECT_EQ(render("MMM Mo dd d A hh k", kNow), "x-Jan-1st-Fr-5-AM-12-24");
  // 2024-02-29T12:00:00Z: a leap day, day 60 of the year, a Thursday.
  EXPECT_EQ(render("YYYYMMDD.DDD.dddd.h.a", 1709208000), "x-20240229.60.Thursday.12.pm");
  EXPECT_EQ(compute("type=raw,value={{date 'YYYYMMDD-HHmm' tz='-05:30'}}", push_master()).version,
            "20200109-1900");
  EXPECT_EQ(compute("type=raw,value=z{{date 'ZZ' tz='+0930'}}", push_master()).version, "z-0930");
}

TEST(TagRulesDateTest, CommitDateUsesTheCommitTimeWhenKnown) {
  GitContext g = push_master();
  g.commit_time = 1650359090;  // 2022-04-19T09:04:50Z
  const char* rules =
      "type=raw,value=c-{{commit_date 'YYYYMMDD-HHmmss'}}\n"
      "type=raw,value=l-{{commit_date 'YYYYMMDD-HHmmss' tz='+02:00'}}\n"
      "type=raw,value=d-{{date 'YYYYMMDD'}}";
  EXPECT_EQ(tags(rules, g), (Tags{"c-20220419-090450", "l-20220419-110450", "d-20200110"}));
  g.commit_time = 0;  // unknown: the current time, as metadata-action falls back to
  EXPECT_EQ(tags(rules, g), (Tags{"c-20200110-003000", "l-20200110-023000", "d-20200110"}));
}

TEST(TagRulesOrderTest, PriorityThenDefinitionOrderWithoutDuplicates) {
  EXPECT_EQ(tags("type=raw,b\ntype=raw,a,priority=300\ntype=raw,c\ntype=raw,b\ntype=sha,"
                 "priority=200,prefix=,format=long",
                 context("push", "refs/heads/x", "c")),
            (Tags{"a", "b", "c"}));
  // A raw "latest" and latest=auto on a tag do not give "latest" twice.
  EXPECT_EQ(tags("type=ref,event=tag\ntype=raw,latest", push_tag("v1")), (Tags{"v1", "latest"}));
  // latest=true adds latest whatever the first rule is; latest=false never.
  EXPECT_EQ(tags("type=sha", push_master(), "latest=true"), (Tags{"sha-2665741", "latest"}));
  EXPECT_EQ(tags("", push_tag("v1.2.3"), "latest=false"), Tags{"v1.2.3"});
}

// node-semver's strict valid(): optional "v", no leading zeros, prerelease and build parts.
TEST(TagRulesOrderTest, SemverValidityFollowsNodeSemver) {
  const char* rule = "type=semver,pattern={{version}}";
  EXPECT_EQ(compute(rule, push_tag("v1.2.3+build.5")).tags, (Tags{"1.2.3", "latest"}));
  EXPECT_EQ(compute("type=semver,pattern={{raw}}", push_tag("v1.2.3+build.5")).version,
            "v1.2.3-build.5");
  EXPECT_EQ(compute(rule, push_tag("1.0.0-0a.1")).tags, Tags{"1.0.0-0a.1"});
  for (const char* bad : {"v01.2.3", "1.2", "1.2.3.4", "1.2.3-01", "1.2.3-", "1.2.3+", "V1.2.3",
                          "1.2.3-a..b", "99999999999999999.0.0"}) {
    SCOPED_TRACE(bad);
    TagResult r = compute(rule, push_tag(bad));
    EXPECT_TRUE(r.tags.empty());
    EXPECT_EQ(r.warnings.size(), 1u);
  }
}

TEST(TagRulesOrderTest, EnableExpressionMustGiveABoolean) {
  Error e = error_of([] { compute("type=raw,value=x,enable={{branch}}", push_master()); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_THAT(e.what(), HasSubstr("enable is \"master\""));
}

TEST(TagRulesOrderTest, EdgeWithoutAKnownDefaultBranchWarns) {
  GitContext g = push_master();
  g.default_branch.clear();
  TagResult r = compute("type=edge", g);
  EXPECT_TRUE(r.tags.empty());
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_THAT(r.warnings[0], HasSubstr("default branch is unknown"));
  EXPECT_EQ(compute("type=edge,branch=master", g).tags, Tags{"edge"});
}

// Found by fuzzing: a semver pattern whose text holds "}}" before its end was accepted, then
// refused on a prerelease tag (where a lone {{raw}} is kept and anything else falls back to
// {{version}}). Such a pattern is text after an expression, so the fallback applies.
TEST(TagRulesOrderTest, SemverPatternWithStrayClosingBracesOnPrerelease) {
  TagResult r = compute("type=semver,pattern={{raw}}x}}", push_tag("v1.2.3-rc.1"));
  EXPECT_EQ(r.tags, Tags{"1.2.3-rc.1"});
}

}  // namespace
}  // namespace mlops::tag
