#include "cli/publish.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>
#include <boost/json/parse.hpp>
#include <ext/stdio_filebuf.h>

#include <filesystem>
#include <fstream>

#include "common/error_of.h"
#include "core/error.h"
#include "fake_io.h"
#include "workflow_commands.h"

namespace mlops::cli {
namespace {

using mlops::testing::code_of;
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

// A stream buffer whose every write fails, as a full disk does.
struct FullBuf : std::streambuf {
  int overflow(int) override { return traits_type::eof(); }
  std::streamsize xsputn(const char*, std::streamsize) override { return 0; }
};

std::string fresh_dir() {
  std::string dir = ::testing::TempDir() + "publish_" +
                    ::testing::UnitTest::GetInstance()->current_test_info()->name() + "/";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

report::Report passing() {
  report::Report r;
  r.tool = "data-validate";
  r.title = "data.csv";
  r.checks.push_back({"age.max", "age", report::Status::kPass, "ok", "", std::nullopt, 0});
  r.facts = {{"valid", "true"}};
  return r;
}

const boost::json::value kValid = {{"valid", true}};

TEST(PublishTest, JsonToAFullStdoutIsExitThree) {
  FullBuf full;
  std::ostream out(&full);
  std::istringstream in;
  std::ostringstream err;
  Io io{in, out, err, {}, false};
  OutputOptions o;
  o.json = "-";
  EXPECT_EQ(code_of([&] { publish(passing(), kValid, o, io); }), ExitCode::kCannotEvaluate);
  OutputOptions text;  // the text report on stdout, too
  out.clear();
  EXPECT_EQ(code_of([&] { publish(passing(), kValid, text, io); }), ExitCode::kCannotEvaluate);
}

TEST(PublishTest, ClosedPipeOnStdoutIsExitThree) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ::close(fds[0]);  // nobody reads: the write fails with EPIPE
  struct sigaction ignore {
  }, old{};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &old);
  {
    __gnu_cxx::stdio_filebuf<char> buf(fds[1], std::ios::out);
    std::ostream out(&buf);
    std::istringstream in;
    std::ostringstream err;
    Io io{in, out, err, {}, false};
    const char* argv[] = {"data-validate", "check"};
    int code =
        run_tool("data-validate", argv, io, [](const std::vector<std::string>&, Io& tool_io) {
          tool_io.out << "{\"valid\": true}\n";
          return ExitCode::kPass;
        });
    EXPECT_EQ(code, 3);
    EXPECT_THAT(err.str(), HasSubstr("cannot write to the standard output"));
  }
  ::sigaction(SIGPIPE, &old, nullptr);
}

TEST(PublishTest, AFileThatCannotBeWrittenReplacesNone) {
  std::string dir = fresh_dir();
  std::string gh_output = dir + "github_output";
  std::ofstream(gh_output) << "earlier=1\n";
  FakeIo f;
  f.env = {{"GITHUB_ACTIONS", "true"}, {"GITHUB_OUTPUT", gh_output}};
  OutputOptions o;
  o.json = dir + "report.json";
  o.markdown = "/nonexistent/dir/summary.md";
  EXPECT_EQ(code_of([&] { publish(passing(), kValid, o, f.io); }), ExitCode::kCannotEvaluate);
  EXPECT_FALSE(std::filesystem::exists(o.json));  // no "valid": true left behind
  EXPECT_EQ(slurp(gh_output), "earlier=1\n");     // no verdict=pass
}

TEST(PublishTest, AFailedSummaryTakesBackTheOutputsAndTheReports) {
  std::string dir = fresh_dir();
  std::string gh_output = dir + "github_output";
  std::ofstream(gh_output) << "earlier=1\n";
  FakeIo f;
  f.env = {{"GITHUB_ACTIONS", "true"},
           {"GITHUB_OUTPUT", gh_output},
           {"GITHUB_STEP_SUMMARY", "/dev/full"}};
  OutputOptions o;
  o.json = dir + "report.json";
  EXPECT_EQ(code_of([&] { publish(passing(), kValid, o, f.io); }), ExitCode::kCannotEvaluate);
  EXPECT_EQ(slurp(gh_output), "earlier=1\n");
  EXPECT_FALSE(std::filesystem::exists(o.json));
}

TEST(PublishTest, AFailedDecisionRecordTakesBackEverything) {
  std::string dir = fresh_dir();
  std::string gh_output = dir + "github_output", summary = dir + "summary";
  std::ofstream(gh_output) << "earlier=1\n";
  std::ofstream(summary) << "# before\n";
  FakeIo f;
  f.env = {
      {"GITHUB_ACTIONS", "true"}, {"GITHUB_OUTPUT", gh_output}, {"GITHUB_STEP_SUMMARY", summary}};
  OutputOptions o;
  o.json = dir + "report.json";
  o.junit = dir + "report.xml";
  Finish finish(o, f.io);
  finish.add_file(dir + "report.html", "<html>", "HTML report");
  finish.set_record([] { throw input_error("cannot write the attestation"); });
  EXPECT_EQ(code_of([&] { finish.publish(passing(), kValid); }), ExitCode::kCannotEvaluate);
  EXPECT_EQ(slurp(gh_output), "earlier=1\n");
  EXPECT_EQ(slurp(summary), "# before\n");
  for (const char* name : {"report.json", "report.xml", "report.html"}) {
    EXPECT_FALSE(std::filesystem::exists(dir + name)) << name;
  }
  std::vector<std::string> left;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    left.push_back(e.path().filename().string());
  }
  EXPECT_EQ(left.size(), 2u);  // no temporary file either
}

