#pragma once

#include <cstddef>
#include <limits>
#include <span>
#include <vector>

// What canary-eval's judges do to a sample before judging it: NaN handling, Kayenta's outlier
// removal, and the summary every report shows.
namespace mlops::canary {

// n, mean, median and 95th percentile (linear interpolation) of the values a judge used, and
// how many were dropped on the way.
struct SampleSummary {
  std::size_t n = 0;
  std::size_t non_finite = 0;  // NaN or +-inf values removed or replaced by 0
  std::size_t outliers = 0;    // removed by remove_outliers
  double mean = std::numeric_limits<double>::quiet_NaN();
  double median = std::numeric_limits<double>::quiet_NaN();
  double p95 = std::numeric_limits<double>::quiet_NaN();
};

// The finite values of `input`, with NaN and +-inf removed, or replaced by 0 when `replace`;
// how many there were goes to `non_finite`.
std::vector<double> finite_values(std::span<const double> input, bool replace,
                                  std::size_t& non_finite);

// Kayenta's IQRDetector(factor, reduceSensitivity = true) with Transforms.removeOutliers:
// drops the values outside [min(p1, Q1 - factor IQR), max(p99, Q3 + factor IQR)] (quantiles by
// linear interpolation, stats/quantile.h). Returns how many it dropped.
std::size_t remove_outliers(std::vector<double>& values, double factor);

// n, mean (Commons Math's StatUtils.mean), median and p95 of `values` into `out`; the
// statistics stay NaN when there is no value.
void summarize(const std::vector<double>& values, SampleSummary& out);

std::vector<double> sorted_copy(const std::vector<double>& values);

}  // namespace mlops::canary
