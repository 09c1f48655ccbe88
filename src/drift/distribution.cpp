#include "drift/distribution.h"

#include <algorithm>
#include <cmath>

#include "stats/compensated_sum.h"
#include "stats/quantile.h"

namespace mlops::drift {
namespace {

// Walks the distinct values of two sorted samples in ascending order. After step(), x is the
// value just passed and wa/wb the cumulative weights of each sample at or below it.
class Sweep {
 public:
  Sweep(const Distribution& a, const Distribution& b) : a_(a), b_(b) {}

  bool done() const { return i_ == a_.values.size() && j_ == b_.values.size(); }

  void step() {
    x = next_value();
    while (i_ < a_.values.size() && a_.values[i_] == x) wa += a_.weight(i_++);
    while (j_ < b_.values.size() && b_.values[j_] == x) wb += b_.weight(j_++);
  }

  // The next distinct value (call only when !done()).
  double next_value() const {
    if (i_ == a_.values.size()) return b_.values[j_];
    if (j_ == b_.values.size()) return a_.values[i_];
    return std::min(a_.values[i_], b_.values[j_]);
  }

  double x = 0, wa = 0, wb = 0;

 private:
  const Distribution& a_;
  const Distribution& b_;
  std::size_t i_ = 0, j_ = 0;
};

}  // namespace

double ks_distance(const Distribution& a, const Distribution& b) {
  if (a.total <= 0 || b.total <= 0) return 0;
  double d = 0;
  // SciPy divides the searchsorted counts by the sample sizes; the same division here gives
  // the same double, which matters when the exact p-value rounds d onto its lattice.
  for (Sweep s(a, b); !s.done();) {
    s.step();
    d = std::max(d, std::abs(s.wa / a.total - s.wb / b.total));
  }
  return d;
}

double wasserstein(const Distribution& a, const Distribution& b) {
  if (a.total <= 0 || b.total <= 0) return 0;
  stats::CompensatedSum sum;
  Sweep s(a, b);
  while (!s.done()) {
    s.step();
    if (s.done()) break;
    double delta = s.next_value() - s.x;
    sum.add(std::abs(s.wa / a.total - s.wb / b.total) * delta);
  }
  return sum.value();
}

std::vector<double> bin_shares(const Distribution& d, std::span<const double> edges) {
  std::vector<double> shares(edges.size() < 2 ? 0 : edges.size() - 1, 0.0);
  if (shares.empty() || d.total <= 0) return shares;
  const bool ascending = std::is_sorted(edges.begin(), edges.end()) && !std::isnan(edges.front()) &&
                         !std::isnan(edges.back());
  if (d.weights.empty() && ascending) {
    // Unit weights: each bin's count is the distance between two binary searches, the same
    // count the loop below adds up one by one (the last bin is closed).
    auto from = std::lower_bound(d.values.begin(), d.values.end(), edges.front());
    for (std::size_t b = 0; b < shares.size(); ++b) {
      const auto to = b + 1 < shares.size() ? std::lower_bound(from, d.values.end(), edges[b + 1])
                                            : std::upper_bound(from, d.values.end(), edges.back());
      shares[b] = static_cast<double>(to - from) / d.total;
      from = to;
    }
    return shares;
  }
  std::size_t bin = 0;
  for (std::size_t i = 0; i < d.values.size(); ++i) {
    double x = d.values[i];
    if (x < edges.front()) continue;
    if (x > edges.back()) break;
    while (bin + 1 < shares.size() && x >= edges[bin + 1]) ++bin;
    shares[bin] += d.weight(i);
  }
  for (double& s : shares) s /= d.total;
  return shares;
}

double cdf(const Distribution& d, double x, bool right) {
  if (d.total <= 0) return 0;
  auto end = right ? std::upper_bound(d.values.begin(), d.values.end(), x)
                   : std::lower_bound(d.values.begin(), d.values.end(), x);
  auto count = static_cast<std::size_t>(end - d.values.begin());
  if (d.weights.empty()) return static_cast<double>(count) / d.total;
  stats::CompensatedSum w;
  for (std::size_t i = 0; i < count; ++i) w.add(d.weights[i]);
  return w.value() / d.total;
}

double quantile(const Distribution& d, double q) {
  if (d.values.empty()) return std::nan("");
  q = std::clamp(q, 0.0, 1.0);
  if (d.weights.empty()) return stats::linear_quantile(d.values, q);
  double target = q * d.total, cumulative = 0;
  for (std::size_t i = 0; i < d.values.size(); ++i) {
    cumulative += d.weights[i];
    if (cumulative >= target) return d.values[i];
  }
  return d.values.back();
}

DistinctCounts distinct_values(const Distribution& a, const Distribution& b) {
  DistinctCounts counts;
  for (Sweep s(a, b); !s.done();) {
    double before = s.wa;
    s.step();
    ++counts.both;
    if (s.wa > before) ++counts.first;
  }
  return counts;
}

MeanStd mean_std(const Distribution& d) {
  if (d.total <= 0) return {std::nan(""), std::nan("")};
  stats::CompensatedSum sum;
  for (std::size_t i = 0; i < d.values.size(); ++i) sum.add(d.values[i] * d.weight(i));
  double mean = sum.value() / d.total;
  stats::CompensatedSum squares;
  for (std::size_t i = 0; i < d.values.size(); ++i) {
    double dev = d.values[i] - mean;
    squares.add(dev * dev * d.weight(i));
  }
  return {mean, std::sqrt(squares.value() / d.total)};
}

}  // namespace mlops::drift
