// metric-gate against an in-test HTTP server answering like MLflow's REST API
// (tests/data/mlflow/README.md): candidate and champion from MLflow, promotion, and every way
// MLflow can fail, each of which must be exit 3.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>

#include "../cli/fake_io.h"
#include "../cli/workflow_commands.h"
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
  GateRun run(std::vector<std::string> args, const std::map<std::string, std::string>& env = {}) {
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
  // "METHOD endpoint" of every request the server received, in order.
  std::vector<std::string> calls() {
    std::vector<std::string> out;
    for (auto& r : server.requests()) {
      out.push_back(r.method + " " + r.path.substr(std::string("/api/2.0/mlflow/").size()));
    }
    return out;
  }
  static std::string replaced(std::string text, const std::string& from, const std::string& to) {
    auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
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

// Every read first, then the tags, and the alias last: whatever fails, the alias never points
// at a version whose tags were not written.
TEST_F(MlflowGateTest, PromotionReadsFirstAndMovesTheAliasLast) {
  serve_registry();
  GateRun r = run({"check", "--rules", gate("metrics:\n  val_f1: {min: 0.8}\n"), "--mlflow-run",
                   kRun, "--promote-alias", "champion", "--model", "fraud-detector"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err, "");  // a FINISHED run: no warning
  EXPECT_EQ(calls(), (std::vector<std::string>{"GET runs/get", "GET model-versions/search",
                                               "POST runs/set-tag", "POST model-versions/set-tag",
                                               "POST registered-models/alias"}));
  auto p = posts();
  EXPECT_EQ(boost::json::parse(p[0].body),
            boost::json::parse(std::string("{\"run_id\":\"") + kRun +
                               "\",\"key\":\"metric_gate\",\"value\":\"passed\"}"));
  EXPECT_EQ(boost::json::parse(p[1].body),
            boost::json::parse("{\"name\":\"fraud-detector\",\"version\":\"7\","
                               "\"key\":\"metric_gate\",\"value\":\"passed\"}"));
  EXPECT_EQ(
      boost::json::parse(p[2].body),
      boost::json::parse("{\"name\":\"fraud-detector\",\"alias\":\"champion\",\"version\":\"7\"}"));
}

// MLflow is written before the reports (they carry the promoted version): a report that then
// cannot be written is exit 3, and the message says the alias already moved.
TEST_F(MlflowGateTest, ReportFailureAfterPromotionSaysWhatMlflowHolds) {
  serve_registry();
  GateRun r =
      run({"check", "--rules", gate("metrics:\n  val_f1: {min: 0.8}\n"), "--mlflow-run", kRun,
           "--promote-alias", "champion", "--model", "fraud-detector", "--json", "/dev/full"});
  EXPECT_EQ(r.exit, 3) << r.err;
  EXPECT_THAT(r.err, HasSubstr("/dev/full"));
  EXPECT_THAT(r.err, HasSubstr("MLflow was already written: run " + std::string(kRun) +
                               " tagged metric_gate=passed and alias 'champion' of "
                               "fraud-detector moved to it"));
  EXPECT_EQ(posts().size(), 3u);
}

// Found against MLflow 2.12: the alias moved first, the version tag failed after it, and the
// run ended in exit 3 saying nothing about the moved alias. Now a failed write stops the
// transaction before the alias and the message says what MLflow holds.
TEST_F(MlflowGateTest, FailedTagWriteLeavesTheAliasAloneAndSaysWhatWasWritten) {
  serve_registry();
  server.route("POST", "/api/2.0/mlflow/model-versions/set-tag",
               {403, "{\"error_code\":\"PERMISSION_DENIED\",\"message\":\"Permission denied\"}"});
  GateRun r =
      run({"check", "--rules", gate("metrics:\n  val_f1: {min: 0.8}\n"), "--mlflow-run", kRun,
           "--promote-alias", "champion", "--model", "fraud-detector", "--retries", "0"});
  EXPECT_EQ(r.exit, 3);
  EXPECT_EQ(calls(),
            (std::vector<std::string>{"GET runs/get", "GET model-versions/search",
                                      "POST runs/set-tag", "POST model-versions/set-tag"}));
  EXPECT_THAT(r.err, HasSubstr("model-versions/set-tag answered 403"));
  EXPECT_THAT(r.err, HasSubstr("already written to MLflow: run " + std::string(kRun) +
                               " tag metric_gate=passed; not written: fraud-detector version 7 "
                               "tag metric_gate=passed, alias fraud-detector@champion -> "
                               "version 7 (the alias still points where it did)"));
}

TEST_F(MlflowGateTest, FailedAliasWriteSaysTheTagsWereWritten) {
  serve_registry();
  server.route("POST", "/api/2.0/mlflow/registered-models/alias",
               {400, "{\"error_code\":\"INVALID_PARAMETER_VALUE\",\"message\":\"bad\"}"});
  GateRun r = run({"check", "--rules", gate("metrics:\n  val_f1: {min: 0.8}\n"), "--mlflow-run",
                   kRun, "--promote-alias", "champion", "--model", "fraud-detector"});
  EXPECT_EQ(r.exit, 3);
  EXPECT_EQ(posts().size(), 3u);
  EXPECT_THAT(r.err, HasSubstr("already written to MLflow: run " + std::string(kRun) +
                               " tag metric_gate=passed, fraud-detector version 7 tag "
                               "metric_gate=passed; not written: alias fraud-detector@champion"));
  // The first write failing: nothing written.
  server.route("POST", "/api/2.0/mlflow/runs/set-tag",
               {500, test_data("mlflow/internal_error.json")});
  GateRun first =
      run({"check", "--rules", gate("metrics:\n  val_f1: {min: 0.8}\n"), "--mlflow-run", kRun,
           "--promote-alias", "champion", "--model", "fraud-detector", "--retries", "0"});
  EXPECT_EQ(first.exit, 3);
  EXPECT_THAT(first.err, HasSubstr("; nothing was written to MLflow; not written: run "));
}

// Found against MLflow 2.12: --promote-alias without a model exited 2 after tagging the run.
TEST_F(MlflowGateTest, UsageErrorsComeBeforeAnyRequest) {
  serve_registry();
  std::string rules = gate("metrics:\n  val_f1: {min: 0.8}\n");
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--promote-alias", "champion"},
           {"--promote-alias", "latest", "--model", "fraud-detector"},
           {"--promote-alias", "V3", "--model", "fraud-detector"},
           {"--allow-running-run", "--model", "fraud-detector"}}) {
    std::vector<std::string> argv = {"check", "--rules", rules, "--mlflow-run", kRun};
    argv.insert(argv.end(), args.begin(), args.end());
    GateRun r = run(argv);
    EXPECT_EQ(r.exit, 2) << args[1] << r.err;
  }
  EXPECT_TRUE(server.requests().empty());
}

// A FAILED or KILLED run, or a deleted one, is never gated or promoted; nothing is written.
TEST_F(MlflowGateTest, FailedKilledOrDeletedRunIsExit3AndNothingIsWritten) {
  serve_registry();
  const std::string recorded = test_data("mlflow/runs_get.json");
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"\"FINISHED\"", "\"FAILED\""},
           {"\"FINISHED\"", "\"KILLED\""},
           {"\"lifecycle_stage\": \"active\"", "\"lifecycle_stage\": \"deleted\""}}) {
    server.route("GET", "/api/2.0/mlflow/runs/get", {200, replaced(recorded, from, to)});
    GateRun r = run({"check", "--rules", gate("metrics:\n  val_f1: {min: 0.8}\n"), "--mlflow-run",
                     kRun, "--promote-alias", "champion", "--model", "fraud-detector"});
    EXPECT_EQ(r.exit, 3) << to;
    EXPECT_THAT(r.err,
                HasSubstr("MLflow run " + std::string(kRun) +
                          (to.find("deleted") != std::string::npos ? " is deleted" : " ended ")));
  }
  EXPECT_TRUE(posts().empty());
}

