// scipy.stats.kstwo's survival function (stats/kolmogorov.h, kolmogorov_n_sf), ported from
// SciPy's scipy/stats/_ksstats.py: _kolmogn and the methods it chooses among.
#include "stats/kolmogorov.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numbers>
#include <tuple>
#include <utility>
#include <vector>

namespace mlops::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kPi = std::numbers::pi;

// ---- scipy/stats/_ksstats.py: the CDF P(D_n <= x) by each method of _kolmogn. ----

constexpr int kE128 = 128;
const double kEp128 = std::ldexp(1.0, kE128);
const double kEm128 = std::ldexp(1.0, -kE128);

using Matrix = std::vector<double>;  // square, row-major

Matrix matmul(const Matrix& a, const Matrix& b, std::size_t m) {
  Matrix c(m * m, 0.0);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t k = 0; k < m; ++k) {
      const double aik = a[i * m + k];
      for (std::size_t j = 0; j < m; ++j) c[i * m + j] += aik * b[k * m + j];
    }
  }
  return c;
}

// _kolmogn_DMTW: Durbin's matrix H^n, with Marsaglia-Tsang-Wang's scaling.
double kolmogn_cdf_durbin(std::uint64_t n, double d) {
  if (d >= 1.0) return 1.0;
  const auto nd = static_cast<double>(n) * d;
  if (nd <= 0.5) return 0.0;
  const auto k = static_cast<std::size_t>(std::ceil(nd));
  const double h = static_cast<double>(k) - nd;
  const std::size_t m = 2 * k - 1;
  // v[j] = (1 - h^(j+1)) / (j+1)!, w[j] = 1 / j!
  std::vector<double> v(m), w(m);
  double fac = 1.0;
  for (std::size_t j = 1; j <= m; ++j) {
    w[j - 1] = fac;
    fac /= static_cast<double>(j);
    v[j - 1] = (1.0 - std::pow(h, static_cast<double>(j))) * fac;
  }
  const double md = static_cast<double>(m);
  const double tt = std::pow(std::max(2 * h - 1.0, 0.0), md) - 2 * std::pow(h, md);
  v[m - 1] = (1.0 + tt) * fac;
  Matrix hm(m * m, 0.0);
  for (std::size_t i = 1; i < m; ++i) {
    for (std::size_t r = i - 1; r < m; ++r) hm[r * m + i] = w[r - (i - 1)];
  }
  for (std::size_t r = 0; r < m; ++r) hm[r * m] = v[r];
  for (std::size_t c = 0; c < m; ++c) hm[(m - 1) * m + c] = v[m - 1 - c];

  Matrix pw(m * m, 0.0);
  for (std::size_t i = 0; i < m; ++i) pw[i * m + i] = 1.0;
  int expnt = 0, h_expnt = 0;
  for (std::uint64_t nn = n; nn > 0; nn /= 2) {
    if (nn % 2) {
      pw = matmul(pw, hm, m);
      expnt += h_expnt;
    }
    hm = matmul(hm, hm, m);
    h_expnt *= 2;
    if (std::fabs(hm[(k - 1) * m + (k - 1)]) > kEp128) {
      for (double& e : hm) e /= kEp128;
      h_expnt += kE128;
    }
  }
  // Times n!/n^n. SciPy's 2^128 is a numpy longdouble, so once it rescales, p continues in
  // extended precision; the scaling is exact, and the difference is far below 1e-9.
  double p = pw[(k - 1) * m + (k - 1)];
  const auto n_real = static_cast<double>(n);
  for (std::uint64_t i = 1; i <= n; ++i) {
    p = static_cast<double>(i) * p / n_real;
    if (std::fabs(p) < kEm128) {
      p *= kEp128;
      expnt -= kE128;
    }
  }
  if (expnt != 0) p = std::ldexp(p, expnt);
  return std::clamp(p, 0.0, 1.0);
}

// _pomeranz_compute_j1j2: the range of non-zero entries in row i.
std::pair<std::int64_t, std::int64_t> pomeranz_j1j2(std::int64_t i, std::int64_t n, std::int64_t ll,
                                                    int ceilf, int roundf) {
  std::int64_t j1, j2;
  if (i == 0) {
    j1 = -ll - ceilf - 1;
    j2 = ll + ceilf - 1;
  } else if ((i + 1) % 2 == 0) {
    const std::int64_t half = (i + 1) / 2;
    if (half == n + 1) {
      j1 = n - ll - ceilf - 1;
      j2 = n + ll + ceilf - 1;
    } else {
      j1 = half - 1 - ll - roundf - 1;
      j2 = half + ll - 1 + ceilf - 1;
    }
  } else {
    const std::int64_t half = (i + 1) / 2;
    j1 = half - 1 - ll - 1;
    j2 = half + ll + roundf - 1;
  }
  return {std::max<std::int64_t>(j1 + 2, 0), std::min(j2, n)};
}

