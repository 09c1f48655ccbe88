#include "gate/command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>

#include "../cli/fake_io.h"
#include "../cli/workflow_commands.h"
#include "cli/app.h"
#include "gate_run.h"

// metric-gate end to end, in-process: metrics files, predictions files, reports, exit codes.
namespace mlops::gate {
namespace {

using ::testing::HasSubstr;

using testing::GateRun;
using testing::run;
using testing::temp_file;

const char* kGate =
    "metrics:\n"
    "  accuracy: {min: 0.6}\n"
    "  roc_auc: {min: 0.7, max_drop: 0.05}\n"
    "  log_loss: {max_rise: 0.1}\n";

// y = [0,0,1,1,1,0], s = [.1,.4,.4,.8,.4,.2]: ROC AUC 0.888888888888889 (the issue's
// reference value); at threshold 0.5 only s = .8 is positive: accuracy (3 + 1) / 6 = 0.6667.
const char* kCandidate = "label,score\n0,0.1\n0,0.4\n1,0.4\n1,0.8\n1,0.4\n0,0.2\n";
// A weaker model on the same rows: y = [0,0,1,1,1,0], s = [.6,.4,.4,.3,.4,.2].
const char* kBaseline = "label,score\n0,0.6\n0,0.4\n1,0.4\n1,0.3\n1,0.4\n0,0.2\n";

TEST(MetricGateTest, PredictionsAgainstBaselinePredictionsPass) {
  GateRun r = run({"check", "--rules", temp_file("gate.yaml", kGate), "--predictions",
                   temp_file("cand.csv", kCandidate), "--baseline-predictions",
                   temp_file("base.csv", kBaseline), "--json", "-"});
  EXPECT_EQ(r.exit, 0) << r.out << r.err;
  auto j = boost::json::parse(r.out);
  EXPECT_EQ(j.at("schema").as_string(), "mlops-actions/metric-gate/v1");
  EXPECT_NEAR(j.at("candidate").at("metrics").at("roc_auc").as_double(), 0.888888888888889, 1e-12);
  EXPECT_NEAR(j.at("candidate").at("metrics").at("accuracy").as_double(), 4.0 / 6, 1e-12);
  EXPECT_TRUE(j.at("passed").as_bool());
  EXPECT_EQ(j.at("rules").as_array().size(), 4u);
}

TEST(MetricGateTest, FailingRuleIsExit1WithTheTable) {
  GateRun r = run({"check", "--rules", temp_file("gate.yaml", "metrics:\n  accuracy: {min: 0.9}\n"),
                   "--metrics", temp_file("m.json", "{\"accuracy\": 0.85}")});
  EXPECT_EQ(r.exit, 1);
  EXPECT_THAT(r.out, HasSubstr("  metric    candidate  baseline  delta  rule        verdict\n"));
  EXPECT_THAT(r.out, HasSubstr("  accuracy  0.85                        min >= 0.9  fail\n"));
  EXPECT_THAT(r.out, HasSubstr("metric-gate: fail (accuracy.min)\n"));
}

TEST(MetricGateTest, MissingMetricIsExit3NeverAPass) {
  GateRun r = run({"check", "--rules", temp_file("gate.yaml", "metrics:\n  f1: {min: 0.1}\n"),
                   "--metrics", temp_file("m.json", "{\"accuracy\": 0.99}")});
  EXPECT_EQ(r.exit, 3);
  EXPECT_THAT(r.err, HasSubstr("metric-gate: error: metric 'f1' is missing from"));
}

TEST(MetricGateTest, GithubOutputsPassedAndFailedRules) {
  std::string output = temp_file("gh_out", ""), summary = temp_file("gh_summary", "");
  GateRun r = run(
      {"check", "--rules",
       temp_file("gate.yaml", "metrics:\n  accuracy: {min: 0.9}\n  f1: {min: 0.5}\n"), "--metrics",
       temp_file("m.json", "{\"accuracy\": 0.85, \"f1\": 0.4}")},
      {{"GITHUB_ACTIONS", "true"}, {"GITHUB_OUTPUT", output}, {"GITHUB_STEP_SUMMARY", summary}});
  EXPECT_EQ(r.exit, 1);
  std::ifstream f(output);
  std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "verdict=fail\npassed=false\nfailed_rules=accuracy.min,f1.min\n");
  EXPECT_THAT(r.out, HasSubstr("::error file="));
  EXPECT_THAT(r.out, HasSubstr("gate.yaml,line=2,col=13,title=metric-gate%3A accuracy.min::"
                               "accuracy = 0.85, expected >= 0.9\n"));
}

TEST(MetricGateTest, HostileMetricNamesStartNoWorkflowCommand) {
  // A metric name from the metrics file and the rules that tries to start a command.
  std::string output = temp_file("gh_out", "");
  GateRun r =
      run({"check", "--rules",
           temp_file("gate.yaml", "metrics:\n  \"a\\n::add-mask::x\": {min: 0.9}\n"), "--metrics",
           temp_file("m.json", "{\"a\\n::add-mask::x\": 0.5, \"::set-output b\": 1}"), "--verbose"},
          {{"GITHUB_ACTIONS", "true"}, {"GITHUB_OUTPUT", output}});
  EXPECT_EQ(r.exit, 1) << r.err;
  EXPECT_THAT(r.out, HasSubstr("::add-mask::x"));  // shown, inside a stop-commands block
  for (const std::string& c : cli::testing::active_commands(r.out + "\n" + r.err)) {
    EXPECT_EQ(c.rfind("::error ", 0), 0u) << c;
  }
  EXPECT_EQ(cli::testing::active_commands(r.out).size(), 1u) << r.out;
}

TEST(MetricGateTest, ReportOverTheMetricsIsRefused) {
  std::string metrics = temp_file("m.json", "{\"accuracy\": 0.95}");
  GateRun r = run({"check", "--rules", temp_file("gate.yaml", "metrics:\n  accuracy: {min: 0.9}\n"),
                   "--metrics", metrics, "--json", metrics});
  EXPECT_EQ(r.exit, 2);
  std::ifstream f(metrics);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()),
            "{\"accuracy\": 0.95}");
}

