// The batch path of the contract pass (validate/pass.h: Pass::read_batches, what a Parquet file
// is read by) finds what the row path finds, to each example's line and order: one table read
// row by row and in batches of several sizes (tests/common/served_table.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/served_table.h"
#include "io/table.h"
#include "validate/contract.h"
#include "validate/pass.h"

namespace mlops::validate {
namespace {

// Rules and keys take every column's values row by row (Pass::check_rows); without them a
// column of codes is counted per dictionary entry (Pass::check_by_entry) and a text column
// judged in a loop of its own (Pass::check_texts): both are compared.
const char* kRowChecks = R"(dataset:
  rules:
    - amount < 390
  unique_keys:
    - [code, amount]
)";
const char* kContract = R"(columns:
  code:
    type: string
    nullable: false
    allowed: [a, b, c, zz]
    pattern: '[a-z]+'
  amount:
    type: integer
    min: 0
    max: 400
  x:
    type: number
    min: -5
  zero:
    type: number
  id:
    type: string
    unique: true
  score:
    type: number
    mean: {min: 0, max: 100}
  label:
    type: category
    max_length: 1
)";

constexpr std::size_t kRows = 3000;

// Row r's text in each column (nullopt: null).
testing::Cells table() {
  static const char* codes[] = {"a", "b", "c", "zz", "B"};
  static const char* xs[] = {"1.5", "-2", "nan", "0", "abc"};
  testing::Cells rows;
  for (std::size_t r = 0; r < kRows; ++r) {
    std::vector<std::optional<std::string>> row;
    // Nulls in some batches only: those batches are served as fields.
    row.push_back(r % 997 == 5 ? std::nullopt : std::optional<std::string>(codes[r % 5]));
    row.push_back(std::to_string(static_cast<long>((r * 37) % 500) - 50));
    row.push_back(xs[(r / 3) % 5]);
    row.push_back(r % 2 == 0 ? "0" : "-0");
    row.push_back("id" + std::to_string(r % 2900));
    row.push_back(std::to_string((r * 13) % 101));
    row.push_back(r % 11 == 0 ? "long" : "s");
    rows.push_back(std::move(row));
  }
  return rows;
}

const std::vector<std::string> kColumns = {"code", "amount", "x", "zero", "id", "score", "label"};

struct Found {
  std::vector<ColumnState> columns;
  DatasetState dataset;
};

Found validate(const Contract& contract, std::size_t batch_rows) {
  testing::ServedTable reader(kColumns, table(), batch_rows);
  Pass pass(contract, 50, false);
  FileInfo info;
  pass.read_rows(reader, 0, info);
  EXPECT_EQ(info.rows, kRows);
  return {pass.take_columns(), pass.take_dataset()};
}

void expect_same(const Violations& a, const Violations& b, const std::string& what) {
  EXPECT_EQ(a.count, b.count) << what;
  ASSERT_EQ(a.examples.size(), b.examples.size()) << what;
  for (std::size_t k = 0; k < a.examples.size(); ++k) {
    EXPECT_EQ(a.examples[k].line, b.examples[k].line) << what << " example " << k;
    EXPECT_EQ(a.examples[k].value, b.examples[k].value) << what << " example " << k;
  }
  std::map<std::string, std::uint64_t> va(a.values.begin(), a.values.end());
  std::map<std::string, std::uint64_t> vb(b.values.begin(), b.values.end());
  EXPECT_EQ(va, vb) << what;
}

