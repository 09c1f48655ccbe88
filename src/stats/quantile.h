#pragma once

#include <span>

namespace mlops::stats {

// The q-quantile of ascending values by linear interpolation between order statistics:
// NumPy's default method ("linear"), Hyndman and Fan's type 7, R's default. With h = (n - 1) q,
// lo = floor(h) and t = h - lo it is x[lo] + t (x[lo + 1] - x[lo]), evaluated as numpy's
// _lerp does: from the upper end, x[lo + 1] - (1 - t) (x[lo + 1] - x[lo]), when t >= 0.5, so
// the result equals numpy.quantile(x, q) bit for bit. The one home of this rule (drift,
// metric-gate's bootstrap, canary-eval, data-validate's quantiles).
// `sorted` must be ascending (not checked); NaN when it is empty. Throws std::invalid_argument
// when q is not in [0, 1] (NaN included).
double linear_quantile(std::span<const double> sorted, double q);

}  // namespace mlops::stats
