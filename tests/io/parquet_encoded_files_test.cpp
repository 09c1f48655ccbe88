#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "helpers.h"
#include "io/parquet/parquet_reader.h"

// Apache parquet-testing files in the DELTA_* and BYTE_STREAM_SPLIT encodings, read with the
// content their documentation gives: the *_expect.csv files beside the delta_* files, and for
// byte_stream_split_extended the PLAIN-encoded twin of each column (its README's check).
// DuckDB's reading of those it reads is compared in tests/parquet/testing_files_test.cpp.
namespace mlops::io::testing {
namespace {

using mlops::testing::error_of;

std::string testing_path(const std::string& name) { return data_path("parquet/testing/" + name); }

// The rows of an *_expect.csv: fields quoted or not; an empty unquoted field is a null.
// (None of their values holds a quote or a line break.)
std::vector<std::vector<std::optional<std::string>>> expect_csv(const std::string& name) {
  std::istringstream in(file_bytes(testing_path(name)));
  std::string line;
  std::getline(in, line);  // the header
  std::vector<std::vector<std::optional<std::string>>> rows;
  while (std::getline(in, line)) {
    std::vector<std::optional<std::string>> row;
    std::size_t i = 0;
    for (;;) {
      if (i < line.size() && line[i] == '"') {
        const std::size_t close = line.find('"', i + 1);
        row.emplace_back(line.substr(i + 1, close - i - 1));
        i = close + 1;
      } else {
        const std::size_t comma = std::min(line.find(',', i), line.size());
        if (comma == i) {
          row.emplace_back(std::nullopt);
        } else {
          row.emplace_back(line.substr(i, comma - i));
        }
        i = comma;
      }
      if (i >= line.size()) break;
      ++i;  // the comma
      if (i == line.size()) {
        row.emplace_back(std::nullopt);  // a last field, empty
        break;
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

TEST(ParquetEncodedFilesTest, DeltaFilesReadAsTheirExpectedCsv) {
  // delta_binary_packed: INT64 columns of every delta bit width 0..64 and INT32 ones, in two
  // blocks; delta_byte_array: 1000 rows of optional strings; delta_encoding_*: INT32/INT64
  // (DELTA_BINARY_PACKED) and strings (DELTA_BYTE_ARRAY), required and optional.
  const std::map<std::string, std::size_t> files = {{"delta_binary_packed", 200},
                                                    {"delta_byte_array", 1000},
                                                    {"delta_encoding_optional_column", 100},
                                                    {"delta_encoding_required_column", 100}};
  for (const auto& [name, rows] : files) {
    SCOPED_TRACE(name);
    const Table t = read_path(testing_path(name + ".parquet"));
    const auto expected = expect_csv(name + "_expect.csv");
    ASSERT_EQ(expected.size(), rows);
    ASSERT_EQ(t.rows.size(), rows);
    for (std::size_t r = 0; r < rows; ++r) {
      ASSERT_EQ(t.rows[r].size(), expected[r].size()) << "row " << r;
      for (std::size_t c = 0; c < expected[r].size(); ++c) {
        EXPECT_EQ(t.rows[r][c], expected[r][c]) << "row " << r << " column " << t.columns[c];
      }
    }
  }
}

TEST(ParquetEncodedFilesTest, DeltaFilesHaveTheColumnsTheirDocumentationLists) {
  // delta_binary_packed.md: 66 columns, bitwidth0..bitwidth64 (INT64) and int_value (INT32).
  const Table t = read_path(testing_path("delta_binary_packed.parquet"));
  ASSERT_EQ(t.columns.size(), 66u);
  EXPECT_EQ(t.columns.front(), "bitwidth0");
  EXPECT_EQ(t.columns[64], "bitwidth64");
  // delta_byte_array.md: c_login is null in all 1000 rows.
  const Table s = read_path(testing_path("delta_byte_array.parquet"));
  ASSERT_EQ(s.columns[6], "c_login");
  for (const auto& row : s.rows) EXPECT_FALSE(row[6].has_value());
}

TEST(ParquetEncodedFilesTest, ByteStreamSplitColumnsEqualTheirPlainTwins) {
  // byte_stream_split_extended.gzip.parquet (README.md, "Byte Stream Split"): "read each
  // BYTE_STREAM_SPLIT-encoded column and compare the decoded values against the values from
  // the corresponding PLAIN-encoded column": FLOAT16, FLOAT, DOUBLE, INT32, INT64,
  // FIXED_LEN_BYTE_ARRAY(5) and DECIMAL(7,3) in FIXED_LEN_BYTE_ARRAY(4).
  const Table t = read_path(testing_path("byte_stream_split_extended.gzip.parquet"));
  ASSERT_EQ(t.rows.size(), 200u);
  ASSERT_EQ(t.columns.size(), 14u);
  for (std::size_t c = 0; c < 14; c += 2) {
    const std::string type = t.columns[c].substr(0, t.columns[c].rfind("_plain"));
    ASSERT_EQ(t.columns[c], type + "_plain");
    ASSERT_EQ(t.columns[c + 1], type + "_byte_stream_split");
    std::size_t values = 0;
    for (const auto& row : t.rows) {
      EXPECT_EQ(row[c], row[c + 1]) << t.columns[c + 1];
      values += row[c].has_value() ? 1 : 0;
    }
    EXPECT_GT(values, 100u) << type;
  }
}

TEST(ParquetEncodedFilesTest, ByteStreamSplitStandardNormals) {
  // byte_stream_split.zstd.parquet: np.random.seed(0); 300 float32 then 300 float64 standard
  // normals. numpy's first normal of seed 0 is 1.764052345967664 (as float32: 1.7640524).
  const Table t = read_path(testing_path("byte_stream_split.zstd.parquet"));
  ASSERT_EQ(t.rows.size(), 300u);
  EXPECT_EQ(t.columns, (std::vector<std::string>{"f32", "f64"}));
  EXPECT_EQ(t.rows[0][0], "1.7640524");
}

TEST(ParquetEncodedFilesTest, DamagedDeltaPagesAreInputErrorsNamingTheColumn) {
  // Every byte of a delta-encoded file replaced in turn: a read or an input Error.
  const std::string good = file_bytes(testing_path("delta_encoding_required_column.parquet"));
  std::size_t errors = 0;
  for (std::size_t i = 0; i < good.size(); i += 3) {
    std::string bad = good;
    bad[i] = static_cast<char>(bad[i] ^ 0x5A);
    try {
      ParquetReader reader(memory_random_access(bad), "bad.parquet");
      read_all(reader);
    } catch (const Error& e) {
      ASSERT_EQ(e.code(), ExitCode::kCannotEvaluate) << "byte " << i;
      ++errors;
    }
  }
  EXPECT_GT(errors, 0u);
  // The first page (a version 2 data page at byte 4, its 23-byte header, no levels) of the
  // first column, INT32 in DELTA_BINARY_PACKED: its header's block size, 128 (80 01), made
  // 100 (64), which is not a multiple of 128.
  std::string bad = good;
  ASSERT_EQ(bad.substr(27, 2), "\x80\x01");
  bad[27] = '\x64';
  const Error e = error_of([&] {
    ParquetReader reader(memory_random_access(bad), "bad.parquet");
    read_all(reader);
  });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_EQ(e.message().rfind("bad.parquet: row group 0, column \"c_customer_sk:\": corrupt data: "
                              "a DELTA_BINARY_PACKED header of blocks of 100 values",
                              0),
            0u)
      << e.message();
}

}  // namespace
}  // namespace mlops::io::testing
