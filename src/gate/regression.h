#pragma once

#include <map>
#include <span>
#include <string>

namespace mlops::gate {

// Metric name -> value; std::map so output order is stable (the same alias as in
// gate/classification.h).
using MetricValues = std::map<std::string, double>;

// Regression metrics equal to scikit-learn 1.5's (to 1e-12 relative, the promise). y: true values;
// y_pred: predictions; w: sample weights, empty = all 1 (integer weights equal repeating rows). The
// caller validates that values and weights are finite and weights >= 0; the only checks here throw
// std::invalid_argument for empty input or mismatched lengths. Sums are compensated (Neumaier).
// Keys:
//   mae  = weighted mean of |y - y_pred|;
//   mse  = weighted mean of (y - y_pred)^2;  rmse = sqrt(mse);
//   mape = weighted mean of |y - y_pred| / max(|y|, eps), eps =
//          std::numeric_limits<double>::epsilon(): a fraction, not a percentage;
//   r2   = 1 - SS_res / SS_tot, SS_res = sum of w (y - y_pred)^2, SS_tot = sum of
//          w (y - weighted mean of y)^2, with sklearn's force_finite: when SS_tot == 0, r2 is
//          1.0 if SS_res == 0 and 0.0 otherwise (also 1.0 whenever SS_res == 0). SS_tot is
//          exactly 0 when every row of non-zero weight has the same y (sklearn's rounded mean
//          can leave a tiny SS_tot there and return a huge negative r2 instead). NaN for fewer
//          than 2 rows, as sklearn;
//   n    = number of rows.
// When every weight is 0 the means are NaN (sklearn raises ZeroDivisionError).
MetricValues regression_metrics(std::span<const double> y, std::span<const double> y_pred,
                                std::span<const double> w);

}  // namespace mlops::gate
