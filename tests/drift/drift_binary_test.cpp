// Spawns the real drift-check binary: exit codes, the example pairs, profiles of shards merged
// against the profile of the whole file, and hostile profiles.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/generator.h"
#include "common/shell_run.h"

namespace {

namespace json = boost::json;
using ::testing::HasSubstr;

const std::string kBinary = std::string(MLOPS_BUILD_DIR) + "/tools/drift-check";
const std::string kExamples = std::string(MLOPS_TEST_DATA) + "/../../examples/drift/";

using Result = mlops::testing::ShellResult;
using mlops::testing::slurp;

std::string temp(const std::string& name) { return mlops::testing::test_temp("dc_", name); }

Result sh(const std::string& command) { return mlops::testing::run_shell(command, temp("cmd")); }

Result drift(const std::string& args) { return sh(kBinary + " " + args); }

TEST(DriftCheckBinaryTest, ExamplePairsPassAndFail) {
  std::string ref = " -r " + kExamples + "reference.csv";
  Result same = drift("compare" + ref + " -c " + kExamples + "current-same-period.csv");
  EXPECT_EQ(same.exit, 0) << same.err;
  EXPECT_THAT(same.out, HasSubstr("no dataset drift (0 of 5 columns drifted"));
  std::string json_path = temp("report.json");
  Result summer = drift("compare" + ref + " -c " + kExamples + "current-summer-2015.csv --json " +
                        json_path + " --config " + kExamples + "drift.yaml");
  EXPECT_EQ(summer.exit, 1) << summer.err;
  EXPECT_THAT(summer.out, HasSubstr("DATASET DRIFT"));
  json::object report = json::parse(slurp(json_path)).as_object();
  EXPECT_EQ(report.at("schema"), "mlops-actions/drift-check/v1");
  EXPECT_EQ(report.at("drift"), true);
  // temp_max: every summer day is warmer than most reference days.
  bool found = false;
  for (const auto& c : report.at("columns").as_array()) {
    if (c.at("column") == "temp_max") {
      found = true;
      EXPECT_EQ(c.at("drift"), true);
      EXPECT_EQ(c.at("reference_values").as_int64(), 548);
      EXPECT_EQ(c.at("current_values").as_int64(), 122);
    }
  }
  EXPECT_TRUE(found);
}

TEST(DriftCheckBinaryTest, UsageConfigAndInputErrors) {
  EXPECT_EQ(drift("").exit, 2);
  EXPECT_EQ(drift("compare -r x.csv").exit, 2);
  Result typo = drift("comparee");
  EXPECT_EQ(typo.exit, 2);
  EXPECT_THAT(typo.err, HasSubstr("did you mean 'compare'"));
  std::string config = temp("bad.yaml");
  std::ofstream(config) << "preset: calibrated\ncolumns:\n  wind: {methd: ks}\n";
  Result bad = drift("compare -r " + kExamples + "reference.csv -c " + kExamples +
                     "current-same-period.csv --config " + config);
  EXPECT_EQ(bad.exit, 2);
  EXPECT_THAT(bad.err, HasSubstr("bad.yaml:3:"));
  EXPECT_THAT(bad.err, HasSubstr("method"));
  Result missing = drift("compare -r " + kExamples + "reference.csv -c /nonexistent.csv");
  EXPECT_EQ(missing.exit, 3);
  EXPECT_THAT(missing.err, HasSubstr("/nonexistent.csv"));
  // A current file with a header and no rows cannot be evaluated.
  std::string empty = temp("empty.csv");
  std::ofstream(empty) << "date,precipitation,temp_max,temp_min,wind,weather\n";
  Result nothing = drift("compare -r " + kExamples + "reference.csv -c " + empty);
  EXPECT_EQ(nothing.exit, 3);
  EXPECT_THAT(nothing.err, HasSubstr("has no rows"));
  // An unreachable Pushgateway is "could not evaluate", never a pass.
  Result push = drift("compare -r " + kExamples + "reference.csv -c " + kExamples +
                      "current-same-period.csv --pushgateway http://127.0.0.1:9 --retries 0 -q");
  EXPECT_EQ(push.exit, 3);
  EXPECT_THAT(push.err, HasSubstr("127.0.0.1:9"));
}

// The comparison JSON of `current` (a file or a profile) against the reference file.
json::object compare_json(const std::string& reference, const std::string& current,
                          const std::string& name) {
  std::string out = temp(name);
  Result r = drift("compare -r " + reference + " -c " + current + " --json " + out + " -q");
  EXPECT_LE(r.exit, 1) << r.err;
  return json::parse(slurp(out)).as_object();
}

TEST(DriftCheckBinaryTest, MergedShardProfilesGiveTheWholeFilesVerdictsAndCounts) {
  const std::string gen = mlops::testing::generator();
  if (gen.empty()) GTEST_SKIP() << mlops::testing::kNoGenerator;
  // 120,000 rows (more than a sketch's exact level 0 per shard and in total), drifted a
  // little, split into 4 shards that each keep the header.
  std::string whole = temp("whole.csv"), reference = temp("reference.csv");
  ASSERT_EQ(sh(gen + " --rows 120000 --seed 7 --drift 0.1 -o " + whole).exit, 0);
  ASSERT_EQ(sh(gen + " --rows 50000 --seed 8 -o " + reference).exit, 0);
  std::string shards;
  for (int s = 0; s < 4; ++s) {
    std::string shard = temp("shard" + std::to_string(s) + ".csv");
    std::string cmd = "(head -n 1 " + whole + "; tail -n +2 " + whole + " | sed -n '" +
                      std::to_string(s * 30000 + 1) + "," + std::to_string((s + 1) * 30000) +
                      "p') > " + shard;
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    std::string profile = shard + ".profile.json";
    Result p = drift("profile " + shard + " -o " + profile + " -q");
    ASSERT_EQ(p.exit, 0) << p.err;
    shards += " " + profile;
  }
  std::string merged = temp("merged.profile.json"), direct = temp("whole.profile.json");
  ASSERT_EQ(drift("merge" + shards + " -o " + merged + " -q").exit, 0);
  ASSERT_EQ(drift("profile " + whole + " -o " + direct + " -q").exit, 0);

  json::object a = compare_json(reference, merged, "a.json");
  json::object b = compare_json(reference, direct, "b.json");
  EXPECT_EQ(a.at("drift"), b.at("drift"));
  EXPECT_EQ(a.at("drifted_columns"), b.at("drifted_columns"));
  EXPECT_EQ(a.at("current").at("rows"), b.at("current").at("rows"));
  const auto &ca = a.at("columns").as_array(), &cb = b.at("columns").as_array();
  ASSERT_EQ(ca.size(), cb.size());
  ASSERT_GE(ca.size(), 7u);
  for (std::size_t i = 0; i < ca.size(); ++i) {
    SCOPED_TRACE(json::serialize(ca[i].at("column")));
    EXPECT_EQ(ca[i].at("drift"), cb[i].at("drift"));
    EXPECT_EQ(ca[i].at("method"), cb[i].at("method"));
    for (const char* count : {"current_values", "current_nulls", "distinct"}) {
      EXPECT_EQ(ca[i].at(count), cb[i].at(count)) << count;
    }
    double sa = ca[i].at("statistic").to_number<double>();
    double sb = cb[i].at("statistic").to_number<double>();
    double bound =
        ca[i].at("error_bound").to_number<double>() + cb[i].at("error_bound").to_number<double>();
    // Sketched numbers may differ within their stated bounds; counts of categories are exact.
    EXPECT_LE(std::abs(sa - sb), bound + 1e-9 * std::abs(sb));
  }
}

TEST(DriftCheckBinaryTest, HostileProfilesAreNamedErrors) {
  std::string good = temp("good.profile.json");
  ASSERT_EQ(drift("profile " + kExamples + "reference.csv -o " + good + " -q").exit, 0);
  std::string text = slurp(good);
  struct Case {
    std::string from, to, message;
  };
  // Each edit breaks one invariant a reader must check.
  std::vector<Case> cases = {
      {"\"rows\": 548", "\"rows\": 549", "rows"},
      {"\"kind\": \"numeric\"", "\"kind\": \"vector\"", "kind"},
      // A value type the reader does not know is named, never read as "string".
      {"\"type\": \"string\"", "\"type\": \"text\"", ".type: unknown type \"text\""},
      {"\"schema\": \"mlops-actions/drift-check/profile/v1\"",
       "\"schema\": \"mlops-actions/drift-check/profile/v1\", \"x\": [", "malformed JSON"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.to);
    std::string broken = text;
    auto at = broken.find(c.from);
    ASSERT_NE(at, std::string::npos);
    broken.replace(at, c.from.size(), c.to);
    std::string path = temp("broken.profile.json");
    std::ofstream(path) << broken;
    Result r = drift("compare -r " + path + " -c " + kExamples + "current-same-period.csv");
    EXPECT_EQ(r.exit, 3);
    EXPECT_THAT(r.err, HasSubstr("broken.profile.json"));
    EXPECT_THAT(r.err, HasSubstr(c.message));
  }
}

}  // namespace
