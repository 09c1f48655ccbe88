#include "json/parse.h"

#include <gtest/gtest.h>

#include <bit>
#include <boost/json.hpp>
#include <cstdint>
#include <limits>
#include <random>

#include "core/error.h"

namespace mlops::json {
namespace {

TEST(JsonParseTest, EveryDoubleReadsBackBitForBit) {
  // Boost.JSON writes the shortest text that reads back exactly; its 1.81 parser does not
  // always read it back exactly (1.3115878956600023E5 came back one ulp off, found by
  // fuzzing). 100,000 random doubles over the whole exponent range must all round-trip.
  std::mt19937_64 rng(7);
  boost::json::array values;
  std::vector<double> expected;
  for (int i = 0; i < 100000; ++i) {
    double d = std::bit_cast<double>(rng());
    if (!std::isfinite(d)) continue;
    expected.push_back(d);
    values.emplace_back(d);
  }
  expected.push_back(1.3115878956600023E5);
  values.emplace_back(1.3115878956600023E5);
  boost::json::value parsed = parse_json_exact(boost::json::serialize(values), "values.json");
  const auto& got = parsed.as_array();
  ASSERT_EQ(got.size(), expected.size());
  std::size_t differ = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    differ += std::bit_cast<std::uint64_t>(got[i].as_double()) !=
              std::bit_cast<std::uint64_t>(expected[i]);
  }
  EXPECT_EQ(differ, 0u);
}

TEST(JsonParseTest, StructureAndIntegersAreBoostsAndErrorsNameTheFile) {
  auto v = parse_json_exact(R"({"a": [1, -2, 18446744073709551615, "s", true, null], "b": {}})",
                            "x.json");
  EXPECT_EQ(v.at("a").at(0).as_int64(), 1);
  EXPECT_EQ(v.at("a").at(1).as_int64(), -2);
  EXPECT_EQ(v.at("a").at(2).as_uint64(), 18446744073709551615ull);
  EXPECT_EQ(v.at("a").at(3).as_string(), "s");
  EXPECT_TRUE(v.at("b").as_object().empty());
  for (const char* bad : {"{\"a\": ", "[1, 2] extra", "", "{'a': 1}"}) {
    try {
      parse_json_exact(bad, "bad.json");
      FAIL() << "accepted: " << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
      EXPECT_NE(std::string(e.what()).find("bad.json"), std::string::npos);
    }
  }
}

// Boost.JSON keeps the last of two equal keys, Python's json the last, other readers the
// first: a document with a repeated key means different things to different readers, so it is
// refused, naming the key and where it repeats.
TEST(JsonParseTest, DuplicateKeysAreRefusedWithTheirPosition) {
  struct Case {
    const char *text, *expected;
  };
  for (const Case& c : std::vector<Case>{
           {"{\"auc\": 0.5, \"auc\": 0.9}", "d.json:1:14: duplicate key \"auc\""},
           {"{\"a\": {\"x\": 1,\n  \"x\": 2}}", "d.json:2:3: duplicate key \"x\""},
           {"[{\"k\\\"q\": 1, \"k\\\"q\": 2}]", "d.json:1:14: duplicate key \"k\\\"q\""},
           {"{\"a\\u0062\": 1, \"ab\": 2}", "d.json:1:16: duplicate key \"ab\""},
           {"{\"\": [null], \"\": {}}", "d.json:1:14: duplicate key \"\""}}) {
    try {
      parse_json_exact(c.text, "d.json");
      FAIL() << "accepted: " << c.text;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
      EXPECT_NE(std::string(e.what()).find(c.expected), std::string::npos) << e.what();
    }
  }
  // The same key in different objects, or at different depths, is no duplicate.
  auto v = parse_json_exact(R"({"a": {"x": 1}, "b": {"x": 2}, "x": [{"x": 3}, {"x": 4}]})", "ok");
  EXPECT_EQ(v.at("b").at("x").as_int64(), 2);
  EXPECT_EQ(v.at("x").at(1).at("x").as_int64(), 4);
}

// One ExactParser reads many documents (the records of a JSON Lines file): each starts clean,
// whatever the last one left behind (an error inside a nested object, a key half read).
TEST(ExactParserTest, ReusedAfterErrorsParsesTheNextDocumentClean) {
  ExactParser parser;
  boost::json::value out;
  auto failure = parser.parse(R"({"a": {"x": 1, "x": 2}})", out);
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->offset, 15u);  // the second "x"
  EXPECT_EQ(failure->why.rfind("duplicate key \"x\"", 0), 0u) << failure->why;
  failure = parser.parse(R"({"a": [1, )", out);
  ASSERT_TRUE(failure);
  failure = parser.parse(R"({"x": 0.1} x)", out);
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->why, "unexpected text after the value");
  ASSERT_FALSE(parser.parse(R"({"x": 6855221.5174154828, "a": {"x": 2}})", out));
  EXPECT_EQ(out.at("x").as_double(), 6855221.5174154828);
  EXPECT_EQ(out.at("a").at("x").as_int64(), 2);
}

// Every JSON reader turns a number into a double the same way; the integer kinds are converted
// (rounded past 2^53), and whatever is not a number is no double at all, 0 least of all.
TEST(JsonToDoubleTest, NumbersOfEveryKindAndNothingElse) {
  const boost::json::value doc = parse_json_exact(
      R"([0.5, -3, 18446744073709551615, 9007199254740993, 1e400, "1", true, null, [], {}])",
      "t.json");
  const boost::json::array& a = doc.as_array();
  EXPECT_EQ(to_double(a[0]), 0.5);
  EXPECT_EQ(to_double(a[1]), -3.0);
  EXPECT_EQ(to_double(a[2]), 18446744073709551616.0);  // uint64, rounded to 2^64
  EXPECT_EQ(to_double(a[3]), 9007199254740992.0);      // int64 2^53 + 1, rounded to even
  ASSERT_TRUE(to_double(a[4]).has_value());
  EXPECT_EQ(*to_double(a[4]), std::numeric_limits<double>::infinity());  // callers refuse it
  for (std::size_t i = 5; i < a.size(); ++i) {
    EXPECT_EQ(to_double(a[i]), std::nullopt) << json_kind(a[i]);
  }
  EXPECT_EQ(to_double(boost::json::value(std::int64_t{-7})), -7.0);
  EXPECT_EQ(to_double(boost::json::value(std::uint64_t{7})), 7.0);
}

}  // namespace
}  // namespace mlops::json
