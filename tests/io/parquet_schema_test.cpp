#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/parquet/codec.h"
#include "io/parquet/nested.h"

// A nested Parquet schema as table columns (io/parquet/nested.h), on schemas built here as
// the format's specification draws them (LogicalTypes.md: "Nested Types", with its backward
// compatibility rules for lists and maps).
namespace mlops::io::parquet {
namespace {

namespace pf = format;
using Elements = std::vector<pf::SchemaElement>;

pf::SchemaElement root(int children) {
  pf::SchemaElement e;
  e.__set_name("schema");
  e.__set_num_children(children);
  return e;
}

pf::SchemaElement group(const std::string& name, int children,
                        int repetition = pf::FieldRepetitionType::OPTIONAL, int converted = -1) {
  pf::SchemaElement e;
  e.__set_name(name);
  e.__set_num_children(children);
  e.__set_repetition_type(repetition);
  if (converted >= 0) e.__set_converted_type(converted);
  return e;
}

pf::SchemaElement leaf(const std::string& name, int repetition = pf::FieldRepetitionType::OPTIONAL,
                       int type = pf::Type::INT32) {
  pf::SchemaElement e;
  e.__set_name(name);
  e.__set_type(type);
  e.__set_repetition_type(repetition);
  return e;
}

constexpr int kRequired = pf::FieldRepetitionType::REQUIRED;
constexpr int kOptional = pf::FieldRepetitionType::OPTIONAL;
constexpr int kRepeated = pf::FieldRepetitionType::REPEATED;

std::vector<std::string> names(const Schema& s) {
  std::vector<std::string> out;
  for (const Column& c : s.columns) out.push_back(c.name);
  return out;
}

TEST(ParquetSchemaTest, StructFieldsAreDottedColumnsWithTheirDefinitionLevels) {
  // id; s (optional) { a (required); t (optional) { u (optional) } }; r (required) { v }.
  const Schema s =
      flatten_schema(Elements{root(3), leaf("id", kRequired), group("s", 2), leaf("a", kRequired),
                              group("t", 1), leaf("u", kOptional, pf::Type::INT64),
                              group("r", 1, kRequired), leaf("v", kOptional, pf::Type::DOUBLE)});
  EXPECT_EQ(names(s), (std::vector<std::string>{"id", "s.a", "s.t.u", "r.v"}));
  ASSERT_EQ(s.leaves, 4u);
  // The definition level of a value counts the optional fields on its path.
  const std::vector<int> max_def = {0, 1, 3, 1};
  for (std::size_t i = 0; i < 4; ++i) {
    const Column& c = s.columns[i];
    EXPECT_TRUE(readable(c)) << c.name << ": " << c.unreadable;
    EXPECT_EQ(c.max_def, max_def[i]) << c.name;
    EXPECT_EQ(c.optional, max_def[i] > 0) << c.name;
    EXPECT_EQ(c.chunk, i) << c.name;
  }
  EXPECT_EQ(s.columns[2].physical, static_cast<int>(pf::Type::INT64));
  EXPECT_EQ(s.columns[3].render, Render::kDouble);
}

TEST(ParquetSchemaTest, ListsAndMapsAreOneColumnEachThatIsNotReadable) {
  const Schema s = flatten_schema(Elements{
      root(7),
      // LogicalTypes.md's standard list: <list> (LIST) { repeated group list { element } }.
      group("l", 1, kOptional, pf::ConvertedType::LIST), group("list", 1, kRepeated),
      leaf("element"),
      // Its standard map: (MAP) { repeated group key_value { key; value } }, two leaves.
      group("m", 1, kOptional, pf::ConvertedType::MAP),
      group("key_value", 2, kRepeated, pf::ConvertedType::MAP_KEY_VALUE),
      leaf("key", kRequired, pf::Type::BYTE_ARRAY), leaf("value"),
      // The legacy two-level list: the repeated field is the element.
      group("old", 1, kRequired, pf::ConvertedType::LIST), leaf("array", kRepeated),
      // A repeated field that nothing annotates is a list of its own.
      leaf("r", kRepeated),
      // A struct with a flat field and a repeated group of two leaves.
      group("st", 2), leaf("k"), group("phone", 2, kRepeated), leaf("number", kRequired),
      leaf("kind"),
      // A list of lists: one column.
      group("ll", 1, kOptional, pf::ConvertedType::LIST), group("list", 1, kRepeated),
      group("element", 1, kOptional, pf::ConvertedType::LIST), group("list", 1, kRepeated),
      leaf("element"), leaf("z")});
  EXPECT_EQ(names(s),
            (std::vector<std::string>{"l", "m", "old", "r", "st.k", "st.phone", "ll", "z"}));
  EXPECT_EQ(s.leaves, 10u);
  const std::vector<std::size_t> chunks = {0, 1, 3, 4, 5, 6, 8, 9};
  const std::vector<std::string> why = {
      "a list", "a map", "a list", "a repeated field", "", "a repeated field", "a list", ""};
  for (std::size_t i = 0; i < s.columns.size(); ++i) {
    const Column& c = s.columns[i];
    EXPECT_EQ(c.chunk, chunks[i]) << c.name;
    if (why[i].empty()) {
      EXPECT_TRUE(readable(c)) << c.name << ": " << c.unreadable;
    } else {
      EXPECT_EQ(c.unreadable, why[i] + " (any number of values in a row), which is not read")
          << c.name;
    }
  }
}

TEST(ParquetSchemaTest, ATypeThatIsNotReadIsAColumnThatIsNotReadable) {
  pf::SchemaElement interval = leaf("span", kOptional, pf::Type::FIXED_LEN_BYTE_ARRAY);
  interval.__set_type_length(12);
  interval.__set_converted_type(pf::ConvertedType::INTERVAL);
  const Schema s = flatten_schema(Elements{root(2), interval, leaf("n")});
  EXPECT_EQ(names(s), (std::vector<std::string>{"span", "n"}));
  EXPECT_NE(s.columns[0].unreadable.find("INTERVAL"), std::string::npos) << s.columns[0].unreadable;
  EXPECT_TRUE(readable(s.columns[1]));
  EXPECT_EQ(s.columns[1].chunk, 1u);
}

TEST(ParquetSchemaTest, ColumnsThatShareADottedNameAreNotReadable) {
  // A top-level column called "s.a" and a struct s's field a.
  const Schema s = flatten_schema(
      Elements{root(3), leaf("s.a"), group("s", 2), leaf("a"), leaf("b"), leaf("ok")});
  EXPECT_EQ(names(s), (std::vector<std::string>{"s.a", "s.a", "s.b", "ok"}));
  EXPECT_FALSE(readable(s.columns[0]));
  EXPECT_FALSE(readable(s.columns[1]));
  EXPECT_EQ(s.columns[1].unreadable, "another column has the same name, which is not read");
  EXPECT_TRUE(readable(s.columns[2]));
  EXPECT_TRUE(readable(s.columns[3]));
}

TEST(ParquetSchemaTest, EmptyGroupsHaveNoColumns) {
  const Schema s = flatten_schema(Elements{root(2), group("nothing", 0), leaf("n")});
  EXPECT_EQ(names(s), (std::vector<std::string>{"n"}));
  EXPECT_EQ(s.leaves, 1u);
}

std::string corrupt_message(const Elements& elements) {
  try {
    flatten_schema(elements);
  } catch (const Corrupt& e) {
    return e.what();
  }
  return "no Corrupt thrown";
}

TEST(ParquetSchemaTest, ChildrenCountsThatDoNotAddUpAreDamage) {
  EXPECT_EQ(corrupt_message(Elements{}), "has no schema in its footer");
  EXPECT_EQ(corrupt_message(Elements{root(1), leaf("a"), leaf("b")}),
            "has a corrupt schema (the root declares 1 fields, more follow)");
  EXPECT_EQ(corrupt_message(Elements{root(2), group("g", 2), leaf("a")}),
            "has a corrupt schema (it ends inside the group \"g\", which declares more fields)");
  EXPECT_EQ(corrupt_message(Elements{root(2), leaf("a")}),
            "has a corrupt schema (it ends inside the group \"\", which declares more fields)");
  EXPECT_EQ(corrupt_message(Elements{root(-1)}), "has a corrupt schema (-1 columns)");
  EXPECT_EQ(corrupt_message(Elements{root(1), group("g", -3)}),
            "has a corrupt schema (the group \"g\" has -3 fields)");
  pf::SchemaElement untyped;
  untyped.__set_name("u");
  EXPECT_EQ(corrupt_message(Elements{root(1), group("g", 1), untyped}),
            "column \"g.u\": a primitive column without a physical type");
  pf::SchemaElement flba = leaf("f", kOptional, pf::Type::FIXED_LEN_BYTE_ARRAY);
  EXPECT_EQ(corrupt_message(Elements{root(1), flba}),
            "column \"f\": a FIXED_LEN_BYTE_ARRAY column of length 0");
}

TEST(ParquetSchemaTest, HostileSchemasAreRefusedBeforeTheyTakeMemory) {
  // 200 groups in a chain: refused at 128 levels.
  Elements deep{root(1)};
  for (int i = 0; i < 200; ++i) deep.push_back(group("g", 1));
  deep.push_back(leaf("x"));
  EXPECT_THROW(flatten_schema(deep), Unsupported);
  // 20 groups of 4 MiB names: each path repeats its parents' names (4 + 8 + ... MiB).
  Elements wide{root(1)};
  for (int i = 0; i < 20; ++i) wide.push_back(group(std::string(std::size_t{4} << 20, 'n'), 1));
  wide.push_back(leaf("x"));
  try {
    flatten_schema(wide);
    ADD_FAILURE() << "no Unsupported thrown";
  } catch (const Unsupported& e) {
    EXPECT_STREQ(e.what(), "the schema's names take more than 64 MiB, which is not read");
  }
}

}  // namespace
}  // namespace mlops::io::parquet