TEST(MetricGateTest, UsageErrors) {
  std::string gate = temp_file("gate.yaml", kGate);
  EXPECT_EQ(run({"check", "--rules", gate}).exit, 2);        // no candidate
  EXPECT_EQ(run({"check", "--metrics", "m.json"}).exit, 2);  // no rules
  EXPECT_EQ(run({"check", "--rules", gate, "--metrics", "a", "--predictions", "b"}).exit, 2);
  EXPECT_EQ(run({"check", "--rules", gate, "--metrics", "a", "--task", "ranking"}).exit, 2);
  EXPECT_EQ(run({"gate"}).exit, 2);
  // A NaN threshold predicted every row negative and passed `recall: {max: 0}`.
  for (const char* threshold : {"nan", "inf", "-inf"}) {
    GateRun r = run({"check", "--rules", gate, "--predictions", temp_file("c.csv", kCandidate),
                     "--threshold", threshold});
    EXPECT_EQ(r.exit, 2) << threshold;
    EXPECT_THAT(r.err, HasSubstr("--threshold must be a probability from 0 to 1")) << threshold;
  }
}

TEST(MetricGateTest, MulticlassAndRegressionPredictions) {
  // y_true = [0,1,2,0,1,2], y_pred = [0,2,1,0,0,1] as one-hot probabilities: scikit-learn's
  // f1_score documentation gives macro F1 0.26666666666666666 for these labels.
  std::string multi = "y,p0,p1,p2\n0,1,0,0\n1,0,0,1\n2,0,1,0\n0,1,0,0\n1,1,0,0\n2,0,1,0\n";
  GateRun m = run({"check", "--rules",
                   temp_file("g.yaml", "metrics:\n  f1_macro: {min: 0.26, max: 0.27}\n"),
                   "--predictions", temp_file("multi.csv", multi), "--task", "multiclass",
                   "--label-column", "y", "--proba-columns", "p0,p1,p2", "--json", "-"});
  EXPECT_EQ(m.exit, 0) << m.out << m.err;
  EXPECT_NEAR(boost::json::parse(m.out).at("candidate").at("metrics").at("f1_macro").as_double(),
              0.26666666666666666, 1e-12);
  // scikit-learn's mean_absolute_error documentation: y = [3, -0.5, 2, 7],
  // y_pred = [2.5, 0.0, 2, 8] gives 0.5; mean_squared_error 0.375.
  GateRun r = run({"check", "--rules",
                   temp_file("r.yaml", "metrics:\n  mae: {max: 0.5}\n  mse: {max: 0.375}\n"),
                   "--predictions", temp_file("reg.csv", "y,pred\n3,2.5\n-0.5,0.0\n2,2\n7,8\n"),
                   "--task", "regression", "--label-column", "y", "--score-column", "pred"});
  EXPECT_EQ(r.exit, 0) << r.out << r.err;
}

