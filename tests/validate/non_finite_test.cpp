#include <gtest/gtest.h>

#include "run_helpers.h"
#include "validate/typed_value.h"

// NaN text in a numeric column is a missing value (a null) for every check; infinity is a
// number outside every bound; a contract bound or literal is finite (docs/data-validate.md).
namespace mlops::validate::testing {
namespace {

using ::testing::HasSubstr;

// Column x holds NaN in four spellings, inf and -inf; y is the right side of rules.
const char* kData =
    "id,x,y\n"
    "1,1.5,2\n"        // line 2
    "2,nan,2\n"        // line 3
    "3,NaN,2\n"        // line 4 (a default null token too)
    "4,-nan,2\n"       // line 5
    "5,nan(7),2\n"     // line 6
    "6,inf,2\n"        // line 7
    "7,-infinity,2\n"  // line 8
    "8,2.5,2\n";       // line 9

TEST(NonFiniteDataTest, NanIsANullForNullableAndNullFraction) {
  RunResult r = check_text(
      "columns:\n"
      "  id: {type: integer}\n"
      "  x: {type: number, nullable: false, max_null_fraction: 0.25}\n"
      "  y: {type: number}\n",
      kData);
  EXPECT_EQ(r.exit, 1) << r.out << r.err;
  EXPECT_EQ(r.failing("x.nullable"), 4u);
  EXPECT_EQ(r.check("x.nullable").at("examples").at(0).at("line").to_number<int>(), 3);
  EXPECT_EQ(r.check("x.nullable").at("examples").at(0).at("value").as_string(), "nan");
  EXPECT_EQ(r.status("x.max_null_fraction"), "fail");  // 4 of 8
  EXPECT_EQ(r.check("x.max_null_fraction").at("observed").as_string(), "null fraction 0.5");
  EXPECT_EQ(r.failing("x.type"), 0u);  // NaN is not a badly typed value either
}

TEST(NonFiniteDataTest, NanInAnIntegerColumnIsANullToo) {
  RunResult r =
      check_text("columns:\n  id: {type: integer}\n  n: {type: integer, nullable: false}\n",
                 "id,n\n1,5\n2,nan\n3,-NAN\n");
  EXPECT_EQ(r.failing("n.nullable"), 2u);
  EXPECT_EQ(r.failing("n.type"), 0u);
}

TEST(NonFiniteDataTest, InfinityFailsEveryBoundAndNanIsSkippedLikeANull) {
  RunResult r = check_text(
      "columns:\n"
      "  id: {type: integer}\n"
      "  x: {type: number, min: 0}\n"
      "  y: {type: number, max: 10}\n",
      kData);
  EXPECT_EQ(r.exit, 1);
  // inf is above min: 0 and still fails it: no infinite value is within a bound.
  EXPECT_EQ(r.failing("x.min"), 2u);
  EXPECT_EQ(r.check("x.min").at("examples").at(0).at("value").as_string(), "inf");
  EXPECT_EQ(r.check("x.min").at("examples").at(1).at("value").as_string(), "-infinity");
  RunResult m = check_text(
      "columns:\n  id: {type: integer}\n  x: {type: number, max: 100}\n  y: {}\n", kData);
  EXPECT_EQ(m.failing("x.max"), 2u);
}

TEST(NonFiniteDataTest, StatisticsOverInfinityFailTheirRange) {
  RunResult r = check_text(
      "columns:\n"
      "  id: {type: integer}\n"
      "  x: {type: number, mean: {min: 0}, stddev: {min: 0}, quantiles: {1: {min: 0}}}\n"
      "  y: {type: number, mean: {min: 1, max: 3}, stddev: {max: 1}}\n",
      kData);
  EXPECT_EQ(r.exit, 1);
  EXPECT_EQ(r.status("x.mean"), "fail");
  EXPECT_EQ(r.status("x.stddev"), "fail");
  EXPECT_EQ(r.status("x.quantile_1"), "fail");
  EXPECT_EQ(r.status("y.mean"), "pass");  // the NaN rows of x do not touch y
  EXPECT_EQ(r.status("y.stddev"), "pass");
  // Only NaN and finite values: the NaN rows are nulls and the mean is that of 1.5 and 2.5.
  RunResult nan_only = check_text("columns:\n  x: {type: number, mean: {min: 1.9, max: 2.1}}\n",
                                  "x\n1.5\nnan\n2.5\n-nan\n");
  EXPECT_EQ(nan_only.exit, 0) << nan_only.out;
  EXPECT_EQ(nan_only.check("x.mean").at("observed").as_string(), "mean 2");
}

TEST(NonFiniteDataTest, RulesSkipNanAndFailOnInfinity) {
  RunResult r = check_text(
      "columns:\n  id: {type: integer}\n  x: {type: number}\n  y: {type: number}\n"
      "dataset:\n  rules: [x <= y, x >= 0, x != 3]\n",
      kData);
  EXPECT_EQ(r.exit, 1);
  // inf and -infinity (lines 7, 8: an infinite operand breaks any rule) and 2.5 > 2 (line 9).
  EXPECT_EQ(r.failing("dataset.rule(x <= y)"), 3u);
  EXPECT_EQ(r.failing("dataset.rule(x >= 0)"), 2u);  // inf and -infinity
  EXPECT_EQ(r.failing("dataset.rule(x != 3)"), 2u);  // neither is a comparable number
  const auto& ex = r.check("dataset.rule(x <= y)").at("examples").as_array();
  ASSERT_EQ(ex.size(), 3u);
  EXPECT_EQ(ex[1].at("line").to_number<int>(), 8);
  EXPECT_EQ(ex[1].at("value").as_string(), "x=-infinity, y=2");
}

TEST(NonFiniteDataTest, NanTakesNoPartInUniquenessLikeANull) {
  RunResult r = check_text(
      "columns:\n  id: {type: integer}\n  x: {type: number, unique: true}\n"
      "dataset:\n  unique_keys: [[x]]\n",
      "id,x\n1,nan\n2,nan\n3,NaN\n4,1\n");
  EXPECT_EQ(r.exit, 0) << r.out;
  EXPECT_EQ(r.failing("x.unique"), 0u);
  EXPECT_EQ(r.failing("dataset.unique_key(x)"), 0u);
}

TEST(NonFiniteDataTest, NanIsANullEvenWhenTheContractNamesOtherNullTokens) {
  RunResult r = check_text(
      "dataset:\n  format: {null_values: [\"-\"]}\n"
      "columns:\n  x: {type: number, nullable: false, min: 0}\n",
      "x\n1\n-\nNaN\n");
  EXPECT_EQ(r.failing("x.nullable"), 2u);
  EXPECT_EQ(r.failing("x.min"), 0u);
}

TEST(NonFiniteDataTest, IsNanValueOnlyInNumericColumns) {
  EXPECT_TRUE(
      is_nan_value(ColumnType::kNumber, parse_typed(ColumnType::kNumber, "", "nan"), "nan"));
  EXPECT_TRUE(is_nan_value(ColumnType::kInteger, std::nullopt, "-nan"));
  EXPECT_FALSE(is_nan_value(ColumnType::kNumber, 1.0, "1"));
  EXPECT_FALSE(is_nan_value(ColumnType::kString, 0.0, "nan"));
  EXPECT_FALSE(
      is_nan_value(ColumnType::kNumber, parse_typed(ColumnType::kNumber, "", "inf"), "inf"));
}

// The histogram spans the finite values: with infinity in the sample every bin index was
// NaN (undefined behaviour on the cast) and the axis read "-inf" to "inf".
TEST(NonFiniteDataTest, ChartsSpanTheFiniteValues) {
  std::string html = ::testing::TempDir() + "non_finite.html";
  RunResult r =
      check_text("columns:\n  x: {type: number}\n", "x\n1\ninf\n2\n-inf\n", {"--html", html});
  EXPECT_EQ(r.exit, 0) << r.err;
  std::ifstream in(html);
  std::string page((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_THAT(page, HasSubstr("font-size=\"9\">1</text>"));
  EXPECT_THAT(page, HasSubstr("text-anchor=\"end\">2</text>"));
  EXPECT_THAT(page, ::testing::Not(HasSubstr("inf</text>")));
}

TEST(NonFiniteDataTest, InferReadsNanAsNullAndWritesNoInfiniteBound) {
  std::string data = temp_file("infer_non_finite.csv", "x,z\n1,5\nnan,6\ninf,7\n2,nan\n");
  std::string contract = ::testing::TempDir() + "infer_non_finite.yaml";
  RunResult infer = run({"infer", data, "-o", contract});
  ASSERT_EQ(infer.exit, 0) << infer.err;
  RunResult shown = run({"infer", data});
  EXPECT_THAT(shown.out, HasSubstr("  x:\n    type: number\n    max_null_fraction: 0.250"));
  EXPECT_THAT(shown.out, HasSubstr("# no min/max: the sample holds infinite values\n"));
  // As pandas does, integers with NaN become numbers.
  EXPECT_THAT(shown.out, HasSubstr("  z:\n    type: number\n    max_null_fraction: 0.250"));
  EXPECT_THAT(shown.out,
              HasSubstr("    min: 5  # observed minimum\n    max: 7  # observed maximum"));
  RunResult check = run({"check", data, "--contract", contract, "--json", "-"});
  EXPECT_EQ(check.exit, 0) << shown.out << check.out;
}

// --- the contract: every bound, range, literal and duration is finite ---

RunResult check_contract(const std::string& contract) {
  return check_text(contract, "x,d\n1,2024-01-01\n");
}

TEST(NonFiniteContractTest, NonFiniteColumnBoundsAreConfigErrors) {
  for (const char* v : {".nan", ".inf", "-.inf", "nan", "1e400", "-inf", "\"nan\"", "NaN"}) {
    RunResult r = check_contract(std::string("columns:\n  x:\n    type: number\n    min: ") + v +
                                 "\n  d: {type: date}\n");
    EXPECT_EQ(r.exit, 2) << v << r.out;
    EXPECT_THAT(r.err, HasSubstr(".yaml:4:10: expected a finite number value")) << v;
    RunResult i =
        check_contract(std::string("columns:\n  x:\n    type: integer\n    max: {value: ") + v +
                       "}\n  d: {type: date}\n");
    EXPECT_EQ(i.exit, 2) << v << i.out;
    EXPECT_THAT(i.err, HasSubstr(":4:")) << v << i.err;
  }
}

TEST(NonFiniteContractTest, NonFiniteRangesAndFractionsAreConfigErrors) {
  for (const char* v : {".nan", ".inf", "-.inf", "nan", "1e400"}) {
    std::string value(v);
    for (const std::string& body : {"  x: {type: number, mean: {min: " + value + "}}\n",
                                    "  x: {type: number, stddev: {max: " + value + "}}\n",
                                    "  x: {type: number, quantiles: {0.5: {max: " + value + "}}}\n",
                                    "  x: {type: number, max_null_fraction: " + value + "}\n",
                                    "  x: {type: string, max_length: " + value + "}\n"}) {
      RunResult r = check_contract("columns:\n" + body + "  d: {type: date}\n");
      EXPECT_EQ(r.exit, 2) << body << r.out;
      EXPECT_THAT(r.err, HasSubstr(".yaml:2:")) << body << r.err;
    }
    RunResult rows = check_contract(
        "columns:\n  x: {type: number}\n  d: {}\n"
        "dataset:\n  row_count: {min: 1, max: " +
        value + "}\n");
    EXPECT_EQ(rows.exit, 2) << v;
    EXPECT_THAT(rows.err, HasSubstr(".yaml:5:")) << v << rows.err;
  }
}

TEST(NonFiniteContractTest, NanQuantileKeyAndDurationAreConfigErrors) {
  RunResult q =
      check_contract("columns:\n  x: {type: number, quantiles: {nan: {max: 1}}}\n  d: {}\n");
  EXPECT_EQ(q.exit, 2);
  EXPECT_THAT(q.err, HasSubstr("a quantile key must be a number between 0 and 1"));
  for (const char* age : {"nanh", "infd", "1e400s"}) {
    RunResult f =
        check_contract(std::string("columns:\n  x: {}\n  d: {type: date}\ndataset:\n  freshness: "
                                   "{column: d, max_age: ") +
                       age + "}\n");
    EXPECT_EQ(f.exit, 2) << age;
    EXPECT_THAT(f.err, HasSubstr("expected a duration")) << age;
  }
}

TEST(NonFiniteContractTest, NonFiniteRuleLiteralsAreConfigErrors) {
  for (const char* lit : {"nan", "inf", "-inf", ".inf", "1e400"}) {
    RunResult r = check_contract(std::string("columns:\n  x: {type: number}\n  d: {}\n"
                                             "dataset:\n  rules: ['x <= ") +
                                 lit + "']\n");
    EXPECT_EQ(r.exit, 2) << lit << r.out;
    EXPECT_THAT(r.err, HasSubstr(".yaml:5:")) << lit;
    EXPECT_THAT(r.err, HasSubstr("is not a finite number")) << lit << r.err;
  }
}

TEST(StrictContractTest, DuplicateKeyAndSecondDocumentAreConfigErrors) {
  RunResult dup = check_contract("columns:\n  x:\n    type: number\n    min: 0\n    min: 5\n");
  EXPECT_EQ(dup.exit, 2);
  EXPECT_THAT(dup.err, HasSubstr(".yaml:5:5: duplicate key 'min' in 'columns.x' (first at line "
                                 "4, column 5)"));
  RunResult col = check_contract("columns:\n  x: {type: number}\n  x: {type: string}\n");
  EXPECT_EQ(col.exit, 2);
  EXPECT_THAT(col.err, HasSubstr(".yaml:3:3: duplicate key 'x' in 'columns'"));
  RunResult docs = check_contract("columns:\n  x: {type: number}\n---\ncolumns: {}\n");
  EXPECT_EQ(docs.exit, 2);
  EXPECT_THAT(docs.err, HasSubstr(".yaml:3:1: a second YAML document starts here"));
}

// --- a contract that checks nothing ---

TEST(EmptyContractTest, ContractThatChecksNothingIsAConfigError) {
  for (const char* contract :
       {"columns: {}\ndataset: {extra_columns: ignore}\n",
        "columns:\n  x: {required: false}\n  d: {type: string, required: false}\n"
        "dataset: {extra_columns: ignore}\n",
        "columns:\n  x: {type: category, nullable: true, unique: false}\n"
        "dataset: {extra_columns: ignore, missing_columns: ignore}\n"}) {
    RunResult r = check_contract(contract);
    EXPECT_EQ(r.exit, 2) << contract << r.out;
    EXPECT_THAT(r.err, HasSubstr(".yaml:1:1: the contract checks nothing")) << contract;
  }
}

TEST(EmptyContractTest, AnySingleCheckIsEnough) {
  for (const char* contract :
       {"columns:\n  x: {}\ndataset: {extra_columns: ignore}\n",  // x must be present
        "columns: {}\ndataset: {extra_columns: warn}\n",
        "columns:\n  x: {required: false, type: integer}\ndataset: {extra_columns: ignore}\n",
        "columns:\n  x: {required: false, nullable: false}\ndataset: {extra_columns: ignore}\n",
        "columns:\n  x: {required: false}\ndataset: {extra_columns: ignore, row_count: {min: 1}}\n",
        "columns:\n  x: {required: false}\ndataset: {extra_columns: ignore, rules: [x != '']}\n"}) {
    RunResult r = check_contract(contract);
    EXPECT_NE(r.exit, 2) << contract << r.err;
  }
}

// --- a run that evaluated nothing ---

TEST(EmptyContractTest, HeaderWithoutRowsIsExit3UnlessRowCountJudgesIt) {
  RunResult r = check_text("columns:\n  x: {type: number, min: 0}\n", "x\n");
  EXPECT_EQ(r.exit, 3) << r.out;
  EXPECT_THAT(r.err, HasSubstr(".csv: no rows to validate"));
  RunResult allowed =
      check_text("columns:\n  x: {type: number, min: 0}\ndataset:\n  row_count: {min: 0}\n", "x\n");
  EXPECT_EQ(allowed.exit, 0) << allowed.err;
  RunResult refused =
      check_text("columns:\n  x: {type: number, min: 0}\ndataset:\n  row_count: {min: 1}\n", "x\n");
  EXPECT_EQ(refused.exit, 1) << refused.err;
  EXPECT_EQ(refused.status("dataset.row_count"), "fail");
}

TEST(EmptyContractTest, EveryCheckSkippedIsExit3) {
  RunResult r = check_text(
      "columns:\n  x: {type: number, min: 0, required: false}\ndataset: {extra_columns: ignore}\n",
      "y\n1\n");
  EXPECT_EQ(r.exit, 3) << r.out;
  EXPECT_THAT(r.err, HasSubstr("nothing was validated: every column of the contract is absent"));
  // One present column is enough.
  RunResult some = check_text(
      "columns:\n  x: {type: number, min: 0, required: false}\n  y: {type: integer}\n"
      "dataset: {extra_columns: ignore}\n",
      "y\n1\n");
  EXPECT_EQ(some.exit, 0) << some.err;
}

// A present column whose every value is null (here NaN, read as missing) gives its bounds
// nothing to judge: they are reported skipped with "no values", not passed.
TEST(EmptyContractTest, BoundsOnAColumnWithoutValuesAreSkippedNotPassed) {
  RunResult r = check_text("columns:\n  x: {type: number, min: 0, max: 10}\n  y: {type: integer}\n",
                           "x,y\nnan,1\nNaN,2\n,3\n");
  EXPECT_EQ(r.exit, 0) << r.err;
  for (const char* name : {"x.min", "x.max"}) {
    EXPECT_EQ(r.check(name).at("status").as_string(), "skipped") << name;
    EXPECT_THAT(std::string(r.check(name).at("observed").as_string()), HasSubstr("no values"))
        << name;
  }
  EXPECT_EQ(r.check("y.type").at("status").as_string(), "pass");
}

}  // namespace
}  // namespace mlops::validate::testing
