#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "canary/analysis.h"
#include "canary/options.h"
#include "cli/io.h"
#include "core/exit_code.h"
#include "report/report.h"

namespace mlops::canary {

// What one `canary-eval run` decided, in every form its outputs take; plain data (no pointer
// into the configuration), so it can be kept and compared.
struct CanaryEvalOutcome {
  Decision decision = Decision::kInconclusive;
  double score = 0;
  std::string window;        // "samples FILE", or the query window "start .. end step Ns"
  report::Report report;     // the checks for JUnit, Markdown and GitHub; report.exit is the exit
  boost::json::object json;  // the JSON report (schema mlops-actions/canary-eval/v1)
  std::string text;          // the text report for stdout
  std::string exposition;    // Prometheus metrics of the decision (--metrics, --pushgateway)
};

// Loads the configuration, reads the samples (--samples, or a range query per metric and group
// against Prometheus), judges and scores them (analyze) and builds every form of the result.
// Prints nothing and writes no file; reads io.in for `--samples -` and the environment for
// Prometheus credentials. Errors: a bad configuration is a usage Error (exit 2); samples or
// Prometheus that cannot be read are input Errors (exit 3), as documented per function.
CanaryEvalOutcome run_canary_eval(const CanaryEvalOptions& options, cli::Io& io);

// Every form of an analysis of `config` (read from `config_path`) over `window`, whose metrics
// carry `labels` (canary/outcome.cpp).
CanaryEvalOutcome canary_outcome(const std::string& config_path, const CanaryConfig& config,
                                 const Analysis& analysis, const std::string& window,
                                 const net::MetricLabels& labels);

}  // namespace mlops::canary
