#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mlops::canary {

enum class JudgeKind { kMannWhitney, kThreshold };
enum class BadDirection { kIncrease, kDecrease, kEither };
// How several series of one query become one sample: reject (an error), every point of every
// series, or per timestamp the sum or mean.
enum class SeriesAggregate { kReject, kConcat, kSum, kMean };

struct MetricConfig {
  std::string name;
  std::string query;  // PromQL with {{selector}} standing for the group's label selector
  JudgeKind judge = JudgeKind::kMannWhitney;
  BadDirection direction = BadDirection::kIncrease;
  double confidence = 0.98;
  double allowed_increase = 1.0;        // mean ratio canary/baseline tolerated before "High"
  double allowed_decrease = 1.0;        // and before "Low"
  std::optional<double> tail_quantile;  // e.g. 0.99: also compare this quantile
  double tail_tolerance = 1.5;          // ratio of the tail quantiles tolerated
  bool critical = false;                // a failing critical metric fails the canary
  bool replace_nan = false;             // nan: replace (with 0) instead of remove
  bool remove_outliers = false;
  std::optional<double> min, max;  // threshold judge: bounds on the canary's mean
  std::size_t min_samples = 10;
  double weight = 1;
  std::string group = "default";
  SeriesAggregate aggregate = SeriesAggregate::kReject;
  std::string location;  // file:line:column of the entry, for messages and annotations
};

struct CanaryConfig {
  std::string path;
  std::string prometheus_url;  // may be overridden by --prometheus
  double step_seconds = 60;    // query_range step: one rate([1m]) window, so points do not overlap
  double lookback_seconds = 1800;  // when --start/--end are not given
  std::string baseline_selector;   // e.g. app="churn",track="stable"
  std::string canary_selector;
  double pass_score = 95;      // score >= pass: promote
  double marginal_score = 75;  // marginal <= score < pass: inconclusive; below: roll back
  std::map<std::string, double> group_weights;  // empty: groups weigh equally
  std::vector<MetricConfig> metrics;
};

// Reads canary.yaml (docs/canary-eval.md). Unknown keys, bad values and queries without
// {{selector}} are usage Errors (exit 2) naming file, line and column.
CanaryConfig load_config(const std::string& path);
// The same from YAML text; `name` stands for the file in messages.
CanaryConfig load_config_string(const std::string& text, const std::string& name);

// The query of `metric` for one group: every "{{selector}}" replaced by `selector`.
std::string resolve_query(const std::string& query, const std::string& selector);

// Parses "15s", "30m", "2h", "1d" or plain seconds; nullopt when malformed, or when the seconds
// are not positive and finite.
std::optional<double> parse_duration(const std::string& text);

}  // namespace mlops::canary
