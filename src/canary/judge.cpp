#include "canary/judge.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace mlops::canary {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Horner's rule, coefficients from the highest power down.
template <std::size_t N>
double polynomial(const double (&c)[N], double r) {
  double v = 0;
  for (double x : c) v = v * r + x;
  return v;
}

// qnorm: Wichura's AS 241 (PPND16), the algorithm of R's qnorm, accurate to about 1e-16.
double normal_quantile(double p) {
  static constexpr double kCentralNum[] = {
      2509.0809287301226727, 33430.575583588128105, 67265.770927008700853, 45921.953931549871457,
      13731.693765509461125, 1971.5909503065514427, 133.14166789178437745, 3.387132872796366608};
  static constexpr double kCentralDen[] = {
      5226.495278852854561,  28729.085735721942674, 39307.89580009271061,  21213.794301586595867,
      5394.1960214247511077, 687.1870074920579083,  42.313330701600911252, 1.0};
  static constexpr double kTailNum[] = {7.7454501427834140764e-4, 0.0227238449892691845833,
                                        0.24178072517745061177,   1.27045825245236838258,
                                        3.64784832476320460504,   5.7694972214606914055,
                                        4.6303378461565452959,    1.42343711074968357734};
  static constexpr double kTailDen[] = {1.05075007164441684324e-9, 5.475938084995344946e-4,
                                        0.0151986665636164571966,  0.14810397642748007459,
                                        0.68976733498510000455,    1.6763848301838038494,
                                        2.05319162663775882187,    1.0};
  static constexpr double kFarNum[] = {2.01033439929228813265e-7, 2.71155556874348757815e-5,
                                       0.0012426609473880784386,  0.026532189526576123093,
                                       0.29656057182850489123,    1.7848265399172913358,
                                       5.4637849111641143699,     6.6579046435011037772};
  static constexpr double kFarDen[] = {2.04426310338993978564e-15, 1.4215117583164458887e-7,
                                       1.8463183175100546818e-5,   7.868691311456132591e-4,
                                       0.0148753612908506148525,   0.13692988092273580531,
                                       0.59983220655588793769,     1.0};
  const double q = p - 0.5;
  if (std::fabs(q) <= 0.425) {
    const double r = 0.180625 - q * q;
    return q * polynomial(kCentralNum, r) / polynomial(kCentralDen, r);
  }
  const double r = std::sqrt(-std::log(std::min(p, 1 - p)));
  const double value = r <= 5 ? polynomial(kTailNum, r - 1.6) / polynomial(kTailDen, r - 1.6)
                              : polynomial(kFarNum, r - 5) / polynomial(kFarDen, r - 5);
  return q < 0 ? -value : value;
}

// R's R_zeroin2 (src/library/stats/src/zeroin.c), which Kayenta's BrentSolver.java copies:
// Brent's root finder on [ax, bx] given f(ax) and f(bx), 1000 iterations at most.
template <typename F>
double zeroin(double ax, double bx, double fa, double fb, F f, double tol) {
  constexpr double kEpsilon = 2.220446049250313e-16;
  double a = ax, b = bx, c = a, fc = fa;
  if (fa == 0) return a;
  if (fb == 0) return b;
  for (int iterations = 1001; iterations-- > 0;) {
    const double prev_step = b - a;
    if (std::fabs(fc) < std::fabs(fb)) {
      a = b, b = c, c = a;
      fa = fb, fb = fc, fc = fa;
    }
    const double tol_act = 2 * kEpsilon * std::fabs(b) + tol / 2;
    double new_step = (c - b) / 2;
    if (std::fabs(new_step) <= tol_act || fb == 0) return b;
    if (std::fabs(prev_step) >= tol_act && std::fabs(fa) > std::fabs(fb)) {
      double p, q;
      const double cb = c - b;
      if (a == c) {  // linear interpolation
        const double t1 = fb / fa;
        p = cb * t1;
        q = 1.0 - t1;
      } else {  // inverse quadratic interpolation
        q = fa / fc;
        const double t1 = fb / fc, t2 = fb / fa;
        p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1.0));
        q = (q - 1.0) * (t1 - 1.0) * (t2 - 1.0);
      }
      if (p > 0) {
        q = -q;
      } else {
        p = -p;
      }
      if (p < (0.75 * cb * q - std::fabs(tol_act * q) / 2) && p < std::fabs(prev_step * q / 2)) {
        new_step = p / q;
      }
    }
    if (std::fabs(new_step) < tol_act) new_step = new_step > 0 ? tol_act : -tol_act;
    a = b, fa = fb;
    b += new_step;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) c = a, fc = fa;
  }
  return b;
}

