#include "gate/mlflow.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <deque>
#include <map>
#include <string>

#include "common/error_of.h"
#include "support/fake_http_server.h"

namespace mlops::gate {
namespace {

using mlops::testing::CannedResponse;
using mlops::testing::error_of;
using mlops::testing::FakeHttpServer;
using mlops::testing::RecordedRequest;
using mlops::testing::test_data;

constexpr const char* kRun = "5f1c2a9e8b7d4c3fa0e1d2c3b4a59687";
constexpr const char* kToken = "tok-7c1e-do-not-print";

CannedResponse reply(int status, std::string body, std::string type = "application/json") {
  CannedResponse r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = std::move(type);
  return r;
}

CannedResponse recorded(const std::string& file, int status = 200) {
  return reply(status, test_data("mlflow/" + file));
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class MlflowClientTest : public ::testing::Test {
 protected:
  MlflowClientTest() : transport_(options()) {}

  static net::Options options() {
    net::Options o;
    o.retries = 2;
    o.backoff_seconds = 0.01;
    o.timeout_seconds = 60;  // a deadline no busy machine reaches
    return o;
  }
  MlflowClient client(MlflowAuth auth = {kToken, "", ""}) {
    return {server_.url(), std::move(auth), transport_};
  }
  // The one request the server saw.
  RecordedRequest only_request() {
    auto requests = server_.requests();
    EXPECT_EQ(requests.size(), 1U);
    return requests.empty() ? RecordedRequest{} : requests.front();
  }

  FakeHttpServer server_;
  net::CurlClient transport_;
};

TEST_F(MlflowClientTest, RunMetricsReadsTheLatestValueOfEachKey) {
  server_.route("GET", "/api/2.0/mlflow/runs/get", recorded("runs_get.json"));
  auto metrics = client().run_metrics(kRun);
  EXPECT_EQ(metrics.size(), 6U);
  EXPECT_DOUBLE_EQ(metrics.at("val_accuracy"), 0.9312);
  EXPECT_DOUBLE_EQ(metrics.at("val_log_loss"), 0.2118);
  EXPECT_DOUBLE_EQ(metrics.at("latency_p95_ms"), 41.5);
  EXPECT_DOUBLE_EQ(metrics.at("train_rows"), 48000.0);
  RecordedRequest r = only_request();
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.query, std::string("run_id=") + kRun);
  EXPECT_EQ(r.headers["authorization"], std::string("Bearer ") + kToken);
  EXPECT_EQ(r.headers["accept"], "application/json");
}

TEST_F(MlflowClientTest, DuplicateMetricKeysKeepTheNewestTimestamp) {
  server_.route("GET", "/api/2.0/mlflow/runs/get",
                reply(200, R"({"run": {"info": {}, "data": {"metrics": [
                  {"key": "loss", "value": 0.3, "timestamp": 20, "step": 2},
                  {"key": "loss", "value": 0.9, "timestamp": 10, "step": 1},
                  {"key": "n", "value": 12, "timestamp": 10}]}}})"));
  auto metrics = client().run_metrics(kRun);
  EXPECT_DOUBLE_EQ(metrics.at("loss"), 0.3);
  EXPECT_DOUBLE_EQ(metrics.at("n"), 12.0);
}

TEST_F(MlflowClientTest, RunWithoutMetricsHasNone) {
  server_.route("GET", "/api/2.0/mlflow/runs/get",
                reply(200, R"({"run": {"info": {"run_id": "x"}, "data": {"tags": []}}})"));
  EXPECT_TRUE(client().run_metrics(kRun).empty());
}

TEST_F(MlflowClientTest, BasicAuthWhenThereIsNoToken) {
  server_.route("GET", "/api/2.0/mlflow/runs/get", recorded("runs_get.json"));
  client({"", "alice", "s3cret-pw"}).run_metrics(kRun);
  EXPECT_EQ(only_request().headers["authorization"], "Basic YWxpY2U6czNjcmV0LXB3");
}

// MLflow's Python client (mlflow/utils/rest_utils.py, http_request) checks username and
// password first: with a token as well, it sends Basic.
TEST_F(MlflowClientTest, BasicAuthWinsOverATokenAsInMlflowsClient) {
  server_.route("GET", "/api/2.0/mlflow/runs/get", recorded("runs_get.json"));
  client({kToken, "alice", "s3cret-pw"}).run_metrics(kRun);
  EXPECT_EQ(only_request().headers["authorization"], "Basic YWxpY2U6czNjcmV0LXB3");
}

