#include "io/scan.h"

#include <algorithm>
#include <utility>

#include "helpers.h"
#include "io/sampled_reader.h"
#include "io/source.h"

// The scan engine: an input read in pieces must yield exactly the records of one read, with
// the lines they have in the file once each piece's line base is added.
namespace mlops::io::testing {
namespace {

// A table with `rows` records; every 7th note holds a comma and a doubled quote, or every
// note a line break within quotes.
std::string numbered(int rows, bool quoted_newlines = false) {
  std::string csv = "id,value,note\n";
  for (int i = 0; i < rows; ++i) {
    csv += std::to_string(i) + "," + std::to_string(i * 3 % 101) + ",";
    if (quoted_newlines) {  // a line break near the end: most split points land before it
      csv += "\"" + std::string(60, 'x') + "\ny\"";
    } else if (i % 7 == 0) {
      csv += "\"a, \"\"b\"\"\"";
    } else {
      csv += "n" + std::to_string(i);
    }
    csv += "\n";
  }
  return csv;
}

struct Scanned {
  std::vector<Table> parts;
  std::vector<std::uint64_t> lines;
  int restarts = 0;
  std::size_t planned = 0;
  std::uint64_t bytes = 0;
};

Scanned scan_file(const std::string& path, int threads, std::uint64_t min_piece,
                  ReadOptions read = {}, ScanOptions options = {}) {
  options.threads = threads;
  options.min_piece_bytes = min_piece;
  std::istringstream none;
  Scan scan(path, std::move(read), options, none);
  Scanned out;
  out.planned = scan.pieces();
  out.parts.resize(scan.pieces());
  out.lines = scan.run([&](std::size_t k, TableReader& r) { out.parts[k] = read_all(r); },
                       [&] {
                         ++out.restarts;
                         out.parts.assign(1, Table{});
                       });
  out.bytes = scan.bytes();
  return out;
}

// The pieces' records in file order, lines made absolute.
Table joined(const Scanned& s) {
  Table t;
  for (std::size_t k = 0; k < s.lines.size(); ++k) {
    const Table& p = s.parts[k];
    t.rows.insert(t.rows.end(), p.rows.begin(), p.rows.end());
    for (auto line : p.lines) t.lines.push_back(line + s.lines[k]);
    t.offsets.insert(t.offsets.end(), p.offsets.begin(), p.offsets.end());
  }
  return t;
}

TEST(ScanTest, PiecesTogetherAreTheWholeFile) {
  const std::string path = write_temp("scan_whole.csv", numbered(3000));
  const Table one = read_path(path);
  for (int threads : {2, 3, 8}) {
    Scanned s = scan_file(path, threads, 1024);
    EXPECT_EQ(s.planned, static_cast<std::size_t>(threads)) << threads;
    EXPECT_EQ(s.lines.size(), s.planned);
    EXPECT_EQ(s.restarts, 0);
    Table t = joined(s);
    EXPECT_EQ(t.rows, one.rows) << threads;
    EXPECT_EQ(t.lines, one.lines) << threads;
    EXPECT_EQ(t.offsets, one.offsets) << threads;
    EXPECT_EQ(s.bytes, file_size(path));
    for (const Table& p : s.parts) EXPECT_FALSE(p.rows.empty());
  }
}

TEST(ScanTest, ARecordIsReadAgainByItsOffset) {
  const std::string path = write_temp("scan_again.csv", numbered(3000));
  const Table one = read_path(path);
  ScanOptions options;
  options.threads = 2;
  options.min_piece_bytes = 1024;
  std::istringstream none;
  Scan scan(path, {}, options, none);
  ASSERT_EQ(scan.pieces(), 2u);
  for (std::size_t r : {0, 7, 1500, 2999}) {
    auto reader = scan.open_at(one.offsets[r]);
    Row row;
    ASSERT_TRUE(reader->next(row)) << r;
    EXPECT_EQ(row.offset, one.offsets[r]);
    EXPECT_EQ(row.line, 1u);  // counted from the offset
    ASSERT_EQ(row.fields.size(), 3u);
    for (std::size_t c = 0; c < 3; ++c) EXPECT_EQ(row.fields[c].text, *one.rows[r][c]) << r;
  }
}

TEST(ScanTest, OneThreadOrASmallFileIsOnePiece) {
  const std::string path = write_temp("scan_small.csv", numbered(100));
  EXPECT_EQ(scan_file(path, 1, 64).planned, 1u);
  EXPECT_EQ(scan_file(path, 4, 1 << 20).planned, 1u);  // under 2 x min_piece_bytes
  Scanned s = scan_file(path, 4, 1 << 20);
  EXPECT_EQ(joined(s).rows, read_path(path).rows);
  EXPECT_EQ(s.lines, std::vector<std::uint64_t>{0});
}

TEST(ScanTest, ABoundaryInsideQuotesFallsBackToOneRead) {
  const std::string path = write_temp("scan_quoted.csv", numbered(3000, true));
  const Table one = read_path(path);
  Scanned s = scan_file(path, 4, 1024);
  EXPECT_EQ(s.planned, 4u);
  EXPECT_EQ(s.restarts, 1);  // some split point lands inside quotes
  ASSERT_EQ(s.lines, std::vector<std::uint64_t>{0});
  Table t = joined(s);
  EXPECT_EQ(t.rows, one.rows);
  EXPECT_EQ(t.lines, one.lines);
}

TEST(ScanTest, AnErrorInALaterPieceNamesItsLineInTheFile) {
  std::string csv = numbered(3000);
  csv += "1,2\n";  // one field short, in the last piece
  const std::string path = write_temp("scan_bad.csv", csv);
  Error e = error_of([&] { scan_file(path, 4, 1024); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_THAT(e.what(), ::testing::HasSubstr("scan_bad.csv:3002: a row has 2 fields, expected 3"));
}

TEST(ScanTest, TheRawObserverSeesTheFileOnceHoweverItIsRead) {
  const std::string plain = numbered(3000);
  const std::string quoted = numbered(3000, true);
  for (const auto& [name, text] :
       {std::pair{"scan_raw.csv", plain}, std::pair{"scan_raw_q.csv", quoted},
        std::pair{"scan_raw.jsonl", std::string("{\"a\": 1}\n").append(5000, '\n')}}) {
    const std::string path = write_temp(name, text);
    for (int threads : {1, 4}) {
      std::string seen;
      ReadOptions read;
      read.on_raw_bytes = [&](const char* d, std::size_t n) { seen.append(d, n); };
      scan_file(path, threads, 1024, read);
      EXPECT_EQ(seen, text) << name << " " << threads;
    }
  }
}

TEST(ScanTest, StdinIsOnePiece) {
  std::istringstream in(numbered(3000));
  ScanOptions options;
  options.threads = 4;
  options.min_piece_bytes = 64;
  Scan scan("-", {}, options, in);
  EXPECT_EQ(scan.pieces(), 1u);
  std::size_t rows = 0;
  auto lines =
      scan.run([&](std::size_t, TableReader& r) { rows = read_all(r).rows.size(); }, [] {});
  EXPECT_EQ(rows, 3000u);
  EXPECT_EQ(lines, std::vector<std::uint64_t>{0});
}

TEST(ScanTest, TheFirstPieceIsWrappedAgainAfterAFallBack) {
  const std::string path = write_temp("scan_wrap.csv", numbered(3000, true));
  ScanOptions options;
  int wrapped = 0;
  options.wrap_first = [&](std::unique_ptr<TableReader> r) -> std::unique_ptr<TableReader> {
    ++wrapped;
    return std::make_unique<SampledReader>(std::move(r), 10);
  };
  Scanned s = scan_file(path, 4, 1024, {}, options);
  EXPECT_EQ(s.restarts, 1);
  EXPECT_EQ(wrapped, 2);
  EXPECT_EQ(joined(s).rows, read_path(path).rows);  // the sample is replayed, not lost
}

// JSON Lines pieces start at line breaks and know the first piece's columns in its order; a
// key first met in a later piece comes after them, as in one read.
TEST(ScanTest, JsonLinesPiecesLineUpTheirColumns) {
  std::string text;
  for (int i = 0; i < 3000; ++i) {
    text += "{\"id\": " + std::to_string(i);
    if (i >= 2900) text += ", \"late\": \"x" + std::to_string(i) + "\"";
    text += ", \"v\": " + std::to_string(i % 7) + "}\n";
  }
  const std::string path = write_temp("scan.jsonl", text);
  const Table one = read_path(path);
  ScanOptions options;
  options.threads = 4;
  options.min_piece_bytes = 1024;
  options.wrap_first = [](std::unique_ptr<TableReader> r) -> std::unique_ptr<TableReader> {
    return std::make_unique<SampledReader>(std::move(r), 100);
  };
  std::istringstream none;
  Scan scan(path, {}, options, none);
  ASSERT_EQ(scan.pieces(), 4u);
  std::vector<Table> parts(4);
  auto lines = scan.run([&](std::size_t k, TableReader& r) { parts[k] = read_all(r); }, [] {});
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(scan.columns(), one.columns);
  EXPECT_EQ(scan.columns(), (std::vector<std::string>{"id", "v", "late"}));
  std::size_t row = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    EXPECT_EQ(std::vector<std::string>(parts[k].columns.begin(), parts[k].columns.begin() + 2),
              (std::vector<std::string>{"id", "v"}));
    for (std::size_t r = 0; r < parts[k].rows.size(); ++r, ++row) {
      for (std::size_t c = 0; c < parts[k].rows[r].size(); ++c) {
        const auto at = std::find(one.columns.begin(), one.columns.end(), parts[k].columns[c]);
        const auto& want = one.rows[row][static_cast<std::size_t>(at - one.columns.begin())];
        EXPECT_EQ(parts[k].rows[r][c], want) << row << " " << parts[k].columns[c];
      }
      EXPECT_EQ(parts[k].lines[r] + lines[k], one.lines[row]);
    }
  }
  EXPECT_EQ(row, 3000u);
}

TEST(ScanTest, PieceStartsFollowLineBreaks) {
  const std::string text = numbered(500);
  const std::string path = write_temp("scan_starts.csv", text);
  const std::uint64_t from = text.find('\n') + 1;
  auto starts = piece_starts(path, from, text.size(), 5);
  ASSERT_EQ(starts.size(), 4u);
  std::uint64_t last = from;
  for (std::uint64_t s : starts) {
    EXPECT_GT(s, last);
    EXPECT_EQ(text[s - 1], '\n');
    last = s;
  }
  EXPECT_TRUE(piece_starts(path, from, text.size(), 1).empty());
  // A file with one long line has no second piece.
  const std::string one = write_temp("scan_one_line.csv", "a\n" + std::string(4000, 'x'));
  EXPECT_TRUE(piece_starts(one, 2, 4002, 4).empty());
}

}  // namespace
}  // namespace mlops::io::testing