// The standardized rank-sum statistic W(d) of c(x - d, y) with average ranks for ties, the
// tie-corrected variance and optionally the continuity correction (R's W, Kayenta's
// wilcoxonDiff without the quantile). Buffers are kept across the root finder's calls.
class RankSumStatistic {
 public:
  RankSumStatistic(std::span<const double> x, std::span<const double> y, bool correct)
      : x_(x), y_(y), correct_(correct), values_(x.size() + y.size()), order_(values_.size()) {}

  double operator()(double d) {
    const std::size_t n = x_.size(), total = values_.size();
    for (std::size_t i = 0; i < n; ++i) values_[i] = x_[i] - d;
    std::copy(y_.begin(), y_.end(), values_.begin() + static_cast<std::ptrdiff_t>(n));
    std::iota(order_.begin(), order_.end(), std::size_t{0});
    std::sort(order_.begin(), order_.end(),
              [&](std::size_t a, std::size_t b) { return values_[a] < values_[b]; });
    double x_rank_sum = 0, ties = 0;
    for (std::size_t i = 0; i < total;) {
      std::size_t j = i + 1;
      while (j < total && values_[order_[j]] == values_[order_[i]]) ++j;
      const double rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2;
      const double t = static_cast<double>(j - i);
      ties += t * t * t - t;
      for (std::size_t k = i; k < j; ++k) {
        if (order_[k] < n) x_rank_sum += rank;
      }
      i = j;
    }
    const double nx = static_cast<double>(n), ny = static_cast<double>(y_.size());
    const double dz = x_rank_sum - nx * (nx + 1) / 2 - nx * ny / 2;
    const double correction = correct_ && dz != 0 ? std::copysign(0.5, dz) : 0;  // sign(dz) / 2
    const double sigma =
        std::sqrt((nx * ny / 12) * ((nx + ny + 1) - ties / ((nx + ny) * (nx + ny - 1))));
    // All values tied: R stops and Kayenta throws. W = 0 (no evidence either way) makes the
    // interval [d, d] when both samples are constant, the limit Kayenta's noise approaches.
    if (!(sigma > 0)) return 0;
    return (dz - correction) / sigma;
  }

 private:
  std::span<const double> x_, y_;
  bool correct_;
  std::vector<double> values_;
  std::vector<std::size_t> order_;
};

