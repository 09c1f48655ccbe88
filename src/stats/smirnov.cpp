// scipy.special.smirnov and scipy.special.kolmogorov (stats/kolmogorov.h), ported from
// SciPy's xsf/cephes/kolmogorov.h, with the part of xsf/cephes/dd_real.h that smirnov needs.
#include "stats/kolmogorov.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>

namespace mlops::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// ---- Double-double arithmetic, as SciPy's xsf/cephes/dd_real.h (from the qd package). ----
// Only what smirnov needs. The operation order matters for bit-level agreement with SciPy.

struct DD {
  double hi = 0, lo = 0;
};

double quick_two_sum(double a, double b, double& err) {
  const double s = a + b;
  err = b - (s - a);
  return s;
}

double two_sum(double a, double b, double& err) {
  const double s = a + b, c = s - a, d = b - c, e = s - c;
  err = (a - e) + d;
  return s;
}

double two_prod(double a, double b, double& err) {
  const double p = a * b;
  err = std::fma(a, b, -p);
  return p;
}

DD operator+(DD a, DD b) {
  double s2, t2;
  double s1 = two_sum(a.hi, b.hi, s2);
  const double t1 = two_sum(a.lo, b.lo, t2);
  s2 += t1;
  s1 = quick_two_sum(s1, s2, s2);
  s2 += t2;
  s1 = quick_two_sum(s1, s2, s2);
  return {s1, s2};
}

DD operator+(DD a, double b) {
  double s2;
  double s1 = two_sum(a.hi, b, s2);
  s2 += a.lo;
  s1 = quick_two_sum(s1, s2, s2);
  return {s1, s2};
}

DD operator-(DD a, double b) { return a + -b; }

DD operator*(DD a, DD b) {
  double p2;
  double p1 = two_prod(a.hi, b.hi, p2);
  p2 += a.hi * b.lo + a.lo * b.hi;
  p1 = quick_two_sum(p1, p2, p2);
  return {p1, p2};
}

DD operator*(DD a, double b) {
  double e1, e2;
  double p1 = two_prod(a.hi, b, e1);
  const double p2 = two_prod(a.lo, b, e2);
  p1 = quick_two_sum(p1, e2 + p2 + e1, e1);
  return {p1, e1};
}

DD operator*(double a, DD b) { return b * a; }

DD operator-(DD a, DD b) { return a + DD{-b.hi, -b.lo}; }

DD operator/(DD a, DD b) {
  double q1 = a.hi / b.hi;
  DD r = a - b * q1;
  double q2 = r.hi / b.hi;
  r = r - b * q2;
  const double q3 = r.hi / b.hi;
  q1 = quick_two_sum(q1, q2, q2);
  return DD{q1, q2} + q3;
}

DD operator/(DD a, double b) { return a / DD{b, 0}; }

bool is_zero(DD a) { return a.hi == 0 && a.lo == 0; }

DD dd_floor(DD a) {
  double hi = std::floor(a.hi), lo = 0;
  if (hi == a.hi) {
    lo = std::floor(a.lo);
    hi = quick_two_sum(hi, lo, lo);
  }
  return {hi, lo};
}

DD dd_ldexp(DD a, int e) { return {std::ldexp(a.hi, e), std::ldexp(a.lo, e)}; }

// Returns b with 0.5 <= |b.hi| < 1 (or |b.hi| == 1 with b.lo of the other sign), a = b 2^e.
DD dd_frexp(DD a, int& e) {
  double man = std::frexp(a.hi, &e);
  double b1 = std::ldexp(a.lo, -e);
  if (std::fabs(man) == 0.5 && man * b1 < 0) {
    man *= 2;
    b1 *= 2;
    e -= 1;
  }
  return {man, b1};
}

// ---- scipy.special.smirnov: xsf/cephes/kolmogorov.h, _smirnov() and its helpers. ----

constexpr std::int64_t kSmirnovMaxComputeN = 1000000;
constexpr std::int64_t kSmUpperMaxTerms = 3;
constexpr std::int64_t kSmUpperSumMinN = 10;
constexpr int kSmMaxExponent = 960;
constexpr double kMinLog = -7.451332191019412076235E2;  // cephes MINLOG, log(2^-1075)

