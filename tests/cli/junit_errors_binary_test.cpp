// Spawns every binary with --junit that ends in exit 2 or 3: the JUnit report is still written,
// with one errored testcase carrying the message the tool printed (docs/conventions.md, "When
// a run cannot decide"). Runs that decide keep their own report.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/shell_run.h"

namespace {

namespace pt = boost::property_tree;
using mlops::testing::slurp;
using ::testing::HasSubstr;

const std::string kTools = std::string(MLOPS_BUILD_DIR) + "/tools/";
const std::string kExamples = std::string(MLOPS_TEST_DATA) + "/../../examples/";

std::string temp(const std::string& name) { return mlops::testing::test_temp("je_", name); }

std::string write(const std::string& name, const std::string& text) {
  std::string path = temp(name);
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  return path;
}

struct Errored {
  int exit = -1;
  std::string stderr_text;
  std::string suite, name, type, message, body;
  std::string tests, errors, failures;
};

// Runs `tool args --junit PATH` outside GitHub and reads the report with a real XML parser.
Errored run(const std::string& tool, const std::string& args) {
  const std::string junit = temp("report.xml");
  std::filesystem::remove(junit);
  auto r = mlops::testing::run_shell(
      "env -u GITHUB_ACTIONS " + kTools + tool + " " + args + " --junit " + junit, temp("cmd"));
  Errored e;
  e.exit = r.exit;
  e.stderr_text = r.err;
  std::ifstream in(junit);
  if (!in) {
    ADD_FAILURE() << tool << " wrote no JUnit report; stderr: " << r.err;
    return e;
  }
  pt::ptree doc;
  pt::read_xml(in, doc);
  const pt::ptree& suite = doc.get_child("testsuites.testsuite");
  EXPECT_EQ(suite.count("testcase"), 1u) << tool;
  e.suite = suite.get<std::string>("<xmlattr>.name");
  e.tests = suite.get<std::string>("<xmlattr>.tests");
  e.errors = suite.get<std::string>("<xmlattr>.errors");
  e.failures = suite.get<std::string>("<xmlattr>.failures");
  const pt::ptree& tc = suite.get_child("testcase");
  e.name = tc.get<std::string>("<xmlattr>.name");
  e.type = tc.get<std::string>("error.<xmlattr>.type", "");
  e.message = tc.get<std::string>("error.<xmlattr>.message", "");
  e.body = tc.get<std::string>("error", "");
  return e;
}

// The report says what stderr said, with the counts of one errored testcase.
void expect_errored(const Errored& e, const std::string& tool, int code,
                    const std::string& message_part) {
  const bool usage = code == 2;
  EXPECT_EQ(e.exit, code) << e.stderr_text;
  EXPECT_EQ(e.suite, tool + (usage ? ": usage error" : ": could not evaluate"));
  EXPECT_EQ(e.name, usage ? "usage error" : "could not evaluate");
  EXPECT_EQ(e.type, usage ? "usage" : "input");
  EXPECT_EQ(e.tests, "1");
  EXPECT_EQ(e.errors, "1");
  EXPECT_EQ(e.failures, "0");
  EXPECT_THAT(e.message, HasSubstr(message_part));
  EXPECT_EQ(e.body, e.message);
  EXPECT_EQ(e.stderr_text, tool + ": error: " + e.message + "\n");
}

TEST(JunitErrorsBinaryTest, DataValidate) {
  expect_errored(
      run("data-validate", "check x.csv --contract " + write("c.yaml", "columns: [1]\n")),
      "data-validate", 2, "c.yaml");
  expect_errored(run("data-validate", "check /nonexistent/train.csv --contract " + kExamples +
                                          "weather-contract.yaml"),
                 "data-validate", 3, "cannot open /nonexistent/train.csv");
}

TEST(JunitErrorsBinaryTest, MetricGate) {
  expect_errored(run("metric-gate", "check --metrics " + kExamples + "model/champion-metrics.json"),
                 "metric-gate", 2, "--rules is required");
  expect_errored(run("metric-gate", "check --rules " + kExamples +
                                        "model/gate.yaml --metrics /nonexistent/metrics.json"),
                 "metric-gate", 3, "/nonexistent/metrics.json");
}

TEST(JunitErrorsBinaryTest, DriftCheck) {
  const std::string bad = write("drift.yaml", "preset: calibrated\ndrift_share: high\n");
  expect_errored(run("drift-check", "compare --reference " + kExamples + "drift/reference.csv" +
                                        " --current " + kExamples + "drift/reference.csv" +
                                        " --config " + bad),
                 "drift-check", 2, "drift_share");
  expect_errored(run("drift-check", "compare --reference " + kExamples +
                                        "drift/reference.csv --current /nonexistent/current.csv"),
                 "drift-check", 3, "/nonexistent/current.csv");
}

TEST(JunitErrorsBinaryTest, CanaryEval) {
  expect_errored(run("canary-eval", "run --samples " + kExamples + "canary/samples-healthy.csv"),
                 "canary-eval", 2, "--config is required");
  expect_errored(run("canary-eval", "run --config " + kExamples +
                                        "canary/canary.yaml --samples /nonexistent/samples.csv"),
                 "canary-eval", 3, "/nonexistent/samples.csv");
}

TEST(JunitErrorsBinaryTest, ImageTag) {
  const std::string git = " --git-ref refs/heads/main --git-sha abc";
  expect_errored(run("image-tag", "--image ghcr.io/acme/churn" + git + " --tags type=semvr"),
                 "image-tag", 2, "semvr");
  // A registry that refuses connections: port 1 on this machine, no retries.
  expect_errored(run("image-tag", "--image 127.0.0.1:1/acme/churn" + git +
                                      " --tags type=raw,value=1 --check-registry --retries 0"),
                 "image-tag", 3, "127.0.0.1:1");
}

// A command line that does not parse (a value that does not convert, an unknown option): the
// inputs of the actions reach the binaries unchecked, so a typo must still show in the report.
TEST(JunitErrorsBinaryTest, CommandLineThatDoesNotParse) {
  expect_errored(run("metric-gate", "check --rules x --threshold abc"), "metric-gate", 2,
                 "the argument ('abc') for option '--threshold' is invalid");
  expect_errored(run("metric-gate", "check --rules x --bootstrap=1e3"), "metric-gate", 2,
                 "--bootstrap");
  expect_errored(run("drift-check", "compare --reference a --current b --threads two"),
                 "drift-check", 2, "--threads");
  expect_errored(run("drift-check", "compare --reference a --current b --memory-budget-mb=1G"),
                 "drift-check", 2, "--memory-budget-mb");
  expect_errored(run("data-validate", "check x.csv --contract c.yaml --max-examples lots"),
                 "data-validate", 2, "--max-examples");
  expect_errored(run("canary-eval", "run --config c.yaml --timeout soon"), "canary-eval", 2,
                 "--timeout");
  expect_errored(run("image-tag", "--imgae ghcr.io/acme/churn"), "image-tag", 2,
                 "unknown option --imgae, did you mean --image?");
}

// After an error, the reports an earlier run left at the other output paths are gone: none
// passes for this run's.
TEST(JunitErrorsBinaryTest, ReportsOfAnEarlierRunAreRemoved) {
  const std::string stale = "{\"passed\": true}\n";
  const std::string json = write("old.json", stale), md = write("old.md", stale),
                    html = write("old.html", stale), prom = write("old.prom", stale),
                    audit = write("audit.log", stale);
  expect_errored(run("metric-gate", "check --rules " + kExamples +
                                        "model/gate.yaml --metrics /nonexistent/metrics.json" +
                                        " --json " + json + " --markdown " + md),
                 "metric-gate", 3, "/nonexistent/metrics.json");
  EXPECT_FALSE(std::filesystem::exists(json));
  EXPECT_FALSE(std::filesystem::exists(md));
  expect_errored(
      run("drift-check", "compare --reference " + kExamples +
                             "drift/reference.csv --current /nonexistent/current.csv" + " --html " +
                             html + " --prometheus " + prom + " --audit-log " + audit),
      "drift-check", 3, "/nonexistent/current.csv");
  EXPECT_FALSE(std::filesystem::exists(html));
  EXPECT_FALSE(std::filesystem::exists(prom));
  EXPECT_EQ(slurp(audit), stale);  // appended to, never replaced: kept
}

// A message quoting data is escaped in the XML and read back exactly.
TEST(JunitErrorsBinaryTest, MessageIsEscaped) {
  const std::string missing = temp("a&b<c>\"d.csv");
  expect_errored(run("data-validate",
                     "check '" + missing + "' --contract " + kExamples + "weather-contract.yaml"),
                 "data-validate", 3, "a&b<c>\"d.csv");
}

// Runs that decide keep the report of their checks.
TEST(JunitErrorsBinaryTest, PassAndFailKeepTheirReport) {
  const std::string junit = temp("gate.xml");
  for (const char* rules : {"gate.yaml", "strict-gate.yaml"}) {
    auto r = mlops::testing::run_shell(
        "env -u GITHUB_ACTIONS " + kTools + "metric-gate check --rules " + kExamples + "model/" +
            rules + " --predictions " + kExamples + "model/candidate-predictions.csv" +
            " --baseline-metrics " + kExamples +
            "model/champion-metrics.json --baseline-prefix test. --junit " + junit,
        temp("cmd"));
    const bool strict = rules == std::string("strict-gate.yaml");
    ASSERT_EQ(r.exit, strict ? 1 : 0) << r.err;
    std::ifstream in(junit);
    pt::ptree doc;
    pt::read_xml(in, doc);
    const pt::ptree& suite = doc.get_child("testsuites.testsuite");
    EXPECT_THAT(suite.get<std::string>("<xmlattr>.name"), HasSubstr(std::string("metric-gate: ")));
    EXPECT_THAT(suite.get<std::string>("<xmlattr>.name"), HasSubstr(rules));
    EXPECT_GT(suite.count("testcase"), 1u);
    EXPECT_EQ(suite.get<std::string>("<xmlattr>.errors"), "0");
    EXPECT_EQ(suite.get<std::string>("<xmlattr>.failures") != "0", strict);
    for (const auto& [tag, tc] : suite) {
      if (tag == "testcase") {
        EXPECT_NE(tc.get<std::string>("<xmlattr>.name"), "could not evaluate");
      }
    }
  }
}

}  // namespace
