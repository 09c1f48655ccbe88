// canary-eval run in-process (FakeIo) on offline samples: options, the run step's outcome,
// exit codes, usage errors and the order of side effects.
#include "canary/command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "canary/options.h"
#include "canary/run.h"
#include "cli/app.h"
#include "cli/fake_io.h"
#include "common/error_of.h"
#include "common/shell_run.h"

namespace mlops::canary {
namespace {

using cli::testing::Argv;
using cli::testing::FakeIo;
using testing::error_of;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::slurp;
using ::testing::StartsWith;

// The bundled example (examples/canary): its config and samples of a healthy and a regressed
// canary.
std::string example(const char* name) {
  return std::string(MLOPS_TEST_DATA) + "/../../examples/canary/" + name;
}

std::string temp(const std::string& name) { return testing::test_temp("cc_", name); }

int run(FakeIo& f, std::vector<std::string> args) {
  args.insert(args.begin(), "canary-eval");
  Argv argv(std::move(args));
  return cli::run_tool("canary-eval", argv.span(), f.io, canary_eval);
}

CanaryEvalOptions options_of(const std::vector<std::string>& args, FakeIo& f) {
  std::optional<CanaryEvalOptions> o = parse_canary_eval_options(args, f.io);
  EXPECT_TRUE(o.has_value());
  return o.value_or(CanaryEvalOptions{});
}

TEST(CanaryEvalCommandTest, BundledSamplesPromoteAndRollBack) {
  FakeIo healthy;
  EXPECT_EQ(run(healthy, {"run", "--config", example("canary.yaml"), "--samples",
                          example("samples-healthy.csv"), "--json", "-"}),
            0)
      << healthy.err.str();
  const boost::json::value doc = boost::json::parse(healthy.out.str());
  EXPECT_EQ(doc.at("decision"), "promote");
  EXPECT_EQ(doc.at("score").to_number<double>(), 100.0);
  EXPECT_EQ(doc.at("metrics").as_array().size(), 3U);

  FakeIo regressed;
  EXPECT_EQ(run(regressed, {"run", "--config", example("canary.yaml"), "--samples",
                            example("samples-regressed.csv")}),
            1)
      << regressed.err.str();
  EXPECT_THAT(regressed.out.str(), HasSubstr("canary-eval: rollback (score 0; critical metric "
                                             "failed: error_rate"));
  // The latency tail regression is named even though the location test alone passes.
  EXPECT_THAT(regressed.out.str(), HasSubstr("latency_p99: p95"));
}

TEST(CanaryEvalCommandTest, TooFewSamplesFromStdinAreInconclusive) {
  FakeIo f;
  f.in.str("metric,group,timestamp,value\nerror_rate,baseline,1,0.1\nerror_rate,canary,1,0.2\n");
  EXPECT_EQ(run(f, {"run", "--config", example("canary.yaml"), "--samples", "-", "--json", "-"}), 4)
      << f.err.str();
  const boost::json::value doc = boost::json::parse(f.out.str());
  EXPECT_EQ(doc.at("decision"), "inconclusive");
  EXPECT_EQ(doc.at("window"), "samples -");
}

TEST(CanaryEvalCommandTest, UsageErrorsAreExit2NamingTheProblem) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"walk"}, "unknown command 'walk'"},
      {{"run"}, "--config is required"},
      {{"run", "--config", example("canary.yaml"), "--bogus"}, "unknown option --bogus"},
      {{"run", "--config", example("canary.yaml"), "--samples", example("samples-healthy.csv"),
        "--prometheus", "http://p:9090"},
       "give --samples or --prometheus, not both"},
      {{"run", "--config", example("canary.yaml"), "--samples", example("samples-healthy.csv"),
        "--step", "0s"},
       "--step: expected a finite positive duration"},
      {{"run", "--config", example("canary.yaml"), "--samples", example("samples-healthy.csv"),
        "--lookback", "soon"},
       "--lookback: expected a finite positive duration"},
      {{"run", "--config", example("canary.yaml"), "--samples", example("samples-healthy.csv"),
        "--label", "decision=x"},
       "--label expects NAME=VALUE"},
      {{"run", "--config", example("canary.yaml"), "--start", "yesterday"},
       "--start: cannot read \"yesterday\""},
      {{"run", "--config", example("canary.yaml"), "--start", "100", "--end", "50"},
       "--start must be before --end"},
      {{"run", "--config", example("canary.yaml"), "--samples", example("samples-healthy.csv"),
        "--json", example("canary.yaml")},
       "is the input " + example("canary.yaml")},
      {{"run", "--config", example("canary.yaml"), "--samples", example("samples-healthy.csv"),
        "--attest-out", "a.json"},
       "--attest-out needs --attest-key"},
      {{"run", "--config", example("canary.yaml"), "--samples", example("samples-healthy.csv"),
        "--image", "127.0.0.1:5000/churn-serving:1.0"},
       "image \"127.0.0.1:5000/churn-serving:1.0\" has no sha256 digest"},
  };
  for (const auto& [args, says] : cases) {
    FakeIo f;
    EXPECT_EQ(run(f, args), 2) << says;
    EXPECT_THAT(f.err.str(), StartsWith("canary-eval: error: ")) << f.err.str();
    EXPECT_THAT(f.err.str(), HasSubstr(says)) << f.err.str();
    EXPECT_THAT(f.out.str(), IsEmpty()) << says;
  }
}

