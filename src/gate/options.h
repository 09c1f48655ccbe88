#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "attest/recorder.h"
#include "cli/app.h"
#include "cli/io.h"
#include "gate/predictions.h"
#include "net/http.h"

namespace mlops::gate {

// `metric-gate check`'s command line (docs/metric-gate.md), read and checked.
struct MetricGateOptions {
  std::string rules_path;  // --rules GATE.yaml
  // The candidate: exactly one of these is set.
  std::string metrics, predictions, mlflow_run;
  // The baseline: at most one of these is set.
  std::string baseline_metrics, baseline_predictions, mlflow_baseline;
  std::string candidate_prefix, baseline_prefix;
  PredictionSpec spec;           // how to read --predictions files (`probabilities` unset)
  std::optional<int> bootstrap;  // --bootstrap N, checked against the rules once they are read
  std::string promote_alias;     // --promote-alias: needs --mlflow-run
  std::string model;             // --model; "" means the model --mlflow-baseline names
  bool allow_running = false;    // --allow-running-run
  net::Options http;  // MLflow's: --timeout, --retries, --insecure and MLflow's TLS variables
  cli::OutputOptions out;
  attest::RecordOptions record;
  // Made from `record` by the parser, where a bad key is a usage error before any input is
  // read. Null in options a test builds by hand: nothing is recorded.
  std::shared_ptr<const attest::DecisionRecorder> recorder;
};

// Reads `args` (the arguments after the program name, "check" first) into options, with every
// usage check that needs no input (exit 2): the options themselves, outputs that would
// overwrite an input or each other (cli::check_outputs, after which an error writes the
// errored --junit report), the attestation key, one candidate and at most one baseline, the
// promotion options, MLflow's TLS variables (MLFLOW_TRACKING_INSECURE_TLS,
// MLFLOW_TRACKING_SERVER_CERT_PATH) and the threshold. Prints the usage and returns nullopt
// for no arguments (metric-gate then exits 2) and for --help (exit 0).
std::optional<MetricGateOptions> parse_metric_gate_options(const std::vector<std::string>& args,
                                                           cli::Io& io);

}  // namespace mlops::gate
