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

TEST(ConfigNodeTest, MissingFileIsAUsageError) {
  Error e = error_of([] { Node::load_file("/nonexistent/gate.yaml"); });
  EXPECT_EQ(e.code(), ExitCode::kUsage);
  EXPECT_THAT(e.what(), HasSubstr("/nonexistent/gate.yaml"));
}

}  // namespace
}  // namespace mlops::config
