#include "gate/regression.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <stdexcept>

#include "stats/compensated_sum.h"

namespace mlops::gate {
namespace {

using Sum = stats::CompensatedSum;

}  // namespace

MetricValues regression_metrics(std::span<const double> y, std::span<const double> y_pred,
                                std::span<const double> w) {
  const std::size_t n = y.size();
  if (n == 0) throw std::invalid_argument("regression_metrics: empty input");
  if (y_pred.size() != n || (!w.empty() && w.size() != n)) {
    throw std::invalid_argument("regression_metrics: inputs differ in length");
  }
  constexpr double kEps = std::numeric_limits<double>::epsilon();
  auto weight = [&](std::size_t i) { return w.empty() ? 1.0 : w[i]; };
  Sum total;
  Sum abs_error;
  Sum squared_error;
  Sum relative_error;
  Sum weighted_y;
  bool constant_y = true;
  double first_y = 0;
  bool seen_weighted_row = false;
  for (std::size_t i = 0; i < n; ++i) {
    const double wi = weight(i);
    const double e = y[i] - y_pred[i];
    total.add(wi);
    abs_error.add(wi * std::abs(e));
    squared_error.add(wi * e * e);
    relative_error.add(wi * std::abs(e) / std::max(std::abs(y[i]), kEps));
    weighted_y.add(wi * y[i]);
    if (wi != 0) {
      if (!seen_weighted_row) first_y = y[i];
      constant_y = constant_y && y[i] == first_y;
      seen_weighted_row = true;
    }
  }
  const double sum_w = total.value();
  const double mean_y = weighted_y.value() / sum_w;
  Sum ss_tot;
  if (!constant_y) {
    for (std::size_t i = 0; i < n; ++i) {
      const double d = y[i] - mean_y;
      ss_tot.add(weight(i) * d * d);
    }
  }
  const double ss_res = squared_error.value();
  double r2;
  if (n < 2) {
    r2 = std::numeric_limits<double>::quiet_NaN();
  } else if (ss_res == 0) {
    r2 = 1.0;
  } else if (ss_tot.value() == 0) {
    r2 = 0.0;
  } else {
    r2 = 1 - ss_res / ss_tot.value();
  }
  MetricValues out;
  out["mae"] = abs_error.value() / sum_w;
  out["mse"] = ss_res / sum_w;
  out["rmse"] = std::sqrt(ss_res / sum_w);
  out["mape"] = relative_error.value() / sum_w;
  out["r2"] = r2;
  out["n"] = static_cast<double>(n);
  return out;
}

}  // namespace mlops::gate
