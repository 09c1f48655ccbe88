#include "cli/app.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json/value.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/publish.h"
#include "core/error.h"
#include "core/version.h"
#include "fake_io.h"
#include "report/junit.h"

namespace mlops::cli {
namespace {

using testing::Argv;
using testing::FakeIo;
using ::testing::HasSubstr;

// A tiny tool: `--threshold X VALUE` passes when VALUE >= X.
ExitCode toy(const std::vector<std::string>& args, Io& io) {
  double threshold = 0, value = 0;
  po::options_description desc("toy");
  desc.add_options()("threshold", po::value(&threshold)->required(), "minimum")(
      "value", po::value(&value)->required(), "measured");
  po::positional_options_description pos;
  pos.add("value", 1);
  parse(args, desc, pos);
  if (value < 0) throw input_error("negative value " + std::to_string(value), "measure again");
  if (value > 1e6) throw std::runtime_error("boom");
  io.out << "value " << value << "\n";
  return value >= threshold ? ExitCode::kPass : ExitCode::kFail;
}

int run(FakeIo& f, std::vector<std::string> args) {
  args.insert(args.begin(), "toy");
  Argv argv(args);
  return run_tool("toy", argv.span(), f.io, toy);
}

TEST(RunToolTest, PassAndFailAreTheBodysExitCodes) {
  FakeIo a, b;
  EXPECT_EQ(run(a, {"--threshold", "0.5", "0.7"}), 0);
  EXPECT_EQ(a.out.str(), "value 0.7\n");
  EXPECT_EQ(run(b, {"--threshold", "0.5", "0.2"}), 1);
}

TEST(RunToolTest, UnknownOptionIsUsageErrorWithSuggestion) {
  FakeIo f;
  EXPECT_EQ(run(f, {"--treshold", "0.5", "0.7"}), 2);
  EXPECT_EQ(f.err.str(), "toy: error: unknown option --treshold, did you mean --threshold?\n");
}

TEST(RunToolTest, MissingRequiredOptionIsUsageError) {
  FakeIo f;
  EXPECT_EQ(run(f, {"0.7"}), 2);
  EXPECT_THAT(f.err.str(), HasSubstr("toy: error: "));
  EXPECT_THAT(f.err.str(), HasSubstr("threshold"));
}

TEST(RunToolTest, BadValueIsUsageError) {
  FakeIo f;
  EXPECT_EQ(run(f, {"--threshold", "abc", "1"}), 2);
  EXPECT_THAT(f.err.str(), HasSubstr("threshold"));
}

TEST(RunToolTest, PrefixesAreNotGuessed) {
  FakeIo f;
  EXPECT_EQ(run(f, {"--thresh", "0.5", "0.7"}), 2);
}

TEST(RunToolTest, ErrorsBecomeOneMessageAndTheirCode) {
  FakeIo f;
  EXPECT_EQ(run(f, {"--threshold", "0", "--", "-1"}), 3);
  EXPECT_EQ(f.err.str(), "toy: error: negative value -1.000000, measure again\n");
  EXPECT_EQ(f.out.str(), "");
}

// The actions' scripts give every value as --option=VALUE and paths after "--", so that a value
// or a file named like an option (-h, --help) is read as what it is, never as an option.
TEST(RunToolTest, OptionLookalikesAfterEqualsOrDoubleDashAreValues) {
  FakeIo a, b;
  EXPECT_EQ(run(a, {"--threshold=-0.5", "0.2"}), 0);
  EXPECT_EQ(a.out.str(), "value 0.2\n");
  EXPECT_EQ(run(b, {"--threshold=0", "--", "--help"}), 2);
  EXPECT_THAT(b.err.str(), HasSubstr("the argument ('--help') for option '--value' is invalid"));
}

TEST(RunToolTest, UnexpectedExceptionsFailClosed) {
  FakeIo f;
  EXPECT_EQ(run(f, {"--threshold", "0", "2e6"}), 3);
  EXPECT_EQ(f.err.str(), "toy: error: boom, the gate could not be evaluated\n");
}

report::Report gate_report(const std::string& input, bool pass) {
  report::Report r;
  r.tool = "gate";
  r.title = input;
  report::Check check;
  check.name = "ok";
  check.status = pass ? report::Status::kPass : report::Status::kFail;
  r.checks.push_back(check);
  r.exit = pass ? ExitCode::kPass : ExitCode::kFail;
  return r;
}

// A tiny gate with the standard outputs: `--input FILE` passes when the file holds "ok".
ExitCode gate(const std::vector<std::string>& args, Io& io) {
  std::string input;
  OutputOptions out;
  po::options_description desc("gate");
  desc.add_options()("input", po::value(&input), "the input");
  add_output_options(desc, out, false);
  parse(args, desc);
  check_outputs(out, {}, {input});
  if (input.empty()) throw usage_error("--input is required", "pass the file to check");
  std::ifstream f(input);
  if (!f) throw input_error("cannot open " + input, "check the path");
  std::string text;
  std::getline(f, text);
  if (text == "boom") throw std::runtime_error("boom");
  report::Report r = gate_report(input, text == "ok");
  publish(r, boost::json::object{}, out, io);
  return r.exit;
}

int run_gate(FakeIo& f, std::vector<std::string> args) {
  args.insert(args.begin(), "gate");
  Argv argv(args);
  return run_tool("gate", argv.span(), f.io, gate);
}

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "app_" +
         ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" + name;
}

std::string file_text(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// The one testcase of an errored report: {name, error type, error message}.
std::vector<std::string> errored_case(const std::string& xml) {
  namespace pt = boost::property_tree;
  std::istringstream in(xml);
  pt::ptree doc;
  pt::read_xml(in, doc);
  const pt::ptree& suite = doc.get_child("testsuites.testsuite");
  EXPECT_EQ(suite.get<std::string>("<xmlattr>.tests"), "1");
  EXPECT_EQ(suite.get<std::string>("<xmlattr>.errors"), "1");
  EXPECT_EQ(suite.count("testcase"), 1u);
  const pt::ptree& tc = suite.get_child("testcase");
  return {tc.get<std::string>("<xmlattr>.name"), tc.get<std::string>("error.<xmlattr>.type"),
          tc.get<std::string>("error.<xmlattr>.message")};
}

TEST(ErroredJunitTest, UsageErrorAfterTheOptionsWritesAnErroredReport) {
  FakeIo f;
  const std::string junit = temp_path("r.xml");
  EXPECT_EQ(run_gate(f, {"--junit", junit}), 2);
  EXPECT_EQ(f.err.str(), "gate: error: --input is required, pass the file to check\n");
  EXPECT_EQ(errored_case(file_text(junit)),
            (std::vector<std::string>{"usage error", "usage",
                                      "--input is required, pass the file to check"}));
}

TEST(ErroredJunitTest, InputErrorReplacesAStaleReport) {
  FakeIo f;
  const std::string junit = temp_path("r.xml");
  std::ofstream(junit) << "<testsuites name=\"stale: a pass of the last build\"/>";
  EXPECT_EQ(run_gate(f, {"--input", "/nonexistent/in.txt", "--junit=" + junit}), 3);
  EXPECT_EQ(errored_case(file_text(junit)),
            (std::vector<std::string>{"could not evaluate", "input",
                                      "cannot open /nonexistent/in.txt, check the path"}));
  // Written atomically: no temporary file is left beside it.
  const std::string staged = "." + std::filesystem::path(junit).filename().string() + ".";
  for (const auto& e : std::filesystem::directory_iterator(::testing::TempDir())) {
    EXPECT_NE(e.path().filename().string().rfind(staged, 0), 0u) << e.path();
  }
}

TEST(ErroredJunitTest, UnexpectedExceptionIsCouldNotEvaluate) {
  FakeIo f;
  const std::string input = temp_path("in.txt"), junit = temp_path("r.xml");
  std::ofstream(input) << "boom\n";
  EXPECT_EQ(run_gate(f, {"--input", input, "--junit", junit}), 3);
  EXPECT_EQ(errored_case(file_text(junit)),
            (std::vector<std::string>{"could not evaluate", "input",
                                      "boom, the gate could not be evaluated"}));
}

TEST(ErroredJunitTest, ToStdoutWhenJunitIsDash) {
  FakeIo f;
  EXPECT_EQ(run_gate(f, {"--junit", "-"}), 2);
  EXPECT_EQ(errored_case(f.out.str())[0], "usage error");
}

// The command line itself did not parse: the path is not known, and no report is guessed.
TEST(ErroredJunitTest, CommandLineThatDoesNotParseWritesNone) {
  FakeIo a, b, c;
  const std::string junit = temp_path("r.xml");
  // The path an earlier run armed is not this run's.
  EXPECT_EQ(run_gate(a, {"--junit", junit}), 2);
  ASSERT_TRUE(std::filesystem::remove(junit));
  EXPECT_EQ(run_gate(b, {"--junit", junit, "--inptu", "x"}), 2);
  EXPECT_EQ(run_gate(c, {"--input", "x", "--junit"}), 2);
  EXPECT_FALSE(std::filesystem::exists(junit));
}

TEST(ErroredJunitTest, ReportThatWouldOverwriteAnInputIsNotWritten) {
  FakeIo f;
  const std::string input = temp_path("in.txt");
  std::ofstream(input) << "ok\n";
  EXPECT_EQ(run_gate(f, {"--input", input, "--junit", input}), 2);
  EXPECT_THAT(f.err.str(), HasSubstr("is the input"));
  EXPECT_EQ(file_text(input), "ok\n");
}

TEST(ErroredJunitTest, UnwritableReportKeepsTheErrorsCodeAndSaysBoth) {
  FakeIo a, b;
  const std::string junit = "/nonexistent-dir/r.xml";
  EXPECT_EQ(run_gate(a, {"--input", "/nonexistent/in.txt", "--junit", junit}), 3);
  EXPECT_THAT(a.err.str(),
              ::testing::StartsWith("gate: error: cannot open /nonexistent/in.txt, check the "
                                    "path\ngate: error: the JUnit report of this error was not "
                                    "written either: "));
  EXPECT_THAT(a.err.str(), HasSubstr(junit));
  EXPECT_EQ(run_gate(b, {"--junit", junit}), 2);
  EXPECT_THAT(b.err.str(), HasSubstr("--input is required"));
  EXPECT_THAT(b.err.str(), HasSubstr("the JUnit report of this error was not written either"));
}

// Runs that decide write the report of their checks, as before.
TEST(ErroredJunitTest, PassAndFailWriteTheirOwnReport) {
  for (const char* text : {"ok", "no"}) {
    FakeIo f;
    const std::string input = temp_path("in.txt"), junit = temp_path("r.xml");
    std::ofstream(input) << text << "\n";
    EXPECT_EQ(run_gate(f, {"--input", input, "--junit", junit}), text == std::string("ok") ? 0 : 1);
    std::ostringstream expected;
    report::write_junit(gate_report(input, text == std::string("ok")), expected);
    EXPECT_EQ(file_text(junit), expected.str());
  }
}

TEST(RunToolTest, VersionNamesTheCommit) {
  FakeIo f;
  EXPECT_EQ(run(f, {"--version"}), 0);
  EXPECT_EQ(f.out.str(),
            "toy " + std::string(version()) + " (commit " + std::string(git_commit()) + ")\n");
  EXPECT_FALSE(git_commit().empty());
}

}  // namespace
}  // namespace mlops::cli