TEST(CanaryEvalCommandTest, HelpIsExit0AndNoArgumentsExit2) {
  FakeIo none, top, sub;
  EXPECT_EQ(run(none, {}), 2);
  EXPECT_THAT(none.out.str(), HasSubstr("usage: canary-eval run --config canary.yaml"));
  EXPECT_EQ(run(top, {"--help"}), 0);
  EXPECT_EQ(top.out.str(), none.out.str());
  EXPECT_EQ(run(sub, {"run", "--help"}), 0);
  // The shared option groups word these as canary-eval always did.
  EXPECT_THAT(sub.out.str(), HasSubstr("deadline of each Prometheus query"));
  EXPECT_THAT(sub.out.str(), HasSubstr("the Pushgateway job (default canary-eval)"));
  EXPECT_THAT(sub.out.str(), HasSubstr("service=checkout"));
}

TEST(CanaryEvalOptionsTest, ValuesAreReadAndConverted) {
  FakeIo f;
  const CanaryEvalOptions o = options_of({"--config",
                                          "c.yaml",
                                          "--prometheus",
                                          "http://p:9090",
                                          "--start",
                                          "2026-01-31T12:00:00Z",
                                          "--end",
                                          "1769864400",
                                          "--step",
                                          "15s",
                                          "--lookback",
                                          "2h",
                                          "--timeout",
                                          "5",
                                          "--retries",
                                          "1",
                                          "--insecure",
                                          "--pushgateway",
                                          "http://pg:9091",
                                          "--label",
                                          "service=checkout",
                                          "--metrics",
                                          "m.prom"},
                                         f);
  EXPECT_EQ(o.config_path, "c.yaml");
  EXPECT_EQ(o.prometheus, "http://p:9090");
  EXPECT_EQ(o.start, 1769860800);
  EXPECT_EQ(o.end, 1769864400);
  EXPECT_EQ(o.step_seconds, 15);
  EXPECT_EQ(o.lookback_seconds, 7200);
  EXPECT_EQ(o.http.timeout_seconds, 5);
  EXPECT_EQ(o.http.retries, 1);
  EXPECT_TRUE(o.http.insecure);
  EXPECT_EQ(o.push.pushgateway, "http://pg:9091");
  EXPECT_EQ(o.push.job, "canary-eval");
  EXPECT_EQ(o.metric_labels, (net::MetricLabels{{"service", "checkout"}}));
  EXPECT_EQ(o.metrics_file, "m.prom");
  EXPECT_THAT(f.out.str(), IsEmpty());
}

TEST(CanaryEvalOptionsTest, OfflineModeDoesNotReadTheWindow) {
  FakeIo f;
  const CanaryEvalOptions o =
      options_of({"--config", "c.yaml", "--samples", "s.csv", "--start", "whenever"}, f);
  EXPECT_EQ(o.samples_path, "s.csv");
  EXPECT_EQ(o.start, std::nullopt);
  EXPECT_EQ(o.step_seconds, std::nullopt);
}

TEST(CanaryEvalOptionsTest, HelpPrintsAndGivesNoOptions) {
  FakeIo f;
  EXPECT_EQ(parse_canary_eval_options({"--help"}, f.io), std::nullopt);
  EXPECT_THAT(f.out.str(), HasSubstr("canary-eval run options:"));
}

