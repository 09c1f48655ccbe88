#include "stats/quantile.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace mlops::stats {

double linear_quantile(std::span<const double> sorted, double q) {
  // A NaN q would reach static_cast<size_t>(NaN), which is undefined.
  if (!(q >= 0 && q <= 1)) throw std::invalid_argument("linear_quantile: q not in [0, 1]");
  if (sorted.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double h = static_cast<double>(sorted.size() - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double t = h - static_cast<double>(lo);
  const double a = sorted[lo], b = sorted[hi], diff = b - a;
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

}  // namespace mlops::stats
