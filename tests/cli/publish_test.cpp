#include "cli/publish.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <fstream>

#include "core/error.h"
#include "fake_io.h"

namespace mlops::cli {
namespace {

using testing::FakeIo;
using ::testing::HasSubstr;

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

report::Report failing() {
  report::Report r;
  r.tool = "metric-gate";
  r.title = "model.json";
  r.exit = ExitCode::kFail;
  r.checks.push_back(
      {"auc.min", "auc", report::Status::kFail, "auc 0.61 < 0.70", "0.61", std::nullopt, 0});
  r.facts = {{"passed", "false"}};
  return r;
}

const boost::json::value kJson = {{"schema", "mlops-actions/metric-gate/v1"}, {"passed", false}};

TEST(PublishTest, WritesEveryRequestedFile) {
  FakeIo f;
  OutputOptions o;
  std::string dir = ::testing::TempDir();
  o.json = dir + "pub.json";
  o.junit = dir + "pub.xml";
  o.markdown = dir + "pub.md";
  publish(failing(), kJson, o, f.io);
  EXPECT_EQ(boost::json::parse(slurp(o.json)), kJson);
  EXPECT_THAT(slurp(o.junit), HasSubstr("<failure message=\"auc 0.61 &lt; 0.70\""));
  EXPECT_THAT(slurp(o.markdown), HasSubstr("### metric-gate: FAIL"));
  EXPECT_THAT(f.out.str(), HasSubstr("FAIL    auc.min  auc 0.61 < 0.70\n"));
}

TEST(PublishTest, JsonToStdoutKeepsStdoutPureJson) {
  FakeIo f;
  OutputOptions o;
  o.json = "-";
  publish(failing(), kJson, o, f.io);
  EXPECT_EQ(boost::json::parse(f.out.str()), kJson);
}

TEST(PublishTest, GithubModeOnlyWhenTheRunnerSaysSo) {
  std::string out_file = ::testing::TempDir() + "pub_gh_output";
  std::string summary = ::testing::TempDir() + "pub_gh_summary";
  std::ofstream(out_file, std::ios::trunc).flush();
  std::ofstream(summary, std::ios::trunc).flush();
  FakeIo f;
  f.env = {
      {"GITHUB_ACTIONS", "true"}, {"GITHUB_OUTPUT", out_file}, {"GITHUB_STEP_SUMMARY", summary}};
  publish(failing(), kJson, OutputOptions{}, f.io);
  EXPECT_EQ(slurp(out_file), "verdict=fail\npassed=false\n");
  EXPECT_THAT(f.out.str(), HasSubstr("::error title=metric-gate%3A auc.min::auc 0.61 < 0.70\n"));
  EXPECT_THAT(slurp(summary), HasSubstr("### metric-gate: FAIL"));

  FakeIo off;
  off.env = f.env;
  OutputOptions no_github;
  no_github.no_github = true;
  publish(failing(), kJson, no_github, off.io);
  EXPECT_EQ(slurp(out_file), "verdict=fail\npassed=false\n");  // nothing appended
  EXPECT_THAT(off.out.str(), ::testing::Not(HasSubstr("::error")));
}

TEST(PublishTest, UnwritableReportPathIsAnError) {
  FakeIo f;
  OutputOptions o;
  o.junit = "/nonexistent/dir/report.xml";
  try {
    publish(failing(), kJson, o, f.io);
    FAIL() << "expected an Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
    EXPECT_THAT(e.what(), HasSubstr("/nonexistent/dir/report.xml"));
  }
}

TEST(PublishTest, PrettyJsonIsValidAndIndented) {
  boost::json::value v = {{"a", {1, 2}}, {"b", {{"c", "d"}}}, {"e", boost::json::array()}};
  std::string text = pretty_json(v);
  EXPECT_EQ(boost::json::parse(text), v);
  EXPECT_EQ(
      text,
      "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {\n    \"c\": \"d\"\n  },\n  \"e\": []\n}\n");
}

}  // namespace
}  // namespace mlops::cli
