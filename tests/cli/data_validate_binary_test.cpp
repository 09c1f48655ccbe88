// Spawns the real data-validate binary, as CI would: exit codes, stdin, GitHub mode.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace {

using ::testing::HasSubstr;

const std::string kBinary = std::string(MLOPS_BUILD_DIR) + "/tools/data-validate";
const std::string kData = std::string(MLOPS_TEST_DATA);

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

struct Result {
  int exit;
  std::string out, err;
};

// Runs `env_prefix data-validate args` through the shell, capturing stdout and stderr.
Result sh(const std::string& args, const std::string& env_prefix = "",
          const std::string& stdin_file = "/dev/null") {
  // Per-test names: ctest runs these tests in parallel processes.
  std::string dir =
      ::testing::TempDir() + ::testing::UnitTest::GetInstance()->current_test_info()->name();
  std::string out = dir + "_out", err = dir + "_err";
  std::string cmd =
      env_prefix + " " + kBinary + " " + args + " <" + stdin_file + " >" + out + " 2>" + err;
  int status = std::system(cmd.c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(out), slurp(err)};
}

std::string write(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() +
                     ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" + name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  return path;
}

const char* kContract =
    "columns:\n  id: {type: integer, unique: true}\n  age: {type: integer, max: 120}\n";

TEST(DataValidateBinaryTest, VersionNamesTheCommit) {
  Result r = sh("--version");
  EXPECT_EQ(r.exit, 0);
  EXPECT_THAT(r.out,
              ::testing::MatchesRegex("data-validate [0-9.]+ \\(commit [0-9a-f]+(-dirty)?\\)\n|"
                                      "data-validate [0-9.]+ \\(commit unknown\\)\n"));
}

TEST(DataValidateBinaryTest, ExitCodesZeroOneTwoThree) {
  std::string contract = write("bin_contract.yaml", kContract);
  EXPECT_EQ(sh("check " + write("bin_ok.csv", "id,age\n1,30\n2,40\n") + " -c " + contract).exit, 0);
  EXPECT_EQ(sh("check " + write("bin_bad.csv", "id,age\n1,30\n1,140\n") + " -c " + contract).exit,
            1);
  EXPECT_EQ(sh("check x.csv --contract " + write("bin_badc.yaml", "columns: [1]\n")).exit, 2);
  Result missing = sh("check /nonexistent.csv -c " + contract);
  EXPECT_EQ(missing.exit, 3);
  EXPECT_THAT(missing.err, HasSubstr("data-validate: error: cannot open /nonexistent.csv"));
}

TEST(DataValidateBinaryTest, ReadsStdin) {
  std::string contract = write("bin_contract.yaml", kContract);
  Result r = sh("check - -c " + contract + " --json -", "",
                write("bin_stdin.csv", "id,age\n1,30\n2,150\n"));
  EXPECT_EQ(r.exit, 1);
  auto json = boost::json::parse(r.out);
  EXPECT_EQ(json.at("rows").to_number<int>(), 2);
  EXPECT_EQ(json.at("files").at(0).at("path").as_string(), "-");
}

TEST(DataValidateBinaryTest, ReportToAFullDiskIsExitThree) {
  std::string contract = write("bin_contract.yaml", kContract);
  std::string data = write("full.csv", "id,age\n1,30\n");
  for (const char* args : {"--json -", "", "--json /dev/full", "--junit /dev/full"}) {
    int status = std::system(
        (kBinary + " check " + data + " -c " + contract + " " + args + " >/dev/full 2>/dev/null")
            .c_str());
    EXPECT_EQ(WIFEXITED(status) ? WEXITSTATUS(status) : -1, 3) << args;
  }
}

TEST(DataValidateBinaryTest, GithubModeWritesOutputsSummaryAndAnnotations) {
  std::string dir = ::testing::TempDir();
  std::string output = write("gh_output", ""), summary = write("gh_summary", "");
  std::string data = write("gh_data.csv", "id,age\n1,30\n2,150\n3,20\n");
  std::string env = "GITHUB_ACTIONS=true GITHUB_OUTPUT=" + output +
                    " GITHUB_STEP_SUMMARY=" + summary + " RUNNER_TEMP=" + dir;
  Result r = sh("check " + data + " -c " + write("bin_contract.yaml", kContract), env);
  EXPECT_EQ(r.exit, 1);
  EXPECT_THAT(r.out, HasSubstr("::error file=" + data +
                               ",line=3,title=data-validate%3A age.max::"
                               "1 row > 120 (expected <= 120), e.g. \"150\"\n"));
  std::string outputs = slurp(output);
  EXPECT_THAT(outputs, HasSubstr("verdict=fail\nvalid=false\nrows=3\n"));
  // sha256sum of the data file's bytes.
  EXPECT_THAT(outputs,
              HasSubstr("fingerprint=sha256:"
                        "8ee4cc55f8feb3efff6fb1b68047d13b18203b010414d33e7eec49a2bd406670\n"));
  auto report_pos = outputs.find("report=");
  ASSERT_NE(report_pos, std::string::npos);
  std::string report =
      outputs.substr(report_pos + 7, outputs.find('\n', report_pos) - report_pos - 7);
  EXPECT_EQ(report.rfind(dir, 0), 0u);
  auto json = boost::json::parse(slurp(report));
  EXPECT_EQ(json.at("valid").as_bool(), false);
  EXPECT_THAT(slurp(summary), HasSubstr("### data-validate: FAIL"));

  Result off =
      sh("check " + data + " -c " + write("bin_contract.yaml", kContract) + " --no-github", env);
  EXPECT_THAT(off.out, ::testing::Not(HasSubstr("::error")));
}

}  // namespace
