#include <gtest/gtest.h>

#include "helpers.h"

namespace mlops::io::testing {
namespace {

using Cells = std::vector<std::optional<std::string>>;

TEST(JsonReaderTest, JsonLinesWithDifferentKeysGrowColumns) {
  Table t = read_text("{\"a\": 1, \"b\": \"x\"}\n\n{\"b\": \"y\", \"c\": true}\n");
  EXPECT_EQ(t.format, Format::kJsonLines);
  EXPECT_EQ(t.columns, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0], (Cells{v("1"), v("x")}));  // c did not exist yet
  EXPECT_EQ(t.rows[1], (Cells{null, v("y"), v("true")}));
  EXPECT_EQ(t.lines, (std::vector<std::uint64_t>{1, 3}));
}

TEST(JsonReaderTest, NestedObjectsFlattenToDottedNames) {
  Table t = read_text(
      "{\"id\": 7, \"features\": {\"age\": 31, \"geo\": {\"country\": \"NZ\"}}, "
      "\"scores\": [0.1, 0.9], \"label\": null}\n");
  EXPECT_EQ(t.columns, (std::vector<std::string>{"id", "features.age", "features.geo.country",
                                                 "scores", "label"}));
  EXPECT_EQ(t.rows[0], (Cells{v("7"), v("31"), v("NZ"), v("[0.1,0.9]"), null}));
}

TEST(JsonReaderTest, NumbersKeepTheirKind) {
  Table t =
      read_text("{\"i\": 3, \"d\": 1.0, \"e\": 2.5e3, \"neg\": -4, \"big\": 18446744073709551615}");
  EXPECT_EQ(t.rows[0], (Cells{v("3"), v("1.0"), v("2500.0"), v("-4"), v("18446744073709551615")}));
}

// A 17-digit decimal reads as the nearest double (std::from_chars), as the CSV reader reads
// it: Boost.JSON's own conversion is one unit in the last place off for this one (it gave
// 6855221.5174154835), so a contract bound written as the same text failed on JSON data only.
TEST(JsonReaderTest, NumbersAreReadExactlyAsInCsv) {
  Table json = read_text("{\"x\": 6855221.5174154828}\n");
  Table csv = read_text("x\n6855221.5174154828\n");
  ASSERT_EQ(json.rows.size(), 1u);
  ASSERT_TRUE(json.rows[0][0].has_value());
  EXPECT_EQ(*json.rows[0][0], "6855221.517415483");  // the shortest text of the nearest double
  EXPECT_EQ(std::stod(*json.rows[0][0]), std::stod(*csv.rows[0][0]));
}

TEST(JsonReaderTest, StringsMatchingNullTokensAreNull) {
  Table t = read_text("{\"a\": \"NA\", \"b\": \"\", \"c\": \"n/a\"}\n");
  EXPECT_EQ(t.rows[0], (Cells{null, null, v("n/a")}));
}

TEST(JsonReaderTest, ArrayOfRecordsAcrossLines) {
  Table t = read_text(
      "[\n  {\"a\": 1,\n   \"b\": \"q}\\\"]\"},\n  {\"a\": 2, \"b\": {\"c\": [1, {\"d\": "
      "2}]}}\n]\n");
  EXPECT_EQ(t.format, Format::kJsonArray);
  EXPECT_EQ(t.columns, (std::vector<std::string>{"a", "b", "b.c"}));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0], (Cells{v("1"), v("q}\"]")}));
  EXPECT_EQ(t.rows[1], (Cells{v("2"), null, v("[1,{\"d\":2}]")}));
  EXPECT_EQ(t.lines, (std::vector<std::uint64_t>{2, 4}));
}

TEST(JsonReaderTest, EmptyArrayHasNoRows) {
  Table t = read_text("  [ ]  \n");
  EXPECT_EQ(t.rows.size(), 0u);
}

TEST(JsonReaderTest, TinyChunksGiveTheSameRows) {
  std::string jsonl, array = "[";
  for (int i = 0; i < 100; ++i) {
    std::string rec = "{\"id\": " + std::to_string(i) + ", \"s\": \"x\\\"{" + std::to_string(i) +
                      "\", \"n\": {\"v\": " + std::to_string(i * 0.5) + "}}";
    jsonl += rec + "\n";
    array += (i ? ",\n" : "\n") + rec;
  }
  array += "\n]";
  for (const std::string* text : {&jsonl, &array}) {
    Table big = read_text(*text);
    ReadOptions o;
    o.chunk_bytes = 64;
    Table small = read_text(*text, o);
    ASSERT_EQ(big.rows.size(), 100u);
    EXPECT_EQ(small.rows, big.rows);
    EXPECT_EQ(small.lines, big.lines);
    EXPECT_EQ(big.rows[9][1], v("x\"{9"));
  }
}

TEST(JsonReaderTest, DotJsonExtensionHoldingJsonLinesIsDetected) {
  Table t = read_path(write_temp("lines.json", "{\"a\": 1}\n{\"a\": 2}\n"));
  EXPECT_EQ(t.format, Format::kJsonLines);
  EXPECT_EQ(t.rows.size(), 2u);
}

}  // namespace
}  // namespace mlops::io::testing