void expect_same(const Found& rows, const Found& batches) {
  ASSERT_EQ(rows.columns.size(), batches.columns.size());
  for (std::size_t i = 0; i < rows.columns.size(); ++i) {
    const ColumnState& a = rows.columns[i];
    const ColumnState& b = batches.columns[i];
    const std::string what = "column " + kColumns[i];
    EXPECT_EQ(a.rows, b.rows) << what;
    EXPECT_EQ(a.nulls, b.nulls) << what;
    EXPECT_EQ(a.values, b.values) << what;
    EXPECT_EQ(a.lowest, b.lowest) << what;
    EXPECT_EQ(std::signbit(a.lowest), std::signbit(b.lowest)) << what;
    EXPECT_EQ(a.highest, b.highest) << what;
    EXPECT_EQ(std::signbit(a.highest), std::signbit(b.highest)) << what;
    EXPECT_EQ(a.allowed_counts, b.allowed_counts) << what;
    EXPECT_EQ(a.moments.n, b.moments.n) << what;
    EXPECT_EQ(a.moments.mean, b.moments.mean) << what;
    expect_same(a.type, b.type, what + " type");
    expect_same(a.not_null, b.not_null, what + " not_null");
    expect_same(a.min, b.min, what + " min");
    expect_same(a.max, b.max, what + " max");
    expect_same(a.allowed, b.allowed, what + " allowed");
    expect_same(a.pattern, b.pattern, what + " pattern");
    expect_same(a.max_length, b.max_length, what + " max_length");
    expect_same(a.unique, b.unique, what + " unique");
  }
  ASSERT_EQ(rows.dataset.rules.size(), batches.dataset.rules.size());
  for (std::size_t k = 0; k < rows.dataset.rules.size(); ++k) {
    expect_same(rows.dataset.rules[k], batches.dataset.rules[k], "rule");
  }
  EXPECT_EQ(rows.dataset.rule_rows, batches.dataset.rule_rows);
  ASSERT_EQ(rows.dataset.key_duplicates.size(), batches.dataset.key_duplicates.size());
  for (std::size_t k = 0; k < rows.dataset.key_duplicates.size(); ++k) {
    expect_same(rows.dataset.key_duplicates[k], batches.dataset.key_duplicates[k], "key");
  }
  EXPECT_EQ(rows.dataset.key_rows, batches.dataset.key_rows);
}

void expect_batches_find_what_rows_find(const Contract& contract) {
  const Found rows = validate(contract, 0);
  // What the row path finds, counted by hand from table():
  const ColumnState& code = rows.columns[0];
  EXPECT_EQ(code.nulls, 4u);  // rows 5, 1002, 1999, 2996
  EXPECT_EQ(code.not_null.count, 4u);
  EXPECT_EQ(code.allowed.count, 599u);  // "B": rows 4, 9, ... but 1999, a null
  EXPECT_EQ(code.pattern.count, 599u);
  ASSERT_FALSE(code.allowed.examples.empty());
  EXPECT_EQ(code.allowed.examples[0].line, 5u);
  const ColumnState& zero = rows.columns[3];
  EXPECT_TRUE(zero.lowest == 0 && std::signbit(zero.lowest));  // -0, below 0
  EXPECT_TRUE(zero.highest == 0 && !std::signbit(zero.highest));
  EXPECT_EQ(rows.columns[2].nulls, 600u);         // "nan" is a null
  EXPECT_EQ(rows.columns[2].type.count, 600u);    // "abc"
  EXPECT_EQ(rows.columns[4].unique.count, 100u);  // id0..id99 again
  for (std::size_t batch_rows : {1u, 7u, 1024u, 5000u}) {
    SCOPED_TRACE("batches of " + std::to_string(batch_rows));
    expect_same(rows, validate(contract, batch_rows));
  }
}

TEST(PassBatchTest, BatchesFindWhatRowsFind) {
  expect_batches_find_what_rows_find(parse_contract(kContract, "contract.yaml"));
}

TEST(PassBatchTest, BatchesFindWhatRowsFindForRulesAndKeys) {
  const Contract contract = parse_contract(std::string(kRowChecks) + kContract, "contract.yaml");
  ASSERT_EQ(contract.rules.size(), 1u);
  expect_batches_find_what_rows_find(contract);
  const Found rows = validate(contract, 0);
  EXPECT_EQ(rows.dataset.rules[0].count, 360u);  // amount 390..449: 60 of 500 values, 6 times
}

TEST(PassBatchTest, ZeroesMeetInEitherOrderGiveTheSameBounds) {
  ColumnSpec spec;
  spec.type = ColumnType::kNumber;
  ColumnState up(spec), down(spec);
  up.extend(0.0);
  up.extend(-0.0);
  down.extend(-0.0);
  down.extend(0.0);
  for (const ColumnState* st : {&up, &down}) {
    EXPECT_TRUE(std::signbit(st->lowest));
    EXPECT_FALSE(std::signbit(st->highest));
  }
}

}  // namespace
}  // namespace mlops::validate
