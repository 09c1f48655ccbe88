#include "canary/config.h"

#include <cmath>
#include <cstdlib>

#include "config/node.h"
#include "core/error.h"
#include "core/text.h"

namespace mlops::canary {
namespace {

using config::Node;

std::string choice(const Node& n, const std::vector<std::string>& allowed) {
  std::string s = n.as_string();
  for (const std::string& a : allowed) {
    if (s == a) return s;
  }
  std::string list;
  for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
  std::string near = nearest(s, allowed);
  n.fail("unknown value '" + s + "'",
         near.empty() ? "expected one of " + list : "did you mean '" + near + "'?");
}

double positive(const Node& n, const char* what) {
  double v = n.as_number();
  if (!(v > 0) || !std::isfinite(v)) n.fail(std::string("expected ") + what);
  return v;
}

MetricConfig read_metric(const Node& n) {
  n.allow_keys({"name", "query", "judge", "direction", "confidence", "allowed_increase",
                "allowed_decrease", "tail_quantile", "tail_tolerance", "critical", "nan",
                "outliers", "min", "max", "min_samples", "weight", "group", "aggregate",
                "description"});
  MetricConfig m;
  m.location = n.location();
  m.name = n.require("name").as_string();
  m.query = n.require("query").as_string();
  if (m.query.find("{{selector}}") == std::string::npos) {
    n.get("query").fail("the query has no {{selector}}",
                        "put {{selector}} where the group's labels go, e.g. "
                        "rate(http_requests_total{ {{selector}} }[1m])");
  }
  if (Node j = n.get("judge"); j.defined()) {
    m.judge = choice(j, {"mann-whitney", "threshold"}) == "threshold" ? JudgeKind::kThreshold
                                                                      : JudgeKind::kMannWhitney;
  }
  if (Node d = n.get("direction"); d.defined()) {
    std::string s = choice(d, {"increase", "decrease", "either"});
    m.direction = s == "increase"   ? BadDirection::kIncrease
                  : s == "decrease" ? BadDirection::kDecrease
                                    : BadDirection::kEither;
  }
  if (Node c = n.get("confidence"); c.defined()) {
    m.confidence = c.as_number();
    if (!(m.confidence > 0.5 && m.confidence < 1))
      c.fail("expected a level in (0.5, 1), e.g. 0.98");
  }
  if (Node v = n.get("allowed_increase"); v.defined()) {
    m.allowed_increase = positive(v, "a ratio >= 1, e.g. 1.1 for 10%");
    if (m.allowed_increase < 1) v.fail("expected a ratio >= 1, e.g. 1.1 for 10%");
  }
  if (Node v = n.get("allowed_decrease"); v.defined()) {
    m.allowed_decrease = positive(v, "a ratio >= 1, e.g. 1.1 for 10%");
    if (m.allowed_decrease < 1) v.fail("expected a ratio >= 1, e.g. 1.1 for 10%");
  }
  if (Node q = n.get("tail_quantile"); q.defined()) {
    double v = q.as_number();
    if (!(v > 0.5 && v < 1)) q.fail("expected a quantile in (0.5, 1), e.g. 0.99");
    m.tail_quantile = v;
  }
  if (Node t = n.get("tail_tolerance"); t.defined()) {
    m.tail_tolerance = positive(t, "a ratio >= 1, e.g. 1.5");
    if (m.tail_tolerance < 1) t.fail("expected a ratio >= 1, e.g. 1.5");
  }
  if (Node c = n.get("critical"); c.defined()) m.critical = c.as_bool();
  if (Node x = n.get("nan"); x.defined())
    m.replace_nan = choice(x, {"remove", "replace"}) == "replace";
  if (Node o = n.get("outliers"); o.defined()) {
    m.remove_outliers = choice(o, {"keep", "remove"}) == "remove";
  }
  for (auto [key, out] : {std::pair{"min", &m.min}, {"max", &m.max}}) {
    if (Node v = n.get(key); v.defined()) {
      double x = v.as_number();
      // A NaN bound would pass every canary (every comparison with NaN is false).
      if (!std::isfinite(x)) v.fail("expected a finite number");
      *out = x;
    }
  }
  if (m.judge == JudgeKind::kThreshold && !m.min && !m.max) {
    n.fail("a threshold judge needs min, max or both", "e.g. min: 0.70");
  }
  if (m.judge == JudgeKind::kMannWhitney && (m.min || m.max)) {
    n.fail("min and max belong to `judge: threshold`");
  }
  if (m.min && m.max && *m.min > *m.max) n.fail("min is greater than max");
  if (Node s = n.get("min_samples"); s.defined()) {
    std::int64_t v = s.as_integer();
    if (v < 1 || v > 1000000) s.fail("expected an integer from 1 to 1000000");
    m.min_samples = static_cast<std::size_t>(v);
  }
  if (Node w = n.get("weight"); w.defined()) m.weight = positive(w, "a positive weight");
  if (Node g = n.get("group"); g.defined()) m.group = g.as_string();
  if (Node a = n.get("aggregate"); a.defined()) {
    std::string s = choice(a, {"reject", "concat", "sum", "mean"});
    m.aggregate = s == "concat" ? SeriesAggregate::kConcat
                  : s == "sum"  ? SeriesAggregate::kSum
                  : s == "mean" ? SeriesAggregate::kMean
                                : SeriesAggregate::kReject;
  }
  return m;
}

}  // namespace

std::optional<double> parse_duration(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) return std::nullopt;
  std::string unit(end);
  double scale = unit.empty() || unit == "s" ? 1
                 : unit == "ms"              ? 0.001
                 : unit == "m"               ? 60
                 : unit == "h"               ? 3600
                 : unit == "d"               ? 86400
                                             : -1;
  if (scale < 0) return std::nullopt;
  // Checked after scaling: 1e308d is a finite number of days but infinite seconds, and
  // 5e-324ms rounds to 0 s.
  const double seconds = v * scale;
  if (!(seconds > 0) || !std::isfinite(seconds)) return std::nullopt;
  return seconds;
}

