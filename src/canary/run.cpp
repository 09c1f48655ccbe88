#include "canary/run.h"

#include <chrono>
#include <map>

#include "canary/config.h"
#include "canary/prometheus.h"
#include "canary/samples.h"
#include "core/error.h"
#include "core/text.h"

namespace mlops::canary {
namespace {

Aggregate aggregate_of(SeriesAggregate a) {
  switch (a) {
    case SeriesAggregate::kReject:
      return Aggregate::kReject;
    case SeriesAggregate::kConcat:
      return Aggregate::kConcat;
    case SeriesAggregate::kSum:
      return Aggregate::kSumByTimestamp;
    case SeriesAggregate::kMean:
      return Aggregate::kMeanByTimestamp;
  }
  return Aggregate::kReject;
}

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// Each metric's baseline and canary values over [start, end] from Prometheus.
std::map<std::string, MetricSamples> query_samples(const CanaryConfig& config,
                                                   const CanaryEvalOptions& options,
                                                   const cli::Io& io, double start, double end) {
  PromOptions prom;
  prom.url = config.prometheus_url;
  prom.http = options.http;
  prom.auth = prometheus_auth_from_env([&](const std::string& k) { return io.env(k); });
  net::CurlClient client(options.http);
  std::map<std::string, MetricSamples> samples;
  for (const MetricConfig& m : config.metrics) {
    MetricSamples s;
    s.baseline_query = resolve_query(m.query, config.baseline_selector);
    s.canary_query = resolve_query(m.query, config.canary_selector);
    const std::string context = "metric '" + m.name + "' (" + m.location + ")";
    s.baseline = aggregate_values(
        query_range(client, prom, s.baseline_query, start, end, config.step_seconds),
        aggregate_of(m.aggregate), context + ", baseline");
    s.canary =
        aggregate_values(query_range(client, prom, s.canary_query, start, end, config.step_seconds),
                         aggregate_of(m.aggregate), context + ", canary");
    samples[m.name] = std::move(s);
  }
  return samples;
}

}  // namespace

CanaryEvalOutcome run_canary_eval(const CanaryEvalOptions& options, cli::Io& io) {
  CanaryConfig config = load_config(options.config_path);
  if (!options.prometheus.empty()) config.prometheus_url = options.prometheus;
  if (options.step_seconds) config.step_seconds = *options.step_seconds;
  if (options.lookback_seconds) config.lookback_seconds = *options.lookback_seconds;

  std::map<std::string, MetricSamples> samples;
  std::string window;
  if (!options.samples_path.empty()) {
    std::vector<std::string> names;
    for (const MetricConfig& m : config.metrics) names.push_back(m.name);
    samples = read_samples(options.samples_path, io.in, names);
    window = "samples " + options.samples_path;
  } else {
    if (config.prometheus_url.empty()) {
      throw usage_error("no Prometheus to ask",
                        "give --prometheus URL, prometheus.url in the "
                        "config, or --samples FILE");
    }
    const double end = options.end.value_or(now_seconds());
    const double start = options.start.value_or(end - config.lookback_seconds);
    if (!(start < end)) throw usage_error("--start must be before --end");
    samples = query_samples(config, options, io, start, end);
    window = format_number(start, 12) + " .. " + format_number(end, 12) + " step " +
             format_number(config.step_seconds) + "s";
  }
  return canary_outcome(options.config_path, config, analyze(config, samples), window,
                        options.metric_labels);
}

}  // namespace mlops::canary
