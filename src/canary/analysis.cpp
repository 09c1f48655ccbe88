#include "canary/analysis.h"

#include <cmath>

#include "core/text.h"

namespace mlops::canary {
namespace {

Direction direction_of(BadDirection d) {
  switch (d) {
    case BadDirection::kIncrease:
      return Direction::kIncrease;
    case BadDirection::kDecrease:
      return Direction::kDecrease;
    case BadDirection::kEither:
      return Direction::kEither;
  }
  return Direction::kEither;
}

MetricVerdict judge(const MetricConfig& m, const MetricSamples* s) {
  static const std::vector<double> kNone;
  const std::vector<double>& canary = s ? s->canary : kNone;
  const std::vector<double>& baseline = s ? s->baseline : kNone;
  if (m.judge == JudgeKind::kThreshold) {
    ThresholdOptions o;
    o.min = m.min;
    o.max = m.max;
    o.replace_nan = m.replace_nan;
    o.min_samples = m.min_samples;
    o.critical = m.critical;
    return judge_threshold(canary, o);
  }
  MannWhitneyOptions o;
  o.confidence = m.confidence;
  o.allowed_increase = m.allowed_increase;
  o.allowed_decrease = 1.0 / m.allowed_decrease;  // the config gives both as ratios >= 1
  o.critical = m.critical;
  o.replace_nan = m.replace_nan;
  o.remove_outliers = m.remove_outliers;
  o.min_samples = m.min_samples;
  o.tail_quantile = m.tail_quantile;
  o.tail_tolerance = m.tail_tolerance;
  return judge_mann_whitney(canary, baseline, direction_of(m.direction), o);
}

}  // namespace

std::string_view to_string(Decision decision) {
  switch (decision) {
    case Decision::kPromote:
      return "promote";
    case Decision::kRollback:
      return "rollback";
    case Decision::kInconclusive:
      return "inconclusive";
  }
  return "inconclusive";
}

ExitCode exit_code(Decision decision) {
  switch (decision) {
    case Decision::kPromote:
      return ExitCode::kPass;
    case Decision::kRollback:
      return ExitCode::kFail;
    case Decision::kInconclusive:
      return ExitCode::kInconclusive;
  }
  return ExitCode::kInconclusive;
}

Analysis analyze(const CanaryConfig& config, const std::map<std::string, MetricSamples>& samples) {
  Analysis a;
  std::size_t no_data = 0;
  std::vector<std::string> critical_failures, critical_without_data;
  for (const MetricConfig& m : config.metrics) {
    auto it = samples.find(m.name);
    const MetricSamples* s = it == samples.end() ? nullptr : &it->second;
    MetricResult r;
    r.config = &m;
    r.verdict = judge(m, s);
    if (s) {
      r.baseline_query = s->baseline_query;
      r.canary_query = s->canary_query;
    }
    if (r.no_data()) {
      ++no_data;
      // Kayenta fails a critical metric without data; without data nothing is known yet, so
      // here it keeps the canary waiting (inconclusive) and never promotes it.
      if (m.critical) critical_without_data.push_back(m.name);
    } else if (r.verdict.critical) {
      critical_failures.push_back(m.name);
    }
    a.metrics.push_back(std::move(r));
  }
  // Group scores: the weighted share of passing metrics among those with data.
  std::map<std::string, GroupScore> groups;
  std::map<std::string, double> weight_with_data, weight_passed;
  for (const MetricResult& r : a.metrics) {
    GroupScore& g = groups[r.config->group];
    g.group = r.config->group;
    ++g.metrics;
    if (r.no_data()) {
      ++g.no_data;
      continue;
    }
    weight_with_data[g.group] += r.config->weight;
    if (r.passed()) {
      ++g.passed;
      weight_passed[g.group] += r.config->weight;
    }
  }
  double total_weight = 0, weighted = 0;
  for (auto& [name, g] : groups) {
    auto w = config.group_weights.find(name);
    g.weight = w == config.group_weights.end() ? 1.0 : w->second;
    g.score = weight_with_data[name] > 0 ? 100 * weight_passed[name] / weight_with_data[name] : 0;
    if (weight_with_data[name] > 0) {
      total_weight += g.weight;
      weighted += g.weight * g.score;
    }
    a.groups.push_back(g);
  }
  a.score = total_weight > 0 ? weighted / total_weight : 0;
  const std::size_t n = a.metrics.size();
  if (!critical_failures.empty()) {
    a.score = 0;
    a.decision = Decision::kRollback;
    std::string names;
    for (const std::string& c : critical_failures) names += (names.empty() ? "" : ", ") + c;
    a.reason = "critical metric failed: " + names;
  } else if (2 * no_data >= n || !critical_without_data.empty()) {
    a.score = 0;
    a.decision = Decision::kInconclusive;
    a.reason = "not enough data: " + std::to_string(no_data) + " of " + std::to_string(n) +
               " metrics have too few samples";
    if (!critical_without_data.empty()) {
      std::string names;
      for (const std::string& c : critical_without_data) names += (names.empty() ? "" : ", ") + c;
      a.reason += ", among them the critical " + names;
    }
    a.reason += " (no canary traffic yet?); keep watching";
  } else if (a.score >= config.pass_score) {
    a.decision = Decision::kPromote;
    a.reason =
        "score " + format_number(a.score, 4) + " >= pass " + format_number(config.pass_score);
  } else if (a.score < config.marginal_score) {
    a.decision = Decision::kRollback;
    a.reason = "score " + format_number(a.score, 4) + " < marginal " +
               format_number(config.marginal_score);
  } else {
    a.decision = Decision::kInconclusive;
    a.reason = "score " + format_number(a.score, 4) + " is marginal (" +
               format_number(config.marginal_score) + " <= score < " +
               format_number(config.pass_score) + "); keep watching";
  }
  return a;
}

std::string to_prometheus(const Analysis& analysis, const net::MetricLabels& labels) {
  net::Exposition out(labels);
  out.family("mlops_canary_decision",
             "The canary's decision: 1 for the decision taken (promote, rollback, inconclusive), "
             "0 for the others.");
  for (Decision d : {Decision::kPromote, Decision::kRollback, Decision::kInconclusive}) {
    out.sample("mlops_canary_decision", {{"decision", std::string(to_string(d))}},
               d == analysis.decision ? 1 : 0);
  }
  out.family("mlops_canary_score", "The canary's score, 0 to 100 (Kayenta's).");
  out.sample("mlops_canary_score", {}, analysis.score);
  auto metric = [](const MetricResult& r) {
    return net::MetricLabels{{"metric", r.config->name}, {"group", r.config->group}};
  };
  out.family("mlops_canary_metric_result",
             "1, with the metric's classification (Pass, High, Low, Nodata, NodataFailMetric) as "
             "a label.");
  for (const MetricResult& r : analysis.metrics) {
    net::MetricLabels l = metric(r);
    l.emplace_back("classification", std::string(classification_name(r.verdict.classification)));
    out.sample("mlops_canary_metric_result", l, 1);
  }
  out.family("mlops_canary_metric_ratio", "Mean of the canary over mean of the baseline.");
  for (const MetricResult& r : analysis.metrics) {
    out.sample("mlops_canary_metric_ratio", metric(r), r.verdict.effect_size);
  }
  out.family("mlops_canary_metric_critical",
             "1 when the metric failed critically (the canary rolls back whatever the score).");
  for (const MetricResult& r : analysis.metrics) {
    out.sample("mlops_canary_metric_critical", metric(r), r.verdict.critical ? 1 : 0);
  }
  return out.text();
}

}  // namespace mlops::canary
