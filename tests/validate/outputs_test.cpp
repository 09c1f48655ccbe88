// Where data-validate's reports go: never over an input, never a command to the runner.
#include <filesystem>

#include "../cli/workflow_commands.h"
#include "run_helpers.h"

namespace mlops::validate::testing {
namespace {

using ::testing::HasSubstr;

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

struct GithubRun {
  int exit = -1;
  std::string out, err;
};

GithubRun run_in_github(std::vector<std::string> args, std::map<std::string, std::string> env) {
  cli::testing::FakeIo f;
  f.env = std::move(env);
  f.env["GITHUB_ACTIONS"] = "true";
  args.insert(args.begin(), "data-validate");
  cli::testing::Argv argv(args);
  GithubRun r;
  r.exit = cli::run_tool("data-validate", argv.span(), f.io, data_validate);
  r.out = f.out.str();
  r.err = f.err.str();
  return r;
}

const char* kContract = "columns:\n  id: {type: integer}\n  city: {allowed: [paris, rome]}\n";
const char* kData = "id,city\n1,paris\n2,rome\n";

TEST(DataValidateOutputsTest, JsonReportOverTheDataIsRefused) {
  std::string data = temp_file("overwrite.csv", kData);
  std::string contract = temp_file("overwrite.yaml", kContract);
  RunResult r = run({"check", data, "--contract", contract, "--json", data});
  EXPECT_EQ(r.exit, 2);
  EXPECT_THAT(r.err, HasSubstr("the output " + data + " is the input " + data));
  EXPECT_EQ(slurp(data), kData);
}

TEST(DataValidateOutputsTest, ReportOverTheContractThroughASymlinkIsRefused) {
  std::string data = temp_file("symlinked.csv", kData);
  std::string contract = temp_file("symlinked.yaml", kContract);
  std::string link = ::testing::TempDir() + "symlinked-report.xml";
  std::filesystem::remove(link);
  std::filesystem::create_symlink(contract, link);
  RunResult r = run({"check", data, "--contract", contract, "--junit", link});
  EXPECT_EQ(r.exit, 2);
  EXPECT_EQ(slurp(contract), kContract);
  RunResult infer = run({"infer", data, "-o", data});
  EXPECT_EQ(infer.exit, 2);
  EXPECT_EQ(slurp(data), kData);
}

TEST(DataValidateOutputsTest, FallbackReportIsUnpredictableAndFresh) {
  std::string dir = ::testing::TempDir() + "dv_runner_temp";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::string gh_output = dir + "/github_output";
  std::ofstream(gh_output).flush();
  std::string data = temp_file("fallback.csv", kData);
  std::string contract = temp_file("fallback.yaml", kContract);
  GithubRun r = run_in_github({"check", data, "--contract", contract},
                              {{"RUNNER_TEMP", dir}, {"GITHUB_OUTPUT", gh_output}});
  EXPECT_EQ(r.exit, 0) << r.err;
  std::string outputs = slurp(gh_output);
  auto at = outputs.find("report=");
  ASSERT_NE(at, std::string::npos) << outputs;
  std::string report = outputs.substr(at + 7, outputs.find('\n', at) - at - 7);
  EXPECT_THAT(report, ::testing::MatchesRegex(".*/data-validate-[0-9a-f]{16}\\.json"));
  EXPECT_EQ(report.find(std::to_string(::getpid())), std::string::npos);
  EXPECT_EQ(boost::json::parse(slurp(report)).at("valid"), true);
}

TEST(DataValidateOutputsTest, HostileColumnNamesAndValuesStartNoWorkflowCommand) {
  // A column name and values that try to end the line and start a command of their own.
  std::string data = temp_file("hostile.csv",
                               "id,\"c\n::add-mask::x\"\n"
                               "1,\"a\n::add-mask::x\"\n"
                               "2,\"b\r\n::set-output name=verdict::pass\"\n");
  std::string contract = temp_file("hostile.yaml",
                                   "columns:\n  id: {type: integer}\n"
                                   "  \"c\\n::add-mask::x\": {allowed: [paris]}\n");
  std::string dir = ::testing::TempDir();
  GithubRun r = run_in_github({"check", data, "--contract", contract, "--verbose"},
                              {{"GITHUB_OUTPUT", dir + "hostile_out"}});
  EXPECT_EQ(r.exit, 1) << r.err;
  EXPECT_THAT(r.out, HasSubstr("::add-mask::x"));  // shown, but not as a command
  for (const std::string& c : cli::testing::active_commands(r.out)) {
    EXPECT_TRUE(c.rfind("::error ", 0) == 0 || c.rfind("::warning ", 0) == 0) << c;
    EXPECT_EQ(c.find('\n'), std::string::npos);
  }
  EXPECT_TRUE(cli::testing::active_commands(r.err).empty()) << r.err;
}

TEST(DataValidateOutputsTest, HostileValueInAnErrorMessageStartsNoCommand) {
  std::string data = temp_file("hostile_error.csv", "id\n1\n");
  std::string contract =
      temp_file("hostile_error.yaml", "columns:\n  \"x\\n::add-mask::y\": {type: integer}\n");
  GithubRun r = run_in_github({"check", data, "--contract", contract}, {});
  EXPECT_NE(r.exit, 0);
  for (const std::string& c : cli::testing::active_commands(r.out + r.err)) {
    EXPECT_TRUE(c.rfind("::error ", 0) == 0) << c;
  }
}

// --json - and infer's YAML on stdout carry data: in GitHub mode neither may start a workflow
// command, and both stay what they are (the same JSON value, a contract that loads).
TEST(DataValidateOutputsTest, DocumentsOnStdoutStartNoWorkflowCommand) {
  std::string data = temp_file("doc.csv", "id,\"##[add-mask]c\"\n1,\"##[add-mask]EVIL\"\n2,b\n");
  std::string contract = temp_file(
      "doc.yaml", "columns:\n  id: {type: integer, min: 2}\n  \"##[add-mask]c\": {allowed: [b]}\n");
  GithubRun j = run_in_github({"check", data, "--contract", contract, "--json", "-"}, {});
  EXPECT_EQ(j.exit, 1) << j.err;
  EXPECT_THAT(cli::testing::active_commands(j.out), ::testing::IsEmpty()) << j.out;
  EXPECT_THAT(boost::json::serialize(boost::json::parse(j.out)), HasSubstr("##[add-mask]EVIL"));
  GithubRun y = run_in_github({"infer", data}, {});
  EXPECT_EQ(y.exit, 0) << y.err;
  EXPECT_THAT(cli::testing::active_commands(y.out), ::testing::IsEmpty()) << y.out;
  // The inferred contract still names the column as it is.
  std::string inferred = temp_file("doc-inferred.yaml", y.out);
  RunResult again = run({"check", data, "--contract", inferred});
  EXPECT_EQ(again.exit, 0) << again.err << y.out;
}

}  // namespace
}  // namespace mlops::validate::testing