TEST_F(MlflowClientTest, RunCarriesStatusStageAndTags) {
  server_.route("GET", "/api/2.0/mlflow/runs/get", recorded("runs_get.json"));
  const gate::Run r = client().run(kRun);
  EXPECT_EQ(r.status, "FINISHED");
  EXPECT_EQ(r.lifecycle_stage, "active");
  EXPECT_EQ(r.tags.at("mlflow.runName"), "xgb-depth6-lr0.05");
  EXPECT_EQ(r.metrics.size(), 6U);
}

TEST(MlflowEnvFlagTest, TrueFalseOneZeroInAnyCaseElseUsageError) {
  EXPECT_FALSE(mlflow_env_flag("X", std::nullopt));
  for (const char* yes : {"true", "TRUE", "True", "1"}) EXPECT_TRUE(mlflow_env_flag("X", yes));
  for (const char* no : {"false", "FALSE", "0"}) EXPECT_FALSE(mlflow_env_flag("X", no));
  for (const char* bad : {"", "yes", "2", " true"}) {
    EXPECT_EQ(error_of([&] { mlflow_env_flag("X", bad); }).code(), ExitCode::kUsage) << bad;
  }
}

// A server answer with a repeated key is refused: which value counts would be a guess.
TEST_F(MlflowClientTest, DuplicateKeyInAnAnswerIsMalformed) {
  server_.route("GET", "/api/2.0/mlflow/runs/get", reply(200, R"({"run": {"data": {"metrics": [
                  {"key": "auc", "value": 0.5, "value": 0.9}]}}})"));
  Error e = error_of([&] { client().run_metrics(kRun); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_TRUE(contains(e.what(), "malformed response from MLflow runs/get")) << e.what();
  EXPECT_TRUE(contains(e.what(), "duplicate key \"value\"")) << e.what();
}

TEST_F(MlflowClientTest, NoAuthorizationHeaderWithoutCredentials) {
  server_.route("GET", "/api/2.0/mlflow/runs/get", recorded("runs_get.json"));
  client({}).run_metrics(kRun);
  EXPECT_EQ(only_request().headers.count("authorization"), 0U);
}

TEST_F(MlflowClientTest, VersionByAliasParsesTheModelVersion) {
  server_.route("GET", "/api/2.0/mlflow/registered-models/alias",
                recorded("registered_models_alias_get.json"));
  ModelVersion v = client().version_by_alias("fraud-detector", "champion");
  EXPECT_EQ(v.name, "fraud-detector");
  EXPECT_EQ(v.version, "7");
  EXPECT_EQ(v.run_id, kRun);
  EXPECT_EQ(v.current_stage, "None");
  EXPECT_EQ(v.aliases, (std::vector<std::string>{"champion", "blue"}));
  EXPECT_EQ(only_request().query, "name=fraud-detector&alias=champion");
}

TEST_F(MlflowClientTest, QueryParametersAreUrlEncoded) {
  server_.route("GET", "/api/2.0/mlflow/registered-models/alias",
                recorded("registered_models_alias_get.json"));
  client().version_by_alias("team a/fraud&co", "v1+rc");
  EXPECT_EQ(only_request().query, "name=team%20a%2Ffraud%26co&alias=v1%2Brc");
}

TEST_F(MlflowClientTest, LatestVersionPostsTheStage) {
  server_.route("POST", "/api/2.0/mlflow/registered-models/get-latest-versions",
                recorded("get_latest_versions.json"));
  ModelVersion v = client().latest_version("fraud-detector", "Production");
  EXPECT_EQ(v.version, "5");
  EXPECT_EQ(v.current_stage, "Production");
  EXPECT_EQ(v.run_id, "9a8b7c6d5e4f40312a1b2c3d4e5f6a7b");
  EXPECT_TRUE(v.aliases.empty());
  RecordedRequest r = only_request();
  EXPECT_EQ(r.headers["content-type"], "application/json");
  EXPECT_EQ(boost::json::parse(r.body),
            boost::json::parse(R"({"name": "fraud-detector", "stages": ["Production"]})"));
}

TEST_F(MlflowClientTest, NoVersionInTheStageIsAnError) {
  server_.route("POST", "/api/2.0/mlflow/registered-models/get-latest-versions",
                recorded("empty.json"));
  Error e = error_of([&] { client().latest_version("fraud-detector", "Staging"); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_EQ(e.message(),
            "model 'fraud-detector' has no version in stage Staging, transition a version to "
            "Staging, or name the version by alias (MODEL@ALIAS)");
}

TEST_F(MlflowClientTest, ModelVersionByNumber) {
  server_.route("GET", "/api/2.0/mlflow/model-versions/get", recorded("model_versions_get.json"));
  ModelVersion v = client().model_version("fraud-detector", "6");
  EXPECT_EQ(v.version, "6");
  EXPECT_EQ(v.current_stage, "Staging");
  EXPECT_EQ(v.run_id, "1c2d3e4f5a6b47788990aabbccddeeff");
  EXPECT_EQ(only_request().query, "name=fraud-detector&version=6");
}

TEST_F(MlflowClientTest, VersionForRunPicksTheNamedModel) {
  server_.route("GET", "/api/2.0/mlflow/model-versions/search",
                recorded("model_versions_search.json"));
  ModelVersion v = client().version_for_run("fraud-detector", kRun);
  EXPECT_EQ(v.name, "fraud-detector");
  EXPECT_EQ(v.version, "7");
  EXPECT_EQ(only_request().query, std::string("filter=run_id%3D%27") + kRun + "%27");
}

TEST_F(MlflowClientTest, VersionForRunWithoutThatModelNamesWhatExists) {
  server_.route("GET", "/api/2.0/mlflow/model-versions/search",
                recorded("model_versions_search.json"));
  Error e = error_of([&] { client().version_for_run("churn", kRun); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_TRUE(contains(e.message(), "has no registered version of model 'churn'")) << e.message();
  EXPECT_TRUE(contains(e.message(), "(it has fraud-detector-onnx version 2 and others)"));
}

TEST_F(MlflowClientTest, VersionForRunRejectsAQuoteInTheRunId) {
  Error e = error_of([&] { client().version_for_run("m", "x' OR name='y"); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_TRUE(server_.requests().empty());
}

// A transport that answers from a script, for paging where one route must answer twice.
class ScriptedTransport : public net::Client {
 public:
  std::deque<net::Response> answers;
  std::vector<net::Request> sent;
  net::Response send(const net::Request& request) override {
    sent.push_back(request);
    net::Response r = answers.front();
    answers.pop_front();
    return r;
  }
};

TEST(MlflowPagingTest, VersionForRunFollowsPageTokens) {
  ScriptedTransport t;
  t.answers.push_back({200, R"({"model_versions": [{"name": "a", "version": "1"}],
                               "next_page_token": "tok=2"})",
                       "application/json"});
  t.answers.push_back({200, R"({"model_versions": [{"name": "m", "version": "9"},
                               {"name": "m", "version": "10"}]})",
                       "application/json"});
  MlflowClient c("https://mlflow.example.com/", {}, t);
  EXPECT_EQ(c.version_for_run("m", "abc").version, "10");
  ASSERT_EQ(t.sent.size(), 2U);
  EXPECT_EQ(
      t.sent[0].url,
      "https://mlflow.example.com/api/2.0/mlflow/model-versions/search?filter=run_id%3D%27abc%27");
  EXPECT_TRUE(t.sent[1].url.ends_with("&page_token=tok%3D2")) << t.sent[1].url;
}

TEST_F(MlflowClientTest, WritesPostTheDocumentedBodies) {
  server_.route("POST", "/api/2.0/mlflow/runs/set-tag", recorded("empty.json"));
  server_.route("POST", "/api/2.0/mlflow/model-versions/set-tag", recorded("empty.json"));
  server_.route("POST", "/api/2.0/mlflow/registered-models/alias", recorded("empty.json"));
  MlflowClient c = client();
  c.set_run_tag(kRun, "metric-gate.verdict", "pass");
  c.set_model_version_tag("fraud-detector", "7", "metric-gate.verdict", "fail");
  c.set_alias("fraud-detector", "champion", "7");
  auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 3U);
  EXPECT_EQ(requests[0].path, "/api/2.0/mlflow/runs/set-tag");
  EXPECT_EQ(boost::json::parse(requests[0].body),
            boost::json::parse(std::string(R"({"run_id": ")") + kRun +
                               R"(", "key": "metric-gate.verdict", "value": "pass"})"));
  EXPECT_EQ(boost::json::parse(requests[1].body),
            boost::json::parse(R"({"name": "fraud-detector", "version": "7",
                                   "key": "metric-gate.verdict", "value": "fail"})"));
  EXPECT_EQ(
      boost::json::parse(requests[2].body),
      boost::json::parse(R"({"name": "fraud-detector", "alias": "champion", "version": "7"})"));
  for (const auto& r : requests) {
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.headers.at("authorization"), std::string("Bearer ") + kToken);
  }
}

