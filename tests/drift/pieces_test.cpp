#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>

#include "cli/fake_io.h"
#include "drift/options.h"
#include "drift/report.h"
#include "drift/run.h"
#include "drift_run.h"
#include "drift_test_support.h"

// drift-check reads a large plain CSV input in pieces at once (io::Scan): the comparison must
// be the one of a single read, to the last digit of every statistic and p-value.
namespace mlops::drift::testing {
namespace {

std::string write(const std::string& name, const std::string& text) {
  std::string path = ::testing::TempDir() + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// `rows` rows of a numeric, an integer and a categorical column; `shift` moves the numbers.
std::string table(int rows, double shift, bool quoted_newlines = false) {
  std::string csv = "x,n,city\n";
  for (int i = 0; i < rows; ++i) {
    const double x = (i * 7919 % 1000) / 10.0 + shift;
    csv += std::to_string(x) + "," + std::to_string(i % 13) + ",";
    csv += quoted_newlines && i % 3 == 0 ? "\"Rio\nde Janeiro\"" : (i % 4 ? "Lima" : "Quito");
    csv += "\n";
  }
  return csv;
}

boost::json::value compare_json(const std::string& ref, const std::string& cur, int threads) {
  return compare_in_pieces(ref, cur, threads);
}

TEST(DriftPiecesTest, ACompareInPiecesEqualsOneRead) {
  const std::string ref = write("pieces_ref.csv", table(4000, 0));
  const std::string cur = write("pieces_cur.csv", table(3000, 1.5));
  const boost::json::value one = compare_json(ref, cur, 1);
  for (int threads : {2, 3, 5}) EXPECT_EQ(compare_json(ref, cur, threads), one) << threads;
}

// Past max_categories a read counts by name the first distinct values it meets: pieces cannot
// know which those are, so such an input is read again in one piece, and the report is still
// the one of a single read. `regions` blocks of rows, each with 10 values of its own.
std::string regional(int rows, int regions, int shift) {
  std::string csv = "x,city\n";
  for (int i = 0; i < rows; ++i) {
    const int region = i * regions / rows;
    csv += std::to_string((i * 37 % 500) + shift) + ",r" + std::to_string(region) + "_" +
           std::to_string((i + shift) % 10) + "\n";
  }
  return csv;
}

boost::json::value capped_json(const std::string& ref, const std::string& cur, int threads,
                               std::size_t max_categories) {
  cli::testing::FakeIo f;
  auto o = parse_compare_options({"-r", ref, "-c", cur, "-q"}, f.io);
  o->threads = threads;
  o->min_piece_bytes = 1024;
  o->config.max_categories = max_categories;
  return to_json(run_compare(*o, f.io).result);
}

TEST(DriftPiecesTest, CategoriesPastTheCapAreCountedAsInOneRead) {
  const std::string ref = write("pieces_cap_ref.csv", regional(6000, 4, 0));
  const std::string cur = write("pieces_cap_cur.csv", regional(5000, 4, 3));
  // 40 values a side: a piece meets up to about 20, so no piece reaches a cap of 30, but the
  // merged pieces would (read again at the merge); with a cap of 15 a piece reaches it.
  for (std::size_t cap : {30u, 15u}) {
    const boost::json::value one = capped_json(ref, cur, 1, cap);
    EXPECT_NE(boost::json::serialize(one).find("error_bound"), std::string::npos);
    for (int threads : {4, 8})
      EXPECT_EQ(capped_json(ref, cur, threads, cap), one) << cap << " " << threads;
  }
}

TEST(DriftPiecesTest, QuotedLineBreaksAtBoundariesStillEqualOneRead) {
  const std::string ref = write("pieces_ref_q.csv", table(4000, 0, true));
  const std::string cur = write("pieces_cur_q.csv", table(3000, 2, true));
  EXPECT_EQ(compare_json(ref, cur, 4), compare_json(ref, cur, 1));
}

TEST(DriftPiecesTest, AProfileInPiecesCountsEveryRowOnce) {
  const std::string data = write("pieces_profile.csv", table(5000, 0));
  cli::testing::FakeIo f;
  auto o = parse_profile_options({data, "-o", ::testing::TempDir() + "p.json"}, f.io);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->threads, 1);  // the default: sketches that do not depend on the machine
  o->min_piece_bytes = 1024;
  const Profile one = run_profile(*o, f.io);
  o->threads = 3;
  const Profile three = run_profile(*o, f.io);
  EXPECT_EQ(three.rows, 5000u);
  EXPECT_EQ(three.sources, one.sources);
  EXPECT_EQ(three.bytes, one.bytes);
  ASSERT_EQ(three.columns.size(), one.columns.size());
  for (std::size_t i = 0; i < one.columns.size(); ++i) {
    const ColumnProfile& a = one.columns[i];
    const ColumnProfile& b = three.columns[i];
    EXPECT_EQ(b.rows, a.rows);
    EXPECT_EQ(b.nulls, a.nulls);
    EXPECT_EQ(b.numeric.count, a.numeric.count);
    EXPECT_EQ(b.numeric.min, a.numeric.min);
    EXPECT_EQ(b.numeric.max, a.numeric.max);
    EXPECT_EQ(b.categorical.sorted(), a.categorical.sorted());
  }
}

}  // namespace
}  // namespace mlops::drift::testing