TEST_F(MlflowGateTest, RunningRunIsGatedWithAWarningAndPromotedOnlyWhenAllowed) {
  serve_registry();
  server.route("GET", "/api/2.0/mlflow/runs/get",
               {200, replaced(test_data("mlflow/runs_get.json"), "\"FINISHED\"", "\"RUNNING\"")});
  std::string rules = gate("metrics:\n  val_f1: {min: 0.8}\n");
  GateRun gated = run({"check", "--rules", rules, "--mlflow-run", kRun});
  EXPECT_EQ(gated.exit, 0);
  EXPECT_THAT(gated.err, HasSubstr("metric-gate: warning: MLflow run " + std::string(kRun) +
                                   " has status RUNNING: its metrics may still change"));
  GateRun refused = run({"check", "--rules", rules, "--mlflow-run", kRun, "--promote-alias",
                         "champion", "--model", "fraud-detector"});
  EXPECT_EQ(refused.exit, 3);
  EXPECT_THAT(refused.err, HasSubstr("the gate passed, but MLflow run " + std::string(kRun) +
                                     " has status RUNNING, so it was not promoted; nothing was "
                                     "written to MLflow"));
  EXPECT_TRUE(posts().empty());
  GateRun allowed = run({"check", "--rules", rules, "--mlflow-run", kRun, "--promote-alias",
                         "champion", "--model", "fraud-detector", "--allow-running-run"});
  EXPECT_EQ(allowed.exit, 0) << allowed.err;
  EXPECT_EQ(posts().size(), 3u);
  EXPECT_EQ(posts().back().path, "/api/2.0/mlflow/registered-models/alias");
}

