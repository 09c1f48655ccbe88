#include "io/type_infer.h"

#include <gtest/gtest.h>

#include "helpers.h"
#include "io/sampled_reader.h"

namespace mlops::io::testing {
namespace {

std::vector<DataType> infer(const std::string& text) {
  std::istringstream in(text);
  SampledReader reader(open_table("-", ReadOptions{}, in), 1000);
  return reader.inferred().types();
}

TEST(TypeInferTest, TypeNamesParseBackAndUnknownNamesDoNot) {
  for (DataType t : {DataType::kBoolean, DataType::kInteger, DataType::kNumber, DataType::kDate,
                     DataType::kDatetime, DataType::kString}) {
    EXPECT_EQ(parse_data_type(to_string(t)), t) << to_string(t);
  }
  // No silent fallback to string: a typo or another tool's name is not a type.
  for (const char* name : {"", "str", "String", "float", "numeric", "categorical", "integer "}) {
    EXPECT_EQ(parse_data_type(name), std::nullopt) << name;
  }
}

TEST(TypeInferTest, EachTypeFromItsValues) {
  auto types = infer(
      "b,i,n,d,dt,s,mixed_dates\n"
      "true,1,1.5,2024-01-02,2024-01-02T03:04:05Z,x,2024-01-02\n"
      "False,-2,3,2024-02-29,2024-01-02 03:04,y,2024-01-02T10:00:00Z\n");
  EXPECT_EQ(types, (std::vector<DataType>{DataType::kBoolean, DataType::kInteger, DataType::kNumber,
                                          DataType::kDate, DataType::kDatetime, DataType::kString,
                                          DataType::kDatetime}));
}

TEST(TypeInferTest, NullsDoNotDecideAndAllNullIsString) {
  auto types = infer("a,b,c\n1,NA,\nNA,,\n3,2.5,\n");
  EXPECT_EQ(types,
            (std::vector<DataType>{DataType::kInteger, DataType::kNumber, DataType::kString}));
}

TEST(TypeInferTest, OneBadValueMakesItString) {
  auto types = infer("a,b\n1,2024-01-01\n2,2024-13-01\nx,2024-01-03\n");
  EXPECT_EQ(types, (std::vector<DataType>{DataType::kString, DataType::kString}));
}

TEST(TypeInferTest, ZeroOneIsIntegerNotBoolean) {
  EXPECT_EQ(infer("flag\n0\n1\n"), (std::vector<DataType>{DataType::kInteger}));
}

TEST(TypeInferTest, SampleIsReplayedBeforeTheRest) {
  std::string text = "id,v\n";
  for (int i = 0; i < 50; ++i) text += std::to_string(i) + "," + std::to_string(i * 2) + "\n";
  std::istringstream in(text);
  SampledReader reader(open_table("-", ReadOptions{}, in), 10);
  EXPECT_EQ(reader.sample_size(), 10u);
  Table t = read_all(reader);
  ASSERT_EQ(t.rows.size(), 50u);
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(t.rows[static_cast<std::size_t>(i)][0], std::to_string(i));
    EXPECT_EQ(t.lines[static_cast<std::size_t>(i)], static_cast<std::uint64_t>(i + 2));
  }
}

TEST(TypeInferTest, JsonColumnsSeenLateArePaddedInTheReplay) {
  std::istringstream in("{\"a\": 1}\n{\"a\": 2, \"b\": \"x\"}\n{\"a\": 3}\n");
  SampledReader reader(open_table("-", ReadOptions{}, in), 2);
  Table t = read_all(reader);
  EXPECT_EQ(t.columns, (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[0], (std::vector<std::optional<std::string>>{v("1"), null}));
  EXPECT_EQ(t.rows[2], (std::vector<std::optional<std::string>>{v("3"), null}));
}

}  // namespace
}  // namespace mlops::io::testing
