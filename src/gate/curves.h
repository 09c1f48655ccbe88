#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

// Metrics of a binary classifier read off its curves (docs/metric-gate.md): calibration (the
// reliability curve and the expected calibration error) and the precision/recall trade-off at a
// chosen operating point. Inputs follow classification.h: y holds 0/1, scores are finite, `w`
// holds sample weights (empty: every weight 1), validated by the caller.
namespace mlops::gate {

// One non-empty bin of the reliability curve. Bin b of k covers scores in (e_b, e_{b+1}], the
// first also 0, with e_b = b * (1.0 / k) (numpy.linspace(0, 1, k + 1)): scikit-learn's
// calibration_curve(strategy='uniform') assigns np.searchsorted(edges[1:-1], p) (side left).
struct ReliabilityBin {
  double lower = 0, upper = 0;   // e_b, e_{b+1}
  double weight = 0;             // rows in the bin (their weights' sum)
  double mean_predicted = 0;     // calibration_curve's prob_pred
  double fraction_positive = 0;  // calibration_curve's prob_true
};

struct Calibration {
  int bins = 10;
  std::vector<ReliabilityBin> curve;  // the non-empty bins, in order (sklearn drops empty ones)
  // Expected calibration error: sum over the curve of weight_b / total *
  // |fraction_positive_b - mean_predicted_b|. NaN when the total weight is 0.
  double ece = 0;
};

inline constexpr int kDefaultCalibrationBins = 10;

// The reliability curve and ECE of probabilities `score` (each in [0, 1]) in `bins` equal-width
// bins (bins >= 1).
Calibration calibration(std::span<const std::uint8_t> y, std::span<const double> score,
                        std::span<const double> w, int bins);

// A metric at an operating point, named `precision_at_recall_<x>` (the highest precision among
// the thresholds whose recall is >= x) or `recall_at_precision_<x>` (the highest recall among
// those whose precision is >= x), over the points of scikit-learn's precision_recall_curve: one
// per distinct score (predicted positive when score >= it) and the final (precision 1,
// recall 0).
struct OperatingPoint {
  enum class Kind { kPrecisionAtRecall, kRecallAtPrecision } kind;
  double at = 0;  // x; NaN when the name's number does not parse
};

// The operating point that `name` names, nullopt when it names none. `at` is NaN for a name
// with the prefix and no number after it ("precision_at_recall_high"): the caller refuses it.
std::optional<OperatingPoint> parse_operating_point(std::string_view name);

// The metric at `point`; NaN when y has no positive row of weight > 0 (recall is undefined:
// sklearn warns and sets it to 1, a gate cannot judge it).
double operating_point_metric(std::span<const std::uint8_t> y, std::span<const double> score,
                              std::span<const double> w, const OperatingPoint& point);

}  // namespace mlops::gate
