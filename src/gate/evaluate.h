#pragma once

#include <optional>
#include <string>
#include <vector>

#include "gate/metrics_file.h"
#include "gate/rules.h"

namespace mlops::gate {

// One bound of one rule, evaluated.
struct RuleCheck {
  std::string metric;
  std::string check;  // "min", "max", "threshold", "max_drop", ...
  std::string location;
  double candidate = 0;
  std::optional<double> baseline;
  double limit = 0;      // the bound as configured
  std::string expected;  // e.g. ">= 0.8", ">= baseline - 0.01 (0.905)"
  bool passed = false;
  bool skipped = false;  // required: false and the metric is absent, or a slice not evaluated
  std::string slice;     // "Species=Adelie" for a rule applied to a slice; "" for all rows
  std::string note;      // why a check was skipped ("absent (optional rule)" when empty)
};

// The checks of one rule (one per bound) on `candidate` against `baseline` (may be null),
// appended to `out`; a skipped check when the metric is absent and the rule optional. Throws
// as evaluate() does.
void evaluate_rule(const MetricRule& rule, const MetricSet& candidate, const MetricSet* baseline,
                   std::vector<RuleCheck>& out);

// Evaluates every rule. A required metric missing from the candidate, or a baseline metric
// that a comparison needs, is an input Error (exit 3): a gate never passes on missing data.
std::vector<RuleCheck> evaluate(const Rules& rules, const MetricSet& candidate,
                                const MetricSet* baseline);

}  // namespace mlops::gate