DD pow_dd(DD a, std::int64_t m) {
  if (m <= 0) return m == 0 ? DD{1, 0} : DD{1, 0} / pow_dd(a, -m);
  if (is_zero(a)) return {};
  const auto md = static_cast<double>(m);
  const double ans = std::pow(a.hi, md);
  const double r = a.lo / a.hi;
  double adj = md * r;
  if (std::fabs(adj) > 1e-8) {
    adj = std::fabs(adj) < 1e-4 ? adj + (md * r) * ((md - 1) / 2.0 * r)
                                : std::expm1(md * std::log1p(r));
  }
  return DD{ans, 0} + ans * adj;
}

// ((a + b) / (c + d))^m.
DD pow4_dd(double a, double b, double c, double d, std::int64_t m) {
  if (m <= 0) return m == 0 ? DD{1, 0} : pow4_dd(c, d, a, b, -m);
  const DD num = DD{a, 0} + b, den = DD{c, 0} + d;
  if (is_zero(num)) return is_zero(den) ? DD{kNaN, kNaN} : DD{};
  constexpr double kInf = std::numeric_limits<double>::infinity();
  if (is_zero(den)) return num.hi < 0 ? DD{-kInf, 0} : DD{kInf, 0};
  return pow_dd(num / den, m);
}

double next_power_of_2(double x) {
  const double q = std::ldexp(x, 1 - DBL_MANT_DIG);
  double l = std::fabs(q + x);
  if (l == 0) return std::fabs(x);
  const int lint = static_cast<int>(l);
  return lint == l ? lint : l;
}

// a^m as a significand and a binary exponent, so that the terms of the sum cannot underflow.
DD pow_scaled(DD a, int m, int& exponent) {
  if (m <= 0) {
    if (m == 0) {
      exponent = 0;
      return {1, 0};
    }
    int e1, e2;
    const DD ans = dd_frexp(DD{1, 0} / pow_scaled(a, -m, e1), e2);
    exponent = -e1 + e2;
    return ans;
  }
  int ye;
  const DD y = dd_frexp(a, ye);
  if (m == 1) {
    exponent = ye;
    return y;
  }
  int max_expt = kSmMaxExponent;
  if (m * (y.hi - 1) / y.hi < -kSmMaxExponent * std::numbers::ln2) {
    const double lg2y = std::log(y.hi) / std::numbers::ln2;
    if (m * lg2y <= -kSmMaxExponent) {
      max_expt = static_cast<int>(next_power_of_2(-kSmMaxExponent / lg2y + 1) / 2);
    }
  }
  int ans_e;
  if (m <= max_expt) {
    const DD ans = dd_frexp(pow_dd(y, m), ans_e);
    exponent = ans_e + m * ye;
    return ans;
  }
  const int q = m / max_expt, r = m % max_expt;
  int y2r_e, y2m_e, y2mq_e;
  const DD y2r = pow_scaled(y, r, y2r_e);
  const DD y2m = pow_scaled(y, max_expt, y2m_e);
  const DD y2mq = pow_scaled(y2m, q, y2mq_e);
  const DD ans = dd_frexp(y2r * y2mq, ans_e);
  exponent = ans_e + (y2mq_e + y2m_e * q) + y2r_e + m * ye;
  return ans;
}

// The binomial coefficient C(n, j) kept as significand * 2^exponent; advances it to C(n, j+1).
void update_binomial(DD& man, int& expt, int n, int j) {
  int e;
  man = dd_frexp(man * (DD{static_cast<double>(n - j), 0} / (j + 1.0)), e);
  expt += e;
}

// A_v(n, x) = C(n, v) (1 - x - v/n)^(n-v) (x + v/n)^(v-1).
DD smirnov_term(int n, double x, int v, DD c_man, int c_expt) {
  const auto nd = static_cast<double>(n);
  int t1_e, t2_e;
  const DD t2 = pow_scaled(DD{static_cast<double>(n - v), 0} / nd - x, n - v, t2_e);
  const DD t1 = pow_scaled(DD{static_cast<double>(v), 0} / nd + x, v - 1, t1_e);
  return dd_ldexp(t1 * t2 * c_man, c_expt + t1_e + t2_e);
}

