#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "run_helpers.h"

// Every column check passing and failing on small files whose expected counts are counted by
// hand in the comments.
namespace mlops::validate::testing {
namespace {

const char* kData =
    "id,age,score,city,code,joined,seen_at,active\n"
    "1,34,0.5,Paris,AB-1,2024-01-05,2024-01-05T10:00:00Z,true\n"    // line 2
    "2,17,0.9,Lyon,AB-2,2024-02-30,2024-01-06T10:00:00Z,false\n"    // line 3: bad date
    "3,NA,1.5,Paris,XY,2024-03-01,2024-01-07 11:30,true\n"          // line 4: null age
    "3,150,0.1,Nice,AB-33,2024-03-02,2024-01-08T10:00:00Z,maybe\n"  // line 5
    "5,41,,Lyon,ab-5,2024-03-03,not a time,false\n";                // line 6

TEST(ColumnChecksTest, TypeChecksCountValuesOfTheWrongType) {
  RunResult r = check_text(
      "columns:\n"
      "  joined: {type: date}\n"
      "  seen_at: {type: datetime}\n"
      "  active: {type: boolean}\n"
      "  age: {type: integer}\n"
      "  score: {type: number}\n"
      "  id: {type: integer}\n"
      "  city: {type: category}\n"
      "  code: {type: string}\n",
      kData);
  EXPECT_EQ(r.exit, 1) << r.out << r.err;
  EXPECT_EQ(r.failing("joined.type"), 1u);   // 2024-02-30 (line 3)
  EXPECT_EQ(r.failing("seen_at.type"), 1u);  // "not a time"
  EXPECT_EQ(r.failing("active.type"), 1u);   // "maybe"
  EXPECT_EQ(r.failing("age.type"), 0u);      // NA is null, not a bad integer
  EXPECT_EQ(r.status("age.type"), "pass");
  EXPECT_EQ(r.failing("score.type"), 0u);
  const auto& ex = r.check("joined.type").at("examples").as_array();
  ASSERT_EQ(ex.size(), 1u);
  EXPECT_EQ(ex[0].at("line").to_number<int>(), 3);
  EXPECT_EQ(ex[0].at("value").as_string(), "2024-02-30");
}

TEST(ColumnChecksTest, NullabilityAndNullFraction) {
  RunResult r = check_text(
      "columns:\n"
      "  age: {type: integer, nullable: false}\n"
      "  score: {type: number, max_null_fraction: 0.1}\n"
      "  city: {nullable: false, max_null_fraction: 0}\n",
      kData);
  EXPECT_EQ(r.failing("age.nullable"), 1u);  // line 4
  EXPECT_EQ(r.check("age.nullable").at("examples").at(0).at("line").to_number<int>(), 4);
  EXPECT_EQ(r.status("score.max_null_fraction"), "fail");  // 1 of 5 = 0.2 > 0.1
  EXPECT_EQ(r.check("score.max_null_fraction").at("observed").as_string(), "null fraction 0.2");
  EXPECT_EQ(r.status("city.nullable"), "pass");
  EXPECT_EQ(r.status("city.max_null_fraction"), "pass");
}

TEST(ColumnChecksTest, MinMaxInclusiveByDefaultAndExclusiveOnRequest) {
  RunResult r = check_text(
      "columns:\n"
      "  age: {type: integer, min: 17, max: {value: 41, exclusive: true}}\n"
      "  score: {type: number, min: {value: 0.1, exclusive: true}, max: 1}\n"
      "  joined: {type: date, min: 2024-01-01, max: 2024-03-02}\n",
      kData);
  EXPECT_EQ(r.failing("age.min"), 0u);     // 17 is allowed (inclusive)
  EXPECT_EQ(r.failing("age.max"), 2u);     // 150 and 41 (41 excluded)
  EXPECT_EQ(r.failing("score.min"), 1u);   // 0.1 excluded
  EXPECT_EQ(r.failing("score.max"), 1u);   // 1.5
  EXPECT_EQ(r.failing("joined.max"), 1u);  // 2024-03-03; 2024-02-30 is a type failure only
  EXPECT_EQ(r.failing("joined.min"), 0u);
}

TEST(ColumnChecksTest, AllowedPatternAndLengths) {
  RunResult r = check_text(
      "columns:\n"
      "  city: {type: category, allowed: [Paris, Lyon]}\n"
      "  code: {pattern: '[A-Z]{2}-[0-9]+', min_length: 3, max_length: 4}\n",
      kData);
  EXPECT_EQ(r.failing("city.allowed"), 1u);     // Nice
  EXPECT_EQ(r.failing("code.pattern"), 2u);     // XY (no dash), ab-5 (lower case)
  EXPECT_EQ(r.failing("code.min_length"), 1u);  // XY
  EXPECT_EQ(r.failing("code.max_length"), 1u);  // AB-33
}

TEST(ColumnChecksTest, PatternIsAFullMatch) {
  RunResult r = check_text("columns:\n  code: {pattern: 'AB'}\n", kData);
  EXPECT_EQ(r.failing("code.pattern"), 5u);  // "AB" matches inside but never the whole field
}

TEST(ColumnChecksTest, UniqueCountsRowsRepeatingAnEarlierValue) {
  RunResult r =
      check_text("columns:\n  id: {type: integer, unique: true}\n  city: {unique: true}\n", kData);
  EXPECT_EQ(r.failing("id.unique"), 1u);  // the second 3 (line 5)
  EXPECT_EQ(r.check("id.unique").at("examples").at(0).at("line").to_number<int>(), 5);
  EXPECT_EQ(r.failing("city.unique"), 2u);  // Paris again, Lyon again
}

TEST(ColumnChecksTest, MeanStddevAndQuantiles) {
  // age values 34, 17, 150, 41 (NA skipped): mean 60.5; sample stddev
  // sqrt(((34-60.5)^2 + (17-60.5)^2 + (150-60.5)^2 + (41-60.5)^2) / 3) = sqrt(10985/3) = 60.512
  // type-7 median of 17, 34, 41, 150 = (34 + 41) / 2 = 37.5
  RunResult pass = check_text(
      "columns:\n"
      "  age:\n"
      "    type: integer\n"
      "    mean: {min: 60.4, max: 60.6}\n"
      "    stddev: {min: 60.51, max: 60.52}\n"
      "    quantiles: {0.5: {min: 37.5, max: 37.5}, 0.0: {min: 17, max: 17}}\n"
      "dataset: {extra_columns: ignore}\n",
      kData);
  EXPECT_EQ(pass.exit, 0) << pass.out;
  EXPECT_EQ(pass.check("age.mean").at("observed").as_string(), "mean 60.5");
  RunResult fail = check_text(
      "columns:\n"
      "  age: {type: integer, mean: {max: 50}, stddev: {max: 10}, quantiles: {0.5: {min: 40}}}\n",
      kData);
  EXPECT_EQ(fail.exit, 1);
  EXPECT_EQ(fail.status("age.mean"), "fail");
  EXPECT_EQ(fail.status("age.stddev"), "fail");
  EXPECT_EQ(fail.status("age.quantile_0.5"), "fail");
}

TEST(ColumnChecksTest, WarningsDoNotFailUnlessAsked) {
  std::string contract =
      "columns:\n  age: {type: integer, max: {value: 100, severity: warning}}\n"
      "dataset: {extra_columns: ignore}\n";
  RunResult warn = check_text(contract, kData);
  EXPECT_EQ(warn.exit, 0);
  EXPECT_EQ(warn.status("age.max"), "warning");
  RunResult strict = check_text(contract, kData, {"--fail-on", "warning"});
  EXPECT_EQ(strict.exit, 1);
  EXPECT_EQ(strict.status("age.max"), "fail");
}

TEST(ColumnChecksTest, ColumnSeverityAppliesToItsChecks) {
  RunResult r = check_text(
      "columns:\n  age: {type: integer, max: 100, severity: warning}\n"
      "dataset: {extra_columns: ignore}\n",
      kData);
  EXPECT_EQ(r.exit, 0);
  EXPECT_EQ(r.status("age.max"), "warning");
}

TEST(ColumnChecksTest, MissingRequiredColumnFailsAndItsChecksAreSkipped) {
  RunResult r = check_text(
      "columns:\n  income: {type: number, min: 0}\n  bonus: {required: false}\n"
      "dataset: {extra_columns: ignore}\n",
      kData);
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(r.status("income.present"), "fail");
  EXPECT_EQ(r.status("income.min"), "skipped");
  EXPECT_EQ(r.status("bonus.type"), "skipped");
}

TEST(ColumnChecksTest, ExtraColumnsPolicy) {
  std::string cols = "columns:\n  id: {type: integer}\n";
  EXPECT_EQ(check_text(cols, kData).status("dataset.extra_columns"), "fail");
  EXPECT_EQ(
      check_text(cols + "dataset: {extra_columns: warn}\n", kData).status("dataset.extra_columns"),
      "warning");
  RunResult ignored = check_text(cols + "dataset: {extra_columns: ignore}\n", kData);
  EXPECT_EQ(ignored.exit, 0);
}

// Found trying the penguins data: a contract column `sex` against the data's `Sex` read as one
// missing and one unrelated extra column. The missing check now names the data's spelling.
TEST(ColumnChecksTest, AColumnMissingButPresentInAnotherCaseOrSpellingIsNamed) {
  RunResult r = check_text("columns:\n  sex: {type: string}\n  island: {type: string}\n",
                           "Sex,islnd\nMALE,Biscoe\n");
  EXPECT_EQ(r.status("sex.present"), "fail");
  EXPECT_EQ(std::string(r.check("sex.present").at("observed").as_string()).substr(0, 13),
            "missing from ");
  EXPECT_THAT(std::string(r.check("sex.present").at("observed").as_string()),
              ::testing::EndsWith(" (the data has 'Sex': column names are case-sensitive)"));
  EXPECT_THAT(std::string(r.check("island.present").at("observed").as_string()),
              ::testing::EndsWith(" (the data has 'islnd': a misspelling?)"));
  RunResult unrelated = check_text("columns:\n  sex: {type: string}\n", "weight\n1\n");
  EXPECT_THAT(std::string(unrelated.check("sex.present").at("observed").as_string()),
              ::testing::Not(::testing::HasSubstr("the data has")));
}

// A bound is an instant: ISO 8601 whatever the column's format (it was refused as "expected a
// datetime value"), or text in that format.
TEST(ColumnChecksTest, BoundsAreIso8601WhateverTheColumnsFormat) {
  const char* data = "t\n2000/12/31 23:59\n2001/01/01 00:00\n2024/06/01 12:00\n";
  RunResult iso = check_text(
      "columns:\n  t: {type: datetime, format: '%Y/%m/%d %H:%M', min: 2001-01-01T00:00:00Z,"
      " max: '2024-06-01T11:00:00Z'}\n",
      data);
  EXPECT_EQ(iso.failing("t.min"), 1u);  // 2000/12/31 23:59
  EXPECT_EQ(iso.failing("t.max"), 1u);  // 2024/06/01 12:00
  RunResult own = check_text(
      "columns:\n  t: {type: datetime, format: '%Y/%m/%d %H:%M', min: '2001/01/01 00:00'}\n", data);
  EXPECT_EQ(own.failing("t.min"), 1u);
  RunResult date = check_text("columns:\n  d: {type: date, format: '%d.%m.%Y', max: 2024-01-31}\n",
                              "d\n31.01.2024\n01.02.2024\n");
  EXPECT_EQ(date.failing("d.max"), 1u);
}

TEST(ColumnChecksTest, CustomDatetimeFormat) {
  RunResult r = check_text(
      "columns:\n  t: {type: datetime, format: '%d/%m/%Y %H:%M', max: '31/12/2024 23:59'}\n",
      "t\n01/02/2024 10:30\n31/12/2025 00:00\n2024-01-01\n");
  EXPECT_EQ(r.failing("t.type"), 1u);  // ISO text does not match the format
  EXPECT_EQ(r.failing("t.max"), 1u);
}

// strptime let 30 February roll over to 1 March and a space match any run of whitespace.
TEST(ColumnChecksTest, CustomFormatRefusesImpossibleDatesAndStraySpaces) {
  RunResult r = check_text(
      "columns:\n  d: {type: date, format: '%d/%m/%Y'}\n"
      "  t: {type: datetime, format: '%Y-%m-%d %H:%M'}\n",
      "d,t\n"
      "30/02/2024,2024-01-05 10:00\n"              // line 2: no 30 February
      "29/02/2023,2024-01-05 24:00\n"              // line 3: 2023 is no leap year; no hour 24
      "31/04/2024,2024-01-05  10:00\n"             // line 4: no 31 April; two spaces
      "29/02/2024,2024-01-05 10:60\n"              // line 5: minute 60
      "\" 01/02/2024\",\" 2024-01-05 10:00\"\n");  // line 6: leading spaces
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(r.failing("d.type"), 4u);
  EXPECT_EQ(r.failing("t.type"), 4u);
  EXPECT_EQ(r.check("d.type").at("examples").at(0).at("value").as_string(), "30/02/2024");
}

TEST(ColumnChecksTest, UnsupportedFormatIsAConfigError) {
  RunResult r = check_text("columns:\n  d: {type: date, format: '%d/%m'}\n", "d\n01/02\n");
  EXPECT_EQ(r.exit, 2);
  EXPECT_THAT(r.err, ::testing::HasSubstr(".yaml:2:27: the format has no year"));
  RunResult u = check_text("columns:\n  d: {type: date, format: '%Y %U'}\n", "d\n2024 01\n");
  EXPECT_EQ(u.exit, 2);
  EXPECT_THAT(u.err, ::testing::HasSubstr("unsupported directive %U"));
}

}  // namespace
}  // namespace mlops::validate::testing
