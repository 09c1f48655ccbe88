#include <gtest/gtest.h>

#include "run_helpers.h"

// Dataset-level checks, several files as one dataset, and the real Seattle weather data.
namespace mlops::validate::testing {
namespace {

const char* kOrders =
    "order,line,qty,min_qty,max_qty,placed\n"
    "1,1,5,1,10,2026-01-30T08:00:00Z\n"    // line 2
    "1,2,0,1,10,2026-01-30T09:00:00Z\n"    // line 3: qty < min_qty
    "2,1,12,1,10,2026-01-31T22:00:00Z\n"   // line 4: qty > max_qty
    "1,2,3,1,10,2026-01-29T10:00:00Z\n"    // line 5: key (1,2) again
    "3,1,NA,1,10,2026-01-31T23:00:00Z\n";  // line 6: null qty, rules skip it

const char* kColumns =
    "columns:\n  order: {type: integer}\n  line: {type: integer}\n  qty: {type: integer}\n"
    "  min_qty: {type: integer}\n  max_qty: {type: integer}\n  placed: {type: datetime}\n";

TEST(DatasetChecksTest, RowCountBounds) {
  EXPECT_EQ(check_text(std::string(kColumns) + "dataset: {row_count: {min: 5, max: 5}}\n", kOrders)
                .status("dataset.row_count"),
            "pass");
  RunResult r = check_text(std::string(kColumns) + "dataset: {row_count: {min: 6}}\n", kOrders);
  EXPECT_EQ(r.status("dataset.row_count"), "fail");
  EXPECT_EQ(r.exit, 1);
}

TEST(DatasetChecksTest, CompositeUniqueKey) {
  RunResult r = check_text(
      std::string(kColumns) + "dataset:\n  unique_keys:\n    - [order, line]\n    - [order]\n",
      kOrders);
  EXPECT_EQ(r.failing("dataset.unique_key(order,line)"), 1u);  // line 5
  EXPECT_EQ(r.check("dataset.unique_key(order,line)").at("examples").at(0).at("value").as_string(),
            "order=1, line=2");
  EXPECT_EQ(r.failing("dataset.unique_key(order)"), 2u);  // order 1 on lines 3 and 5
}

TEST(DatasetChecksTest, CrossColumnRulesWithColumnsAndLiterals) {
  RunResult r = check_text(std::string(kColumns) +
                               "dataset:\n  rules:\n"
                               "    - qty >= min_qty\n"
                               "    - qty <= max_qty\n"
                               "    - {rule: 'order != 3', severity: warning}\n"
                               "    - placed < '2026-02-01T00:00:00Z'\n",
                           kOrders);
  EXPECT_EQ(r.failing("dataset.rule(qty >= min_qty)"), 1u);  // line 3
  EXPECT_EQ(r.check("dataset.rule(qty >= min_qty)").at("examples").at(0).at("value").as_string(),
            "qty=0, min_qty=1");
  EXPECT_EQ(r.failing("dataset.rule(qty <= max_qty)"), 1u);  // line 4
  EXPECT_EQ(r.failing("dataset.rule(order != 3)"), 1u);
  EXPECT_EQ(r.status("dataset.rule(order != 3)"), "warning");
  EXPECT_EQ(r.failing("dataset.rule(placed < '2026-02-01T00:00:00Z')"), 0u);
}

TEST(DatasetChecksTest, RuleBetweenADateAndADatetimeComparesTheSameInstant) {
  RunResult r = check_text(
      "columns:\n  day: {type: date}\n  at: {type: datetime}\n"
      "dataset: {rules: ['day <= at', 'at < day']}\n",
      "day,at\n2026-01-30,2026-01-30T00:00:00Z\n2026-01-31,2026-01-30T23:59:59Z\n");
  EXPECT_EQ(r.failing("dataset.rule(day <= at)"), 1u);  // the second row: midnight after `at`
  EXPECT_EQ(r.failing("dataset.rule(at < day)"), 1u);   // the first row: equal instants
}

TEST(DatasetChecksTest, FreshnessRelativeToAsOf) {
  std::string contract =
      std::string(kColumns) + "dataset: {freshness: {column: placed, max_age: 36h}}\n";
  // Newest is 2026-01-31T23:00Z: 25 h before Feb 2 00:00, 49 h before Feb 3 00:00.
  EXPECT_EQ(check_text(contract, kOrders, {"--as-of", "2026-02-02T00:00:00Z"})
                .status("dataset.freshness"),
            "pass");
  RunResult stale = check_text(contract, kOrders, {"--as-of", "2026-02-03T00:00:00Z"});
  EXPECT_EQ(stale.status("dataset.freshness"), "fail");
  EXPECT_EQ(stale.check("dataset.freshness").at("observed").as_string(),
            "newest 2026-01-31T23:00:00Z, 49h old");
}

TEST(DatasetChecksTest, SeveralFilesAreOneDataset) {
  std::string a = temp_file("part-a.csv", "id,v\n1,x\n2,y\n");
  std::string b = temp_file("part-b.csv", "id,v\n3,z\n1,w\n");
  std::string c = temp_file("parts.yaml",
                            "columns:\n  id: {type: integer, unique: true}\n  v: {}\n"
                            "dataset: {row_count: {min: 4, max: 4}}\n");
  RunResult r = run({"check", a, b, "--contract", c, "--json", "-"});
  EXPECT_EQ(r.status("dataset.row_count"), "pass");
  EXPECT_EQ(r.failing("id.unique"), 1u);
  const auto& ex = r.check("id.unique").at("examples").at(0);
  EXPECT_EQ(ex.at("file").as_string(), b);
  EXPECT_EQ(ex.at("line").to_number<int>(), 3);
  EXPECT_EQ(r.json.at("files").as_array().size(), 2u);
}

TEST(DatasetChecksTest, FingerprintIsTheSha256OfTheBytesRead) {
  // sha256 of "a\n1\n", computed with sha256sum.
  RunResult r = check_text("columns:\n  a: {type: integer}\n", "a\n1\n");
  EXPECT_EQ(r.json.at("fingerprint").as_string(),
            "sha256:309b0e45a73d3fc5325e2b6ed0a01ef8b9cde6b05a5633c1f893f970d52bfddc");
  EXPECT_EQ(r.json.at("rows").to_number<int>(), 1);
}

// Expected figures computed with Python's csv and statistics modules (tests/data/README.md).
TEST(DatasetChecksTest, SeattleWeatherContract) {
  std::string contract =
      temp_file("weather.yaml",
                "dataset:\n"
                "  row_count: {min: 1461, max: 1461}\n"
                "  unique_keys: [[date]]\n"
                "  rules: [temp_min <= temp_max]\n"
                "columns:\n"
                "  date: {type: date, min: 2012-01-01, max: 2014-12-31}\n"
                "  precipitation:\n"
                "    type: number\n"
                "    max: 30\n"
                "    mean: {min: 3.0294, max: 3.0295}\n"
                "    stddev: {min: 6.6801, max: 6.6802}\n"
                "  temp_max: {type: number, min: 0, quantiles: {0.5: {min: 15.6, max: 15.6}}}\n"
                "  temp_min: {type: number}\n"
                "  wind: {type: number, max: {value: 8, exclusive: true},"
                " quantiles: {0.9: {min: 5.2, max: 5.2}}}\n"
                "  weather:\n"
                "    type: category\n"
                "    allowed: [rain, sun, drizzle]\n"
                "    max_length: {value: 4, severity: warning}\n");
  RunResult r =
      run({"check", data_path("seattle-weather.csv"), "--contract", contract, "--json", "-"});
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(r.status("dataset.row_count"), "pass");
  EXPECT_EQ(r.failing("dataset.unique_key(date)"), 0u);
  EXPECT_EQ(r.failing("dataset.rule(temp_min <= temp_max)"), 0u);
  EXPECT_EQ(r.failing("date.max"), 365u);          // the 2015 rows
  EXPECT_EQ(r.failing("precipitation.max"), 19u);  // > 30
  EXPECT_EQ(r.check("precipitation.max").at("examples").at(0).at("line").to_number<int>(), 305);
  EXPECT_EQ(r.status("precipitation.mean"), "pass");    // 3.029431...
  EXPECT_EQ(r.status("precipitation.stddev"), "pass");  // 6.680194...
  EXPECT_EQ(r.failing("temp_max.min"), 3u);
  EXPECT_EQ(r.status("temp_max.quantile_0.5"), "pass");  // 15.6
  EXPECT_EQ(r.failing("wind.max"), 9u);                  // >= 8
  EXPECT_EQ(r.status("wind.quantile_0.9"), "pass");      // 5.2
  EXPECT_EQ(r.failing("weather.allowed"), 127u);         // snow and fog
  EXPECT_EQ(r.failing("weather.max_length"), 53u);       // "drizzle"
  EXPECT_EQ(r.status("weather.max_length"), "warning");
}

}  // namespace
}  // namespace mlops::validate::testing
