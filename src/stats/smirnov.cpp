// scipy.special.smirnov and scipy.special.kolmogorov (stats/kolmogorov.h), ported from
// SciPy's xsf/cephes/kolmogorov.h, with the part of xsf/cephes/dd_real.h that smirnov needs.
// One departure: the powers in the Birnbaum-Tingey sum (see pow_scaled) are taken by squaring
// in double-double, not by pow(): the same terms to ~1e-30 instead of an ulp, far faster.
#include "stats/kolmogorov.h"

#include <algorithm>
#include <bit>
#include <cfloat>
#include <cmath>
#include <cstddef>
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

// ---- scipy.special.smirnov: xsf/cephes/kolmogorov.h, _smirnov() and its helpers. ----

constexpr std::int64_t kSmirnovMaxComputeN = 1000000;
constexpr std::int64_t kSmUpperMaxTerms = 3;
constexpr std::int64_t kSmUpperSumMinN = 10;
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

// ---- Scaled powers: a^m as a significand in [0.5, 1) and a binary exponent. ----
// SciPy's pow_scaled takes a^m from pow() on the high part (with a log1p/expm1 correction for
// the low part), splitting m so that no partial power underflows. Here the power is taken by
// squaring and multiplying in double-double, renormalising after each step: about 2 log2(m)
// products, none of them a libm call, and more accurate than pow() (each product is good to
// ~2^-104, so a term is good to ~1e-30 relative where SciPy's is good to an ulp or two).

// The exact product a b = p + err, by Dekker's splitting: exact for |a|, |b| < 2^995 away from
// underflow, which holds for everything it multiplies here (significands in [1/8, 1), counts up
// to 10^6). std::fma would be exact as well, but on x86-64 without -mfma it is a call into libm.
inline double two_prod_split(double a, double b, double& err) {
  constexpr double kSplitter = 134217729.0;  // 2^27 + 1
  const double p = a * b;
  const double ca = kSplitter * a, a_hi = ca - (ca - a), a_lo = a - a_hi;
  const double cb = kSplitter * b, b_hi = cb - (cb - b), b_lo = b - b_hi;
  err = ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo;
  return p;
}

// a * b in double-double (qd's sloppy product, as cephes multiplies), with two_prod_split.
inline DD mul_split(DD a, DD b) {
  double p2;
  double p1 = two_prod_split(a.hi, b.hi, p2);
  p2 += a.hi * b.lo + a.lo * b.hi;
  p1 = quick_two_sum(p1, p2, p2);
  return {p1, p2};
}

// a * a: mul_split with one split instead of two.
inline DD square_split(DD a) {
  constexpr double kSplitter = 134217729.0;
  const double p = a.hi * a.hi;
  const double c = kSplitter * a.hi, h = c - (c - a.hi), l = a.hi - h;
  double p2 = ((h * h - p) + 2 * h * l) + l * l;
  p2 += 2 * (a.hi * a.lo);
  double lo;
  const double hi = quick_two_sum(p, p2, lo);
  return {hi, lo};
}

// A double-double as significand (|high part| in [0.5, 1)) times 2^exponent.
struct Scaled {
  DD man;
  int exponent = 0;
};

// 2^k for -1022 <= k <= 1023, from its bits.
double exp2i(int k) { return std::bit_cast<double>(static_cast<std::uint64_t>(k + 1023) << 52); }

// Brings a.hi (positive and normal) into [0.5, 1), exactly: frexp without libm.
inline void renormalise(Scaled& a) {
  const int shift = static_cast<int>(std::bit_cast<std::uint64_t>(a.man.hi) >> 52) - 1022;
  const double scale = exp2i(-shift);
  a.man.hi *= scale;
  a.man.lo *= scale;
  a.exponent += shift;
}

