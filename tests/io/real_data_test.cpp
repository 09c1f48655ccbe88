#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>

#include "helpers.h"
#include "io/sampled_reader.h"
#include "io/value_parse.h"

// Real public datasets (tests/data/README.md). Expected figures were computed with Python's
// csv/json modules, independently of this reader.
namespace mlops::io::testing {
namespace {

std::size_t nulls_in(const Table& t, std::size_t column) {
  std::size_t n = 0;
  for (const auto& r : t.rows) n += r[column] ? 0 : 1;
  return n;
}

TEST(RealDataTest, SeattleWeatherCsv) {
  std::istringstream none;
  SampledReader reader(open_table(data_path("seattle-weather.csv"), ReadOptions{}, none), 1000);
  EXPECT_EQ(reader.inferred().types(),
            (std::vector<DataType>{DataType::kDate, DataType::kNumber, DataType::kNumber,
                                   DataType::kNumber, DataType::kNumber, DataType::kString}));
  Table t = read_all(reader);
  ASSERT_EQ(t.rows.size(), 1461u);
  std::map<std::string, int> weather;
  double precipitation = 0;
  for (const auto& r : t.rows) {
    ++weather[*r[5]];
    precipitation += *parse_number(*r[1]);
  }
  EXPECT_EQ(weather,
            (std::map<std::string, int>{
                {"rain", 641}, {"sun", 640}, {"fog", 101}, {"drizzle", 53}, {"snow", 26}}));
  EXPECT_NEAR(precipitation, 4426.0, 1e-6);
  EXPECT_EQ(t.lines.back(), 1462u);
}

TEST(RealDataTest, AirportsCsvWithQuotedFieldsAndNaTokens) {
  Table t = read_path(data_path("airports.csv"));
  ASSERT_EQ(t.rows.size(), 3376u);
  EXPECT_EQ(t.columns, (std::vector<std::string>{"iata", "name", "city", "state", "country",
                                                 "latitude", "longitude"}));
  EXPECT_EQ(nulls_in(t, 2), 12u);  // city
  EXPECT_EQ(nulls_in(t, 3), 12u);  // state
  EXPECT_EQ(nulls_in(t, 1), 0u);
  bool found = false;
  for (const auto& r : t.rows)
    found = found || (*r[0] == "35A" && *r[1] == "Union County, Troy Shelton");
  EXPECT_TRUE(found);
}

TEST(RealDataTest, PenguinsJsonArrayWithNulls) {
  std::istringstream none;
  SampledReader reader(open_table(data_path("penguins.json"), ReadOptions{}, none), 1000);
  EXPECT_EQ(reader.format(), Format::kJsonArray);
  EXPECT_EQ(reader.inferred().types(),
            (std::vector<DataType>{DataType::kString, DataType::kString, DataType::kNumber,
                                   DataType::kNumber, DataType::kInteger, DataType::kInteger,
                                   DataType::kString}));
  Table t = read_all(reader);
  ASSERT_EQ(t.rows.size(), 344u);
  EXPECT_EQ(t.columns[4], "Flipper Length (mm)");
  EXPECT_EQ(nulls_in(t, 2), 2u);
  EXPECT_EQ(nulls_in(t, 5), 2u);
  EXPECT_EQ(nulls_in(t, 6), 10u);
  double mass = 0;
  for (const auto& r : t.rows) mass += r[5] ? static_cast<double>(*parse_integer(*r[5])) : 0;
  EXPECT_EQ(mass, 1437000.0);
  EXPECT_EQ(t.lines[0], 2u);  // the first object opens on line 2
}

TEST(RealDataTest, StdinGivesTheSameRowsAsTheFile) {
  std::ifstream file(data_path("seattle-weather.csv"), std::ios::binary);
  auto reader = open_table("-", ReadOptions{}, file);
  EXPECT_EQ(reader->name(), "<stdin>");
  Table piped = read_all(*reader);
  Table direct = read_path(data_path("seattle-weather.csv"));
  EXPECT_EQ(piped.rows, direct.rows);
  EXPECT_EQ(piped.columns, direct.columns);
}

}  // namespace
}  // namespace mlops::io::testing
