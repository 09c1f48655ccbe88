// metric-gate against an in-test HTTP server answering like MLflow's REST API
// (tests/data/mlflow/README.md): candidate and champion from MLflow, promotion, and every way
// MLflow can fail, each of which must be exit 3.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>

#include "../cli/fake_io.h"
#include "cli/app.h"
#include "gate/command.h"
#include "support/fake_http_server.h"

namespace mlops::gate {
namespace {

using mlops::testing::CannedResponse;
using mlops::testing::FakeHttpServer;
using mlops::testing::test_data;
using ::testing::HasSubstr;

constexpr const char* kRun = "5f1c2a9e8b7d4c3fa0e1d2c3b4a59687";

struct GateRun {
  int exit;
  std::string out, err;
};

class MlflowGateTest : public ::testing::Test {
 protected:
  GateRun run(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
    cli::testing::FakeIo f;
    f.env = {{"MLFLOW_TRACKING_URI", server.url()}, {"MLFLOW_TRACKING_TOKEN", "s3cret-token"}};
    for (const auto& [k, v] : env) f.env[k] = v;
    args.insert(args.begin(), "metric-gate");
    cli::testing::Argv argv(args);
    int code = cli::run_tool("metric-gate", argv.span(), f.io, metric_gate);
    return {code, f.out.str(), f.err.str()};
  }
  std::string gate(const std::string& yaml) {
    std::string path = ::testing::TempDir() +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".yaml";
    std::ofstream(path, std::ios::trunc) << yaml;
    return path;
  }
  void serve_registry() {
    server.route("GET", "/api/2.0/mlflow/runs/get", {200, test_data("mlflow/runs_get.json")});
    server.route("GET", "/api/2.0/mlflow/registered-models/alias",
                 {200, test_data("mlflow/registered_models_alias_get.json")});
    server.route("GET", "/api/2.0/mlflow/model-versions/search",
                 {200, test_data("mlflow/model_versions_search.json")});
    for (const char* p : {"/api/2.0/mlflow/runs/set-tag", "/api/2.0/mlflow/model-versions/set-tag",
                          "/api/2.0/mlflow/registered-models/alias"}) {
      server.route("POST", p, {200, "{}"});
    }
  }
  std::vector<mlops::testing::RecordedRequest> posts() {
    std::vector<mlops::testing::RecordedRequest> out;
    for (auto& r : server.requests()) {
      if (r.method == "POST") out.push_back(r);
    }
    return out;
  }
  FakeHttpServer server;
};

TEST_F(MlflowGateTest, CandidateRunAgainstTheChampionAlias) {
  serve_registry();
  // runs_get.json: val_roc_auc 0.9641, val_log_loss 0.2118. The champion's run is the same
  // recorded run, so every delta is 0.
  GateRun r =
      run({"check", "--rules",
           gate("metrics:\n  val_roc_auc: {min: 0.9, max_drop: 0}\n"
                "  val_log_loss: {greater_is_better: false, max: 0.25, max_rise: 0}\n"),
           "--mlflow-run", kRun, "--mlflow-baseline", "fraud-detector@champion", "--json", "-"});
  EXPECT_EQ(r.exit, 0) << r.err;
  auto j = boost::json::parse(r.out);
  EXPECT_EQ(j.at("candidate").at("metrics").at("val_roc_auc").as_double(), 0.9641);
  EXPECT_THAT(std::string(j.at("baseline").at("source").as_string()),
              HasSubstr("fraud-detector@champion (version 7, run " + std::string(kRun) + ")"));
  auto reqs = server.requests();
  ASSERT_GE(reqs.size(), 3u);
  EXPECT_EQ(reqs[0].headers.at("authorization"), "Bearer s3cret-token");
  EXPECT_TRUE(posts().empty());  // no promotion asked: nothing written to MLflow
}

TEST_F(MlflowGateTest, PromotionSetsTheAliasAndTagsOnPass) {
  serve_registry();
  GateRun r = run({"check", "--rules", gate("metrics:\n  val_f1: {min: 0.8}\n"), "--mlflow-run",
                   kRun, "--promote-alias", "champion", "--model", "fraud-detector"});
  EXPECT_EQ(r.exit, 0) << r.err;
  auto p = posts();
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].path, "/api/2.0/mlflow/runs/set-tag");
  EXPECT_EQ(boost::json::parse(p[0].body),
            boost::json::parse(std::string("{\"run_id\":\"") + kRun +
                               "\",\"key\":\"metric_gate\",\"value\":\"passed\"}"));
  EXPECT_EQ(p[1].path, "/api/2.0/mlflow/registered-models/alias");
  EXPECT_EQ(
      boost::json::parse(p[1].body),
      boost::json::parse("{\"name\":\"fraud-detector\",\"alias\":\"champion\",\"version\":\"7\"}"));
  EXPECT_EQ(p[2].path, "/api/2.0/mlflow/model-versions/set-tag");
}

TEST_F(MlflowGateTest, FailedGateTagsTheRunAndDoesNotPromote) {
  serve_registry();
  GateRun r = run({"check", "--rules", gate("metrics:\n  val_f1: {min: 0.95}\n"), "--mlflow-run",
                   kRun, "--promote-alias", "champion", "--model", "fraud-detector"});
  EXPECT_EQ(r.exit, 1);
  auto p = posts();
  ASSERT_EQ(p.size(), 2u);
  EXPECT_THAT(p[0].body, HasSubstr("\"value\":\"failed\""));
  EXPECT_THAT(p[1].body, HasSubstr("\"key\":\"metric_gate_reason\",\"value\":\"val_f1.min\""));
}

