#include "canary/judge_data.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "stats/quantile.h"

namespace mlops::canary {
namespace {

// Commons Math's StatUtils.mean: the sum over n, corrected by the mean residual.
double mean(const std::vector<double>& values) {
  if (values.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double n = static_cast<double>(values.size());
  const double m = std::accumulate(values.begin(), values.end(), 0.0) / n;
  double residual = 0;
  for (double v : values) residual += v - m;
  return m + residual / n;
}

}  // namespace

std::vector<double> sorted_copy(const std::vector<double>& values) {
  std::vector<double> out = values;
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<double> finite_values(std::span<const double> input, bool replace,
                                  std::size_t& non_finite) {
  std::vector<double> out;
  out.reserve(input.size());
  non_finite = 0;
  for (double v : input) {
    if (std::isfinite(v)) {
      out.push_back(v);
    } else {
      ++non_finite;
      if (replace) out.push_back(0);
    }
  }
  return out;
}

std::size_t remove_outliers(std::vector<double>& values, double factor) {
  if (values.empty()) return 0;
  const std::vector<double> s = sorted_copy(values);
  const double q1 = stats::linear_quantile(s, 0.25), q3 = stats::linear_quantile(s, 0.75);
  const double iqr = q3 - q1;
  const double low = std::min(stats::linear_quantile(s, 0.01), q1 - factor * iqr);
  const double high = std::max(stats::linear_quantile(s, 0.99), q3 + factor * iqr);
  return std::erase_if(values, [&](double v) { return v < low || v > high; });
}

void summarize(const std::vector<double>& values, SampleSummary& out) {
  out.n = values.size();
  if (values.empty()) return;
  const std::vector<double> s = sorted_copy(values);
  out.mean = mean(values);
  out.median = stats::linear_quantile(s, 0.5);
  out.p95 = stats::linear_quantile(s, 0.95);
}

}  // namespace mlops::canary