TEST_F(MlflowClientTest, ResolveAliasReference) {
  server_.route("GET", "/api/2.0/mlflow/registered-models/alias",
                recorded("registered_models_alias_get.json"));
  MlflowClient c = client();
  EXPECT_EQ(resolve_model_reference(c, "models:/fraud-detector@champion").version, "7");
  EXPECT_EQ(only_request().query, "name=fraud-detector&alias=champion");
}

TEST_F(MlflowClientTest, ResolveStageReferenceIgnoresCase) {
  server_.route("POST", "/api/2.0/mlflow/registered-models/get-latest-versions",
                recorded("get_latest_versions.json"));
  MlflowClient c = client();
  EXPECT_EQ(resolve_model_reference(c, "fraud-detector/production").version, "5");
  EXPECT_EQ(boost::json::parse(only_request().body).at("stages").at(0), "Production");
}

TEST_F(MlflowClientTest, ResolveRejectsBadReferencesAsUsageErrors) {
  MlflowClient c = client();
  Error typo = error_of([&] { resolve_model_reference(c, "fraud-detector/Prod"); });
  EXPECT_EQ(typo.code(), ExitCode::kUsage);
  EXPECT_TRUE(contains(typo.message(), "did you mean Production?")) << typo.message();
  Error bare = error_of([&] { resolve_model_reference(c, "fraud-detector"); });
  EXPECT_EQ(bare.code(), ExitCode::kUsage);
  EXPECT_TRUE(contains(bare.message(), "MODEL@ALIAS")) << bare.message();
  EXPECT_EQ(error_of([&] { resolve_model_reference(c, "@champion"); }).code(), ExitCode::kUsage);
  EXPECT_TRUE(server_.requests().empty());
}

