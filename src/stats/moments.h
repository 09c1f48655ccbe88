#pragma once

#include <cmath>
#include <cstdint>
#include <limits>

namespace mlops::stats {

// Count, mean and variance in one pass (Welford), mergeable (Chan et al.), numerically stable.
struct Moments {
  std::uint64_t n = 0;
  double mean = 0;
  double m2 = 0;

  void add(double x) {
    ++n;
    double d = x - mean;
    mean += d / static_cast<double>(n);
    m2 += d * (x - mean);
  }
  void merge(const Moments& o) {
    if (o.n == 0) return;
    if (n == 0) {
      *this = o;
      return;
    }
    double total = static_cast<double>(n + o.n);
    double d = o.mean - mean;
    mean += d * static_cast<double>(o.n) / total;
    m2 += o.m2 + d * d * static_cast<double>(n) * static_cast<double>(o.n) / total;
    n += o.n;
  }
  // Sample standard deviation (n - 1 in the denominator, like pandas' std()); NaN below 2.
  double stddev() const {
    return n < 2 ? std::numeric_limits<double>::quiet_NaN()
                 : std::sqrt(m2 / static_cast<double>(n - 1));
  }
};

}  // namespace mlops::stats
