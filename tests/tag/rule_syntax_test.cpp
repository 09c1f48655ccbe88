// The pieces tag rules are read with, each on its own: the line syntax (tag/rule_lines.h),
// {{expressions}} (tag/expression.h, tag/global_expressions.h), moment.js dates
// (tag/moment_format.h), semver (tag/semver.h) and JavaScript regexes (tag/js_regex.h).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error_of.h"
#include "tag/expression.h"
#include "tag/global_expressions.h"
#include "tag/js_regex.h"
#include "tag/moment_format.h"
#include "tag/rule_lines.h"
#include "tag/semver.h"

namespace mlops::tag {
namespace {

using mlops::testing::error_of;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using Line = std::pair<int, std::string>;

// ---- rule lines ----

TEST(RuleLinesTest, ContentLinesSkipBlanksAndCommentsAndKeepLineNumbers) {
  EXPECT_THAT(content_lines("type=sha\r\n\n  # a comment\n\t type=edge \n"),
              ElementsAre(Line{1, "type=sha"}, Line{4, "type=edge"}));
  EXPECT_TRUE(content_lines("").empty());
  EXPECT_TRUE(content_lines("\n#only\n").empty());
}

TEST(RuleLinesTest, FieldsFollowCsvQuoting) {
  EXPECT_THAT(split_fields(R"(type=match,"pattern=\d{1,2}", group=1)", "t:1"),
              ElementsAre("type=match", R"(pattern=\d{1,2})", "group=1"));
  EXPECT_THAT(split_fields(R"("value=a""b",x"y)", "t:1"), ElementsAre("value=a\"b", "x\"y"));
  EXPECT_THAT(split_fields("a,,b,", "t:1"), ElementsAre("a", "", "b", ""));
  Error e = error_of([] { split_fields(R"(type=raw,"value=x)", "t:3"); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_EQ(std::string(e.what()), "t:3: unterminated quote");
  e = error_of([] { split_fields(R"("value=x" y,z)", "t:4"); });
  EXPECT_EQ(std::string(e.what()), "t:4: text after a closing quote");
}

TEST(RuleLinesTest, AttributesSplitAtTheFirstEquals) {
  Attr a = split_attr(" Pattern = {{version}}=x ", "t:1");
  EXPECT_EQ(a.key, "pattern");
  EXPECT_EQ(a.value, "{{version}}=x");
  a = split_attr("stable", "t:1");
  EXPECT_EQ(a.key, "value");
  EXPECT_EQ(a.value, "stable");
  EXPECT_THAT(error_of([] { split_attr("=x", "t:2"); }).what(), HasSubstr("has no attribute name"));
  EXPECT_TRUE(true_or_false("false"));
  EXPECT_FALSE(true_or_false("True"));
}

// ---- expressions ----

TEST(ExpressionTest, CallsKeepQuotedBareAndHashArgumentsApart) {
  Call c = parse_call(" date 'YYYY' \"MM\" bare tz='+09:00' x=y ", "t");
  EXPECT_EQ(c.name, "date");
  EXPECT_THAT(c.args, ElementsAre("YYYY", "MM"));
  EXPECT_THAT(c.bare_args, ElementsAre("bare"));
  EXPECT_THAT(c.hash, ElementsAre(std::pair<std::string, std::string>("tz", "+09:00"),
                                  std::pair<std::string, std::string>("x", "y")));
  EXPECT_EQ(error_of([] { parse_call("", "t"); }).code(), ExitCode::kUsage);
  EXPECT_THAT(error_of([] { parse_call("date 'YYYY", "t"); }).what(),
              HasSubstr("unterminated quote"));
}

TEST(ExpressionTest, RenderReplacesEveryCallDoubleOrTriple) {
  const Resolver upper = [](const Call& c) { return "<" + c.name + ">"; };
  EXPECT_EQ(render("a{{x}}b{{{y}}}c", upper, "t"), "a<x>b<y>c");
  EXPECT_EQ(render("no calls", upper, "t"), "no calls");
  EXPECT_THAT(error_of([&] { render("a{{x", upper, "t:1"); }).what(),
              HasSubstr("has an unclosed \"{{\""));
}

TEST(GlobalExpressionTest, NamesFromTheGitContext) {
  GitContext git;
  git.ref = "refs/heads/feature";
  git.sha = "0123456789abcdef";
  git.default_branch = "main";
  git.event = "push";
  auto eval = [&](const std::string& body) {
    return eval_global(parse_call(body, "t"), "t", &git, 0);
  };
  EXPECT_EQ(eval("branch"), "feature");
  EXPECT_EQ(eval("tag"), "");
  EXPECT_EQ(eval("sha"), "0123456");
  EXPECT_EQ(eval("is_default_branch"), "false");
  git.event = "schedule";  // always on the default branch's last commit
  EXPECT_EQ(eval("is_default_branch"), "true");
  Error e = error_of([&] { eval("brnch"); });
  EXPECT_THAT(e.message(), HasSubstr("did you mean {{branch}}?"));
  EXPECT_THAT(error_of([&] { eval("sha 'x'"); }).what(), HasSubstr("takes no arguments"));
  // Without a context the call is only checked.
  EXPECT_EQ(eval_global(parse_call("date 'YYYY' tz='+01:00'", "t"), "t", nullptr, 0), "");
  EXPECT_EQ(error_of([] { check_template("x{{date 'w'}}", "t"); }).code(), ExitCode::kUsage);
}

// ---- moment.js dates ----

TEST(MomentFormatTest, TokensAndLiterals) {
  constexpr std::int64_t kT = 1578616200;  // 2020-01-10T00:30:00Z, a Friday
  EXPECT_EQ(format_date(kT, "YYYY-MM-DD[T]HH:mm:ss", 0, "t"), "2020-01-10T00:30:00");
  EXPECT_EQ(format_date(kT, "YY M D Do DDD DDDD d dd ddd dddd", 0, "t"),
            "20 1 10 10th 10 010 5 Fr Fri Friday");
  EXPECT_EQ(format_date(kT, "MMM MMMM Mo Q X x", 0, "t"),
            "Jan January 1st 1 1578616200 1578616200000");
  EXPECT_EQ(format_date(kT, "h hh k A a S SSS \\Y", 0, "t"), "12 12 24 AM am 0 000 Y");
  EXPECT_EQ(format_date(kT, "YYYYMMDD HH:mm Z ZZ", parse_tz("-05:30", "t"), "t"),
            "20200109 19:00 -05:30 -0530");
  // Before 1970 and on a leap day.
  EXPECT_EQ(format_date(-1, "YYYY-MM-DD HH:mm:ss", 0, "t"), "1969-12-31 23:59:59");
  EXPECT_EQ(format_date(1709208000, "YYYY-MM-DD DDD dddd", 0, "t"), "2024-02-29 60 Thursday");
}

TEST(MomentFormatTest, UnsupportedTokensAndZonesAreUsageErrors) {
  for (const char* fmt : {"w", "YYYYY", "do", "Qo", "E", "gggg"}) {
    Error e = error_of([&] { format_date(0, fmt, 0, "t:1"); });
    EXPECT_EQ(e.code(), ExitCode::kUsage) << fmt;
    EXPECT_THAT(e.what(), HasSubstr("is not supported")) << fmt;
  }
  EXPECT_EQ(parse_tz("UTC", "t"), 0);
  EXPECT_EQ(parse_tz("+09", "t"), 9 * 3600);
  EXPECT_EQ(parse_tz("-0530", "t"), -(5 * 3600 + 30 * 60));
  for (const char* tz : {"Europe/Paris", "+15:00", "+09:60", "+9", "09:00"}) {
    EXPECT_EQ(error_of([&] { parse_tz(tz, "t"); }).code(), ExitCode::kUsage) << tz;
  }
}

// ---- semver ----

TEST(SemverTest, StrictVersionsAsNodeSemverReadsThem) {
  std::optional<Semver> v = parse_semver("v1.22.3-rc.1+build.7");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->raw, "v1.22.3-rc.1+build.7");
  EXPECT_EQ(v->major, "1");
  EXPECT_EQ(v->minor, "22");
  EXPECT_EQ(v->patch, "3");
  EXPECT_EQ(v->prerelease, "rc.1");
  EXPECT_EQ(v->version(), "1.22.3-rc.1");
  EXPECT_EQ(parse_semver("0.0.0")->version(), "0.0.0");
  EXPECT_TRUE(parse_semver("9007199254740991.0.0"));
  for (const char* bad : {"", "v", "1.2", "1.2.3.4", "01.2.3", "1.2.3-01", "1.2.3-", "1.2.3+",
                          "V1.2.3", "1.2.3-a..b", "9007199254740992.0.0", "1.2.3-a_b"}) {
    EXPECT_FALSE(parse_semver(bad)) << bad;
  }
}

TEST(SemverTest, PatternExpressionsAndTheRawStatement) {
  const Semver v = *parse_semver("v2.5.1");
  auto eval = [&](const std::string& body) { return eval_semver(parse_call(body, "t"), "t", &v); };
  EXPECT_EQ(eval("raw"), "v2.5.1");
  EXPECT_EQ(eval("version"), "2.5.1");
  EXPECT_EQ(eval("major") + eval("minor") + eval("patch"), "251");
  EXPECT_THAT(error_of([&] { eval("branch"); }).message(), HasSubstr("expressions here: raw"));
  EXPECT_TRUE(is_raw_statement("{{raw}}", "t"));
  EXPECT_TRUE(is_raw_statement("{{{ raw }}}", "t"));
  EXPECT_FALSE(is_raw_statement("v{{raw}}", "t"));
  EXPECT_FALSE(is_raw_statement("{{raw}}x}}", "t"));
  EXPECT_FALSE(is_raw_statement("{{version}}", "t"));
}

// ---- JavaScript regexes ----

TEST(JsRegexTest, FirstMatchWithGroupsOrEveryMatchWithG) {
  EXPECT_THAT(JsRegex(R"(v(\d+)\.(\d+)(-rc)?)", "t").match("v1.20"),
              ElementsAre("v1.20", "1", "20", std::nullopt));
  EXPECT_THAT(JsRegex(R"(/\d+/g)", "t").match("a1b22c333"), ElementsAre("1", "22", "333"));
  EXPECT_THAT(JsRegex("/V(.*)/i", "t").match("v7"), ElementsAre("v7", "7"));
  EXPECT_TRUE(JsRegex("x", "t").match("abc").empty());
  // An empty match moves on by one character instead of matching forever.
  EXPECT_EQ(JsRegex("/a*/g", "t").match("bab").size(), 4U);
}

TEST(JsRegexTest, BadPatternsAndFlagsAreUsageErrors) {
  Error e = error_of([] { JsRegex("/x/m", "t:1 (pattern)"); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_EQ(std::string(e.what()), "t:1 (pattern): regex flag \"m\" is not supported");
  e = error_of([] { JsRegex("(unclosed", "t:2"); });
  EXPECT_THAT(e.what(), HasSubstr("is not a valid regex"));
  // Backreferences are not RE2 syntax.
  EXPECT_EQ(error_of([] { JsRegex(R"((a)\1)", "t"); }).code(), ExitCode::kUsage);
}

}  // namespace
}  // namespace mlops::tag
