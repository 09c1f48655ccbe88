#pragma once

#include <map>
#include <string>
#include <vector>

#include "canary/config.h"
#include "canary/judge.h"
#include "canary/samples.h"
#include "core/exit_code.h"
#include "net/metrics.h"

namespace mlops::canary {

enum class Decision { kPromote, kRollback, kInconclusive };
std::string_view to_string(Decision decision);
ExitCode exit_code(Decision decision);  // 0 promote, 1 roll back, 4 inconclusive

struct MetricResult {
  const MetricConfig* config = nullptr;
  MetricVerdict verdict;
  std::string baseline_query, canary_query;  // as sent, so every report shows them
  bool passed() const { return verdict.classification == Classification::kPass; }
  bool no_data() const { return verdict.classification == Classification::kNoData; }
};

struct GroupScore {
  std::string group;
  double weight = 1;
  double score = 0;  // 0..100 over the group's metrics with data
  std::size_t metrics = 0, passed = 0, no_data = 0;
};

struct Analysis {
  std::vector<MetricResult> metrics;
  std::vector<GroupScore> groups;
  double score = 0;  // 0..100
  Decision decision = Decision::kInconclusive;
  std::string reason;  // one sentence: why this decision
};

// Judges every metric of `config` on `samples` (keyed by metric name; a metric without samples
// has no data) and scores the canary as Kayenta does: per group, the weighted share of passing
// metrics among those with data; overall, the groups' scores weighted by group_weights (equal
// when none are given). A failing critical metric forces the score to 0 and a roll back; half
// or more of the metrics without data force the score to 0 and the decision inconclusive
// ("not enough data", never a promotion). Otherwise score >= pass promotes, score < marginal
// rolls back, and anything between is inconclusive. A critical metric without data also keeps
// the decision inconclusive (Kayenta would fail it; no data is not evidence of harm, and it is
// never a promotion either).
Analysis analyze(const CanaryConfig& config, const std::map<std::string, MetricSamples>& samples);

// Prometheus text exposition of an analysis (docs/canary-eval.md, "Metrics"):
//   mlops_canary_decision{decision="promote"|"rollback"|"inconclusive"}  1 for the decision
//                                                                          taken, 0 the others
//   mlops_canary_score                                   0..100
//   mlops_canary_metric_result{metric, group, classification}  1 (one series per metric, the
//                                                          classification Kayenta would name)
//   mlops_canary_metric_ratio{metric, group}             canary mean / baseline mean
//   mlops_canary_metric_critical{metric, group}          1 when the metric failed critically
// `labels` are added to every sample (e.g. service="checkout").
std::string to_prometheus(const Analysis& analysis, const net::MetricLabels& labels);

}  // namespace mlops::canary
