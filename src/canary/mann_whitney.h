#pragma once

#include <limits>
#include <span>

// The location-shift interval and estimate behind canary-eval's Mann-Whitney judge: R's
// wilcox.test(x, y, conf.int = TRUE, exact = FALSE) as Kayenta's MannWhitney.scala ports it
// (sources and the algorithm: canary/judge.h).
namespace mlops::canary {

struct Interval {
  double lower = std::numeric_limits<double>::quiet_NaN();
  double upper = std::numeric_limits<double>::quiet_NaN();
};

struct ShiftEstimate {
  Interval interval;  // lower may exceed upper by up to the root tolerance when both bounds
                      // sit on one step of W (as in Kayenta and R)
  double estimate = std::numeric_limits<double>::quiet_NaN();
};

// The confidence interval and estimate of the location shift experiment - control described in
// step 2 of canary/judge.h. correct = false drops the continuity correction everywhere, which then
// equals R's wilcox.test(..., correct = FALSE) (R itself always estimates without it). When every
// value is tied (both samples constant) sigma is 0 and W is taken as 0, which gives [d, d].
// root_tolerance is R's tol.root. Throws std::invalid_argument for an empty sample, a
// non-finite value, or confidence outside (0, 1).
ShiftEstimate mann_whitney_shift(std::span<const double> experiment,
                                 std::span<const double> control, double confidence,
                                 bool correct = true, double root_tolerance = 1e-4);

}  // namespace mlops::canary
