#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "io/parquet/parquet_reader.h"
#include "parquet/reference.h"

// The Parquet reader's batches (ParquetReader::next_batch, column by column, a dictionary's
// values as codes) hold what its rows hold (next()), value for value, for every Parquet file
// of tests/data/parquet (Apache's parquet-testing, DuckDB's matrix and the project's own):
// the same texts, nulls and dictionary codes, and the same error, naming the same row, for a
// file that cannot be read.
namespace mlops::io::testing {
namespace {

namespace fs = std::filesystem;

struct Cell {
  bool null = false;
  std::string text;
  bool coded = false;  // from a dictionary
  std::uint32_t code = 0;

  bool operator==(const Cell&) const = default;
};

struct Reading {
  std::vector<std::vector<Cell>> rows;
  std::vector<std::uint64_t> lines, offsets;
  std::optional<std::string> error;
};

Cell cell(const Field& f) {
  return {f.null, std::string(f.text), f.dictionary != 0, f.dictionary != 0 ? f.code : 0};
}

// A reader of the columns whose values can be read (a list is refused when read, either way).
std::unique_ptr<ParquetReader> open(const std::string& path) {
  std::unique_ptr<ParquetReader> probe;
  try {
    probe = std::make_unique<ParquetReader>(open_random_access(path), path);
  } catch (const Error&) {
    return nullptr;  // refused at its footer: no rows to compare
  }
  std::vector<std::string> readable;
  for (std::size_t c = 0; c < probe->columns().size(); ++c) {
    if (probe->unreadable(c).empty()) readable.push_back(probe->columns()[c]);
  }
  ReadOptions options;
  options.wanted_columns = only_columns(readable);
  return std::make_unique<ParquetReader>(open_random_access(path), path, options);
}

Reading by_rows(ParquetReader& reader) {
  Reading got;
  Row row;
  try {
    while (reader.next(row)) {
      std::vector<Cell> cells;
      for (const Field& f : row.fields) cells.push_back(cell(f));
      got.rows.push_back(std::move(cells));
      got.lines.push_back(row.line);
      got.offsets.push_back(row.offset);
    }
  } catch (const Error& e) {
    got.error = e.what();
  }
  return got;
}

Reading by_batches(ParquetReader& reader, std::size_t max_rows) {
  Reading got;
  Batch batch;
  try {
    while (reader.next_batch(batch, max_rows)) {
      EXPECT_GE(batch.rows, 1u);
      EXPECT_LE(batch.rows, max_rows);
      for (std::size_t r = 0; r < batch.rows; ++r) {
        std::vector<Cell> cells;
        for (const BatchColumn& column : batch.columns) cells.push_back(cell(column.at(r)));
        got.rows.push_back(std::move(cells));
        got.lines.push_back(batch.lines[r]);
        got.offsets.push_back(batch.offsets[r]);
      }
    }
  } catch (const Error& e) {
    got.error = e.what();
  }
  return got;
}

std::vector<std::string> parquet_files() {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(parquet_path(""))) {
    if (entry.is_regular_file() && entry.path().extension() == ".parquet") {
      files.push_back(entry.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(ParquetBatchTest, BatchesHoldWhatRowsHold) {
  const std::vector<std::string> files = parquet_files();
  ASSERT_GE(files.size(), 50u);
  std::size_t compared = 0, coded = 0;
  for (const std::string& path : files) {
    SCOPED_TRACE(path);
    std::unique_ptr<ParquetReader> rows_reader = open(path);
    if (rows_reader == nullptr) continue;
    const Reading rows = by_rows(*rows_reader);
    for (std::size_t max_rows : {1u, 3u, 1000u}) {
      SCOPED_TRACE("batches of at most " + std::to_string(max_rows));
      std::unique_ptr<ParquetReader> batch_reader = open(path);
      const Reading batches = by_batches(*batch_reader, max_rows);
      EXPECT_EQ(rows.error, batches.error);
      if (rows.error) {
        // A batch stops at its error: the rows before it are the row path's first ones.
        ASSERT_LE(batches.rows.size(), rows.rows.size());
        for (std::size_t r = 0; r < batches.rows.size(); ++r) {
          ASSERT_EQ(rows.rows[r], batches.rows[r]) << "row " << r;
        }
        continue;
      }
      ASSERT_EQ(rows.rows.size(), batches.rows.size());
      for (std::size_t r = 0; r < rows.rows.size(); ++r) {
        ASSERT_EQ(rows.rows[r], batches.rows[r]) << "row " << r;
      }
      EXPECT_EQ(rows.lines, batches.lines);
      EXPECT_EQ(rows.offsets, batches.offsets);
    }
    ++compared;
    for (const auto& r : rows.rows) {
      for (const Cell& c : r) coded += c.coded ? 1 : 0;
    }
  }
  // Not a vacuous comparison: most files read, many values from dictionaries.
  EXPECT_GE(compared, 40u);
  EXPECT_GE(coded, 10000u);
}

// A piece of a file (limit_to: from a row inside a row group) starts its batches at that row.
TEST(ParquetBatchTest, ABatchStartsAtThePiecesFirstRow) {
  const std::string path = parquet_path("duckdb/groups-v1.parquet");
  std::unique_ptr<ParquetReader> whole = open(path);
  const Reading all = by_rows(*whole);
  ASSERT_FALSE(all.error);
  ASSERT_GE(all.rows.size(), 10u);
  ASSERT_GE(whole->num_row_groups(), 2u);
  const std::uint64_t first = whole->group_rows(0) + 3;
  std::unique_ptr<ParquetReader> piece = open(path);
  piece->limit_to(1, piece->num_row_groups(), first);
  const Reading part = by_batches(*piece, 5);
  ASSERT_FALSE(part.error);
  ASSERT_EQ(part.rows.size(), all.rows.size() - first);
  for (std::size_t r = 0; r < part.rows.size(); ++r) {
    EXPECT_EQ(part.rows[r], all.rows[first + r]) << "row " << r;
    EXPECT_EQ(part.offsets[r], first + r);
    EXPECT_EQ(part.lines[r], r + 1);
  }
}

}  // namespace
}  // namespace mlops::io::testing
