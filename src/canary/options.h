#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attest/recorder.h"
#include "cli/app.h"
#include "cli/io.h"
#include "cli/option_groups.h"
#include "net/http.h"
#include "net/metrics.h"

namespace mlops::canary {

// `canary-eval run` as its command line gave it (docs/canary-eval.md), checked: every value
// here has passed the usage checks that need no file.
struct CanaryEvalOptions {
  std::string config_path;   // --config, required
  std::string prometheus;    // --prometheus: overrides the config's prometheus.url
  std::string samples_path;  // --samples: offline mode, no Prometheus
  // --image REPOSITORY@sha256:DIGEST: the image the canary runs, the subject of the decision's
  // attestation (checked: it has a digest). With Prometheus no file is judged, so without it
  // there is nothing to attest.
  std::string image;
  // --start and --end in unix seconds (Prometheus mode only; unset: the config's lookback up to
  // now), --lookback and --step in seconds (unset: the config's).
  std::optional<double> start, end, lookback_seconds, step_seconds;
  net::Options http;                // --timeout, --retries, --insecure
  std::string metrics_file;         // --metrics
  cli::PushOptions push;            // --pushgateway, --job, --label
  net::MetricLabels metric_labels;  // push.labels, parsed
  cli::OutputOptions out;
  attest::RecordOptions record;
};

// The top-level usage of canary-eval (one command, run).
std::string_view canary_eval_usage();

// The arguments after `run` into options, with every usage check that needs no file (exit 2)
// and cli::check_outputs. --help prints the usage and the options and returns nullopt.
std::optional<CanaryEvalOptions> parse_canary_eval_options(const std::vector<std::string>& args,
                                                           cli::Io& io);

}  // namespace mlops::canary
