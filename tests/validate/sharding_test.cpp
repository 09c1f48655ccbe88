#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <sstream>

#include "core/error.h"
#include "run_helpers.h"
#include "validate/contract.h"
#include "validate/report_builder.h"
#include "validate/validator.h"

// Splitting a file across threads must not change a single figure of the report.
namespace mlops::validate::testing {
namespace {

boost::json::value validate_json(const Contract& c, const std::string& path, int threads) {
  ValidateOptions o;
  o.files = {path};
  o.threads = threads;
  o.min_shard_bytes = 512;  // tiny shards so a small file is split many times
  o.as_of = 0;
  std::istringstream in;
  std::ostringstream err;
  boost::json::value j = build_outcome(c, run_validation(c, o, in, err), false).json;
  j.as_object().erase("seconds");
  return j;
}

const char* kContract =
    "dataset:\n  rules: ['low <= high']\n"
    "columns:\n"
    "  id: {type: integer, max: 2990}\n"
    "  low: {type: number, max: 90, quantiles: {0.5: {min: 0}}}\n"
    "  high: {type: number, mean: {min: 0}}\n"
    "  note: {max_length: 12, pattern: '[a-z ,]*'}\n";

std::string table(bool quoted_newlines) {
  std::string csv = "id,low,high,note\n";
  for (int i = 0; i < 3000; ++i) {
    int id = i % 997 == 0 ? 5 : i;  // a few repeated ids
    std::string note = i % 7 == 0 ? "\"a, b\"" : "plain";
    if (quoted_newlines && i % 3 == 0) note = "\"line one\nline two\"";
    csv += std::to_string(id) + "," + std::to_string(i % 100) + "," +
           std::to_string(i % 100 + (i % 13 == 0 ? -1 : 1)) + "," + note + "\n";
  }
  return csv;
}

TEST(ShardingTest, ShardedReportEqualsTheSingleThreadedOne) {
  Contract c = parse_contract(kContract, "shard.yaml");
  std::string path = temp_file("shard.csv", table(false));
  boost::json::value one = validate_json(c, path, 1);
  EXPECT_EQ(one.at("valid").as_bool(), false);
  EXPECT_EQ(one.at("files").at(0).at("shards").to_number<int>(), 1);
  for (int threads : {2, 3, 8}) {
    boost::json::value sharded = validate_json(c, path, threads);
    EXPECT_EQ(sharded.at("files").at(0).at("shards").to_number<int>(), threads);
    sharded.at("files").at(0).as_object()["shards"] = 1;
    EXPECT_EQ(sharded, one) << threads;
  }
}

TEST(ShardingTest, QuotedNewlinesAtBoundariesFallBackToOnePiece) {
  Contract c = parse_contract(kContract, "shard.yaml");
  std::string path = temp_file("shard_nl.csv", table(true));
  boost::json::value one = validate_json(c, path, 1);
  for (int threads : {2, 5}) {
    boost::json::value sharded = validate_json(c, path, threads);
    sharded.at("files").at(0).as_object()["shards"] = 1;
    EXPECT_EQ(sharded, one) << threads;
  }
}

// JSON Lines split at line breaks; a key that appears only late in the file (here `late`, an
// extra column, and `high`, which the first records lack) must be known as in one read.
TEST(ShardingTest, JsonLinesShardsEqualOneRead) {
  std::string jsonl;
  for (int i = 0; i < 3000; ++i) {
    jsonl += "{\"id\": " + std::to_string(i % 997 == 0 ? 5 : i) +
             ", \"low\": " + std::to_string(i % 100);
    if (i > 200) jsonl += ", \"high\": " + std::to_string(i % 100 + (i % 13 == 0 ? -1 : 1));
    if (i > 2500) jsonl += ", \"late\": true";
    jsonl += ", \"note\": \"n" + std::to_string(i % 50) + "\"}\n";
  }
  Contract c = parse_contract(kContract, "shard.yaml");
  std::string path = temp_file("shard.jsonl", jsonl);
  boost::json::value one = validate_json(c, path, 1);
  EXPECT_NE(boost::json::serialize(one).find("late"), std::string::npos);  // the extra column
  for (int threads : {2, 4}) {
    boost::json::value sharded = validate_json(c, path, threads);
    EXPECT_EQ(sharded.at("files").at(0).at("shards").to_number<int>(), threads);
    sharded.at("files").at(0).as_object()["shards"] = 1;
    EXPECT_EQ(sharded, one) << threads;
  }
}

TEST(ShardingTest, UniquenessIsCheckedInOnePiece) {
  Contract c = parse_contract(
      "columns:\n  id: {type: integer, unique: true}\n  low: {}\n  high: {}\n"
      "  note: {}\n",
      "u.yaml");
  boost::json::value j = validate_json(c, temp_file("shard_u.csv", table(false)), 4);
  EXPECT_EQ(j.at("files").at(0).at("shards").to_number<int>(), 1);
  EXPECT_EQ(j.at("checks").at(2).at("failing_rows").to_number<int>(), 4);  // ids 5 repeated
}

TEST(ShardingTest, MalformedShardReportsTheTrueLine) {
  std::string csv = table(false);
  csv += "1,2\n";  // ragged last row, in the last shard
  std::string path = temp_file("shard_bad.csv", csv);
  Contract c = parse_contract(kContract, "shard.yaml");
  ValidateOptions o;
  o.files = {path};
  o.threads = 4;
  o.min_shard_bytes = 512;
  std::istringstream in;
  std::ostringstream err;
  try {
    run_validation(c, o, in, err);
    FAIL() << "expected an input error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
    EXPECT_THAT(e.what(), ::testing::HasSubstr("shard_bad.csv:3002: a row has 2 fields"));
  }
}

}  // namespace
}  // namespace mlops::validate::testing
