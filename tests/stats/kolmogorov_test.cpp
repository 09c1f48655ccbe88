#include "stats/kolmogorov.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <vector>

#include "stats/drift_stats.h"

// Expected values, as each test says: SciPy's own test suite (scipy/special/tests/
// test_kolmogorov.py, scipy/stats/tests/test_distributions.py TestKSTwo, scipy/stats/tests/
// test_stats.py TestKSTwoSamples, as shipped in SciPy 1.10.1), the ks_2samp docstring, closed
// forms, brute-force enumeration written here, and "mpmath": values computed for this test with
// mpmath 1.3.0 at 50 digits from the published formulas (the Birnbaum-Tingey sum for smirnov;
// Durbin's matrix, Marsaglia-Tsang-Wang 2003, for the exact two-sided CDF), and exact
// two-sample KS p-values computed for this test in Python's arbitrary-precision integers
// (lattice path counts, or the Gnedenko-Korolyuk sum for equal sizes). Where SciPy's method
// is itself an approximation (Pelz-Good), or SciPy falls back from its exact method, the
// reference is SciPy 1.10.1's own output (Debian's python3-scipy), said so at the test.
namespace mlops::stats {
namespace {

void ExpectClose(double got, double want, double rtol, double atol = 0) {
  EXPECT_NEAR(got, want, atol + rtol * std::fabs(want)) << "want " << want;
}

// ---- smirnov_sf: scipy.special.smirnov ----

TEST(SmirnovTest, NanAndOutsideDomain) {
  // test_kolmogorov.py TestSmirnov.test_nan; n == 0 and d outside [0, 1] are _smirnov's NaN.
  EXPECT_TRUE(std::isnan(smirnov_sf(1, std::nan(""))));
  EXPECT_TRUE(std::isnan(smirnov_sf(0, 0.5)));
  EXPECT_TRUE(std::isnan(smirnov_sf(5, -0.1)));
  EXPECT_TRUE(std::isnan(smirnov_sf(5, 1.1)));
}

TEST(SmirnovTest, EndpointsMatchScipyTests) {
  // test_kolmogorov.py TestSmirnov.test_x_equals_0 and test_x_equals_1.
  for (std::uint64_t n : {2, 3, 7, 19, 1010, 1019}) {
    EXPECT_EQ(smirnov_sf(n, 0.0), 1.0) << n;
    EXPECT_EQ(smirnov_sf(n, 1.0), 0.0) << n;
  }
}

TEST(SmirnovTest, BasicTableMatchesScipyTests) {
  // test_kolmogorov.py TestSmirnov.test_basic (rtol 1e-10 there too).
  ExpectClose(smirnov_sf(1, 0.1), 0.9, 1e-10);
  ExpectClose(smirnov_sf(1, 0.875), 0.125, 1e-10);
  ExpectClose(smirnov_sf(2, 0.875), 0.125 * 0.125, 1e-10);
  ExpectClose(smirnov_sf(3, 0.875), 0.125 * 0.125 * 0.125, 1e-10);
}

TEST(SmirnovTest, HalfMatchesScipyTable) {
  // test_kolmogorov.py TestSmirnov.test_x_equals_0point5, n = 1..10 (values to 12 digits).
  const double want[] = {0.5,
                         0.25,
                         0.166666666667,
                         0.09375,
                         0.056,
                         0.0327932098765,
                         0.0191958707681,
                         0.0112953186035,
                         0.00661933257355,
                         0.003888705};
  for (std::uint64_t n = 1; n <= 10; ++n) ExpectClose(smirnov_sf(n, 0.5), want[n - 1], 1e-10);
}

TEST(SmirnovTest, SmallSamplesHaveClosedForms) {
  // test_kolmogorov.py test_n_equals_1/2/3: 1 - x; (1 - x)^2 on [0.5, 1]; (1 - x)^3 on
  // [0.7, 1]. For n = 2 and x <= 1/2 the Birnbaum-Tingey sum has two terms:
  // (1 - x)^2 + 2x (1/2 - x) = 1 - x - x^2.
  for (int i = 0; i <= 100; ++i) {
    const double x1 = i / 100.0, x2 = 0.5 + i / 200.0, x0 = i / 200.0;
    ExpectClose(smirnov_sf(1, x1), 1 - x1, 1e-10);
    ExpectClose(smirnov_sf(2, x2), (1 - x2) * (1 - x2), 1e-10, 1e-300);
    ExpectClose(smirnov_sf(2, x0), 1 - x0 - x0 * x0, 1e-12);
  }
  for (int i = 0; i <= 30; ++i) {
    const double x = 0.7 + i / 100.0;
    ExpectClose(smirnov_sf(3, x), std::pow(1 - x, 3), 1e-10, 1e-300);
  }
}

TEST(SmirnovTest, AtMostOneOverNIsOneTermFromTheTop) {
  // For x <= 1/n only v = n lies above n(1 - x): P = 1 - x (1 + x)^(n-1). x = 1/n exactly
  // (n = 4: 1 - 0.25 * 1.25^3 = 0.51171875) is the boundary SciPy special-cases.
  EXPECT_DOUBLE_EQ(smirnov_sf(4, 0.25), 0.51171875);
  for (std::uint64_t n : {5, 100, 5000}) {
    const long double x = 0.5L / n;
    const long double want = 1 - x * std::exp((n - 1) * std::log1p(x));
    ExpectClose(smirnov_sf(n, static_cast<double>(x)), static_cast<double>(want), 1e-14);
  }
}

TEST(SmirnovTest, AtLeastOneMinusOneOverNIsOneTerm) {
  // Only v = 0 remains: P = (1 - x)^n. 1000 at 1 - 1/2000 is test_n_large's 2000^-1000 (= 0).
  ExpectClose(smirnov_sf(10, 0.95), std::pow(0.05, 10), 1e-12);
  ExpectClose(smirnov_sf(4, 0.8), std::pow(0.2, 4), 1e-12);
  EXPECT_EQ(smirnov_sf(1000, 1 - 1.0 / 2000), 0.0);
  EXPECT_EQ(smirnov_sf(1000, 0.9), 0.0);  // below exp(MINLOG), where SciPy returns 0
}

TEST(SmirnovTest, SumsMatchMpmath) {
  // mpmath, Birnbaum-Tingey sum. (100, 0.015) takes SciPy's short upper sum, the rest the
  // lower sum.
  struct Case {
    std::uint64_t n;
    double d, want;
  };
  const Case cases[] = {
      {5, 0.3, 0.34282000000000002538},       {20, 0.2, 0.17718539321046589886},
      {100, 0.1, 0.126590658456281703},       {100, 0.015, 0.94672922209901066377},
      {100, 0.5, 6.0657171859089290446e-24},  {141, 0.3, 4.7306738570692143637e-12},
      {1000, 0.05, 0.0065060373905451658052}, {1000, 0.5, 5.3225864577889098879e-232},
      {10000, 0.01, 0.1344360315187894918}};
  for (const Case& c : cases) ExpectClose(smirnov_sf(c.n, c.d), c.want, 1e-12);
}

// The Birnbaum-Tingey sum in long double, term by term, as the formula reads.
long double birnbaum_tingey(int n, long double x) {
  long double sum = 0, binomial = 1;
  for (int v = 0; v <= static_cast<int>(std::floor(n * (1 - x))); ++v) {
    const long double low = 1 - x - static_cast<long double>(v) / n;
    const long double high = x + static_cast<long double>(v) / n;
    if (low > 0) sum += binomial * std::pow(low, n - v) * std::pow(high, v - 1);
    binomial = binomial * (n - v) / (v + 1);
  }
  return x * sum;
}

TEST(SmirnovTest, SumsMatchTheFormulaForEveryTermCount) {
  // The sum is evaluated two terms at a time: every n from 2 to 80 (odd and even term counts,
  // the lower and SciPy's short upper sum, x on and off the 1/n lattice) against the formula.
  for (int n = 2; n <= 80; ++n) {
    const auto nd = static_cast<double>(n);
    for (double x : {1.5 / nd, 3.0 / nd, 0.37 / std::sqrt(nd), 0.2, 0.31, 0.5, 0.77}) {
      if (x <= 1 / nd || x >= 1 - 1 / nd) continue;  // closed forms, tested above
      SCOPED_TRACE(testing::Message() << "n=" << n << " x=" << x);
      ExpectClose(smirnov_sf(n, x), static_cast<double>(birnbaum_tingey(n, x)), 1e-12);
    }
  }
}

TEST(SmirnovTest, AMillionTermsMatchTheExactSum) {
  // n = 10^6, the largest n SciPy sums (two samples of 2,000,000 values come to it): ~770,000
  // terms. Exact sums computed for this test with Python's decimal at 45 digits,
  // 0.011097879215320433194 and 8.5571834423979143976e-39; SciPy 1.10.1 gives
  // smirnov 0.011097879215320433 and, for ks_2samp of flights2m's distance columns (2M values
  // each: statistic 0.00662000000000007), 2 smirnov = 1.7114366884795828e-38.
  ExpectClose(smirnov_sf(1000000, 0.0015), 0.011097879215320433194, 1e-12);
  ExpectClose(ks_2samp_p_value(2000000, 2000000, 0.00662000000000007),
              2 * 8.5571834423979143976e-39, 1e-12);
}

TEST(SmirnovTest, AboveAMillionUsesScipysApproximation) {
  // SciPy 1.10.1: special.smirnov(2000000, x), i.e. exp(-(6nx + 1)^2 / 18n).
  ExpectClose(smirnov_sf(2000000, 0.001), 0.018303432023617325, 1e-12);
  ExpectClose(smirnov_sf(2000000, 0.0001), 0.9607253619712706, 1e-12);
  const double n = 2000000, x = 0.001;
  ExpectClose(smirnov_sf(2000000, x), std::exp(-std::pow(6 * n * x + 1, 2) / 18 / n), 1e-14);
}

TEST(SmirnovTest, LargeNApproachesExpMinusTwoASquared) {
  // test_kolmogorov.py test_n_large: smirnov(n, 1/sqrt(n)) ~ exp(-2) (rtol 0.05), and
  // smirnov(n, 0.4) decreases with n.
  for (std::uint64_t n = 1000; n < 5000; n += 1000) {
    ExpectClose(smirnov_sf(n, 1 / std::sqrt(static_cast<double>(n))), std::exp(-2.0), 0.05);
  }
  for (std::uint64_t n = 400; n + 20 < 1100; n += 20) {
    EXPECT_LE(smirnov_sf(n + 20, 0.4), smirnov_sf(n, 0.4)) << n;
  }
}

// ---- kolmogorov_n_sf: scipy.stats.kstwo.sf ----

TEST(KolmogorovNTest, SupportAndNan) {
  // rv_continuous.sf over kstwo's support (0.5/n, 1).
  EXPECT_EQ(kolmogorov_n_sf(10, 0.05), 1.0);
  EXPECT_EQ(kolmogorov_n_sf(10, -1.0), 1.0);
  EXPECT_EQ(kolmogorov_n_sf(10, 1.0), 0.0);
  EXPECT_EQ(kolmogorov_n_sf(10, 2.0), 0.0);
  EXPECT_TRUE(std::isnan(kolmogorov_n_sf(10, std::nan(""))));
  EXPECT_TRUE(std::isnan(kolmogorov_n_sf(0, 0.5)));
}

TEST(KolmogorovNTest, MatchesScipyKsTwoSfTest) {
  // test_distributions.py TestKSTwo.test_sf: at 0, 0.5/n -> 1; 1/n -> 1 - n!/n^n (Ruben-
  // Gambino); 0.5 -> 2 smirnov(n, 0.5); 1 - 1/n -> 2/n^n; 1 -> 0. smirnov(n, 0.5) from
  // test_kolmogorov.py for n <= 10 and mpmath for 100 and 1000.
  const std::uint64_t ns[] = {1, 2, 3, 10, 100, 1000};
  const double twice_smirnov_half[] = {1.0,
                                       0.5,
                                       2 * 0.166666666667,
                                       2 * 0.003888705,
                                       2 * 6.0657171859089290446e-24,
                                       2 * 5.3225864577889098879e-232};
  for (int i = 0; i < 6; ++i) {
    const std::uint64_t n = ns[i];
    const auto nd = static_cast<double>(n);
    SCOPED_TRACE(n);
    EXPECT_EQ(kolmogorov_n_sf(n, 0.0), 1.0);
    EXPECT_EQ(kolmogorov_n_sf(n, 0.5 / nd), 1.0);
    ExpectClose(kolmogorov_n_sf(n, 1 / nd), 1 - std::exp(std::lgamma(nd + 1) - nd * std::log(nd)),
                1e-12);
    ExpectClose(kolmogorov_n_sf(n, 0.5), std::min(twice_smirnov_half[i], 1.0), 1e-10);
    ExpectClose(kolmogorov_n_sf(n, 1 - 1 / nd), std::min(2 * std::pow(nd, -nd), 1.0), 1e-12);
    EXPECT_EQ(kolmogorov_n_sf(n, 1.0), 0.0);
  }
}

TEST(KolmogorovNTest, MatchesSimardLecuyerTable) {
  // test_distributions.py TestKSTwo.test_simard_lecuyer_table1: CDF at x = r log(2)
  // sqrt(pi / 2n), computed there with 500-bit Durbin, printed to 9 digits. The grid covers
  // every method of _kolmogn but the zero tail; at 1e-16 absolute 1 - sf stops resolving the
  // smallest CDFs. Pelz-Good (n >= 200, marked) is an approximation: SciPy's own rtol 1e-5.
  const std::uint64_t ns[] = {10, 50, 100, 200, 500, 1000};
  const double ratios[] = {1.0 / 4, 1.0 / 3, 1.0 / 2, 1, 2, 3};
  const double cdf[6][6] = {{1.92155292e-08, 5.72933228e-05, 2.15233226e-02, 6.31566589e-01,
                             9.97685592e-01, 9.99999942e-01},
                            {2.28096224e-09, 1.99142563e-05, 1.42617934e-02, 5.95345542e-01,
                             9.96177701e-01, 9.99998662e-01},
                            {1.00201886e-09, 1.32673079e-05, 1.24608594e-02, 5.86163220e-01,
                             9.95866877e-01, 9.99998240e-01},
                            {4.93313022e-10, 9.52658029e-06, 1.12123138e-02, 5.79486872e-01,
                             9.95661824e-01, 9.99997964e-01},
                            {2.37049293e-10, 6.85002458e-06, 1.01309221e-02, 5.73427224e-01,
                             9.95491207e-01, 9.99997750e-01},
                            {1.56990874e-10, 5.71738276e-06, 9.59725430e-03, 5.70322692e-01,
                             9.95409545e-01, 9.99997657e-01}};
  const bool pelz_good[6][6] = {{}, {}, {}, {0, 0, 0, 1}, {0, 0, 0, 1}, {0, 0, 1, 1}};
  for (int i = 0; i < 6; ++i) {
    for (int j = 0; j < 6; ++j) {
      const double x = ratios[j] * std::log(2.0) * std::sqrt(std::acos(-1.0) / 2 / ns[i]);
      SCOPED_TRACE(testing::Message() << "n=" << ns[i] << " r=" << ratios[j]);
      ExpectClose(1 - kolmogorov_n_sf(ns[i], x), cdf[i][j], pelz_good[i][j] ? 1e-5 : 5e-9, 1e-16);
    }
  }
}

TEST(KolmogorovNTest, DurbinAndPomeranzMatchMpmath) {
  // mpmath, Durbin's matrix. SciPy takes Durbin's method for n <= 140 with n x^2 <= 0.754693
  // (and for n <= 100000 with n x^1.5 <= 1.4: (200, 0.03)), Pomeranz's for n x^2 <= 4.
  struct Case {
    std::uint64_t n;
    double x, want;
  };
  const Case cases[] = {{10, 0.2, 0.748719039999999943},     {10, 0.25, 0.4841115325},
                        {50, 0.1, 0.66231127046581847509},   {100, 0.08, 0.51821936454806692767},
                        {200, 0.03, 0.99143652471494200685},  // Durbin above
                        {10, 0.45, 0.022891810311718744862},  // Pomeranz below
                        {50, 0.2, 0.031438777769534492054},  {100, 0.15, 0.019839242125646046346},
                        {139, 0.12, 0.033479876537754469613}};
  for (const Case& c : cases) ExpectClose(kolmogorov_n_sf(c.n, c.x), c.want, 1e-12);
  // Just below the n x^2 = 4 cutoff, where 2 smirnov would already be 1e-10 (relative) off; the
  // SF here is 1 - CDF, good to ~1e-16 absolute.
  ExpectClose(kolmogorov_n_sf(100, 0.19), 0.001233992638275710176, 1e-11);
  ExpectClose(kolmogorov_n_sf(50, 0.27), 0.0010387665919698461024, 1e-11);
}

TEST(KolmogorovNTest, PelzGoodIsCloseToExactAndToScipy) {
  // mpmath's exact Durbin values; Pelz-Good itself is within ~3e-8 of them here. For
  // n > 100000, SciPy 1.10.1's kstwo.sf outputs, and the limit: sqrt(n) D_n tends to
  // Kolmogorov's distribution, kolmogorov(1) = 0.26999967167735456 and kolmogorov(0.5) =
  // 0.96394524366487511 (test_kolmogorov.py TestKolmogorov.test_basic), to O(1/sqrt(n)).
  ExpectClose(kolmogorov_n_sf(1000, 0.015), 0.97557973748212444452, 1e-7);
  ExpectClose(kolmogorov_n_sf(5000, 0.006), 0.99331904648897360545, 1e-8);
  ExpectClose(kolmogorov_n_sf(1000000, 0.001), 0.26982107442589376, 1e-12);
  ExpectClose(kolmogorov_n_sf(1000000, 0.0005), 0.9638386310076212, 1e-12);
  ExpectClose(kolmogorov_n_sf(200000, 0.002), 0.39995085369038097, 1e-12);
  ExpectClose(kolmogorov_n_sf(100001, 0.003), 0.32845050055711633, 1e-12);
  ExpectClose(kolmogorov_n_sf(1000000, 0.001), 0.26999967167735456, 1e-3);
  ExpectClose(kolmogorov_n_sf(1000000, 0.0005), 0.96394524366487511, 1e-3);
}

TEST(KolmogorovNTest, RubenGambinoClosedForms) {
  // For 1/2n < x <= 1/n the CDF is n!/n^n (2nx - 1)^n; for x >= 1 - 1/n the SF is
  // 2 (1 - x)^n (Ruben and Gambino 1982, as cited by SciPy).
  ExpectClose(kolmogorov_n_sf(5, 0.15), 1 - 120.0 / 3125 * std::pow(0.5, 5), 1e-14);
  ExpectClose(kolmogorov_n_sf(3, 0.3), 1 - 6.0 / 27 * std::pow(0.8, 3), 1e-14);
  ExpectClose(kolmogorov_n_sf(2, 0.4), 0.82, 1e-14);  // 1 - (2/4) 0.6^2
  EXPECT_EQ(kolmogorov_n_sf(141, 0.9 / 141), 1.0);    // Stirling's branch; the CDF is ~1e-67
  ExpectClose(kolmogorov_n_sf(10, 0.92), 2 * std::pow(0.08, 10), 1e-12);
  ExpectClose(kolmogorov_n_sf(3, 0.7), 2 * std::pow(0.3, 3), 1e-12);
}

TEST(KolmogorovNTest, TwiceSmirnovBranches) {
  // x >= 0.5: the tails cannot both be exceeded (test_kolmogorov.py smirnov(10, 0.5)). For
  // n <= 140 and n x^2 > 4, and for n > 140 and n x^2 >= 2.2, SciPy also takes 2 smirnov (mpmath
  // values); n x^2 >= 370 is 0.
  ExpectClose(kolmogorov_n_sf(10, 0.5), 2 * 0.003888705, 1e-10);
  ExpectClose(kolmogorov_n_sf(100, 0.25), 5.4088717764348473523e-6, 1e-12);
  ExpectClose(kolmogorov_n_sf(1500, 0.11292880151060758), 4.0523902485552025979e-17, 1e-12);
  // From n x^2 = 2.2 SciPy prefers 2 smirnov to 1 - CDF for n > 140, although at (200, 0.1072)
  // it is 7e-7 above the exact SF (0.018649336928, mpmath Durbin): SciPy's value is the target.
  ExpectClose(kolmogorov_n_sf(200, 0.1072), 0.018649350090925278989, 1e-12);
  EXPECT_EQ(kolmogorov_n_sf(10000, 0.2), 0.0);
}

// ---- ks_asymptotic_p_value and ks_2samp_p_value: scipy.stats.ks_2samp, two-sided ----

TEST(KsAsymptoticTest, RoundsEffectiveSizeHalfToEven) {
  // en = mn / (m + n): 5, 5 -> 2.5 -> 2; 7, 7 -> 3.5 -> 4 (np.round). kstwo.sf(0.4, 2) =
  // 0.82 (Ruben-Gambino); kstwo.sf(0.4, 4) = 0.4374 and kstwo.sf(0.4, 3) = 0.594667 (mpmath).
  ExpectClose(ks_asymptotic_p_value(5, 5, 0.4), 0.82, 1e-14);
  ExpectClose(ks_asymptotic_p_value(7, 7, 0.4), 0.43739999999999992937, 1e-12);
  ExpectClose(kolmogorov_n_sf(3, 0.4), 0.59466666666666660509, 1e-12);
  // The order of the sizes does not matter; 1 and 1 round to n = 0, where kstwo is NaN.
  EXPECT_EQ(ks_asymptotic_p_value(3, 8, 0.3), ks_asymptotic_p_value(8, 3, 0.3));
  EXPECT_TRUE(std::isnan(ks_asymptotic_p_value(1, 1, 1.0)));
}

TEST(KsAsymptoticTest, MatchesScipyTestSuite) {
  // test_stats.py TestKSTwoSamples: testMiddlingBoth, testMediumBoth, testLargeBoth (asymp).
  // test_gh11184 (3000, 3001) lists 2.78e-15, checked there only to 1.5e-6; the asymptotic
  // value is 2 smirnov(1500, d) (mpmath).
  EXPECT_EQ(ks_asymptotic_p_value(500, 600, 2000.0 / 500 / 600), 1.0);
  EXPECT_EQ(ks_asymptotic_p_value(1000, 1100, 6600.0 / 1000 / 1100), 1.0);
  ExpectClose(ks_asymptotic_p_value(10000, 11000, 563.0 / 110000), 0.9990660108966576, 1e-12);
  ExpectClose(ks_asymptotic_p_value(3000, 3001, 0.11292880151060758), 4.0523902485552025979e-17,
              1e-12);
}

TEST(Ks2sampTest, EmptySampleThrows) {
  // ks_2samp raises ValueError for empty data (test_stats.py test_argument_checking).
  EXPECT_THROW(ks_2samp_p_value(0, 5, 0.5), std::invalid_argument);
  EXPECT_THROW(ks_2samp_p_value(5, 0, 0.5, KsMethod::asymptotic), std::invalid_argument);
}

TEST(Ks2sampTest, MatchesScipyDocstringExamples) {
  // ks_2samp docstring (SciPy 1.10.1): sizes 100 and 110, D = 0.5454545454545454, p =
  // 7.37417839555191e-15; sizes 105 and 95, D = 0.10927318295739348, p = 0.5438289009927495.
  // (Exact path counts in Python integers give the same two values to all digits.)
  ExpectClose(ks_2samp_p_value(105, 95, 0.10927318295739348), 0.5438289009927495, 1e-9);
  ExpectClose(ks_2samp_p_value(100, 110, 0.5454545454545454), 7.37417839555191e-15, 1e-9);
}

TEST(Ks2sampTest, MatchesScipyTestSuite) {
  // test_stats.py TestKSTwoSamples, two-sided cases (statistic, p-value), auto method.
  struct Case {
    std::uint64_t n1, n2;
    double d, p;
  };
  const Case cases[] = {{1, 1, 1.0, 1.0},  // testSmall
                        {2, 3, 1.0 / 3, 1.0},
                        {2, 3, 2.0 / 3, 0.6},  // testTwoVsThree
                        {2, 4, 2.0 / 4, 14.0 / 15},
                        {2, 4, 3.0 / 4, 6.0 / 15},  // testTwoVsFour
                        {3, 3, 1.0 / 3, 1.0},       // testEqualSizes
                        {100, 100, 3.0 / 100, 0.9999999999962055},
                        {100, 100, 2.0 / 100, 1.0},  // test100_100
                        {100, 110, 232.0 / 1100, 0.015739183865607353},
                        {100, 110, 229.0 / 1100, 0.017803803861026313},  // test100_110
                        {16, 16, 5.0 / 16, 0.4262934613454952},
                        {21, 26, 190.0 / 21 / 26, 0.0919245790168125},        // testRepeatedValues
                        {500, 600, 2000.0 / 500 / 600, 1.0},                  // testMiddlingBoth
                        {1000, 1100, 6600.0 / 1000 / 1100, 1.0},              // testMediumBoth
                        {10000, 11000, 563.0 / 110000, 0.9990660108966576}};  // testLargeBoth
  for (const Case& c : cases) {
    SCOPED_TRACE(testing::Message() << c.n1 << " " << c.n2 << " " << c.d);
    ExpectClose(ks_2samp_p_value(c.n1, c.n2, c.d), c.p, 1e-9);
  }
  // testLargeBoth, method='exact'.
  ExpectClose(ks_2samp_p_value(10000, 11000, 563.0 / 110000, KsMethod::exact), 0.9990456491488628,
              1e-9);
  // testLarge (10000, 110) lists 4.2e-15 and test_gh11184 (exact) 2.78e-15, both checked there
  // only to 1.5e-6, values from before SciPy computed the outside probability directly. The
  // exact values, from lattice path counts in Python integers (computed for this test), are
  // 6.263465662260852e-26 and 3.8479882241272927e-17; SciPy 1.10.1 gives
  // 6.263465662260858e-26 and 3.8479882241272945e-17.
  ExpectClose(ks_2samp_p_value(10000, 110, 55275.0 / 110000), 6.263465662260852e-26, 1e-9);
  ExpectClose(ks_2samp_p_value(3000, 3001, 0.11292880151060758, KsMethod::exact),
              3.8479882241272927e-17, 1e-9);
}

TEST(Ks2sampTest, ExactSmallPValuesHaveFullRelativePrecision) {
  // Equal sizes: the Gnedenko-Korolyuk sum 2 sum_k (-1)^(k-1) C(2n, n - k h) / C(2n, n) in
  // Python integers (computed for this test; SciPy 1.10.1 agrees to 2e-16 relative).
  ExpectClose(ks_2samp_p_value(500, 500, 0.3), 2.978529992974402e-20, 1e-9);
  ExpectClose(ks_2samp_p_value(10000, 10000, 0.05), 2.752219369163908e-11, 1e-9);
  ExpectClose(ks_2samp_p_value(10000, 10000, 0.02), 0.03662861114079254, 1e-9);
  // Fully separated samples: D = 1 for 2 of the C(n + m, n) orderings. 2 / C(210, 100) =
  // 2.8013584335275165e-62 (Python's math.comb); SciPy 1.10.1 gives 2.801358433527517e-62.
  ExpectClose(ks_2samp_p_value(100, 110, 1.0), 2.8013584335275165e-62, 1e-9);
  ExpectClose(ks_2samp_p_value(30, 30, 1.0), 2 / 118264581564861424.0, 1e-9);  // C(60, 30)
}

TEST(Ks2sampTest, ExactFallsBackToAsymptoticWhenItsSumExceedsOne) {
  // _attempt_exact_2kssamp fails when its probability leaves [0, 1], and ks_2samp then returns
  // kstwo.sf(h / lcm, round(m n / (m + n))). For n == m and h = 1 (P(D >= 1/n) = 1) the
  // alternating sum rounds to 1.0000000000000002 for n = 5, 7, 15 but not 6: ks_2samp on
  // interleaved samples {0, 2, ..., 2n - 2} and {1, 3, ..., 2n - 1} gives, in SciPy 1.10.1,
  // 1.0 (warning), 0.9999999999999998, 0.9999609537692629 (warning), 0.9999999999990623
  // (warning).
  EXPECT_GT(ks_exact_p_value(7, 7, 1.0 / 7), 1.0);
  ExpectClose(ks_exact_p_value(7, 7, 1.0 / 7), 1.0, 1e-15);
  EXPECT_EQ(ks_2samp_p_value(5, 5, 1.0 / 5), 1.0);
  ExpectClose(ks_2samp_p_value(6, 6, 1.0 / 6), 0.9999999999999998, 1e-15);
  EXPECT_EQ(ks_2samp_p_value(7, 7, 1.0 / 7), ks_asymptotic_p_value(7, 7, 1.0 / 7));
  ExpectClose(ks_2samp_p_value(7, 7, 1.0 / 7), 0.9999609537692629, 1e-12);
  ExpectClose(ks_2samp_p_value(15, 15, 1.0 / 15), 0.9999999999990623, 1e-12);
}

TEST(Ks2sampTest, AutomaticIsExactUpToTenThousand) {
  // SciPy's MAX_AUTO_N: exact when max(n1, n2) <= 10000, asymptotic above. The two differ at
  // these sizes, so equality shows which one ran.
  const double d = 0.3;
  const double exact = ks_2samp_p_value(10000, 10, d, KsMethod::exact);
  EXPECT_NE(exact, ks_2samp_p_value(10000, 10, d, KsMethod::asymptotic));
  EXPECT_EQ(ks_2samp_p_value(10000, 10, d), exact);
  EXPECT_EQ(ks_2samp_p_value(10001, 10, d), ks_asymptotic_p_value(10001, 10, d));
  EXPECT_NE(ks_2samp_p_value(10001, 10, d), ks_2samp_p_value(10001, 10, d, KsMethod::exact));
  // 100 and 110: the exact value above, not the asymptotic one.
  EXPECT_GT(std::fabs(ks_asymptotic_p_value(100, 110, 232.0 / 1100) - 0.015739183865607353), 1e-4);
}

TEST(Ks2sampTest, ExactFallsBackWhenLcmExceedsInt32) {
  // ks_2samp(method='exact') switches to asymp when n1/g >= INT32_MAX / (n2/g).
  EXPECT_EQ(ks_2samp_p_value(50000, 50001, 0.01, KsMethod::exact),
            ks_asymptotic_p_value(50000, 50001, 0.01));
}

// P(D >= h / lcm) by listing every choice of which n1 of the n1 + n2 ranks are sample 1.
double brute_force_p(int n1, int n2, std::int64_t h) {
  const int g = std::gcd(n1, n2);
  int total = 0, extreme = 0;
  for (unsigned mask = 0; mask < (1u << (n1 + n2)); ++mask) {
    if (__builtin_popcount(mask) != n1) continue;
    ++total;
    std::int64_t i = 0, j = 0, worst = 0;
    for (int k = 0; k < n1 + n2; ++k) {
      ((mask >> k) & 1u) ? ++i : ++j;
      worst = std::max(worst, std::abs(i * n2 - j * n1));  // |i/n1 - j/n2| * n1 n2
    }
    if (worst >= h * g) ++extreme;
  }
  return static_cast<double>(extreme) / total;
}

TEST(Ks2sampTest, ExactRoundsStatisticToLatticeHalfToEven) {
  // _attempt_exact_2kssamp: h = np.round(d * lcm), then P(D >= h / lcm); h == 0 gives 1.
  // Sizes 7 and 5, lcm 35: d * 35 = 10.5 -> 10 and 11.5 -> 12 (ties to even), 0.35 -> 0. The
  // neighbouring lattice points have other p-values, so the rounding direction shows.
  ExpectClose(ks_2samp_p_value(7, 5, 0.3), brute_force_p(7, 5, 10), 1e-12);
  ExpectClose(ks_2samp_p_value(7, 5, 11.5 / 35), brute_force_p(7, 5, 12), 1e-12);
  EXPECT_NE(brute_force_p(7, 5, 10), brute_force_p(7, 5, 11));
  EXPECT_NE(brute_force_p(7, 5, 12), brute_force_p(7, 5, 11));
  ExpectClose(brute_force_p(7, 5, 10), 90.0 / 99, 1e-15);  // 720 of the 792 orderings
  EXPECT_EQ(ks_2samp_p_value(7, 5, 0.01), 1.0);
  // The asymptotic path does not round d.
  EXPECT_EQ(ks_2samp_p_value(7, 5, 0.3, KsMethod::asymptotic), ks_asymptotic_p_value(7, 5, 0.3));
  EXPECT_TRUE(std::isnan(ks_2samp_p_value(7, 5, std::nan(""))));
}

}  // namespace
}  // namespace mlops::stats

namespace mlops::stats {
namespace {

TEST(KolmogorovLimitTest, MatchesScipySpecialKolmogorov) {
  // scipy.special.kolmogorov(y) printed by SciPy 1.10.1 (both series branches and the tails);
  // 1.36 is the textbook 5% critical value (0.0495).
  const std::pair<double, double> cases[] = {
      {0.03, 1.0},
      {0.2, 0.999999999999495},
      {0.5, 0.9639452436648751},
      {0.8, 0.5441424115741981},
      {1.0, 0.26999967167735456},
      {1.0000001, 0.26999956448251405},
      {1.36, 0.049485876755377876},
      {2.0, 0.0006709252557796953},
      {3.0, 3.045995948942526e-08},
      {6.0, 1.0760372320042276e-31},
  };
  for (auto [y, expected] : cases) {
    EXPECT_NEAR(kolmogorov_limit_sf(y), expected, 1e-12 * expected + 1e-15) << y;
  }
}

}  // namespace
}  // namespace mlops::stats
