#include "config/node.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/error_of.h"
#include "core/error.h"

namespace mlops::config {
namespace {

using ::testing::HasSubstr;

using mlops::testing::error_of;

TEST(ConfigNodeTest, WrongTypeNamesFileLineAndColumn) {
  const std::string path = std::string(MLOPS_TEST_DATA) + "/config/wrong_type_line7.yaml";
  Node root = Node::load_file(path);
  Error e = error_of([&] { root.require("columns").get("temp_max").get("min").as_number(); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_THAT(e.what(), HasSubstr(path + ":7:10:"));
  EXPECT_THAT(e.what(), HasSubstr("expected a number, found \"cold\""));
  EXPECT_THAT(e.what(), HasSubstr("'columns.temp_max.min'"));
}

TEST(ConfigNodeTest, UnknownKeyIsRejectedWithSuggestion) {
  Node root = Node::load_string("columns:\n  age:\n    type: integer\n    maxx: 3\n", "c.yaml");
  Node age = root.get("columns").get("age");
  Error e = error_of([&] { age.allow_keys({"type", "min", "max", "nullable"}); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_THAT(e.what(), HasSubstr("c.yaml:4:5: unknown key 'maxx' in 'columns.age'"));
  EXPECT_THAT(e.hint(), HasSubstr("did you mean 'max'?"));
}

TEST(ConfigNodeTest, UnknownKeyFarFromAllGetsNoSuggestion) {
  Node root = Node::load_string("zzzzzz: 1\n", "c.yaml");
  Error e = error_of([&] { root.allow_keys({"columns", "dataset"}); });
  EXPECT_THAT(e.hint(), ::testing::Not(HasSubstr("did you mean")));
  EXPECT_THAT(e.hint(), HasSubstr("known keys: columns, dataset"));
}

TEST(ConfigNodeTest, SyntaxErrorNamesLineAndColumn) {
  Error e = error_of([] { Node::load_string("a: 1\nb: [1, 2\nc: 3\n", "bad.yaml"); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_THAT(e.what(), HasSubstr("bad.yaml:"));
  EXPECT_THAT(e.what(), HasSubstr("invalid YAML"));
}

TEST(ConfigNodeTest, MissingRequiredKeyPointsAtItsParent) {
  Node root = Node::load_string("rules:\n  - metric: auc\n", "g.yaml");
  Error e = error_of([&] { root.require("rules").items()[0].require("min"); });
  EXPECT_THAT(e.what(), HasSubstr("g.yaml:2:5: missing required key 'min' in 'rules[0]'"));
}

TEST(ConfigNodeTest, TypedAccessorsAreStrict) {
  Node root = Node::load_string(
      "n: 1.5\ni: 42\nb: true\ns: hello\nq: \"10\"\nyes_word: yes\nlist: [a, b]\n", "t.yaml");
  EXPECT_EQ(root.get("n").as_number(), 1.5);
  EXPECT_EQ(root.get("i").as_integer(), 42);
  EXPECT_TRUE(root.get("b").as_bool());
  EXPECT_EQ(root.get("s").as_string(), "hello");
  EXPECT_EQ(root.get("q").as_string(), "10");
  EXPECT_THROW(root.get("q").as_number(), Error);  // quoted: a string, not a number
  EXPECT_THROW(root.get("n").as_integer(), Error);
  EXPECT_THROW(root.get("yes_word").as_bool(), Error);
  EXPECT_EQ(root.get("list").as_string_list(), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(root.get("absent").value_or(7.0), 7.0);
  EXPECT_FALSE(root.get("absent").defined());
}

// yaml-cpp's Node::operator= writes through to the document; ours must only rebind.
TEST(ConfigNodeTest, AssignmentRebindsWithoutChangingTheDocument) {
  Node root = Node::load_string("a: {x: 1}\nb: 2\n", "t.yaml");
  Node n = root.get("a");
  n = root.get("b");
  EXPECT_EQ(n.as_integer(), 2);
  EXPECT_TRUE(root.get("a").is_map());
  EXPECT_EQ(root.get("a").get("x").as_integer(), 1);
}

TEST(ConfigNodeTest, NonFiniteNumbersAreRefusedAtTheirLocation) {
  Node root = Node::load_string(
      "a: .nan\nb: .inf\nc: -.inf\nd: nan\ne: 1e400\nf: -inf\ng: .NaN\nh: Infinity\n"
      "i: -1e400\nok: 1e300\n",
      "t.yaml");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"a", "t.yaml:1:4: expected a finite number, found \".nan\" for 'a'"},
      {"b", "t.yaml:2:4: expected a finite number, found \".inf\" for 'b'"},
      {"c", "t.yaml:3:4: expected a finite number, found \"-.inf\" for 'c'"},
      {"d", "t.yaml:4:4: expected a finite number, found \"nan\" for 'd'"},
      {"e", "t.yaml:5:4: the number \"1e400\" is out of the range of a double for 'e'"},
      {"f", "t.yaml:6:4: expected a finite number"},
      {"g", "t.yaml:7:4: expected a finite number"},
      {"h", "t.yaml:8:4: expected a finite number"},
      {"i", "t.yaml:9:4: the number \"-1e400\" is out of the range of a double"},
  };
  for (const auto& [key, message] : cases) {
    Error e = error_of([&, &name = key] { root.get(name).as_number(); });
    EXPECT_EQ(e.code(), ExitCode::kUsage) << key;
    EXPECT_THAT(e.what(), HasSubstr(message)) << key;
    // value_or, the accessor of optional settings, refuses them as well.
    EXPECT_THROW(root.get(key).value_or(1.0), Error) << key;
  }
  EXPECT_EQ(root.get("ok").as_number(), 1e300);
}

TEST(ConfigNodeTest, DuplicateKeyNamesBothPlaces) {
  Error e = error_of([] {
    Node::load_string("columns:\n  age:\n    min: 0\n    max: 5\n    min: 3\n", "c.yaml");
  });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_THAT(e.what(), HasSubstr("c.yaml:5:5: duplicate key 'min' in 'columns.age' (first at "
                                  "line 3, column 5)"));
}

TEST(ConfigNodeTest, DuplicateKeyAtTopLevelAndInFlowAndQuotedForms) {
  Error top = error_of([] { Node::load_string("a: 1\nb: 2\na: 3\n", "t.yaml"); });
  EXPECT_THAT(top.what(), HasSubstr("t.yaml:3:1: duplicate key 'a' at the top level (first at "
                                    "line 1, column 1)"));
  Error flow = error_of([] { Node::load_string("x: [{k: 1, k: 2}]\n", "t.yaml"); });
  EXPECT_THAT(flow.what(), HasSubstr("duplicate key 'k' in 'x[0]'"));
  // Quoting does not make a different key: the loader would still keep one of the two.
  Error quoted = error_of([] { Node::load_string("a: 1\n\"a\": 2\n", "t.yaml"); });
  EXPECT_THAT(quoted.what(), HasSubstr("duplicate key 'a'"));
  // Equal keys in different mappings, and equal values, are fine.
  Node ok = Node::load_string("a: {k: 1}\nb: {k: 1}\nc: [k, k]\n", "t.yaml");
  EXPECT_EQ(ok.get("b").get("k").as_integer(), 1);
}

TEST(ConfigNodeTest, SecondDocumentIsRefused) {
  Error e = error_of([] { Node::load_string("a: 1\n---\na: 2\n", "t.yaml"); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_THAT(e.what(), HasSubstr("t.yaml:"));
  EXPECT_THAT(e.what(), HasSubstr("a second YAML document starts here"));
  EXPECT_THROW(Node::load_string("a: 1\n...\n---\nb: 2\n", "t.yaml"), Error);
  // One document with an explicit start marker is fine.
  EXPECT_EQ(Node::load_string("---\na: 1\n", "t.yaml").get("a").as_integer(), 1);
}

TEST(ConfigNodeTest, StrictParseOfDataUsesTheGivenExitCode) {
  Error e = error_of([] { parse_yaml("a: 1\na: 2\n", "m.yaml", ExitCode::kCannotEvaluate); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_THAT(e.what(), HasSubstr("m.yaml:2:1: duplicate key 'a'"));
}

TEST(ConfigNodeTest, MissingFileIsAUsageError) {
  Error e = error_of([] { Node::load_file("/nonexistent/gate.yaml"); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_THAT(e.what(), HasSubstr("/nonexistent/gate.yaml"));
}

}  // namespace
}  // namespace mlops::config