// The Birnbaum-Tingey sum for 1/n < x < 1 - 1/n and n <= kSmirnovMaxComputeN. nxfl and alpha
// are floor(n x) and its remainder. The upper sum (alternating) is used only when it is short.
double smirnov_sum(int n, double x, std::int64_t nxfl, double alpha) {
  std::int64_t n1mxfl = n - nxfl - (alpha == 0 ? 0 : 1), n1mxceil = n - nxfl;
  if (alpha == 0) {  // the last term, where x + v/n == 1, belongs to neither sum
    n1mxfl -= 1;
    n1mxceil += 1;
  }
  const std::int64_t n_upper_terms = n - n1mxceil + 1;
  const bool upper = (n_upper_terms <= 1 && x < 0.5) ||
                     (n >= kSmUpperSumMinN && n_upper_terms <= kSmUpperMaxTerms &&
                      x <= 0.5 / std::sqrt(static_cast<double>(n)));
  int start = 0, step = 1;
  auto n_terms = static_cast<int>(n1mxfl + 1);
  DD aj, sum;
  if (upper) {
    start = n;
    step = -1;
    n_terms = static_cast<int>(n - n1mxceil + 1);
    aj = pow4_dd(1, x, 1, 0, n - 1);
  } else {
    aj = pow4_dd(1, -x, 1, 0, n) / x;
  }
  sum = sum + aj;
  DD c_man{1, 0};
  int c_expt = 0;
  update_binomial(c_man, c_expt, n, 0);
  for (int j = 1; j < n_terms; ++j) {
    aj = smirnov_term(n, x, start + j * step, c_man, c_expt);
    if (std::isfinite(aj.hi) && !is_zero(aj)) sum = sum + aj;
    if (!is_zero(aj)) {
      if (4.0 * (n_terms - j) * std::fabs(aj.hi) < DBL_EPSILON * sum.hi && j != n_terms - 1) {
        break;
      }
    } else if (j > n / 2) {
      break;
    }
    update_binomial(c_man, c_expt, n, j);
  }
  const double prob = (x * sum).hi;
  return std::clamp(step < 0 ? 1 - prob : prob, 0.0, 1.0);
}

}  // namespace

double smirnov_sf(std::uint64_t n_in, double x) {
  if (std::isnan(x) || !(n_in > 0 && x >= 0.0 && x <= 1.0)) return kNaN;
  if (n_in == 1) return 1 - x;
  if (x == 0.0) return 1.0;
  if (x == 1.0) return 0.0;
  const auto n = static_cast<std::int64_t>(n_in);
  const auto nd = static_cast<double>(n);
  // floor(n x) and its remainder computed exactly; a remainder rounding to 1 carries.
  const DD nx_dd = DD{x, 0} * nd;
  const DD nx_floor = dd_floor(nx_dd);
  double alpha = (nx_dd - nx_floor).hi;
  auto nxfl = static_cast<std::int64_t>(nx_floor.hi);
  if (alpha == 1) {
    nxfl += 1;
    alpha = 0;
  }
  if (nxfl == 0 || (nxfl == 1 && alpha == 0)) {  // x <= 1/n
    return 1 - x * pow_dd(DD{1, 0} + x, n - 1).hi;
  }
  if (-2 * nd * x * x < kMinLog) return 0.0;
  if (nxfl >= n - 1) return pow_dd(DD{1, 0} + -x, n).hi;  // x >= 1 - 1/n
  if (n > kSmirnovMaxComputeN) {
    const double logp = -std::pow(6.0 * nd * x + 1, 2) / 18.0 / nd;
    const double cdf = -std::expm1(logp);
    return logp < -std::numbers::ln2 ? std::exp(logp) : 1 - cdf;
  }
  return smirnov_sum(static_cast<int>(n), x, nxfl, alpha);
}

double kolmogorov_limit_sf(double y) {
  if (std::isnan(y)) return kNaN;
  if (y <= 0.040611972203751713) return 1.0;  // the CDF underflows below this (cephes)
  if (y <= 1.0) {
    // Jacobi theta form of the CDF, which converges fast for small y.
    const double w = std::numbers::pi * std::numbers::pi / (8 * y * y);
    double cdf = 0;
    for (int k = 1; k <= 9; k += 2) cdf += std::exp(-static_cast<double>(k * k) * w);
    return 1.0 - std::sqrt(2 * std::numbers::pi) / y * cdf;
  }
  double sf = 0;
  for (int k = 1; k <= 20; ++k) {
    const double term = std::exp(-2.0 * k * k * y * y);
    sf += (k % 2 == 1 ? 2.0 : -2.0) * term;
    if (term < 1e-300) break;
  }
  return std::clamp(sf, 0.0, 1.0);
}

}  // namespace mlops::stats
