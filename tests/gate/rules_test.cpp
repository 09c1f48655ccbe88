#include "gate/rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>

#include "common/error_of.h"
#include "gate/bootstrap.h"
#include "gate/evaluate.h"
#include "gate/metrics_file.h"

namespace mlops::gate {
namespace {

using mlops::testing::error_of;
using ::testing::HasSubstr;

MetricSet metrics(std::map<std::string, double> values, std::string source = "m.json") {
  MetricSet m;
  m.source = std::move(source);
  m.values = std::move(values);
  return m;
}

// The outcome of each bound, as "metric.check=pass|fail".
std::vector<std::string> outcomes(const std::string& yaml, const MetricSet& cand,
                                  const MetricSet* base = nullptr) {
  std::vector<std::string> out;
  for (const RuleCheck& c : evaluate(parse_rules(yaml, "gate.yaml"), cand, base)) {
    out.push_back(c.metric + "." + c.check + "=" +
                  (c.skipped  ? "skipped"
                   : c.passed ? "pass"
                              : "fail"));
  }
  return out;
}

TEST(GateRulesTest, AbsoluteBounds) {
  auto r = outcomes("metrics:\n  accuracy: {min: 0.8, max: 0.99}\n  log_loss: {max: 0.3}\n",
                    metrics({{"accuracy", 0.8}, {"log_loss", 0.31}}));
  EXPECT_EQ(
      r, (std::vector<std::string>{"accuracy.min=pass", "accuracy.max=pass", "log_loss.max=fail"}));
}

TEST(GateRulesTest, DropsAgainstTheBaseline) {
  // baseline 0.90: max_drop 0.01 allows >= 0.89; max_relative_drop 0.02 allows >= 0.882.
  MetricSet base = metrics({{"auc", 0.90}});
  std::string yaml = "metrics:\n  auc: {max_drop: 0.01, max_relative_drop: 0.02}\n";
  EXPECT_EQ(outcomes(yaml, metrics({{"auc", 0.889}}), &base),
            (std::vector<std::string>{"auc.max_drop=fail", "auc.max_relative_drop=pass"}));
  EXPECT_EQ(outcomes(yaml, metrics({{"auc", 0.881}}), &base),
            (std::vector<std::string>{"auc.max_drop=fail", "auc.max_relative_drop=fail"}));
  EXPECT_EQ(outcomes(yaml, metrics({{"auc", 0.95}}), &base),
            (std::vector<std::string>{"auc.max_drop=pass", "auc.max_relative_drop=pass"}));
}

TEST(GateRulesTest, RisesForLowerIsBetterMetrics) {
  // log_loss is lower-is-better by the known table; baseline 0.20.
  MetricSet base = metrics({{"log_loss", 0.20}});
  std::string yaml = "metrics:\n  log_loss: {max_rise: 0.01, max_relative_rise: 0.1}\n";
  EXPECT_EQ(
      outcomes(yaml, metrics({{"log_loss", 0.215}}), &base),
      (std::vector<std::string>{"log_loss.max_rise=fail", "log_loss.max_relative_rise=pass"}));
  EXPECT_EQ(
      outcomes(yaml, metrics({{"log_loss", 0.19}}), &base),
      (std::vector<std::string>{"log_loss.max_rise=pass", "log_loss.max_relative_rise=pass"}));
}

TEST(GateRulesTest, ZeroBaselineAllowsNoRelativeWorsening) {
  MetricSet base = metrics({{"errors", 0}});
  std::string yaml = "metrics:\n  errors: {greater_is_better: false, max_relative_rise: 0.5}\n";
  EXPECT_EQ(outcomes(yaml, metrics({{"errors", 0}}), &base),
            (std::vector<std::string>{"errors.max_relative_rise=pass"}));
  EXPECT_EQ(outcomes(yaml, metrics({{"errors", 1e-9}}), &base),
            (std::vector<std::string>{"errors.max_relative_rise=fail"}));
}

// MLflow MetricThreshold semantics (mlflow/models/evaluation/validation.py).
TEST(GateRulesTest, MlflowThresholdAndChanges) {
  MetricSet base = metrics({{"f1", 0.80}, {"rmse", 2.0}, {"zero", 0.0}});
  std::string yaml =
      "metrics:\n"
      "  f1: {threshold: 0.8, min_absolute_change: 0.01, min_relative_change: 0.05}\n"
      "  rmse: {threshold: 1.9, min_absolute_change: 0.1, min_relative_change: 0.05}\n"
      "  zero: {min_relative_change: 0.5}\n";
  // f1 0.85: >= 0.8; >= 0.80 + 0.01; (0.85 - 0.80) / 0.80 = 0.0625 >= 0.05.
  // rmse 1.8 (lower is better): <= 1.9; <= 2.0 - 0.1; (2.0 - 1.8) / 2.0 = 0.1 >= 0.05.
  // zero baseline: candidate must beat it by 1e-10.
  // (Boundary values are avoided: in doubles, as in MLflow's Python floats,
  // (0.84 - 0.80) / 0.80 is 0.04999999999999993 and would fail 0.05.)
  EXPECT_EQ(outcomes(yaml, metrics({{"f1", 0.85}, {"rmse", 1.8}, {"zero", 1e-9}}), &base),
            (std::vector<std::string>{
                "f1.threshold=pass", "f1.min_absolute_change=pass", "f1.min_relative_change=pass",
                "rmse.threshold=pass", "rmse.min_absolute_change=pass",
                "rmse.min_relative_change=pass", "zero.min_relative_change=pass"}));
  EXPECT_EQ(outcomes(yaml, metrics({{"f1", 0.805}, {"rmse", 1.95}, {"zero", 0.0}}), &base),
            (std::vector<std::string>{
                "f1.threshold=pass", "f1.min_absolute_change=fail", "f1.min_relative_change=fail",
                "rmse.threshold=fail", "rmse.min_absolute_change=fail",
                "rmse.min_relative_change=fail", "zero.min_relative_change=fail"}));
}

TEST(GateRulesTest, MissingCandidateMetricIsExit3UnlessOptional) {
  Error e = error_of([] { outcomes("metrics:\n  auc: {min: 0.5}\n", metrics({{"acc", 1}})); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_THAT(e.what(), HasSubstr("metric 'auc' is missing from m.json"));
  EXPECT_EQ(outcomes("metrics:\n  auc: {min: 0.5, required: false}\n", metrics({{"acc", 1}})),
            (std::vector<std::string>{"auc.required=skipped"}));
}

TEST(GateRulesTest, MissingBaselineMetricIsExit3) {
  MetricSet base = metrics({{"other", 1}}, "base.json");
  Error e = error_of([&] {
    outcomes("metrics:\n  auc: {max_drop: 0.1}\n", metrics({{"auc", 0.9}}), &base);
  });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_THAT(e.what(), HasSubstr("metric 'auc' is missing from base.json"));
}

TEST(GateRulesTest, NonNumericMetricIsExit3) {
  MetricSet m = parse_metrics("{\"auc\": \"high\"}", "m.json");
  Error e = error_of([&] { outcomes("metrics:\n  auc: {min: 0.5}\n", m); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_THAT(e.what(), HasSubstr("is the string \"high\", not a number"));
}

TEST(GateRulesTest, ComparisonWithoutABaselineIsAUsageError) {
  Error e = error_of([] { outcomes("metrics:\n  auc: {max_drop: 0.1}\n", metrics({{"auc", 1}})); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
}

TEST(GateRulesTest, DirectionErrorsAndUnknownKeys) {
  Error rise = error_of([] { parse_rules("metrics:\n  accuracy: {max_rise: 0.1}\n", "g.yaml"); });
  EXPECT_EQ(rise.code(), ExitCode::kUsage);
  EXPECT_THAT(rise.what(),
              HasSubstr("g.yaml:2:13: max_rise/max_relative_rise apply to lower-is-better"));
  Error drop = error_of([] { parse_rules("metrics:\n  mae: {max_drop: 0.1}\n", "g.yaml"); });
  EXPECT_THAT(drop.hint(), HasSubstr("use max_rise"));
  Error key = error_of([] { parse_rules("metrics:\n  auc: {minimum: 0.1}\n", "g.yaml"); });
  EXPECT_THAT(key.what(), HasSubstr("g.yaml:2:9: unknown key 'minimum'"));
  EXPECT_THAT(key.hint(), HasSubstr("did you mean 'min'?"));
  Error empty = error_of([] { parse_rules("metrics:\n  auc: {required: true}\n", "g.yaml"); });
  EXPECT_THAT(empty.what(), HasSubstr("a rule needs at least one bound"));
}

TEST(GateRulesTest, BootstrapNumbersAreCheckedBeforeUse) {
  auto bootstrap_error = [](const std::string& section) {
    return error_of([&] {
      parse_rules("metrics:\n  auc: {min: 0.5}\nbootstrap: " + section + "\n", "g.yaml");
    });
  };
  // 4294967396 = 2^32 + 100 was cast to int (100) before its range was checked.
  Error samples = bootstrap_error("{metric: roc_auc, samples: 4294967396}");
  EXPECT_EQ(samples.code(), ExitCode::kUsage);
  EXPECT_THAT(samples.what(), HasSubstr("g.yaml:3:39: expected 100 to 100000"));
  EXPECT_EQ(bootstrap_error("{metric: roc_auc, samples: -4294967196}").code(), ExitCode::kUsage);
  // NaN passed `c <= 0.5 || c >= 1`.
  for (const char* bad : {"nan", "NaN", "-nan"}) {
    Error confidence = bootstrap_error(std::string("{metric: roc_auc, confidence: ") + bad + "}");
    EXPECT_EQ(confidence.code(), ExitCode::kUsage) << bad;
    EXPECT_THAT(confidence.what(), HasSubstr("g.yaml:3:42:")) << bad;
  }
  // max_drop had no check at all.
  for (const char* bad : {"nan", "inf", "-0.01", "-inf"}) {
    Error drop = bootstrap_error(std::string("{metric: roc_auc, max_drop: ") + bad + "}");
    EXPECT_EQ(drop.code(), ExitCode::kUsage) << bad;
    EXPECT_THAT(drop.what(), HasSubstr("g.yaml:3:40:")) << bad;
  }
  Rules ok = parse_rules(
      "metrics:\n  auc: {min: 0.5}\nbootstrap: {metric: roc_auc, samples: 100000, max_drop: 0}\n",
      "g.yaml");
  ASSERT_TRUE(ok.bootstrap);
  EXPECT_EQ(ok.bootstrap->samples, 100000);
}

TEST(GateBootstrapTest, NoDefinedResampleIsExit3NotAnEmptyPercentile) {
  // One class only: ROC AUC is undefined on every resample. With samples below 2 the "most
  // resamples undefined" check (diffs < samples / 2) passed an empty vector to the percentile.
  Predictions p;
  p.source = "p.csv";
  p.y = {1, 1, 1};
  p.score = {0.2, 0.5, 0.9};
  BootstrapRule rule;
  rule.metric = "roc_auc";
  rule.samples = 1;
  EXPECT_EQ(error_of([&] { paired_bootstrap(p, p, rule); }).code(), ExitCode::kCannotEvaluate);
}

TEST(GateRulesTest, DirectionIsTakenFromTheTableOrStatedNeverGuessed) {
  Rules r = parse_rules(
      "metrics:\n  test.log_loss: {max: 1}\n  latency_ms: {max: 200}\n"
      "  latency_p99: {greater_is_better: false, max_rise: 5}\n",
      "g.yaml");
  EXPECT_FALSE(r.metrics[0].greater_is_better);  // log_loss: known table
  EXPECT_TRUE(r.metrics[1].greater_is_better);   // not in the table, not stated: default
  EXPECT_FALSE(r.metrics[2].greater_is_better);  // stated
}

TEST(MetricsFileTest, FlatNestedJsonAndYaml) {
  MetricSet j = parse_metrics(
      "{\"accuracy\": 0.9, \"test\": {\"f1\": 0.8, \"n\": 10}, \"ok\": true}", "m.json");
  EXPECT_EQ(j.values,
            (std::map<std::string, double>{{"accuracy", 0.9}, {"test.f1", 0.8}, {"test.n", 10}}));
  EXPECT_EQ(j.other.at("ok"), "true");
  MetricSet y = parse_metrics("accuracy: 0.9\ntest:\n  f1: 0.8\n  name: best\n", "m.yaml");
  EXPECT_EQ(y.values, (std::map<std::string, double>{{"accuracy", 0.9}, {"test.f1", 0.8}}));
  EXPECT_EQ(y.get("test.f1"), 0.8);
}

// Boost.JSON 1.81's parser reads 0.88842031245570918 as 0.88842031245570907 (one unit in the
// last place below); the metrics file must hold the value its digits name, the one strtod (and
// so the rules' YAML) gives, or a metric equal to its threshold would fail a >= gate.
TEST(MetricsFileTest, JsonNumbersAreReadExactly) {
  for (const char* digits : {"0.88842031245570918", "0.11935319286735585", "0.99892030650086816"}) {
    MetricSet m = parse_metrics(std::string("{\"auc\": ") + digits + "}", "m.json");
    EXPECT_EQ(m.get("auc"), std::strtod(digits, nullptr)) << digits;
  }
}

TEST(MetricsFileTest, MalformedFilesNameLineAndColumn) {
  Error e = error_of([] { parse_metrics("{\n  \"a\": 1,\n  \"b\": }\n", "m.json"); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_THAT(e.what(), HasSubstr("m.json:3:8: malformed JSON"));
  Error y = error_of([] { parse_metrics("- 1\n- 2\n", "m.yaml"); });
  EXPECT_THAT(y.what(), HasSubstr("expected a mapping"));
  Error missing = error_of([] { load_metrics_file("/nonexistent/m.json"); });
  EXPECT_EQ(missing.code(), ExitCode::kCannotEvaluate);
}

TEST(MetricsFileTest, PrefixSelectsAndRenamesASubtree) {
  MetricSet m = parse_metrics(
      "{\"test\": {\"auc\": 0.9}, \"train\": {\"auc\": 0.99}, \"val_f1\": 0.7}", "m.json");
  EXPECT_EQ(strip_prefix(m, "test.").values, (std::map<std::string, double>{{"auc", 0.9}}));
  EXPECT_EQ(strip_prefix(m, "val_").values, (std::map<std::string, double>{{"f1", 0.7}}));
  EXPECT_EQ(strip_prefix(m, "").values.size(), 3u);
}

TEST(MetricsFileTest, MissingMetricSuggestsTheNearestName) {
  MetricSet m = parse_metrics("{\"test\": {\"accuracy\": 0.9}}", "m.json");
  Error e = error_of([&] { m.get("test.acuracy"); });
  EXPECT_THAT(e.hint(), HasSubstr("did you mean 'test.accuracy'?"));
}

}  // namespace
}  // namespace mlops::gate