// _kolmogn_Pomeranz: each row is the previous one convolved with Poisson-like weights.
double kolmogn_cdf_pomeranz(std::int64_t n, double x) {
  const double t = static_cast<double>(n) * x;
  const auto ll = static_cast<std::int64_t>(std::floor(t));
  const double f = t - static_cast<double>(ll);
  const double g = std::min(f, 1.0 - f);
  const int ceilf = f > 0 ? 1 : 0, roundf = f > 0.5 ? 1 : 0;
  const auto npwrs = static_cast<std::size_t>(2 * (ll + 1));
  // (g/n)^m/m!, (2g/n)^m/m!, ((1-2g)/n)^m/m!
  std::vector<double> gpower(npwrs), twogpower(npwrs), onem2gpower(npwrs);
  gpower[0] = twogpower[0] = onem2gpower[0] = 1.0;
  const auto nd = static_cast<double>(n);
  const double g_over_n = g / nd, two_g_over_n = 2 * g / nd, one_minus_two_g = (1 - 2 * g) / nd;
  for (std::size_t m = 1; m < npwrs; ++m) {
    const auto md = static_cast<double>(m);
    gpower[m] = gpower[m - 1] * g_over_n / md;
    twogpower[m] = twogpower[m - 1] * two_g_over_n / md;
    onem2gpower[m] = onem2gpower[m - 1] * one_minus_two_g / md;
  }
  // v1[idx] holds the entry for column v1s + idx; rows start at their j1, so v0s == k1 below.
  std::vector<double> v0(npwrs, 0.0), v1(npwrs, 0.0), conv;
  v1[0] = 1;
  std::int64_t v0s = 0, v1s = 0;
  int expnt = 0;
  std::int64_t j1, j2;
  std::tie(j1, j2) = pomeranz_j1j2(0, n, ll, ceilf, roundf);
  for (std::int64_t i = 1; i < 2 * n + 2; ++i) {
    const std::int64_t k1 = j1;
    std::swap(v0, v1);
    std::swap(v0s, v1s);
    std::fill(v1.begin(), v1.end(), 0.0);
    std::tie(j1, j2) = pomeranz_j1j2(i, n, ll, ceilf, roundf);
    const std::vector<double>& pwrs =
        (i == 1 || i == 2 * n + 1) ? gpower : (i % 2 ? twogpower : onem2gpower);
    const std::int64_t ln2 = j2 - k1 + 1;
    if (ln2 <= 0) continue;
    // np.convolve(v0[k1 - v0s : k1 - v0s + ln2], pwrs[:ln2]), both slices within the rows.
    const auto off = static_cast<std::size_t>(k1 - v0s);
    const std::size_t la = std::min<std::size_t>(static_cast<std::size_t>(ln2), npwrs - off);
    const std::size_t lb = std::min<std::size_t>(static_cast<std::size_t>(ln2), npwrs);
    conv.assign(la + lb - 1, 0.0);
    for (std::size_t a = 0; a < la; ++a) {
      for (std::size_t b = 0; b < lb; ++b) conv[a + b] += v0[off + a] * pwrs[b];
    }
    const auto conv_start = static_cast<std::size_t>(j1 - k1);
    const auto conv_len = static_cast<std::size_t>(j2 - j1 + 1);
    for (std::size_t c = 0; c < conv_len && conv_start + c < conv.size(); ++c) {
      v1[c] = conv[conv_start + c];
    }
    const double vmax = *std::max_element(v1.begin(), v1.end());
    if (0 < vmax && vmax < kEm128) {
      for (double& e : v1) e *= kEp128;
      expnt -= kE128;
    }
    v1s = v0s + j1 - k1;
  }
  // Times n!. (As in Durbin's method, SciPy continues in longdouble after a rescale.)
  double ans = v1[static_cast<std::size_t>(n - v1s)];
  for (std::int64_t m = 1; m <= n; ++m) {
    if (std::fabs(ans) > kEp128) {
      ans *= kEm128;
      expnt += kE128;
    }
    ans *= static_cast<double>(m);
  }
  if (expnt != 0) ans = std::ldexp(ans, expnt);
  return std::clamp(ans, 0.0, 1.0);
}