TEST(PublishTest, EveryOutputInPlaceBeforeTheRecordRuns) {
  std::string dir = fresh_dir();
  FakeIo f;
  OutputOptions o;
  o.json = dir + "report.json";
  Finish finish(o, f.io);
  bool seen = false;
  finish.set_record([&] { seen = std::filesystem::exists(o.json); });
  finish.publish(passing(), kValid);
  EXPECT_TRUE(seen);
}

report::Report hostile() {
  report::Report r;
  r.tool = "data-validate";
  r.title = "evil\n::add-mask::x.csv";
  r.exit = ExitCode::kFail;
  r.checks.push_back({"col\r\n::set-output name=verdict::pass", "col", report::Status::kFail,
                      "value 'a\n::add-mask::x' is not allowed, ##[set-env name=A]b", "",
                      report::Location{"data\n::error::x.csv", 3, 0}, 0});
  r.facts = {{"rows", "1"}};
  return r;
}

TEST(PublishTest, DataCannotStartWorkflowCommandsInGithubMode) {
  std::string dir = fresh_dir();
  FakeIo f;
  f.env = {{"GITHUB_ACTIONS", "true"}, {"GITHUB_OUTPUT", dir + "out"}};
  OutputOptions o;
  o.verbose = true;
  publish(hostile(), kValid, o, f.io);
  // The one command left is the tool's own annotation, with every data part escaped.
  auto commands = testing::active_commands(f.out.str());
  ASSERT_EQ(commands.size(), 1u) << f.out.str();
  EXPECT_EQ(commands[0],
            "::error file=data%0A%3A%3Aerror%3A%3Ax.csv,line=3,title=data-validate%3A "
            "col%0D%0A%3A%3Aset-output name=verdict%3A%3Apass::value 'a%0A::add-mask::x' is "
            "not allowed, ##[set-env name=A]b");
  EXPECT_THAT(f.out.str(), HasSubstr("::stop-commands::"));
  EXPECT_THAT(f.out.str(), HasSubstr("\n::add-mask::x"));  // still shown, inside the block
}

TEST(PublishTest, WithoutGithubModeTheTextIsUnchanged) {
  FakeIo f;
  publish(hostile(), kValid, OutputOptions{}, f.io);
  EXPECT_THAT(f.out.str(), ::testing::Not(HasSubstr("stop-commands")));
  EXPECT_EQ(shield_untrusted("a::b\n", false), "a::b\n");
  EXPECT_EQ(shield_untrusted("plain text\n", true), "plain text\n");
}

