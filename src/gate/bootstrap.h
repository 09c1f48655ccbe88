#pragma once

#include "gate/predictions.h"
#include "gate/rules.h"

namespace mlops::gate {

// A paired bootstrap of metric(candidate) - metric(baseline) on the same rows: each resample
// draws n rows with replacement (seeded), and both models are scored on it. The gate fails
// only when the whole confidence interval says the candidate is worse by more than max_drop.
struct BootstrapResult {
  std::string metric;
  bool greater_is_better = true;
  double candidate = 0, baseline = 0, difference = 0;  // on the full data
  double low = 0, high = 0;                            // percentile interval of the difference
  int samples = 0;
  double confidence = 0.95;
  double max_drop = 0;
  bool passed = true;
};

// Both prediction sets must hold the same rows in the same order (same labels); otherwise an
// input Error (exit 3).
BootstrapResult paired_bootstrap(const Predictions& candidate, const Predictions& baseline,
                                 const BootstrapRule& rule);

}  // namespace mlops::gate
