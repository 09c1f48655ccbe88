#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <utility>

#include "helpers.h"
#include "io/parquet/parquet_reader.h"
#include "io/parquet/pieces.h"
#include "io/scan.h"
#include "parquet_builder.h"

// A Parquet file read in pieces of whole row groups (io::Scan) and with a projection
// (ReadOptions::wanted_columns): the same rows, lines and values as one read of every column.
namespace mlops::io::testing {
namespace {

using mlops::testing::error_of;

// groups.json: 5,000 rows in three row groups (2,048, 2,048, 904), columns id, x, s, b, u.
const std::string kGroups = "parquet/duckdb/groups-v1.parquet";

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Pieces {
  Table joined;
  std::size_t planned = 0;
  int restarts = 0;
  std::uint64_t bytes = 0;
  std::vector<std::uint64_t> lines;
};

Pieces scan_pieces(const std::string& path, int threads, ReadOptions read = {}) {
  ScanOptions options;
  options.threads = threads;
  options.min_piece_bytes = 1;
  std::istringstream none;
  Scan scan(path, std::move(read), options, none);
  Pieces out;
  out.planned = scan.pieces();
  std::vector<Table> parts(scan.pieces());
  out.lines = scan.run([&](std::size_t k, TableReader& r) { parts[k] = read_all(r); },
                       [&] {
                         ++out.restarts;
                         parts.assign(1, Table{});
                       });
  for (std::size_t k = 0; k < out.lines.size(); ++k) {
    const Table& p = parts[k];
    out.joined.rows.insert(out.joined.rows.end(), p.rows.begin(), p.rows.end());
    for (auto line : p.lines) out.joined.lines.push_back(line + out.lines[k]);
    out.joined.offsets.insert(out.joined.offsets.end(), p.offsets.begin(), p.offsets.end());
  }
  out.joined.columns = scan.columns();
  out.bytes = scan.bytes();
  return out;
}

TEST(ParquetPiecesTest, RowGroupsArePiecesThatTogetherAreTheWholeFile) {
  const std::string path = data_path(kGroups);
  const Table one = read_path(path);
  ASSERT_EQ(one.rows.size(), 5000u);
  std::istringstream none;
  Scan whole(path, {}, {}, none);
  whole.run([](std::size_t, TableReader& r) { read_all(r); }, [] {});
  for (int threads : {2, 3, 8}) {
    const Pieces p = scan_pieces(path, threads);
    // Three row groups: never more than three pieces, each of whole row groups.
    EXPECT_EQ(p.planned, static_cast<std::size_t>(std::min(threads, 3))) << threads;
    EXPECT_EQ(p.restarts, 0);
    ASSERT_EQ(p.lines.size(), p.planned);
    EXPECT_EQ(p.lines[1], 2048u) << threads;  // the rows before piece 1: row group 0's
    EXPECT_EQ(p.joined.rows, one.rows) << threads;
    EXPECT_EQ(p.joined.lines, one.lines) << threads;
    EXPECT_EQ(p.joined.offsets, one.offsets) << threads;
    EXPECT_EQ(p.joined.columns, one.columns);
    // Each byte of the file is counted once, as one read counts them.
    EXPECT_EQ(p.bytes, whole.bytes()) << threads;
  }
}

TEST(ParquetPiecesTest, ASmallFileOrOneRowGroupIsOnePiece) {
  ScanOptions options;
  options.threads = 4;  // min_piece_bytes: 16 MB, far more than the file holds
  std::istringstream none;
  Scan small(data_path(kGroups), {}, options, none);
  EXPECT_EQ(small.pieces(), 1u);
  options.min_piece_bytes = 1;
  Scan one_group(data_path("parquet/testing/alltypes_plain.parquet"), {}, options, none);
  EXPECT_EQ(one_group.pieces(), 1u);
}

TEST(ParquetPiecesTest, ARowIsReadAgainByItsIndex) {
  const std::string path = data_path(kGroups);
  const Table one = read_path(path);
  ScanOptions options;
  options.threads = 2;
  options.min_piece_bytes = 1;
  std::istringstream none;
  Scan scan(path, {}, options, none);
  ASSERT_EQ(scan.pieces(), 2u);
  for (std::size_t r : {0, 1, 2047, 2048, 3000, 4999}) {
    auto reader = scan.open_at(r);
    Row row;
    ASSERT_TRUE(reader->next(row)) << r;
    EXPECT_EQ(row.offset, r);
    EXPECT_EQ(row.line, 1u);  // counted from the row
    ASSERT_EQ(row.fields.size(), 5u);
    for (std::size_t c = 0; c < 5; ++c) {
      EXPECT_EQ(row.fields[c].null, !one.rows[r][c].has_value()) << r;
      if (!row.fields[c].null) {
        EXPECT_EQ(row.fields[c].text, *one.rows[r][c]) << r;
      }
    }
  }
}

// Row groups without rows (a writer may leave them, e.g. after a filter) between and after
// others, one column of INT32 7, 9 | - | - | 1, 2, 3 | -: any number of pieces, some holding only
// empty row groups, reads the five rows once each, in order, as one read does.
TEST(ParquetPiecesTest, RowGroupsWithoutRowsAreReadAsOneReadDoes) {
  pf::SchemaElement v;
  v.__set_name("v");
  v.__set_type(pf::Type::INT32);
  v.__set_repetition_type(pf::FieldRepetitionType::REQUIRED);
  auto ints = [](std::initializer_list<char> values) {
    std::string body;
    for (char c : values) body += std::string{c, 0, 0, 0};
    return data_page_v1(static_cast<std::int32_t>(values.size()), pf::Encoding::PLAIN, body);
  };
  // Stated sizes 100, 0, 0, 100, 0: pieces start at the empty row groups too.
  const std::string path =
      write_temp("empty-groups.parquet", build_parquet_groups(v, {{2, {ints({7, 9})}, 100},
                                                                  {0, {}, 0},
                                                                  {0, {}, 0},
                                                                  {3, {ints({1, 2, 3})}, 100},
                                                                  {0, {}, 0}}));
  const Table one = read_path(path);
  ASSERT_EQ(one.rows.size(), 5u);
  std::vector<std::string> values;
  for (const auto& row : one.rows) values.push_back(row[0].value_or("null"));
  EXPECT_EQ(values, (std::vector<std::string>{"7", "9", "1", "2", "3"}));
  EXPECT_EQ(one.lines, (std::vector<std::uint64_t>{1, 2, 3, 4, 5}));
  for (int threads : {2, 3, 4, 5}) {
    SCOPED_TRACE(threads);
    const Pieces p = scan_pieces(path, threads);
    EXPECT_GE(p.planned, 2u);
    EXPECT_EQ(p.joined.rows, one.rows);
    EXPECT_EQ(p.joined.lines, one.lines);
    EXPECT_EQ(p.joined.offsets, one.offsets);
  }
  // Only empty row groups: no rows, however many pieces.
  const std::string empty = write_temp("only-empty-groups.parquet",
                                       build_parquet_groups(v, {{0, {}, 100}, {0, {}, 100}}));
  EXPECT_TRUE(read_path(empty).rows.empty());
  EXPECT_TRUE(scan_pieces(empty, 2).joined.rows.empty());
}

TEST(ParquetPiecesTest, RowGroupsAreDealtByTheirSize) {
  using parquet::split_row_groups;
  EXPECT_EQ(split_row_groups({10, 10, 10, 10}, 2), (std::vector<std::size_t>{2}));
  EXPECT_EQ(split_row_groups({10, 10, 10, 10}, 4), (std::vector<std::size_t>{1, 2, 3}));
  EXPECT_EQ(split_row_groups({10, 10, 10}, 8), (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(split_row_groups({30, 10, 10, 10}, 2), (std::vector<std::size_t>{1}));
  EXPECT_EQ(split_row_groups({0, 0, 0, 0}, 2), (std::vector<std::size_t>{2}));  // by number
  EXPECT_EQ(split_row_groups({41, 41, 18}, 2), (std::vector<std::size_t>{1}));  // the nearest
  EXPECT_EQ(split_row_groups({10, 10, 10, 10, 10, 100}, 2), (std::vector<std::size_t>{5}));
  EXPECT_TRUE(split_row_groups({10}, 4).empty());
  EXPECT_TRUE(split_row_groups({10, 10}, 1).empty());
}

TEST(ParquetProjectionTest, OnlyTheWantedColumnsHaveValues) {
  const std::string path = data_path(kGroups);
  const Table one = read_path(path);
  ReadOptions read;
  read.wanted_columns = only_columns({"s", "id", "not a column"});
  std::istringstream none;
  auto reader = open_table(path, read, none);
  EXPECT_EQ(reader->columns(), one.columns);  // every column is listed
  EXPECT_TRUE(reader->has_values(0));         // id
  EXPECT_FALSE(reader->has_values(1));        // x
  EXPECT_TRUE(reader->has_values(2));         // s
  EXPECT_FALSE(reader->has_values(3));
  EXPECT_FALSE(reader->has_values(4));
  EXPECT_NO_THROW(require_values(*reader, 2));
  EXPECT_THROW(require_values(*reader, 1), std::logic_error);
  const Table t = read_all(*reader);
  ASSERT_EQ(t.rows.size(), one.rows.size());
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    EXPECT_EQ(t.rows[r][0], one.rows[r][0]) << r;
    EXPECT_EQ(t.rows[r][2], one.rows[r][2]) << r;
    for (std::size_t c : {1, 3, 4}) EXPECT_FALSE(t.rows[r][c].has_value()) << r;
  }
  EXPECT_EQ(t.lines, one.lines);
  // A projection is kept by the pieces of a scan.
  const Pieces p = scan_pieces(path, 3, read);
  EXPECT_EQ(p.joined.rows, t.rows);
}

TEST(ParquetProjectionTest, ASkippedColumnIsNeitherReadNorChecked) {
  // The first column chunk (column "id" of row group 0, at byte 4) damaged: a read of every
  // column refuses the file there; a read without "id" never looks at it.
  std::string bad = slurp(data_path(kGroups));
  for (std::size_t i = 4; i < 12; ++i) bad[i] = '\xFF';
  ParquetReader all(memory_random_access(bad), "bad.parquet");
  const Error e = error_of([&] { read_all(all); });
  EXPECT_EQ(e.message().rfind("bad.parquet: row group 0, column \"id\"", 0), 0u) << e.message();

  ReadOptions read;
  read.wanted_columns = only_columns({"x", "s"});
  ParquetReader some(memory_random_access(bad), "bad.parquet", read);
  const Table t = read_all(some);
  const Table one = read_path(data_path(kGroups));
  ASSERT_EQ(t.rows.size(), 5000u);
  for (std::size_t r = 0; r < t.rows.size(); ++r) EXPECT_EQ(t.rows[r][1], one.rows[r][1]) << r;
  // Fewer bytes read: the chunks of x and s only.
  ParquetReader every(memory_random_access(slurp(data_path(kGroups))), "good.parquet");
  read_all(every);
  EXPECT_LT(some.bytes_read(), every.bytes_read());
}

}  // namespace
}  // namespace mlops::io::testing
