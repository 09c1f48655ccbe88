#include <gtest/gtest.h>

#include "common/shell_run.h"
#include "run_helpers.h"

// data-validate infer on Parquet files with list and map columns (issue 20: nested columns
// are "refused for that column with a message naming it"): the contract covers every
// readable column and leaves the others out, saying why on stderr and in a comment; check
// with a contract that names such a column still refuses it. Expected contents are
// parquet-testing's documented files as DuckDB reads them (tests/data/parquet/testing/
// duckdb-reads.json: list_columns 3 rows, no flat column; nested_lists 3 rows, b = 1, 1, 1;
// nested_maps 6 rows, b = 1 and c = 1.0 in every row).
namespace mlops::validate::testing {
namespace {

using mlops::testing::slurp;

std::string testing_file(const std::string& name) { return data_path("parquet/testing/" + name); }

TEST(InferNestedTest, AListColumnIsLeftOutWithAWarning) {
  const RunResult r = run({"infer", testing_file("nested_lists.snappy.parquet")});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_EQ(r.err,
            "data-validate: warning: column \"a\" left out of the contract: a list (any number of "
            "values in a row), which is not read; a contract naming it makes check exit 3\n");
  EXPECT_THAT(r.out, ::testing::HasSubstr(
                         "  extra_columns: warn  # not error: the data has columns whose values "
                         "are not read (below)\n"));
  EXPECT_THAT(r.out, ::testing::HasSubstr(
                         "columns:\n  # a left out: a list (any number of values in a row), "
                         "which is not read; a contract naming it makes data-validate check "
                         "exit 3\n  b:\n    type: integer\n    nullable: false\n    min: 1"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("row_count: {min: 1, max: 6}"));
  EXPECT_THAT(r.out, ::testing::Not(::testing::HasSubstr("\n  a:\n")));
}

TEST(InferNestedTest, AMapColumnIsLeftOutToo) {
  const RunResult r = run({"infer", testing_file("nested_maps.snappy.parquet")});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_THAT(r.err, ::testing::HasSubstr("column \"a\" left out of the contract: a map"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("  b:\n    type: integer\n"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("  c:\n    type: number\n"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("row_count: {min: 3, max: 12}"));
}

// Every column a list: the contract still reads (columns: {}), and checks the row count.
TEST(InferNestedTest, OnlyListColumnsGiveAnEmptyColumnMapping) {
  const RunResult r = run({"infer", testing_file("list_columns.parquet")});
  ASSERT_EQ(r.exit, 0) << r.err;
  EXPECT_THAT(r.err, ::testing::HasSubstr("column \"int64_list\" left out"));
  EXPECT_THAT(r.err, ::testing::HasSubstr("column \"utf8_list\" left out"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("columns: {}  # every column is left out (below)\n"));
  EXPECT_THAT(r.out, ::testing::HasSubstr("row_count: {min: 1, max: 6}"));
}

// The inferred contract passes the file it came from (its left-out columns warn), from a path
// and from standard input.
TEST(InferNestedTest, TheContractValidatesItsOwnFile) {
  for (const char* name :
       {"nested_lists.snappy.parquet", "nested_maps.snappy.parquet", "list_columns.parquet"}) {
    SCOPED_TRACE(name);
    const std::string contract = ::testing::TempDir() + "nested-" + name + ".yaml";
    ASSERT_EQ(run({"infer", testing_file(name), "-o", contract}).exit, 0);
    const RunResult check =
        run({"check", testing_file(name), "--contract", contract, "--json", "-"});
    EXPECT_EQ(check.exit, 0) << slurp(contract) << check.out << check.err;
    EXPECT_EQ(check.status("dataset.extra_columns"), "warning") << check.out;
    const RunResult piped = run({"infer", "-"}, slurp(testing_file(name)));
    EXPECT_EQ(piped.exit, 0) << piped.err;
    EXPECT_EQ(piped.err, run({"infer", testing_file(name)}).err);
  }
}

// check keeps refusing a list column its contract names (exit 3, naming it).
TEST(InferNestedTest, CheckRefusesAListColumnItsContractNames) {
  const std::string contract =
      temp_file("names-list.yaml", "columns:\n  a: {type: string}\n  b: {type: integer}\n");
  const RunResult r =
      run({"check", testing_file("nested_lists.snappy.parquet"), "--contract", contract});
  EXPECT_EQ(r.exit, 3) << r.out << r.err;
  EXPECT_THAT(r.err, ::testing::HasSubstr("column \"a\": a list (any number of values in a row), "
                                          "which is not read"));
}

}  // namespace
}  // namespace mlops::validate::testing
