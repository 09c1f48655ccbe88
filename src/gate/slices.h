#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "gate/evaluate.h"
#include "gate/predictions.h"
#include "gate/rules.h"

namespace mlops::gate {

// One slice of the predictions (the rows sharing the values of a SliceSpec's columns) and the
// rules applied to it.
struct SliceOutcome {
  std::string name;  // "Species=Adelie", "Species=Adelie, Island=Biscoe"; a null is `null`
  std::vector<std::string> columns;
  std::vector<std::optional<std::string>> values;  // nullopt: the column is null there
  std::size_t rows = 0;                            // candidate rows in the slice
  std::optional<std::size_t> baseline_rows;        // with baseline predictions
  std::string skipped;            // why the slice was not evaluated; "" when it was
  std::vector<RuleCheck> checks;  // with `slice` set; skipped ones carry a `note`
};

// Applies every rule of `rules` to every slice of `rules.slices` (docs/metric-gate.md,
// "Slices"). A slice is evaluated when it has at least min_slice_size rows in the candidate
// (and in the baseline, given one); otherwise each rule is a skipped check saying why. A metric
// undefined in a slice (ROC AUC of one class) skips that rule there, likewise. A rule that no
// slice of a slicing evaluated is an input Error (exit 3): a slicing that judged nothing is not
// a pass. Metric names as after `candidate_prefix`/`baseline_prefix` (strip_prefix).
std::vector<SliceOutcome> evaluate_slices(const Rules& rules, const Predictions& candidate,
                                          const Predictions* baseline,
                                          const std::string& candidate_prefix,
                                          const std::string& baseline_prefix);

}  // namespace mlops::gate
