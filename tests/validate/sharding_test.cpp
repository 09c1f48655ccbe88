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

boost::json::value validate_json(const Contract& c, const std::vector<std::string>& paths,
                                 int threads, std::size_t max_examples = 5) {
  ValidateOptions o;
  o.files = paths;
  o.max_examples = max_examples;
  o.threads = threads;
  o.min_shard_bytes = 512;  // tiny shards so a small file is split many times
  o.as_of = 0;
  std::istringstream in;
  std::ostringstream err;
  boost::json::value j = build_outcome(c, run_validation(c, o, in, err), false).json;
  j.as_object().erase("seconds");
  return j;
}

boost::json::value validate_json(const Contract& c, const std::string& path, int threads) {
  return validate_json(c, std::vector<std::string>{path}, threads);
}

// Shards of a sharded run, then the report with the count set to 1 (to compare with one thread).
std::vector<int> shards_then_reset(boost::json::value& j) {
  std::vector<int> shards;
  for (auto& f : j.at("files").as_array()) {
    shards.push_back(f.at("shards").to_number<int>());
    f.as_object()["shards"] = 1;
  }
  return shards;
}

const boost::json::value& named_check(const boost::json::value& report, const std::string& name) {
  for (const auto& check : report.at("checks").as_array()) {
    if (check.at("name").as_string() == name) return check;
  }
  ADD_FAILURE() << "no check " << name;
  static const boost::json::value none;
  return none;
}

const char* kContract =
    "dataset:\n  rules: ['low <= high', {when: \"note == 'plain'\", rule: 'high - low == 1', "
    "mostly: 0.9}]\n"
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
  // 2,571 rows with note "plain" (i % 7 != 0), of which 198 have high = low - 1 (i % 13 == 0).
  const auto& when = named_check(one, "dataset.rule(high - low == 1 when note == 'plain')");
  EXPECT_EQ(when.at("evaluated_rows").to_number<int>(), 2571);
  EXPECT_EQ(when.at("failing_rows").to_number<int>(), 198);
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

const char* kUniqueContract =
    "dataset:\n  unique_keys: [[a, b], [tag]]\n"
    "columns:\n"
    "  id: {type: integer, unique: true}\n"
    "  a: {type: integer}\n"
    "  b: {}\n"
    "  tag: {unique: true, nullable: true}\n"
    "  note: {}\n";

// Repeats of every kind: of a value far back (an earlier shard), of one a few rows back (the
// same shard, or across a boundary), low-cardinality values repeated everywhere, quoted and
// escaped values, composite keys, null parts.
std::string repeats_table(int rows, int first_id) {
  std::string csv = "id,a,b,tag,note\n";
  for (int i = 0; i < rows; ++i) {
    int id = first_id + i;
    if (i % 250 == 249 && i > 1200) id = first_id + i - 1200;  // an earlier shard's value
    if (i % 311 == 7) id = first_id + i - 3;                   // a few rows back
    std::string a = std::to_string(i % 400);
    std::string b = i % 3 == 0 ? "\"x, \"\"y\"\"\"" : "b" + std::to_string(i % 5);
    std::string tag = i % 17 == 0 ? "" : "\"t," + std::to_string(i % 900) + "\"";
    csv += std::to_string(id) + "," + a + "," + b + "," + tag + ",n" + std::to_string(i) + "\n";
  }
  return csv;
}

TEST(ShardingTest, RepeatsAcrossShardsGiveTheSingleThreadedReport) {
  Contract c = parse_contract(kUniqueContract, "u.yaml");
  std::string path = temp_file("shard_u.csv", repeats_table(3000, 0));
  for (std::size_t max_examples :
       {std::size_t{0}, std::size_t{1}, std::size_t{5}, std::size_t{1000}}) {
    boost::json::value one = validate_json(c, {path}, 1, max_examples);
    EXPECT_EQ(one.at("files").at(0).at("shards").to_number<int>(), 1);
    for (int threads : {2, 3, 8}) {
      boost::json::value sharded = validate_json(c, {path}, threads, max_examples);
      EXPECT_EQ(shards_then_reset(sharded), std::vector<int>{threads});
      EXPECT_EQ(sharded, one) << threads << " threads, " << max_examples << " examples";
    }
  }
  // The checks did find repeats of each kind (with every example listed).
  boost::json::value all = validate_json(c, {path}, 1, 1000);
  for (const char* name :
       {"id.unique", "tag.unique", "dataset.unique_key(a,b)", "dataset.unique_key(tag)"}) {
    EXPECT_GT(named_check(all, name).at("failing_rows").to_number<int>(), 10) << name;
  }
}

