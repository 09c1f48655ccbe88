#include "canary/command.h"

#include <boost/json.hpp>
#include <chrono>
#include <cmath>

#include "attest/options.h"
#include "canary/analysis.h"
#include "canary/config.h"
#include "canary/prometheus.h"
#include "canary/samples.h"
#include "cli/app.h"
#include "cli/publish.h"
#include "core/error.h"
#include "core/text.h"
#include "core/version.h"
#include "io/value_parse.h"
#include "json/write.h"
#include "report/text.h"

namespace mlops::canary {
namespace {

namespace po = cli::po;
namespace json = boost::json;

constexpr const char* kUsage =
    "usage: canary-eval run --config canary.yaml [--prometheus URL]\n"
    "                       [--start T --end T | --lookback 30m] [--step 1m] [options]\n"
    "       canary-eval run --config canary.yaml --samples FILE [options]\n"
    "\n"
    "Is the canary as healthy as the baseline? Exit 0 promote, 1 roll back, 4 inconclusive\n"
    "(keep watching: not enough data or a marginal score), 2 bad config or usage, 3 cannot\n"
    "evaluate (Prometheus unreachable, query error, malformed response).\n";

json::object summary_json(const SampleSummary& s) {
  return {{"n", s.n},
          {"non_finite", s.non_finite},
          {"outliers", s.outliers},
          {"mean", mlops::json::number_or_null(s.mean)},
          {"median", mlops::json::number_or_null(s.median)},
          {"p95", mlops::json::number_or_null(s.p95)}};
}

// A time for --start/--end: RFC 3339 or unix seconds.
double parse_time(const std::string& text, const char* option) {
  if (auto t = io::parse_datetime(text)) return *t;
  if (auto n = io::parse_number(text); n && std::isfinite(*n)) return *n;
  throw usage_error(std::string(option) + ": cannot read " + quoted(text) + " as a time",
                    "give RFC 3339 (2026-01-31T12:00:00Z) or unix seconds");
}

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

std::string fmt(double v) { return std::isfinite(v) ? format_number(v, 4) : std::string("-"); }

}  // namespace

ExitCode canary_eval(const std::vector<std::string>& args, cli::Io& io) {
  if (auto done = cli::top_level_help(args, io, kUsage)) return *done;
  if (args[0] != "run") {
    throw usage_error("unknown command '" + args[0] + "'", "use 'run' (see --help)");
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  std::string config_path, prometheus, start_text, end_text, lookback, step, samples_path;
  std::string metrics_file, pushgateway, job = "canary-eval";
  std::vector<std::string> labels;
  net::Options http;
  cli::OutputOptions out;
  attest::RecordOptions record;
  po::options_description desc("canary-eval run options");
  desc.add_options()("help,h", "show this help")(
      "config", po::value(&config_path)->value_name("canary.yaml"), "groups, metrics, scoring")(
      "prometheus", po::value(&prometheus)->value_name("URL"),
      "the Prometheus server (overrides the config's prometheus.url)")(
      "start", po::value(&start_text)->value_name("TIME"), "window start (RFC 3339 or unix s)")(
      "end", po::value(&end_text)->value_name("TIME"), "window end (default now)")(
      "lookback", po::value(&lookback)->value_name("DURATION"),
      "window length before the end, e.g. 30m (default the config's, else 30m)")(
      "step", po::value(&step)->value_name("DURATION"),
      "query resolution (default 60s, the config's prometheus.step)")(
      "samples", po::value(&samples_path)->value_name("FILE"),
      "offline: metric,group,timestamp,value rows instead of Prometheus")(
      "timeout", po::value(&http.timeout_seconds)->value_name("SECONDS"),
      "deadline of each Prometheus query, retries included (default 30)")(
      "retries", po::value(&http.retries)->value_name("N"),
      "extra attempts on connection errors and 5xx (default 2)")(
      "insecure", po::bool_switch(&http.insecure),
      "do not verify the TLS certificate of Prometheus or the Pushgateway")(
      "metrics", po::value(&metrics_file)->value_name("FILE"),
      "write the decision as Prometheus metrics (e.g. for node_exporter's textfile collector)")(
      "pushgateway", po::value(&pushgateway)->value_name("URL"),
      "push the metrics to this Pushgateway (token from PUSHGATEWAY_TOKEN, if set)")(
      "job", po::value(&job)->value_name("NAME"), "the Pushgateway job (default canary-eval)")(
      "label", po::value(&labels)->value_name("NAME=VALUE")->composing(),
      "a label added to every metric (repeatable), e.g. service=checkout");
  cli::add_output_options(desc, out, false);
  attest::add_record_options(desc, record);
  auto vm = cli::parse(rest, desc);
  if (vm.count("help")) {
    io.out << kUsage << "\n" << desc << "\n";
    return ExitCode::kPass;
  }
  cli::check_outputs(out, {metrics_file, record.attest_out},
                     {config_path, samples_path, record.attest_key}, {record.audit_log});
  const attest::DecisionRecorder recorder(record, io.getenv);
  if (config_path.empty()) throw usage_error("--config is required", "see canary-eval --help");
  static constexpr std::string_view kTakenLabels[] = {"decision", "metric", "group",
                                                      "classification"};
  const net::MetricLabels metric_labels = net::parse_metric_labels(labels, kTakenLabels);
  CanaryConfig config = load_config(config_path);
  if (!prometheus.empty()) config.prometheus_url = prometheus;
  if (!step.empty()) {
    auto s = parse_duration(step);
    if (!s) throw usage_error("--step: expected a finite positive duration such as 15s");
    config.step_seconds = *s;
  }
  if (!lookback.empty()) {
    auto l = parse_duration(lookback);
    if (!l) throw usage_error("--lookback: expected a finite positive duration such as 30m");
    config.lookback_seconds = *l;
  }

  std::map<std::string, MetricSamples> samples;
  std::string window;
  if (!samples_path.empty()) {
    if (!prometheus.empty()) throw usage_error("give --samples or --prometheus, not both");
    std::vector<std::string> names;
    for (const MetricConfig& m : config.metrics) names.push_back(m.name);
    samples = read_samples(samples_path, io.in, names);
    window = "samples " + samples_path;
  } else {
    if (config.prometheus_url.empty()) {
      throw usage_error("no Prometheus to ask",
                        "give --prometheus URL, prometheus.url in the "
                        "config, or --samples FILE");
    }
    double end =
        end_text.empty()
            ? std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
                  .count()
            : parse_time(end_text, "--end");
    double start =
        start_text.empty() ? end - config.lookback_seconds : parse_time(start_text, "--start");
    if (!(start < end)) throw usage_error("--start must be before --end");
    PromOptions options;
    options.url = config.prometheus_url;
    options.http = http;
    options.auth = prometheus_auth_from_env([&](const std::string& k) { return io.env(k); });
    net::CurlClient client(http);
    for (const MetricConfig& m : config.metrics) {
      MetricSamples s;
      s.baseline_query = resolve_query(m.query, config.baseline_selector);
      s.canary_query = resolve_query(m.query, config.canary_selector);
      const std::string context = "metric '" + m.name + "' (" + m.location + ")";
      s.baseline = aggregate_values(
          query_range(client, options, s.baseline_query, start, end, config.step_seconds),
          aggregate_of(m.aggregate), context + ", baseline");
      s.canary = aggregate_values(
          query_range(client, options, s.canary_query, start, end, config.step_seconds),
          aggregate_of(m.aggregate), context + ", canary");
      samples[m.name] = std::move(s);
    }
    window = format_number(start, 12) + " .. " + format_number(end, 12) + " step " +
             format_number(config.step_seconds) + "s";
  }

  Analysis a = analyze(config, samples);
  report::Report rep;
  rep.tool = "canary-eval";
  rep.title = config_path + " (" + window + ")";
  rep.exit = exit_code(a.decision);
  std::vector<std::vector<std::string>> rows = {
      {"metric", "judge", "baseline mean", "canary mean", "ratio", "interval", "result"}};
  json::array metrics;
  for (const MetricResult& r : a.metrics) {
    const MetricConfig& m = *r.config;
    const MetricVerdict& v = r.verdict;
    report::Check check;
    check.name = m.name;
    check.group = m.group;
    check.status = r.passed()                                        ? report::Status::kPass
                   : r.no_data()                                     ? report::Status::kSkip
                   : a.decision == Decision::kRollback || v.critical ? report::Status::kFail
                                                                     : report::Status::kWarn;
    check.message = m.name + ": " + std::string(classification_name(v.classification)) + " - " +
                    v.reason + " [canary query: " + r.canary_query + "]";
    check.observed = fmt(v.effect_size);
    std::string interval = std::isfinite(v.interval.lower)
                               ? "[" + fmt(v.interval.lower) + ", " + fmt(v.interval.upper) + "]"
                               : "-";
    rows.push_back(
        {m.name, m.judge == JudgeKind::kThreshold ? "threshold" : "mann-whitney",
         fmt(v.baseline.mean), fmt(v.canary.mean), fmt(v.effect_size), interval,
         std::string(classification_name(v.classification)) + (v.critical ? " (critical)" : "")});
    json::object j{{"metric", m.name},
                   {"group", m.group},
                   {"judge", m.judge == JudgeKind::kThreshold ? "threshold" : "mann-whitney"},
                   {"classification", std::string(classification_name(v.classification))},
                   {"critical", v.critical},
                   {"reason", v.reason},
                   {"baseline_query", r.baseline_query},
                   {"canary_query", r.canary_query},
                   {"baseline", summary_json(v.baseline)},
                   {"canary", summary_json(v.canary)},
                   {"interval", json::array{mlops::json::number_or_null(v.interval.lower),
                                            mlops::json::number_or_null(v.interval.upper)}},
                   {"estimate", mlops::json::number_or_null(v.estimate)},
                   {"effect_size", mlops::json::number_or_null(v.effect_size)}};
    if (v.tail) {
      j["tail"] = json::object{{"quantile", v.tail->quantile},
                               {"baseline", mlops::json::number_or_null(v.tail->baseline)},
                               {"canary", mlops::json::number_or_null(v.tail->canary)},
                               {"ratio", mlops::json::number_or_null(v.tail->ratio)},
                               {"failed", v.tail->failed}};
    }
    metrics.push_back(std::move(j));
    rep.checks.push_back(std::move(check));
  }
  json::array groups;
  for (const GroupScore& g : a.groups) {
    groups.push_back(json::object{{"group", g.group},
                                  {"weight", g.weight},
                                  {"score", g.score},
                                  {"metrics", g.metrics},
                                  {"passed", g.passed},
                                  {"no_data", g.no_data}});
  }
  json::object doc{{"schema", "mlops-actions/canary-eval/v1"},
                   {"tool", "canary-eval"},
                   {"version", std::string(version())},
                   {"decision", std::string(to_string(a.decision))},
                   {"score", a.score},
                   {"reason", a.reason},
                   {"window", window},
                   {"pass_score", config.pass_score},
                   {"marginal_score", config.marginal_score},
                   {"groups", groups},
                   {"metrics", metrics}};
  rep.facts = {{"decision", std::string(to_string(a.decision))},
               {"score", mlops::json::number(a.score)}};
  // The push goes before any output: when it fails (exit 3), no GitHub output may already
  // carry the decision.
  const std::string exposition = to_prometheus(a, metric_labels);
  if (!pushgateway.empty()) {
    net::push_metrics(pushgateway, job, exposition, http, io.env("PUSHGATEWAY_TOKEN"));
  }
  std::string text = "canary-eval: " + rep.title + "\n" + report::text_table(rows);
  for (const MetricResult& r : a.metrics) {
    text += "  " + r.config->name + ": " + r.verdict.reason + "\n";
  }
  text += "canary-eval: " + std::string(to_string(a.decision)) + " (score " +
          format_number(a.score, 4) + "; " + a.reason + ")\n";
  cli::Finish finish(out, io);
  finish.set_text(std::move(text));
  finish.add_file(metrics_file, exposition, "Prometheus metrics");
  if (recorder.active()) {
    finish.set_record([&] {
      recorder.record({"canary-eval", std::string(version()), std::string(to_string(a.decision)),
                       static_cast<int>(rep.exit), attest::file_subjects({samples_path}),
                       attest::file_subjects({config_path}), attest::config_digest(config_path),
                       doc});
    });
  }
  finish.publish(rep, doc);
  return rep.exit;
}

}  // namespace mlops::canary