TEST(CanaryEvalRunTest, OutcomeWithoutPrinting) {
  FakeIo f;
  const CanaryEvalOptions o = options_of({"--config", example("canary.yaml"), "--samples",
                                          example("samples-regressed.csv"), "--label", "service=x"},
                                         f);
  const CanaryEvalOutcome outcome = run_canary_eval(o, f.io);
  EXPECT_EQ(outcome.decision, Decision::kRollback);
  EXPECT_EQ(outcome.score, 0);
  EXPECT_EQ(outcome.report.exit, ExitCode::kFail);
  EXPECT_EQ(outcome.report.tool, "canary-eval");
  EXPECT_EQ(outcome.report.title,
            example("canary.yaml") + " (samples " + example("samples-regressed.csv") + ")");
  ASSERT_EQ(outcome.report.checks.size(), 3U);
  EXPECT_EQ(outcome.report.checks[0].name, "error_rate");
  EXPECT_EQ(outcome.report.checks[0].status, report::Status::kFail);
  EXPECT_EQ(outcome.json.at("decision"), "rollback");
  EXPECT_EQ(outcome.json.at("metrics").as_array()[0].at("critical"), true);
  EXPECT_THAT(outcome.text, HasSubstr("canary-eval: rollback (score 0;"));
  EXPECT_THAT(outcome.exposition,
              HasSubstr("mlops_canary_decision{service=\"x\",decision=\"rollback\"} 1"));
  EXPECT_THAT(f.out.str(), IsEmpty());
  EXPECT_THAT(f.err.str(), IsEmpty());
}

TEST(CanaryEvalRunTest, NoPrometheusToAskIsAUsageError) {
  const std::string config = temp("canary.yaml");
  std::ofstream(config) << "groups: {baseline: 'track=\"stable\"', canary: 'track=\"canary\"'}\n"
                           "metrics:\n  - {name: errors, query: 'e{ {{selector}} }'}\n";
  FakeIo f;
  const Error e = error_of([&] { run_canary_eval(options_of({"--config", config}, f), f.io); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_THAT(e.what(), HasSubstr("no Prometheus to ask"));
}

TEST(CanaryEvalCommandTest, MetricsFileCarriesTheDecision) {
  const std::string metrics = temp("canary.prom");
  FakeIo f;
  EXPECT_EQ(run(f, {"run", "--config", example("canary.yaml"), "--samples",
                    example("samples-healthy.csv"), "--metrics", metrics, "--quiet"}),
            0)
      << f.err.str();
  EXPECT_THAT(slurp(metrics), HasSubstr("mlops_canary_decision{decision=\"promote\"} 1"));
  EXPECT_THAT(f.out.str(), IsEmpty());
}

TEST(CanaryEvalCommandTest, FailedPushLeavesNoOutputBehind) {
  // The push goes before any output: a Pushgateway that cannot be reached is exit 3, and no
  // report claims the decision.
  const std::string json = temp("report.json"), metrics = temp("canary.prom");
  std::filesystem::remove(json);
  std::filesystem::remove(metrics);
  FakeIo f;
  EXPECT_EQ(run(f, {"run", "--config", example("canary.yaml"), "--samples",
                    example("samples-healthy.csv"), "--pushgateway", "http://127.0.0.1:1",
                    "--retries", "0", "--json", json, "--metrics", metrics}),
            3);
  EXPECT_THAT(f.err.str(), HasSubstr("cannot reach http://127.0.0.1:1/metrics/job/canary-eval"));
  EXPECT_THAT(f.out.str(), IsEmpty());
  EXPECT_FALSE(std::filesystem::exists(json));
  EXPECT_FALSE(std::filesystem::exists(metrics));
}

TEST(CanaryEvalCommandTest, ImageIsTheSubjectOfTheAttestation) {
  // The canary's image is what a promotion is about, and with Prometheus it is the only
  // subject there is: --image names it (by digest, without the tag) beside the samples file.
  const std::string key = temp("key.pem"), envelope = temp("canary.att.json");
  ASSERT_EQ(
      testing::run_shell("openssl genpkey -algorithm ed25519 -out " + key, temp("genpkey")).exit,
      0);
  const std::string digest = "sha256:" + std::string(64, 'a');
  FakeIo f;
  EXPECT_EQ(run(f, {"run", "--config", example("canary.yaml"), "--samples",
                    example("samples-healthy.csv"), "--image",
                    "127.0.0.1:5000/churn-serving:1.0@" + digest, "--attest-key", key,
                    "--attest-out", envelope, "-q"}),
            0)
      << f.err.str();
  const testing::ShellResult subjects = testing::run_shell(
      "jq -r .payload " + envelope +
          " | base64 -d | jq -c '[.subject[] | [.name, .digest.sha256, .annotations]]'",
      temp("subjects"));
  ASSERT_EQ(subjects.exit, 0) << subjects.err;
  EXPECT_THAT(subjects.out, HasSubstr("samples-healthy.csv"));
  EXPECT_THAT(subjects.out,
              HasSubstr("[\"127.0.0.1:5000/churn-serving\",\"" + std::string(64, 'a') +
                        "\",{\"mlops-actions.dev/kind\":\"oci-image\"}]"));
}

}  // namespace
}  // namespace mlops::canary
