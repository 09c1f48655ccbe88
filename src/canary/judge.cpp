#include "canary/judge.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "canary/judge_data.h"
#include "canary/judge_text.h"
#include "stats/quantile.h"

namespace mlops::canary {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Kayenta's EffectSizes.meanRatio: NaN when either mean is 0.
double mean_ratio(double canary_mean, double baseline_mean) {
  if (canary_mean == 0 || baseline_mean == 0) return kNaN;
  return canary_mean / baseline_mean;
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
  t.canary = stats::linear_quantile(sorted_copy(c), q);
  t.baseline = stats::linear_quantile(sorted_copy(b), q);
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

MetricVerdict judge_mann_whitney(std::span<const double> canary, std::span<const double> baseline,
                                 Direction bad, const MannWhitneyOptions& options) {
  validate(options);
  MetricVerdict v;
  std::vector<double> c = finite_values(canary, options.replace_nan, v.canary.non_finite);
  std::vector<double> b = finite_values(baseline, options.replace_nan, v.baseline.non_finite);
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
  const std::vector<double> c = finite_values(canary, options.replace_nan, v.canary.non_finite);
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