// MLflow 2.x refuses tag values past 5000 characters: a long list of failed rules is cut at a
// rule boundary, so a failed gate is recorded (exit 1) rather than ending in a refused write.
TEST_F(MlflowGateTest, LongFailureReasonIsCutToMlflowsTagLimit) {
  serve_registry();
  std::string metrics, rules = "metrics:\n";
  for (int i = 0; i < 300; ++i) {
    std::string name = "a_rather_long_metric_name_number_" + std::to_string(i);
    metrics += std::string(i ? "," : "") + "{\"key\": \"" + name + "\", \"value\": 0.1}";
    rules += "  " + name + ": {min: 0.5}\n";
  }
  server.route("GET", "/api/2.0/mlflow/runs/get",
               {200, "{\"run\": {\"info\": {\"status\": \"FINISHED\"}, \"data\": {\"metrics\": [" +
                         metrics + "]}}}"});
  GateRun r = run({"check", "--rules", gate(rules), "--mlflow-run", kRun, "--promote-alias",
                   "champion", "--model", "fraud-detector"});
  EXPECT_EQ(r.exit, 1) << r.err;
  auto p = posts();
  ASSERT_EQ(p.size(), 2u);
  std::string reason(boost::json::parse(p[1].body).at("value").as_string());
  EXPECT_LE(reason.size(), 5000u);
  EXPECT_TRUE(reason.starts_with("a_rather_long_metric_name_number_0.min,"));
  EXPECT_TRUE(reason.ends_with(".min,...")) << reason.substr(reason.size() - 40);
}

// The status is server text: shown on one line, it cannot start a workflow command.
TEST_F(MlflowGateTest, HostileRunStatusStaysOnOneLine) {
  serve_registry();
  server.route("GET", "/api/2.0/mlflow/runs/get",
               {200, replaced(test_data("mlflow/runs_get.json"), "\"FINISHED\"",
                              "\"RUNNING\\n::add-mask::x\"")});
  GateRun r =
      run({"check", "--rules", gate("metrics:\n  val_f1: {min: 0.8}\n"), "--mlflow-run", kRun});
  EXPECT_EQ(r.exit, 0);
  EXPECT_THAT(r.err, HasSubstr("has status RUNNING ::add-mask::x: its metrics may still change"));
  EXPECT_THAT(r.err + r.out, ::testing::Not(HasSubstr("\n::add-mask::")));
}

