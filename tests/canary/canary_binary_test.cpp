// Spawns the real canary-eval binary on offline samples: decisions and their exit codes
// (0 promote, 1 roll back, 4 inconclusive), scoring rules (critical, no data, marginal), the
// JSON report, and config errors. Expected decisions follow from the documented scoring rules
// applied by hand to samples built for each case.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/shell_run.h"

namespace {

using ::testing::HasSubstr;

const std::string kBinary = std::string(MLOPS_BUILD_DIR) + "/tools/canary-eval";
const std::string kExamples = std::string(MLOPS_TEST_DATA) + "/../../examples/canary/";

using Result = mlops::testing::ShellResult;
using mlops::testing::slurp;

std::string temp(const std::string& name) { return mlops::testing::test_temp("ce_", name); }

Result run(const std::string& args) {
  return mlops::testing::run_shell("env -u GITHUB_ACTIONS " + kBinary + " " + args, temp("cmd"));
}

// Samples: per metric, `n` points per group with the given values cycling.
std::string samples(
    const std::vector<std::tuple<std::string, std::vector<double>, std::vector<double>>>& metrics,
    int n) {
  std::string path = temp("samples.csv");
  std::ofstream f(path);
  f << "metric,group,timestamp,value\n";
  for (const auto& [name, base, canary] : metrics) {
    for (int i = 0; i < n; ++i) {
      f << name << ",baseline," << 1767225600 + 15 * i << "," << base[i % base.size()] << "\n";
      if (!canary.empty()) {
        f << name << ",canary," << 1767225600 + 15 * i << "," << canary[i % canary.size()] << "\n";
      }
    }
  }
  return path;
}

std::string config(const std::string& metrics_yaml, const std::string& scoring = "") {
  std::string path = temp("canary.yaml");
  std::ofstream(path) << "groups: {baseline: 'track=\"stable\"', canary: 'track=\"canary\"'}\n"
                      << scoring << "metrics:\n"
                      << metrics_yaml;
  return path;
}

const std::string kTwoMetrics =
    "  - {name: errors, query: 'e{ {{selector}} }', direction: increase, group: errors}\n"
    "  - {name: latency, query: 'l{ {{selector}} }', direction: increase, group: latency}\n";

TEST(CanaryEvalBinaryTest, BundledSamplesPromoteAndRollBack) {
  std::string json = temp("report.json");
  Result healthy = run("run --config " + kExamples + "canary.yaml --samples " + kExamples +
                       "samples-healthy.csv --json " + json);
  EXPECT_EQ(healthy.exit, 0) << healthy.err;
  boost::json::value doc = boost::json::parse(slurp(json));
  EXPECT_EQ(doc.at("schema"), "mlops-actions/canary-eval/v1");
  EXPECT_EQ(doc.at("decision"), "promote");
  EXPECT_EQ(doc.at("score").to_number<double>(), 100.0);
  Result regressed = run("run --config " + kExamples + "canary.yaml --samples " + kExamples +
                         "samples-regressed.csv --json " + json);
  EXPECT_EQ(regressed.exit, 1) << regressed.err;
  doc = boost::json::parse(slurp(json));
  EXPECT_EQ(doc.at("decision"), "rollback");
  EXPECT_THAT(std::string(doc.at("reason").as_string()),
              HasSubstr("critical metric failed: error_rate"));
  // The latency tail regression is named even though the location test alone passes.
  EXPECT_THAT(regressed.out, HasSubstr("latency_p99: p95"));
}

TEST(CanaryEvalBinaryTest, NoCanaryTrafficIsInconclusiveNeverAPromotion) {
  // Baseline points only: every metric is no data, so 2 of 2 >= half -> inconclusive (4).
  std::string s = samples({{"errors", {0.01, 0.012, 0.011}, {}}, {"latency", {0.2, 0.21}, {}}}, 30);
  Result r = run("run --config " + config(kTwoMetrics) + " --samples " + s);
  EXPECT_EQ(r.exit, 4) << r.err;
  EXPECT_THAT(r.out, HasSubstr("not enough data"));
}

TEST(CanaryEvalBinaryTest, ScoreDecidesBetweenPassMarginalAndFail) {
  // Two groups of one metric each; latency clearly worse (every canary value above every
  // baseline value), errors equal. Group scores 100 and 0, equal weights: score 50 < 75 -> roll
  // back. With group weights 9:1 the score is 90: marginal (75 <= 90 < 95) -> inconclusive.
  std::string s = samples({{"errors", {0.010, 0.011, 0.012}, {0.010, 0.011, 0.012}},
                           {"latency", {0.20, 0.21, 0.22}, {0.40, 0.41, 0.42}}},
                          30);
  Result fail = run("run --config " + config(kTwoMetrics) + " --samples " + s);
  EXPECT_EQ(fail.exit, 1) << fail.err;
  EXPECT_THAT(fail.out, HasSubstr("score 50"));
  Result marginal =
      run("run --config " +
          config(kTwoMetrics,
                 "scoring: {pass: 95, marginal: 75, group_weights: {errors: 9, latency: 1}}\n") +
          " --samples " + s);
  EXPECT_EQ(marginal.exit, 4) << marginal.err;
  EXPECT_THAT(marginal.out, HasSubstr("score 90"));
  // A decrease of the same size is fine when only increases are bad.
  std::string better = samples({{"errors", {0.010, 0.011, 0.012}, {0.010, 0.011, 0.012}},
                                {"latency", {0.40, 0.41, 0.42}, {0.20, 0.21, 0.22}}},
                               30);
  EXPECT_EQ(run("run --config " + config(kTwoMetrics) + " --samples " + better).exit, 0);
}

TEST(CanaryEvalBinaryTest, NanAndEmptySeriesNeverCrash) {
  std::string path = temp("nan.csv");
  std::ofstream(path) << "metric,group,timestamp,value\n"
                      << "errors,baseline,1,NaN\nerrors,canary,1,NaN\nlatency,baseline,1,+Inf\n";
  Result r = run("run --config " + config(kTwoMetrics) + " --samples " + path);
  EXPECT_EQ(r.exit, 4) << r.err;
}

TEST(CanaryEvalBinaryTest, NanReplaceWithoutDataIsInconclusiveNeverAPromotion) {
  // nan: replace once counted "no data" as "no events" and promoted with score 100.
  const std::string replace =
      "  - {name: errors, query: 'e{ {{selector}} }', nan: replace, group: errors}\n"
      "  - {name: latency, query: 'l{ {{selector}} }', nan: replace, group: latency}\n";
  std::string s = samples({{"errors", {0.01, 0.012, 0.011}, {}}, {"latency", {0.2, 0.21}, {}}}, 30);
  Result r = run("run --config " + config(replace) + " --samples " + s);
  EXPECT_EQ(r.exit, 4) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("canary has no value, which is no data"));
  std::string nan = temp("all_nan.csv");
  std::ofstream(nan) << "metric,group,timestamp,value\n"
                     << "errors,baseline,1,NaN\nerrors,canary,1,NaN\n"
                     << "latency,baseline,1,NaN\nlatency,canary,1,NaN\n";
  r = run("run --config " + config(replace) + " --samples " + nan);
  EXPECT_EQ(r.exit, 4) << r.out << r.err;
  // An empty samples file judges nothing: inconclusive.
  std::string empty = temp("empty.csv");
  std::ofstream(empty) << "metric,group,timestamp,value\n";
  EXPECT_EQ(run("run --config " + config(replace) + " --samples " + empty).exit, 4);
}

