#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "drift/compare.h"
#include "drift/profile.h"

// The tables of counts and shares a column comparison tests and draws (the binning): internal
// to column_test.cpp, in a file of their own to keep that one about running the tests.
namespace mlops::drift::tables {

inline constexpr std::size_t kMaxPictureBins = 60;

// Counts per distinct value of both sides over the union of their values, in value order.
// Categorical columns with values past max_categories end with an "(other values)" entry.
struct ValueTable {
  std::vector<std::string> labels;
  std::vector<double> reference, current;
  std::uint64_t reference_distinct = 0;
};

// The value table of a column, or nullopt for a numeric column with too many values.
std::optional<ValueTable> value_table(const ColumnProfile& r, const ColumnProfile& c);

// Counts divided by their total (all zero when the total is 0).
std::vector<double> shares(const std::vector<double>& counts);

// Evidently's get_binned_data: numeric columns with more than 20 distinct reference values
// are binned on NumPy's "sturges" edges over both samples' range; others have one bin per
// value. Shares are of each side's values.
struct Binned {
  std::vector<double> reference, current;
  std::vector<double> edges;  // empty when one bin per value
  std::vector<std::string> labels;
  double share_error = 0;  // bound on each share from sketches
};
Binned binned(const ColumnProfile& r, const ColumnProfile& c,
              const std::optional<ValueTable>& table);

// Reference and current shares for pictures: the bins, or the largest values as bars with the
// rest as one; empty when there are too many bins to draw (the caller re-bins).
Histogram picture(const Binned& b);

// Reference and current shares for pictures in 30 bins of equal width over both sides' range,
// for a column whose test had too many bins to draw or none at all (empty when every value
// is the same).
Histogram even_picture(const NumericSummary& r, const NumericSummary& c);

// Cramer's V of the 2 x k table (reference and current counts) with Bergsma's (2013) bias
// correction (see tables.cpp).
double cramers_v_corrected(const std::vector<double>& a, const std::vector<double>& b);

// Population stability index over shares with Evidently's zero fill.
double psi_of(std::vector<double> r, std::vector<double> c);

// The shares of a numeric column in `bins` quantile bins of the reference: (-inf, q1],
// (q1, q2], ..., (q_{bins-1}, inf); repeated quantiles merge their bins.
std::pair<std::vector<double>, std::vector<double>> quantile_bins(const NumericSummary& r,
                                                                  const NumericSummary& c,
                                                                  std::size_t bins);

}  // namespace mlops::drift::tables
