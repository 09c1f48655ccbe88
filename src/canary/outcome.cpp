#include "canary/run.h"

#include <boost/json.hpp>
#include <cmath>

#include "core/text.h"
#include "core/version.h"
#include "json/write.h"
#include "report/text.h"

// The report side of canary-eval: an analysis as checks, JSON, text and metrics.
namespace mlops::canary {
namespace {

namespace json = boost::json;

json::object summary_json(const SampleSummary& s) {
  return {{"n", s.n},
          {"non_finite", s.non_finite},
          {"outliers", s.outliers},
          {"mean", mlops::json::number_or_null(s.mean)},
          {"median", mlops::json::number_or_null(s.median)},
          {"p95", mlops::json::number_or_null(s.p95)}};
}

std::string fmt(double v) { return std::isfinite(v) ? format_number(v, 4) : std::string("-"); }

const char* judge_name(const MetricConfig& m) {
  return m.judge == JudgeKind::kThreshold ? "threshold" : "mann-whitney";
}

// A metric's check for JUnit, Markdown and GitHub: a failure when it rolls the canary back,
// a warning when it failed but the canary was not rolled back.
report::Check metric_check(const MetricResult& r, Decision decision) {
  const MetricConfig& m = *r.config;
  const MetricVerdict& v = r.verdict;
  report::Check check;
  check.name = m.name;
  check.group = m.group;
  check.status = r.passed()                                      ? report::Status::kPass
                 : r.no_data()                                   ? report::Status::kSkip
                 : decision == Decision::kRollback || v.critical ? report::Status::kFail
                                                                 : report::Status::kWarn;
  check.message = m.name + ": " + std::string(classification_name(v.classification)) + " - " +
                  v.reason + " [canary query: " + r.canary_query + "]";
  check.observed = fmt(v.effect_size);
  return check;
}

// A metric's row of the text table.
std::vector<std::string> metric_row(const MetricResult& r) {
  const MetricVerdict& v = r.verdict;
  std::string interval = std::isfinite(v.interval.lower)
                             ? "[" + fmt(v.interval.lower) + ", " + fmt(v.interval.upper) + "]"
                             : "-";
  return {r.config->name,
          judge_name(*r.config),
          fmt(v.baseline.mean),
          fmt(v.canary.mean),
          fmt(v.effect_size),
          interval,
          std::string(classification_name(v.classification)) + (v.critical ? " (critical)" : "")};
}

json::object metric_json(const MetricResult& r) {
  const MetricConfig& m = *r.config;
  const MetricVerdict& v = r.verdict;
  json::object j{{"metric", m.name},
                 {"group", m.group},
                 {"judge", judge_name(m)},
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
  return j;
}

// The JSON report (schema mlops-actions/canary-eval/v1, docs/canary-eval.md).
json::object analysis_json(const CanaryConfig& config, const Analysis& a,
                           const std::string& window) {
  json::array metrics;
  for (const MetricResult& r : a.metrics) metrics.push_back(metric_json(r));
  json::array groups;
  for (const GroupScore& g : a.groups) {
    groups.push_back(json::object{{"group", g.group},
                                  {"weight", g.weight},
                                  {"score", g.score},
                                  {"metrics", g.metrics},
                                  {"passed", g.passed},
                                  {"no_data", g.no_data}});
  }
  return {{"schema", "mlops-actions/canary-eval/v1"},
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
}

// The text report: the title, a table of the metrics, each one's reason, the decision.
std::string analysis_text(const std::string& title, const Analysis& a) {
  std::vector<std::vector<std::string>> rows = {
      {"metric", "judge", "baseline mean", "canary mean", "ratio", "interval", "result"}};
  for (const MetricResult& r : a.metrics) rows.push_back(metric_row(r));
  std::string text = "canary-eval: " + title + "\n" + report::text_table(rows);
  for (const MetricResult& r : a.metrics) {
    text += "  " + r.config->name + ": " + r.verdict.reason + "\n";
  }
  text += "canary-eval: " + std::string(to_string(a.decision)) + " (score " +
          format_number(a.score, 4) + "; " + a.reason + ")\n";
  return text;
}

}  // namespace

CanaryEvalOutcome canary_outcome(const std::string& config_path, const CanaryConfig& config,
                                 const Analysis& a, const std::string& window,
                                 const net::MetricLabels& labels) {
  CanaryEvalOutcome outcome;
  outcome.decision = a.decision;
  outcome.score = a.score;
  outcome.window = window;
  report::Report& rep = outcome.report;
  rep.tool = "canary-eval";
  rep.title = config_path + " (" + window + ")";
  rep.exit = exit_code(a.decision);
  for (const MetricResult& r : a.metrics) rep.checks.push_back(metric_check(r, a.decision));
  rep.facts = {{"decision", std::string(to_string(a.decision))},
               {"score", mlops::json::number(a.score)}};
  outcome.json = analysis_json(config, a, window);
  outcome.text = analysis_text(rep.title, a);
  outcome.exposition = to_prometheus(a, labels);
  return outcome;
}

}  // namespace mlops::canary