// The legacy "##[command]" form starts anywhere in a line: in GitHub mode the warning that
// quotes the server's status is shielded like every other server text.
TEST_F(MlflowGateTest, RunStatusWarningIsShieldedInGithubMode) {
  serve_registry();
  server.route(
      "GET", "/api/2.0/mlflow/runs/get",
      {200, replaced(test_data("mlflow/runs_get.json"), "\"FINISHED\"", "\"##[add-mask]0.9\"")});
  GateRun r =
      run({"check", "--rules", gate("metrics:\n  val_f1: {min: 0.8}\n"), "--mlflow-run", kRun},
          {{"GITHUB_ACTIONS", "true"}});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("##[add-mask]0.9"));
  EXPECT_THAT(cli::testing::active_commands(r.err), ::testing::IsEmpty()) << r.err;
}

// --no-github turns off metric-gate's own annotations, not the runner's reading of stderr: the
// warning is shielded still.
TEST_F(MlflowGateTest, RunStatusWarningIsShieldedWithNoGithubToo) {
  serve_registry();
  server.route(
      "GET", "/api/2.0/mlflow/runs/get",
      {200, replaced(test_data("mlflow/runs_get.json"), "\"FINISHED\"", "\"##[add-mask]0.9\"")});
  GateRun r = run({"check", "--rules", gate("metrics:\n  val_f1: {min: 0.8}\n"), "--mlflow-run",
                   kRun, "--no-github", "--quiet"},
                  {{"GITHUB_ACTIONS", "true"}});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("metric-gate: warning: MLflow run " + std::string(kRun)));
  EXPECT_THAT(cli::testing::active_commands(r.err), ::testing::IsEmpty()) << r.err;
}

