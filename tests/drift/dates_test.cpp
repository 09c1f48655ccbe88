// Dates and times in drift-check: `format:` per column reads non-ISO dates as instants
// (docs/drift-check.md "Dates and times"). Data: tests/data/flights-20k.json (2001 US
// flights, `YYYY/MM/DD HH:MM` dates, sorted: the first 10,000 end 2001/02/15 10:50, the last
// 10,000 start 2001/02/15 10:55) and seattle-weather.csv (ISO dates).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <sstream>

#include "drift_run.h"

namespace mlops::drift {
namespace {

namespace json = boost::json;
using testing::Compared;
using testing::DriftRun;
using ::testing::HasSubstr;
using testing::run_drift;

const std::string kData = std::string(MLOPS_TEST_DATA) + "/";

std::string temp(const std::string& name, const std::string& text) {
  return testing::temp_file("drift_dates_", name, text);
}

// Records [from, to) of flights-20k.json as a JSON array file; its path.
std::string flights(const std::string& name, std::size_t from, std::size_t to) {
  static const json::array all = json::parse(testing::slurp(kData + "flights-20k.json")).as_array();
  json::array part(all.begin() + static_cast<std::ptrdiff_t>(from),
                   all.begin() + static_cast<std::ptrdiff_t>(to));
  return temp(name + ".json", json::serialize(part));
}

Compared compare(const std::string& name, const std::string& ref, const std::string& cur,
                 const std::string& config) {
  return testing::compare_json("drift_dates_" + name, ref, cur, config);
}

const json::object* column(const json::value& report, const std::string& name) {
  return testing::report_column(report, name);
}

TEST(DriftDatesTest, FormattedDatesAreInstantsNotCategories) {
  const std::string ref = flights("ref", 0, 10000), cur = flights("cur", 10000, 20000);
  // Without a format the dates are text: a categorical column of 8,865 reference values.
  Compared text = compare("text", ref, cur, "");
  ASSERT_TRUE(text.report.is_object()) << text.run.err;
  ASSERT_NE(column(text.report, "date"), nullptr);
  EXPECT_EQ(column(text.report, "date")->at("kind"), "categorical");

  // With one they are datetimes, ignored by default like ISO ones.
  const std::string format = "columns:\n  date: {format: \"%Y/%m/%d %H:%M\"}\n";
  Compared read = compare("read", ref, cur, format);
  ASSERT_TRUE(read.report.is_object()) << read.run.err;
  EXPECT_EQ(column(read.report, "date"), nullptr);
  EXPECT_THAT(json::serialize(read.report.at("notes")),
              HasSubstr("column 'date' ignored (datetime values; give it a type to compare it)"));

  // `type: numeric` compares them as seconds since 1970: every current flight is later than
  // the reference's last (share 1; expected 2 / 10001, p = 0), so freshness shows as data
  // quality beside the KS drift.
  Compared numeric = compare("numeric", ref, cur,
                             "columns:\n  date: {format: \"%Y/%m/%d %H:%M\", type: numeric}\n");
  ASSERT_TRUE(numeric.report.is_object()) << numeric.run.err;
  const json::object* date = column(numeric.report, "date");
  ASSERT_NE(date, nullptr);
  EXPECT_EQ(date->at("kind"), "numeric");
  EXPECT_EQ(date->at("type"), "datetime");
  EXPECT_EQ(date->at("drift"), true);
  const json::object& q = date->at("quality").as_object();
  EXPECT_EQ(q.at("count").as_int64(), 10000);
  EXPECT_EQ(q.at("share").to_number<double>(), 1.0);
  EXPECT_EQ(q.at("failed"), true);
  EXPECT_EQ(q.at("detail"), "reference range [2001-01-01T00:47:00Z, 2001-02-15T10:50:00Z]");
}

// By weekday and by hour: chi-square tests of the 2 x 7 and 2 x 24 tables, as
// scipy.stats.chi2_contingency computes them from counts taken with Python's strptime and
// weekday(): the second half of the quarter flies on other weekdays (chi-square 109.14,
// p = 3.08e-21) but at the same hours (12.04, p = 0.970).
TEST(DriftDatesTest, WeekdaysAndHoursAreCategories) {
  const std::string ref = flights("parts_ref", 0, 10000), cur = flights("parts_cur", 10000, 20000);
  Compared c =
      compare("parts", ref, cur, "columns:\n  date: {format: \"%Y/%m/%d %H:%M\", type: weekday}\n");
  ASSERT_TRUE(c.report.is_object()) << c.run.err;
  const json::object* date = column(c.report, "date");
  ASSERT_NE(date, nullptr);
  EXPECT_EQ(date->at("kind"), "categorical");
  EXPECT_EQ(date->at("method"), "chisquare");
  EXPECT_EQ(date->at("distinct").as_int64(), 7);
  EXPECT_NEAR(date->at("statistic").to_number<double>(), 109.14176702687354, 1e-9);
  EXPECT_NEAR(date->at("p_value").to_number<double>() / 3.0829865932681138e-21, 1, 1e-6);
  EXPECT_EQ(date->at("quality").at("count").as_int64(), 0);

  // The reference's weekday counts, in week order, in its profile.
  const std::string profile = temp("parts.profile.json", "");
  DriftRun p = run_drift({"profile", ref, "-o", profile, "--config",
                          temp("parts_profile.yaml",
                               "columns:\n  date: {format: \"%Y/%m/%d %H:%M\", "
                               "type: weekday}\n")});
  ASSERT_EQ(p.exit, 0) << p.err;
  const json::value counts =
      json::parse(testing::slurp(profile)).at("columns").at(0).at("categories").at("counts");
  EXPECT_EQ(json::serialize(counts),
            R"([["1 Mon",1567],["2 Tue",1558],["3 Wed",1589],["4 Thu",1420],)"
            R"(["5 Fri",1370],["6 Sat",1193],["7 Sun",1303]])");

  Compared hours =
      compare("hours", ref, cur, "columns:\n  date: {format: \"%Y/%m/%d %H:%M\", type: hour}\n");
  ASSERT_TRUE(hours.report.is_object()) << hours.run.err;
  const json::object* hour = column(hours.report, "date");
  ASSERT_NE(hour, nullptr);
  EXPECT_EQ(hour->at("distinct").as_int64(), 24);
  EXPECT_NEAR(hour->at("statistic").to_number<double>(), 12.03865290732192, 1e-9);
  EXPECT_NEAR(hour->at("p_value").to_number<double>(), 0.969870070471812, 1e-9);
  EXPECT_EQ(hour->at("drift"), false);
}

TEST(DriftDatesTest, ADateOnlyFormatReadsDays) {
  std::istringstream in(testing::slurp(kData + "seattle-weather.csv"));
  std::string line, y2012, y2013;
  std::getline(in, line);
  y2012 = y2013 = line + "\n";
  while (std::getline(in, line)) {
    if (line.rfind("2012", 0) == 0) y2012 += line + "\n";
    if (line.rfind("2013", 0) == 0) y2013 += line + "\n";
  }
  Compared c = compare("days", temp("2012.csv", y2012), temp("2013.csv", y2013),
                       "columns:\n  date: {format: \"%Y-%m-%d\", type: numeric}\n");
  ASSERT_TRUE(c.report.is_object()) << c.run.err;
  const json::object* date = column(c.report, "date");
  ASSERT_NE(date, nullptr);
  EXPECT_EQ(date->at("type"), "date");
  EXPECT_EQ(date->at("quality").at("count").as_int64(), 365);
  EXPECT_EQ(date->at("quality").at("detail"), "reference range [2012-01-01, 2012-12-31]");
}

TEST(DriftDatesTest, AValueNotInTheFormatIsAnInputError) {
  const std::string ref = flights("bad_ref", 0, 100);
  json::array cur = json::parse(testing::slurp(ref)).as_array();
  cur[41].as_object()["date"] = "2001-01-01 09:30";
  Compared c = compare("bad_value", ref, temp("bad_cur.json", json::serialize(cur)),
                       "columns:\n  date: {format: \"%Y/%m/%d %H:%M\", type: numeric}\n");
  EXPECT_EQ(c.run.exit, 3) << c.run.out;
  EXPECT_THAT(c.run.err, HasSubstr("column 'date' is compared as numeric (datetime, format "
                                   "\"%Y/%m/%d %H:%M\") but holds \"2001-01-01 09:30\""));
}

TEST(DriftDatesTest, BadFormatsAreConfigErrors) {
  const std::string data = flights("cfg", 0, 50);
  struct Case {
    std::string yaml, message;
  } cases[] = {
      {"columns:\n  date: {format: \"%Y/%q\"}\n", ":2:18: unsupported directive %q"},
      {"columns:\n  date: {format: \"%m/%d\"}\n", "the format has no year"},
      {"columns:\n  date: {format: \"%Y/%m/%d\", type: categorical}\n",
       "a column with a date `format:` is read as dates, not as categories"},
      {"columns:\n  date: {format: \"%Y/%m/%d\", type: hour}\n",
       "column 'date' has `type: hour` but holds dates without a time"},
      {"columns:\n  date: {type: weekday}\n",
       "column 'date' has `type: weekday` but holds string values"},
  };
  for (const Case& k : cases) {
    DriftRun r =
        run_drift({"compare", "-r", data, "-c", data, "--config", temp("cfg.yaml", k.yaml)});
    EXPECT_EQ(r.exit, 2) << k.yaml << r.out;
    EXPECT_THAT(r.err, HasSubstr(k.message)) << k.yaml;
  }
}

}  // namespace
}  // namespace mlops::drift