TEST_F(MlflowClientTest, UnauthorizedPointsAtCredentialsWithoutPrintingThem) {
  server_.route("GET", "/api/2.0/mlflow/runs/get",
                reply(401, "You are not authenticated. Please see the docs.", "text/html"));
  Error e = error_of([&] { client().run_metrics(kRun); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_TRUE(contains(e.message(), "MLflow runs/get answered 401 (GET http://127.0.0.1:"))
      << e.message();
  EXPECT_TRUE(contains(e.hint(), "check the credentials in MLFLOW_TRACKING_TOKEN")) << e.hint();
  EXPECT_FALSE(contains(e.message(), kToken));
  EXPECT_EQ(server_.requests().size(), 1U);  // 401 is not retried
}

TEST_F(MlflowClientTest, ForbiddenNamesThePermissionNeeded) {
  server_.route("POST", "/api/2.0/mlflow/registered-models/alias",
                reply(403, "Permission denied", "text/html"));
  Error e = error_of([&] { client({"", "bob", "p@ss:word"}).set_alias("m", "champion", "3"); });
  EXPECT_TRUE(contains(e.message(), "answered 403")) << e.message();
  EXPECT_TRUE(contains(e.hint(), "MLFLOW_TRACKING_USERNAME")) << e.hint();
  EXPECT_TRUE(contains(e.hint(), "EDIT")) << e.hint();
  EXPECT_FALSE(contains(e.message(), "p@ss:word"));
}

TEST_F(MlflowClientTest, NotFoundSurfacesMlflowErrorCodeAndMessage) {
  server_.route("GET", "/api/2.0/mlflow/runs/get", recorded("runs_get_not_found.json", 404));
  Error e = error_of([&] { client().run_metrics("0000000000000000000000000000dead"); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_EQ(e.message(),
            "MLflow runs/get answered 404 RESOURCE_DOES_NOT_EXIST: Run with "
            "id=0000000000000000000000000000dead not found (GET " +
                server_.url() +
                "/api/2.0/mlflow/runs/get?run_id=0000000000000000000000000000dead), check the "
                "run ID");
}

TEST_F(MlflowClientTest, MissingAliasIsInvalidParameter) {
  server_.route("GET", "/api/2.0/mlflow/registered-models/alias",
                recorded("registered_models_alias_not_found.json", 400));
  Error e = error_of([&] { client().version_by_alias("fraud-detector", "challenger"); });
  EXPECT_TRUE(contains(e.message(),
                       "answered 400 INVALID_PARAMETER_VALUE: Registered model "
                       "alias challenger not found."))
      << e.message();
  EXPECT_EQ(e.hint(), "check the model name and the alias");
}

TEST_F(MlflowClientTest, UnknownEndpointSuggestsCheckingTheTrackingUri) {
  Error e = error_of([&] { client().run_metrics(kRun); });  // no route: ENDPOINT_NOT_FOUND
  EXPECT_TRUE(contains(e.message(), "answered 404 ENDPOINT_NOT_FOUND")) << e.message();
  EXPECT_TRUE(contains(e.hint(), "MLFLOW_TRACKING_URI")) << e.hint();
}

TEST_F(MlflowClientTest, ServerErrorAfterRetries) {
  server_.route("GET", "/api/2.0/mlflow/runs/get", recorded("internal_error.json", 500));
  Error e = error_of([&] { client().run_metrics(kRun); });
  EXPECT_EQ(server_.requests().size(), 3U);
  EXPECT_TRUE(contains(e.message(), "answered 500 INTERNAL_ERROR: Internal server error"))
      << e.message();
  EXPECT_TRUE(contains(e.message(), ", after 3 attempts)")) << e.message();
  EXPECT_TRUE(contains(e.hint(), "check its logs")) << e.hint();
}

TEST_F(MlflowClientTest, RecoversFromTransient503) {
  CannedResponse r = recorded("runs_get.json");
  r.fail_times = 2;
  server_.route("GET", "/api/2.0/mlflow/runs/get", r);
  EXPECT_DOUBLE_EQ(client().run_metrics(kRun).at("val_f1"), 0.8875);
  EXPECT_EQ(server_.requests().size(), 3U);
}

TEST_F(MlflowClientTest, MalformedJsonIsAnError) {
  server_.route("GET", "/api/2.0/mlflow/runs/get", reply(200, "<html>proxy login</html>"));
  Error e = error_of([&] { client().run_metrics(kRun); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_TRUE(contains(e.message(),
                       "malformed response from MLflow runs/get: expected a JSON "
                       "object, found text that is not JSON (GET http://"))
      << e.message();
}

TEST_F(MlflowClientTest, MissingFieldsAreNamed) {
  server_.route("GET", "/api/2.0/mlflow/runs/get", reply(200, "{}"));
  server_.route("GET", "/api/2.0/mlflow/model-versions/get",
                reply(200, R"({"model_version": {"name": "m", "current_stage": "None"}})"));
  server_.route("GET", "/api/2.0/mlflow/registered-models/alias", reply(200, R"({"x": 1})"));
  MlflowClient c = client();
  EXPECT_TRUE(contains(error_of([&] { c.run_metrics(kRun); }).message(),
                       "runs/get: expected a field 'run', found none"));
  EXPECT_TRUE(contains(error_of([&] { c.model_version("m", "1"); }).message(),
                       "model-versions/get: expected a field 'model_version.version', found none"));
  EXPECT_TRUE(contains(error_of([&] { c.version_by_alias("m", "a"); }).message(),
                       "expected a field 'model_version', found none"));
}

TEST_F(MlflowClientTest, WrongTypesAreNamedWithTheirPath) {
  server_.route("GET", "/api/2.0/mlflow/runs/get",
                reply(200, R"({"run": {"data": {"metrics": [{"key": "a", "value": 1},
                                                             {"key": "b", "value": true}]}}})"));
  Error e = error_of([&] { client().run_metrics(kRun); });
  EXPECT_TRUE(
      contains(e.message(), "expected 'run.data.metrics[1].value' to be a number, found a boolean"))
      << e.message();
}

TEST_F(MlflowClientTest, NanMetricIsAnError) {
  server_.route("GET", "/api/2.0/mlflow/runs/get",
                reply(200, R"({"run": {"data": {"metrics": [{"key": "val_loss", "value": "NaN",
                                                              "timestamp": 1, "step": 0}]}}})"));
  Error e = error_of([&] { client().run_metrics(kRun); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_TRUE(contains(e.message(), "metric 'val_loss' of run " + std::string(kRun) + " is NaN"))
      << e.message();
}

TEST_F(MlflowClientTest, TimeoutIsAnError) {
  CannedResponse slow = recorded("runs_get.json");
  slow.delay_seconds = 60;  // far past the 0.2 s deadline, whatever the machine
  server_.route("GET", "/api/2.0/mlflow/runs/get", slow);
  net::Options o = options();
  o.retries = 0;
  o.timeout_seconds = 0.2;
  net::CurlClient impatient(o);
  MlflowClient c(server_.url(), {}, impatient);
  Error e = error_of([&] { c.run_metrics(kRun); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_TRUE(contains(e.message(), "timed out")) << e.message();
  EXPECT_TRUE(contains(e.message(), "/api/2.0/mlflow/runs/get?run_id=")) << e.message();
}

TEST_F(MlflowClientTest, TrackingUriMayHaveAPrefixAndTrailingSlashes) {
  server_.route("GET", "/mlflow/api/2.0/mlflow/runs/get", recorded("runs_get.json"));
  MlflowClient c(server_.url() + "/mlflow//", {}, transport_);
  EXPECT_EQ(c.run_metrics(kRun).size(), 6U);
  EXPECT_EQ(only_request().path, "/mlflow/api/2.0/mlflow/runs/get");
}

TEST_F(MlflowClientTest, ErrorsRedactCredentialsInTheTrackingUri) {
  std::string uri = server_.url();
  uri.insert(7, "carol:pw-in-uri@");
  MlflowClient c(uri, {}, transport_);
  Error e = error_of([&] { c.run_metrics(kRun); });
  EXPECT_TRUE(contains(e.message(), "(GET " + server_.url() + "/api/")) << e.message();
  EXPECT_FALSE(contains(e.message(), "pw-in-uri"));
}

TEST(MlflowFromEnvTest, ReadsTheMlflowVariables) {
  ScriptedTransport t;
  t.answers.push_back({200, test_data("mlflow/runs_get.json"), "application/json"});
  std::map<std::string, std::string> env{{"MLFLOW_TRACKING_URI", "https://mlflow.example.com"},
                                         {"MLFLOW_TRACKING_USERNAME", "bob"},
                                         {"MLFLOW_TRACKING_PASSWORD", "p@ss:word"}};
  auto lookup = [&](const std::string& name) { return env.count(name) ? env[name] : ""; };
  MlflowClient::from_env(lookup, t).run_metrics(kRun);
  ASSERT_EQ(t.sent.size(), 1U);
  EXPECT_TRUE(t.sent[0].url.starts_with("https://mlflow.example.com/api/2.0/mlflow/runs/get?"));
  EXPECT_EQ(t.sent[0].headers.back(),
            (std::pair<std::string, std::string>{"Authorization", "Basic Ym9iOnBAc3M6d29yZA=="}));
}

TEST(MlflowFromEnvTest, ConfigurationMistakesAreUsageErrors) {
  ScriptedTransport t;
  std::map<std::string, std::string> env;
  auto lookup = [&](const std::string& name) { return env.count(name) ? env[name] : ""; };
  Error unset = error_of([&] { MlflowClient::from_env(lookup, t); });
  EXPECT_EQ(unset.code(), ExitCode::kUsage);
  EXPECT_EQ(std::string(unset.what()), "MLFLOW_TRACKING_URI is not set");
  env["MLFLOW_TRACKING_URI"] = "http://h:5000";
  env["MLFLOW_TRACKING_USERNAME"] = "bob";
  Error half = error_of([&] { MlflowClient::from_env(lookup, t); });
  EXPECT_EQ(half.code(), ExitCode::kUsage);
  EXPECT_TRUE(contains(half.message(), "MLFLOW_TRACKING_PASSWORD is not")) << half.message();
  env["MLFLOW_TRACKING_URI"] = "databricks";
  env["MLFLOW_TRACKING_TOKEN"] = "t";
  Error scheme = error_of([&] { MlflowClient::from_env(lookup, t); });
  EXPECT_EQ(scheme.code(), ExitCode::kUsage);
  EXPECT_TRUE(contains(scheme.message(), "is not an http:// or https:// URL")) << scheme.message();
  EXPECT_TRUE(t.sent.empty());
}

}  // namespace
}  // namespace mlops::gate
