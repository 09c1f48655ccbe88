// The requests for data objects (s3://, gs://, https://) of every command that reads data,
// run in-process: --data-timeout and --data-retries bound each request (its retries and
// backoff included), are refused as usage errors naming the option when they bound nothing
// (also when no data is remote), and leave the other servers' --timeout/--retries alone.
#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "../cli/fake_io.h"
#include "cli/app.h"
#include "core/error.h"
#include "drift/command.h"
#include "gate/command.h"
#include "gate/options.h"
#include "support/fake_http_server.h"
#include "validate/command.h"

namespace mlops {
namespace {

using mlops::testing::FakeHttpServer;

struct Outcome {
  ExitCode code;
  std::string err;
};

// One command line of a tool that reads data, with "@" where the data path goes.
struct Command {
  std::string tool;  // data-validate, drift-check or metric-gate
  std::vector<std::string> args;
};

std::string example(const std::string& name) {
  return std::string(MLOPS_TEST_DATA) + "/../../examples/" + name;
}

// Every command that reads a data file, as the docs list them.
std::vector<Command> data_commands() {
  return {
      {"data-validate", {"check", "@", "--contract", example("weather-contract.yaml")}},
      {"data-validate", {"infer", "@"}},
      {"drift-check", {"compare", "-r", example("drift/reference.csv"), "-c", "@"}},
      {"drift-check", {"profile", "@", "-o", "-"}},
      {"metric-gate",
       {"check", "--rules", example("model/gate.yaml"), "--predictions", "@", "--baseline-metrics",
        example("model/champion-metrics.json"), "--baseline-prefix", "test."}},
  };
}

// Runs `tool args...` as its binary's main does (errors become exit codes and messages).
Outcome run_args(const std::string& tool, const std::vector<std::string>& args, std::string* out) {
  std::vector<std::string> argv = {tool};
  argv.insert(argv.end(), args.begin(), args.end());
  const cli::testing::Argv a(argv);
  cli::testing::FakeIo f;
  int code = 0;
  if (tool == "data-validate") code = cli::run_tool(tool, a.span(), f.io, validate::data_validate);
  if (tool == "drift-check") code = cli::run_tool(tool, a.span(), f.io, drift::drift_check);
  if (tool == "metric-gate") code = cli::run_tool(tool, a.span(), f.io, gate::metric_gate);
  if (out != nullptr) *out = f.out.str();
  return {static_cast<ExitCode>(code), f.err.str()};
}

Outcome run(const Command& c, const std::string& data, const std::vector<std::string>& extra) {
  std::vector<std::string> args;
  for (const std::string& a : c.args) args.push_back(a == "@" ? data : a);
  args.insert(args.end(), extra.begin(), extra.end());
  return run_args(c.tool, args, nullptr);
}

std::string line_of(const Command& c) {
  std::string text = c.tool;
  for (const std::string& a : c.args) text += " " + a;
  return text;
}

TEST(DataRequestsTest, AStalledServerIsGivenUpAtTheDataTimeout) {
  for (const Command& c : data_commands()) {
    FakeHttpServer server;  // one per command: it serves one connection at a time
    // Answers after a minute: only the deadline ends the request.
    server.route("GET", "/data.csv", {.body = "a,b\n1,2\n", .delay_seconds = 60});
    const Outcome o =
        run(c, server.url() + "/data.csv", {"--data-timeout", "0.2", "--data-retries", "0"});
    EXPECT_EQ(o.code, ExitCode::kCannotEvaluate) << line_of(c) << "\n" << o.err;
    EXPECT_NE(o.err.find("(deadline of 0.2 s reached after 1 attempt)"), std::string::npos)
        << line_of(c) << "\n"
        << o.err;
    EXPECT_NE(o.err.find("allow more than 0.2 s (--data-timeout)"), std::string::npos)
        << line_of(c) << "\n"
        << o.err;
  }
}

TEST(DataRequestsTest, RetriesAreTheDataRetries) {
  FakeHttpServer server;
  // Always 503: --data-retries N makes N + 1 requests.
  server.route("GET", "/data.csv", {.status = 503, .body = "busy", .content_type = "text/plain"});
  const Command validate = data_commands()[0];
  const Outcome once =
      run(validate, server.url() + "/data.csv", {"--data-retries", "0", "--data-timeout", "60"});
  EXPECT_EQ(once.code, ExitCode::kCannotEvaluate) << once.err;
  EXPECT_NE(once.err.find("HTTP 503"), std::string::npos) << once.err;
  EXPECT_EQ(server.requests().size(), 1u);
  const Outcome twice =
      run(validate, server.url() + "/data.csv", {"--data-retries", "1", "--data-timeout", "60"});
  EXPECT_EQ(twice.code, ExitCode::kCannotEvaluate) << twice.err;
  EXPECT_EQ(server.requests().size(), 3u);  // 1, then 2 more
}

TEST(DataRequestsTest, ValuesThatBoundNothingAreUsageErrorsNamingTheOption) {
  // A local file: the values are refused even though no request would be made.
  const std::string local = example("seattle-weather.csv");
  for (const Command& c : data_commands()) {
    for (const char* bad : {"0", "-1", "nan", "inf"}) {
      const Outcome o = run(c, local, {"--data-timeout", bad});
      EXPECT_EQ(o.code, ExitCode::kUsage) << line_of(c) << " --data-timeout " << bad;
      EXPECT_NE(o.err.find("--data-timeout"), std::string::npos) << o.err;
    }
    const Outcome o = run(c, local, {"--data-retries", "-1"});
    EXPECT_EQ(o.code, ExitCode::kUsage) << line_of(c);
    EXPECT_NE(o.err.find("the number of retries (--data-retries) must be 0 or more, not -1"),
              std::string::npos)
        << o.err;
  }
}

TEST(DataRequestsTest, HelpStatesTheDefaults) {
  const std::vector<std::vector<std::string>> helps = {{"data-validate", "check", "--help"},
                                                       {"data-validate", "infer", "--help"},
                                                       {"drift-check", "compare", "--help"},
                                                       {"drift-check", "profile", "--help"},
                                                       {"metric-gate", "check", "--help"}};
  for (const auto& h : helps) {
    std::string text;
    run_args(h[0], {h.begin() + 1, h.end()}, &text);
    // The help wraps its lines: compare with every run of blanks as one space.
    std::string flat;
    for (char ch : text) {
      const bool blank = ch == ' ' || ch == '\n';
      if (!blank || (!flat.empty() && flat.back() != ' ')) flat += blank ? ' ' : ch;
    }
    EXPECT_NE(flat.find("--data-timeout SECONDS deadline of each request for a data object "
                        "(s3://, gs://, https://), retries included (default 120)"),
              std::string::npos)
        << h[0] << " " << h[1] << "\n"
        << flat;
    EXPECT_NE(flat.find("--data-retries N extra attempts of a data request on connection errors, "
                        "5xx and 429 (default 3)"),
              std::string::npos)
        << flat;
  }
}

// metric-gate's --timeout and --retries stay MLflow's; the data options are its predictions'.
TEST(DataRequestsTest, MetricGateKeepsTheTwoApart) {
  cli::testing::FakeIo f;
  auto o =
      gate::parse_metric_gate_options({"check", "--rules", "gate.yaml", "--predictions", "p.csv",
                                       "--timeout", "5", "--retries", "1", "--data-timeout", "600"},
                                      f.io);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->http.timeout_seconds, 5);
  EXPECT_EQ(o->http.retries, 1);
  EXPECT_EQ(o->spec.remote.http.timeout_seconds, 600);
  EXPECT_EQ(o->spec.remote.http.retries, 3);  // the default
  auto defaults = gate::parse_metric_gate_options(
      {"check", "--rules", "gate.yaml", "--metrics", "m.json"}, f.io);
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->http.timeout_seconds, 30);  // MLflow's default, unchanged
  EXPECT_EQ(defaults->http.retries, 2);
  EXPECT_EQ(defaults->spec.remote.http.timeout_seconds, 120);
}

}  // namespace
}  // namespace mlops
