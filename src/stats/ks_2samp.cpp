// The p-value of scipy.stats.ks_2samp (stats/kolmogorov.h), ported from SciPy's
// scipy/stats/_stats_py.py: ks_2samp and _attempt_exact_2kssamp. The exact distribution it
// uses is ks_exact_p_value (stats/drift_stats.h), the asymptotic one kstwo (kstwo.cpp).
#include "stats/kolmogorov.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "stats/drift_stats.h"

namespace mlops::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

double ks_asymptotic_p_value(std::uint64_t n1, std::uint64_t n2, double d) {
  const auto m = static_cast<double>(std::max(n1, n2));
  const auto n = static_cast<double>(std::min(n1, n2));
  const double en = std::nearbyint(m * n / (m + n));  // ties to even, as np.round
  if (!(en >= 1)) return kNaN;                        // kstwo needs n >= 1
  return std::clamp(kolmogorov_n_sf(static_cast<std::uint64_t>(en), d), 0.0, 1.0);
}

double ks_2samp_p_value(std::uint64_t n1, std::uint64_t n2, double d, KsMethod method) {
  if (n1 == 0 || n2 == 0) throw std::invalid_argument("ks_2samp_p_value: empty sample");
  if (std::isnan(d)) return kNaN;
  const std::uint64_t g = std::gcd(n1, n2);
  const std::uint64_t n1g = n1 / g, n2g = n2 / g;
  bool exact = false;
  switch (method) {
    case KsMethod::automatic:
      exact = std::max(n1, n2) <= 10000;
      break;
    case KsMethod::exact:  // SciPy gives up on exact when lcm(n1, n2) would overflow int32
      exact =
          static_cast<double>(n1g) <
          static_cast<double>(std::numeric_limits<std::int32_t>::max()) / static_cast<double>(n2g);
      break;
    case KsMethod::asymptotic:
      break;
  }
  if (!exact) return ks_asymptotic_p_value(n1, n2, d);
  // _attempt_exact_2kssamp: D only takes values h / lcm, so d is rounded to the nearest one.
  const auto lcm = static_cast<double>(n1g * n2);
  const double h = std::nearbyint(d * lcm);
  if (h <= 0) return 1.0;
  // ks_exact_p_value rounds d * lcm up (less a 1e-7 tolerance); any d in ((h-1)/lcm, h/lcm]
  // gives P(D >= h/lcm), and h - 1/4 keeps clear of its tolerance even for lcm near 2^31.
  const double p = ks_exact_p_value(n1, n2, (h - 0.25) / lcm);
  // SciPy gives up on an exact value outside [0, 1] (n1 == n2 with p ~ 1 can overshoot 1 by
  // an ulp) and returns the asymptotic p-value at the rounded d, e.g. 0.99996 for 7, 7, 1/7.
  if (!(p >= 0 && p <= 1)) return ks_asymptotic_p_value(n1, n2, h / lcm);
  return p;
}

}  // namespace mlops::stats