// A run tagged metric_gate=failed with a reason, gated again and passing, loses the stale
// reason (runs/delete-tag) before the version is tagged and the alias moves.
TEST_F(MlflowGateTest, APassClearsAnEarlierFailureReason) {
  serve_registry();
  server.route("POST", "/api/2.0/mlflow/runs/delete-tag", {200, "{}"});
  server.route("GET", "/api/2.0/mlflow/runs/get",
               {200, replaced(test_data("mlflow/runs_get.json"), "\"tags\": [",
                              "\"tags\": [{\"key\": \"metric_gate\", \"value\": \"failed\"}, "
                              "{\"key\": \"metric_gate_reason\", \"value\": \"val_f1.min\"},")});
  GateRun r = run({"check", "--rules", gate("metrics:\n  val_f1: {min: 0.8}\n"), "--mlflow-run",
                   kRun, "--promote-alias", "champion", "--model", "fraud-detector"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(calls(), (std::vector<std::string>{"GET runs/get", "GET model-versions/search",
                                               "POST runs/set-tag", "POST runs/delete-tag",
                                               "POST model-versions/set-tag",
                                               "POST registered-models/alias"}));
  EXPECT_EQ(boost::json::parse(posts()[1].body),
            boost::json::parse(std::string("{\"run_id\":\"") + kRun +
                               "\",\"key\":\"metric_gate_reason\"}"));
}

// MLflow's Python client sends Basic auth when username and password are both set, even with a
// token (mlflow/utils/rest_utils.py); MLFLOW_TRACKING_INSECURE_TLS is true for true/1 in any
// case, false for false/0, and anything else is refused.
TEST_F(MlflowGateTest, CredentialsAndTlsSettingsFollowMlflowsClient) {
  serve_registry();
  std::string rules = gate("metrics:\n  val_f1: {min: 0.8}\n");
  GateRun both = run({"check", "--rules", rules, "--mlflow-run", kRun},
                     {{"MLFLOW_TRACKING_USERNAME", "alice"}, {"MLFLOW_TRACKING_PASSWORD", "pw"}});
  EXPECT_EQ(both.exit, 0) << both.err;
  EXPECT_EQ(server.requests().back().headers.at("authorization"), "Basic YWxpY2U6cHc=");
  for (const char* yes : {"1", "TRUE", "True"}) {
    // Insecure and a CA bundle contradict each other: MLflow refuses the pair, so must we, which
    // shows the value was read as true.
    GateRun r = run({"check", "--rules", rules, "--mlflow-run", kRun},
                    {{"MLFLOW_TRACKING_INSECURE_TLS", yes},
                     {"MLFLOW_TRACKING_SERVER_CERT_PATH", "/etc/ssl/ca.pem"}});
    EXPECT_EQ(r.exit, 2) << yes;
    EXPECT_THAT(r.err, HasSubstr("TLS verification is off")) << yes;
  }
  for (const char* no : {"0", "FALSE"}) {
    GateRun r = run({"check", "--rules", rules, "--mlflow-run", kRun},
                    {{"MLFLOW_TRACKING_INSECURE_TLS", no}});
    EXPECT_EQ(r.exit, 0) << no << r.err;
  }
  for (const char* bad : {"yes", "", "on"}) {
    std::size_t before = server.requests().size();
    GateRun r = run({"check", "--rules", rules, "--mlflow-run", kRun},
                    {{"MLFLOW_TRACKING_INSECURE_TLS", bad}});
    EXPECT_EQ(r.exit, 2) << bad;
    EXPECT_THAT(r.err, HasSubstr("MLFLOW_TRACKING_INSECURE_TLS is \"" + std::string(bad) + "\""));
    EXPECT_EQ(server.requests().size(), before);
  }
}

TEST_F(MlflowGateTest, FailedGateTagsTheRunAndDoesNotPromote) {
  serve_registry();
  GateRun r = run({"check", "--rules", gate("metrics:\n  val_f1: {min: 0.95}\n"), "--mlflow-run",
                   kRun, "--promote-alias", "champion", "--model", "fraud-detector"});
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(calls(),
            (std::vector<std::string>{"GET runs/get", "POST runs/set-tag", "POST runs/set-tag"}));
  auto p = posts();
  ASSERT_EQ(p.size(), 2u);
  EXPECT_THAT(p[0].body, HasSubstr("\"value\":\"failed\""));
  EXPECT_THAT(p[1].body, HasSubstr("\"key\":\"metric_gate_reason\",\"value\":\"val_f1.min\""));
}

// The text and JSON reports say whether the model was promoted (only the GitHub outputs did).
TEST_F(MlflowGateTest, PromotionIsReportedInTextAndJson) {
  serve_registry();
  const std::string json = ::testing::TempDir() + "promotion_gate.json";
  auto read_file = [](const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  GateRun pass =
      run({"check", "--rules", gate("metrics:\n  val_f1: {min: 0.8}\n"), "--mlflow-run", kRun,
           "--promote-alias", "champion", "--model", "fraud-detector", "--json", json});
  ASSERT_EQ(pass.exit, 0) << pass.err;
  EXPECT_THAT(pass.out, HasSubstr("metric-gate: promoted fraud-detector@champion = version 7\n"));
  boost::json::value j = boost::json::parse(read_file(json));
  EXPECT_EQ(j.at("promotion"),
            boost::json::parse(std::string("{\"model\":\"fraud-detector\",\"alias\":\"champion\","
                                           "\"run\":\"") +
                               kRun +
                               "\",\"promoted\":true,\"version\":\"7\",\"mlflow_written\":"
                               "\"run " +
                               kRun +
                               " tagged metric_gate=passed and alias "
                               "'champion' of fraud-detector moved to it\"}"));

  GateRun fail =
      run({"check", "--rules", gate("metrics:\n  val_f1: {min: 0.95}\n"), "--mlflow-run", kRun,
           "--promote-alias", "champion", "--model", "fraud-detector", "--json", json});
  ASSERT_EQ(fail.exit, 1) << fail.err;
  EXPECT_THAT(fail.out, HasSubstr("metric-gate: not promoted (the gate failed): "
                                  "fraud-detector@champion unchanged"));
  j = boost::json::parse(read_file(json));
  EXPECT_EQ(j.at("promotion").at("promoted"), false);
  EXPECT_TRUE(j.at("promotion").at("version").is_null());

  GateRun plain = run({"check", "--rules", gate("metrics:\n  val_f1: {min: 0.8}\n"), "--mlflow-run",
                       kRun, "--json", json});
  ASSERT_EQ(plain.exit, 0) << plain.err;
  EXPECT_TRUE(boost::json::parse(read_file(json)).at("promotion").is_null());
  EXPECT_THAT(plain.out, ::testing::Not(HasSubstr("promoted")));
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
