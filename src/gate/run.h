#pragma once

#include "cli/io.h"
#include "gate/options.h"
#include "gate/report.h"

namespace mlops::gate {

// metric-gate check, options to outcome: reads the rules, the candidate and the baseline
// (files, stdin, MLflow), evaluates the rules and, with --promote-alias, records the verdict
// in MLflow (gate/promote.h). Prints nothing and writes no report: a candidate run that has not
// finished is a warning in the outcome. `io` gives stdin (--predictions -) and the environment
// (MLFLOW_TRACKING_URI and the credentials).
GateOutcome run_metric_gate(const MetricGateOptions& options, const cli::Io& io);

}  // namespace mlops::gate