TEST(MetricGateTest, BadPredictionsAreExit3WithTheLine) {
  GateRun r = run({"check", "--rules", temp_file("g.yaml", kGate), "--predictions",
                   temp_file("bad.csv", "label,score\n0,0.1\n1,abc\n")});
  EXPECT_EQ(r.exit, 3);
  EXPECT_THAT(r.err, HasSubstr("bad.csv:3: the score column 'score' holds \"abc\", not a number"));
  GateRun col = run({"check", "--rules", temp_file("g.yaml", kGate), "--predictions",
                     temp_file("col.csv", "label,prob\n0,0.1\n")});
  EXPECT_EQ(col.exit, 3);
  EXPECT_THAT(col.err, HasSubstr("has no score column 'score'"));
}

TEST(MetricGateTest, BinaryLabelsTrueFalseAndACustomPositiveLabel) {
  // 1/true/True/TRUE are positive and 0/false/False/FALSE negative by default: y = [1,0,1,0,1,0]
  // with s = [.9,.2,.8,.3,.4,.6] gives accuracy 4/6 (rows 5 and 6 are wrong at 0.5).
  const char* gate = "metrics:\n  accuracy: {min: 0.5}\n";
  GateRun r =
      run({"check", "--rules", temp_file("g.yaml", gate), "--predictions",
           temp_file("tf.csv", "label,score\n1,.9\nfalse,.2\ntrue,.8\nFalse,.3\nTRUE,.4\n0,.6\n"),
           "--json", "-"});
  EXPECT_EQ(r.exit, 0) << r.out << r.err;
  auto metrics = boost::json::parse(r.out).at("candidate").at("metrics");
  EXPECT_NEAR(metrics.at("accuracy").to_number<double>(), 4.0 / 6.0, 1e-12);
  EXPECT_EQ(metrics.at("positives").to_number<double>(), 3.0);
  // A custom positive label makes every other value negative, "1" included.
  GateRun c = run({"check", "--rules", temp_file("g.yaml", gate), "--predictions",
                   temp_file("spam.csv", "label,score\nspam,.9\nham,.2\n1,.3\nspam,.7\n"),
                   "--positive-label", "spam", "--json", "-"});
  EXPECT_EQ(c.exit, 0) << c.out << c.err;
  EXPECT_EQ(
      boost::json::parse(c.out).at("candidate").at("metrics").at("positives").to_number<double>(),
      2.0);
  EXPECT_NEAR(
      boost::json::parse(c.out).at("candidate").at("metrics").at("accuracy").to_number<double>(),
      1.0, 1e-12);
  GateRun bad = run({"check", "--rules", temp_file("g.yaml", gate), "--predictions",
                     temp_file("two.csv", "label,score\n1,.9\n2,.1\n")});
  EXPECT_EQ(bad.exit, 3);
  EXPECT_THAT(bad.err, HasSubstr("two.csv:3: binary label \"2\" is neither 0/1 nor true/false"));
}

TEST(MetricGateTest, ManyRowsReadPastTheStorageEstimate) {
  // After 4096 rows storage is reserved from the file size; rows longer at first and shorter
  // later outgrow that estimate and must all still be read. Rows i < 5000: label i % 2, score
  // 0.9 for odd i and 0.1 for even i, except every 10th row, which gets it wrong:
  // accuracy 0.9, n 20000.
  std::string csv = "label,score\n";
  for (int i = 0; i < 20000; ++i) {
    const bool positive = i % 2 == 1;
    const bool right = i % 10 != 0;
    const char* score = positive == right ? "0.9" : "0.1";
    if (i < 4096) {
      csv += std::string(positive ? "1" : "0") + "," + score + "00000000000\n";
    } else {
      csv += std::string(positive ? "1" : "0") + "," + score + "\n";
    }
  }
  GateRun r = run({"check", "--rules", temp_file("g.yaml", "metrics:\n  accuracy: {min: 0.5}\n"),
                   "--predictions", temp_file("many.csv", csv), "--json", "-"});
  EXPECT_EQ(r.exit, 0) << r.out << r.err;
  auto metrics = boost::json::parse(r.out).at("candidate").at("metrics");
  EXPECT_EQ(metrics.at("n").to_number<double>(), 20000.0);
  EXPECT_NEAR(metrics.at("accuracy").to_number<double>(), 0.9, 1e-12);
}