TEST(CanaryEvalBinaryTest, SamplesOfAMetricNotInTheConfigAreAnInputError) {
  // A typo in a metric name used to drop its rows silently and judge the rest.
  std::string s = samples({{"errors", {0.010, 0.011, 0.012}, {0.010, 0.011, 0.012}},
                           {"latency", {0.20, 0.21, 0.22}, {0.20, 0.21, 0.22}},
                           {"latencyy", {0.20, 0.21, 0.22}, {0.90, 0.91, 0.92}}},
                          30);
  Result r = run("run --config " + config(kTwoMetrics) + " --samples " + s);
  EXPECT_EQ(r.exit, 3) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("samples.csv:122: metric \"latencyy\" is not in the config"));
  EXPECT_THAT(r.err, HasSubstr("errors, latency"));
}

TEST(CanaryEvalBinaryTest, DurationsThatOverflowWhenScaledAreRefused) {
  // 1e308d is a finite number of days and an infinite number of seconds; 5e-324ms rounds to 0.
  std::string s = samples({{"errors", {0.01}, {0.01}}, {"latency", {0.2}, {0.2}}}, 30);
  for (const char* bad : {"1e308d", "5e-324ms", "inf", "0s", "nan"}) {
    for (const char* option : {"--step", "--lookback"}) {
      Result r =
          run("run --config " + config(kTwoMetrics) + " --samples " + s + " " + option + " " + bad);
      EXPECT_EQ(r.exit, 2) << option << " " << bad << r.out;
      EXPECT_THAT(r.err, HasSubstr(option)) << bad;
    }
    for (const char* key : {"step", "lookback"}) {
      std::string path = temp("durations.yaml");
      std::ofstream(path) << "prometheus: {" << key << ": " << bad << "}\n"
                          << "groups: {baseline: 'track=\"stable\"', canary: 'track=\"canary\"'}\n"
                          << "metrics:\n"
                          << kTwoMetrics;
      Result r = run("run --config " + path + " --samples " + s);
      EXPECT_EQ(r.exit, 2) << key << " " << bad << r.out;
      EXPECT_THAT(r.err, HasSubstr("durations.yaml:1:")) << key << " " << bad;
      EXPECT_THAT(r.err, HasSubstr(std::string("prometheus.") + key)) << bad << r.err;
    }
  }
  EXPECT_EQ(run("run --config " + config(kTwoMetrics) + " --samples " + s + " --step 1d").exit, 0);
}

