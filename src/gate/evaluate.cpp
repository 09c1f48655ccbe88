#include "gate/evaluate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.h"
#include "core/text.h"

namespace mlops::gate {
namespace {

// A NaN compares false with every bound (a baseline of NaN would fail every comparison with no
// reason given) and an infinity passes one side of every bound: neither can be judged.
void require_finite(const std::string& metric, double value, const MetricSet& from) {
  if (std::isnan(value)) {
    throw input_error("metric '" + metric + "' in " + from.source + " is NaN",
                      "the metric is undefined for this data (e.g. ROC AUC with one class)");
  }
  if (std::isinf(value)) {
    throw input_error("metric '" + metric + "' in " + from.source + " is infinite",
                      "a threshold cannot be compared with it; check what computed the metric");
  }
}

RuleCheck make_check(const MetricRule& r, const char* check, double limit) {
  RuleCheck c;
  c.metric = r.metric;
  c.check = check;
  c.location = r.location;
  c.limit = limit;
  return c;
}

// The rule's comparisons of the candidate's value v with the baseline's b.
void compare_with_baseline(const MetricRule& r, double v, double b, std::vector<RuleCheck>& out) {
  const double delta = v - b;
  auto compare = [&](const char* check, double limit, bool passed, std::string expected) {
    RuleCheck c = make_check(r, check, limit);
    c.baseline = b;
    c.candidate = v;
    c.passed = passed;
    c.expected = std::move(expected);
    out.push_back(std::move(c));
  };
  // Relative changes divide by |baseline|; a zero baseline allows no change in the bad
  // direction (MLflow likewise falls back to "not worse than the baseline").
  auto relative = [&](double d) {
    return b == 0 ? (d == 0 ? 0.0 : d * INFINITY) : d / std::fabs(b);
  };
  if (r.max_drop) {
    compare("max_drop", *r.max_drop, delta >= -*r.max_drop,
            ">= baseline - " + format_number(*r.max_drop) + " (" + format_number(b - *r.max_drop) +
                ")");
  }
  if (r.max_relative_drop) {
    compare("max_relative_drop", *r.max_relative_drop, relative(delta) >= -*r.max_relative_drop,
            ">= baseline x (1 - " + format_number(*r.max_relative_drop) + ") (" +
                format_number(b - std::fabs(b) * *r.max_relative_drop) + ")");
  }
  if (r.max_rise) {
    compare("max_rise", *r.max_rise, delta <= *r.max_rise,
            "<= baseline + " + format_number(*r.max_rise) + " (" + format_number(b + *r.max_rise) +
                ")");
  }
  if (r.max_relative_rise) {
    compare("max_relative_rise", *r.max_relative_rise, relative(delta) <= *r.max_relative_rise,
            "<= baseline x (1 + " + format_number(*r.max_relative_rise) + ") (" +
                format_number(b + std::fabs(b) * *r.max_relative_rise) + ")");
  }
  // MLflow MetricThreshold semantics, kept exactly (mlflow/models/evaluation/validation.py).
  if (r.min_absolute_change) {
    double need = r.greater_is_better ? b + *r.min_absolute_change : b - *r.min_absolute_change;
    bool ok = r.greater_is_better ? v >= need : v <= need;
    compare("min_absolute_change", *r.min_absolute_change, ok,
            std::string(r.greater_is_better ? ">= " : "<= ") + format_number(need));
  }
  if (r.min_relative_change) {
    bool ok;
    std::string expected;
    if (b == 0) {
      ok = r.greater_is_better ? v >= b + 1e-10 : v <= b - 1e-10;
      expected = std::string(r.greater_is_better ? "> " : "< ") + "baseline 0";
    } else {
      double change = (r.greater_is_better ? v - b : b - v) / b;
      ok = change >= *r.min_relative_change;
      expected = "improvement >= " + format_number(*r.min_relative_change) + " x baseline";
    }
    compare("min_relative_change", *r.min_relative_change, ok, expected);
  }
}

}  // namespace

void evaluate_rule(const MetricRule& r, const MetricSet& candidate, const MetricSet* baseline,
                   std::vector<RuleCheck>& out) {
  std::optional<double> value = candidate.find(r.metric);
  if (!value && (r.required || candidate.other.count(r.metric))) candidate.get(r.metric);
  if (!value) {
    RuleCheck c = make_check(r, "required", 0);
    c.skipped = true;
    c.passed = true;
    c.expected = "present (optional)";
    out.push_back(c);
    return;
  }
  const double v = *value;
  require_finite(r.metric, v, candidate);
  auto add = [&](RuleCheck c, bool passed, std::string expected) {
    c.candidate = v;
    c.passed = passed;
    c.expected = std::move(expected);
    out.push_back(std::move(c));
  };
  if (r.min) add(make_check(r, "min", *r.min), v >= *r.min, ">= " + format_number(*r.min));
  if (r.max) add(make_check(r, "max", *r.max), v <= *r.max, "<= " + format_number(*r.max));
  if (r.threshold) {
    bool ok = r.greater_is_better ? v >= *r.threshold : v <= *r.threshold;
    add(make_check(r, "threshold", *r.threshold), ok,
        std::string(r.greater_is_better ? ">= " : "<= ") + format_number(*r.threshold));
  }
  if (!r.needs_baseline()) return;
  if (baseline == nullptr) {
    throw usage_error("the rule for '" + r.metric + "' (" + r.location +
                          ") compares with a baseline, but none was given",
                      "pass --baseline-metrics, --baseline-predictions or --mlflow-baseline");
  }
  const double b = baseline->get(r.metric);
  require_finite(r.metric, b, *baseline);
  compare_with_baseline(r, v, b, out);
}

std::vector<RuleCheck> evaluate(const Rules& rules, const MetricSet& candidate,
                                const MetricSet* baseline) {
  std::vector<RuleCheck> out;
  for (const MetricRule& r : rules.metrics) evaluate_rule(r, candidate, baseline, out);
  // Every rule optional and every metric absent: nothing was judged, which is not a pass.
  const bool judged =
      std::any_of(out.begin(), out.end(), [](const RuleCheck& c) { return !c.skipped; });
  if (!judged && !rules.bootstrap) {
    throw input_error("no rule of " + rules.path +
                          " was evaluated: every metric it names is absent from " +
                          candidate.source + " and marked required: false",
                      "log at least one of the metrics, or make a rule required");
  }
  return out;
}

}  // namespace mlops::gate
