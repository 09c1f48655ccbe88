#include "cli/app.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json/value.hpp>
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
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

// A tiny gate with the standard outputs: `--input FILE` passes when the file holds "ok"; an
// input "late" fails after the reports are written. --extra is an output replaced whole (like
// --html), --log one appended to (like --audit-log), --limit a typed option.
ExitCode gate(const std::vector<std::string>& args, Io& io) {
  std::string input, extra, log;
  int limit = 0;
  OutputOptions out;
  po::options_description desc("gate");
  desc.add_options()("input", po::value(&input), "the input")("extra", po::value(&extra), "out")(
      "log", po::value(&log), "appended")("limit", po::value(&limit), "a number");
  add_output_options(desc, out, false);
  parse(args, desc);
  check_outputs(out, {extra}, {input}, {log});
  if (input.empty()) throw usage_error("--input is required", "pass the file to check");
  std::ifstream f(input);
  if (!f) throw input_error("cannot open " + input, "check the path");
  std::string text;
  std::getline(f, text);
  if (text == "boom") throw std::runtime_error("boom");
  report::Report r = gate_report(input, text == "ok");
  Finish finish(out, io);
  finish.add_file(extra, "extra of this run\n", "extra report");
  finish.publish(r, boost::json::object{});
  if (text == "late") throw input_error("failed after the reports", "try again");
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

// A command line that does not parse still writes the report, at the --junit path the parser
// reads in it: an unknown option, a value that does not convert.
TEST(ErroredJunitTest, UnknownOptionStillWritesTheReport) {
  FakeIo f;
  const std::string junit = temp_path("r.xml");
  EXPECT_EQ(run_gate(f, {"--junit", junit, "--inptu", "x"}), 2);
  EXPECT_EQ(f.err.str(), "gate: error: unknown option --inptu, did you mean --input?\n");
  EXPECT_EQ(errored_case(file_text(junit)),
            (std::vector<std::string>{"usage error", "usage",
                                      "unknown option --inptu, did you mean --input?"}));
}

TEST(ErroredJunitTest, ValueThatDoesNotConvertStillWritesTheReport) {
  FakeIo f;
  const std::string junit = temp_path("r.xml");
  std::ofstream(junit) << "<?xml version=\"1.0\"?>\n<!-- stale -->\n<testsuites name=\"stale\"/>";
  EXPECT_EQ(run_gate(f, {"--input", "x", "--limit=abc", "--junit=" + junit}), 2);
  const std::string message = "the argument ('abc') for option '--limit' is invalid, see --help";
  EXPECT_EQ(f.err.str(), "gate: error: " + message + "\n");
  EXPECT_EQ(errored_case(file_text(junit)),
            (std::vector<std::string>{"usage error", "usage", message}));
}

// The path is the one boost::program_options reads, never a guess: none when it reads none,
// or two.
TEST(ErroredJunitTest, CommandLineIsReadAsTheParserReadsIt) {
  const std::string junit = temp_path("r.xml"), other = temp_path("s.xml");
  const std::vector<std::vector<std::string>> lines = {
      {"--input", "x", "--junit"},                           // --junit without its value
      {"--junit", junit, "--limit"},                         // --limit without its value
      {"--input", "--junit", junit},                         // --input's value is "--junit"
      {"--limit=1", "--", "--junit", junit},                 // after "--": operands
      {"--junit", junit, "--junit", other, "--limit=x"},     // two of them
      {"--junit", junit, "--limit=x", "--junit=" + other}};  // two of them
  for (const auto& line : lines) {
    FakeIo f;
    EXPECT_EQ(run_gate(f, line), 2) << line.back();
    EXPECT_FALSE(std::filesystem::exists(junit)) << f.err.str();
    EXPECT_FALSE(std::filesystem::exists(other)) << f.err.str();
  }
  // The path an earlier run armed is not this run's.
  FakeIo a, b;
  EXPECT_EQ(run_gate(a, {"--junit", junit}), 2);
  ASSERT_TRUE(std::filesystem::remove(junit));
  EXPECT_EQ(run_gate(b, {"--inptu", "x"}), 2);
  EXPECT_FALSE(std::filesystem::exists(junit));
}

// Its inputs are not known: a file already at the path is replaced only when it is a JUnit
// report that no other value of the command line names; stderr says why it was not.
TEST(ErroredJunitTest, UnparsedCommandLineReplacesOnlyAJunitReport) {
  const std::string data = temp_path("data.csv"), xml = temp_path("in.xml");
  std::ofstream(data) << "a,b\n1,2\n";
  std::ofstream(xml) << "<testsuites/>";
  FakeIo a, b, c;
  EXPECT_EQ(run_gate(a, {"--junit", data, "--limt", "1"}), 2);
  EXPECT_EQ(file_text(data), "a,b\n1,2\n");
  EXPECT_EQ(a.err.str(),
            "gate: error: unknown option --limt, did you mean --limit?\n"
            "gate: error: the JUnit report of this error was not written either: " +
                data +
                " exists and is not a JUnit report, and a command line that does not parse "
                "cannot say whether it is an input, fix the command line\n");
  EXPECT_EQ(run_gate(b, {"--input=" + xml, "--junit", xml, "--limt", "1"}), 2);
  EXPECT_EQ(file_text(xml), "<testsuites/>");
  EXPECT_THAT(b.err.str(), HasSubstr(xml + " is also given as " + xml));
  EXPECT_EQ(run_gate(c, {"--junit", ::testing::TempDir(), "--limt", "1"}), 2);
  EXPECT_THAT(c.err.str(), HasSubstr("exists and is not a JUnit report"));
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

// After an error, no report an earlier run left at an output path passes for this run's:
// the errored JUnit report replaces its own, the others are removed.
TEST(StaleOutputsTest, ErrorRemovesTheReportsOfAnEarlierRun) {
  const std::string json = temp_path("r.json"), md = temp_path("r.md"), extra = temp_path("x"),
                    junit = temp_path("r.xml"), target = temp_path("target.md"),
                    link = temp_path("link.md");
  for (const std::string& path : {json, md, extra, junit, target}) {
    std::ofstream(path) << "{\"passed\": true}\n";
  }
  std::filesystem::remove(link);  // from an earlier run of the test
  std::filesystem::create_symlink(target, link);
  FakeIo f;
  EXPECT_EQ(run_gate(f, {"--input", "/nonexistent/in.txt", "--json", json, "--markdown", md,
                         "--extra", extra, "--junit", junit}),
            3);
  EXPECT_EQ(f.err.str(), "gate: error: cannot open /nonexistent/in.txt, check the path\n");
  EXPECT_FALSE(std::filesystem::exists(json));
  EXPECT_FALSE(std::filesystem::exists(md));
  EXPECT_FALSE(std::filesystem::exists(extra));
  EXPECT_EQ(errored_case(file_text(junit))[0], "could not evaluate");
  // Through a symlink, the file a report would have replaced.
  FakeIo g;
  EXPECT_EQ(run_gate(g, {"--markdown", link}), 2);
  EXPECT_FALSE(std::filesystem::exists(target));
  EXPECT_TRUE(std::filesystem::is_symlink(link));
}

// A stale report that can be neither replaced nor removed is named on stderr. The run is made
// by a user who may not write the report's directory: as root (CI), a child process that drops
// to nobody (65534), since root writes into a read-only directory.
TEST(StaleOutputsTest, StaleReportThatCannotBeRemovedIsSaid) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  const std::string dir = temp_path("ro"), junit = dir + "/r.xml";
  std::filesystem::create_directories(dir);
  std::ofstream(junit) << "<testsuites name=\"stale\"/>";
  using std::filesystem::perms;
  std::filesystem::permissions(dir, perms::owner_read | perms::owner_exec | perms::group_read |
                                        perms::group_exec | perms::others_read |
                                        perms::others_exec);
  std::filesystem::permissions(
      junit, perms::owner_read | perms::owner_write | perms::group_read | perms::others_read);
  const auto run_as_a_user = [&junit] {
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) std::_Exit(10);
    FakeIo f;
    const int code = run_gate(f, {"--junit", junit});
    std::cerr << f.err.str();
    std::_Exit(code == 2 ? 0 : 11);
  };
  EXPECT_EXIT(run_as_a_user(), ::testing::ExitedWithCode(0),
              "the JUnit report of this error was not written either(.|\n)*gate: error: cannot "
              "remove .*r\\.xml, a report of an earlier run: Permission denied");
  std::filesystem::permissions(dir, perms::owner_all, std::filesystem::perm_options::add);
  EXPECT_EQ(file_text(junit), "<testsuites name=\"stale\"/>");
}

