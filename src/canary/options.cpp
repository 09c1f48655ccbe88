#include "canary/options.h"

#include <cmath>

#include "attest/options.h"
#include "attest/statement.h"
#include "canary/config.h"
#include "cli/publish.h"
#include "core/error.h"
#include "core/text.h"
#include "io/value_parse.h"

namespace mlops::canary {
namespace {

namespace po = cli::po;

constexpr const char* kUsage =
    "usage: canary-eval run --config canary.yaml [--prometheus URL]\n"
    "                       [--start T --end T | --lookback 30m] [--step 1m] [options]\n"
    "       canary-eval run --config canary.yaml --samples FILE [options]\n"
    "\n"
    "Is the canary as healthy as the baseline? Exit 0 promote, 1 roll back, 4 inconclusive\n"
    "(keep watching: not enough data or a marginal score), 2 bad config or usage, 3 cannot\n"
    "evaluate (Prometheus unreachable, query error, malformed response).\n";

// The labels canary-eval's own metrics carry (analysis.h, to_prometheus).
constexpr std::string_view kTakenLabels[] = {"decision", "metric", "group", "classification"};

// A time for --start/--end: RFC 3339 or unix seconds.
double parse_time(const std::string& text, const char* option) {
  if (auto t = io::parse_datetime(text)) return *t;
  if (auto n = io::parse_number(text); n && std::isfinite(*n)) return *n;
  throw usage_error(std::string(option) + ": cannot read " + quoted(text) + " as a time",
                    "give RFC 3339 (2026-01-31T12:00:00Z) or unix seconds");
}

std::optional<double> duration_option(const std::string& text, const char* what) {
  if (text.empty()) return std::nullopt;
  auto seconds = parse_duration(text);
  if (!seconds) throw usage_error(what);
  return seconds;
}

}  // namespace

std::string_view canary_eval_usage() { return kUsage; }

std::optional<CanaryEvalOptions> parse_canary_eval_options(const std::vector<std::string>& args,
                                                           cli::Io& io) {
  CanaryEvalOptions o;
  std::string start, end, lookback, step;
  po::options_description desc("canary-eval run options");
  desc.add_options()("help,h", "show this help")(
      "config", po::value(&o.config_path)->value_name("canary.yaml"), "groups, metrics, scoring")(
      "prometheus", po::value(&o.prometheus)->value_name("URL"),
      "the Prometheus server (overrides the config's prometheus.url)")(
      "start", po::value(&start)->value_name("TIME"), "window start (RFC 3339 or unix s)")(
      "end", po::value(&end)->value_name("TIME"), "window end (default now)")(
      "lookback", po::value(&lookback)->value_name("DURATION"),
      "window length before the end, e.g. 30m (default the config's, else 30m)")(
      "step", po::value(&step)->value_name("DURATION"),
      "query resolution (default 60s, the config's prometheus.step)")(
      "samples", po::value(&o.samples_path)->value_name("FILE"),
      "offline: metric,group,timestamp,value rows instead of Prometheus")(
      "image", po::value(&o.image)->value_name("REPOSITORY@sha256:DIGEST"),
      "the image the canary runs: the subject of --attest-key's attestation");
  cli::add_http_options(desc, o.http, "each Prometheus query",
                        "the TLS certificate of Prometheus or the Pushgateway");
  desc.add_options()(
      "metrics", po::value(&o.metrics_file)->value_name("FILE"),
      "write the decision as Prometheus metrics (e.g. for node_exporter's textfile collector)");
  cli::add_push_options(desc, o.push, "canary-eval", "service=checkout");
  cli::add_output_options(desc, o.out, false);
  attest::add_record_options(desc, o.record);
  auto vm = cli::parse(args, desc);
  if (vm.count("help")) {
    io.out << kUsage << "\n" << desc << "\n";
    return std::nullopt;
  }
  cli::check_outputs(o.out, {o.metrics_file, o.record.attest_out},
                     {o.config_path, o.samples_path, o.record.attest_key}, {o.record.audit_log});
  if (o.config_path.empty()) throw usage_error("--config is required", "see canary-eval --help");
  o.metric_labels = cli::push_labels(o.push, kTakenLabels);
  if (!o.image.empty()) attest::image_subject(o.image);  // a usage error without a digest
  o.step_seconds = duration_option(step, "--step: expected a finite positive duration such as 15s");
  o.lookback_seconds =
      duration_option(lookback, "--lookback: expected a finite positive duration such as 30m");
  if (!o.samples_path.empty()) {
    // --start and --end mean nothing offline, and are not read.
    if (!o.prometheus.empty()) throw usage_error("give --samples or --prometheus, not both");
    return o;
  }
  if (!end.empty()) o.end = parse_time(end, "--end");
  if (!start.empty()) o.start = parse_time(start, "--start");
  if (o.start && o.end && !(*o.start < *o.end)) {
    throw usage_error("--start must be before --end");
  }
  return o;
}

}  // namespace mlops::canary
