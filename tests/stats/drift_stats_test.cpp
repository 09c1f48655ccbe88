#include "stats/drift_stats.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <numeric>
#include <stdexcept>
#include <utility>
#include <vector>

// Expected values: SciPy's documentation examples (cited per test), closed forms, brute-force
// enumeration and exact integer path counting, written independently in the test.
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

void ExpectRelative(double got, double want, double rtol) {
  EXPECT_NEAR(got, want, rtol * std::fabs(want)) << "want " << want;
}

// Pascal's triangle up to row `rows`, exact in 64 bits while C(rows, rows / 2) < 2^64.
std::vector<std::vector<std::uint64_t>> binomials(int rows) {
  std::vector<std::vector<std::uint64_t>> c(rows + 1);
  for (int r = 0; r <= rows; ++r) {
    c[r].assign(r + 1, 1);
    for (int k = 1; k < r; ++k) c[r][k] = c[r - 1][k - 1] + c[r - 1][k];
  }
  return c;
}

// P(D >= h / lcm) as an exact count: the lattice paths from (0, 0) to (n, m) that stay inside
// |i/n - j/m| < h / lcm, i.e. |i m - j n| < h gcd(n, m), subtracted from all C(n + m, n).
double path_count_p(int n, int m, std::int64_t h) {
  const std::int64_t bound = h * std::gcd(n, m);
  std::vector<std::uint64_t> col(m + 1, 0);  // col[j]: inside paths to (i, j)
  for (int i = 0; i <= n; ++i) {
    for (int j = 0; j <= m; ++j) {
      const bool inside = std::abs(std::int64_t{i} * m - std::int64_t{j} * n) < bound;
      const std::uint64_t from_left = i > 0 ? col[j] : 0, from_below = j > 0 ? col[j - 1] : 0;
      col[j] = !inside ? 0 : (i == 0 && j == 0) ? 1 : from_left + from_below;
    }
  }
  const std::uint64_t total = binomials(n + m)[n + m][n];
  return static_cast<double>(total - col[m]) / static_cast<double>(total);
}

TEST(DriftStatsTest, KsExactPValueEqualsEnumeration) {
  for (auto [n, m] : {std::pair{1, 1}, {1, 6}, {3, 3}, {4, 5}, {5, 7}, {6, 6}, {8, 4}, {7, 7}}) {
    for (int num = 1; num <= n * m; ++num) {
      double d = static_cast<double>(num) / (n * m);
      ExpectRelative(ks_exact_p_value(n, m, d), brute_force_p(n, m, d), 1e-12);
    }
  }
}

TEST(DriftStatsTest, KsExactPValueEqualsPathCountDownToTinyP) {
  // Every lattice point for sizes whose C(n + m, n) fits in 64 bits, so the count is exact;
  // the largest h give p = 2 / C(n + m, n), down to 1e-18. SciPy's algorithm carries the
  // outside probability, so relative agreement holds all the way down.
  for (auto [n, m] : {std::pair{30, 35}, {24, 43}, {35, 12}}) {
    const std::int64_t lcm = std::lcm(n, m);
    for (std::int64_t h = 1; h <= lcm; ++h) {
      SCOPED_TRACE(testing::Message() << "n=" << n << " m=" << m << " h=" << h);
      ExpectRelative(ks_exact_p_value(n, m, static_cast<double>(h) / lcm), path_count_p(n, m, h),
                     1e-12);
    }
  }
}

TEST(DriftStatsTest, KsExactPValueEqualSizesMatchesClosedForm) {
  // n = m: P(D >= h / n) = 2 sum_{k >= 1} (-1)^(k-1) C(2n, n - k h) / C(2n, n) (Gnedenko and
  // Korolyuk), summed here in exact integers for n = 30 and every h; h = 30 is 2 / C(60, 30).
  const int n = 30;
  const auto c = binomials(2 * n)[std::size_t{2} * n];
  for (int h = 1; h <= n; ++h) {
    std::int64_t sum = 0;
    for (int k = 1; n - k * h >= 0; ++k) {
      sum += (k % 2 ? 1 : -1) * static_cast<std::int64_t>(c[n - k * h]);
    }
    const double want = 2 * static_cast<double>(sum) / static_cast<double>(c[n]);
    ExpectRelative(ks_exact_p_value(n, n, static_cast<double>(h) / n), want, 1e-12);
  }
  EXPECT_EQ(c[n], 118264581564861424u);
  ExpectRelative(ks_exact_p_value(n, n, 1.0), 2 / 118264581564861424.0, 1e-12);
}

TEST(DriftStatsTest, KsExactPValueFullySeparatedIsTwoOverBinomial) {
  // D = 1 only when one sample lies wholly below the other: 2 of the C(n + m, n) orderings.
  // 2 / C(n + m, n) = 2 prod_{i <= n} i / (m + i), accurate to ~2n ulps.
  for (auto [n, m] : {std::pair{1, 5}, {30, 30}, {100, 110}, {110, 100}, {400, 400}, {300, 200}}) {
    double want = 2;
    for (int i = 1; i <= n; ++i) want *= static_cast<double>(i) / (m + i);
    SCOPED_TRACE(testing::Message() << "n=" << n << " m=" << m);
    ExpectRelative(ks_exact_p_value(n, m, 1.0), want, 1e-12);
  }
}

TEST(DriftStatsTest, KsExactPValueRoundsUpToTheLattice) {
  // Sizes 7 and 5 (lcm 35): D takes values h / 35, and d between two of them means the
  // upper one. d * lcm <= 0 gives 1, beyond lcm 0, NaN NaN.
  EXPECT_EQ(ks_exact_p_value(7, 5, 10.5 / 35), ks_exact_p_value(7, 5, 11.0 / 35));
  ExpectRelative(ks_exact_p_value(7, 5, 10.0 / 35), brute_force_p(7, 5, 10.0 / 35), 1e-12);
  EXPECT_NE(ks_exact_p_value(7, 5, 10.0 / 35), ks_exact_p_value(7, 5, 11.0 / 35));
  EXPECT_EQ(ks_exact_p_value(10, 10, 0), 1.0);
  EXPECT_EQ(ks_exact_p_value(7, 5, -0.5), 1.0);
  EXPECT_EQ(ks_exact_p_value(7, 5, 1.5), 0.0);
  EXPECT_EQ(ks_exact_p_value(7, 7, 1e300), 0.0);
  EXPECT_TRUE(std::isnan(ks_exact_p_value(7, 5, std::nan(""))));
  EXPECT_THROW(ks_exact_p_value(0, 5, 0.5), std::invalid_argument);
}

}  // namespace
}  // namespace mlops::stats
