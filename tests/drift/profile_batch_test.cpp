// drift-check's profile from batches (ProfileBuilder::add_batch, what a Parquet file is read by)
// is the profile from rows (add), to every count, value and category: one table read row by
// row and in batches of several sizes (tests/common/served_table.h), with the kinds a profile
// keeps: numbers (NaN, infinities, -0), categories past max_categories, booleans written two
// ways, dates counted by weekday, text, an ignored column.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "common/served_table.h"
#include "drift/column_kind.h"
#include "drift/profile.h"
#include "drift/profile_json.h"

namespace mlops::drift {
namespace {

constexpr std::size_t kRows = 2500;

const std::vector<std::string> kColumns = {"num", "cat", "day", "flag", "words", "skip", "many"};

testing::Cells table() {
  static const char* nums[] = {"1.5", "-0", "nan", "inf", "1e3", "0", "-2.25"};
  static const char* flags[] = {"true", "1", "false", "0", "yes"};
  testing::Cells rows;
  for (std::size_t r = 0; r < kRows; ++r) {
    std::vector<std::optional<std::string>> row;
    row.push_back(r % 613 == 1 ? std::nullopt : std::optional<std::string>(nums[r % 7]));
    // Nulls in some batches: those are served as fields, hashed ahead (add_categories).
    row.push_back(r % 577 == 3 ? std::nullopt
                               : std::optional<std::string>(
                                     std::string(1, static_cast<char>('a' + (r * 7) % 11))));
    row.push_back("2024-01-" + std::to_string(10 + r % 14));
    row.push_back(flags[r % 5]);
    row.push_back(r % 3 == 0 ? "red fox" : "the quick brown fox");
    row.push_back("ignored");
    row.push_back(r % 401 == 7 ? std::nullopt
                               : std::optional<std::string>("v" + std::to_string((r * 31) % 40)));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string profile(std::size_t batch_rows, Storage storage) {
  MemoryBudget budget;
  BuildOptions options;
  options.budget = &budget;
  options.storage = storage;
  options.max_categories = 25;
  ProfileBuilder b({{"num", Kind::kNumeric, io::DataType::kNumber},
                    {"cat", Kind::kCategorical, io::DataType::kString},
                    {"day", Kind::kCategorical, io::DataType::kDate, true, "", DatePart::kWeekday},
                    {"flag", Kind::kCategorical, io::DataType::kBoolean},
                    {"words", Kind::kText, io::DataType::kString},
                    {"skip", Kind::kIgnored, io::DataType::kString},
                    {"many", Kind::kCategorical, io::DataType::kString}},
                   options);
  testing::ServedTable reader(kColumns, table(), batch_rows);
  io::Row row;
  io::Batch batch;
  if (reader.reads_batches()) {
    while (reader.next_batch(batch, 1024)) b.add_batch(batch, reader);
  } else {
    while (reader.next(row)) b.add(row, reader);
  }
  Profile p = b.finish("served", 0);
  // The exact values (sorted), then everything a profile file holds.
  // A profile file holds no text column (compare does): its lengths and words shown here.
  std::string shown;
  for (int i : {0, 4}) {
    for (double v : p.columns[i].numeric.values) shown += std::to_string(v) + " ";
  }
  for (const auto& [word, count] : p.columns[4].categorical.sorted()) {
    shown += word + "=" + std::to_string(count) + " ";
  }
  p.columns.erase(p.columns.begin() + 4);
  for (ColumnProfile& c : p.columns) {
    if (keeps_numbers(c.kind)) c.numeric.to_sketch(p.sketch_k);
  }
  return shown + "\n" + boost::json::serialize(to_json(p));
}

// Exact values (compare's), or sketches from the start (profile's: their small counts taken
// per dictionary entry).
class ProfileBatchTest : public ::testing::TestWithParam<Storage> {};

TEST_P(ProfileBatchTest, BatchesGiveTheProfileRowsGive) {
  const std::string rows = profile(0, GetParam());
  // What the rows give, counted by hand from table(): "many" has 40 values, the first 25 met
  // counted by name, the other 15 (930 rows) as other values.
  const boost::json::value p = boost::json::parse(rows.substr(rows.find('\n') + 1));
  const auto& columns = p.at("columns").as_array();
  ASSERT_EQ(columns.size(), kColumns.size() - 1);
  EXPECT_NE(boost::json::serialize(columns[5]).find("930"), std::string::npos);
  EXPECT_NE(rows.find("fox=2500 "), std::string::npos);  // the word in every row
  for (std::size_t batch_rows : {1u, 7u, 1024u, 5000u}) {
    SCOPED_TRACE("batches of " + std::to_string(batch_rows));
    EXPECT_EQ(profile(batch_rows, GetParam()), rows);
  }
}

INSTANTIATE_TEST_SUITE_P(Storages, ProfileBatchTest,
                         ::testing::Values(Storage::kExact, Storage::kSketch));

}  // namespace
}  // namespace mlops::drift