TEST(ShardingTest, ARepeatWithinALaterShardIsItsOwn) {
  // Both occurrences of 1390 lie in the last of two shards; nothing repeats across them.
  Contract c = parse_contract("columns:\n  id: {type: integer, unique: true}\n", "u.yaml");
  std::string csv = "id\n";
  for (int i = 0; i < 400; ++i) csv += std::to_string(i == 395 ? 1390 : i + 1000) + "\n";
  std::string path = temp_file("shard_later.csv", csv);
  boost::json::value one = validate_json(c, {path}, 1);
  boost::json::value sharded = validate_json(c, {path}, 2);
  EXPECT_EQ(shards_then_reset(sharded), std::vector<int>{2});
  EXPECT_EQ(sharded, one);
  const auto& check = named_check(one, "id.unique");
  EXPECT_EQ(check.at("failing_rows").to_number<int>(), 1);
  EXPECT_EQ(check.at("examples").at(0).at("line").to_number<int>(), 397);
  EXPECT_EQ(check.at("examples").at(0).at("value").as_string(), "1390");
}

TEST(ShardingTest, RepeatsOfAnEarlierFileAreFoundInEveryShard) {
  // The second file repeats ids of the first: its shards merge into what the first file left.
  Contract c = parse_contract(kUniqueContract, "u.yaml");
  std::string first = temp_file("shard_f1.csv", repeats_table(1000, 0));
  std::string second = temp_file("shard_f2.csv", repeats_table(3000, 500));
  for (std::size_t max_examples : {std::size_t{3}, std::size_t{1000}}) {
    boost::json::value one = validate_json(c, {first, second}, 1, max_examples);
    boost::json::value sharded = validate_json(c, {first, second}, 4, max_examples);
    EXPECT_EQ(shards_then_reset(sharded), (std::vector<int>{4, 4}));
    EXPECT_EQ(sharded, one) << max_examples;
  }
}

// A repeat's row is read again from a checkpoint of its piece. In JSON Lines a reader opened
// there may meet the keys in another order than the piece's reader did (here the piece starts
// with records that name `note` first, its checkpoint is past them): the example must still
// show the repeated id.
TEST(ShardingTest, JsonLinesRepeatsAreReadAgainByName) {
  std::string jsonl;
  for (int i = 0; i < 6000; ++i) {
    if (i < 3000) {
      jsonl += "{\"id\": " + std::to_string(i) + ", \"note\": \"a\"}\n";
    } else if (i < 3200) {  // where the second of two pieces starts
      jsonl += "{\"note\": \"b\", \"id\": " + std::to_string(100000 + i) + "}\n";
    } else if (i < 4500) {
      jsonl += "{\"id\": " + std::to_string(100000 + i) + ", \"note\": \"c\"}\n";
    } else {  // repeats of the first ids, past the piece's first checkpoint (1024 rows)
      jsonl += "{\"id\": " + std::to_string(i - 4500) + ", \"note\": \"d\"}\n";
    }
  }
  Contract c =
      parse_contract("columns:\n  id: {type: integer, unique: true}\n  note: {}\n", "j.yaml");
  std::string path = temp_file("shard_u.jsonl", jsonl);
  boost::json::value one = validate_json(c, path, 1);
  const boost::json::value& unique = named_check(one, "id.unique");
  EXPECT_EQ(unique.at("failing_rows").to_number<int>(), 1500);
  EXPECT_EQ(unique.at("examples").at(0).at("value"), "0");
  for (int threads : {2, 3}) {
    boost::json::value sharded = validate_json(c, path, threads);
    EXPECT_EQ(sharded.at("files").at(0).at("shards").to_number<int>(), threads);
    sharded.at("files").at(0).as_object()["shards"] = 1;
    EXPECT_EQ(sharded, one) << threads;
  }
}

