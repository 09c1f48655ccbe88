#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "common/generator.h"
#include "run_helpers.h"
#include "validate/infer.h"

namespace mlops::validate::testing {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

TEST(InferTest, InferredContractValidatesItsOwnFile) {
  for (const char* name : {"seattle-weather.csv", "airports.csv", "penguins.json"}) {
    std::string contract = ::testing::TempDir() + "inferred-" + name + ".yaml";
    RunResult infer = run({"infer", data_path(name), "-o", contract});
    ASSERT_EQ(infer.exit, 0) << infer.err;
    RunResult check = run({"check", data_path(name), "--contract", contract, "--json", "-"});
    EXPECT_EQ(check.exit, 0) << name << "\n" << slurp(contract) << check.out;
  }
}

TEST(InferTest, StarterContractContents) {
  RunResult r = run({"infer", data_path("seattle-weather.csv")});
  EXPECT_EQ(r.exit, 0);
  EXPECT_THAT(r.out, ::testing::HasSubstr("review it"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("  date:\n    type: date\n    nullable: false\n"
                                          "    min: \"2012-01-01\""));
  EXPECT_THAT(r.out, ::testing::HasSubstr("allowed: [drizzle, fog, rain, snow, sun]"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("row_count: {min: 730, max: 2922}"));
}

TEST(InferTest, SampleRowsLimitsTheRead) {
  RunResult r = run({"infer", data_path("seattle-weather.csv"), "--sample-rows", "10"});
  EXPECT_THAT(r.out, ::testing::HasSubstr("(10 sampled rows)"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("max: \"2012-01-10\""));
  EXPECT_THAT(r.out, ::testing::Not(::testing::HasSubstr("row_count")));
}

TEST(InferTest, YamlScalarsQuoteWhatWouldNotReadBack) {
  EXPECT_EQ(yaml_scalar("temp_max"), "temp_max");
  EXPECT_EQ(yaml_scalar("Beak Length (mm)"), "Beak Length (mm)");
  EXPECT_EQ(yaml_scalar("yes"), "\"yes\"");
  EXPECT_EQ(yaml_scalar("12"), "\"12\"");
  EXPECT_EQ(yaml_scalar("a: b"), "\"a: b\"");
  EXPECT_EQ(yaml_scalar("say \"hi\""), "\"say \\\"hi\\\"\"");
}

// The bench generator injects violations and says how many: the inferred contract must find
// exactly those counts.
TEST(InferTest, InjectedViolationsAreCountedExactly) {
  const std::string gen = mlops::testing::generator();
  if (gen.empty()) GTEST_SKIP() << mlops::testing::kNoGenerator;
  const std::string dir = ::testing::TempDir();
  const std::string clean = dir + "gen-clean.csv", bad = dir + "gen-bad.csv",
                    manifest = dir + "gen-manifest.json", contract = dir + "gen.yaml";
  ASSERT_EQ(std::system((gen + " --rows 30000 --seed 7 -o " + clean).c_str()), 0);
  ASSERT_EQ(std::system((gen + " --rows 30000 --seed 7 --violations 0.02 --manifest " + manifest +
                         " -o " + bad)
                            .c_str()),
            0);
  ASSERT_EQ(run({"infer", clean, "-o", contract}).exit, 0);
  ASSERT_EQ(run({"check", clean, "--contract", contract, "-q"}).exit, 0);

  RunResult r = run({"check", bad, "--contract", contract, "--json", "-"});
  EXPECT_EQ(r.exit, 1);
  auto m = boost::json::parse(slurp(manifest)).at("violations");
  auto expected = [&](const char* kind) { return m.at(kind).to_number<std::uint64_t>(); };
  EXPECT_GT(expected("age_out_of_range"), 50u);
  EXPECT_EQ(r.failing("age.max"), expected("age_out_of_range"));
  EXPECT_EQ(r.failing("category.allowed"), expected("category_not_allowed"));
  EXPECT_EQ(r.failing("score.max"), expected("score_out_of_range"));
  EXPECT_EQ(r.failing("id.nullable"), expected("id_null"));
  EXPECT_EQ(r.failing("age.type"), expected("age_not_integer"));
  EXPECT_EQ(r.json.at("summary").at("failed").to_number<int>(), 5);
}

}  // namespace
}  // namespace mlops::validate::testing

namespace mlops::validate::testing {
namespace {

// Hostile input: a very wide table. Reading, inferring and validating it must stay linear in
// the number of columns (name lookups are hashed), and give the right answer.
TEST(WideTableTest, TwentyThousandColumns) {
  const int columns = 20000;
  std::string csv;
  for (int c = 0; c < columns; ++c) csv += (c ? ",c" : "c") + std::to_string(c);
  csv += "\n";
  for (int row = 0; row < 3; ++row) {
    for (int c = 0; c < columns; ++c) csv += (c ? "," : "") + std::to_string(row * c);
    csv += "\n";
  }
  std::string data = temp_file("wide.csv", csv);
  std::string contract = ::testing::TempDir() + "wide.yaml";
  ASSERT_EQ(run({"infer", data, "-o", contract}).exit, 0);
  RunResult r = run({"check", data, "--contract", contract, "--json", "-"});
  EXPECT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.json.at("rows").to_number<int>(), 3);
  EXPECT_EQ(r.failing("c19999.max"), 0u);
  EXPECT_EQ(r.check("c19999.max").at("expected").as_string(), "<= 39998");
}

}  // namespace
}  // namespace mlops::validate::testing
