#include "gate/requested_metrics.h"

#include "core/error.h"

namespace mlops::gate {
namespace {

void require_binary(const Predictions& p, const std::string& metric) {
  if (p.task != Task::kBinary) {
    throw usage_error("metric '" + metric + "' is computed for binary predictions only",
                      "use --task binary, or drop the rule");
  }
}

}  // namespace

MetricSet gate_metrics(const Predictions& p, const Rules& rules,
                       std::optional<Calibration>* curve) {
  MetricSet m = compute_metrics(p);
  if (curve) curve->reset();
  if (rules.calibration) {
    require_binary(p, "ece");
    Calibration c = calibration(p.positive, p.score, p.weight, rules.calibration_bins);
    m.values["ece"] = c.ece;
    if (curve) *curve = std::move(c);
  }
  for (const MetricRule& r : rules.metrics) {
    const std::optional<OperatingPoint> point = parse_operating_point(r.metric);
    if (!point) continue;
    require_binary(p, r.metric);
    m.values[r.metric] = operating_point_metric(p.positive, p.score, p.weight, *point);
  }
  return m;
}

}  // namespace mlops::gate