namespace mlops::drift::testing {
namespace {

// A piece abandoned for a one-piece read gives back exactly what it charged to the budget the
// two sides share: what a builder says it holds is what it added to the budget.
TEST(DriftPiecesTest, ABuilderKnowsWhatItChargedToTheBudget) {
  MemoryBudget budget;
  budget.limit = 600 << 10;  // small: the exact values spill to sketches part way
  budget.used = 1000;        // the other side's
  BuildOptions options;
  options.storage = Storage::kExact;
  options.budget = &budget;
  options.sketch_k = 200;
  ProfileBuilder b({{"x", Kind::kNumeric, io::DataType::kNumber},
                    {"city", Kind::kCategorical, io::DataType::kString}},
                   options);
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 100000; ++i)
    rows.push_back({std::to_string(i * 0.5), "c" + std::to_string(i % 50)});
  VectorReader reader({"x", "city"}, rows);
  io::Row row;
  while (reader.next(row)) b.add(row, reader);
  EXPECT_TRUE(b.spilled());
  EXPECT_GT(b.charged(), 0u);
  EXPECT_EQ(budget.used.load(), 1000 + b.charged());
}

}  // namespace
}  // namespace mlops::drift::testing

namespace mlops::drift::testing {
namespace {

TEST(DriftPiecesTest, AParquetCompareInRowGroupsEqualsOneRead) {
  // groups-v1.parquet (three row groups) against itself, in pieces or not. A config that
  // ignores u (not read: only x, s, b and id are) leaves every other figure as it was.
  const std::string groups = std::string(MLOPS_TEST_DATA) + "/parquet/duckdb/groups-v1.parquet";
  const std::string config = write("pieces_ignore.yaml", "columns:\n  u:\n    role: ignore\n");
  auto run = [&](int threads, bool ignore) {
    cli::testing::FakeIo f;
    std::vector<std::string> args{"-r", groups, "-c", groups, "-q"};
    if (ignore) args.insert(args.end(), {"--config", config});
    auto o = parse_compare_options(args, f.io);
    o->threads = threads;
    o->min_piece_bytes = 1024;
    return to_json(run_compare(*o, f.io).result);
  };
  const boost::json::value one = run(1, false);
  for (int threads : {2, 4}) EXPECT_EQ(run(threads, false), one) << threads;
  boost::json::value ignored = run(1, true);
  EXPECT_EQ(run(4, true), ignored);
  // The same comparison of id, x, s and b; u only noted.
  auto columns = [](const boost::json::value& j) {
    boost::json::array kept;
    for (const auto& c : j.at("columns").as_array()) {
      if (c.at("column").as_string() != "u") kept.push_back(c);
    }
    return kept;
  };
  EXPECT_EQ(columns(ignored), columns(one));
  EXPECT_EQ(ignored.at("columns").as_array().size(), 4u);
}

}  // namespace
}  // namespace mlops::drift::testing

namespace mlops::drift::testing {
namespace {

TEST(DriftPiecesTest, AParquetPieceSamplesTypesAsOneReadDoes) {
  // pieces-sample.parquet (tests/data/parquet/pieces.mjs): v holds whole numbers but for 7.5
  // at row 8,000, past the first piece's row groups (6,144 rows) but within the 10,000 rows
  // a read samples for types: v is a number, however many pieces read it.
  const std::string path = std::string(MLOPS_TEST_DATA) + "/parquet/duckdb/pieces-sample.parquet";
  auto run = [&](int threads) { return compare_in_pieces(path, path, threads); };
  const boost::json::value one = run(1);
  std::string type;
  for (const auto& c : one.at("columns").as_array()) {
    if (c.at("column").as_string() == "v") type = c.at("type").as_string().c_str();
  }
  EXPECT_EQ(type, "number");
  EXPECT_EQ(run(4), one);
}

}  // namespace
}  // namespace mlops::drift::testing
