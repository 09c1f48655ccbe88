#include "canary/mann_whitney.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "stats/normal.h"
#include "stats/zeroin.h"

namespace mlops::canary {
namespace {

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(what);
}

// The standardized rank-sum statistic W(d) of c(x - d, y) with average ranks for ties, the
// tie-corrected variance and optionally the continuity correction (R's W, Kayenta's
// wilcoxonDiff without the quantile). Buffers are kept across the root finder's calls.
class RankSumStatistic {
 public:
  RankSumStatistic(std::span<const double> x, std::span<const double> y, bool correct)
      : x_(x), y_(y), correct_(correct), values_(x.size() + y.size()), order_(values_.size()) {}

  double operator()(double d) {
    const std::size_t n = x_.size(), total = values_.size();
    for (std::size_t i = 0; i < n; ++i) values_[i] = x_[i] - d;
    std::copy(y_.begin(), y_.end(), values_.begin() + static_cast<std::ptrdiff_t>(n));
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    std::sort(order_.begin(), order_.end(),
              [&](std::size_t a, std::size_t b) { return values_[a] < values_[b]; });
    double x_rank_sum = 0, ties = 0;
    for (std::size_t i = 0; i < total;) {
      std::size_t j = i + 1;
      while (j < total && values_[order_[j]] == values_[order_[i]]) ++j;
      const double rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
      const double t = static_cast<double>(j - i);
      ties += t * t * t - t;
      for (std::size_t k = i; k < j; ++k) {
        if (order_[k] < n) x_rank_sum += rank;
      }
      i = j;
    }
    const double nx = static_cast<double>(n), ny = static_cast<double>(y_.size());
    const double dz = x_rank_sum - nx * (nx + 1) / 2 - nx * ny / 2;
    const double correction = correct_ && dz != 0 ? std::copysign(0.5, dz) : 0;  // sign(dz) / 2
    const double sigma =
        std::sqrt((nx * ny / 12) * ((nx + ny + 1) - ties / ((nx + ny) * (nx + ny - 1))));
    // All values tied: R stops and Kayenta throws. W = 0 (no evidence either way) makes the
    // interval [d, d] when both samples are constant, the limit Kayenta's noise approaches.
    if (!(sigma > 0)) return 0;
    return (dz - correction) / sigma;
  }

 private:
  std::span<const double> x_, y_;
  bool correct_;
  std::vector<double> values_;
  std::vector<std::size_t> order_;
};

}  // namespace

ShiftEstimate mann_whitney_shift(std::span<const double> experiment,
                                 std::span<const double> control, double confidence, bool correct,
                                 double root_tolerance) {
  require(!experiment.empty() && !control.empty(), "mann_whitney_shift: empty sample");
  require(confidence > 0 && confidence < 1, "mann_whitney_shift: confidence must be in (0, 1)");
  const auto finite = [](double v) { return std::isfinite(v); };
  require(std::all_of(experiment.begin(), experiment.end(), finite) &&
              std::all_of(control.begin(), control.end(), finite),
          "mann_whitney_shift: non-finite value");
  const auto [xmin, xmax] = std::minmax_element(experiment.begin(), experiment.end());
  const auto [ymin, ymax] = std::minmax_element(control.begin(), control.end());
  const double mumin = *xmin - *ymax, mumax = *xmax - *ymin;
  RankSumStatistic w(experiment, control, correct);
  const double w_min = w(mumin), w_max = w(mumax);
  // R: root(zq) returns mumin when W(mumin) <= zq (the level cannot be reached below), mumax
  // when W(mumax) >= zq.
  const auto root = [&](double zq) {
    const double f_lower = w_min - zq;
    if (f_lower <= 0) return mumin;
    const double f_upper = w_max - zq;
    if (f_upper >= 0) return mumax;
    return stats::zeroin(
        mumin, mumax, f_lower, f_upper, [&](double d) { return w(d) - zq; }, root_tolerance);
  };
  const double z = stats::normal_quantile((1 - confidence) / 2);  // negative
  ShiftEstimate out;
  out.interval.lower = root(-z);
  out.interval.upper = root(z);
  out.estimate = stats::zeroin(
      mumin, mumax, w_min, w_max, [&](double d) { return w(d); }, root_tolerance);
  return out;
}

}  // namespace mlops::canary