// A file appended to (an audit log), an input, a report this run wrote: kept.
TEST(StaleOutputsTest, AppendedInputsAndThisRunsReportsAreKept) {
  const std::string input = temp_path("in.txt"), log = temp_path("audit.log"),
                    json = temp_path("r.json"), extra = temp_path("x");
  std::ofstream(input) << "late\n";
  std::ofstream(log) << "line 1\n";
  for (const std::string& path : {json, extra}) std::ofstream(path) << "stale\n";
  FakeIo f;
  EXPECT_EQ(run_gate(f, {"--input", input, "--log", log, "--json", json, "--extra", extra}), 3);
  EXPECT_THAT(f.err.str(), HasSubstr("failed after the reports"));
  EXPECT_EQ(file_text(input), "late\n");
  EXPECT_EQ(file_text(log), "line 1\n");
  EXPECT_EQ(file_text(json), "{}\n");
  EXPECT_EQ(file_text(extra), "extra of this run\n");
}

// Where the outputs were never proved not to be inputs, nothing is removed: an output that is
// an input, a command line that does not parse.
TEST(StaleOutputsTest, UncheckedOutputsAreLeftAlone) {
  const std::string input = temp_path("in.txt"), json = temp_path("r.json");
  std::ofstream(input) << "ok\n";
  std::ofstream(json) << "stale\n";
  FakeIo a, b;
  EXPECT_EQ(run_gate(a, {"--input", input, "--json", json, "--markdown", input}), 2);
  EXPECT_EQ(run_gate(b, {"--input", input, "--json", json, "--limit=x"}), 2);
  EXPECT_EQ(file_text(input), "ok\n");
  EXPECT_EQ(file_text(json), "stale\n");
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
