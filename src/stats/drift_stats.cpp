#include "stats/drift_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "stats/compensated_sum.h"

namespace mlops::stats {
namespace {

// Weighted empirical CDF of `values` evaluated just after each point of `at` (sorted).
std::vector<double> cdf_at(std::span<const double> values, std::span<const double> weights,
                           const std::vector<double>& at) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  double total = 0;
  for (std::size_t i = 0; i < values.size(); ++i) total += weights.empty() ? 1.0 : weights[i];
  std::vector<double> out(at.size());
  std::size_t k = 0;
  double cum = 0;
  for (std::size_t i = 0; i < at.size(); ++i) {
    while (k < order.size() && values[order[k]] <= at[i]) {
      cum += weights.empty() ? 1.0 : weights[order[k]];
      ++k;
    }
    out[i] = cum / total;
  }
  return out;
}

// ln Gamma via the standard library; the regularised gamma functions follow Numerical Recipes
// (series for x < a + 1, Lentz's continued fraction otherwise), accurate to ~1e-15 relative.
double gamma_p_series(double a, double x) {
  double sum = 1.0 / a, term = sum, ap = a;
  for (int n = 0; n < 100000; ++n) {
    ap += 1;
    term *= x / ap;
    sum += term;
    if (std::fabs(term) < std::fabs(sum) * 1e-17) break;
  }
  return sum * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

double gamma_q_fraction(double a, double x) {
  constexpr double kTiny = 1e-300;
  double b = x + 1 - a, c = 1 / kTiny, d = 1 / b, h = d;
  for (int i = 1; i < 100000; ++i) {
    double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (std::fabs(d) < kTiny) d = kTiny;
    c = b + an / c;
    if (std::fabs(c) < kTiny) c = kTiny;
    d = 1 / d;
    double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < 1e-17) break;
  }
  return std::exp(-x + a * std::log(x) - std::lgamma(a)) * h;
}

// SciPy's _compute_prob_outside_square(n, h): for two samples of size n, P(D >= h / n) =
// 2 sum_{k >= 1} (-1)^(k-1) C(2n, n - k h) / C(2n, n). The ratio of successive terms is a
// product of h factors, so the sum is taken Horner-fashion, A_0 (1 - A_1 (1 - A_2 (...))):
// O(n), and no cancellation when p is small. May exceed 1 by an ulp or two when p is ~1.
double ks_outside_square(std::int64_t n, std::int64_t h) {
  double p = 0.0;
  for (std::int64_t k = n / h; k >= 0; --k) {
    double ratio = 1.0;
    for (std::int64_t j = 0; j < h; ++j) {
      ratio = static_cast<double>(n - k * h - j) * ratio / static_cast<double>(n + k * h + j + 1);
    }
    p = ratio * (1.0 - p);
  }
  return 2 * p;
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {  // b > 0
  return a >= 0 ? a / b : -((-a + b - 1) / b);
}

std::int64_t ceil_div(std::int64_t a, std::int64_t b) {  // b > 0
  return a >= 0 ? (a + b - 1) / b : -(-a / b);
}

// SciPy's _compute_outer_prob_inside_method(m, n, g, h) (scipy/stats/_stats_pythran.py):
// Viehmann's recursion (arXiv:2102.08037) for the probability that the lattice path of a
// random ordering, from (0, 0) to (m, n), leaves the band |i/m - j/n| < h / lcm. It carries
// P(left) rather than P(inside), so small p-values keep their relative precision. Only the
// band's part of column i is stored, at a[j - minj]; cells above it hold 1 (already left).
// O(m n d) time for d = h / lcm. Every value is a convex combination of numbers in [0, 1]
// with exact integer weights, so, unlike the square case, the result stays within [0, 1].
double ks_outside_band(std::int64_t m, std::int64_t n, std::int64_t h) {
  if (m < n) std::swap(m, n);
  const std::int64_t g = std::gcd(m, n), mg = m / g, ng = n / g;
  std::int64_t minj = 0, maxj = std::min(ceil_div(h, mg), n + 1);
  std::vector<double> a(static_cast<std::size_t>(std::min(2 * maxj + 2, n + 1)), 1.0);
  auto at = [&a](std::int64_t k) -> double& { return a[static_cast<std::size_t>(k)]; };
  std::fill_n(a.begin(), maxj, 0.0);
  for (std::int64_t i = 1; i <= m; ++i) {
    const std::int64_t lastminj = minj, lastlen = maxj - minj;
    minj = std::min(std::max(floor_div(ng * i - h, mg) + 1, std::int64_t{0}), n);
    maxj = std::min(ceil_div(ng * i + h, mg), n + 1);
    if (maxj <= minj) return 1.0;  // the band has closed: every path leaves it
    double below = minj == 0 ? 0.0 : 1.0;
    for (std::int64_t j = minj; j < maxj; ++j) {  // reads stay ahead of writes: minj >= lastminj
      below = (at(j - lastminj) * static_cast<double>(i) + below * static_cast<double>(j)) /
              static_cast<double>(i + j);
      at(j - minj) = below;
    }
    const std::int64_t len = maxj - minj;
    if (lastlen > len) std::fill(a.begin() + len, a.begin() + lastlen, 1.0);
  }
  return at(maxj - minj - 1);
}

}  // namespace

double wasserstein_distance(std::span<const double> u, std::span<const double> v,
                            std::span<const double> u_weights, std::span<const double> v_weights) {
  if (u.empty() || v.empty()) throw std::invalid_argument("wasserstein_distance: empty sample");
  std::vector<double> all(u.begin(), u.end());
  all.insert(all.end(), v.begin(), v.end());
  std::sort(all.begin(), all.end());
  std::vector<double> u_cdf = cdf_at(u, u_weights, all);
  std::vector<double> v_cdf = cdf_at(v, v_weights, all);
  CompensatedSum sum;
  for (std::size_t i = 0; i + 1 < all.size(); ++i) {
    sum.add(std::fabs(u_cdf[i] - v_cdf[i]) * (all[i + 1] - all[i]));
  }
  return sum.value();
}

double jensen_shannon_distance(std::span<const double> p, std::span<const double> q, double base) {
  if (p.size() != q.size() || p.empty()) {
    throw std::invalid_argument("jensen_shannon_distance: vectors of different or zero length");
  }
  double sp = std::accumulate(p.begin(), p.end(), 0.0);
  double sq = std::accumulate(q.begin(), q.end(), 0.0);
  // rel_entr(x, y) = x ln(x / y), 0 when x == 0.
  auto rel_entr = [](double x, double y) { return x > 0 ? x * std::log(x / y) : 0.0; };
  CompensatedSum js;
  for (std::size_t i = 0; i < p.size(); ++i) {
    double pi = p[i] / sp, qi = q[i] / sq, m = (pi + qi) / 2;
    js.add(rel_entr(pi, m) + rel_entr(qi, m));
  }
  double v = js.value() / 2;
  if (base > 0) v /= std::log(base);
  return std::sqrt(std::max(v, 0.0));
}

double chi2_sf(double x, double k) {
  if (x <= 0) return 1.0;
  double a = k / 2, h = x / 2;
  return h < a + 1 ? 1 - gamma_p_series(a, h) : gamma_q_fraction(a, h);
}

double chi2_cdf(double x, double k) {
  if (x <= 0) return 0.0;
  double a = k / 2, h = x / 2;
  return h < a + 1 ? gamma_p_series(a, h) : 1 - gamma_q_fraction(a, h);
}

ChiSquareResult chi2_contingency(const std::vector<std::vector<double>>& observed,
                                 bool correction) {
  const std::size_t r = observed.size();
  const std::size_t c = r ? observed[0].size() : 0;
  if (r == 0 || c == 0) throw std::invalid_argument("chi2_contingency: empty table");
  std::vector<double> rows(r, 0), cols(c, 0);
  double total = 0;
  for (std::size_t i = 0; i < r; ++i) {
    if (observed[i].size() != c) throw std::invalid_argument("chi2_contingency: ragged table");
    for (std::size_t j = 0; j < c; ++j) {
      rows[i] += observed[i][j];
      cols[j] += observed[i][j];
      total += observed[i][j];
    }
  }
  ChiSquareResult res;
  res.expected.assign(r, std::vector<double>(c));
  for (std::size_t i = 0; i < r; ++i) {
    for (std::size_t j = 0; j < c; ++j) {
      res.expected[i][j] = rows[i] * cols[j] / total;
      if (res.expected[i][j] == 0) {
        throw std::invalid_argument("chi2_contingency: a row or column sums to zero");
      }
    }
  }
  res.dof = static_cast<int>((r - 1) * (c - 1));
  if (res.dof == 0) {
    res.statistic = 0;
    res.p_value = 1;
    return res;
  }
  CompensatedSum stat;
  for (std::size_t i = 0; i < r; ++i) {
    for (std::size_t j = 0; j < c; ++j) {
      double o = observed[i][j], e = res.expected[i][j];
      if (correction && res.dof == 1) {
        // SciPy moves each observed count toward its expectation by at most 0.5.
        double diff = e - o;
        o += std::min(0.5, std::fabs(diff)) * (diff > 0 ? 1 : diff < 0 ? -1 : 0);
      }
      stat.add((o - e) * (o - e) / e);
    }
  }
  res.statistic = stat.value();
  res.p_value = chi2_sf(res.statistic, res.dof);
  return res;
}

double ks_statistic(std::span<const double> a, std::span<const double> b) {
  if (a.empty() || b.empty()) throw std::invalid_argument("ks_statistic: empty sample");
  std::vector<double> x(a.begin(), a.end()), y(b.begin(), b.end());
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  double d = 0;
  std::size_t i = 0, j = 0;
  while (i < x.size() && j < y.size()) {
    double t = std::min(x[i], y[j]);
    while (i < x.size() && x[i] <= t) ++i;
    while (j < y.size() && y[j] <= t) ++j;
    d = std::max(d, std::fabs(static_cast<double>(i) / static_cast<double>(x.size()) -
                              static_cast<double>(j) / static_cast<double>(y.size())));
  }
  return d;
}

double ks_exact_p_value(std::uint64_t n, std::uint64_t m, double d) {
  if (n == 0 || m == 0) throw std::invalid_argument("ks_exact_p_value: empty sample");
  if (std::isnan(d)) return std::numeric_limits<double>::quiet_NaN();
  // Every value of D is a multiple of 1/lcm(n, m), so d * lcm is rounded up to the next one,
  // with a tolerance so that the statistic's own floating-point error cannot move it.
  const std::uint64_t lcm = n / std::gcd(n, m) * m;
  const double h = std::ceil(d * static_cast<double>(lcm) - 1e-7);
  if (h <= 0) return 1.0;
  if (h > static_cast<double>(lcm)) return 0.0;
  const auto hi = static_cast<std::int64_t>(h);
  const auto ni = static_cast<std::int64_t>(n), mi = static_cast<std::int64_t>(m);
  return n == m ? ks_outside_square(ni, hi) : ks_outside_band(ni, mi, hi);
}

}  // namespace mlops::stats
