#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cli/app.h"
#include "cli/io.h"
#include "net/http.h"
#include "net/metrics.h"

// Option groups more than one tool offers, declared once so that their names, defaults and
// help read the same in every tool (docs/conventions.md).
namespace mlops::cli {

// --timeout, --retries and --insecure of a tool that talks to a server. `requests` completes
// "deadline of ...", e.g. "each MLflow request"; `certificate` completes "do not verify ...",
// e.g. "MLflow's TLS certificate". The values land in `http` (net::Options), whose defaults
// the help states.
void add_http_options(po::options_description& desc, net::Options& http, std::string_view requests,
                      std::string_view certificate);

// --data-timeout and --data-retries of a tool that reads data files, which may be objects
// (s3://, gs://, https://: docs/conventions.md "Data input"): the deadline of each request for
// data, its retries and their backoff included, and the extra attempts. They land in `http`
// (io::RemoteOptions::http), whose values on entry are the defaults the help states. Check
// them after parsing with net::check_options (exit 2 naming the option), whether or not any
// data is remote.
void add_data_http_options(po::options_description& desc, net::Options& http);

// Where a tool's Prometheus metrics are pushed: --pushgateway URL, --job NAME (default: the
// tool's name) and the repeatable --label NAME=VALUE added to every metric.
struct PushOptions {
  std::string pushgateway;
  std::string job;
  std::vector<std::string> labels;
};
void add_push_options(po::options_description& desc, PushOptions& push, std::string_view tool,
                      std::string_view label_example = "");

// The --label items as metric labels; `taken` are the labels the tool sets itself
// (net::parse_metric_labels: a usage error names the bad item).
net::MetricLabels push_labels(const PushOptions& push, std::span<const std::string_view> taken);

// Pushes `exposition` when --pushgateway was given, with the bearer token from
// PUSHGATEWAY_TOKEN (credentials come only from the environment, never argv). An unreachable
// Pushgateway or an answer other than 2xx is an input Error (exit 3).
void push_if_asked(const PushOptions& push, const std::string& exposition, const net::Options& http,
                   const Io& io);

// --threads N of a tool that reads large files in pieces at once (io::Scan). `what` completes
// "threads for ...", `default_text` says what the default is (the value `threads` holds).
void add_threads_option(po::options_description& desc, int& threads, std::string_view what,
                        std::string_view default_text);
// The number of cores, at most 8: the default of --threads where results do not depend on it.
int default_threads();
// 1 to 256 threads, else a usage Error (exit 2).
void check_threads(int threads);

}  // namespace mlops::cli
