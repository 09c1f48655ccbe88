#include "core/error.h"

#include <gtest/gtest.h>

namespace mlops {
namespace {

TEST(ErrorTest, MessageJoinsWhatAndHint) {
  Error e = usage_error("unknown column 'agee'", "did you mean 'age'?");
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_EQ(e.message(), "unknown column 'agee', did you mean 'age'?");
  EXPECT_STREQ(e.what(), "unknown column 'agee'");
}

TEST(ErrorTest, InputErrorsAreCannotEvaluate) {
  Error e = input_error("cannot open x.csv");
  EXPECT_EQ(to_int(e.code()), 3);
  EXPECT_EQ(e.message(), "cannot open x.csv");
}

TEST(ErrorTest, RecordsWhereItWasRaised) {
  Error e = input_error("x");
  EXPECT_NE(std::string(e.file()).find("error_test.cpp"), std::string::npos);
  EXPECT_EQ(e.line(), __LINE__ - 2);
}

TEST(ExitCodeTest, ValuesAreTheDocumentedOnes) {
  EXPECT_EQ(to_int(ExitCode::kPass), 0);
  EXPECT_EQ(to_int(ExitCode::kFail), 1);
  EXPECT_EQ(to_int(ExitCode::kUsage), 2);
  EXPECT_EQ(to_int(ExitCode::kCannotEvaluate), 3);
  EXPECT_EQ(to_int(ExitCode::kInconclusive), 4);
}

}  // namespace
}  // namespace mlops
