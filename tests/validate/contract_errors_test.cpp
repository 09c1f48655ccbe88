#include <gtest/gtest.h>

#include "run_helpers.h"
#include "validate/contract.h"

// A bad contract is a usage error (exit 2) naming file:line:column; bad data is exit 3; a
// violation is never exit 0.
namespace mlops::validate::testing {
namespace {

using ::testing::HasSubstr;

RunResult check_contract(const std::string& contract) {
  return check_text(contract, "id,name\n1,a\n");
}

TEST(ContractErrorsTest, UnknownKeyWithSuggestion) {
  RunResult r = check_contract("columns:\n  id:\n    type: integer\n    maximum: 3\n");
  EXPECT_EQ(r.exit, 2);
  EXPECT_THAT(r.err, HasSubstr(".yaml:4:5: unknown key 'maximum' in 'columns.id'"));
  EXPECT_THAT(r.err, HasSubstr("did you mean 'max'?"));
}

TEST(ContractErrorsTest, WrongTypeOfValue) {
  RunResult r = check_contract("columns:\n  id:\n    type: integer\n    min: ten\n");
  EXPECT_EQ(r.exit, 2);
  EXPECT_THAT(r.err, HasSubstr(".yaml:4:10: expected a integer value, found \"ten\""));
}

TEST(ContractErrorsTest, UnknownType) {
  RunResult r = check_contract("columns:\n  id: {type: int}\n");
  EXPECT_EQ(r.exit, 2);
  EXPECT_THAT(r.err, HasSubstr(".yaml:2:14: unknown type \"int\""));
}

TEST(ContractErrorsTest, UnknownColumnInRule) {
  RunResult r =
      check_contract("columns:\n  id: {type: integer}\ndataset:\n  rules:\n    - idd > 0\n");
  EXPECT_EQ(r.exit, 2);
  EXPECT_THAT(r.err, HasSubstr(".yaml:5:7: unknown column 'idd' in the rule \"idd > 0\""));
}

TEST(ContractErrorsTest, RuleWithUnknownRightColumn) {
  RunResult r =
      check_contract("columns:\n  id: {type: integer}\ndataset:\n  rules: ['id < limit']\n");
  EXPECT_EQ(r.exit, 2);
  EXPECT_THAT(r.err, HasSubstr("'limit' is neither a declared column nor a integer literal"));
}

TEST(ContractErrorsTest, UnparsableRule) {
  RunResult r = check_contract("columns:\n  id: {type: integer}\ndataset:\n  rules: ['id ~ 3']\n");
  EXPECT_EQ(r.exit, 2);
  EXPECT_THAT(r.err, HasSubstr("cannot parse the rule"));
}

TEST(ContractErrorsTest, BadRegex) {
  RunResult r = check_contract("columns:\n  name:\n    pattern: '[a-z'\n");
  EXPECT_EQ(r.exit, 2);
  EXPECT_THAT(r.err, HasSubstr(".yaml:3:14: invalid regular expression"));
}

TEST(ContractErrorsTest, MinOnAStringColumn) {
  RunResult r = check_contract("columns:\n  name: {min: 3}\n");
  EXPECT_EQ(r.exit, 2);
  EXPECT_THAT(r.err, HasSubstr("min needs an ordered type"));
}

TEST(ContractErrorsTest, FreshnessNeedsADateColumnAndADuration) {
  RunResult col = check_contract(
      "columns:\n  id: {type: integer}\ndataset:\n  freshness: {column: id, max_age: 1d}\n");
  EXPECT_EQ(col.exit, 2);
  EXPECT_THAT(col.err, HasSubstr("freshness needs a date or datetime column"));
  RunResult dur = check_contract(
      "columns:\n  d: {type: date}\ndataset:\n  freshness: {column: d, max_age: soon}\n");
  EXPECT_EQ(dur.exit, 2);
  EXPECT_THAT(dur.err, HasSubstr("expected a duration"));
}

TEST(ContractErrorsTest, FreshnessMaxAgeMustBeAFinitePositiveDuration) {
  // infd made the data never stale; 0s made every dataset stale; nanh compared false.
  for (const char* bad : {"infd", "nanh", "0s", "0d", "1e308w", "-infh"}) {
    RunResult r = check_contract(std::string("columns:\n  d: {type: date}\ndataset:\n"
                                             "  freshness: {column: d, max_age: ") +
                                 bad + "}\n");
    EXPECT_EQ(r.exit, 2) << bad;
    EXPECT_THAT(r.err, HasSubstr(".yaml:4:35: expected a duration")) << bad << r.err;
  }
}

TEST(ContractErrorsTest, QuantileKeyMustBeANumberFrom0To1) {
  // A key "nan" passed `q < 0 || q > 1` and reached the quantile with q = NaN.
  for (const char* bad : {"nan", "NaN", "inf", "-0.5", "1.5"}) {
    RunResult r = check_contract(std::string("columns:\n  id: {type: integer, quantiles: {") + bad +
                                 ": {max: 3}}}\n");
    EXPECT_EQ(r.exit, 2) << bad;
    EXPECT_THAT(r.err, HasSubstr("a quantile key must be a number between 0 and 1")) << bad;
  }
}

TEST(ContractErrorsTest, CountOptionsRefuseNegativesAndHugeValues) {
  // size_t options read "-1" as 2^64 - 1: unbounded examples, or every row sampled.
  const std::string contract = temp_file("count_opts.yaml", "columns:\n  id: {type: integer}\n");
  const std::string data = temp_file("count_opts.csv", "id\n1\n");
  for (const char* bad : {"--max-examples=-1", "--max-examples=1001", "--max-examples=x"}) {
    RunResult r = run({"check", data, "--contract", contract, bad});
    EXPECT_EQ(r.exit, 2) << bad << r.out;
    EXPECT_THAT(r.err, HasSubstr("--max-examples")) << bad;
  }
  EXPECT_EQ(run({"check", data, "--contract", contract, "--max-examples=1000"}).exit, 0);
  RunResult rows = run({"infer", data, "--sample-rows=-1"});
  EXPECT_EQ(rows.exit, 2) << rows.out;
  EXPECT_THAT(rows.err, HasSubstr("--sample-rows"));
  EXPECT_EQ(run({"infer", data, "--sample-rows=1"}).exit, 0);
}

TEST(ContractErrorsTest, InvalidYaml) {
  RunResult r = check_contract("columns:\n  id: {type: integer\n");
  EXPECT_EQ(r.exit, 2);
  EXPECT_THAT(r.err, HasSubstr("invalid YAML"));
}

TEST(ContractErrorsTest, MissingContractFile) {
  RunResult r = run({"check", temp_file("x.csv", "a\n1\n"), "--contract", "/nonexistent/c.yaml"});
  EXPECT_EQ(r.exit, 2);
  EXPECT_THAT(r.err, HasSubstr("/nonexistent/c.yaml"));
}

TEST(ContractErrorsTest, UnreadableDataIsExit3) {
  std::string c = temp_file("ok.yaml", "columns:\n  a: {type: integer}\n");
  RunResult missing = run({"check", "/nonexistent/data.csv", "--contract", c});
  EXPECT_EQ(missing.exit, 3);
  EXPECT_THAT(missing.err, HasSubstr("data-validate: error: cannot open /nonexistent/data.csv"));
  RunResult ragged = run({"check", temp_file("ragged.csv", "a,b\n1,2\n3\n"), "--contract", c});
  EXPECT_EQ(ragged.exit, 3);
  EXPECT_THAT(ragged.err, HasSubstr("ragged.csv:3: a row has 1 fields, expected 2"));
}

TEST(ContractErrorsTest, UsageErrors) {
  EXPECT_EQ(run({}).exit, 2);
  EXPECT_EQ(run({"validate"}).exit, 2);
  EXPECT_EQ(run({"check", "x.csv"}).exit, 2);                 // no contract
  EXPECT_EQ(run({"check", "--contract", "c.yaml"}).exit, 2);  // no data
  RunResult fail_on = run({"check", "x.csv", "--contract", "c.yaml", "--fail-on", "never"});
  EXPECT_EQ(fail_on.exit, 2);
  EXPECT_EQ(run({"check", "--help"}).exit, 0);
}

// Whatever the output options, a violated contract never exits 0.
TEST(ContractErrorsTest, ViolationNeverExitsZero) {
  std::string contract = "columns:\n  id: {type: integer, max: 0}\n  name: {}\n";
  for (const std::vector<std::string>& extra :
       {std::vector<std::string>{}, {"--quiet"}, {"--no-github"}, {"--max-examples", "0"}}) {
    RunResult r = check_text(contract, "id,name\n1,a\n", extra);
    EXPECT_EQ(r.exit, 1);
  }
}

TEST(ContractTest, Durations) {
  EXPECT_EQ(parse_duration("36h"), 36 * 3600.0);
  EXPECT_EQ(parse_duration("90m"), 5400.0);
  EXPECT_EQ(parse_duration("7d"), 7 * 86400.0);
  EXPECT_EQ(parse_duration("1.5h"), 5400.0);
  EXPECT_EQ(parse_duration("2w"), 14 * 86400.0);
  EXPECT_FALSE(parse_duration("h"));
  EXPECT_FALSE(parse_duration("3y"));
  EXPECT_FALSE(parse_duration("-1h"));
  EXPECT_FALSE(parse_duration("infd"));
  EXPECT_FALSE(parse_duration("nanh"));
  EXPECT_FALSE(parse_duration("0s"));
  EXPECT_FALSE(parse_duration("1e308w"));  // finite, but infinite once scaled to seconds
}

}  // namespace
}  // namespace mlops::validate::testing

namespace mlops::validate::testing {
namespace {

// "Billion laughs": aliases that would expand exponentially if copied. yaml-cpp shares aliased
// nodes; the contract reader must refuse the shape at once, not walk 9^9 strings.
TEST(ContractErrorsTest, AliasBombIsRefusedQuickly) {
  // The anchors hide under `description:`, which the contract allows and never reads.
  std::string yaml = "description:\n  a: &a [x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'i'; ++c, ++prev) {
    yaml += "  " + std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) yaml += std::string(i ? ", *" : "*") + prev;
    yaml += "]\n";
  }
  yaml += "columns:\n  name: {allowed: *i}\n";
  RunResult r = check_contract(yaml);
  EXPECT_EQ(r.exit, 2);
  EXPECT_THAT(r.err, ::testing::HasSubstr("expected a string, found a list"));
  EXPECT_THAT(r.err, ::testing::HasSubstr("columns.name.allowed[0]"));
}

}  // namespace
}  // namespace mlops::validate::testing
