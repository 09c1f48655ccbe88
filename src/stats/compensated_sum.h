#pragma once

#include <cmath>

namespace mlops::stats {

// Neumaier's compensated sum: the error stays a few ulps however many terms are added.
class CompensatedSum {
 public:
  void add(double x) {
    double t = s_ + x;
    c_ += std::abs(s_) >= std::abs(x) ? (s_ - t) + x : (x - t) + s_;
    s_ = t;
  }
  double value() const { return s_ + c_; }

 private:
  double s_ = 0;
  double c_ = 0;
};

}  // namespace mlops::stats
