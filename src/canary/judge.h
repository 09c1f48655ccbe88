#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "canary/judge_data.h"
#include "canary/mann_whitney.h"

// Per-metric judges of canary-eval: Kayenta's Mann-Whitney classifier, ported from its source,
// with a tail-quantile check Kayenta lacks, and a Flagger/Argo-style absolute threshold.
//
// Sources (Apache-2.0 Kayenta as vendored in spinnaker/spinnaker, commit f8b98eba88):
//   kayenta/kayenta-mannwhitney/.../mannwhitney/MannWhitney.scala      interval and estimate
//   kayenta-mannwhitney/.../mannwhitney/BrentSolver.java (1bbbf347c4)  R's zeroin, tol 1e-4
//   kayenta/kayenta-judge/.../classifiers/metric/MannWhitneyClassifier.scala  classification
//   kayenta/kayenta-judge/.../NetflixACAJudge.scala     defaults: confidence 0.98, tolerance 0.25
//   kayenta/kayenta-judge/.../detectors/IQRDetector.scala, preprocessing/Transforms.scala
//   R 4.2.2 stats:::wilcox.test.default, two-sample normal branch, which MannWhitney.scala ports.
//
// The algorithm, for canary x (n values) and baseline y (m values), after NaN handling:
// 1. Empty x or y: Nodata (NodataFailMetric when the metric must have data and is not critical).
//    Kayenta passes it when NaNs are replaced by 0 (no data as no events); here a side without
//    one finite value is Nodata whatever the nan strategy. Samples equal as multisets, or all
//    n + m values equal: Pass.
// 2. The confidence interval for the location shift x - y inverts the rank-sum test with its
//    normal approximation, R's wilcox.test(x, y, conf.int = TRUE, exact = FALSE): with
//    average ranks r of c(x - d, y),
//      dz(d)    = sum(r[1..n]) - n (n + 1) / 2 - n m / 2
//      sigma(d) = sqrt(n m / 12 * ((n + m + 1) - sum_t (t^3 - t) / ((n + m) (n + m - 1))))
//      W(d)     = (dz - sign(dz) / 2) / sigma               (continuity-corrected)
//    where t runs over the sizes of the groups of tied values (the tie correction). W falls
//    (stepwise) as d rises from mumin = min x - max y to mumax = max x - min y. The lower bound
//    solves W(d) = z, the upper W(d) = -z, z = qnorm(1 - (1 - confidence) / 2), each by R's
//    zeroin (Brent) with absolute tolerance 1e-4; when W(mumin) <= z the bound is mumin (and
//    mumax for the upper). The estimate solves W(d) = 0 (Kayenta keeps the continuity
//    correction there; R drops it, so the two differ within a step of W).
// 3. bound = tolerance * |estimate| (tolerance 0.25). With effect = mean(x) / mean(y) (NaN
//    when either mean is 0, and then not checked):
//      High when the bad direction is increase or either, lower > +bound, effect >=
//      allowed_increase Low  when it is decrease or either, upper < -bound, effect <=
//      allowed_decrease
//    otherwise Pass. A critical metric's High (Low) is critical when effect >= critical_increase
//    (<= critical_decrease) or effect is NaN; a critical metric's Nodata is critical too.
//
// Where this differs from Kayenta, on purpose (each says why at its option, in judge.cpp or in
// mann_whitney.cpp):
// +-infinity is treated as NaN (Kayenta would rank it and get an infinite search range);
// fewer than max(2, min_samples) values is Nodata (Kayenta computes an interval from one point
// and throws); when both samples are constant the interval is [d, d] for their difference d
// (Kayenta adds random noise of 1e-5 times the value and gets the same verdict); the root
// tolerance shrinks with the data (1e-4 * min(1, mumax - mumin)), so verdicts do not depend on
// the unit (Kayenta's absolute 1e-4 decides classifications of metrics like error ratios whose
// differences are below 1e-3); and the tail check (tail_quantile) is new.
namespace mlops::canary {

// Which change of a metric is bad: an increase (latency, errors), a decrease (throughput,
// success ratio) or either. A change the other way passes.
enum class Direction { kIncrease, kDecrease, kEither };

// Kayenta's labels (Pass, High, Low, Nodata, NodataFailMetric). High and Low are failures when
// their direction is bad; Nodata is left out of the score; NodataFail counts as a failure.
enum class Classification { kPass, kHigh, kLow, kNoData, kNoDataFail };

// "Pass", "High", "Low", "Nodata", "NodataFailMetric": Kayenta's spelling, for reports.
std::string_view classification_name(Classification c);

struct MannWhitneyOptions {
  double confidence = 0.98;  // of the shift interval; NetflixACAJudge's value
  double tolerance = 0.25;   // band +-tolerance*|estimate| the interval must clear (hard-coded
                             // 0.25 in NetflixACAJudge)
  // Effect-size gates on the mean ratio canary/baseline: High also needs ratio >=
  // allowed_increase, Low ratio <= allowed_decrease (Kayenta's effectSize.allowedIncrease /
  // allowedDecrease, default 1.0: any significant change counts).
  double allowed_increase = 1.0;
  double allowed_decrease = 1.0;
  bool critical = false;           // a critical metric's failure fails the whole canary
  double critical_increase = 1.0;  // ratio from which a critical metric's High is critical
  double critical_decrease = 1.0;  // ratio up to which a critical metric's Low is critical
  bool must_have_data = false;     // Kayenta's mustHaveData: no data is NodataFailMetric
  bool replace_nan = false;        // NaN/inf become 0 (Kayenta's "replace"); else removed
  // Kayenta's outlier removal, per sample: drop values outside [min(p1, Q1 - f IQR),
  // max(p99, Q3 + f IQR)], f = outlier_factor (quantiles by linear interpolation).
  bool remove_outliers = false;
  double outlier_factor = 3.0;
  // Fewer values than this (and always fewer than 2) after NaN handling is no data.
  std::size_t min_samples = 2;
  // Our addition: also compare the q-quantile of canary and baseline, e.g. 0.99. Failing when,
  // with b the baseline's quantile and c the canary's, c > b + (tail_tolerance - 1) |b| for a
  // bad increase (c > tail_tolerance * b for positive b), or c < b - (1 - 1/tail_tolerance) |b|
  // for a bad decrease. A tail failure turns a Pass into High (Low); it is critical on a
  // critical metric. Quantiles are taken before outlier removal, which would cut the tail off.
  // With fewer than 1 / (1 - q) values the quantile is close to the maximum: one spike decides.
  std::optional<double> tail_quantile;
  double tail_tolerance = 1.5;  // >= 1
};

struct TailComparison {
  double quantile = 0;  // q, e.g. 0.99
  double canary = 0, baseline = 0;
  double ratio = std::numeric_limits<double>::quiet_NaN();  // canary / baseline when > 0
  bool failed = false;
};

struct MetricVerdict {
  Classification classification = Classification::kNoData;
  bool critical = false;  // the canary fails whatever the score
  Interval interval;      // Mann-Whitney only
  // Mann-Whitney: the shift estimate. Threshold: the canary's aggregate.
  double estimate = std::numeric_limits<double>::quiet_NaN();
  // Mean ratio canary / baseline (Kayenta's reported "ratio"); NaN when a mean is 0 or there
  // was no data, 1 for identical samples.
  double effect_size = std::numeric_limits<double>::quiet_NaN();
  std::optional<TailComparison> tail;
  SampleSummary canary, baseline;
  std::string reason;  // one sentence with the numbers behind the classification
};

// Kayenta's Mann-Whitney classification of canary against baseline, plus the tail check.
// Never throws for data (empty, NaN, constant, tiny samples all get a verdict); throws
// std::invalid_argument for out-of-range options.
MetricVerdict judge_mann_whitney(std::span<const double> canary, std::span<const double> baseline,
                                 Direction bad, const MannWhitneyOptions& options);

// Which single value of the canary series a threshold judges: Flagger and Argo Rollouts judge
// one query result, usually a rate over the window, which the mean of the points matches.
enum class ThresholdAggregate { kMean, kMedian, kLast, kMin, kMax };

struct ThresholdOptions {
  std::optional<double> min, max;  // inclusive bounds; below min is Low, above max High
  ThresholdAggregate aggregate = ThresholdAggregate::kMean;
  bool replace_nan = false;  // NaN/inf become 0; else removed
  std::size_t min_samples = 1;
  bool critical = false;
  bool must_have_data = false;
};

// Absolute bounds on the canary's aggregate, no baseline. No values (or fewer than
// min_samples) is Nodata, or NodataFailMetric when must_have_data and not critical.
MetricVerdict judge_threshold(std::span<const double> canary, const ThresholdOptions& options);

}  // namespace mlops::canary