TEST(PublishTest, ShieldTokensAreFreshAndEndTheBlock) {
  std::string a = shield_untrusted("x\n::add-mask::y\n", true);
  std::string b = shield_untrusted("x\n::add-mask::y\n", true);
  EXPECT_NE(a, b);
  ASSERT_EQ(a.size(), 17 + 32 + 1 + 16 + 2 + 32 + 3u) << a;
  const std::string token = a.substr(17, 32);
  EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(a, "::stop-commands::" + token + "\nx\n::add-mask::y\n::" + token + "::\n");
  EXPECT_TRUE(testing::active_commands(a + "::notice::after\n") ==
              std::vector<std::string>{"::notice::after"});
}

// Warnings quote server and data text (an MLflow run's status); on a runner they are shielded
// with --no-github too, which turns off the tool's own annotations, not the runner's reading.
TEST(PublishTest, WarningsAreShieldedOnARunnerWithNoGithubToo) {
  FakeIo f;
  f.env = {{"GITHUB_ACTIONS", "true"}};
  OutputOptions o;
  o.no_github = true;
  o.quiet = true;
  Finish finish(o, f.io);
  finish.add_warnings("metric-gate: warning: run has status RUNNING\n::add-mask::x\n");
  finish.publish(failing(), kJson);
  EXPECT_THAT(f.err.str(), HasSubstr("\n::add-mask::x\n"));  // still shown, inside the block
  EXPECT_TRUE(testing::active_commands(f.err.str()).empty()) << f.err.str();
}

// The text report quotes data too, and the runner reads stdout whatever --no-github says.
TEST(PublishTest, TheTextReportIsShieldedOnARunnerWithNoGithubToo) {
  FakeIo f;
  f.env = {{"GITHUB_ACTIONS", "true"}};
  OutputOptions o;
  o.no_github = true;
  Finish finish(o, f.io);
  finish.set_text("column 'a\n::add-mask::x' drifted\n");
  finish.publish(failing(), kJson);
  EXPECT_THAT(f.out.str(),
              HasSubstr("\n::add-mask::x' drifted\n"));  // still shown, inside the block
  EXPECT_TRUE(testing::active_commands(f.out.str()).empty()) << f.out.str();
}

TEST(PublishTest, ErrorMessagesQuotingDataAreShielded) {
  FakeIo f;
  f.env = {{"GITHUB_ACTIONS", "true"}};
  const char* argv[] = {"drift-check"};
  int code =
      run_tool("drift-check", argv, f.io, [](const std::vector<std::string>&, Io&) -> ExitCode {
        throw input_error("column 'a\n::add-mask::x' has no values");
      });
  EXPECT_EQ(code, 3);
  EXPECT_TRUE(testing::active_commands(f.err.str()).empty()) << f.err.str();
}

TEST(PublishTest, OutputThatIsAnInputIsRefused) {
  std::string dir = fresh_dir();
  std::string data = dir + "data.csv";
  std::ofstream(data) << "a\n1\n";
  std::filesystem::create_symlink(data, dir + "link.csv");
  EXPECT_EQ(code_of([&] { refuse_overwriting_inputs({data}, {dir + "link.csv"}); }),
            ExitCode::kUsage);
  EXPECT_EQ(code_of([&] {
              refuse_overwriting_inputs({"-", "", dir + "link.csv"}, {data});
            }),
            ExitCode::kUsage);
  EXPECT_EQ(code_of([&] {
              refuse_overwriting_inputs({data}, {dir + "report.json", "-"});
            }),
            ExitCode::kPass);
  EXPECT_EQ(code_of([&] {
              refuse_overwriting_inputs({data}, {dir + "r.json", dir + "./r.json"});
            }),
            ExitCode::kUsage);
  EXPECT_EQ(code_of([&] {
              refuse_overwriting_inputs({data}, {"/dev/null", "/dev/null"});
            }),
            ExitCode::kPass);
  EXPECT_EQ(slurp(data), "a\n1\n");
}

}  // namespace
}  // namespace mlops::cli