TEST(ShardingTest, JsonLinesRepeatsAcrossShardsGiveTheSingleThreadedReport) {
  // Keys in varying order and extra keys appearing late; repeats of earlier pieces' values are
  // read again by offset through the JSON Lines piece reader.
  Contract c = parse_contract(
      "dataset:\n  unique_keys: [[a, b]]\n  extra_columns: ignore\n"
      "columns:\n  id: {type: integer, unique: true}\n  a: {type: integer, required: false}\n"
      "  b: {required: false}\n",
      "u.yaml");
  std::string jsonl;
  for (int i = 0; i < 3000; ++i) {
    int id = i % 250 == 249 && i > 1200 ? i - 1200 : i;
    std::string a = "\"a\": " + std::to_string(i % 400);
    std::string b = "\"b\": \"b" + std::to_string(i % 5) + "\"";
    std::string x = i > 1800 ? ", \"x" + std::to_string(i % 3) + "\": 1" : "";
    jsonl += i % 2 == 0 ? "{\"id\": " + std::to_string(id) + ", " + a + ", " + b + x + "}\n"
                        : "{" + b + x + ", " + a + ", \"id\": " + std::to_string(id) + "}\n";
  }
  std::string path = temp_file("shard_u.jsonl", jsonl);
  boost::json::value one = validate_json(c, {path}, 1, 1000);
  EXPECT_GT(named_check(one, "id.unique").at("failing_rows").to_number<int>(), 5);
  EXPECT_GT(named_check(one, "dataset.unique_key(a,b)").at("failing_rows").to_number<int>(), 5);
  for (int threads : {2, 4}) {
    boost::json::value sharded = validate_json(c, {path}, threads, 1000);
    EXPECT_EQ(shards_then_reset(sharded), std::vector<int>{threads});
    EXPECT_EQ(sharded, one) << threads;
  }
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

namespace mlops::validate::testing {
namespace {

TEST(ShardingTest, ParquetRowGroupsGiveTheSingleThreadedReport) {
  // groups-v1.parquet: 5,000 rows in three row groups; s (14 values) and b repeat within and
  // across them, id is unique, u is not in the contract (an extra column, skipped unread).
  Contract c = parse_contract(
      "dataset:\n  unique_keys: [[s, b]]\n"
      "columns:\n"
      "  id: {type: integer, unique: true, max: 4990}\n"
      "  x: {type: number, nullable: false, max: 1000}\n"
      "  s: {unique: true, nullable: true}\n"
      "  b: {type: boolean, unique: true, nullable: true}\n",
      "groups.yaml");
  const std::string path = data_path("parquet/duckdb/groups-v1.parquet");
  for (std::size_t max_examples : {std::size_t{1}, std::size_t{5}, std::size_t{1000}}) {
    boost::json::value one = validate_json(c, {path}, 1, max_examples);
    for (int threads : {2, 3}) {
      boost::json::value sharded = validate_json(c, {path}, threads, max_examples);
      EXPECT_EQ(shards_then_reset(sharded), std::vector<int>{threads});
      EXPECT_EQ(sharded, one) << threads << " threads, " << max_examples << " examples";
    }
  }
  boost::json::value all = validate_json(c, {path}, 1, 1000);
  // Counted from groups.json: s has 715 nulls and 13 values in the other 4,285 rows, b 455
  // nulls and 2 values in 4,545 rows; x 1,000 nulls; ids 4991..4999 pass the max.
  EXPECT_EQ(named_check(all, "id.unique").at("status").as_string(), "pass");
  EXPECT_EQ(named_check(all, "id.max").at("failing_rows").to_number<int>(), 9);
  EXPECT_EQ(named_check(all, "x.nullable").at("failing_rows").to_number<int>(), 1000);
  EXPECT_EQ(named_check(all, "s.unique").at("failing_rows").to_number<int>(), 4285 - 13);
  EXPECT_EQ(named_check(all, "b.unique").at("failing_rows").to_number<int>(), 4545 - 2);
  EXPECT_EQ(named_check(all, "dataset.extra_columns").at("observed").as_string(),
            "not in the contract: u");
}

}  // namespace
}  // namespace mlops::validate::testing
