#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <regex>

#include "canary/config.h"
#include "common/error_of.h"
#include "core/error.h"
#include "drift/config.h"
#include "gate/metrics_file.h"
#include "gate/rules.h"
#include "validate/contract.h"

// Every tool's YAML config goes through config::Node: a non-finite number anywhere, a repeated
// key or a second document is a usage error (exit 2) at its file:line:column.
namespace mlops::config {
namespace {

using mlops::testing::error_of;
using ::testing::HasSubstr;

const std::vector<std::string> kNonFinite = {".nan", ".inf", "-.inf", "nan", "1e400"};

// A loader of one tool's config from text.
using Loader = std::function<void(const std::string& text)>;

// `before` + value + `after` must be refused at `where` (a "file:line:col" prefix).
void expect_refused(const Loader& load, const std::string& before, const std::string& after,
                    const std::string& where) {
  for (const std::string& v : kNonFinite) {
    Error e = error_of([&] { load(before + v + after); });
    EXPECT_EQ(e.code(), ExitCode::kUsage) << before << v;
    EXPECT_THAT(e.what(), HasSubstr(where)) << before << v;
    EXPECT_THAT(e.what(), ::testing::AnyOf(HasSubstr("finite"), HasSubstr("out of the range")))
        << e.what();
  }
}

const Loader kDrift = [](const std::string& t) { drift::load_config_string(t, "d.yaml"); };
const Loader kGate = [](const std::string& t) { gate::parse_rules(t, "g.yaml"); };
const Loader kCanary = [](const std::string& t) { canary::load_config_string(t, "c.yaml"); };
const Loader kContract = [](const std::string& t) { validate::parse_contract(t, "v.yaml"); };

const char* kCanaryHead =
    "groups: {baseline: 'track=\"stable\"', canary: 'track=\"canary\"'}\n"
    "metrics:\n"
    "  - name: errors\n"
    "    query: 'rate(e{ {{selector}} }[1m])'\n";

TEST(ToolConfigsTest, DriftConfigRefusesNonFiniteNumbers) {
  expect_refused(kDrift, "drift_share: ", "\n", "d.yaml:1:14:");
  expect_refused(kDrift, "min_effect: ", "\n", "d.yaml:1:13:");
  expect_refused(kDrift, "numeric: {threshold: ", "}\n", "d.yaml:1:22:");
  expect_refused(kDrift, "categorical:\n  min_effect: ", "\n", "d.yaml:2:15:");
  expect_refused(kDrift, "columns:\n  age: {weight: ", "}\n", "d.yaml:2:17:");
  expect_refused(kDrift, "columns:\n  age: {threshold: ", "}\n", "d.yaml:2:20:");
}

TEST(ToolConfigsTest, GateRulesRefuseNonFiniteNumbers) {
  for (const char* key : {"min", "max", "threshold", "max_drop", "max_relative_drop",
                          "min_absolute_change", "min_relative_change"}) {
    std::string head = std::string("metrics:\n  accuracy: {") + key + ": ";
    expect_refused(kGate, head, "}\n", "g.yaml:2:" + std::to_string(head.size() - 9 + 1) + ":");
  }
  expect_refused(kGate, "metrics:\n  log_loss: {max_rise: ", "}\n", "g.yaml:2:");
  expect_refused(kGate, "metrics: {auc: {min: 0.5}}\nbootstrap: {metric: auc, confidence: ", "}\n",
                 "g.yaml:2:");
  expect_refused(kGate, "metrics: {auc: {min: 0.5}}\nbootstrap: {metric: auc, max_drop: ", "}\n",
                 "g.yaml:2:");
}

TEST(ToolConfigsTest, CanaryConfigRefusesNonFiniteNumbers) {
  const std::string head = kCanaryHead;
  for (const char* key : {"confidence", "allowed_increase", "allowed_decrease", "tail_quantile",
                          "tail_tolerance", "weight"}) {
    expect_refused(kCanary, head + "    " + key + ": ", "\n", "c.yaml:5:");
  }
  expect_refused(kCanary, head + "    judge: threshold\n    min: ", "\n", "c.yaml:6:");
  expect_refused(kCanary, head + "    judge: threshold\n    min: 0\n    max: ", "\n", "c.yaml:7:");
  expect_refused(kCanary, head + "scoring: {pass: ", "}\n", "c.yaml:5:");
  expect_refused(kCanary, head + "scoring: {pass: 90, marginal: ", "}\n", "c.yaml:5:");
  expect_refused(kCanary, head + "    group: g\nscoring: {group_weights: {g: ", "}}\n",
                 "c.yaml:6:");
}

TEST(ToolConfigsTest, ContractRefusesNonFiniteNumbers) {
  expect_refused(kContract, "columns:\n  x: {type: number, min: ", "}\n", "v.yaml:2:");
  expect_refused(kContract, "columns:\n  x: {type: number, mean: {max: ", "}}\n", "v.yaml:2:");
  expect_refused(kContract, "columns: {x: {}}\ndataset:\n  row_count: {max: ", "}\n", "v.yaml:3:");
}

TEST(ToolConfigsTest, DuplicateKeysAreRefusedInEveryConfig) {
  struct Case {
    Loader load;
    std::string text, message;
  };
  const std::vector<Case> cases = {
      {kDrift, "drift_share: 0.5\npreset: evidently\ndrift_share: 0.9\n",
       "d.yaml:3:1: duplicate key 'drift_share' at the top level (first at line 1, column 1)"},
      {kDrift, "columns:\n  age: {weight: 1, role: ignore, weight: 2}\n",
       "d.yaml:2:34: duplicate key 'weight' in 'columns.age' (first at line 2, column 9)"},
      {kGate, "metrics:\n  accuracy: {min: 0.9}\n  accuracy: {min: 0.1}\n",
       "g.yaml:3:3: duplicate key 'accuracy' in 'metrics' (first at line 2, column 3)"},
      {kCanary, std::string(kCanaryHead) + "    weight: 1\n    weight: 5\n",
       "c.yaml:6:5: duplicate key 'weight' in 'metrics[0]' (first at line 5, column 5)"},
      {kContract, "columns:\n  x: {type: number}\n  x: {type: string}\n",
       "v.yaml:3:3: duplicate key 'x' in 'columns' (first at line 2, column 3)"},
  };
  for (const Case& c : cases) {
    Error e = error_of([&] { c.load(c.text); });
    EXPECT_EQ(e.code(), ExitCode::kUsage) << c.text;
    EXPECT_THAT(e.what(), HasSubstr(c.message)) << c.text;
  }
}

TEST(ToolConfigsTest, SecondDocumentIsRefusedInEveryConfig) {
  for (const auto& [load, text] : std::vector<std::pair<Loader, std::string>>{
           {kDrift, "drift_share: 0.5\n---\ndrift_share: 0.9\n"},
           {kGate, "metrics: {auc: {min: 0.5}}\n---\nmetrics: {auc: {min: 0.1}}\n"},
           {kCanary, std::string(kCanaryHead) + "---\n"},
           {kContract, "columns: {x: {}}\n---\ncolumns: {y: {}}\n"}}) {
    Error e = error_of([&loader = load, &yaml = text] { loader(yaml); });
    EXPECT_EQ(e.code(), ExitCode::kUsage) << text;
    EXPECT_THAT(e.what(), HasSubstr("a second YAML document starts here")) << text;
  }
}

// Metrics files are data, not configuration: the same refusals are "could not evaluate".
TEST(ToolConfigsTest, YamlMetricsFileWithDuplicateOrSecondDocumentIsExit3) {
  Error dup =
      error_of([] { gate::parse_metrics("accuracy: 0.9\nf1: 0.5\naccuracy: 0.1\n", "m.yaml"); });
  EXPECT_EQ(dup.code(), ExitCode::kCannotEvaluate);
  EXPECT_THAT(dup.what(), HasSubstr("m.yaml:3:1: duplicate key 'accuracy' at the top level"));
  Error nested = error_of([] { gate::parse_metrics("test:\n  auc: 0.9\n  auc: 0.1\n", "m.yaml"); });
  EXPECT_THAT(nested.what(), HasSubstr("m.yaml:3:3: duplicate key 'auc' in 'test'"));
  Error docs =
      error_of([] { gate::parse_metrics("accuracy: 0.9\n---\naccuracy: 0.1\n", "m.yaml"); });
  EXPECT_EQ(docs.code(), ExitCode::kCannotEvaluate);
  EXPECT_THAT(docs.what(), HasSubstr("m.yaml:2:1: a second YAML document starts here"));
}

// The shipped examples stay valid under the strict reading.
TEST(ToolConfigsTest, ShippedExamplesLoad) {
  const std::string root = std::string(MLOPS_TEST_DATA) + "/../../";
  EXPECT_NO_THROW(drift::load_config(root + "examples/drift/drift.yaml"));
  EXPECT_NO_THROW(canary::load_config(root + "examples/canary/canary.yaml"));
  EXPECT_NO_THROW(gate::load_rules(root + "examples/model/gate.yaml"));
  EXPECT_NO_THROW(gate::load_rules(root + "examples/model/strict-gate.yaml"));
  EXPECT_NO_THROW(validate::load_contract(root + "examples/weather-contract.yaml"));
  EXPECT_NO_THROW(validate::load_contract(root + "bench/contract.yaml"));
}

// docs/canary-eval.md's advice, kept by its own example: a step shorter than a query's rate
// window makes neighbouring points share their requests, and the rank test then sees more
// evidence than there is (the example once queried rate([1m]) every 15 s).
TEST(ToolConfigsTest, ShippedCanaryExampleStepsAtLeastItsRateWindows) {
  const std::string root = std::string(MLOPS_TEST_DATA) + "/../../";
  const canary::CanaryConfig config = canary::load_config(root + "examples/canary/canary.yaml");
  const std::regex window(R"(\[([0-9.]+[a-z]+)\])");
  int windows = 0;
  for (const auto& metric : config.metrics) {
    for (std::sregex_iterator it(metric.query.begin(), metric.query.end(), window), end; it != end;
         ++it) {
      const std::optional<double> seconds = canary::parse_duration((*it)[1]);
      ASSERT_TRUE(seconds.has_value()) << metric.name << ": " << (*it)[1];
      EXPECT_GE(config.step_seconds, *seconds) << metric.name << ": rate window " << (*it)[1];
      ++windows;
    }
  }
  EXPECT_GT(windows, 0) << "the example has no rate window left to check";
}

}  // namespace
}  // namespace mlops::config
