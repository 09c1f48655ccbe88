// canary-eval's analysis, configuration and offline samples in-process: the scoring rules of
// analysis.h applied by hand to samples built for each case.
#include "canary/analysis.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <span>
#include <sstream>

#include "canary/config.h"
#include "canary/samples.h"
#include "common/error_of.h"

namespace mlops::canary {
namespace {

using testing::error_of;
using ::testing::HasSubstr;

constexpr const char* kGroups =
    "groups: {baseline: 'track=\"stable\"', canary: 'track=\"canary\"'}\n";
constexpr const char* kTwoMetrics =
    "  - {name: errors, query: 'e{ {{selector}} }', direction: increase, group: errors}\n"
    "  - {name: latency, query: 'l{ {{selector}} }', direction: increase, group: latency}\n";

CanaryConfig config_of(const std::string& metrics, const std::string& scoring = "") {
  return load_config_string(std::string(kGroups) + scoring + "metrics:\n" + metrics, "canary.yaml");
}

// `n` values per group, cycling through the given ones.
MetricSamples cycling(std::span<const double> baseline, std::span<const double> canary,
                      std::size_t n = 30) {
  MetricSamples s;
  for (std::size_t i = 0; i < n; ++i) {
    s.baseline.push_back(baseline[i % baseline.size()]);
    if (!canary.empty()) s.canary.push_back(canary[i % canary.size()]);
  }
  return s;
}

constexpr std::array<double, 3> kErrors = {0.010, 0.011, 0.012};
constexpr std::array<double, 3> kFast = {0.20, 0.21, 0.22};
constexpr std::array<double, 3> kSlow = {0.40, 0.41, 0.42};

const GroupScore& group(const Analysis& a, const std::string& name) {
  for (const GroupScore& g : a.groups) {
    if (g.group == name) return g;
  }
  ADD_FAILURE() << "no group " << name;
  return a.groups.front();
}

TEST(CanaryAnalysisTest, EqualSamplesPromoteWithScore100) {
  const CanaryConfig config = config_of(kTwoMetrics);
  const Analysis a =
      analyze(config, {{"errors", cycling(kErrors, kErrors)}, {"latency", cycling(kFast, kFast)}});
  EXPECT_EQ(a.decision, Decision::kPromote);
  EXPECT_EQ(exit_code(a.decision), ExitCode::kPass);
  EXPECT_EQ(a.score, 100);
  ASSERT_EQ(a.metrics.size(), 2U);
  EXPECT_TRUE(a.metrics[0].passed());
  EXPECT_EQ(a.metrics[0].verdict.effect_size, 1);
}

TEST(CanaryAnalysisTest, OneOfTwoEqualGroupsFailingRollsBackAtScore50) {
  // Every canary latency above every baseline one: High; groups score 100 and 0, equal weights.
  const CanaryConfig config = config_of(kTwoMetrics);
  const Analysis a =
      analyze(config, {{"errors", cycling(kErrors, kErrors)}, {"latency", cycling(kFast, kSlow)}});
  EXPECT_EQ(a.metrics[1].verdict.classification, Classification::kHigh);
  EXPECT_EQ(group(a, "errors").score, 100);
  EXPECT_EQ(group(a, "latency").score, 0);
  EXPECT_EQ(a.score, 50);
  EXPECT_EQ(a.decision, Decision::kRollback);
  EXPECT_EQ(exit_code(a.decision), ExitCode::kFail);
}

TEST(CanaryAnalysisTest, GroupWeightsMakeTheSameResultMarginal) {
  // 9:1 weights: (9 * 100 + 1 * 0) / 10 = 90, between marginal 75 and pass 95.
  const CanaryConfig config = config_of(
      kTwoMetrics, "scoring: {pass: 95, marginal: 75, group_weights: {errors: 9, latency: 1}}\n");
  const Analysis a =
      analyze(config, {{"errors", cycling(kErrors, kErrors)}, {"latency", cycling(kFast, kSlow)}});
  EXPECT_DOUBLE_EQ(a.score, 90);
  EXPECT_EQ(a.decision, Decision::kInconclusive);
  EXPECT_EQ(exit_code(a.decision), ExitCode::kInconclusive);
}

TEST(CanaryAnalysisTest, ABetterCanaryPassesWhenOnlyIncreasesAreBad) {
  const CanaryConfig config = config_of(kTwoMetrics);  // the analysis points into it
  const Analysis a =
      analyze(config, {{"errors", cycling(kErrors, kErrors)}, {"latency", cycling(kSlow, kFast)}});
  EXPECT_EQ(a.decision, Decision::kPromote);
  EXPECT_THAT(a.metrics[1].verdict.reason, HasSubstr("not bad for this metric"));
}

TEST(CanaryAnalysisTest, NoCanaryDataIsInconclusiveNeverAPromotion) {
  // Baseline only, and a metric without samples at all: 2 of 2 without data.
  const CanaryConfig config = config_of(kTwoMetrics);  // the analysis points into it
  const Analysis a = analyze(config, {{"errors", cycling(kErrors, {})}});
  EXPECT_TRUE(a.metrics[0].no_data());
  EXPECT_TRUE(a.metrics[1].no_data());
  EXPECT_EQ(a.score, 0);
  EXPECT_EQ(a.decision, Decision::kInconclusive);
  EXPECT_THAT(a.reason, HasSubstr("not enough data"));
}

TEST(CanaryAnalysisTest, FailingCriticalMetricRollsBackWhateverTheScore) {
  // Two of three metrics pass (score 66.7 would be a roll back anyway at pass 95, so lower
  // the bar to 50): the critical one failing still forces score 0 and a roll back.
  const CanaryConfig config = config_of(
      "  - {name: errors, query: 'e{ {{selector}} }', critical: true}\n"
      "  - {name: latency, query: 'l{ {{selector}} }'}\n"
      "  - {name: cpu, query: 'c{ {{selector}} }'}\n",
      "scoring: {pass: 50, marginal: 40}\n");
  const Analysis a = analyze(config, {{"errors", cycling(kFast, kSlow)},
                                      {"latency", cycling(kFast, kFast)},
                                      {"cpu", cycling(kFast, kFast)}});
  EXPECT_TRUE(a.metrics[0].verdict.critical);
  EXPECT_EQ(a.score, 0);
  EXPECT_EQ(a.decision, Decision::kRollback);
  EXPECT_THAT(a.reason, HasSubstr("critical metric failed: errors"));
}

TEST(CanaryAnalysisTest, ExpositionCarriesTheDecisionScoreAndLabels) {
  const CanaryConfig config = config_of(kTwoMetrics);  // the analysis points into it
  const Analysis a =
      analyze(config, {{"errors", cycling(kErrors, kErrors)}, {"latency", cycling(kFast, kSlow)}});
  const std::string text = to_prometheus(a, {{"service", "checkout"}});
  EXPECT_THAT(text,
              HasSubstr("mlops_canary_decision{service=\"checkout\",decision=\"rollback\"} 1"));
  EXPECT_THAT(text,
              HasSubstr("mlops_canary_decision{service=\"checkout\",decision=\"promote\"} 0"));
  EXPECT_THAT(text, HasSubstr("mlops_canary_score{service=\"checkout\"} 50"));
  EXPECT_THAT(text, HasSubstr("classification=\"High\""));
}

TEST(CanaryConfigTest, DurationsInEveryUnit) {
  EXPECT_EQ(parse_duration("15s"), 15);
  EXPECT_EQ(parse_duration("90"), 90);
  EXPECT_EQ(parse_duration("30m"), 1800);
  EXPECT_EQ(parse_duration("2h"), 7200);
  EXPECT_EQ(parse_duration("1d"), 86400);
  EXPECT_EQ(parse_duration("250ms"), 0.25);
  for (const char* bad : {"", "0s", "-5m", "5w", "m", "1e308d", "inf"}) {
    EXPECT_EQ(parse_duration(bad), std::nullopt) << bad;
  }
}

TEST(CanaryConfigTest, SelectorReplacedEverywhereInTheQuery) {
  EXPECT_EQ(resolve_query("a{ {{selector}} } / b{ {{selector}},x=\"1\" }", "track=\"canary\""),
            "a{ track=\"canary\" } / b{ track=\"canary\",x=\"1\" }");
}

TEST(CanaryConfigTest, DefaultsOfAMinimalConfig) {
  const CanaryConfig c = config_of("  - {name: errors, query: 'e{ {{selector}} }'}\n");
  EXPECT_EQ(c.step_seconds, 60);
  EXPECT_EQ(c.lookback_seconds, 1800);
  EXPECT_EQ(c.pass_score, 95);
  EXPECT_EQ(c.marginal_score, 75);
  EXPECT_EQ(c.baseline_selector, "track=\"stable\"");
  ASSERT_EQ(c.metrics.size(), 1U);
  EXPECT_EQ(c.metrics[0].judge, JudgeKind::kMannWhitney);
  EXPECT_EQ(c.metrics[0].group, "default");
  EXPECT_EQ(c.metrics[0].min_samples, 10U);
  EXPECT_EQ(c.metrics[0].location, "canary.yaml:3:5");
}

TEST(CanaryConfigTest, QueryWithoutSelectorIsAUsageErrorNamingTheLine) {
  const Error e = error_of([] { config_of("  - {name: errors, query: 'errors_total'}\n"); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_THAT(e.what(), HasSubstr("canary.yaml:3:")) << e.what();
  EXPECT_THAT(e.what(), HasSubstr("has no {{selector}}")) << e.what();
}

std::map<std::string, MetricSamples> samples_of(const std::string& csv) {
  std::istringstream in(csv);
  return read_samples("-", in, {"errors", "latency"});
}

TEST(CanarySamplesTest, BothGroupsFromStdinWithNaNAndInfinityKept) {
  const auto s = samples_of(
      "metric,group,timestamp,value\nerrors,baseline,1,0.5\nerrors,canary,1,NaN\n"
      "errors,canary,2,+Inf\nlatency,baseline,1,2\n");
  ASSERT_EQ(s.size(), 2U);
  const MetricSamples& errors = s.at("errors");
  EXPECT_EQ(errors.baseline, std::vector<double>{0.5});
  ASSERT_EQ(errors.canary.size(), 2U);
  EXPECT_TRUE(std::isnan(errors.canary[0]));
  EXPECT_EQ(errors.canary[1], INFINITY);
  EXPECT_TRUE(s.at("latency").canary.empty());
  EXPECT_THAT(errors.canary_query, HasSubstr("samples"));
}

TEST(CanarySamplesTest, BadRowsAreInputErrorsNamingTheLine) {
  const std::string header = "metric,group,timestamp,value\n";
  struct Case {
    std::string rows, line, says;
  } cases[] = {
      {"errors,canary,1,0.5\ncpu,canary,1,1\n", ":3: ", "metric \"cpu\" is not in the config"},
      {"errors,stable,1,0.5\n", ":2: ", "group \"stable\" is neither baseline nor canary"},
      {"errors,canary,1,fast\n", ":2: ", "value \"fast\" is not a number"},
  };
  for (const Case& c : cases) {
    const Error e = error_of([&] { samples_of(header + c.rows); });
    EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate) << c.rows;
    EXPECT_THAT(e.what(), HasSubstr(c.line + c.says)) << e.what();
  }
  const Error missing = error_of([] { samples_of("metric,group,value\nerrors,canary,1\n"); });
  EXPECT_THAT(missing.what(), HasSubstr("no column 'timestamp'"));
}

}  // namespace
}  // namespace mlops::canary
