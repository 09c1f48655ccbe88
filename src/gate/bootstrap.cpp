#include "gate/bootstrap.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/error.h"
#include "stats/quantile.h"

namespace mlops::gate {
namespace {

// splitmix64: small and seedable, so a gate's result is reproducible.
struct Random {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n); the modulo bias is below n / 2^64, nothing at evaluation-set sizes.
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
};

}  // namespace

BootstrapResult paired_bootstrap(const Predictions& candidate, const Predictions& baseline,
                                 const BootstrapRule& rule) {
  const std::size_t n = candidate.task == Task::kRegression ? candidate.y_num.size()
                        : candidate.task == Task::kBinary   ? candidate.positive.size()
                                                            : candidate.y.size();
  if (candidate.task != baseline.task || candidate.positive != baseline.positive ||
      candidate.y != baseline.y || candidate.y_num != baseline.y_num ||
      candidate.weight != baseline.weight) {
    throw input_error(
        "the paired bootstrap needs the candidate's and the baseline's predictions "
        "on the same rows (" +
            candidate.source + " and " + baseline.source +
            " differ in their labels, weights or row count)",
        "score both models on the same evaluation set, in the same order");
  }
  BootstrapResult r;
  r.metric = rule.metric;
  r.greater_is_better = known_direction(rule.metric).value_or(true);
  r.samples = rule.samples;
  r.confidence = rule.confidence;
  r.max_drop = rule.max_drop;
  r.candidate = compute_metric(candidate, rule.metric, candidate.weight);
  r.baseline = compute_metric(baseline, rule.metric, baseline.weight);
  r.difference = r.candidate - r.baseline;

  Random rng{rule.seed};
  std::vector<double> diffs;
  std::vector<double> weights(n);
  for (int s = 0; s < rule.samples; ++s) {
    std::fill(weights.begin(), weights.end(), 0.0);
    for (std::size_t i = 0; i < n; ++i) weights[rng.below(n)] += 1.0;
    if (!candidate.weight.empty()) {
      for (std::size_t i = 0; i < n; ++i) weights[i] *= candidate.weight[i];
    }
    double d = compute_metric(candidate, rule.metric, weights) -
               compute_metric(baseline, rule.metric, weights);
    if (std::isfinite(d)) diffs.push_back(d);  // a resample with one class has no AUC
  }
  if (diffs.empty() || diffs.size() < static_cast<std::size_t>(rule.samples) / 2) {
    throw input_error("the bootstrap of " + rule.metric + " is undefined on most resamples",
                      "the evaluation set is too small or has a single class");
  }
  std::sort(diffs.begin(), diffs.end());
  const double tail = (1 - rule.confidence) / 2;
  r.low = stats::linear_quantile(diffs, tail);
  r.high = stats::linear_quantile(diffs, 1 - tail);
  // Worse by more than max_drop with the stated confidence: the whole interval is past it.
  r.passed = r.greater_is_better ? r.high >= -rule.max_drop : r.low <= rule.max_drop;
  return r;
}

}  // namespace mlops::gate
