// The real drift-check binary at the fail-closed edges of issue 16: nothing compared, schema
// changes under each policy, weights in the config.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>

#include "common/shell_run.h"

namespace {

namespace json = boost::json;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kBinary = std::string(MLOPS_BUILD_DIR) + "/tools/drift-check";
const std::string kExamples = std::string(MLOPS_TEST_DATA) + "/../../examples/drift/";

using Result = mlops::testing::ShellResult;
using mlops::testing::slurp;

std::string temp(const std::string& name) { return mlops::testing::test_temp("dt_", name); }

std::string write(const std::string& name, const std::string& text) {
  std::string path = temp(name);
  std::ofstream(path) << text;
  return path;
}

Result drift(const std::string& args) {
  return mlops::testing::run_shell(kBinary + " " + args, temp("cmd"));
}

TEST(DriftCheckTrustTest, ComparingNoColumnIsExit3) {
  // A date-only file: dates are not compared without a type.
  std::string dates = write("dates.csv", "day\n2024-01-01\n2024-01-02\n2024-01-03\n");
  Result r = drift("compare -r " + dates + " -c " + dates);
  EXPECT_EQ(r.exit, 3) << r.out << r.err;
  EXPECT_THAT(r.err, HasSubstr("no column was compared"));
  EXPECT_THAT(r.err, HasSubstr("1 ignored"));
  EXPECT_THAT(r.out, Not(HasSubstr("no dataset drift")));
  // Every column ignored by the config.
  std::string config =
      write("ignore.yaml",
            "columns:\n  date: {role: ignore}\n  precipitation: {role: ignore}\n"
            "  temp_max: {role: ignore}\n  temp_min: {role: ignore}\n  wind: {role: ignore}\n"
            "  weather: {role: ignore}\n");
  Result ignored = drift("compare -r " + kExamples + "reference.csv -c " + kExamples +
                         "current-same-period.csv --config " + config);
  EXPECT_EQ(ignored.exit, 3) << ignored.out << ignored.err;
  EXPECT_THAT(ignored.err, HasSubstr("no column was compared: the reference has 6 columns, 6 "
                                     "ignored"));
  // JSON records with no fields.
  std::string records = write("empty.jsonl", "{}\n{}\n{}\n");
  Result none = drift("compare -r " + records + " -c " + records);
  EXPECT_EQ(none.exit, 3) << none.out << none.err;
  EXPECT_THAT(none.err, HasSubstr("no column was compared: the reference has 0 columns"));
}

// reference.csv without its wind column, as the current data.
std::string without_wind() {
  std::string path = temp("no-wind.csv");
  std::string cmd = "cut -d, -f1-4,6 " + kExamples + "current-same-period.csv > " + path;
  EXPECT_EQ(std::system(cmd.c_str()), 0);
  return path;
}

TEST(DriftCheckTrustTest, MissingColumnFailsTheGateByDefault) {
  std::string current = without_wind();
  std::string json_path = temp("r.json"), html = temp("r.html");
  Result r = drift("compare -r " + kExamples + "reference.csv -c " + current + " --json " +
                   json_path + " --html " + html);
  EXPECT_EQ(r.exit, 1) << r.err;
  // The schema comes first: the second line of the text report.
  std::string second = r.out.substr(r.out.find('\n') + 1);
  EXPECT_EQ(second.substr(0, second.find('\n')),
            "drift-check: schema changed (1 column, schema: error): dataset drift: 'wind' "
            "missing from the current data");
  EXPECT_THAT(r.out, HasSubstr("DATASET DRIFT (the schema changed; 0 of 4 columns drifted"));
  json::object report = json::parse(slurp(json_path)).as_object();
  EXPECT_EQ(report.at("drift"), true);
  EXPECT_EQ(report.at("schema_policy"), "error");
  ASSERT_EQ(report.at("schema_changes").as_array().size(), 1u);
  EXPECT_EQ(report.at("schema_changes").at(0).at("column"), "wind");
  EXPECT_EQ(report.at("schema_changes").at(0).at("change"), "missing from the current data");
  std::string page = slurp(html);
  EXPECT_THAT(page, HasSubstr("<h1>drift-check: <svg class=\"badge\" role=\"img\" "
                              "aria-label=\"DRIFT\""));
  EXPECT_THAT(page, HasSubstr("<b class=\"bad\"><svg class=\"mark\""));
  EXPECT_THAT(page, HasSubstr("fill=\"#cf222e\"/></svg> schema changed (1 column, schema: "
                              "error)"));
}

TEST(DriftCheckTrustTest, SchemaPolicyWarnAndIgnore) {
  std::string current = without_wind();
  for (const char* policy : {"warn", "ignore"}) {
    SCOPED_TRACE(policy);
    std::string config =
        write(std::string(policy) + ".yaml", std::string("schema: ") + policy + "\n");
    std::string json_path = temp(std::string(policy) + ".json"), html = temp("p.html");
    Result r = drift("compare -r " + kExamples + "reference.csv -c " + current + " --config " +
                     config + " --json " + json_path + " --html " + html);
    EXPECT_EQ(r.exit, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr(std::string("schema changed (1 column, schema: ") + policy + ")"));
    EXPECT_THAT(r.out, HasSubstr("no dataset drift (0 of 4 columns drifted"));
    json::object report = json::parse(slurp(json_path)).as_object();
    EXPECT_EQ(report.at("drift"), false);
    EXPECT_EQ(report.at("schema_policy"), policy);
    EXPECT_EQ(report.at("schema_changes").as_array().size(), 1u);
    EXPECT_THAT(slurp(html), HasSubstr("aria-label=\"NO DRIFT\""));
    EXPECT_THAT(slurp(html), HasSubstr("fill=\"#9a6700\"/></svg> schema changed"));
  }
  // The command line overrides the config; a bad policy is a usage error.
  Result flag = drift("compare -r " + kExamples + "reference.csv -c " + current + " --config " +
                      write("w.yaml", "schema: warn\n") + " --schema error");
  EXPECT_EQ(flag.exit, 1) << flag.err;
  Result bad = drift("compare -r " + kExamples + "reference.csv -c " + current + " --schema x");
  EXPECT_EQ(bad.exit, 2);
  EXPECT_THAT(bad.err, HasSubstr("--schema"));
}

TEST(DriftCheckTrustTest, NumbersAgainstTextIsASchemaChange) {
  // wind is numeric in the reference; here it holds words. Today: exit 3 on the first word;
  // now a schema change, reported as such.
  std::string current = temp("words.csv");
  std::string cmd = "awk -F, -v OFS=, 'NR > 1 {$5 = \"calm\"} {print}' " + kExamples +
                    "current-same-period.csv > " + current;
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::string json_path = temp("w.json");
  Result r =
      drift("compare -r " + kExamples + "reference.csv -c " + current + " --json " + json_path);
  EXPECT_EQ(r.exit, 1) << r.err;
  json::object report = json::parse(slurp(json_path)).as_object();
  ASSERT_EQ(report.at("schema_changes").as_array().size(), 1u);
  EXPECT_EQ(report.at("schema_changes").at(0).at("change"),
            "numeric (number) in the reference but categorical (string) in the current data");
  // A column the config types is read as that type on both sides: a word is then an error.
  Result typed = drift("compare -r " + kExamples + "reference.csv -c " + current + " --config " +
                       write("t.yaml", "columns:\n  wind: {type: numeric}\n"));
  EXPECT_EQ(typed.exit, 3) << typed.err;
  EXPECT_THAT(typed.err, HasSubstr("'wind' is compared as numeric"));
}

TEST(DriftCheckTrustTest, NearlyAllNullColumnIsDriftInEveryReport) {
  // wind emptied in every current row but the first 10 of 548: 98% missing, 0% in the
  // reference; the 10 values left are the reference's first ones.
  std::string current = temp("nulls.csv");
  std::string cmd = "awk -F, -v OFS=, 'NR > 11 {$5 = \"\"} {print}' " + kExamples +
                    "current-same-period.csv > " + current;
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::string json_path = temp("n.json"), html = temp("n.html"), md = temp("n.md");
  Result r = drift("compare -r " + kExamples + "reference.csv -c " + current + " --json " +
                   json_path + " --html " + html + " --markdown " + md);
  EXPECT_EQ(r.exit, 0) << r.err;  // 1 of 5 columns: share 0.2 < 0.5
  EXPECT_THAT(r.out, HasSubstr("0% -> 98.2% (p = 0), drifted  out of range 0%      DRIFT "
                               "(missing values)"));
  json::object report = json::parse(slurp(json_path)).as_object();
  for (const auto& c : report.at("columns").as_array()) {
    SCOPED_TRACE(json::serialize(c.at("column")));
    const bool wind = c.at("column") == "wind";
    EXPECT_EQ(c.at("missing").at("drift"), wind);
    EXPECT_EQ(c.at("drift"), wind);
    if (wind) {
      EXPECT_EQ(c.at("missing").at("reference_share").to_number<double>(), 0.0);
      EXPECT_DOUBLE_EQ(c.at("missing").at("current_share").to_number<double>(), 538.0 / 548);
    }
  }
  EXPECT_THAT(slurp(html), HasSubstr("drifted (missing values)"));
  EXPECT_THAT(slurp(md), HasSubstr("wind: missing values 0% -&gt; 98.2% (p = 0), drifted"));
}

TEST(DriftCheckTrustTest, DisjointHighCardinalityIdsAreDriftNotOk) {
  // 30,000 ids per side, none shared: past the default max_categories (10,000) the verdict is
  // uncertain and counts as drift; with max_categories 50,000 Jensen-Shannon is exact: 1.
  std::string ref = temp("ref.csv"), cur = temp("cur.csv");
  ASSERT_EQ(std::system(("seq -f 'r%.0f' 0 29999 | sed '1i id' > " + ref).c_str()), 0);
  ASSERT_EQ(std::system(("seq -f 'c%.0f' 0 29999 | sed '1i id' > " + cur).c_str()), 0);
  std::string json_path = temp("ids.json");
  Result r = drift("compare -r " + ref + " -c " + cur + " --json " + json_path);
  EXPECT_EQ(r.exit, 1) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("DRIFT? (uncertain within error"));
  json::object report = json::parse(slurp(json_path)).as_object();
  EXPECT_EQ(report.at("columns").at(0).at("uncertain"), true);
  EXPECT_EQ(report.at("columns").at(0).at("drift"), true);
  Result exact =
      drift("compare -r " + ref + " -c " + cur + " --config " +
            write("many.yaml", "max_categories: 50000\ncategorical: {method: jensenshannon}\n") +
            " --json " + json_path);
  EXPECT_EQ(exact.exit, 1) << exact.err;
  report = json::parse(slurp(json_path)).as_object();
  EXPECT_EQ(report.at("columns").at(0).at("uncertain"), false);
  EXPECT_EQ(report.at("columns").at(0).at("error_bound").to_number<double>(), 0.0);
  EXPECT_NEAR(report.at("columns").at(0).at("statistic").to_number<double>(), 1.0, 1e-12);
}

