// Expression and conditional rules on real data (tests/data), and `mostly`. The expected counts
// and lines were computed independently of data-validate, with Python's csv/json modules
// (the commands are in the comments), and checked by reading the rows.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <iterator>

#include "run_helpers.h"

namespace mlops::validate::testing {
namespace {

using ::testing::HasSubstr;

RunResult check_file(const std::string& data, const std::string& contract_text) {
  std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  const std::string contract = temp_file(name + ".yaml", contract_text);
  return run({"check", data_path(data), "--contract", contract, "--json", "-"});
}

const char* kBirdColumns =
    "columns:\n"
    "  Effect Amount of damage: {type: category}\n"
    "  Cost Repair: {type: number}\n"
    "  Cost Other: {type: number}\n"
    "  Cost Total $: {type: number}\n"
    "dataset:\n  extra_columns: ignore\n  rules:\n";

// birdstrikes.csv: Cost Total $ is exactly Cost Repair + Cost Other on all 10,000 rows
// (python: sum(1 for r in rows if float(r['Cost Total $']) != float(r['Cost Repair']) +
// float(r['Cost Other'])) == 0), so both rules hold on every row.
TEST(RuleExpressionTest, BirdstrikesCostsAddUp) {
  RunResult r = check_file("birdstrikes.csv",
                           std::string(kBirdColumns) +
                               "    - '`Cost Total $` >= `Cost Repair` + `Cost Other`'\n"
                               "    - 'abs(`Cost Total $` - (`Cost Repair` + `Cost Other`)) <= "
                               "0.01'\n"
                               "    - '`Cost Total $` > `Cost Repair` + `Cost Other`'\n");
  ASSERT_EQ(r.exit, 1) << r.err << r.out;
  EXPECT_EQ(r.status("dataset.rule(`Cost Total $` >= `Cost Repair` + `Cost Other`)"), "pass");
  EXPECT_EQ(r.status("dataset.rule(abs(`Cost Total $` - (`Cost Repair` + `Cost Other`)) <= 0.01)"),
            "pass");
  // Strictly greater fails on every row: 10,000.
  const auto& strict = r.check("dataset.rule(`Cost Total $` > `Cost Repair` + `Cost Other`)");
  EXPECT_EQ(strict.at("failing_rows").to_number<int>(), 10000);
  EXPECT_EQ(strict.at("examples").at(0).at("line").to_number<int>(), 2);
  EXPECT_EQ(strict.at("examples").at(0).at("value").as_string(),
            "Cost Total $=0, Cost Repair=0, Cost Other=0");
}

// Rows with damage "None" (8,939) and a repair cost: 27, the first at lines 17, 278, 410
// (python: [i + 2 for i, r in enumerate(rows) if r['Effect Amount of damage'] == 'None' and
// float(r['Cost Repair']) != 0]).
TEST(RuleExpressionTest, ConditionalRuleJudgesOnlyTheRowsItSelects) {
  RunResult r =
      check_file("birdstrikes.csv", std::string(kBirdColumns) +
                                        "    - {when: \"`Effect Amount of damage` == 'None'\", "
                                        "rule: '`Cost Repair` == 0'}\n");
  ASSERT_EQ(r.exit, 1) << r.err << r.out;
  const std::string name =
      "dataset.rule(`Cost Repair` == 0 when `Effect Amount of damage` == 'None')";
  const auto& c = r.check(name);
  EXPECT_EQ(c.at("failing_rows").to_number<int>(), 27);
  const auto& ex = c.at("examples").as_array();
  ASSERT_EQ(ex.size(), 5u);
  EXPECT_EQ(ex[0].at("line").to_number<int>(), 17);
  EXPECT_EQ(ex[0].at("file").as_string(), data_path("birdstrikes.csv"));
  EXPECT_EQ(ex[0].at("value").as_string(), "Effect Amount of damage=None, Cost Repair=4175");
  EXPECT_EQ(ex[1].at("line").to_number<int>(), 278);
  EXPECT_EQ(ex[2].at("line").to_number<int>(), 410);
}

// `mostly` on the same rule: 8,912 of the 8,939 rows it judges pass, 0.996980...
TEST(RuleExpressionTest, MostlyOnARuleUsesTheRowsItJudged) {
  for (const auto& [mostly, status] :
       std::vector<std::pair<std::string, std::string>>{{"0.99", "pass"}, {"0.999", "fail"}}) {
    RunResult r =
        check_file("birdstrikes.csv", std::string(kBirdColumns) +
                                          "    - {when: \"`Effect Amount of damage` == 'None'\", "
                                          "rule: '`Cost Repair` == 0', mostly: " +
                                          mostly + "}\n");
    const auto& c =
        r.check("dataset.rule(`Cost Repair` == 0 when `Effect Amount of damage` == 'None')");
    EXPECT_EQ(c.at("status").as_string(), status) << mostly;
    EXPECT_EQ(c.at("evaluated_rows").to_number<int>(), 8939);
    EXPECT_NEAR(c.at("observed_fraction").as_double(), 8912.0 / 8939.0, 1e-12);
    EXPECT_EQ(c.at("failing_rows").to_number<int>(), 27);
    EXPECT_EQ(r.exit, status == "pass" ? 0 : 1) << r.out;
  }
}

// seattle-weather.csv: 641 rain days, 44 of them with precipitation 0.0, the first at line 8
// (python: [i + 2 for i, x in enumerate(w) if x['weather'] == 'rain' and
// float(x['precipitation']) == 0]).
TEST(RuleExpressionTest, SeattleRainWithoutPrecipitation) {
  RunResult r =
      check_file("seattle-weather.csv",
                 "columns:\n  date: {type: date}\n  precipitation: {type: number}\n"
                 "  temp_max: {type: number}\n  temp_min: {type: number}\n  wind: {type: number}\n"
                 "  weather: {type: category}\n"
                 "dataset:\n  rules:\n    - {when: weather == \"rain\", rule: precipitation > 0}\n"
                 "    - abs(temp_max - temp_min) <= 15\n");
  ASSERT_EQ(r.exit, 1) << r.err << r.out;
  const auto& rain = r.check("dataset.rule(precipitation > 0 when weather == \"rain\")");
  EXPECT_EQ(rain.at("failing_rows").to_number<int>(), 44);
  EXPECT_EQ(rain.at("examples").at(0).at("line").to_number<int>(), 8);
  EXPECT_EQ(rain.at("examples").at(0).at("value").as_string(), "weather=rain, precipitation=0.0");
  // 76 days with a range above 15 degrees, the first at line 113: 20.0 and 4.4.
  const auto& range = r.check("dataset.rule(abs(temp_max - temp_min) <= 15)");
  EXPECT_EQ(range.at("failing_rows").to_number<int>(), 76);
  EXPECT_EQ(range.at("examples").at(0).at("value").as_string(), "temp_max=20.0, temp_min=4.4");
}

// Division by zero fails the row with the reason: 838 days with precipitation 0.0, the
// first on line 2 (wind is above 0 on every row, so wind / precipitation > 0 holds elsewhere).
TEST(RuleExpressionTest, DivisionByZeroIsAFailedRowWithItsReason) {
  RunResult r = check_file("seattle-weather.csv",
                           "columns:\n  precipitation: {type: number}\n  wind: {type: number}\n"
                           "dataset:\n  extra_columns: ignore\n"
                           "  rules: ['wind / precipitation > 0']\n");
  ASSERT_EQ(r.exit, 1) << r.err << r.out;
  const auto& c = r.check("dataset.rule(wind / precipitation > 0)");
  EXPECT_EQ(c.at("failing_rows").to_number<int>(), 838);
  EXPECT_EQ(c.at("examples").at(0).at("value").as_string(),
            "wind=4.7, precipitation=0.0 (division by zero)");
  EXPECT_THAT(r.err + r.out, ::testing::Not(HasSubstr("error:")));
}

// penguins.json: 152 Adelie penguins, 6 without a sex; 342 rows with both body mass and
// flipper length, 147 of them with a ratio below 20 g/mm (python over json.load).
TEST(RuleExpressionTest, PenguinsConditionalNullAndRatio) {
  RunResult r =
      check_file("penguins.json",
                 "columns:\n  Species: {type: category}\n  Sex: {type: category}\n"
                 "  Body Mass (g): {type: number}\n  Flipper Length (mm): {type: number}\n"
                 "dataset:\n  extra_columns: ignore\n  rules:\n"
                 "    - {when: \"Species == 'Adelie'\", rule: Sex is not null}\n"
                 "    - '`Body Mass (g)` / `Flipper Length (mm)` >= 20'\n");
  ASSERT_EQ(r.exit, 1) << r.err << r.out;
  const auto& sex = r.check("dataset.rule(Sex is not null when Species == 'Adelie')");
  EXPECT_EQ(sex.at("failing_rows").to_number<int>(), 6);
  EXPECT_EQ(sex.at("examples").at(0).at("value").as_string(), "Species=Adelie, Sex=null");
  const auto& ratio = r.check("dataset.rule(`Body Mass (g)` / `Flipper Length (mm)` >= 20)");
  EXPECT_EQ(ratio.at("failing_rows").to_number<int>(), 147);
}

// A condition that selects no row judged nothing: skipped, never a pass. (A condition of the
// simple form reads a bare word as a literal, as a simple rule does: `weather == hail`.)
TEST(RuleExpressionTest, RuleThatJudgedNoRowIsSkipped) {
  RunResult r = check_file("seattle-weather.csv",
                           "columns:\n  precipitation: {type: number}\n  weather: {}\n"
                           "dataset:\n  extra_columns: ignore\n"
                           "  rules: [{when: weather == hail, rule: precipitation > 0}]\n");
  EXPECT_EQ(r.status("dataset.rule(precipitation > 0 when weather == hail)"), "skipped");
  EXPECT_THAT(
      r.check("dataset.rule(precipitation > 0 when weather == hail)").at("observed").as_string(),
      HasSubstr("no row to judge"));
}

// A simple rule whose operand is null on every row was reported "pass" (0 rows breaking it):
// it judged nothing, and is skipped now.
TEST(RuleExpressionTest, SimpleRuleOnAnAllNullColumnIsSkippedNotPassed) {
  RunResult r = check_text(
      "columns:\n  id: {type: integer}\n  p: {type: number}\ndataset: {rules: [p > 100]}\n",
      "id,p\n1,\n2,NA\n");
  EXPECT_EQ(r.status("dataset.rule(p > 100)"), "skipped");
  EXPECT_THAT(r.check("dataset.rule(p > 100)").at("observed").as_string(),
              HasSubstr("an operand is null in every row"));
}

// penguins.json: Sex is null in 10 of 344 records, "." in one; the values judged by
// `allowed` are the 334 non-null ones.
TEST(MostlyTest, PenguinsSexNullsAndOddValue) {
  for (const auto& [mostly, status] :
       std::vector<std::pair<std::string, std::string>>{{"0.97", "pass"}, {"0.98", "fail"}}) {
    RunResult r = check_file("penguins.json",
                             "columns:\n  Sex:\n    nullable: {value: false, mostly: " + mostly +
                                 "}\n    allowed: {value: [MALE, FEMALE], mostly: 0.995}\n"
                                 "dataset: {extra_columns: ignore}\n");
    const auto& n = r.check("Sex.nullable");
    EXPECT_EQ(n.at("status").as_string(), status) << mostly;  // 334 / 344 = 0.97093
    EXPECT_EQ(n.at("evaluated_rows").to_number<int>(), 344);
    EXPECT_NEAR(n.at("observed_fraction").as_double(), 334.0 / 344.0, 1e-12);
    const auto& a = r.check("Sex.allowed");
    EXPECT_EQ(a.at("status").as_string(), "pass");  // 333 / 334 = 0.99701 >= 0.995
    EXPECT_EQ(a.at("evaluated_rows").to_number<int>(), 334);
    EXPECT_EQ(a.at("failing_rows").to_number<int>(), 1);
  }
}

// seattle-weather.csv: 51 of 1,461 days above 20 mm of precipitation (0.96509 pass).
TEST(MostlyTest, SeattlePrecipitationMaxInTextAndJson) {
  const std::string contract =
      temp_file("seattle-mostly.yaml",
                "columns:\n  precipitation:\n    type: number\n    max: {value: 20, mostly: 0.97}\n"
                "dataset: {extra_columns: ignore}\n");
  RunResult r = run({"check", data_path("seattle-weather.csv"), "--contract", contract});
  EXPECT_EQ(r.exit, 1);
  EXPECT_THAT(r.out, HasSubstr("51 rows > 20, 0.965092 of 1461 pass (expected <= 20 for a "
                               "fraction >= 0.97 (mostly))"));
  RunResult ok = check_file("seattle-weather.csv",
                            "columns:\n  precipitation:\n    type: number\n"
                            "    max: {value: 20, mostly: 0.96}\n"
                            "dataset: {extra_columns: ignore}\n");
  EXPECT_EQ(ok.exit, 0);
  EXPECT_EQ(ok.check("precipitation.max").at("failing_rows").to_number<int>(), 51);
}

// The fraction is in every report: JUnit's failure message and the Markdown table (which is
// also the GitHub step summary) carry the check's message.
TEST(MostlyTest, FractionInJunitAndMarkdown) {
  const std::string dir = ::testing::TempDir();
  const std::string junit = dir + "mostly.xml", markdown = dir + "mostly.md";
  const std::string contract =
      temp_file("seattle-mostly-reports.yaml",
                "columns:\n  precipitation:\n    type: number\n    max: {value: 20, mostly: 0.97}\n"
                "dataset: {extra_columns: ignore}\n");
  RunResult r = run({"check", data_path("seattle-weather.csv"), "--contract", contract, "--junit",
                     junit, "--markdown", markdown, "-q"});
  EXPECT_EQ(r.exit, 1);
  auto slurp = [](const std::string& path) {
    std::ifstream f(path);
    return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  };
  EXPECT_THAT(slurp(junit), HasSubstr("51 rows &gt; 20, 0.965092 of 1461 pass (expected &lt;= 20 "
                                      "for a fraction &gt;= 0.97 (mostly))"));
  EXPECT_THAT(slurp(markdown), HasSubstr("0.965092 of 1461 pass"));
}

// seattle-weather.csv has 5 weather values on 1,461 days: 1,456 rows repeat an earlier one, so
// 5 / 1461 = 0.0034223 of the keys are not repeats.
TEST(MostlyTest, UniqueKeyCountsTheRowsWithAWholeKey) {
  for (const auto& [mostly, status] :
       std::vector<std::pair<std::string, std::string>>{{"0.003", "pass"}, {"0.004", "fail"}}) {
    RunResult r = check_file("seattle-weather.csv",
                             "columns:\n  weather: {}\ndataset:\n  extra_columns: ignore\n"
                             "  unique_keys: [{columns: [weather], mostly: " +
                                 mostly + "}]\n");
    const auto& k = r.check("dataset.unique_key(weather)");
    EXPECT_EQ(k.at("status").as_string(), status) << mostly;
    EXPECT_EQ(k.at("failing_rows").to_number<int>(), 1456);
    EXPECT_EQ(k.at("evaluated_rows").to_number<int>(), 1461);
  }
}

// Hand-made: 10 rows, one null; of the 9 values one is not an integer ("x"); of the 8 integers
// 1 appears three times (2 repeats) and two (100, 200) are 3 characters long.
TEST(MostlyTest, TypePatternLengthAndUniqueCountTheirOwnRows) {
  const std::string data = "v\n1\n1\n1\n2\n3\nx\n\n100\n200\n4\n";
  RunResult r = check_text(
      "columns:\n  v:\n    type: {value: integer, mostly: 0.85}\n"
      "    unique: {value: true, mostly: 0.75}\n    max_length: {value: 2, mostly: 0.8}\n"
      "    pattern: {value: '[0-9]', mostly: 0.76}\n",
      data);
  EXPECT_EQ(r.status("v.type"), "pass");  // 8 / 9 = 0.889
  EXPECT_EQ(r.check("v.type").at("evaluated_rows").to_number<int>(), 9);
  EXPECT_EQ(r.status("v.unique"), "pass");  // 6 / 8 = 0.75: at least mostly passes
  EXPECT_EQ(r.check("v.unique").at("evaluated_rows").to_number<int>(), 8);
  EXPECT_EQ(r.status("v.max_length"), "fail");  // 6 / 8 = 0.75 < 0.8
  EXPECT_EQ(r.status("v.pattern"), "fail");     // 6 / 8 = 0.75 < 0.76
  EXPECT_EQ(r.exit, 1);
}

TEST(MostlyTest, MostlyOutsideZeroToOneOrOnAStatisticIsAConfigError) {
  for (const char* bad : {"0", "1.5", "-0.1", ".nan"}) {
    RunResult r = check_text(
        std::string("columns:\n  x: {type: number, min: {value: 0, mostly: ") + bad + "}}\n",
        "x\n1\n");
    EXPECT_EQ(r.exit, 2) << bad;
    EXPECT_THAT(r.err, HasSubstr(".yaml:2:")) << bad << r.err;
  }
  RunResult stat = check_text(
      "columns:\n  x: {type: number, max_null_fraction: {value: 0.1, mostly: 0.9}}\n", "x\n1\n");
  EXPECT_EQ(stat.exit, 2);
  EXPECT_THAT(stat.err, HasSubstr("unknown key 'mostly'"));
}

TEST(RuleErrorsTest, BadExpressionsNameFileLineAndColumn) {
  // The rule's text starts at column 8 of line 5 (after "    - '"): the error is at its '='.
  RunResult eq = check_text(
      "columns:\n  a: {type: number}\n  b: {type: number}\ndataset:\n"
      "  rules:\n    - 'a + b = 3'\n",
      "a,b\n1,2\n");
  EXPECT_EQ(eq.exit, 2);
  EXPECT_THAT(eq.err,
              HasSubstr(".yaml:6:14: cannot parse the rule \"a + b = 3\": unexpected \"=\""));
  EXPECT_THAT(eq.err, HasSubstr("compare with =="));
  RunResult type = check_text(
      "columns:\n  a: {type: number}\n  s: {}\ndataset:\n"
      "  rules: [{rule: a > 0, when: s + 1 > 2}]\n",
      "a,s\n1,x\n");
  EXPECT_EQ(type.exit, 2);
  EXPECT_THAT(type.err, HasSubstr(".yaml:5:33: cannot apply + to a text and a number value in the "
                                  "rule \"s + 1 > 2\""));
  RunResult unknown = check_text(
      "columns:\n  a: {type: number}\ndataset:\n"
      "  rules: ['abs(a - aa) < 1']\n",
      "a\n1\n");
  EXPECT_THAT(unknown.err, HasSubstr(".yaml:4:20: unknown column 'aa'"));
}

}  // namespace
}  // namespace mlops::validate::testing
