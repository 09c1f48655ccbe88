#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>

#include "common/shell_run.h"
#include "gate_run.h"

// metric-gate --predictions on a Parquet file with list and map columns: only the label,
// score, probability and weight columns are read (projection), so lists beside them are never
// read; a list named as one of them is refused naming it (exit 3). lists.parquet as DuckDB
// reads it (tests/data/parquet/duckdb/nested/nested.json): 100 rows, id and sl.k both 0..99
// row by row (so every error is 0), beside the lists l, sl.tags, ls and the map m.
namespace mlops::gate::testing {
namespace {

const std::string kLists = std::string(MLOPS_TEST_DATA) + "/parquet/duckdb/nested/lists.parquet";
const char* const kGate = "metrics:\n  mae: {max: 0.5}\n";

TEST(GateParquetTest, ListColumnsBesideThePredictionsAreNotRead) {
  const std::string json = ::testing::TempDir() + "gate-lists.json";
  const GateRun r = run({"check", "--rules", temp_file("gate.yaml", kGate), "--predictions", kLists,
                         "--task", "regression", "--label-column", "id", "--score-column", "sl.k",
                         "--json", json, "--no-github"});
  ASSERT_EQ(r.exit, 0) << r.err;
  const boost::json::value report = boost::json::parse(mlops::testing::slurp(json));
  const auto& metrics = report.at("candidate").at("metrics");
  EXPECT_EQ(metrics.at("n").to_number<int>(), 100);
  EXPECT_EQ(metrics.at("mae").to_number<double>(), 0.0);
}

TEST(GateParquetTest, AListNamedAsTheScoreIsRefusedNamingIt) {
  const GateRun r =
      run({"check", "--rules", temp_file("gate.yaml", kGate), "--predictions", kLists, "--task",
           "regression", "--label-column", "id", "--score-column", "l", "--no-github"});
  EXPECT_EQ(r.exit, 3) << r.err;
  EXPECT_NE(r.err.find("column \"l\": a list (any number of values in a row), which is not read"),
            std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace mlops::gate::testing
