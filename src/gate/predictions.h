#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <string>
#include <vector>

#include "gate/metrics_file.h"
#include "io/remote_options.h"

namespace mlops::gate {

enum class Task { kBinary, kMulticlass, kRegression };

// How to read a predictions file (CSV, JSON Lines, ... via the shared reader).
struct PredictionSpec {
  Task task = Task::kBinary;
  std::string label_column = "label";
  std::string score_column = "score";      // binary: P(positive); regression: the prediction
  std::vector<std::string> proba_columns;  // multiclass: one probability column per class
  std::vector<std::string> classes;        // multiclass: label value of each proba column
  std::string positive_label = "1";        // binary: this label (or true/True/TRUE) is 1
  std::string weight_column;               // optional sample weights
  double threshold = 0.5;                  // binary: predicted positive when score >= this
  // Scores must be probabilities in [0, 1]: set when a probability metric is asked for
  // (needs_probabilities). Ranking metrics take any finite score, so logits stay valid for them.
  bool probabilities = false;
  std::vector<std::string> slice_columns;  // read for the rules' `slices`
  io::RemoteOptions remote;  // objects: --data-timeout, --data-retries (not MLflow's --timeout)
};

// A column the rules slice by: each row's value, as an index into `levels` (nullopt: a null).
struct SliceColumn {
  std::string name;
  std::vector<std::optional<std::string>> levels;  // in order of first appearance
  std::vector<std::uint32_t> level;                // per row
};

// Whether the metric computed from predictions reads the scores as probabilities (log_loss,
// brier): with a logit or any score outside [0, 1] its value means nothing (log loss would clip
// it and could pass a bound).
bool needs_probabilities(const std::string& metric);

// Predictions in memory, as the metric functions take them.
struct Predictions {
  std::string source;
  Task task = Task::kBinary;
  std::vector<std::uint8_t> positive;  // binary labels: 1 = the positive class, 0 = another
  std::vector<int> y;                  // multiclass labels 0..k-1
  std::vector<double> y_num;           // regression targets
  std::vector<double> score;   // binary score, regression prediction, or n x k probabilities
  std::vector<double> weight;  // empty: unweighted
  std::size_t classes = 2;
  double threshold = 0.5;
  std::vector<SliceColumn> slices;  // spec.slice_columns, in that order
};

// The rows `rows` of `p` (labels, scores and weights; not the slice columns).
Predictions subset(const Predictions& p, const std::vector<std::size_t>& rows);

// Reads a predictions file in one pass. Missing columns, nulls and unparsable values are
// input Errors (exit 3) naming the file and line.
Predictions read_predictions(const std::string& path, const PredictionSpec& spec,
                             std::istream& stdin_stream);

// Every metric of the task, computed from the predictions (docs/metric-gate.md).
MetricSet compute_metrics(const Predictions& p);

// The metric `name` on the rows weighted by `weights` (used by the paired bootstrap).
double compute_metric(const Predictions& p, const std::string& name,
                      const std::vector<double>& weights);

}  // namespace mlops::gate
