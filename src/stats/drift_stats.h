#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace mlops::stats {

// Two-sample statistics for drift detection, defined as SciPy defines them (the drift-check
// issue asks for equality with SciPy to 1e-9). Groundwork for drift-check; each function
// documents the SciPy function it follows.

// scipy.stats.wasserstein_distance(u, v, u_weights, v_weights): the area between the two
// empirical CDFs. Empty weights mean equal weights.
double wasserstein_distance(std::span<const double> u, std::span<const double> v,
                            std::span<const double> u_weights = {},
                            std::span<const double> v_weights = {});

// scipy.spatial.distance.jensenshannon(p, q, base): p and q are normalised to sum to 1;
// sqrt((KL(p || m) + KL(q || m)) / 2 / ln(base)) with m = (p + q) / 2. base <= 0 means e.
double jensen_shannon_distance(std::span<const double> p, std::span<const double> q,
                               double base = 0);

struct ChiSquareResult {
  double statistic = 0;
  double p_value = 1;
  int dof = 0;
  std::vector<std::vector<double>> expected;
};

// scipy.stats.chi2_contingency(observed, correction=True): Pearson's chi-square test of
// independence on an r x c table of counts, with Yates' continuity correction when dof == 1.
ChiSquareResult chi2_contingency(const std::vector<std::vector<double>>& observed,
                                 bool correction = true);

// P(X > x) for a chi-square variable with k degrees of freedom (the regularised upper
// incomplete gamma function Q(k/2, x/2)).
double chi2_sf(double x, double k);
// P(X <= x), its complement (the regularised lower incomplete gamma function P(k/2, x/2)),
// with full relative precision when it is small.
double chi2_cdf(double x, double k);

// The two-sample Kolmogorov-Smirnov statistic D = sup |F_a - F_b| (scipy.stats.ks_2samp's
// statistic). Inputs need not be sorted.
double ks_statistic(std::span<const double> a, std::span<const double> b);

// The exact two-sided p-value P(D >= d) of the two-sample KS test for sample sizes n and m
// under the null hypothesis (all orderings equally likely; ties not modelled), computed as
// SciPy's _attempt_exact_2kssamp does (ks_2samp(method="exact")): the outside probability
// directly, so small p-values keep full relative precision. D only takes values h / lcm(n, m);
// d is taken up to the next of them, h = ceil(d lcm - 1e-7); p = 1 when h <= 0, 0 when
// h > lcm, NaN for NaN d. n == m: O(n) time; otherwise O(n m d) time, O(min(n, m) d) memory.
// For n == m the result, like SciPy's, can exceed 1 by a rounding error when P(D >= d) is 1
// or nearly; ks_2samp then uses the asymptotic p-value instead (see ks_2samp_p_value).
double ks_exact_p_value(std::uint64_t n, std::uint64_t m, double d);

}  // namespace mlops::stats
