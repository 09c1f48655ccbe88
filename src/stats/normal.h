#pragma once

namespace mlops::stats {

// The standard normal quantile Φ⁻¹(p), R's qnorm(p): Wichura's algorithm AS 241 (PPND16,
// Applied Statistics 37 (1988) 477-484), accurate to about 1e-16 relative. -inf at p = 0,
// +inf at p = 1, NaN for p outside [0, 1] (as R).
double normal_quantile(double p);

}  // namespace mlops::stats
