#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "drift_run.h"

// drift-check on Parquet files with list and map columns, whose values are not read: as
// data-validate infer, profile and compare leave such a column out (not in the profile, noted
// with why), unless the config gives it a role or type, which is refused (exit 3 naming it).
// Expected columns are DuckDB's reading of the files (tests/data/parquet/duckdb/nested/
// nested.json: lists.parquet's flat columns id, s.a, s.b, sl.k, z and nested l, m, sl.tags,
// ls; tests/data/parquet/testing/duckdb-reads.json: nested_maps.snappy.parquet, 6 rows of
// b = 1 and c = 1.0 beside the map a).
namespace mlops::drift::testing {
namespace {

const std::string kData = MLOPS_TEST_DATA;
const std::string kLists = kData + "/parquet/duckdb/nested/lists.parquet";
const std::string kMaps = kData + "/parquet/testing/nested_maps.snappy.parquet";

std::vector<std::string> strings(const boost::json::value& array, const char* key = nullptr) {
  std::vector<std::string> out;
  for (const auto& v : array.as_array()) {
    out.emplace_back(key ? v.at(key).as_string() : v.as_string());
  }
  return out;
}

TEST(DriftNestedTest, ProfileLeavesOutAMapWithANote) {
  const std::string out = ::testing::TempDir() + "nested-maps.profile.json";
  const DriftRun r = run_drift({"profile", kMaps, "-o", out});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err.rfind("drift-check: note: column 'a' left out: a map (any number of values in a "
                        "row), which is not read (not in the profile)\n",
                        0),
            0u)
      << r.err;
  const boost::json::value profile = boost::json::parse(slurp(out));
  EXPECT_EQ(strings(profile.at("columns"), "name"), (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(profile.at("rows").to_number<int>(), 6);
  for (const auto& c : profile.at("columns").as_array()) {
    EXPECT_EQ(c.at("nulls").to_number<int>(), 0);
  }
}

TEST(DriftNestedTest, CompareLeavesOutListsAndMapsAndNotesThem) {
  const Compared c = compare_json("nested-lists", kLists, kLists, "");
  ASSERT_EQ(c.run.exit, 0) << c.run.err;
  EXPECT_EQ(strings(c.report.at("columns"), "column"),
            (std::vector<std::string>{"id", "s.a", "s.b", "sl.k", "z"}));
  const std::string list = "a list (any number of values in a row), which is not read";
  EXPECT_EQ(strings(c.report.at("notes")),
            (std::vector<std::string>{
                "column 'l' left out: " + list,
                "column 'm' left out: a map (any number of values in a row), which is not read",
                "column 'sl.tags' left out: " + list, "column 'ls' left out: " + list}));
  EXPECT_TRUE(c.report.at("schema_changes").as_array().empty());
}

// `role: ignore` on such a column (the refusal's hint) works for both subcommands, and a
// profile written with it compares with the same config.
TEST(DriftNestedTest, RoleIgnoreOnAMapIsAccepted) {
  const std::string config = "columns:\n  a: {role: ignore}\n";
  const Compared c = compare_json("nested-ignore", kMaps, kMaps, config);
  ASSERT_EQ(c.run.exit, 0) << c.run.err;
  EXPECT_EQ(strings(c.report.at("columns"), "column"), (std::vector<std::string>{"b", "c"}));
  const std::string yaml = temp_file("nested-ignore", "-profile.yaml", config);
  const std::string profile = ::testing::TempDir() + "nested-ignore.profile.json";
  ASSERT_EQ(run_drift({"profile", kMaps, "-o", profile, "--config", yaml}).exit, 0);
  const Compared p = compare_json("nested-ignore-profile", profile, kMaps, config);
  EXPECT_EQ(p.run.exit, 0) << p.run.err;
  EXPECT_TRUE(p.report.at("schema_changes").as_array().empty());
}

TEST(DriftNestedTest, AConfigTypeOnAMapIsRefusedNamingIt) {
  const Compared c =
      compare_json("nested-typed", kMaps, kMaps, "columns:\n  a:\n    type: categorical\n");
  EXPECT_EQ(c.run.exit, 3) << c.run.err;
  EXPECT_NE(c.run.err.find(kMaps + ": column \"a\": a map (any number of values in a row), which "
                                   "is not read, drift-check compares columns of one value per "
                                   "row: give it `role: ignore` ("),
            std::string::npos)
      << c.run.err;
}

// lists-groups.parquet (nested.json: id, x, c beside the list l, 3,000 rows in row groups of
// 2,048 and 952): read in pieces, the list is left out of each and the report is the one of
// one read.
TEST(DriftNestedTest, PiecesLeaveTheListOutAsOneReadDoes) {
  const std::string path = kData + "/parquet/duckdb/nested/lists-groups.parquet";
  auto compare = [&](int threads) { return compare_in_pieces(path, path, threads); };
  const boost::json::value one = compare(1);
  EXPECT_EQ(strings(one.at("columns"), "column"), (std::vector<std::string>{"id", "x", "c"}));
  EXPECT_EQ(strings(one.at("notes")),
            (std::vector<std::string>{
                "column 'l' left out: a list (any number of values in a row), which is not read"}));
  for (int threads : {2, 4}) EXPECT_EQ(compare(threads), one) << threads;
}

// A file of list columns only compares nothing: exit 3, never a pass.
TEST(DriftNestedTest, NothingButListsComparesNothing) {
  const std::string only = kData + "/parquet/testing/list_columns.parquet";
  const Compared c = compare_json("nested-only", only, only, "");
  EXPECT_EQ(c.run.exit, 3) << c.run.err;
  EXPECT_NE(c.run.err.find("no column was compared"), std::string::npos) << c.run.err;
}

}  // namespace
}  // namespace mlops::drift::testing
