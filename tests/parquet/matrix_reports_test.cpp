#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include "../cli/fake_io.h"
#include "cli/app.h"
#include "drift/command.h"
#include "parquet/reference.h"
#include "validate/command.h"

// The toolkit's reports on DuckDB's matrix files (tests/data/parquet/matrix.mjs) say what
// DuckDB computes over the same values (duckdb/matrix/stats.json): rows, nulls (NaN counted
// as null, as the toolkit counts it), distinct values, min and max, and means, in
// data-validate's JSON report and in drift-check's profile.
namespace mlops::io::testing {
namespace {

namespace json = boost::json;

struct ToolRun {
  int exit = -1;
  std::string out, err;
};

using Body = ExitCode (*)(const std::vector<std::string>&, cli::Io&);

ToolRun run_tool(const std::string& tool, std::vector<std::string> args, Body body) {
  cli::testing::FakeIo f;
  args.insert(args.begin(), tool);
  cli::testing::Argv argv(args);
  ToolRun r;
  r.exit = cli::run_tool(tool, argv.span(), f.io, body);
  r.out = f.out.str();
  r.err = f.err.str();
  return r;
}

const json::object& stats() {
  static const json::value v = load_json(parquet_path("duckdb/matrix/stats.json"));
  return v.at("columns").as_object();
}

std::string text(const json::value& v) { return std::string(v.as_string()); }
std::int64_t count(const json::object& s, std::string_view key) {
  return s.at(key).to_number<std::int64_t>();
}

// The toolkit type of a column DuckDB reads as `type` (docs/conventions.md, data input).
std::string toolkit_type(const std::string& type) {
  if (type == "BOOLEAN") return "boolean";
  if (type == "DATE") return "date";
  if (type.starts_with("TIMESTAMP")) return "datetime";
  if (type == "UBIGINT" || type == "FLOAT" || type == "DOUBLE" || type.starts_with("DECIMAL")) {
    return "number";  // UBIGINT: values past 2^63 are numbers, not integers
  }
  if (type.ends_with("INT") || type == "INTEGER") return "integer";
  return "string";
}

// Whether min/max/mean of the column are checked: ordered, with values, none infinite.
bool ordered(const json::object& s) {
  const std::string type = toolkit_type(text(s.at("type")));
  if (type == "boolean" || type == "string" || s.at("min").is_null()) return false;
  return !s.contains("inf") || count(s, "inf") == 0;
}

// A contract whose checks make data-validate report each statistic: nullable (its failing
// rows are the nulls), unique (the repeats), an exclusive min and max at DuckDB's min and max
// (the rows at them), and a mean that always passes (its observed value).
std::string contract() {
  std::string y = "dataset:\n  extra_columns: ignore\ncolumns:\n";
  for (const auto& [name, value] : stats()) {
    const json::object& s = value.as_object();
    y += "  \"" + std::string(name) + "\":\n    type: " + toolkit_type(text(s.at("type"))) +
         "\n    nullable: false\n    unique: true\n";
    if (ordered(s)) {
      y += "    min: {value: \"" + text(s.at("min")) + "\", exclusive: true}\n";
      y += "    max: {value: \"" + text(s.at("max")) + "\", exclusive: true}\n";
    }
    if (s.contains("mean") && !s.at("mean").is_null() && ordered(s)) {
      y += "    mean: {min: -1.0e308, max: 1.0e308}\n";
    }
  }
  return y;
}

const json::object* find_check(const json::value& report, const std::string& name) {
  for (const auto& c : report.at("checks").as_array()) {
    if (c.at("name").as_string() == name) return &c.as_object();
  }
  return nullptr;
}

std::int64_t failing(const json::value& report, const std::string& name) {
  const json::object* c = find_check(report, name);
  if (c == nullptr || !c->contains("failing_rows")) {
    ADD_FAILURE() << "no failing_rows for " << name;
    return -1;
  }
  return c->at("failing_rows").to_number<std::int64_t>();
}

void expect_validate_report(const std::string& file) {
  SCOPED_TRACE(file);
  const std::string contract_path = ::testing::TempDir() + "matrix_contract.yaml";
  std::ofstream(contract_path, std::ios::trunc) << contract();
  const ToolRun r = run_tool("data-validate",
                             {"check", parquet_path("duckdb/matrix/" + file), "--contract",
                              contract_path, "--json", "-", "--max-examples", "0"},
                             validate::data_validate);
  ASSERT_TRUE(r.out.starts_with("{")) << r.err;
  const json::value report = json::parse(r.out);
  EXPECT_EQ(report.at("rows").to_number<std::int64_t>(), 400);
  for (const auto& [key, value] : stats()) {
    const std::string name(key);
    const json::object& s = value.as_object();
    SCOPED_TRACE(name);
    const std::int64_t values = count(s, "rows") - count(s, "nulls");
    EXPECT_EQ(failing(report, name + ".type"), 0);
    EXPECT_EQ(failing(report, name + ".nullable"), count(s, "nulls"));
    EXPECT_EQ(failing(report, name + ".unique"), values - count(s, "distinct"));
    if (ordered(s)) {
      EXPECT_EQ(failing(report, name + ".min"), count(s, "rows_at_min"));
      EXPECT_EQ(failing(report, name + ".max"), count(s, "rows_at_max"));
    }
    if (const json::object* mean = find_check(report, name + ".mean")) {
      // "mean X", to the report's six significant digits.
      const double got = std::stod(text(mean->at("observed")).substr(5));
      const double want = std::stod(text(s.at("mean")));
      EXPECT_NEAR(got, want, std::abs(want) * 5e-6) << text(mean->at("observed"));
    }
  }
}

TEST(ParquetMatrixReportsTest, DataValidateReportsDuckDbsStatisticsV1) {
  expect_validate_report("uncompressed-v1.parquet");
  expect_validate_report("snappy-v1.parquet");
}

TEST(ParquetMatrixReportsTest, DataValidateReportsDuckDbsStatisticsV2) {
  expect_validate_report("zstd-v2.parquet");
}

void expect_numeric_profile(const json::object& column, const json::object& s) {
  const json::object& n = column.at("numeric").as_object();
  EXPECT_EQ(count(column, "nulls") + n.at("nan").to_number<std::int64_t>(), count(s, "nulls"));
  EXPECT_EQ(n.at("count").to_number<std::int64_t>(), count(s, "finite"));
  EXPECT_EQ(n.at("inf").to_number<std::int64_t>(), count(s, "inf"));
  if (!ordered(s) || count(s, "finite") == 0) return;
  EXPECT_EQ(n.at("min").to_number<double>(), std::stod(text(s.at("min"))));
  EXPECT_EQ(n.at("max").to_number<double>(), std::stod(text(s.at("max"))));
  const double mean = n.at("shift").to_number<double>() +
                      n.at("sum").to_number<double>() / n.at("count").to_number<double>();
  const double want = std::stod(text(s.at("mean")));
  EXPECT_NEAR(mean, want, std::abs(want) * 1e-9);
  if (!n.at("distinct").is_null()) {
    EXPECT_EQ(static_cast<std::int64_t>(n.at("distinct").as_array().size()), count(s, "distinct"));
  }
}

void expect_profile(const std::string& file) {
  SCOPED_TRACE(file);
  // BLOB and JSON columns have no statistics (stats.json): not profiled.
  const std::string config = ::testing::TempDir() + "matrix_drift.yaml";
  std::ofstream(config, std::ios::trunc)
      << "columns:\n  bl: {role: ignore}\n  bl_nn: {role: ignore}\n  bl_lo: {role: ignore}\n"
         "  bl_lo_nn: {role: ignore}\n";
  const std::string out = ::testing::TempDir() + "matrix.profile.json";
  const ToolRun r =
      run_tool("drift-check",
               {"profile", parquet_path("duckdb/matrix/" + file), "-o", out, "--config", config},
               drift::drift_check);
  ASSERT_EQ(r.exit, 0) << r.err;
  const json::value profile = load_json(out);
  EXPECT_EQ(profile.at("rows").to_number<std::int64_t>(), 400);
  for (const auto& c : profile.at("columns").as_array()) {
    const json::object& column = c.as_object();
    const std::string name(column.at("name").as_string());
    if (!stats().contains(name)) continue;
    SCOPED_TRACE(name);
    const json::object& s = stats().at(name).as_object();
    EXPECT_EQ(count(column, "rows"), count(s, "rows"));
    if (column.contains("numeric")) {
      expect_numeric_profile(column, s);
    } else {
      EXPECT_EQ(count(column, "nulls"), count(s, "nulls"));
    }
    if (const auto* categories = column.if_contains("categories")) {
      const json::array& counts = categories->at("counts").as_array();
      std::int64_t total = categories->at("other").to_number<std::int64_t>();
      for (const auto& pair : counts) total += pair.as_array().at(1).to_number<std::int64_t>();
      EXPECT_EQ(total, count(s, "rows") - count(s, "nulls"));
      EXPECT_EQ(static_cast<std::int64_t>(counts.size()), count(s, "distinct"));
    }
  }
}

TEST(ParquetMatrixReportsTest, DriftProfileHoldsDuckDbsStatisticsV1) {
  expect_profile("gzip-v1.parquet");
}

TEST(ParquetMatrixReportsTest, DriftProfileHoldsDuckDbsStatisticsV2) {
  expect_profile("brotli-v2.parquet");
}

// DISABLED: fails today. A BYTE_ARRAY column without a STRING annotation (DuckDB's BLOB)
// reads as its raw bytes, which the reports copy: data-validate's JSON report is not UTF-8
// (an example of max_length), and drift-check's profile neither (category counts). The type
// mapping must give such a column a text form (or refuse it) before this can pass.
TEST(ParquetMatrixReportsTest, BinaryColumnsMakeValidReports) {
  const std::string data = parquet_path("duckdb/matrix/uncompressed-v1.parquet");
  const std::string contract_path = ::testing::TempDir() + "matrix_blob.yaml";
  std::ofstream(contract_path, std::ios::trunc)
      << "dataset:\n  extra_columns: ignore\ncolumns:\n  bl:\n    max_length: 3\n";
  const ToolRun r =
      run_tool("data-validate", {"check", data, "--contract", contract_path, "--json", "-"},
               validate::data_validate);
  EXPECT_NO_THROW(json::parse(r.out));
  const std::string out = ::testing::TempDir() + "matrix_blob.profile.json";
  ASSERT_EQ(run_tool("drift-check", {"profile", data, "-o", out}, drift::drift_check).exit, 0);
  EXPECT_NO_THROW(load_json(out));
}

}  // namespace
}  // namespace mlops::io::testing
