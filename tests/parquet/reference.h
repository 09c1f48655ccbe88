#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "io/helpers.h"

// Comparing what the Parquet reader reads with DuckDB's reading of the same file
// (tests/data/parquet/README.md): DuckDB renders each value as the reader renders it, and a
// value is the same when the text is, or for floating point when the value of the column's
// width is (both NaN, or the same bits), or for bytes when their lowercase hex is.
namespace mlops::io::testing {

// tests/data/parquet/<name>
std::string parquet_path(const std::string& name);
std::string slurp(const std::string& path);
boost::json::value load_json(const std::string& path);

enum class Compare { kText, kFloat, kDouble, kHex };

// The comparison of a column DuckDB reads as `type` (DESCRIBE's column_type).
Compare compare_for_duckdb_type(std::string_view type);
std::string hex(std::string_view bytes);

::testing::AssertionResult same(Compare how, const std::string& expected,
                                const std::string& actual);

// Expects `table` to hold `values` (rows of JSON strings or nulls), column by column.
void expect_values(const Table& table, const boost::json::array& values,
                   const std::vector<Compare>& how, const std::string& what);

// DuckDB's reading of `name` in a readings file (testing/duckdb-reads.json,
// duckdb/nested/nested.json), following `same_as`.
const boost::json::object& duckdb_reading(const boost::json::value& reads, const std::string& name);

// Expects `t` to have the columns and values of DuckDB's `reading` of the file `name`.
void expect_as_duckdb_reads(const Table& t, const boost::json::object& reading,
                            const std::string& name);

}  // namespace mlops::io::testing