// _kolmogn_PelzGood: Li-Chien/Korolyuk's expansion, transformed for small x. Not clipped.
double kolmogn_cdf_pelz_good(std::uint64_t n, double x) {
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  const double pi2 = std::pow(kPi, 2), pi4 = std::pow(kPi, 4), pi6 = std::pow(kPi, 6);
  const double sqrt2pi = std::sqrt(2 * kPi);
  const double z = std::sqrt(static_cast<double>(n)) * x;
  const double z2 = std::pow(z, 2), z3 = std::pow(z, 3), z4 = std::pow(z, 4), z6 = std::pow(z, 6);
  const double qlog = -pi2 / 8 / z2;
  if (qlog < -708) return 0.0;  // z < 0.0417
  double q = std::exp(qlog);

  const double k1a = -z2, k1b = pi2 / 4;
  const double k2a = 6 * z6 + 2 * z4, k2b = (2 * z4 - 5 * z2) * pi2 / 4,
               k2c = pi4 * (1 - 2 * z2) / 16;
  const double k3d = pi6 * (5 - 30 * z2) / 64, k3c = pi4 * (-60 * z2 + 212 * z4) / 16,
               k3b = pi2 * (135 * z4 - 96 * z6) / 4, k3a = -30 * z6 - 90 * std::pow(z, 8);
  double kk[4] = {0, 0, 0, 0};
  // Horner's scheme over odd m = 2k - 1 for sum c_m q^(m^2).
  const auto maxk = static_cast<std::int64_t>(std::ceil(16 * z / kPi));
  for (std::int64_t k = maxk; k > 0; --k) {
    const auto m = static_cast<double>(2 * k - 1);
    const double m2 = m * m, m4 = m2 * m2, m6 = m4 * m2;
    const double qpower = std::pow(q, static_cast<double>(8 * k));
    const double coeffs[4] = {1.0, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4,
                              k3a + k3b * m2 + k3c * m4 + k3d * m6};
    for (int i = 0; i < 4; ++i) kk[i] = kk[i] * qpower + coeffs[i];
  }
  const double denom[4] = {z, 6 * z4, 72 * std::pow(z, 7), 6480 * std::pow(z, 10)};
  for (int i = 0; i < 4; ++i) kk[i] = kk[i] * q * sqrt2pi / denom[i];

  // The terms of K2 and K3 summed over all integers k.
  q = std::exp(-pi2 / 2 / z2);
  const double sqrt3z = std::sqrt(3.0) * z;
  double k2extra = 0, k3extra = 0;
  for (std::int64_t k = maxk; k > 0; --k) {
    const auto ksq = static_cast<double>(k * k);
    const double kspi = kPi * static_cast<double>(k);
    const double qpwer = std::pow(q, ksq);
    k2extra += ksq * qpwer;
    k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksq * qpwer;
  }
  kk[2] += k2extra * (pi2 * sqrt2pi / (-36 * z3));
  kk[3] += k3extra * (pi2 * sqrt2pi / (216 * z6));
  double sum = 0;
  for (int i = 0; i < 4; ++i) sum += kk[i] / std::pow(static_cast<double>(n), i / 2.0);
  return sum;
}

// _log_nfactorial_div_n_pow_n: log(n!/n^n) by Stirling's series.
double log_nfactorial_div_n_pow_n(double n) {
  static constexpr double kStirling[] = {-2.955065359477124183e-2,  6.4102564102564102564e-3,
                                         -1.9175269175269175269e-3, 8.4175084175084175084e-4,
                                         -5.952380952380952381e-4,  7.9365079365079365079e-4,
                                         -2.7777777777777777778e-3, 8.3333333333333333333e-2};
  const double rn = 1.0 / n, x = rn / n;
  double poly = 0;
  for (double c : kStirling) poly = poly * x + c;
  return std::log(n) / 2 - n + std::log(2 * kPi) / 2 + rn * poly;
}

double clip01(double p) { return std::clamp(p, 0.0, 1.0); }

// _kolmogn(n, x, cdf=False).
double kolmogn_sf(std::uint64_t n, double x) {
  if (x >= 1.0) return 0.0;
  if (x <= 0.0) return 1.0;
  const auto nd = static_cast<double>(n);
  const double t = nd * x;
  if (t <= 1.0) {  // Ruben-Gambino: the CDF is n!/n^n (2t - 1)^n
    if (t <= 0.5) return 1.0;
    double prob;
    if (n <= 140) {
      prob = 1.0;
      for (std::uint64_t i = 1; i <= n; ++i)
        prob *= static_cast<double>(i) * (1.0 / nd) * (2 * t - 1);
    } else {
      prob = std::exp(log_nfactorial_div_n_pow_n(nd) + nd * std::log(2 * t - 1));
    }
    return clip01(1.0 - prob);
  }
  if (t >= nd - 1) return clip01(2 * std::pow(1.0 - x, nd));  // Ruben-Gambino
  if (x >= 0.5) return clip01(2 * smirnov_sf(n, x));          // the two tails cannot meet
  const double nxsquared = t * x;
  if (n <= 140) {
    if (nxsquared <= 0.754693) return clip01(1.0 - kolmogn_cdf_durbin(n, x));
    if (nxsquared <= 4) return clip01(1.0 - kolmogn_cdf_pomeranz(static_cast<std::int64_t>(n), x));
    return clip01(2 * smirnov_sf(n, x));
  }
  if (nxsquared >= 370.0) return 0.0;
  if (nxsquared >= 2.2) return clip01(2 * smirnov_sf(n, x));
  // SciPy's cdf-only cutoff nxsquared >= 18 cannot be reached here.
  const double cdf = n <= 100000 && nd * std::pow(x, 1.5) <= 1.4 ? kolmogn_cdf_durbin(n, x)
                                                                 : kolmogn_cdf_pelz_good(n, x);
  return clip01(1.0 - cdf);
}

}  // namespace

double kolmogorov_n_sf(std::uint64_t n, double x) {
  // rv_continuous.sf around kstwo._sf: support (0.5/n, 1).
  if (n == 0 || std::isnan(x)) return kNaN;
  if (x <= 0.5 / static_cast<double>(n)) return 1.0;
  if (x >= 1.0) return 0.0;
  return kolmogn_sf(n, x);
}

}  // namespace mlops::stats
