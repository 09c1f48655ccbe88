// The homes of two column rules (issue 18): which kind a column is compared as (column_kind.h)
// and the one builder every column result starts from (column_test.h).
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <string>

#include "core/error.h"
#include "drift/column_kind.h"
#include "drift/column_test.h"
#include "drift/config.h"
#include "drift/profile_json.h"
#include "drift_test_support.h"

namespace mlops::drift {
namespace {

using testing::categorical_profile;
using testing::numeric_profile;
using testing::range;

TEST(ColumnKindTest, ValueTypesHaveTheDocumentedDefaultKinds) {
  EXPECT_EQ(default_kind(io::DataType::kInteger), Kind::kNumeric);
  EXPECT_EQ(default_kind(io::DataType::kNumber), Kind::kNumeric);
  EXPECT_EQ(default_kind(io::DataType::kString), Kind::kCategorical);
  EXPECT_EQ(default_kind(io::DataType::kBoolean), Kind::kCategorical);
  // A reference and a current window differ in time by construction.
  EXPECT_EQ(default_kind(io::DataType::kDate), Kind::kIgnored);
  EXPECT_EQ(default_kind(io::DataType::kDatetime), Kind::kIgnored);
}

TEST(ColumnKindTest, RoleIgnoreWinsThenTheConfiguredType) {
  EXPECT_EQ(planned_kind(Kind::kNumeric, nullptr), Kind::kNumeric);
  ColumnSettings typed;
  typed.kind = Kind::kCategorical;
  EXPECT_EQ(planned_kind(Kind::kNumeric, &typed), Kind::kCategorical);
  EXPECT_EQ(planned_kind(Kind::kIgnored, &typed), Kind::kCategorical);  // a date given a type
  typed.role = Role::kIgnore;
  EXPECT_EQ(planned_kind(Kind::kNumeric, &typed), Kind::kIgnored);
  ColumnSettings weighted;  // an entry without a type keeps the natural kind
  weighted.weight = 2;
  EXPECT_EQ(planned_kind(Kind::kNumeric, &weighted), Kind::kNumeric);
  // A profile's kind was fixed when it was built: comparing only ignores.
  ColumnSettings numeric;
  numeric.kind = Kind::kNumeric;
  EXPECT_EQ(compared_kind(Kind::kCategorical, &numeric), Kind::kCategorical);
  EXPECT_EQ(compared_kind(Kind::kIgnored, &numeric), Kind::kIgnored);
  numeric.role = Role::kIgnore;
  EXPECT_EQ(compared_kind(Kind::kNumeric, &numeric), Kind::kIgnored);
  EXPECT_EQ(compared_kind(Kind::kNumeric, nullptr), Kind::kNumeric);
}

TEST(ColumnKindTest, NumbersAgainstTextConflictOnlyWhenBothSidesHoldValues) {
  EXPECT_TRUE(kinds_conflict(Kind::kNumeric, true, Kind::kCategorical, true));
  EXPECT_TRUE(kinds_conflict(Kind::kCategorical, true, Kind::kNumeric, true));
  EXPECT_FALSE(kinds_conflict(Kind::kNumeric, true, Kind::kNumeric, true));
  // A side without values takes the other's kind: the column drifts, the schema stands.
  EXPECT_FALSE(kinds_conflict(Kind::kNumeric, true, Kind::kCategorical, false));
  EXPECT_FALSE(kinds_conflict(Kind::kNumeric, false, Kind::kCategorical, true));
  // An ignored side is not compared.
  EXPECT_FALSE(kinds_conflict(Kind::kIgnored, true, Kind::kCategorical, true));
  EXPECT_FALSE(kinds_conflict(Kind::kNumeric, true, Kind::kIgnored, true));
}

TEST(ColumnResultTest, CarriesTheConfigEntryAndBothSidesCounts) {
  Profile ref = numeric_profile("x", range(0, 40));
  Profile cur = numeric_profile("x", range(0, 30));
  ColumnResult plain = column_result(ref.columns[0], cur.columns[0], nullptr);
  EXPECT_EQ(plain.column, "x");
  EXPECT_EQ(plain.kind, Kind::kNumeric);
  EXPECT_EQ(plain.type, "number");
  EXPECT_EQ(plain.role, Role::kFeature);
  EXPECT_EQ(plain.weight, 1);
  EXPECT_EQ(plain.reference_values, 40u);
  EXPECT_EQ(plain.current_values, 30u);
  EXPECT_FALSE(plain.drift);
  ColumnSettings settings;
  settings.role = Role::kPrediction;
  settings.weight = 0.1;
  settings.location = "drift.yaml:7:5";
  ColumnResult light = column_result(ref.columns[0], cur.columns[0], &settings);
  EXPECT_EQ(light.role, Role::kPrediction);
  EXPECT_EQ(light.weight, 0.1);
  EXPECT_EQ(light.location, "drift.yaml:7:5");
  // Categories count their non-null rows.
  Profile cat = categorical_profile("c", {"a", "b"}, {3, 4});
  ColumnResult c = column_result(cat.columns[0], cat.columns[0], nullptr);
  EXPECT_EQ(c.kind, Kind::kCategorical);
  EXPECT_EQ(c.type, "string");
  EXPECT_EQ(c.reference_values, 7u);
}

TEST(ColumnResultTest, EveryComparedColumnStartsFromTheBuilder) {
  // Tested, and with no values on one side: both keep the entry's role, weight and location.
  Profile ref = numeric_profile("x", range(0, 40));
  ColumnSettings settings;
  settings.role = Role::kTarget;
  settings.weight = 0.1;
  settings.location = "drift.yaml:3:3";
  for (const Profile& cur : {numeric_profile("x", range(20, 60)), numeric_profile("x", {})}) {
    ColumnResult r = compare_column(ref.columns[0], cur.columns[0], DriftConfig{}, &settings);
    EXPECT_EQ(r.role, Role::kTarget);
    EXPECT_EQ(r.weight, 0.1);
    EXPECT_EQ(r.location, "drift.yaml:3:3");
    EXPECT_TRUE(r.drift);
  }
}

TEST(ProfileReaderTest, UnknownValueTypeIsNamedNotReadAsString) {
  std::string text = boost::json::serialize(to_json(categorical_profile("c", {"a"}, {3})));
  auto at = text.find("\"type\":\"string\"");
  ASSERT_NE(at, std::string::npos) << text;
  text.replace(at, 15, "\"type\":\"strng\"");
  try {
    profile_from_json(text, "typo.profile.json");
    FAIL() << "a profile with type \"strng\" was read";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
    EXPECT_NE(e.message().find("typo.profile.json: columns[0].type: unknown type \"strng\""),
              std::string::npos)
        << e.message();
  }
}

}  // namespace
}  // namespace mlops::drift
