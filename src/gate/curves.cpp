#include "gate/curves.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>
#include <string_view>

namespace mlops::gate {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double weight_at(std::span<const double> w, std::size_t i) { return w.empty() ? 1.0 : w[i]; }

// One point of the precision-recall curve.
struct PrPoint {
  double precision, recall;
};

// sklearn's precision_recall_curve: the cumulative weighted true and false positives at each
// distinct score from the highest down (_binary_clf_curve), then (precision 1, recall 0).
// Empty when no positive row has weight.
std::vector<PrPoint> pr_curve(std::span<const std::uint8_t> y, std::span<const double> score,
                              std::span<const double> w) {
  std::vector<std::size_t> order(score.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
  std::vector<std::pair<double, double>> counts;  // (tps, fps) per distinct score
  double tps = 0, fps = 0;
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t i = order[k];
    (y[i] ? tps : fps) += weight_at(w, i);
    if (k + 1 == order.size() || score[order[k + 1]] != score[i]) counts.emplace_back(tps, fps);
  }
  std::vector<PrPoint> points;
  if (!(tps > 0)) return points;
  for (const auto& [t, f] : counts) {
    points.push_back({t + f != 0 ? t / (t + f) : 0.0, t / tps});
  }
  points.push_back({1.0, 0.0});
  return points;
}

}  // namespace

Calibration calibration(std::span<const std::uint8_t> y, std::span<const double> score,
                        std::span<const double> w, int bins) {
  Calibration c;
  c.bins = bins;
  const double step = 1.0 / bins;
  // The inner edges as numpy.linspace computes them (i * step), so a score on an edge falls
  // in the bin sklearn puts it in.
  std::vector<double> inner;
  for (int i = 1; i < bins; ++i) inner.push_back(i * step);
  std::vector<double> total(bins), predicted(bins), positive(bins);
  double all = 0;
  for (std::size_t i = 0; i < score.size(); ++i) {
    const auto b = static_cast<std::size_t>(std::lower_bound(inner.begin(), inner.end(), score[i]) -
                                            inner.begin());
    const double wi = weight_at(w, i);
    total[b] += wi;
    predicted[b] += wi * score[i];
    positive[b] += wi * y[i];
    all += wi;
  }
  double ece = 0;
  for (int b = 0; b < bins; ++b) {
    if (!(total[b] > 0)) continue;
    ReliabilityBin r;
    r.lower = b * step;
    r.upper = b + 1 == bins ? 1.0 : (b + 1) * step;
    r.weight = total[b];
    r.mean_predicted = predicted[b] / total[b];
    r.fraction_positive = positive[b] / total[b];
    ece += total[b] / all * std::fabs(r.fraction_positive - r.mean_predicted);
    c.curve.push_back(r);
  }
  c.ece = all > 0 ? ece : kNaN;
  return c;
}

std::optional<OperatingPoint> parse_operating_point(std::string_view name) {
  static constexpr std::string_view kPrecision = "precision_at_recall_";
  static constexpr std::string_view kRecall = "recall_at_precision_";
  OperatingPoint p{};
  if (name.substr(0, kPrecision.size()) == kPrecision) {
    p.kind = OperatingPoint::Kind::kPrecisionAtRecall;
    name.remove_prefix(kPrecision.size());
  } else if (name.substr(0, kRecall.size()) == kRecall) {
    p.kind = OperatingPoint::Kind::kRecallAtPrecision;
    name.remove_prefix(kRecall.size());
  } else {
    return std::nullopt;
  }
  const char* end = name.data() + name.size();
  auto [ptr, ec] = std::from_chars(name.data(), end, p.at, std::chars_format::fixed);
  if (name.empty() || ec != std::errc() || ptr != end) p.at = kNaN;
  return p;
}

double operating_point_metric(std::span<const std::uint8_t> y, std::span<const double> score,
                              std::span<const double> w, const OperatingPoint& point) {
  const std::vector<PrPoint> curve = pr_curve(y, score, w);
  if (curve.empty()) return kNaN;
  double best = 0;
  for (const PrPoint& p : curve) {
    if (point.kind == OperatingPoint::Kind::kPrecisionAtRecall) {
      if (p.recall >= point.at) best = std::max(best, p.precision);
    } else if (p.precision >= point.at) {
      best = std::max(best, p.recall);
    }
  }
  return best;
}

}  // namespace mlops::gate
