#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "run_helpers.h"

// Per failed check, the distinct offending values with their counts (Great Expectations'
// partial_unexpected_counts), and examples that are not cut mid-value. Counts on real data
// were counted independently (Python's collections.Counter over the CSV).
namespace mlops::validate::testing {
namespace {

using ::testing::HasSubstr;

// FAA birdstrikes (tests/data/README.md): "Effect Amount of damage" holds None 8,939, Minor
// 549, Substantial 311, Medium 186, C 14, B 1. The five examples were all "C", and "B" was
// nowhere in the report.
TEST(UnexpectedValuesTest, EveryOffendingValueIsCountedOnRealData) {
  const std::string contract = temp_file(
      "birdstrikes.yaml",
      "dataset: {extra_columns: ignore}\n"
      "columns:\n"
      "  Effect Amount of damage: {type: category, allowed: [None, Minor, Substantial, Medium]}\n");
  for (const char* threads : {"1", "2"}) {
    RunResult r = run({"check", data_path("birdstrikes.csv"), "--contract", contract, "--json", "-",
                       "--threads", threads});
    ASSERT_EQ(r.exit, 1) << r.err;
    const auto& c = r.check("Effect Amount of damage.allowed");
    EXPECT_EQ(c.at("failing_rows"), 15);
    EXPECT_EQ(c.at("unexpected_values"),
              boost::json::parse(R"([{"value":"C","count":14},{"value":"B","count":1}])"));
    EXPECT_EQ(c.at("unexpected_values_complete"), true);
  }
  RunResult text = run({"check", data_path("birdstrikes.csv"), "--contract", contract});
  EXPECT_THAT(text.out, HasSubstr("e.g. \"C\"; most frequent: \"C\" (14 rows), \"B\" (1 row)"));
}

TEST(UnexpectedValuesTest, CountsStopGrowingPastTheirCapAndSaySo) {
  std::string csv = "id\n";
  for (int i = 0; i < 1200; ++i) csv += std::to_string(-1 - i % 1100) + "\n";
  RunResult r = check_text("columns:\n  id: {type: integer, min: 0}\n", csv);
  const auto& c = r.check("id.min");
  EXPECT_EQ(c.at("failing_rows"), 1200);
  EXPECT_EQ(c.at("unexpected_values_complete"), false);  // 1,100 distinct values, 1,000 kept
  // -1 .. -100 occur twice each and were among the first 1,000 values seen.
  const auto& top = c.at("unexpected_values").as_array();
  ASSERT_EQ(top.size(), 20u);
  EXPECT_EQ(top[0], boost::json::parse(R"({"value":"-1","count":2})"));
  EXPECT_EQ(top[19].at("count"), 2);
}

// Uniqueness lists repeats by example only: its repeats across a file's pieces are merged by
// key, so counts per value would depend on the thread count.
TEST(UnexpectedValuesTest, UniquenessHasNoValueCounts) {
  RunResult r = check_text("columns:\n  id: {type: integer, unique: true}\n", "id\n1\n1\n2\n2\n");
  EXPECT_EQ(r.check("id.unique").at("failing_rows"), 2);
  EXPECT_FALSE(r.check("id.unique").contains("unexpected_values"));
}

// Penguins (tests/data/penguins.json): a rule's example names every column with its value; a
// long one was cut at 40 bytes mid-value ("Flipper Length (mm)=1...").
TEST(UnexpectedValuesTest, RuleExamplesAreCutBetweenValuesNotInside) {
  const std::string contract = temp_file("penguins.yaml",
                                         "dataset:\n  extra_columns: ignore\n"
                                         "  rules: ['`Body Mass (g)` <= `Flipper Length (mm)`']\n"
                                         "columns:\n  Body Mass (g): {type: number}\n  Flipper Length (mm): {type: number}\n");
  RunResult r = run({"check", data_path("penguins.json"), "--contract", contract});
  ASSERT_EQ(r.exit, 1) << r.err;
  EXPECT_THAT(r.out, HasSubstr("e.g. \"Body Mass (g)=3750, Flipper Length (mm)=181\""));
}

}  // namespace
}  // namespace mlops::validate::testing
