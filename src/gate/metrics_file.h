#pragma once

#include <map>
#include <optional>
#include <string>

namespace mlops::gate {

// A set of named metric values, e.g. {"accuracy": 0.91, "test.f1": 0.88}.
struct MetricSet {
  std::string source;                        // where the values came from, for messages
  std::map<std::string, double> values;      // numeric leaves by dotted path
  std::map<std::string, std::string> other;  // non-numeric leaves: path -> what they are

  // The value of `metric`; throws an input Error (exit 3) when it is absent or not a number.
  double get(const std::string& metric) const;
  std::optional<double> find(const std::string& metric) const;
};

// The metrics whose names start with `prefix`, renamed without it ("test." turns
// "test.accuracy" into "accuracy"; "val_" turns "val_auc" into "auc"). Empty prefix: all.
MetricSet strip_prefix(const MetricSet& metrics, const std::string& prefix);

// Reads a metrics file: JSON or YAML (by content), flat or nested; nested keys are joined with
// dots ({"test": {"accuracy": 0.9}} gives "test.accuracy"). Malformed files are input Errors
// (exit 3) with line and column.
MetricSet load_metrics_file(const std::string& path);
MetricSet parse_metrics(const std::string& text, const std::string& name);

}  // namespace mlops::gate
