#pragma once

#include <boost/json/value.hpp>
#include <cstdint>
#include <string>

#include "drift/config.h"
#include "drift/profile.h"

// Data quality beside drift (docs/drift-check.md "Data quality"): per column, the share of the
// current values the reference never showed - categories it did not have, numbers outside
// its range - with a test of whether that share is more than chance.
namespace mlops::drift {

// One column's data-quality check: "new categories" (categorical columns) or "out of range"
// (numeric ones). The share expected without change is the probability that a value drawn
// from the reference's own distribution is one the reference sample lacks: for categories
// the Good-Turing estimate of unseen mass (reference values seen once / reference values), for
// numbers 2 / (n + 1) (a new draw lies outside the range of n exchangeable ones with that
// probability). p is the one-sided Poisson test of `count` against `expected` x `values`
// (scipy.stats.poisson.sf(count - 1, mu)); the check fails when share >= threshold and
// p < alpha.
struct QualityCheck {
  std::string name;          // "new categories" or "out of range"
  std::uint64_t count = 0;   // current values in it (an upper bound when `bound`)
  std::uint64_t values = 0;  // current values looked at (non-null, finite)
  double share = 0;          // count / values
  double expected = 0;       // share expected without change
  double p_value = 1;
  double threshold = 0;
  bool failed = false;
  // True when count is an upper bound: categories past max_categories were counted only in
  // total, so a current value there may be one the reference had.
  bool bound = false;
  std::string detail;  // the reference range, or the largest new categories with their counts
};

// The check of column `r` (reference) against `c` (current), of the reference's kind.
QualityCheck check_quality(const ColumnProfile& r, const ColumnProfile& c,
                           const DriftConfig& config);

// P(X >= k) for X ~ Poisson(mu): scipy.stats.poisson.sf(k - 1, mu).
double poisson_at_least(std::uint64_t k, double mu);

// "new categories 3.2% (120 of 3750; expected <= 0.5%, p = 0.0001): failed; 'XYZ' 100, ..."
std::string quality_summary(const QualityCheck& q);
// "120 of 3750, expected 0.5%, p = 0.0001" (with "at most " first when `bound`).
std::string quality_facts(const QualityCheck& q);
// The text table's cell: "new categories 3.2%", with ", failed" when it failed.
std::string quality_cell(const QualityCheck& q);
// The JSON report's `quality` of a column: check, count, values, share, expected, p_value,
// threshold, failed, bound, detail.
boost::json::value quality_json(const QualityCheck& q);

}  // namespace mlops::drift