// Logits are no probabilities: log loss clipped them to [eps, 1 - eps] and passed
// `log_loss: {max: 0.3}` with 2.2e-16. A probability metric in the rules refuses them at the
// first offending line; ranking metrics keep taking any finite score.
TEST(MetricGateTest, LogitsAreRefusedOnlyForProbabilityMetrics) {
  std::string logits = temp_file("logits.csv", "label,score\n0,0.2\n1,4.5\n0,-3.2\n1,3\n");
  for (const char* metric : {"log_loss", "brier"}) {
    GateRun r = run({"check", "--rules",
                     temp_file("g.yaml", std::string("metrics:\n  ") + metric + ": {max: 0.3}\n"),
                     "--predictions", logits});
    EXPECT_EQ(r.exit, 3) << metric << r.out;
    EXPECT_THAT(r.err, HasSubstr("logits.csv:3: the score column 'score' holds \"4.5\", not a "
                                 "probability in [0, 1]"));
  }
  GateRun boot =
      run({"check", "--rules", temp_file("b.yaml", "metrics: {}\nbootstrap: {metric: log_loss}\n"),
           "--predictions", logits, "--baseline-predictions", logits});
  EXPECT_EQ(boot.exit, 3);
  EXPECT_THAT(boot.err, HasSubstr("not a probability in [0, 1]"));
  GateRun ranking = run({"check", "--rules",
                         temp_file("r.yaml",
                                   "metrics:\n  roc_auc: {min: 0.9}\n"
                                   "  average_precision: {min: 0.9}\n"),
                         "--predictions", logits});
  EXPECT_EQ(ranking.exit, 0) << ranking.err;
  // Multiclass probability columns too; a NaN is refused as before (not a number).
  GateRun multi = run({"check", "--rules", temp_file("m.yaml", "metrics:\n  log_loss: {max: 1}\n"),
                       "--predictions", temp_file("m.csv", "y,p0,p1\n0,0.9,0.1\n1,-0.5,1.5\n"),
                       "--task", "multiclass", "--label-column", "y", "--proba-columns", "p0,p1"});
  EXPECT_EQ(multi.exit, 3);
  EXPECT_THAT(multi.err, HasSubstr("m.csv:3: the probability column 'p0' holds \"-0.5\""));
  GateRun nan = run({"check", "--rules", temp_file("n.yaml", "metrics:\n  brier: {max: 1}\n"),
                     "--predictions", temp_file("n.csv", "label,score\n0,0.1\n1,nan\n")});
  EXPECT_EQ(nan.exit, 3);
  EXPECT_THAT(nan.err, HasSubstr("n.csv:3: the score column 'score' holds \"nan\", not a number"));
}

TEST(MetricGateTest, NonFiniteMetricsFileIsExit3ForCandidateAndBaseline) {
  std::string gate = temp_file("g.yaml", "metrics:\n  auc: {min: 0.5, max_drop: 0.1}\n");
  std::string good = temp_file("good.json", "{\"auc\": 0.9}");
  for (const auto& [file, text] :
       std::vector<std::pair<std::string, std::string>>{{"a.json", "{\"auc\": 1e400}"},
                                                        {"b.json", "{\"auc\": -1e400}"},
                                                        {"c.yaml", "auc: .inf\n"},
                                                        {"d.yaml", "auc: .nan\n"}}) {
    std::string bad = temp_file(file, text);
    GateRun cand = run({"check", "--rules", gate, "--metrics", bad, "--baseline-metrics", good});
    EXPECT_EQ(cand.exit, 3) << file << cand.out;
    EXPECT_THAT(cand.err, HasSubstr(bad));
    EXPECT_THAT(cand.err, HasSubstr("metric 'auc' is"));
    GateRun base = run({"check", "--rules", gate, "--metrics", good, "--baseline-metrics", bad});
    EXPECT_EQ(base.exit, 3) << file << base.out;
    EXPECT_THAT(base.err, HasSubstr(bad));
  }
}

TEST(MetricGateTest, GateWithoutRulesIsExit2) {
  GateRun r = run({"check", "--rules", temp_file("g.yaml", "metrics: {}\n"), "--metrics",
                   temp_file("m.json", "{\"auc\": 0.9}")});
  EXPECT_EQ(r.exit, 2);
  EXPECT_THAT(r.err, HasSubstr("g.yaml:1:10: the gate has no rules"));
}