TEST(CanaryEvalBinaryTest, ConfigAndInputErrors) {
  Result no_selector = run("run --config " + config("  - {name: e, query: 'rate(x[1m])'}\n") +
                           " --samples /dev/null");
  EXPECT_EQ(no_selector.exit, 2);
  EXPECT_THAT(no_selector.err, HasSubstr("{{selector}}"));
  Result typo = run("run --config " +
                    config("  - {name: e, query: 'x{ {{selector}} }', judgee: threshold}\n") +
                    " --samples /dev/null");
  EXPECT_EQ(typo.exit, 2);
  EXPECT_THAT(typo.err, HasSubstr("judge"));
  Result threshold = run("run --config " +
                         config("  - {name: e, query: 'x{ {{selector}} }', judge: threshold}\n") +
                         " --samples /dev/null");
  EXPECT_EQ(threshold.exit, 2);
  // Found by fuzzing: a NaN bound passed every canary; a query that rebuilds {{selector}}.
  Result nan_bound =
      run("run --config " +
          config("  - {name: e, query: 'x{ {{selector}} }', judge: threshold, min: nan}\n") +
          " --samples /dev/null");
  EXPECT_EQ(nan_bound.exit, 2);
  EXPECT_THAT(nan_bound.err, HasSubstr("finite"));
  std::string spliced = temp("spliced.yaml");
  std::ofstream(spliced) << "groups: {baseline: '{', canary: 'a=\"c\"'}\nmetrics:\n"
                            "  - {name: e, query: 'x{{selector}}{selector}}'}\n";
  EXPECT_EQ(run("run --config " + spliced + " --samples /dev/null").exit, 2);
  Result missing = run("run --config " + config(kTwoMetrics) + " --samples /nonexistent.csv");
  EXPECT_EQ(missing.exit, 3);
  Result unreachable = run("run --config " + config(kTwoMetrics) +
                           " --prometheus http://127.0.0.1:9 --retries 0 --start 1767225600 "
                           "--end 1767229200");
  EXPECT_EQ(unreachable.exit, 3);
  EXPECT_THAT(unreachable.err, HasSubstr("127.0.0.1:9"));
  EXPECT_EQ(run("").exit, 2);
  EXPECT_EQ(run("judge").exit, 2);
}

TEST(CanaryEvalBinaryTest, HostileMetricNameStartsNoWorkflowCommandInGithubMode) {
  // A metric name that tries to end its table row and start a command of its own.
  std::string cfg = temp("hostile.yaml");
  std::ofstream(cfg) << "groups: {baseline: a, canary: b}\nmetrics:\n"
                        "  - {name: \"e\\n::add-mask::x\", query: \"q{ {{selector}} }\", "
                        "direction: increase}\n";
  std::string data = temp("hostile.csv");
  {
    std::ofstream f(data);
    f << "metric,group,timestamp,value\n";
    for (int i = 0; i < 40; ++i) {
      for (const char* group : {"baseline", "canary"}) {
        f << "\"e\n::add-mask::x\"," << group << "," << 1767225600 + 15 * i << ",1\n";
      }
    }
  }
  Result r = mlops::testing::run_shell(
      "GITHUB_ACTIONS=true " + kBinary + " run --config " + cfg + " --samples " + data,
      temp("cmd"));
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\n::add-mask::x"));  // shown, inside a stop-commands block
  std::istringstream lines(r.out + r.err);
  std::string line, stopped;
  int commands = 0;
  while (std::getline(lines, line)) {
    if (!stopped.empty()) {
      if (line == stopped) stopped.clear();
    } else if (line.rfind("::stop-commands::", 0) == 0) {
      stopped = "::" + line.substr(17) + "::";
    } else if (line.rfind("::", 0) == 0) {
      ++commands;
    }
  }
  EXPECT_EQ(commands, 0) << r.out;
}

}  // namespace