// Quantile with linear interpolation between order statistics (R type 7), as Kayenta's
// DescriptiveStatistics.percentile. `sorted` must be non-empty.
double quantile(const std::vector<double>& sorted, double q) {
  const double h = static_cast<double>(sorted.size() - 1) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

std::vector<double> sorted_copy(const std::vector<double>& values) {
  std::vector<double> out = values;
  std::sort(out.begin(), out.end());
  return out;
}

// Commons Math's StatUtils.mean: the sum over n, corrected by the mean residual.
double mean(const std::vector<double>& values) {
  if (values.empty()) return kNaN;
  const double n = static_cast<double>(values.size());
  const double m = std::accumulate(values.begin(), values.end(), 0.0) / n;
  double residual = 0;
  for (double v : values) residual += v - m;
  return m + residual / n;
}

// NaN and +-inf removed, or replaced by 0; how many there were goes to `non_finite`.
std::vector<double> clean(std::span<const double> input, bool replace, std::size_t& non_finite) {
  std::vector<double> out;
  out.reserve(input.size());
  non_finite = 0;
  for (double v : input) {
    if (std::isfinite(v)) {
      out.push_back(v);
    } else {
      ++non_finite;
      if (replace) out.push_back(0);
    }
  }
  return out;
}

// Kayenta's IQRDetector(factor, reduceSensitivity = true) with Transforms.removeOutliers.
std::size_t remove_outliers(std::vector<double>& values, double factor) {
  if (values.empty()) return 0;
  const std::vector<double> s = sorted_copy(values);
  const double q1 = quantile(s, 0.25), q3 = quantile(s, 0.75), iqr = q3 - q1;
  const double low = std::min(quantile(s, 0.01), q1 - factor * iqr);
  const double high = std::max(quantile(s, 0.99), q3 + factor * iqr);
  return std::erase_if(values, [&](double v) { return v < low || v > high; });
}

void summarize(const std::vector<double>& values, SampleSummary& out) {
  out.n = values.size();
  if (values.empty()) return;
  const std::vector<double> s = sorted_copy(values);
  out.mean = mean(values);
  out.median = quantile(s, 0.5);
  out.p95 = quantile(s, 0.95);
}

// Kayenta's EffectSizes.meanRatio: NaN when either mean is 0.
double mean_ratio(double canary_mean, double baseline_mean) {
  if (canary_mean == 0 || baseline_mean == 0) return kNaN;
  return canary_mean / baseline_mean;
}

// Three significant digits, without an exponent from 1e-4 to 1e6: "1500", "0.0767", "5.12".
std::string num(double v) {
  char buf[48];
  const double magnitude = std::fabs(v);
  if (!(magnitude >= 1e-4 && magnitude < 1e6)) {
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
  }
  const int decimals = std::max(0, 2 - static_cast<int>(std::floor(std::log10(magnitude))));
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string text = buf;
  if (text.find('.') != std::string::npos) {
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

std::string percent(double fraction) { return num(fraction * 100) + "%"; }

std::string values_text(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " value" : " values");
}

// "canary has 1 value (3 NaN or infinite removed)".
std::string sample_text(const char* side, const SampleSummary& s, bool replaced) {
  std::string text = std::string(side) + " has " + values_text(s.n);
  if (s.non_finite > 0 && !replaced)
    text += " (" + std::to_string(s.non_finite) + " NaN or infinite removed)";
  if (s.outliers > 0) text += " (" + std::to_string(s.outliers) + " outliers removed)";
  return text;
}

// A side without one finite value has no data, whatever the nan strategy: replacing its NaNs by
// 0 would judge zeros made up from nothing (Kayenta passes them as "no events").
// "canary has no finite value (3 NaN or infinite)", or "" when the side has a finite value.
std::string no_finite_value(const char* side, std::span<const double> input,
                            const SampleSummary& s) {
  if (input.size() > s.non_finite) return "";
  return std::string(side) +
         (s.non_finite == 0
              ? " has no value"
              : " has no finite value (" + std::to_string(s.non_finite) + " NaN or infinite)");
}

// The no-data reason of the sides' no_finite_value texts; "" when both are.
std::string no_data_reason(const std::string& canary, const std::string& baseline,
                           std::size_t non_finite) {
  if (canary.empty() && baseline.empty()) return "";
  return canary + (canary.empty() || baseline.empty() ? "" : " and ") + baseline +
         ", which is no data" + (non_finite > 0 ? " even with NaN replaced by 0" : "");
}

void require(bool ok, const char* what) {
  if (!ok) throw std::invalid_argument(what);
}

void validate(const MannWhitneyOptions& o) {
  require(o.confidence > 0 && o.confidence < 1, "confidence must be in (0, 1)");
  require(std::isfinite(o.tolerance) && o.tolerance >= 0, "tolerance must be >= 0");
  for (double r :
       {o.allowed_increase, o.allowed_decrease, o.critical_increase, o.critical_decrease}) {
    require(std::isfinite(r) && r >= 0, "effect-size ratios must be finite and >= 0");
  }
  require(o.outlier_factor > 0 && std::isfinite(o.outlier_factor), "outlier_factor must be > 0");
  require(!o.tail_quantile || (*o.tail_quantile > 0 && *o.tail_quantile <= 1),
          "tail_quantile must be in (0, 1]");
  require(std::isfinite(o.tail_tolerance) && o.tail_tolerance >= 1, "tail_tolerance must be >= 1");
}

// Missing data, Kayenta's way: NodataFailMetric when data is required of a non-critical metric,
// else Nodata, critical for a critical metric.
void no_data(MetricVerdict& v, std::string reason, bool critical, bool must_have_data) {
  v.classification =
      must_have_data && !critical ? Classification::kNoDataFail : Classification::kNoData;
  v.critical = critical && v.classification == Classification::kNoData;
  if (must_have_data) reason += "; the metric must have data";
  v.reason = std::move(reason);
}

// Step 3 of the header: the location test and effect-size gates, on samples with data that
// are neither identical nor all one value.
void classify_location(const std::vector<double>& c, const std::vector<double>& b, Direction bad,
                       const MannWhitneyOptions& o, MetricVerdict& v) {
  const auto [cmin, cmax] = std::minmax_element(c.begin(), c.end());
  const auto [bmin, bmax] = std::minmax_element(b.begin(), b.end());
  // R's absolute tol.root of 1e-4 would dwarf shifts of metrics measured in small units (an
  // error ratio of 0.0002 against 0.001): scale it down with the range of pairwise differences.
  const double range = (*cmax - *bmin) - (*cmin - *bmax);
  const ShiftEstimate shift =
      mann_whitney_shift(c, b, o.confidence, true, 1e-4 * std::min(1.0, range));
  v.interval = shift.interval;
  v.estimate = shift.estimate;
  const double bound = o.tolerance * std::fabs(shift.estimate);
  const double effect = v.effect_size;
  const bool up_bad = bad != Direction::kDecrease, down_bad = bad != Direction::kIncrease;
  const bool above = shift.interval.lower > bound, below = shift.interval.upper < -bound;
  const bool big_up = std::isnan(effect) || effect >= o.allowed_increase;
  const bool big_down = std::isnan(effect) || effect <= o.allowed_decrease;

  const std::string ratio =
      std::isnan(effect)
          ? "canary mean " + num(v.canary.mean) + " against baseline mean " + num(v.baseline.mean)
          : "canary mean " + num(effect) + "x baseline";
  const std::string interval = percent(o.confidence) + " interval of the shift [" +
                               num(shift.interval.lower) + ", " + num(shift.interval.upper) + "]";
  const std::string band =
      num(bound) + " (" + percent(o.tolerance) + " of the estimate " + num(shift.estimate) + ")";
  if (up_bad && above && big_up) {
    v.classification = Classification::kHigh;
    v.reason = ratio + "; " + interval + " lies above +" + band;
  } else if (down_bad && below && big_down) {
    v.classification = Classification::kLow;
    v.reason = ratio + "; " + interval + " lies below -" + band;
  } else if ((above && !up_bad) || (below && !down_bad)) {
    v.classification = Classification::kPass;
    v.reason = std::string("canary ") + (above ? "higher" : "lower") +
               ", which is not bad for this metric: " + ratio + "; " + interval;
  } else if (above || below) {
    v.classification = Classification::kPass;
    v.reason =
        interval + " clears the tolerance band, but the " + ratio + " is within allowed_" +
        (above ? "increase " + num(o.allowed_increase) : "decrease " + num(o.allowed_decrease)) +
        "x";
  } else {
    v.classification = Classification::kPass;
    v.reason = interval + " does not clear the tolerance band +-" + band + "; " + ratio;
  }
  const bool critical_high = v.classification == Classification::kHigh &&
                             (std::isnan(effect) || effect >= o.critical_increase);
  const bool critical_low = v.classification == Classification::kLow &&
                            (std::isnan(effect) || effect <= o.critical_decrease);
  v.critical = o.critical && (critical_high || critical_low);
}

// Our tail check: compares the q-quantiles of the samples before outlier removal.
void check_tail(const std::vector<double>& c, const std::vector<double>& b, Direction bad,
                const MannWhitneyOptions& o, MetricVerdict& v) {
  const double q = *o.tail_quantile;
  TailComparison t;
  t.quantile = q;
  t.canary = quantile(sorted_copy(c), q);
  t.baseline = quantile(sorted_copy(b), q);
  if (t.baseline > 0) t.ratio = t.canary / t.baseline;
  const double slack = std::fabs(t.baseline);
  const bool up =
      bad != Direction::kDecrease && t.canary > t.baseline + (o.tail_tolerance - 1) * slack;
  const bool down =
      bad != Direction::kIncrease && t.canary < t.baseline - (1 - 1 / o.tail_tolerance) * slack;
  t.failed = up || down;
  v.tail = t;
  if (!t.failed) return;
  const std::string name = "p" + num(q * 100);
  std::string text = std::isnan(t.ratio) || t.ratio <= 0
                         ? name + " of the canary " + num(t.canary) + " against " + num(t.baseline)
                         : name + " " + num(t.ratio) + "x baseline (canary " + num(t.canary) +
                               ", baseline " + num(t.baseline) + ")";
  text += ", beyond tail_tolerance " + num(o.tail_tolerance) + "x";
  if (v.classification == Classification::kPass) {
    v.classification = up ? Classification::kHigh : Classification::kLow;
    v.reason = text + "; location test: " + v.reason;
  } else {
    v.reason += "; also " + text;
  }
  v.critical = v.critical || o.critical;
}

}  // namespace

std::string_view classification_name(Classification c) {
  switch (c) {
    case Classification::kPass:
      return "Pass";
    case Classification::kHigh:
      return "High";
    case Classification::kLow:
      return "Low";
    case Classification::kNoData:
      return "Nodata";
    case Classification::kNoDataFail:
      return "NodataFailMetric";
  }
  return "Nodata";
}

ShiftEstimate mann_whitney_shift(std::span<const double> experiment,
                                 std::span<const double> control, double confidence, bool correct,
                                 double root_tolerance) {
  require(!experiment.empty() && !control.empty(), "mann_whitney_shift: empty sample");
  require(confidence > 0 && confidence < 1, "mann_whitney_shift: confidence must be in (0, 1)");
  const auto finite = [](double v) { return std::isfinite(v); };
  require(std::all_of(experiment.begin(), experiment.end(), finite) &&
              std::all_of(control.begin(), control.end(), finite),
          "mann_whitney_shift: non-finite value");
  const auto [xmin, xmax] = std::minmax_element(experiment.begin(), experiment.end());
  const auto [ymin, ymax] = std::minmax_element(control.begin(), control.end());
  const double mumin = *xmin - *ymax, mumax = *xmax - *ymin;
  RankSumStatistic w(experiment, control, correct);
  const double w_min = w(mumin), w_max = w(mumax);
  // R: root(zq) returns mumin when W(mumin) <= zq (the level cannot be reached below), mumax
  // when W(mumax) >= zq.
  const auto root = [&](double zq) {
    const double f_lower = w_min - zq;
    if (f_lower <= 0) return mumin;
    const double f_upper = w_max - zq;
    if (f_upper >= 0) return mumax;
    return zeroin(
        mumin, mumax, f_lower, f_upper, [&](double d) { return w(d) - zq; }, root_tolerance);
  };
  const double z = normal_quantile((1 - confidence) / 2);  // negative
  ShiftEstimate out;
  out.interval.lower = root(-z);
  out.interval.upper = root(z);
  out.estimate = zeroin(mumin, mumax, w_min, w_max, w, root_tolerance);
  return out;
}

MetricVerdict judge_mann_whitney(std::span<const double> canary, std::span<const double> baseline,
                                 Direction bad, const MannWhitneyOptions& options) {
  validate(options);
  MetricVerdict v;
  std::vector<double> c = clean(canary, options.replace_nan, v.canary.non_finite);
  std::vector<double> b = clean(baseline, options.replace_nan, v.baseline.non_finite);
  // The tail check reads the samples before outlier removal, which would delete the tail.
  const std::vector<double> c_tail = options.tail_quantile ? c : std::vector<double>{};
  const std::vector<double> b_tail = options.tail_quantile ? b : std::vector<double>{};
  if (options.remove_outliers) {
    v.canary.outliers = remove_outliers(c, options.outlier_factor);
    v.baseline.outliers = remove_outliers(b, options.outlier_factor);
  }
  summarize(c, v.canary);
  summarize(b, v.baseline);

  if (options.replace_nan) {
    // Kayenta passes here (no data as no events); no data is never a pass.
    std::string reason = no_data_reason(no_finite_value("canary", canary, v.canary),
                                        no_finite_value("baseline", baseline, v.baseline),
                                        v.canary.non_finite + v.baseline.non_finite);
    if (!reason.empty()) {
      no_data(v, std::move(reason), options.critical, options.must_have_data);
      return v;
    }
  }
  const std::size_t need = std::max<std::size_t>(options.min_samples, 2);
  if (c.size() < need || b.size() < need) {
    std::string reason;
    if (c.size() < need) reason = sample_text("canary", v.canary, options.replace_nan);
    if (b.size() < need) {
      reason += (reason.empty() ? "" : " and ") +
                sample_text("baseline", v.baseline, options.replace_nan);
    }
    no_data(v, reason + ", fewer than the " + std::to_string(need) + " needed", options.critical,
            options.must_have_data);
    return v;
  }

  v.effect_size = mean_ratio(v.canary.mean, v.baseline.mean);
  const std::vector<double> cs = sorted_copy(c), bs = sorted_copy(b);
  if (cs == bs) {
    v.classification = Classification::kPass;
    v.effect_size = 1;
    v.reason = "canary and baseline samples are identical";
  } else if (cs.front() == cs.back() && bs.front() == bs.back() && cs.front() == bs.front()) {
    v.classification = Classification::kPass;  // Kayenta: one distinct value in all
    v.effect_size = 1;
    v.reason = "every canary and baseline value is " + num(cs.front());
  } else {
    classify_location(c, b, bad, options, v);
  }
  if (options.tail_quantile) check_tail(c_tail, b_tail, bad, options, v);
  return v;
}

MetricVerdict judge_threshold(std::span<const double> canary, const ThresholdOptions& options) {
  require(!options.min || !options.max || *options.min <= *options.max, "threshold min > max");
  MetricVerdict v;
  const std::vector<double> c = clean(canary, options.replace_nan, v.canary.non_finite);
  summarize(c, v.canary);
  if (options.replace_nan) {
    std::string reason =
        no_data_reason(no_finite_value("canary", canary, v.canary), "", v.canary.non_finite);
    if (!reason.empty()) {
      no_data(v, std::move(reason), options.critical, options.must_have_data);
      return v;
    }
  }
  const std::size_t need = std::max<std::size_t>(options.min_samples, 1);
  if (c.size() < need) {
    no_data(v,
            sample_text("canary", v.canary, options.replace_nan) + ", fewer than the " +
                std::to_string(need) + " needed",
            options.critical, options.must_have_data);
    return v;
  }
  const char* name = "mean";
  double value = v.canary.mean;
  switch (options.aggregate) {
    case ThresholdAggregate::kMean:
      break;
    case ThresholdAggregate::kMedian:
      name = "median", value = v.canary.median;
      break;
    case ThresholdAggregate::kLast:
      name = "last value", value = c.back();
      break;
    case ThresholdAggregate::kMin:
      name = "minimum", value = *std::min_element(c.begin(), c.end());
      break;
    case ThresholdAggregate::kMax:
      name = "maximum", value = *std::max_element(c.begin(), c.end());
      break;
  }
  v.estimate = value;
  const std::string subject = std::string("canary ") + name + " " + num(value);
  if (options.max && value > *options.max) {
    v.classification = Classification::kHigh;
    v.reason = subject + " is above max " + num(*options.max);
  } else if (options.min && value < *options.min) {
    v.classification = Classification::kLow;
    v.reason = subject + " is below min " + num(*options.min);
  } else {
    v.classification = Classification::kPass;
    v.reason = subject + " is within" + (options.min ? " min " + num(*options.min) : "") +
               (options.max ? " max " + num(*options.max) : "") +
               (!options.min && !options.max ? " (no bounds set)" : "");
  }
  v.critical = options.critical && v.classification != Classification::kPass;
  return v;
}

}  // namespace mlops::canary
