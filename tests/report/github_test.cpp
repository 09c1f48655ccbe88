#include "report/github.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/error.h"
#include "sample_report.h"

namespace mlops::report {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

struct Files {
  std::string output = ::testing::TempDir() + "gh_output_" +
                       ::testing::UnitTest::GetInstance()->current_test_info()->name();
  std::string summary = output + "_summary";
  Files() {
    std::ofstream(output, std::ios::trunc) << "existing=1\n";
    std::ofstream(summary, std::ios::trunc) << "";
  }
};

TEST(GithubActionsTest, OutputsUseNameValueOrTheDelimiterForm) {
  Files files;
  std::ostringstream commands;
  GithubActions gh(commands, files.output, files.summary, [] { return std::string("EOF_1"); });
  gh.set_output("valid", "false");
  gh.set_output("report", "line one\nline two");
  // Appended after what the runner's file already held, byte for byte.
  EXPECT_EQ(slurp(files.output),
            "existing=1\n"
            "valid=false\n"
            "report<<EOF_1\nline one\nline two\nEOF_1\n");
}

TEST(GithubActionsTest, DelimiterFoundInTheValueIsRedrawn) {
  Files files;
  std::ostringstream commands;
  int n = 0;
  GithubActions gh(commands, files.output, files.summary,
                   [&n] { return "D" + std::to_string(n++); });
  gh.set_output("x", "a\nD0\nb");
  EXPECT_EQ(slurp(files.output), "existing=1\nx<<D1\na\nD0\nb\nD1\n");
}

TEST(GithubActionsTest, RandomDelimitersDiffer) {
  std::string a = GithubActions::random_delimiter(), b = GithubActions::random_delimiter();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.rfind("ghadelimiter_", 0), 0u);
  EXPECT_EQ(a.size(), 13u + 32u);
}

TEST(GithubActionsTest, AnnotationEscapesDataAndProperties) {
  std::ostringstream commands;
  GithubActions gh(commands, "", "");
  Location where{"data/in,put:1.csv", 7, 3};
  gh.annotate(Status::kFail, "bad value, expected: <= 5\nsee 100%", &where, "age: max, hard");
  EXPECT_EQ(commands.str(),
            "::error file=data/in%2Cput%3A1.csv,line=7,col=3,title=age%3A max%2C hard"
            "::bad value, expected: <= 5%0Asee 100%25\n");
}

TEST(GithubActionsTest, WarningWithoutLocation) {
  std::ostringstream commands;
  GithubActions gh(commands, "", "");
  gh.annotate(Status::kWarn, "r\rn", nullptr, "");
  EXPECT_EQ(commands.str(), "::warning::r%0Dn\n");
}

TEST(GithubActionsTest, PublishWritesAnnotationsOutputsAndSummary) {
  Files files;
  std::ostringstream commands;
  GithubActions gh(commands, files.output, files.summary, [] { return std::string("X"); });
  gh.publish(testing::sample_report());
  EXPECT_EQ(commands.str(),
            "::error file=data.csv,line=17,title=data-validate%3A age.max::3 values > 120, e.g. "
            "150 & <200>\n"
            "::warning title=data-validate%3A city.nulls::null fraction 0.031 > 0.01 | \"high\"\n"
            "::error title=data-validate%3A id.unique::could not evaluate\n");
  EXPECT_EQ(slurp(files.output), "existing=1\nverdict=fail\nrows=1000\nfingerprint=sha256:abc\n");
  std::string summary = slurp(files.summary);
  EXPECT_THAT(summary, ::testing::StartsWith("### data-validate: FAIL\n"));
  EXPECT_THAT(summary, ::testing::HasSubstr("| ❌ | `age.max` | 150 |"));
}

TEST(GithubActionsTest, UnwritableOutputFileIsAnError) {
  std::ostringstream commands;
  GithubActions gh(commands, "/nonexistent/dir/out", "");
  EXPECT_THROW(gh.set_output("a", "b"), Error);
}

TEST(GithubActionsTest, OutputNameWithEqualsIsRejected) {
  std::ostringstream commands;
  GithubActions gh(commands, ::testing::TempDir() + "gh_bad_name", "");
  EXPECT_THROW(gh.set_output("a=b", "c"), Error);
}

}  // namespace
}  // namespace mlops::report
