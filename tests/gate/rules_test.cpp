#include "gate/rules.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
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
  EXPECT_EQ(outcomes("metrics:\n  auc: {min: 0.5, required: false}\n  acc: {min: 0.5}\n",
                     metrics({{"acc", 1}})),
            (std::vector<std::string>{"auc.required=skipped", "acc.min=pass"}));
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

// A gate without rules would pass every model: a config error at the metrics key.
TEST(GateRulesTest, NoRulesIsAConfigError) {
  Error e = error_of([] { parse_rules("description: x\nmetrics: {}\n", "g.yaml"); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_THAT(e.what(), HasSubstr("g.yaml:2:10: the gate has no rules"));
  Error none = error_of([] { parse_rules("description: x\n", "g.yaml"); });
  EXPECT_EQ(none.code(), ExitCode::kUsage);
  EXPECT_THAT(none.what(), HasSubstr("g.yaml:"));
  Error null = error_of([] { parse_rules("metrics:\n", "g.yaml"); });
  EXPECT_EQ(null.code(), ExitCode::kUsage);
  EXPECT_THAT(null.what(), HasSubstr("g.yaml:"));
  // A bootstrap section alone is a check.
  EXPECT_TRUE(parse_rules("metrics: {}\nbootstrap: {metric: roc_auc}\n", "g.yaml").bootstrap);
}

// Every rule optional and every metric absent: nothing was judged, exit 3, not a pass.
TEST(GateRulesTest, EveryRuleSkippedIsExit3) {
  Error e = error_of([] {
    outcomes("metrics:\n  auc: {min: 0.5, required: false}\n  f1: {min: 0.1, required: false}\n",
             metrics({{"acc", 1}}));
  });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_THAT(e.what(), HasSubstr("no rule of gate.yaml was evaluated"));
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
  p.positive = {1, 1, 1};
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

TEST(GateRulesTest, SlashSeparatedNamesTakeTheTablesDirection) {
  // MLflow logs "eval/log_loss": read as higher-is-better, a rising loss passed a max_drop rule
  // and max_rise was refused.
  Rules r = parse_rules(
      "metrics:\n  eval/log_loss: {max_rise: 0.01}\n  eval/roc_auc: {max_drop: 0.01}\n"
      "  run.eval/rmse: {max: 3}\n",
      "g.yaml");
  EXPECT_FALSE(r.metrics[0].greater_is_better);
  EXPECT_TRUE(r.metrics[1].greater_is_better);
  EXPECT_FALSE(r.metrics[2].greater_is_better);
  EXPECT_EQ(error_of([] {
              parse_rules("metrics:\n  eval/log_loss: {max_drop: 0.01}\n", "g.yaml");
            }).code(),
            ExitCode::kUsage);
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

// 1e400 is past double's range and reads as an infinity; YAML spells infinity and NaN .inf and
// .nan. A gate cannot compare either, whichever side of the comparison the file is on, so the
// file is exit 3 naming it and the metric, as an MLflow run logging one is.
TEST(MetricsFileTest, NonFiniteMetricsAreExit3NamingFileAndMetric) {
  struct Case {
    const char *text, *name, *expected;
  };
  for (const Case& c : std::vector<Case>{
           {"{\"test\": {\"auc\": 1e400}}", "m.json", "m.json: metric 'test.auc' is infinite"},
           {"{\"auc\": -1e400}", "m.json", "m.json: metric 'auc' is -infinite"},
           {"auc: .inf\n", "m.yaml", "m.yaml:1:6: metric 'auc' is \".inf\" (infinite)"},
           {"f1: 0.5\nauc: -.Inf\n", "m.yaml", "m.yaml:2:6: metric 'auc' is \"-.Inf\" (infinite)"},
           {"auc: .nan\n", "m.yaml", "m.yaml:1:6: metric 'auc' is \".nan\" (NaN)"},
           {"auc: nan\n", "m.yaml", "m.yaml:1:6: metric 'auc' is \"nan\" (NaN)"},
           {"auc: 1e400\n", "m.yaml", "m.yaml:1:6: metric 'auc' is \"1e400\" (infinite)"}}) {
    Error e = error_of([&] { parse_metrics(c.text, c.name); });
    EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate) << c.text;
    EXPECT_THAT(e.what(), HasSubstr(c.expected)) << c.text;
  }
  // Underflow is no infinity: 1e-400 is 0 in both formats.
  EXPECT_EQ(parse_metrics("{\"auc\": 1e-400}", "m.json").get("auc"), 0.0);
  EXPECT_EQ(parse_metrics("auc: 1e-400\n", "m.yaml").get("auc"), 0.0);
  // Quoted, it is text: a rule naming it says so (exit 3 too).
  EXPECT_EQ(parse_metrics("auc: \".inf\"\n", "m.yaml").other.at("auc"), "the text \".inf\"");
}

// A NaN baseline (ROC AUC of one-class predictions) would fail every comparison with no reason;
// an infinite one would pass or fail every bound. Both are exit 3, like the candidate's.
TEST(GateRulesTest, NonFiniteBaselineOrCandidateIsExit3) {
  MetricSet nan_base = metrics({{"auc", std::nan("")}}, "base.csv");
  Error e = error_of([&] {
    outcomes("metrics:\n  auc: {max_drop: 0.1}\n", metrics({{"auc", 0.9}}), &nan_base);
  });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_THAT(e.what(), HasSubstr("metric 'auc' in base.csv is NaN"));
  MetricSet inf_base = metrics({{"auc", -INFINITY}}, "base.csv");
  Error i = error_of([&] {
    outcomes("metrics:\n  auc: {max_drop: 0.1}\n", metrics({{"auc", 0.9}}), &inf_base);
  });
  EXPECT_EQ(i.code(), ExitCode::kCannotEvaluate);
  EXPECT_THAT(i.what(), HasSubstr("metric 'auc' in base.csv is infinite"));
  Error c = error_of([] {
    outcomes("metrics:\n  auc: {min: 0.1}\n", metrics({{"auc", INFINITY}}));
  });
  EXPECT_THAT(c.what(), HasSubstr("metric 'auc' in m.json is infinite"));
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
