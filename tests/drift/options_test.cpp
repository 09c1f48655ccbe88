// drift-check's command lines parsed in-process: argv -> options, every usage check (exit 2)
// before any input is read.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../cli/fake_io.h"
#include "core/error.h"
#include "drift/options.h"

namespace mlops::drift {
namespace {

ExitCode usage_code(const std::vector<std::string>& args) {
  cli::testing::FakeIo f;
  try {
    parse_compare_options(args, f.io);
  } catch (const Error& e) {
    return e.code();
  }
  return ExitCode::kPass;
}

TEST(DriftOptionsTest, CompareDefaultsAndSharedGroups) {
  cli::testing::FakeIo f;
  auto o = parse_compare_options(
      {"-r", "ref.csv", "-c", "cur.csv", "--schema", "warn", "--memory-budget-mb", "2", "--label",
       "dataset=orders", "--timeout", "5", "--insecure"},
      f.io);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->reference, "ref.csv");
  EXPECT_EQ(o->current, "cur.csv");
  EXPECT_EQ(o->threads, cli::default_threads());  // the cores, at most 8
  EXPECT_EQ(o->config.schema, SchemaPolicy::kWarn);
  EXPECT_EQ(o->config.memory_budget, 2u << 20);
  EXPECT_EQ(o->push.job, "drift-check");  // the shared group's default: the tool's name
  EXPECT_TRUE(o->push.pushgateway.empty());
  ASSERT_EQ(o->labels.size(), 1u);
  EXPECT_EQ(o->http.timeout_seconds, 5);
  EXPECT_TRUE(o->http.insecure);
  ASSERT_TRUE(o->recorder);
  EXPECT_FALSE(o->recorder->active());
  EXPECT_TRUE(f.out.str().empty());
}

TEST(DriftOptionsTest, HelpPrintsTheUsageAndParsesNothing) {
  cli::testing::FakeIo f;
  EXPECT_FALSE(parse_compare_options({"--help"}, f.io));
  EXPECT_NE(f.out.str().find("usage: drift-check compare"), std::string::npos);
  EXPECT_NE(f.out.str().find("--pushgateway"), std::string::npos);
  EXPECT_NE(f.out.str().find("deadline of the Pushgateway push"), std::string::npos);
  cli::testing::FakeIo p;
  EXPECT_FALSE(parse_profile_options({"-h"}, p.io));
  EXPECT_NE(p.out.str().find("drift-check profile options"), std::string::npos);
}

TEST(DriftOptionsTest, UsageErrorsAreExitTwo) {
  EXPECT_EQ(usage_code({"-r", "ref.csv"}), ExitCode::kUsage);
  EXPECT_EQ(usage_code({"-r", "-", "-c", "-"}), ExitCode::kUsage);
  EXPECT_EQ(usage_code({"-r", "a", "-c", "b", "--threads", "0"}), ExitCode::kUsage);
  EXPECT_EQ(usage_code({"-r", "a", "-c", "b", "--threads", "257"}), ExitCode::kUsage);
  EXPECT_EQ(usage_code({"-r", "a", "-c", "b", "--schema", "loose"}), ExitCode::kUsage);
  EXPECT_EQ(usage_code({"-r", "a", "-c", "b", "--memory-budget-mb", "16777217"}), ExitCode::kUsage);
  EXPECT_EQ(usage_code({"-r", "a", "-c", "b", "--label", "column=x"}), ExitCode::kUsage);
  cli::testing::FakeIo f;
  EXPECT_THROW(parse_profile_options({"data.csv"}, f.io), Error);      // no -o
  EXPECT_THROW(parse_merge_options({"-o", "all.json"}, f.io), Error);  // no profiles
}

}  // namespace
}  // namespace mlops::drift
