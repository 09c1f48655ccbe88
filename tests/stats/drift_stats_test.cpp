#include "stats/drift_stats.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

// Expected values: SciPy's documentation examples (cited per test), closed forms, and brute-
// force enumeration written independently in the test.
namespace mlops::stats {
namespace {

TEST(DriftStatsTest, WassersteinMatchesScipyDocumentation) {
  // scipy.stats.wasserstein_distance docstring examples.
  std::vector<double> a{0, 1, 3}, b{5, 6, 8};
  EXPECT_NEAR(wasserstein_distance(a, b), 5.0, 1e-12);
  std::vector<double> c{0, 1}, d{0, 1}, cw{3, 1}, dw{2, 2};
  EXPECT_NEAR(wasserstein_distance(c, d, cw, dw), 0.25, 1e-12);
  std::vector<double> e{3.4, 3.9, 7.5, 7.8}, f{4.5, 1.4}, ew{1.4, 0.9, 3.1, 7.2}, fw{3.2, 3.5};
  EXPECT_NEAR(wasserstein_distance(e, f, ew, fw), 4.0781331438047861, 1e-12);
}

TEST(DriftStatsTest, JensenShannonMatchesScipyDocumentation) {
  // scipy.spatial.distance.jensenshannon docstring examples.
  std::vector<double> p{1.0, 0.0, 0.0}, q{0.0, 1.0, 0.0};
  EXPECT_NEAR(jensen_shannon_distance(p, q, 2.0), 1.0, 1e-12);
  std::vector<double> r{1.0, 0.0}, s{0.5, 0.5};
  EXPECT_NEAR(jensen_shannon_distance(r, s), 0.46450140402245893, 1e-12);
  EXPECT_EQ(jensen_shannon_distance(p, p), 0.0);
  // Unnormalised counts are normalised first: (2, 0) vs (1, 1) equals the case above.
  std::vector<double> t{2, 0}, u{1, 1};
  EXPECT_NEAR(jensen_shannon_distance(t, u), 0.46450140402245893, 1e-12);
}

TEST(DriftStatsTest, ChiSquareContingencyMatchesScipyDocumentation) {
  // scipy.stats.chi2_contingency docstring: [[10, 10, 20], [20, 20, 20]].
  ChiSquareResult r = chi2_contingency({{10, 10, 20}, {20, 20, 20}});
  EXPECT_NEAR(r.statistic, 2.7777777777777777, 1e-12);
  EXPECT_NEAR(r.p_value, 0.24935220877729619, 1e-12);
  EXPECT_EQ(r.dof, 2);
  EXPECT_EQ(r.expected, (std::vector<std::vector<double>>{{12, 12, 16}, {18, 18, 24}}));
}

TEST(DriftStatsTest, YatesCorrectionOnTwoByTwo) {
  // [[12, 5], [7, 7]], n = 31: expected [[10.419, 6.581], [8.581, 5.419]] (rows 17, 14;
  // columns 19, 12). |O - E| = 1.5806 everywhere, corrected to 1.0806; the statistic is
  // 1.0806^2 * (1/10.4194 + 1/6.5806 + 1/8.5806 + 1/5.4194), computed here from the same
  // formula independently of the library.
  const double e[4] = {17.0 * 19 / 31, 17.0 * 12 / 31, 14.0 * 19 / 31, 14.0 * 12 / 31};
  const double diff = std::fabs(12 - e[0]) - 0.5;
  double expected = 0;
  for (double x : e) expected += diff * diff / x;
  ChiSquareResult r = chi2_contingency({{12, 5}, {7, 7}});
  EXPECT_EQ(r.dof, 1);
  EXPECT_NEAR(r.statistic, expected, 1e-12);
  // One degree of freedom: P(X > x) = erfc(sqrt(x / 2)).
  EXPECT_NEAR(r.p_value, std::erfc(std::sqrt(expected / 2)), 1e-13);
  EXPECT_NEAR(chi2_contingency({{12, 5}, {7, 7}}, false).statistic,
              std::pow(std::fabs(12 - e[0]), 2) * (1 / e[0] + 1 / e[1] + 1 / e[2] + 1 / e[3]),
              1e-12);
}

TEST(DriftStatsTest, ChiSquareSurvivalClosedForms) {
  for (double x : {0.01, 0.5, 1.0, 3.84, 10.0, 50.0}) {
    EXPECT_NEAR(chi2_sf(x, 2), std::exp(-x / 2), 1e-14 * std::max(1.0, std::exp(-x / 2))) << x;
    EXPECT_NEAR(chi2_sf(x, 1), std::erfc(std::sqrt(x / 2)), 1e-14) << x;
    // k = 4: Q(2, x/2) = exp(-x/2) (1 + x/2).
    EXPECT_NEAR(chi2_sf(x, 4), std::exp(-x / 2) * (1 + x / 2), 1e-14) << x;
  }
  EXPECT_NEAR(chi2_sf(3.841458820694124, 1), 0.05, 1e-12);  // the 5% critical value
}

TEST(DriftStatsTest, KsStatisticByHand) {
  // a = {1, 2, 3, 4}, b = {2.5, 5, 6, 7, 8}: after 4, F_a = 1 and F_b = 1/5, so D = 0.8.
  std::vector<double> a{4, 1, 3, 2}, b{8, 2.5, 7, 6, 5};
  EXPECT_NEAR(ks_statistic(a, b), 0.8, 1e-15);
  std::vector<double> same{1, 2, 3};
  EXPECT_EQ(ks_statistic(same, same), 0.0);
  // Ties across samples: a = {1, 1, 2}, b = {1, 2, 2}: after 1, 2/3 vs 1/3.
  std::vector<double> c{1, 1, 2}, d{1, 2, 2};
  EXPECT_NEAR(ks_statistic(c, d), 1.0 / 3, 1e-15);
}

// P(D >= d) by listing every way to choose which n of the n + m ranks belong to sample 1.
double brute_force_p(int n, int m, double d) {
  int total = 0, extreme = 0;
  for (unsigned mask = 0; mask < (1u << (n + m)); ++mask) {
    if (__builtin_popcount(mask) != n) continue;
    ++total;
    int i = 0, j = 0;
    double stat = 0;
    for (int k = 0; k < n + m; ++k) {
      ((mask >> k) & 1u) ? ++i : ++j;
      stat = std::max(stat, std::fabs(static_cast<double>(i) / n - static_cast<double>(j) / m));
    }
    extreme += stat >= d - 1e-12 ? 1 : 0;
  }
  return static_cast<double>(extreme) / total;
}

TEST(DriftStatsTest, KsExactPValueEqualsEnumeration) {
  for (auto [n, m] : {std::pair{3, 3}, {4, 5}, {5, 7}, {6, 6}, {8, 4}}) {
    for (int num = 1; num <= n * m; ++num) {
      double d = static_cast<double>(num) / (n * m);
      EXPECT_NEAR(ks_exact_p_value(n, m, d), brute_force_p(n, m, d), 1e-12)
          << "n=" << n << " m=" << m << " d=" << d;
    }
  }
  EXPECT_EQ(ks_exact_p_value(10, 10, 0), 1.0);
}

}  // namespace
}  // namespace mlops::stats
