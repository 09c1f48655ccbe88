#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <set>
#include <string>

#include "parquet/reference.h"

// DuckDB's codec x encoding x type x nullability matrix (tests/data/parquet/matrix.mjs): every
// file reads back as DuckDB reads it, value by value.
namespace mlops::io::testing {
namespace {

Compare compare_named(std::string_view how) {
  if (how == "float") return Compare::kFloat;
  if (how == "double") return Compare::kDouble;
  if (how == "hex") return Compare::kHex;
  return Compare::kText;
}

const boost::json::value& matrix_values() {
  static const boost::json::value v = load_json(parquet_path("duckdb/matrix/values.json"));
  return v;
}

const boost::json::value& matrix_files() {
  static const boost::json::value v = load_json(parquet_path("duckdb/matrix/files.json"));
  return v;
}

// Reads every matrix file of Parquet version `version` ("V1", "V2") and compares it.
void expect_version_reads_as_duckdb(const std::string& version) {
  const auto& reference = matrix_values();
  std::vector<std::string> columns;
  for (const auto& c : reference.at("columns").as_array()) columns.emplace_back(c.as_string());
  std::vector<Compare> how;
  for (const auto& c : reference.at("compare").as_array())
    how.push_back(compare_named(c.as_string()));
  int files = 0;
  for (const auto& f : matrix_files().at("files").as_array()) {
    if (f.at("version").as_string() != version) continue;
    const std::string name(f.at("file").as_string());
    SCOPED_TRACE(name);
    const Table t = read_path(parquet_path("duckdb/matrix/" + name));
    EXPECT_EQ(t.format, Format::kParquet);
    EXPECT_EQ(t.columns, columns);
    expect_values(t, reference.at("values").as_array(), how, name);
    ++files;
  }
  EXPECT_EQ(files, 6);
}

TEST(ParquetMatrixTest, V1FilesReadAsDuckDbReadsThem) { expect_version_reads_as_duckdb("V1"); }

TEST(ParquetMatrixTest, V2FilesReadAsDuckDbReadsThem) {
  // DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, BYTE_STREAM_SPLIT, RLE_DICTIONARY and data
  // pages v2 (fails until the reader has DuckDB's V2 encodings).
  expect_version_reads_as_duckdb("V2");
}

TEST(ParquetMatrixTest, TheFilesCoverEveryCodecAndDuckDbsEncodings) {
  // files.json: what DuckDB wrote, column chunk by column chunk.
  std::set<std::string> codecs;
  std::map<std::string, std::set<std::string>> encodings;  // by version
  // Columns (without "_lo"/"_nn") that have a dictionary-encoded and a plain chunk.
  std::map<std::string, std::set<bool>> dictionary;
  for (const auto& f : matrix_files().at("files").as_array()) {
    const std::string version(f.at("version").as_string());
    for (const auto& chunk : f.at("chunks").as_array()) {
      const std::string column(chunk.at(0).as_string());
      const std::string encoding(chunk.at(1).as_string());
      codecs.emplace(chunk.at(2).as_string());
      // DuckDB 1.5 lists no encodings in a TIME WITH TIME ZONE chunk's metadata (the reader
      // does not need them: each page says its own).
      if (column.starts_with("ttz")) continue;
      encodings[version].insert(encoding);
      std::string base = column.substr(0, column.find("_lo"));
      if (base.ends_with("_nn")) base.resize(base.size() - 3);
      dictionary[base].insert(encoding.find("DICTIONARY") != std::string::npos);
    }
  }
  EXPECT_EQ(codecs,
            (std::set<std::string>{"UNCOMPRESSED", "SNAPPY", "GZIP", "ZSTD", "LZ4_RAW", "BROTLI"}));
  EXPECT_EQ(encodings["V1"],
            (std::set<std::string>{"PLAIN", "PLAIN_DICTIONARY", "RLE_DICTIONARY"}));
  EXPECT_EQ(encodings["V2"],
            (std::set<std::string>{"PLAIN", "RLE_DICTIONARY", "DELTA_BINARY_PACKED",
                                   "DELTA_LENGTH_BYTE_ARRAY", "BYTE_STREAM_SPLIT"}));
  for (const auto& [column, kinds] : dictionary) {
    // DuckDB dictionary-encodes no BOOLEAN and no DECIMAL(38) (FIXED_LEN_BYTE_ARRAY), and
    // every ENUM; the all-null columns have no values.
    if (column == "b" || column == "d38" || column == "en" || column.starts_with("null_")) continue;
    EXPECT_EQ(kinds.size(), 2u) << column << " lacks a dictionary or a non-dictionary chunk";
  }
}

// edges-v1.parquet / edges-v2.parquet (matrix.mjs, writeEdges): three row groups (2,048,
// 2,048 and 904 rows), encodings that change between them, narrow and wide DECIMALs, long strings
// and NULs, extreme dates, timestamps and floats.
void expect_edges_read_as_duckdb(const std::string& name) {
  static const boost::json::value reference = load_json(parquet_path("duckdb/matrix/edges.json"));
  std::vector<std::string> columns;
  for (const auto& c : reference.at("columns").as_array()) columns.emplace_back(c.as_string());
  std::vector<Compare> how;
  for (const auto& c : reference.at("compare").as_array())
    how.push_back(compare_named(c.as_string()));
  const Table t = read_path(parquet_path("duckdb/matrix/" + name));
  EXPECT_EQ(t.columns, columns);
  expect_values(t, reference.at("values").as_array(), how, name);
}

TEST(ParquetMatrixTest, EdgesV1ReadAsDuckDbReadsThem) {
  expect_edges_read_as_duckdb("edges-v1.parquet");
}

TEST(ParquetMatrixTest, EdgesV2ReadAsDuckDbReadsThem) {
  // Dictionary in the first row group, DELTA_* in the next (fails until the reader has them).
  expect_edges_read_as_duckdb("edges-v2.parquet");
}

TEST(ParquetMatrixTest, IntervalIsRefusedNamingTheColumn) {
  // DuckDB writes INTERVAL as FIXED_LEN_BYTE_ARRAY(12) (converted type INTERVAL), which has
  // no value the toolkit's types can hold.
  const std::string path = parquet_path("duckdb/matrix/interval.parquet");
  const Error e = mlops::testing::error_of([&] { read_path(path); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_NE(e.message().find(path), std::string::npos) << e.message();
  EXPECT_NE(e.message().find("\"span\""), std::string::npos) << e.message();
  EXPECT_NE(e.message().find("INTERVAL"), std::string::npos) << e.message();
}

}  // namespace
}  // namespace mlops::io::testing
