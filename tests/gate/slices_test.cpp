#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "gate_run.h"

// metric-gate's slices, calibration and operating points end to end, in-process, on
// tests/data/penguins-sex-*.csv (two models' P(Sex = MALE) for 333 penguins). Expected values
// come from scikit-learn 1.2.1 on the same files (accuracy_score at 0.5, roc_auc_score,
// calibration_curve, precision_recall_curve; tests/data/README.md), or from counting rows.
namespace mlops::gate {
namespace {

using ::testing::HasSubstr;

const std::string kData = MLOPS_TEST_DATA;
const std::string kCandidate = kData + "/penguins-sex-predictions.csv";
const std::string kChampion = kData + "/penguins-sex-champion.csv";

using testing::GateRun;
using testing::run;
using testing::temp_file;

// The penguins candidate gated by `rules`, JSON on stdout; `extra` appended to the command.
GateRun penguins(const std::string& rules, std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {"check",
                                   "--rules",
                                   temp_file("gate.yaml", rules),
                                   "--predictions",
                                   kCandidate,
                                   "--label-column",
                                   "Sex",
                                   "--positive-label",
                                   "MALE",
                                   "--json",
                                   "-"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run(args);
}

// The slices of a JSON report by name.
std::map<std::string, boost::json::object> slices_of(const std::string& json) {
  std::map<std::string, boost::json::object> out;
  const boost::json::value report = boost::json::parse(json);
  for (const auto& s : report.at("slices").as_array()) {
    out[std::string(s.at("slice").as_string())] = s.as_object();
  }
  return out;
}

double rule_value(const boost::json::object& slice, const std::string& metric) {
  for (const auto& r : slice.at("rules").as_array()) {
    if (r.at("metric").as_string() == metric) return r.at("candidate").as_double();
  }
  ADD_FAILURE() << "no rule on " << metric;
  return 0;
}

TEST(MetricGateSlicesTest, FailingSlicesAreNamedAndSmallOnesSkipped) {
  GateRun r = penguins(
      "metrics:\n  accuracy: {min: 0.7}\nslices: [Species, Island]\n"
      "min_slice_size: 50\n");
  ASSERT_EQ(r.exit, 1) << r.out << r.err;
  const auto j = boost::json::parse(r.out);
  // All 333 rows: 260 of 333 right at 0.5 (sklearn: 0.7807807808) passes.
  EXPECT_NEAR(j.at("candidate").at("metrics").at("accuracy").as_double(), 260.0 / 333, 1e-12);
  const auto slices = slices_of(r.out);
  ASSERT_EQ(slices.size(), 6u);  // 3 species and 3 islands
  EXPECT_EQ(slices.at("Species=Chinstrap").at("rows").as_int64(), 68);
  EXPECT_NEAR(rule_value(slices.at("Species=Chinstrap"), "accuracy"), 39.0 / 68, 1e-12);
  EXPECT_EQ(slices.at("Species=Chinstrap").at("status").as_string(), "fail");
  EXPECT_NEAR(rule_value(slices.at("Island=Dream"), "accuracy"), 80.0 / 123, 1e-12);
  EXPECT_EQ(slices.at("Island=Dream").at("status").as_string(), "fail");
  EXPECT_EQ(slices.at("Island=Biscoe").at("status").as_string(), "pass");
  EXPECT_EQ(slices.at("Island=Torgersen").at("status").as_string(), "skipped");
  EXPECT_EQ(slices.at("Island=Torgersen").at("rows").as_int64(), 47);
  EXPECT_EQ(slices.at("Island=Torgersen").at("skipped").as_string(),
            "47 rows in the candidate, fewer than min_slice_size 50");
  EXPECT_EQ(slices.at("Species=Adelie").at("columns").at("Species").as_string(), "Adelie");
  std::vector<std::string> failed;
  for (const auto& f : j.at("failed_rules").as_array()) failed.emplace_back(f.as_string());
  EXPECT_EQ(failed, (std::vector<std::string>{"accuracy.min[Species=Chinstrap]",
                                              "accuracy.min[Island=Dream]"}));
}

TEST(MetricGateSlicesTest, TextReportNamesFailingAndSkippedSlices) {
  GateRun r = run({"check", "--rules",
                   temp_file("gate.yaml",
                             "metrics:\n  accuracy: {min: 0.7}\nslices: [Island]\n"
                             "min_slice_size: 50\n"),
                   "--predictions", kCandidate, "--label-column", "Sex", "--positive-label", "MALE",
                   "--no-github"});
  EXPECT_EQ(r.exit, 1);
  EXPECT_THAT(r.out, HasSubstr("metric-gate: failing slices:\n  Island=Dream (accuracy.min)\n"));
  EXPECT_THAT(r.out, HasSubstr("metric-gate: skipped slices (not evaluated):\n  Island=Torgersen "
                               "(47 rows in the candidate, fewer than min_slice_size 50)\n"));
  EXPECT_THAT(r.out, HasSubstr("accuracy [Island=Torgersen]"));
  EXPECT_THAT(r.out, HasSubstr("metric-gate: fail (accuracy.min[Island=Dream])\n"));
}

TEST(MetricGateSlicesTest, JUnitAndMarkdownNameTheSlices) {
  const std::string junit = temp_file("junit.xml", ""), md = temp_file("report.md", "");
  GateRun r = penguins("metrics:\n  accuracy: {min: 0.7}\nslices: [Island]\nmin_slice_size: 50\n",
                       {"--junit", junit, "--markdown", md});
  EXPECT_EQ(r.exit, 1);
  std::ifstream j(junit), m(md);
  const std::string xml((std::istreambuf_iterator<char>(j)), {});
  const std::string markdown((std::istreambuf_iterator<char>(m)), {});
  EXPECT_THAT(xml, HasSubstr("name=\"accuracy.min[Island=Dream]\""));
  EXPECT_THAT(xml, HasSubstr("<skipped"));
  EXPECT_THAT(markdown, HasSubstr("`accuracy.min[Island=Dream]`"));
  EXPECT_THAT(markdown, HasSubstr("slice Island=Torgersen: 47 rows in the candidate"));
}

TEST(MetricGateSlicesTest, DefaultMinSliceSizeIs30) {
  GateRun r = penguins("metrics:\n  accuracy: {min: 0.5}\nslices: [Island]\n");
  ASSERT_EQ(r.exit, 0) << r.out << r.err;
  const auto slices = slices_of(r.out);
  EXPECT_EQ(slices.at("Island=Torgersen").at("status").as_string(), "pass");
  EXPECT_NEAR(rule_value(slices.at("Island=Torgersen"), "accuracy"), 43.0 / 47, 1e-12);
}

TEST(MetricGateSlicesTest, CrossedColumnsFormOneSliceEach) {
  GateRun r = penguins(
      "metrics:\n  accuracy: {min: 0.7}\nslices: [[Species, Island]]\n"
      "min_slice_size: 45\n");
  ASSERT_EQ(r.exit, 1) << r.out << r.err;
  const auto slices = slices_of(r.out);
  // Counted in the file: Adelie on three islands, Chinstrap on Dream, Gentoo on Biscoe.
  ASSERT_EQ(slices.size(), 5u);
  EXPECT_EQ(slices.at("Species=Adelie, Island=Biscoe").at("status").as_string(), "skipped");
  EXPECT_NEAR(rule_value(slices.at("Species=Adelie, Island=Dream"), "accuracy"), 41.0 / 55, 1e-12);
  EXPECT_EQ(slices.at("Species=Chinstrap, Island=Dream").at("status").as_string(), "fail");
  EXPECT_NEAR(rule_value(slices.at("Species=Chinstrap, Island=Dream"), "accuracy"), 39.0 / 68,
              1e-12);
}

TEST(MetricGateSlicesTest, EachSliceIsComparedWithTheBaselinesSameSlice) {
  GateRun r = penguins("metrics:\n  roc_auc: {max_drop: 0.05}\nslices: [Island]\n",
                       {"--baseline-predictions", kChampion});
  ASSERT_EQ(r.exit, 1) << r.out << r.err;
  const auto slices = slices_of(r.out);
  // roc_auc_score per island: candidate 0.7908514014 vs champion 0.9415653094 on Dream.
  const auto& dream = slices.at("Island=Dream").at("rules").as_array()[0].as_object();
  EXPECT_NEAR(dream.at("candidate").as_double(), 0.7908514014, 1e-10);
  EXPECT_NEAR(dream.at("baseline").as_double(), 0.9415653094, 1e-10);
  EXPECT_EQ(dream.at("status").as_string(), "fail");
  EXPECT_EQ(slices.at("Island=Biscoe").at("status").as_string(), "pass");  // 0.9506 vs 0.9741
  EXPECT_EQ(slices.at("Island=Dream").at("baseline_rows").as_int64(), 123);
  // The whole data set fails too: 0.8566017316 vs 0.9648989899.
  const boost::json::value report = boost::json::parse(r.out);
  EXPECT_EQ(report.at("rules").as_array()[0].at("status").as_string(), "fail");
}

TEST(MetricGateSlicesTest, NoEvaluatedSliceIsExit3NeverAPass) {
  GateRun r = penguins(
      "metrics:\n  accuracy: {min: 0.5}\nslices: [Species]\n"
      "min_slice_size: 200\n");
  EXPECT_EQ(r.exit, 3);
  EXPECT_THAT(r.err, HasSubstr("no slice by Species"));
  EXPECT_THAT(r.err, HasSubstr("min_slice_size 200"));
}

TEST(MetricGateSlicesTest, UndefinedMetricInASliceIsSkippedAndAllUndefinedIsExit3) {
  // Slice b holds positives only: its ROC AUC is undefined (sklearn raises).
  const std::string csv =
      temp_file("p.csv", "g,label,score\na,0,0.1\na,1,0.9\na,0,0.4\nb,1,0.8\nb,1,0.3\n");
  const std::string rules = "metrics:\n  roc_auc: {min: 0.5}\nslices: [g]\nmin_slice_size: 2\n";
  GateRun r =
      run({"check", "--rules", temp_file("gate.yaml", rules), "--predictions", csv, "--json", "-"});
  ASSERT_EQ(r.exit, 0) << r.out << r.err;
  const auto slices = slices_of(r.out);
  EXPECT_EQ(slices.at("g=a").at("status").as_string(), "pass");
  const auto& b = slices.at("g=b").at("rules").as_array()[0];
  EXPECT_EQ(b.at("status").as_string(), "skipped");
  EXPECT_THAT(std::string(b.at("reason").as_string()), HasSubstr("undefined in this slice"));
  const std::string only_b = temp_file("b.csv", "g,label,score\nb,1,0.8\nb,1,0.3\na,0,0.5\n");
  r = run({"check", "--rules", temp_file("gate.yaml", rules), "--predictions", only_b});
  EXPECT_EQ(r.exit, 3) << r.out;
}

TEST(MetricGateSlicesTest, NullSliceValueIsItsOwnSlice) {
  const std::string csv = temp_file("p.csv", "g,label,score\n,1,0.9\n,0,0.2\nx,1,0.7\nx,0,0.6\n");
  GateRun r = run(
      {"check", "--rules",
       temp_file("gate.yaml", "metrics:\n  accuracy: {min: 0.5}\nslices: [g]\nmin_slice_size: 2\n"),
       "--predictions", csv, "--json", "-"});
  ASSERT_EQ(r.exit, 0) << r.out << r.err;
  const auto slices = slices_of(r.out);
  ASSERT_EQ(slices.count("g=null"), 1u);
  EXPECT_TRUE(slices.at("g=null").at("columns").at("g").is_null());
  EXPECT_NEAR(rule_value(slices.at("g=x"), "accuracy"), 0.5, 1e-15);  // 0.6 is predicted 1
}

TEST(MetricGateSlicesTest, SlicesNeedPredictions) {
  GateRun r = run({"check", "--rules",
                   temp_file("gate.yaml", "metrics:\n  accuracy: {min: 0.5}\nslices: [g]\n"),
                   "--metrics", temp_file("m.json", "{\"accuracy\": 0.9}")});
  EXPECT_EQ(r.exit, 2);
  EXPECT_THAT(r.err, HasSubstr("scored from predictions"));
  r = penguins("metrics:\n  roc_auc: {max_drop: 0.05}\nslices: [Island]\n",
               {"--baseline-metrics", temp_file("b.json", "{\"roc_auc\": 0.9}")});
  EXPECT_EQ(r.exit, 2);
  EXPECT_THAT(r.err, HasSubstr("--baseline-predictions"));
}

TEST(MetricGateSlicesTest, MissingSliceColumnIsExit3WithASuggestion) {
  GateRun r = penguins("metrics:\n  accuracy: {min: 0.5}\nslices: [island]\n");
  EXPECT_EQ(r.exit, 3);
  EXPECT_THAT(r.err, HasSubstr("no slice column 'island'"));
  EXPECT_THAT(r.err, HasSubstr("did you mean 'Island'?"));
}

TEST(MetricGateCalibrationTest, EceAndTheReliabilityCurveOfThePenguinsModel) {
  const std::string md = temp_file("report.md", "");
  GateRun r = penguins("metrics:\n  ece: {max: 0.1}\n", {"--markdown", md});
  ASSERT_EQ(r.exit, 1) << r.out << r.err;
  const auto j = boost::json::parse(r.out);
  // calibration_curve(n_bins=10), ECE summed from it: 0.111222276276.
  EXPECT_NEAR(j.at("candidate").at("metrics").at("ece").as_double(), 0.111222276276, 1e-12);
  const auto& curve = j.at("calibration").at("curve").as_array();
  ASSERT_EQ(curve.size(), 10u);
  // First bin by hand: 28 scores <= 0.1, none of them male.
  EXPECT_EQ(curve[0].at("rows").to_number<double>(), 28);
  EXPECT_EQ(curve[0].at("fraction_positive").to_number<double>(), 0);
  std::ifstream m(md);
  const std::string markdown((std::istreambuf_iterator<char>(m)), {});
  EXPECT_THAT(markdown, HasSubstr("#### Reliability curve (ECE 0.1112, 10 bins)"));
  EXPECT_THAT(markdown, HasSubstr("| 0.00 to 0.10 | 28 | 0.0682 | 0.0000 | -0.0682 |"));
}

TEST(MetricGateCalibrationTest, BinsAreConfigurableAndScoresMustBeProbabilities) {
  GateRun r = penguins("metrics:\n  accuracy: {min: 0.5}\ncalibration: {bins: 5}\n");
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(boost::json::parse(r.out).at("calibration").at("bins").as_int64(), 5);
  const std::string logits = temp_file("p.csv", "label,score\n1,2.5\n0,-1\n");
  r = run({"check", "--rules", temp_file("gate.yaml", "metrics:\n  ece: {max: 0.1}\n"),
           "--predictions", logits});
  EXPECT_EQ(r.exit, 3);
  EXPECT_THAT(r.err, HasSubstr("not a probability"));
  r = run({"check", "--rules", temp_file("gate.yaml", "metrics:\n  ece: {max: 0.1}\n"),
           "--predictions", temp_file("r.csv", "label,score\n1,0.5\n0,0.2\n"), "--task",
           "regression"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_THAT(r.err, HasSubstr("binary predictions only"));
}

TEST(MetricGateOperatingPointTest, PenguinsPrecisionAtRecallPerSlice) {
  GateRun r = penguins(
      "metrics:\n  precision_at_recall_0.8: {min: 0.7}\n"
      "  recall_at_precision_0.9: {min: 0.2}\nslices: [Island]\n");
  ASSERT_EQ(r.exit, 1) << r.out << r.err;
  const auto j = boost::json::parse(r.out);
  // max(P[R >= 0.8]) and max(R[P >= 0.9]) of precision_recall_curve.
  const auto& m = j.at("candidate").at("metrics");
  EXPECT_NEAR(m.at("precision_at_recall_0.8").as_double(), 0.798850574713, 1e-12);
  EXPECT_NEAR(m.at("recall_at_precision_0.9").as_double(), 0.232142857143, 1e-12);
  const auto slices = slices_of(r.out);
  EXPECT_NEAR(rule_value(slices.at("Island=Dream"), "precision_at_recall_0.8"), 0.6375, 1e-12);
  EXPECT_NEAR(rule_value(slices.at("Island=Torgersen"), "recall_at_precision_0.9"), 0.956521739130,
              1e-12);
  EXPECT_EQ(slices.at("Island=Dream").at("status").as_string(), "fail");
}

}  // namespace
}  // namespace mlops::gate