// base[i]^m[i] for kLanes powers at once (m[i] >= 0), by right-to-left binary powering: the
// squares y^(2^k) form one chain of products and the result, times the squares whose bit of m
// is set, another; each product is renormalised. The lanes are independent, so a CPU overlaps
// them. A negative base (the upper sum's terms alternate) gives a negative significand for
// odd m.
constexpr int kLanes = 4;
void pow_scaled(const DD (&base)[kLanes], const int (&m)[kLanes], Scaled (&out)[kLanes]) {
  Scaled y[kLanes];
  unsigned bits = 0;
  for (int i = 0; i < kLanes; ++i) {
    const DD a = base[i].hi < 0 ? DD{-base[i].hi, -base[i].lo} : base[i];
    y[i] = {is_zero(a) ? DD{0.5, 0} : a, 0};
    renormalise(y[i]);
    out[i] = {{0.5, 0}, 1};
    bits |= static_cast<unsigned>(m[i]);
  }
  for (unsigned bit = 1; bit <= bits; bit <<= 1) {
    for (int i = 0; i < kLanes; ++i) {
      if (static_cast<unsigned>(m[i]) & bit) {
        out[i].man = mul_split(out[i].man, y[i].man);
        out[i].exponent += y[i].exponent;
        renormalise(out[i]);
      }
      y[i].man = square_split(y[i].man);
      y[i].exponent *= 2;
      renormalise(y[i]);
    }
  }
  for (int i = 0; i < kLanes; ++i) {
    if (m[i] > 0 && is_zero(base[i])) out[i] = {};
    if (base[i].hi < 0 && (m[i] & 1)) out[i].man = {-out[i].man.hi, -out[i].man.lo};
  }
}

// k / d in double-double (k and d integers below 2^53): the quotient and the exact remainder's
// quotient, good to ~2^-106 as SciPy's three-step division is.
DD div_int(double k, double d) {
  const double q1 = k / d;
  double err;
  const double p = two_prod_split(q1, d, err);
  const double q2 = ((k - p) - err) / d;
  double lo;
  const double hi = quick_two_sum(q1, q2, lo);
  return {hi, lo};
}

// The binomial coefficient C(n, j) kept as significand * 2^exponent; advances it to C(n, j+1).
void update_binomial(Scaled& c, int n, int j) {
  c.man = mul_split(c.man, div_int(n - j, j + 1.0));
  renormalise(c);
}

// a 2^e as a double-double (|a.hi| <= 1): dd_ldexp, without libm while the result is normal.
DD scale(DD a, int e) {
  if (e < -960 || e > 1023) return dd_ldexp(a, e);
  const double f = exp2i(e);
  return {a.hi * f, a.lo * f};
}

// A_v(n, x) = C(n, v) (1 - x - v/n)^(n-v) (x + v/n)^(v-1) for two v at once (four independent
// power chains), given their binomial coefficients.
void smirnov_terms(int n, double x, const int (&v)[2], const Scaled (&c)[2], DD (&out)[2]) {
  const auto nd = static_cast<double>(n);
  const DD base[kLanes] = {div_int(n - v[0], nd) - x, div_int(v[0], nd) + x,
                           div_int(n - v[1], nd) - x, div_int(v[1], nd) + x};
  const int m[kLanes] = {n - v[0], v[0] - 1, n - v[1], v[1] - 1};
  Scaled t[kLanes];
  pow_scaled(base, m, t);
  for (std::size_t k = 0; k < 2; ++k) {
    const Scaled &t2 = t[2 * k], &t1 = t[2 * k + 1];
    out[k] = scale(mul_split(mul_split(t1.man, t2.man), c[k].man),
                   c[k].exponent + t1.exponent + t2.exponent);
  }
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
  // Terms j and j + 1 are computed together (the second goes unused when the first ends the
  // sum); what is summed, and where the sum stops, are SciPy's.
  Scaled c[2] = {{{1, 0}, 0}, {}};
  update_binomial(c[0], n, 0);
  for (int j = 1; j < n_terms; j += 2) {
    c[1] = c[0];
    update_binomial(c[1], n, j);
    DD terms[2];
    smirnov_terms(n, x, {start + j * step, start + (j + 1) * step}, c, terms);
    bool done = false;
    for (int k = 0; k < 2 && j + k < n_terms && !done; ++k) {
      const int jk = j + k;
      aj = terms[k];
      if (std::isfinite(aj.hi) && !is_zero(aj)) sum = sum + aj;
      if (!is_zero(aj)) {
        done = 4.0 * (n_terms - jk) * std::fabs(aj.hi) < DBL_EPSILON * sum.hi && jk != n_terms - 1;
      } else {
        done = jk > n / 2;
      }
    }
    if (done) break;
    c[0] = c[1];
    update_binomial(c[0], n, j + 1);
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
