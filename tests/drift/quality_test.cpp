// Data quality beside drift (drift/quality.h) on real data: new categories, values outside the
// reference range, the Poisson test, the policy and the config keys. Expected values were
// computed independently in Python (csv module counts, scipy.stats.poisson.sf 1.10.1).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>
#include <regex>
#include <sstream>

#include "drift/quality.h"
#include "drift_run.h"

namespace mlops::drift {
namespace {

namespace json = boost::json;
using testing::Compared;
using testing::DriftRun;
using ::testing::HasSubstr;
using testing::run_drift;

const std::string kData = std::string(MLOPS_TEST_DATA) + "/";

// The header and the lines of a CSV file (one record per line) that `keep` accepts.
std::string lines_where(const std::string& file,
                        const std::function<bool(const std::string&)>& keep) {
  std::istringstream in(testing::slurp(kData + file));
  std::string line, out;
  std::getline(in, line);
  out = line + "\n";
  while (std::getline(in, line)) {
    if (keep(line)) out += line + "\n";
  }
  return out;
}

std::function<bool(const std::string&)> starts_with_any(const std::vector<std::string>& prefixes) {
  return [prefixes](const std::string& line) {
    for (const std::string& p : prefixes) {
      if (line.rfind(p, 0) == 0) return true;
    }
    return false;
  };
}

// Birdstrikes lines whose flight date (the only ISO date in a line) falls in [from, to].
std::function<bool(const std::string&)> flown(int from, int to) {
  return [from, to](const std::string& line) {
    static const std::regex date(",(\\d{4})-\\d\\d-\\d\\d,");
    std::smatch m;
    if (!std::regex_search(line, m, date)) return false;
    int year = std::stoi(m[1]);
    return year >= from && year <= to;
  };
}

std::string temp(const std::string& name, const std::string& text) {
  return testing::temp_file("drift_quality_", name, text);
}

// The JSON report's quality object of `column`.
json::object quality_of(const json::value& report, const std::string& column) {
  const json::object* c = testing::report_column(report, column);
  if (!c) {
    ADD_FAILURE() << "no column " << column;
    return {};
  }
  return c->at("quality").as_object();
}

// Compares the CSV texts `ref` and `cur`, written to temp files.
Compared compare(const std::string& name, const std::string& ref, const std::string& cur,
                 const std::string& config, std::vector<std::string> more = {}) {
  return testing::compare_json("drift_quality_" + name, temp(name + "_ref.csv", ref),
                               temp(name + "_cur.csv", cur), config, std::move(more));
}

TEST(DriftQualityTest, PoissonTailIsScipys) {
  // scipy.stats.poisson.sf(k - 1, mu)
  EXPECT_NEAR(poisson_at_least(1, 1.989100817438692), 0.8631816051340111, 1e-13);
  EXPECT_NEAR(poisson_at_least(5, 1.989100817438692), 0.05167501357574726, 1e-13);
  EXPECT_NEAR(poisson_at_least(342, 44.61579509071505) / 1.0833930554371895e-175, 1, 1e-9);
  EXPECT_EQ(poisson_at_least(0, 3), 1);
  EXPECT_EQ(poisson_at_least(1, 0), 0);  // nothing new was expected at all
}

// Seattle 2012 against 2015: one temp_max day of 365 lies outside 2012's range (expected
// 2/367 of 365 = 1.99 such days: p = 0.863), and five wind days (1.37%, at least the 1%
// threshold, but p = 0.0517 is not below 0.05): nothing fails.
TEST(DriftQualityTest, SeattleYearsKeepTheirRange) {
  Compared c = compare("years", lines_where("seattle-weather.csv", starts_with_any({"2012"})),
                       lines_where("seattle-weather.csv", starts_with_any({"2015"})), "");
  ASSERT_TRUE(c.report.is_object()) << c.run.err;
  json::object wind = quality_of(c.report, "wind");
  EXPECT_EQ(wind.at("check"), "out of range");
  EXPECT_EQ(wind.at("count").as_int64(), 5);
  EXPECT_EQ(wind.at("values").as_int64(), 365);
  EXPECT_DOUBLE_EQ(wind.at("expected").to_number<double>(), 2.0 / 367);
  EXPECT_NEAR(wind.at("p_value").to_number<double>(), 0.05167501357574726, 1e-12);
  EXPECT_EQ(wind.at("failed"), false);
  EXPECT_EQ(wind.at("detail"), "reference range [1, 9.5]");
  json::object temp_max = quality_of(c.report, "temp_max");
  EXPECT_EQ(temp_max.at("count").as_int64(), 1);
  EXPECT_NEAR(temp_max.at("p_value").to_number<double>(), 0.8631816051340111, 1e-12);
  json::object weather = quality_of(c.report, "weather");
  EXPECT_EQ(weather.at("check"), "new categories");
  EXPECT_EQ(weather.at("count").as_int64(), 0);
  EXPECT_EQ(weather.at("expected").to_number<double>(), 0);  // no weather seen only once in 2012
  EXPECT_EQ(weather.at("failed"), false);
  EXPECT_EQ(c.report.at("quality_policy"), "warn");

  // A looser test makes wind fail: reported, a warning, the verdict unchanged under warn ...
  Compared loose =
      compare("years_loose", lines_where("seattle-weather.csv", starts_with_any({"2012"})),
              lines_where("seattle-weather.csv", starts_with_any({"2015"})), "quality_alpha: 0.1\n",
              {"--junit", temp("loose.xml", "")});
  EXPECT_EQ(quality_of(loose.report, "wind").at("failed"), true);
  EXPECT_EQ(loose.run.exit, c.run.exit);
  // wind passes its KS test (p = 0.2175), so its JUnit case is the check's warning.
  EXPECT_THAT(testing::slurp(::testing::TempDir() + "drift_quality_loose.xml"),
              HasSubstr("<system-out>warning: wind: ks, p = 0.2175"));
  EXPECT_THAT(loose.run.out, HasSubstr("data quality (quality: warn): 'wind' out of range 1.37% "
                                       "(5 of 365, expected 0.545%, p = 0.0517): failed; "
                                       "reference range [1, 9.5]"));
  // ... and the column drifted under `quality: error`.
  Compared strict =
      compare("years_strict", lines_where("seattle-weather.csv", starts_with_any({"2012"})),
              lines_where("seattle-weather.csv", starts_with_any({"2015"})),
              "quality_alpha: 0.1\nquality: error\n");
  const json::object* wind_strict = testing::report_column(strict.report, "wind");
  ASSERT_NE(wind_strict, nullptr);
  EXPECT_EQ(wind_strict->at("drift"), true);
  EXPECT_THAT(strict.run.out, HasSubstr("(data quality)"));
}

// Winter 2012 (Jan-Mar, 91 days) against summer 2015 (Jul-Aug, 62 days): every temp_max lies
// above winter's 16.1 (p = 9.19e-79), and fog, a weather the winter never had, is 4 of 62
// days: expected 0 (no winter weather was seen once), so p = 0.
TEST(DriftQualityTest, SummerAgainstWinterFailsRangeAndCategories) {
  Compared c = compare(
      "season",
      lines_where("seattle-weather.csv", starts_with_any({"2012-01", "2012-02", "2012-03"})),
      lines_where("seattle-weather.csv", starts_with_any({"2015-07", "2015-08"})), "",
      {"--junit", temp("season.xml", ""), "--markdown", temp("season.md", "")});
  ASSERT_TRUE(c.report.is_object()) << c.run.err;
  EXPECT_THAT(testing::slurp(::testing::TempDir() + "drift_quality_season.md"),
              HasSubstr("data quality: out of range 100% (62 of 62, expected 2.17%, p = 9.19e-79): "
                        "failed; reference range \\[-1.1, 16.1\\]"));  // Markdown escapes []
  json::object temp_max = quality_of(c.report, "temp_max");
  EXPECT_EQ(temp_max.at("count").as_int64(), 62);
  EXPECT_EQ(temp_max.at("share").to_number<double>(), 1.0);
  EXPECT_NEAR(temp_max.at("p_value").to_number<double>() / 9.192598549463128e-79, 1, 1e-9);
  EXPECT_EQ(temp_max.at("failed"), true);
  EXPECT_EQ(temp_max.at("detail"), "reference range [-1.1, 16.1]");
  json::object precipitation = quality_of(c.report, "precipitation");
  EXPECT_EQ(precipitation.at("count").as_int64(), 2);  // 3.2%, but p = 0.39
  EXPECT_EQ(precipitation.at("failed"), false);
  json::object weather = quality_of(c.report, "weather");
  EXPECT_EQ(weather.at("count").as_int64(), 4);
  EXPECT_EQ(weather.at("p_value").to_number<double>(), 0);
  EXPECT_EQ(weather.at("failed"), true);
  EXPECT_EQ(weather.at("detail"), "\"fog\" 4");
  const std::string junit = testing::slurp(::testing::TempDir() + "drift_quality_season.xml");
  EXPECT_THAT(junit, HasSubstr("data quality: new categories 6.45% (4 of 62, expected 0%, p = 0): "
                               "failed; &quot;fog&quot; 4"));

  // Sketched (--sketch): the same counts, read off the current sketch.
  Compared sketched = compare(
      "season_sketch",
      lines_where("seattle-weather.csv", starts_with_any({"2012-01", "2012-02", "2012-03"})),
      lines_where("seattle-weather.csv", starts_with_any({"2015-07", "2015-08"})), "",
      {"--sketch"});
  ASSERT_TRUE(sketched.report.is_object()) << sketched.run.err;
  EXPECT_EQ(quality_of(sketched.report, "temp_max").at("count").as_int64(), 62);
  EXPECT_EQ(quality_of(sketched.report, "precipitation").at("count").as_int64(), 2);
}

// Birdstrikes 1990-1995 (3,748 strikes) against 2000-2002 (2,787): 342 strikes by 35 aircraft
// models the early years never saw (Good-Turing expects 60 / 3748 of them unseen: p = 1.08e-175);
// one species new (2 strikes, 0.07%: expected, p = 0.65); one damage code new ("B", 1 strike:
// none was expected, p = 0, but 0.04% is under the 1% threshold).
TEST(DriftQualityTest, BirdstrikesNewAircraftModels) {
  Compared c = compare("birds", lines_where("birdstrikes.csv", flown(1990, 1995)),
                       lines_where("birdstrikes.csv", flown(2000, 2002)), "");
  ASSERT_TRUE(c.report.is_object()) << c.run.err;
  json::object models = quality_of(c.report, "Aircraft Make Model");
  EXPECT_EQ(models.at("count").as_int64(), 342);
  EXPECT_EQ(models.at("values").as_int64(), 2787);
  EXPECT_DOUBLE_EQ(models.at("expected").to_number<double>(), 60.0 / 3748);
  EXPECT_NEAR(models.at("p_value").to_number<double>() / 1.0833930554371895e-175, 1, 1e-9);
  EXPECT_EQ(models.at("failed"), true);
  EXPECT_EQ(
      models.at("detail"),
      R"("A-319" 88, "B-737-700" 61, "EMB-145" 50, "B-717-200" 31, "B-737-800" 31 and 30 more)");
  json::object species = quality_of(c.report, "Wildlife Species");
  EXPECT_EQ(species.at("count").as_int64(), 2);
  EXPECT_NEAR(species.at("p_value").to_number<double>(), 0.6528725033932254, 1e-12);
  EXPECT_EQ(species.at("failed"), false);
  json::object damage = quality_of(c.report, "Effect Amount of damage");
  EXPECT_EQ(damage.at("count").as_int64(), 1);
  EXPECT_EQ(damage.at("p_value").to_number<double>(), 0);
  EXPECT_EQ(damage.at("failed"), false);
  EXPECT_THAT(c.run.out, HasSubstr("new categories 12.3%, failed"));
}

// Text columns (`type: text`): the lengths of the values (code points) by the numeric test, and
// the words (lowercased runs of letters and digits) new to the reference as an out-of-vocabulary
// check that is part of the drift verdict. Expected from Python: len(), re.findall of
// [A-Za-z0-9\u0080-\U0010FFFF]+ lowercased, scipy.stats.ks_2samp and wasserstein_distance,
// scipy.stats.poisson.sf.
TEST(DriftQualityTest, BirdstrikesTextColumns) {
  Compared c = compare("text", lines_where("birdstrikes.csv", flown(1990, 1995)),
                       lines_where("birdstrikes.csv", flown(2000, 2002)),
                       "columns:\n  Wildlife Species: {type: text}\n"
                       "  Aircraft Make Model: {type: text}\n");
  ASSERT_TRUE(c.report.is_object()) << c.run.err;
  // Species: names got longer (D = 0.0508, p = 0.000492, effect 0.112 >= 0.1: drifted), and
  // 4 of 7,853 words are new ("savannah", "sparrow"; 3 of 10,991 reference words were seen
  // once: p = 0.170), which is no failure.
  const json::object* species = testing::report_column(c.report, "Wildlife Species");
  ASSERT_NE(species, nullptr);
  EXPECT_EQ(species->at("kind"), "text");
  EXPECT_EQ(species->at("method"), "ks");
  EXPECT_THAT(std::string(species->at("why").as_string()), ::testing::StartsWith("text lengths; "));
  EXPECT_NEAR(species->at("statistic").to_number<double>(), 0.05083883513139791, 1e-12);
  EXPECT_NEAR(species->at("p_value").to_number<double>() / 0.0004923758449006168, 1, 1e-6);
  EXPECT_NEAR(species->at("effect").to_number<double>(), 0.11155896956303264, 1e-9);
  json::object words = quality_of(c.report, "Wildlife Species");
  EXPECT_EQ(words.at("check"), "out of vocabulary");
  EXPECT_EQ(words.at("count").as_int64(), 4);
  EXPECT_EQ(words.at("values").as_int64(), 7853);
  EXPECT_DOUBLE_EQ(words.at("expected").to_number<double>(), 3.0 / 10991);
  EXPECT_NEAR(words.at("p_value").to_number<double>(), 0.1696508496628808, 1e-12);
  EXPECT_EQ(words.at("failed"), false);
  EXPECT_EQ(words.at("detail"), R"("savannah" 2, "sparrow" 2)");
  // Aircraft models: 297 of 6,906 words new (4.3%, p = 2.97e-139): drifted by vocabulary.
  json::object models = quality_of(c.report, "Aircraft Make Model");
  EXPECT_EQ(models.at("count").as_int64(), 297);
  EXPECT_EQ(models.at("values").as_int64(), 6906);
  EXPECT_NEAR(models.at("p_value").to_number<double>() / 2.967395900985314e-139, 1, 1e-9);
  EXPECT_EQ(models.at("failed"), true);
  EXPECT_EQ(testing::report_column(c.report, "Aircraft Make Model")->at("drift"), true);

  // A profile cannot hold text yet: refused, not written as something else.
  DriftRun p = run_drift(
      {"profile", temp("text_profile.csv", lines_where("birdstrikes.csv", flown(1990, 1990))), "-o",
       temp("text.profile.json", ""), "--config",
       temp("text_profile.yaml", "columns:\n  Wildlife Species: {type: text}\n")});
  EXPECT_EQ(p.exit, 2) << p.out;
  EXPECT_THAT(p.err, HasSubstr("is `type: text`, which a profile cannot hold yet"));
}

TEST(DriftQualityTest, BadQualityKeysAreConfigErrors) {
  const std::string data = lines_where("seattle-weather.csv", starts_with_any({"2012"}));
  struct Case {
    std::string yaml, message;
  } cases[] = {
      {"new_category_share: 0\n", ":1:21: expected a share in (0, 1], e.g. 0.01"},
      {"out_of_range_share: 1.5\n", ":1:21: expected a share in (0, 1], e.g. 0.01"},
      {"quality_alpha: 1\n", ":1:16: expected a p-value in (0, 1), e.g. 0.05"},
      {"quality: warnn\n", "did you mean 'warn'?"},
      {"quality_alpah: 0.1\n", "quality_alpha"},
  };
  for (const Case& k : cases) {
    DriftRun r = run_drift({"compare", "-r", temp("bad_ref.csv", data), "-c",
                            temp("bad_cur.csv", data), "--config", temp("bad.yaml", k.yaml)});
    EXPECT_EQ(r.exit, 2) << k.yaml << r.out;
    EXPECT_THAT(r.err, HasSubstr(k.message)) << k.yaml;
  }
}

}  // namespace
}  // namespace mlops::drift
