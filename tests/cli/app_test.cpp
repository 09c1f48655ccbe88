#include "cli/app.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/version.h"
#include "fake_io.h"

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

TEST(RunToolTest, VersionNamesTheCommit) {
  FakeIo f;
  EXPECT_EQ(run(f, {"--version"}), 0);
  EXPECT_EQ(f.out.str(),
            "toy " + std::string(version()) + " (commit " + std::string(git_commit()) + ")\n");
  EXPECT_FALSE(git_commit().empty());
}

}  // namespace
}  // namespace mlops::cli
