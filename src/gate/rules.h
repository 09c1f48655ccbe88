#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "gate/curves.h"

namespace mlops::gate {

// One metric's rule in a gate file (docs/metric-gate.md). Bounds are optional; each present
// bound is a separate check.
struct MetricRule {
  std::string metric;    // "accuracy", or a dotted path into a nested metrics file
  std::string location;  // gate file:line:column of the rule
  bool greater_is_better = true;
  bool required = true;  // a missing candidate metric is exit 3; false: the rule is skipped
  std::optional<double> min, max;             // absolute bounds
  std::optional<double> threshold;            // MLflow: >= (higher is better) or <= (lower)
  std::optional<double> max_drop;             // higher is better: candidate >= baseline - x
  std::optional<double> max_relative_drop;    // (candidate - baseline) / |baseline| >= -x
  std::optional<double> max_rise;             // lower is better: candidate <= baseline + x
  std::optional<double> max_relative_rise;    // (candidate - baseline) / |baseline| <= x
  std::optional<double> min_absolute_change;  // MLflow: must improve on the baseline by x
  std::optional<double> min_relative_change;  // MLflow: must improve by the fraction x
  bool needs_baseline() const {
    return max_drop || max_relative_drop || max_rise || max_relative_rise || min_absolute_change ||
           min_relative_change;
  }
};

inline constexpr int kMinBootstrapSamples = 100, kMaxBootstrapSamples = 100000;

// The optional paired bootstrap on predictions: fails only when the candidate is worse than
// the baseline by more than `max_drop` with the stated confidence.
struct BootstrapRule {
  std::string metric;
  int samples = 1000;  // kMinBootstrapSamples..kMaxBootstrapSamples, from the file or --bootstrap
  double confidence = 0.95;
  double max_drop = 0;
  std::uint64_t seed = 42;
};

// A slicing of the predictions: the rows sharing the values of `columns` (one column, or
// several crossed) form a slice, and every rule is applied to each slice as well.
struct SliceSpec {
  std::vector<std::string> columns;
  std::string location;  // gate file:line:column of the entry
};

inline constexpr std::int64_t kDefaultMinSliceSize = 30;

struct Rules {
  std::string path;
  std::vector<MetricRule> metrics;
  std::optional<BootstrapRule> bootstrap;
  std::vector<SliceSpec> slices;                       // `slices:`; empty: the whole data set only
  std::int64_t min_slice_size = kDefaultMinSliceSize;  // smaller slices are reported skipped
  // `calibration: {bins: N}` or a rule on `ece`: the reliability curve is computed and reported.
  bool calibration = false;
  int calibration_bins = kDefaultCalibrationBins;
};

// Loads a gate file; YAML, schema and direction errors are usage Errors (exit 2) naming
// file:line:column.
Rules load_rules(const std::string& path);
Rules parse_rules(const std::string& yaml, const std::string& name);

// Direction of well-known metrics (docs/metric-gate.md): true for higher-is-better, false for
// losses and errors, nullopt for names not in the table.
std::optional<bool> known_direction(const std::string& metric);

}  // namespace mlops::gate