TEST(MetricGateTest, BootstrapFailsOnlyOnASignificantDrop) {
  // Same rows; the baseline ranks perfectly, the candidate ranks every positive below every
  // negative: the AUC drop (1.0 -> 0.0) is significant under any resampling.
  std::string y_pos, good, bad;
  std::string cand = "label,score\n", base = "label,score\n";
  for (int i = 0; i < 200; ++i) {
    int label = i % 2;
    base += std::to_string(label) + "," + (label ? "0.9" : "0.1") + "\n";
    cand += std::to_string(label) + "," + (label ? "0.1" : "0.9") + "\n";
  }
  std::string gate = temp_file("b.yaml",
                               "metrics:\n  accuracy: {min: 0}\n"
                               "bootstrap: {metric: roc_auc, samples: 200, max_drop: 0.01}\n");
  GateRun fail = run({"check", "--rules", gate, "--predictions", temp_file("c.csv", cand),
                      "--baseline-predictions", temp_file("b.csv", base), "--json", "-"});
  EXPECT_EQ(fail.exit, 1) << fail.err;
  auto j = boost::json::parse(fail.out);
  EXPECT_DOUBLE_EQ(j.at("bootstrap").at("difference").to_number<double>(), -1.0);
  EXPECT_FALSE(j.at("bootstrap").at("passed").as_bool());
  // The same model against itself: every resample's difference is 0, the interval is [0, 0].
  GateRun same = run({"check", "--rules", gate, "--predictions", temp_file("c.csv", base),
                      "--baseline-predictions", temp_file("b.csv", base), "--json", "-"});
  EXPECT_EQ(same.exit, 0) << same.err;
  auto s = boost::json::parse(same.out);
  EXPECT_EQ(s.at("bootstrap").at("low").to_number<double>(), 0.0);
  EXPECT_EQ(s.at("bootstrap").at("high").to_number<double>(), 0.0);
}

TEST(MetricGateTest, ThresholdMustBeAProbability) {
  // A NaN, infinite or out-of-range threshold predicted every row negative (or positive).
  std::string gate = temp_file("gate.yaml", kGate);
  std::string cand = temp_file("cand.csv", kCandidate);
  for (const char* bad : {"nan", "inf", "-0.1", "1.5"}) {
    GateRun r =
        run({"check", "--rules", gate, "--predictions", cand, std::string("--threshold=") + bad});
    EXPECT_EQ(r.exit, 2) << bad << r.out << r.err;
    EXPECT_THAT(r.err, HasSubstr("--threshold")) << bad;
  }
  EXPECT_EQ(run({"check", "--rules", gate, "--predictions", cand, "--threshold", "0.5",
                 "--baseline-predictions", temp_file("base.csv", kBaseline)})
                .exit,
            0);
}

TEST(MetricGateTest, BootstrapOptionIsCheckedLikeTheConfig) {
  std::string cand = "label,score\n", base = "label,score\n";
  for (int i = 0; i < 20; ++i) {
    cand += std::to_string(i % 2) + "," + (i % 2 ? "0.9" : "0.1") + "\n";
    base += std::to_string(i % 2) + "," + (i % 2 ? "0.8" : "0.3") + "\n";
  }
  std::string c = temp_file("c.csv", cand), b = temp_file("b.csv", base);
  std::string with = temp_file("with.yaml",
                               "metrics:\n  accuracy: {min: 0}\n"
                               "bootstrap: {metric: roc_auc, samples: 200}\n");
  for (const char* bad : {"1", "99", "0", "-5", "100001"}) {
    GateRun r = run({"check", "--rules", with, "--predictions", c, "--baseline-predictions", b,
                     std::string("--bootstrap=") + bad});
    EXPECT_EQ(r.exit, 2) << bad << r.out << r.err;
    EXPECT_THAT(r.err, HasSubstr("--bootstrap")) << bad;
  }
  EXPECT_EQ(run({"check", "--rules", with, "--predictions", c, "--baseline-predictions", b,
                 "--bootstrap", "100"})
                .exit,
            0);
  // --bootstrap without a bootstrap section in the rules was silently ignored.
  GateRun ignored = run({"check", "--rules", temp_file("without.yaml", kGate), "--predictions", c,
                         "--baseline-predictions", b, "--bootstrap", "500"});
  EXPECT_EQ(ignored.exit, 2) << ignored.out << ignored.err;
  EXPECT_THAT(ignored.err, HasSubstr("no bootstrap section"));
}

}  // namespace
}  // namespace mlops::gate
