#include "report/markdown.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "report/text.h"
#include "sample_report.h"

namespace mlops::report {
namespace {

using ::testing::HasSubstr;

TEST(MarkdownTest, FailuresComeFirstAndCellsAreEscaped) {
  std::string md = to_markdown(testing::sample_report());
  EXPECT_THAT(md,
              ::testing::StartsWith("### data-validate: FAIL\n\ndata.csv against contract.yaml\n"));
  EXPECT_THAT(md, HasSubstr("- **rows**: `1000`\n"));
  EXPECT_THAT(md, HasSubstr("1 passed, 1 failed, 1 warnings, 1 errors\n"));
  // error, fail, warning, skipped, pass
  auto pos = [&](const char* s) { return md.find(s); };
  EXPECT_LT(pos("`id.unique`"), pos("`age.max`"));
  EXPECT_LT(pos("`age.max`"), pos("`city.nulls`"));
  EXPECT_LT(pos("`city.nulls`"), pos("`freshness`"));
  EXPECT_LT(pos("`freshness`"), pos("`age.type`"));
  EXPECT_THAT(md, HasSubstr("null fraction 0.031 &gt; 0.01 \\| \"high\" |"));
}

TEST(MarkdownTest, CellTurnsNewlinesIntoSpaces) { EXPECT_EQ(markdown_cell("a|b\nc"), "a\\|b c"); }

TEST(TextReportTest, ShowsProblemsAndVerdict) {
  std::ostringstream out;
  write_text(testing::sample_report(), out);
  std::string text = out.str();
  EXPECT_THAT(text,
              HasSubstr("FAIL    age.max     3 values > 120, e.g. 150 & <200> (data.csv:17)\n"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("age.type")));
  EXPECT_THAT(text, HasSubstr("data-validate: fail (1 passed, 1 failed, 1 warnings, 1 errors)\n"));
  std::ostringstream verbose;
  write_text(testing::sample_report(), verbose, true);
  EXPECT_THAT(verbose.str(), HasSubstr("PASS    age.type"));
}

}  // namespace
}  // namespace mlops::report
