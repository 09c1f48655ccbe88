#pragma once

#include <cstdint>

namespace mlops::stats {

// Kolmogorov-Smirnov distributions and the two-sample KS p-value, computed as SciPy computes
// them so that drift-check's p-values equal SciPy's to 1e-9. One source file per SciPy file
// ported: smirnov.cpp (scipy/special/xsf/cephes/kolmogorov.h: smirnov, kolmogorov), kstwo.cpp
// (scipy/stats/_ksstats.py: kstwo) and ks_2samp.cpp (scipy/stats/_stats_py.py: ks_2samp).

// scipy.special.smirnov(n, d): P(D+_n >= d) for the one-sided one-sample statistic
// D+_n = sup (F(x) - F_n(x)). Exact Birnbaum-Tingey sum in double-double arithmetic, with
// SciPy's closed forms for d <= 1/n and d >= 1 - 1/n and its approximation
// exp(-(6nd + 1)^2 / 18n) for n > 1e6. NaN when n == 0 or d is outside [0, 1].
double smirnov_sf(std::uint64_t n, double d);

namespace detail {
// smirnov_sf with the exact products of its sum taken by Dekker's splitting even where the
// CPU has FMA (which smirnov_sf then uses): for tests, which check that both agree bit for bit.
double smirnov_sf_portable(std::uint64_t n, double d);
}  // namespace detail

// scipy.stats.kstwo.sf(x, n): P(D_n >= x) for the two-sided one-sample statistic
// D_n = sup |F_n(x) - F(x)|, i.e. SciPy's _kolmogn(n, x, cdf=False) behind kstwo's support
// handling (1 for x <= 0.5/n, 0 for x >= 1, NaN when n == 0 or x is NaN). Follows Simard and
// L'Ecuyer's choice of method as SciPy does: Ruben-Gambino closed forms, 2 * smirnov,
// Durbin's matrix (Marsaglia-Tsang-Wang), Pomeranz's recursion or the Pelz-Good series.
double kolmogorov_n_sf(std::uint64_t n, double x);

// What scipy.stats.ks_2samp(method="asymp") returns for the two-sided alternative: with
// m >= n the two sample sizes, kstwo.sf(d, round(m n / (m + n))) clipped to [0, 1], with
// numpy's round-half-to-even. NaN when that rounds to 0 (n1 == n2 == 1), as in SciPy.
double ks_asymptotic_p_value(std::uint64_t n1, std::uint64_t n2, double d);

// scipy.special.kolmogorov(y): P(sqrt(n) D_n >= y) in the limit n -> infinity (Kolmogorov's
// distribution): 1 - sqrt(2 pi)/y sum_{k odd} exp(-k^2 pi^2 / (8 y^2)) for y <= 1, else
// 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 y^2). Constant time; for quick bounds and for statistics
// that are approximate anyway (from sketches), where the exact finite-n value is no better.
double kolmogorov_limit_sf(double y);

enum class KsMethod { automatic, exact, asymptotic };

// The two-sided p-value of scipy.stats.ks_2samp for sample sizes n1, n2 and statistic d.
// automatic: exact when max(n1, n2) <= 10000, else asymptotic. exact: SciPy switches to
// asymptotic when lcm(n1, n2) does not fit in int32; otherwise d is first rounded to the
// lattice h / lcm(n1, n2) (p = 1 when h == 0) and ks_exact_p_value gives P(D >= d); when that
// sum leaves [0, 1] by a rounding error (n1 == n2, p near 1) SciPy falls back to the
// asymptotic value at the rounded d, and so does this.
// Throws std::invalid_argument for an empty sample, as ks_2samp raises ValueError.
double ks_2samp_p_value(std::uint64_t n1, std::uint64_t n2, double d,
                        KsMethod method = KsMethod::automatic);

}  // namespace mlops::stats