TEST_F(MlflowGateTest, UnauthorizedIsExit3WithoutLeakingTheToken) {
  server.route(
      "GET", "/api/2.0/mlflow/runs/get",
      {401, "{\"error_code\":\"UNAUTHENTICATED\",\"message\":\"You are not authenticated.\"}"});
  GateRun r =
      run({"check", "--rules", gate("metrics:\n  val_f1: {min: 0.5}\n"), "--mlflow-run", kRun});
  EXPECT_EQ(r.exit, 3);
  EXPECT_THAT(r.err, HasSubstr("401"));
  EXPECT_THAT(r.err, HasSubstr("MLFLOW_TRACKING_TOKEN"));
  EXPECT_THAT(r.err, ::testing::Not(HasSubstr("s3cret-token")));
}

TEST_F(MlflowGateTest, ServerErrorsTimeoutsAndGarbageAreExit3) {
  std::string rules = gate("metrics:\n  val_f1: {min: 0.5}\n");
  server.route("GET", "/api/2.0/mlflow/runs/get", {500, test_data("mlflow/internal_error.json")});
  GateRun e500 = run({"check", "--rules", rules, "--mlflow-run", kRun, "--retries", "1"});
  EXPECT_EQ(e500.exit, 3);
  EXPECT_THAT(e500.err, HasSubstr("500"));

  server.route("GET", "/api/2.0/mlflow/runs/get", {200, "{\"run\": {\"data\": [not json"});
  GateRun garbage = run({"check", "--rules", rules, "--mlflow-run", kRun});
  EXPECT_EQ(garbage.exit, 3);
  EXPECT_THAT(garbage.err, HasSubstr("malformed response from MLflow"));

  CannedResponse slow{200, test_data("mlflow/runs_get.json")};
  slow.delay_seconds = 60;  // far past --timeout 0.2, whatever the machine
  server.route("GET", "/api/2.0/mlflow/runs/get", slow);
  GateRun timeout =
      run({"check", "--rules", rules, "--mlflow-run", kRun, "--timeout", "0.2", "--retries", "0"});
  EXPECT_EQ(timeout.exit, 3);

  GateRun down = run({"check", "--rules", rules, "--mlflow-run", kRun, "--retries", "0"},
                     {{"MLFLOW_TRACKING_URI",
                       "http://127.0.0.1:" + std::to_string(mlops::testing::closed_port())}});
  EXPECT_EQ(down.exit, 3);
  EXPECT_THAT(down.err, HasSubstr("cannot reach"));
}

// Secrets reach MLflow but never stdout, stderr, report files or GitHub outputs, even when a
// request fails.
TEST_F(MlflowGateTest, SecretsNeverAppearInAnyOutput) {
  std::string dir = ::testing::TempDir() + "secrets_";
  std::string output = dir + "gh_output", summary = dir + "gh_summary";
  std::ofstream(output, std::ios::trunc).flush();
  std::ofstream(summary, std::ios::trunc).flush();
  server.route("GET", "/api/2.0/mlflow/runs/get", {500, test_data("mlflow/internal_error.json")});
  std::map<std::string, std::string> env = {
      {"MLFLOW_TRACKING_URI", "http://ci-user:pa55word@127.0.0.1:" + std::to_string(server.port())},
      {"MLFLOW_TRACKING_TOKEN", ""},
      {"GITHUB_ACTIONS", "true"},
      {"GITHUB_OUTPUT", output},
      {"GITHUB_STEP_SUMMARY", summary}};
  GateRun failed =
      run({"check", "--rules", gate("metrics:\n  val_f1: {min: 0.5}\n"), "--mlflow-run", kRun,
           "--retries", "0", "--json", dir + "r.json", "--junit", dir + "r.xml"},
          env);
  EXPECT_EQ(failed.exit, 3);
  EXPECT_THAT(failed.err, HasSubstr("http://127.0.0.1:"));  // the URL, without userinfo
  server.route("GET", "/api/2.0/mlflow/runs/get", {200, test_data("mlflow/runs_get.json")});
  GateRun passed = run({"check", "--rules", gate("metrics:\n  val_f1: {min: 0.5}\n"),
                        "--mlflow-run", kRun, "--json", dir + "r.json", "--junit", dir + "r.xml"},
                       env);
  EXPECT_EQ(passed.exit, 0) << passed.err;
  auto slurp = [](const std::string& p) {
    std::ifstream f(p);
    return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  };
  for (const std::string& text :
       {failed.out, failed.err, passed.out, passed.err, slurp(dir + "r.json"), slurp(dir + "r.xml"),
        slurp(output), slurp(summary)}) {
    EXPECT_THAT(text, ::testing::Not(HasSubstr("pa55word")));
    EXPECT_THAT(text, ::testing::Not(HasSubstr("s3cret-token")));
  }
  // The credentials did reach the server, as Basic auth from the URL's userinfo.
  bool sent = false;
  for (const auto& r : server.requests()) sent = sent || r.headers.count("authorization");
  EXPECT_TRUE(sent);
}

TEST_F(MlflowGateTest, MissingTrackingUriIsAUsageError) {
  GateRun r =
      run({"check", "--rules", gate("metrics:\n  val_f1: {min: 0.5}\n"), "--mlflow-run", kRun},
          {{"MLFLOW_TRACKING_URI", ""}});
  EXPECT_EQ(r.exit, 2);
  EXPECT_THAT(r.err, HasSubstr("MLFLOW_TRACKING_URI"));
}

}  // namespace
}  // namespace mlops::gate
