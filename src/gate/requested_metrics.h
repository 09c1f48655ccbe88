#pragma once

#include <optional>

#include "gate/curves.h"
#include "gate/metrics_file.h"
#include "gate/predictions.h"
#include "gate/rules.h"

namespace mlops::gate {

// The metrics a gate computes from predictions: compute_metrics' set, plus those computed only
// when the rules ask for them: `ece` (with `calibration`, or a rule on it) and the operating
// points the rules name (`precision_at_recall_0.8`). Asking for one of these of predictions
// that are not binary is a usage Error (exit 2). With `curve` non-null, the reliability curve
// is stored there when calibration is asked for (nullopt otherwise).
MetricSet gate_metrics(const Predictions& p, const Rules& rules,
                       std::optional<Calibration>* curve = nullptr);

}  // namespace mlops::gate
