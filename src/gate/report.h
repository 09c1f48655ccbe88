#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <vector>

#include "gate/bootstrap.h"
#include "gate/evaluate.h"
#include "gate/metrics_file.h"
#include "report/report.h"

namespace mlops::gate {

// Everything a gate run evaluated.
struct GateInputs {
  std::string rules_path;
  MetricSet candidate;
  std::optional<MetricSet> baseline;
  std::vector<RuleCheck> checks;
  std::optional<BootstrapResult> bootstrap;
};

// The run as the common report (JUnit: one testcase per rule bound; GitHub outputs `passed`
// and `failed_rules`), the JSON report (schema mlops-actions/metric-gate/v1) and the text
// table (metric, candidate, baseline, delta, rule, verdict).
struct GateOutcome {
  report::Report report;
  boost::json::value json;
  std::string text;
  std::string failed_rules;  // comma-separated "metric.check" names
  // Lines for stderr ("metric-gate: warning: ..."), written with the text report.
  std::string warnings;
  // What --promote-alias wrote to MLflow ("run R tagged metric_gate=..."), "" when nothing: a
  // report that fails to be written afterwards must not leave that write unsaid.
  std::string mlflow_written;
};

GateOutcome build_gate_outcome(const GateInputs& in);

}  // namespace mlops::gate