TEST(DriftCheckTrustTest, TwentyThousandColumnsCompare) {
  // Two rows of 20,000 numeric columns (c0 = 0, 1; c1 = 1, 2; ...), against themselves and
  // against the same rows shifted by 1,000 in the last column only.
  std::string ref = temp("wide.csv"), cur = temp("wide-cur.csv");
  std::string gen =
      "awk 'BEGIN { n = 20000; for (r = 0; r < 3; ++r) { line = \"\"; "
      "for (i = 0; i < n; ++i) { v = r == 0 ? \"c\" i : i + r - 1 + "
      "(SHIFT && i == n - 1 ? 1000 : 0); line = line (i ? \",\" : \"\") v } "
      "print line } }'";
  ASSERT_EQ(std::system((gen + " > " + ref).c_str()), 0);
  ASSERT_EQ(std::system((gen.substr(0, 3) + " -v SHIFT=1" + gen.substr(3) + " > " + cur).c_str()),
            0);
  std::string json_path = temp("wide.json");
  Result same = drift("compare -r " + ref + " -c " + ref + " --json " + json_path + " -q");
  EXPECT_EQ(same.exit, 0) << same.err;
  json::object report = json::parse(slurp(json_path)).as_object();
  EXPECT_EQ(report.at("columns").as_array().size(), 20000u);
  EXPECT_EQ(report.at("drifted_columns").as_array().size(), 0u);
  EXPECT_EQ(report.at("columns").at(19999).at("column"), "c19999");
  EXPECT_EQ(report.at("columns").at(19999).at("current_values").as_int64(), 2);
  Result shifted = drift("compare -r " + ref + " -c " + cur + " --json " + json_path + " -q");
  EXPECT_LE(shifted.exit, 1) << shifted.err;
  report = json::parse(slurp(json_path)).as_object();
  EXPECT_EQ(report.at("schema_changes").as_array().size(), 0u);
  // The last column: 4 values, chi-square of a 2 x 4 table with no shared value is N = 4.
  EXPECT_EQ(report.at("columns").at(19999).at("method"), "chisquare");
  EXPECT_NEAR(report.at("columns").at(19999).at("statistic").to_number<double>(), 4.0, 1e-12);
  EXPECT_EQ(report.at("columns").at(19998).at("statistic").to_number<double>(), 0.0);
  // In sketch mode the 20,000 sketches' worst case (7 GB) is over the default budget: refused.
  Result sketch = drift("compare -r " + ref + " -c " + ref + " --sketch -q");
  EXPECT_EQ(sketch.exit, 3);
  EXPECT_THAT(sketch.err, HasSubstr("20000 numeric columns need up to 6999 MB of quantile "
                                    "sketches (358 KB each at sketch_k 3000), more than the "
                                    "memory budget of 1024 MB leaves"));
}

TEST(DriftCheckTrustTest, MemoryBudgetFlagOutOfRangeIsAUsageError) {
  // 2^44 MB shifted into bytes wraps to 0 in 64 bits: refused, not a budget of nothing.
  Result r = drift("compare -r " + kExamples + "reference.csv -c " + kExamples +
                   "current-same-period.csv --memory-budget-mb 17592186044416");
  EXPECT_EQ(r.exit, 2) << r.out;
  EXPECT_THAT(r.err, HasSubstr("--memory-budget-mb must be at most 16777216"));
}

TEST(DriftCheckTrustTest, NonPositiveOrNonFiniteWeightIsAConfigError) {
  for (const char* weight : {"0", "-2", ".nan", ".inf"}) {
    SCOPED_TRACE(weight);
    std::string config =
        write("weight.yaml",
              std::string("preset: calibrated\ncolumns:\n  wind: {weight: ") + weight + "}\n");
    Result r = drift("compare -r " + kExamples + "reference.csv -c " + kExamples +
                     "current-same-period.csv --config " + config);
    EXPECT_EQ(r.exit, 2) << r.err;
    EXPECT_THAT(r.err, HasSubstr("weight.yaml:3:"));
  }
}

}  // namespace