std::string resolve_query(const std::string& query, const std::string& selector) {
  std::string out;
  static constexpr std::string_view kPlaceholder = "{{selector}}";
  std::size_t from = 0;
  for (std::size_t at; (at = query.find(kPlaceholder, from)) != std::string::npos;) {
    out += query.substr(from, at - from) + selector;
    from = at + kPlaceholder.size();
  }
  return out + query.substr(from);
}

namespace {

CanaryConfig config_from(const Node& root, const std::string& path) {
  if (!root.is_map()) root.fail("expected a map with groups and metrics");
  root.allow_keys({"prometheus", "groups", "scoring", "metrics", "description"});
  CanaryConfig c;
  c.path = path;
  if (Node p = root.get("prometheus"); p.defined()) {
    p.allow_keys({"url", "step", "lookback"});
    c.prometheus_url = p.get("url").value_or(std::string());
    for (auto [key, out] :
         {std::pair{"step", &c.step_seconds}, {"lookback", &c.lookback_seconds}}) {
      if (Node d = p.get(key); d.defined()) {
        auto v = parse_duration(d.as_string());
        if (!v) {
          d.fail(std::string("prometheus.") + key +
                 ": expected a finite positive duration such as 15s, 30m or 2h");
        }
        *out = *v;
      }
    }
  }
  Node groups = root.require("groups");
  groups.allow_keys({"baseline", "canary"});
  c.baseline_selector = groups.require("baseline").as_string();
  c.canary_selector = groups.require("canary").as_string();
  if (c.baseline_selector == c.canary_selector) {
    groups.fail("baseline and canary select the same series", "give each its own labels");
  }
  for (const char* key : {"baseline", "canary"}) {
    std::string selector = groups.get(key).as_string();
    if (selector.find("{{") != std::string::npos || selector.find("}}") != std::string::npos) {
      groups.get(key).fail("a selector cannot contain {{ or }}",
                           "give label matchers only, e.g. app=\"churn\",track=\"canary\"");
    }
  }
  if (Node s = root.get("scoring"); s.defined()) {
    s.allow_keys({"pass", "marginal", "group_weights"});
    if (Node p = s.get("pass"); p.defined()) c.pass_score = p.as_number();
    if (Node m = s.get("marginal"); m.defined()) c.marginal_score = m.as_number();
    if (!(c.marginal_score >= 0 && c.marginal_score <= c.pass_score && c.pass_score <= 100)) {
      s.fail("expected 0 <= marginal <= pass <= 100", "e.g. pass: 95, marginal: 75");
    }
    if (Node w = s.get("group_weights"); w.defined()) {
      for (auto& [name, node] : w.entries())
        c.group_weights[name] = positive(node, "a positive weight");
    }
  }
  for (const Node& m : root.require("metrics").items()) {
    MetricConfig metric = read_metric(m);
    // Found by fuzzing: text around {{selector}} can rebuild the placeholder once substituted
    // ("{{selector}}{selector}}" with the selector "{"), which would reach Prometheus unresolved.
    for (const std::string* selector : {&c.baseline_selector, &c.canary_selector}) {
      if (resolve_query(metric.query, *selector).find("{{selector}}") != std::string::npos) {
        m.get("query").fail(
            "the query still holds {{selector}} after substitution",
            "write {{selector}} once per place the labels go, without extra braces");
      }
    }
    for (const MetricConfig& other : c.metrics) {
      if (other.name == metric.name) m.fail("metric '" + metric.name + "' appears twice");
    }
    c.metrics.push_back(std::move(metric));
  }
  if (c.metrics.empty()) root.get("metrics").fail("expected at least one metric");
  for (const auto& [group, weight] : c.group_weights) {
    bool used = false;
    for (const MetricConfig& m : c.metrics) used = used || m.group == group;
    if (!used)
      root.get("scoring").fail("group_weights names group '" + group + "', which no metric has");
  }
  return c;
}

}  // namespace

CanaryConfig load_config(const std::string& path) {
  return config_from(Node::load_file(path), path);
}

CanaryConfig load_config_string(const std::string& text, const std::string& name) {
  return config_from(Node::load_string(text, name), name);
}

}  // namespace mlops::canary
