// Where drift-check's reports go: never over an input, never a command to the runner.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>

#include "../cli/workflow_commands.h"
#include "drift_run.h"

namespace mlops::drift {
namespace {

using ::testing::HasSubstr;

using testing::DriftRun;
using testing::slurp;

std::string temp_file(const std::string& name, const std::string& text) {
  return testing::temp_file("drift_outputs_", name, text);
}

DriftRun run(std::vector<std::string> args, std::map<std::string, std::string> env = {}) {
  return testing::run_drift(std::move(args), std::move(env));
}

std::string numbers(const std::string& header, int offset) {
  std::string text = header + "\n";
  for (int i = 0; i < 200; ++i) {
    text +=
        std::to_string(i % 50 + offset) + ",\"v" + std::to_string(i % 7) + "\n::add-mask::x\"\n";
  }
  return text;
}

TEST(DriftOutputsTest, ReportOverTheReferenceIsRefused) {
  std::string ref = temp_file("ref.csv", numbers("a,b", 0));
  std::string cur = temp_file("cur.csv", numbers("a,b", 0));
  const std::string before = slurp(ref);
  for (const char* option : {"--html", "--json", "--prometheus", "--markdown"}) {
    DriftRun r = run({"compare", "--reference", ref, "--current", cur, option, ref});
    EXPECT_EQ(r.exit, 2) << option << r.err;
    EXPECT_THAT(r.err, HasSubstr("is the input")) << option;
  }
  EXPECT_EQ(slurp(ref), before);
  EXPECT_EQ(run({"profile", cur, "-o", cur}).exit, 2);
  EXPECT_EQ(slurp(cur), before);
}

TEST(DriftOutputsTest, HostileColumnNamesAndValuesStartNoWorkflowCommand) {
  const std::string header = "\"a\n::add-mask::x\",\"b\r\n::set-output name=verdict::pass\"";
  std::string ref = temp_file("hostile_ref.csv", numbers(header, 0));
  std::string cur = temp_file("hostile_cur.csv", numbers(header, 40));
  DriftRun r = run({"compare", "--reference", ref, "--current", cur},
                   {{"GITHUB_ACTIONS", "true"}, {"GITHUB_OUTPUT", temp_file("hostile_out", "")}});
  EXPECT_EQ(r.exit, 1) << r.err;
  EXPECT_THAT(r.out, HasSubstr("::add-mask::x"));  // shown in the table, inside the block
  for (const std::string& c : cli::testing::active_commands(r.out)) {
    EXPECT_TRUE(c.rfind("::error ", 0) == 0 || c.rfind("::warning ", 0) == 0) << c;
  }
  EXPECT_TRUE(cli::testing::active_commands(r.err).empty()) << r.err;
}

TEST(DriftOutputsTest, ColumnNameAloneCannotStartACommandInTheTable) {
  // No line break needed: a table row starts with the column name after two spaces, and the
  // runner trims leading spaces.
  std::string ref = temp_file("plain_ref.csv", "::add-mask::x\n1\n2\n3\n4\n5\n6\n");
  std::string cur = temp_file("plain_cur.csv", "::add-mask::x\n1\n2\n3\n4\n5\n6\n");
  DriftRun r = run({"compare", "--reference", ref, "--current", cur}, {{"GITHUB_ACTIONS", "true"}});
  EXPECT_THAT(r.out, HasSubstr("  ::add-mask::x"));
  EXPECT_TRUE(cli::testing::active_commands(r.out).empty()) << r.out;
}

// Documents on stdout (--html -, --markdown -, --json -, profile -o -) and the lines that name
// files carry data too: in GitHub mode none of them may start a workflow command, and the JSON
// stays the same JSON (##[ written as #\u0023[).
TEST(DriftOutputsTest, DocumentsOnStdoutStartNoWorkflowCommand) {
  std::string ref = temp_file("doc_ref.csv", numbers("\"a\n::add-mask::NL\",##[add-mask]b", 0));
  std::string cur = temp_file("doc_cur.csv", numbers("\"a\n::add-mask::NL\",##[add-mask]b", 30));
  const std::map<std::string, std::string> gh = {{"GITHUB_ACTIONS", "true"}};
  for (const char* option : {"--html", "--markdown", "--json"}) {
    DriftRun r = run({"compare", "--reference", ref, "--current", cur, option, "-"}, gh);
    EXPECT_EQ(r.exit, 1) << option << r.err;
    // The only commands are drift-check's own annotations, their data %-escaped.
    for (const std::string& c : cli::testing::active_commands(r.out)) {
      EXPECT_TRUE(c.rfind("::error title=drift-check%3A ", 0) == 0) << option << ": " << c;
    }
    if (std::string(option) == "--json") {
      EXPECT_THAT(r.out, HasSubstr("#\\u0023[add-mask]b"));
      auto j = boost::json::parse(r.out);  // still JSON, and the name is intact
      EXPECT_THAT(boost::json::serialize(j), HasSubstr("##[add-mask]b"));
    }
  }
  std::string named = ::testing::TempDir() + "drift_outputs_p\n::add-mask::PROF\n.json";
  DriftRun p = run({"profile", ref, "-o", named}, gh);
  EXPECT_EQ(p.exit, 0) << p.err;
  EXPECT_THAT(cli::testing::active_commands(p.out), ::testing::IsEmpty()) << p.out;
  DriftRun dash = run({"profile", ref, "-o", "-"}, gh);
  EXPECT_EQ(dash.exit, 0) << dash.err;
  EXPECT_THAT(cli::testing::active_commands(dash.out), ::testing::IsEmpty());
  boost::json::parse(dash.out);
  DriftRun m = run({"merge", named, named, "-o", named + ".merged"}, gh);
  EXPECT_EQ(m.exit, 0) << m.err;
  EXPECT_THAT(cli::testing::active_commands(m.out), ::testing::IsEmpty()) << m.out;
}

}  // namespace
}  // namespace mlops::drift
