#include "gate/classification.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <utility>

#include "stats/compensated_sum.h"

namespace mlops::gate {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kEps = std::numeric_limits<double>::epsilon();

using Sum = stats::CompensatedSum;

double ratio_or_zero(double num, double den) { return den == 0 ? 0.0 : num / den; }

double clip_probability(double p) { return std::clamp(p, kEps, 1 - kEps); }

void check_sizes(std::size_t n, std::size_t other, std::size_t weights) {
  if (n == 0) throw std::invalid_argument("metrics: empty input");
  if (other != n) throw std::invalid_argument("metrics: inputs differ in length");
  if (weights != 0 && weights != n) {
    throw std::invalid_argument("metrics: weights differ in length from the labels");
  }
}

// Weighted counts of one class, seen one-vs-rest.
struct ClassCounts {
  Sum tp;
  Sum predicted;
  Sum truth;
  bool occurs = false;  // in y or in the predictions, whatever the weight
};

// Adds accuracy-like and class-averaged precision / recall / F1 keys.
void add_averaged_scores(const std::vector<ClassCounts>& classes, MetricValues& out) {
  double macro[3] = {0, 0, 0};
  double weighted[3] = {0, 0, 0};
  double support_total = 0;
  double tp_total = 0;
  double predicted_total = 0;
  double truth_total = 0;
  double recall_total = 0;
  int labels = 0;
  int labels_with_support = 0;
  for (const ClassCounts& c : classes) {
    if (!c.occurs) continue;
    const double tp = c.tp.value();
    const double predicted = c.predicted.value();
    const double truth = c.truth.value();
    const double scores[3] = {ratio_or_zero(tp, predicted), ratio_or_zero(tp, truth),
                              ratio_or_zero(2 * tp, truth + predicted)};
    for (int m = 0; m < 3; ++m) {
      macro[m] += scores[m];
      weighted[m] += scores[m] * truth;
    }
    ++labels;
    support_total += truth;
    tp_total += tp;
    predicted_total += predicted;
    truth_total += truth;
    if (truth != 0) {
      recall_total += scores[1];
      ++labels_with_support;
    }
  }
  static constexpr const char* kNames[3] = {"precision", "recall", "f1"};
  for (int m = 0; m < 3; ++m) {
    const std::string name = kNames[m];
    out[name + "_macro"] = macro[m] / labels;
    // sklearn's _nanaverage falls back to the plain mean when every support is 0.
    out[name + "_weighted"] = support_total == 0 ? macro[m] / labels : weighted[m] / support_total;
  }
  out["precision_micro"] = ratio_or_zero(tp_total, predicted_total);
  out["recall_micro"] = ratio_or_zero(tp_total, truth_total);
  out["f1_micro"] = ratio_or_zero(2 * tp_total, truth_total + predicted_total);
  out["balanced_accuracy"] = labels_with_support == 0 ? kNaN : recall_total / labels_with_support;
}

// One row for ranking: the score as an order-preserving integer key, and the row's weight,
// negated for a negative row (a weight-0 row contributes nothing either way).
struct Ranked {
  std::uint64_t key;
  double signed_weight;
};

std::uint64_t rank_key(double score) {
  if (score == 0) score = 0;  // -0.0 and 0.0 are one threshold
  const auto bits = std::bit_cast<std::uint64_t>(score);
  constexpr std::uint64_t kSign = std::uint64_t{1} << 63;
  return (bits & kSign) != 0 ? ~bits : bits | kSign;
}

// LSD radix sort by key, ascending: 6 passes of 11 bits, skipping digits all rows share.
void radix_sort(std::vector<Ranked>& rows) {
  constexpr int kBits = 11;
  constexpr int kPasses = 6;
  constexpr std::size_t kBuckets = std::size_t{1} << kBits;
  const std::size_t n = rows.size();
  std::vector<std::array<std::size_t, kBuckets>> counts(kPasses);
  for (auto& c : counts) c.fill(0);
  for (const Ranked& r : rows) {
    for (int p = 0; p < kPasses; ++p) ++counts[p][(r.key >> (p * kBits)) & (kBuckets - 1)];
  }
  std::vector<Ranked> buffer(n);
  for (int p = 0; p < kPasses; ++p) {
    auto& c = counts[p];
    if (std::find(c.begin(), c.end(), n) != c.end()) continue;
    std::size_t offset = 0;
    for (std::size_t& count : c) offset += std::exchange(count, offset);
    for (const Ranked& r : rows) buffer[c[(r.key >> (p * kBits)) & (kBuckets - 1)]++] = r;
    rows.swap(buffer);
  }
}

struct RankingScores {
  double roc_auc;
  double average_precision;
};

// ROC AUC and average precision from one sort, walking thresholds from the highest score down.
RankingScores ranking_scores(std::vector<Ranked>& rows) {
  radix_sort(rows);
  Sum tps;
  Sum fps;
  Sum area;             // sum of d(fps) * (tps_before + tps_after): twice the area, unnormalised
  Sum precision_steps;  // sum of d(tps) * precision: AP times the total positive weight
  double tp_before = 0;
  double fp_before = 0;
  for (std::size_t i = rows.size(); i > 0;) {
    const std::uint64_t key = rows[i - 1].key;
    do {
      const double v = rows[--i].signed_weight;
      tps.add(v > 0 ? v : 0.0);
      fps.add(v > 0 ? 0.0 : -v);
    } while (i > 0 && rows[i - 1].key == key);
    const double tp = tps.value();
    const double fp = fps.value();
    area.add((fp - fp_before) * (tp + tp_before));
    // Only steps that gain positives count; also skips 0/0 on leading weight-0 rows.
    if (tp > tp_before) precision_steps.add((tp - tp_before) * (tp / (tp + fp)));
    tp_before = tp;
    fp_before = fp;
  }
  const double positives = tp_before;
  const double negatives = fp_before;
  RankingScores result;
  result.roc_auc = positives > 0 && negatives > 0 ? area.value() / positives / negatives / 2 : kNaN;
  result.average_precision = positives > 0 ? precision_steps.value() / positives : 0.0;
  return result;
}

}  // namespace

MetricValues binary_metrics(std::span<const int> y, std::span<const double> score,
                            std::span<const double> w, double threshold) {
  const std::size_t n = y.size();
  check_sizes(n, score.size(), w.size());
  // cells[2 * truth + predicted]: tn, fp, fn, tp.
  Sum cells[4];
  Sum log_loss;
  Sum brier;
  bool truth_occurs[2] = {false, false};
  bool predicted_occurs[2] = {false, false};
  std::vector<Ranked> rows(n);
  for (std::size_t i = 0; i < n; ++i) {
    const int label = y[i];
    if (label != 0 && label != 1) throw std::invalid_argument("binary_metrics: label not 0/1");
    const double s = score[i];
    const double weight = w.empty() ? 1.0 : w[i];
    const int predicted = s >= threshold ? 1 : 0;
    cells[2 * label + predicted].add(weight);
    truth_occurs[label] = true;
    predicted_occurs[predicted] = true;
    // sklearn builds the column of class 0 as 1 - p before clipping.
    log_loss.add(weight * -std::log(clip_probability(label == 1 ? s : 1 - s)));
    const double diff = label - s;
    brier.add(weight * diff * diff);
    rows[i] = {rank_key(s), label == 1 ? weight : -weight};
  }
  const double tn = cells[0].value();
  const double fp = cells[1].value();
  const double fn = cells[2].value();
  const double tp = cells[3].value();
  const double total = tn + fp + fn + tp;

  MetricValues out;
  std::vector<ClassCounts> classes(2);
  for (int c = 0; c < 2; ++c) {
    classes[c].occurs = truth_occurs[c] || predicted_occurs[c];
  }
  classes[0].tp.add(tn);
  classes[0].predicted.add(tn + fn);
  classes[0].truth.add(tn + fp);
  classes[1].tp.add(tp);
  classes[1].predicted.add(tp + fp);
  classes[1].truth.add(tp + fn);
  add_averaged_scores(classes, out);
  out["accuracy"] = (tp + tn) / total;
  out["precision"] = ratio_or_zero(tp, tp + fp);
  out["recall"] = ratio_or_zero(tp, tp + fn);
  out["f1"] = ratio_or_zero(2 * tp, 2 * tp + fp + fn);
  const RankingScores ranking = ranking_scores(rows);
  out["roc_auc"] = ranking.roc_auc;
  out["average_precision"] = ranking.average_precision;
  out["log_loss"] = log_loss.value() / total;
  out["brier"] = brier.value() / total;
  out["tp"] = tp;
  out["fp"] = fp;
  out["tn"] = tn;
  out["fn"] = fn;
  out["positives"] = tp + fn;
  out["n"] = static_cast<double>(n);
  return out;
}

MetricValues multiclass_metrics(std::span<const int> y, std::span<const double> proba,
                                std::size_t k, std::span<const double> w) {
  const std::size_t n = y.size();
  if (k == 0) throw std::invalid_argument("multiclass_metrics: no classes");
  check_sizes(n, proba.size() / k, w.size());
  if (proba.size() % k != 0) throw std::invalid_argument("metrics: inputs differ in length");
  std::vector<ClassCounts> classes(k);
  std::vector<bool> truth_occurs(k, false);
  Sum total;
  Sum correct;
  Sum log_loss;
  for (std::size_t i = 0; i < n; ++i) {
    const int label = y[i];
    if (label < 0 || static_cast<std::size_t>(label) >= k) {
      throw std::invalid_argument("multiclass_metrics: label outside [0, k)");
    }
    const double* row = proba.data() + i * k;
    const auto predicted = static_cast<std::size_t>(std::max_element(row, row + k) - row);
    const double weight = w.empty() ? 1.0 : w[i];
    ClassCounts& truth = classes[label];
    truth.truth.add(weight);
    truth.occurs = true;
    truth_occurs[label] = true;
    classes[predicted].predicted.add(weight);
    classes[predicted].occurs = true;
    if (predicted == static_cast<std::size_t>(label)) {
      truth.tp.add(weight);
      correct.add(weight);
    }
    total.add(weight);
    log_loss.add(weight * -std::log(clip_probability(row[label])));
  }
  MetricValues out;
  add_averaged_scores(classes, out);
  out["accuracy"] = correct.value() / total.value();
  out["log_loss"] = k < 2 ? kNaN : log_loss.value() / total.value();
  out["n"] = static_cast<double>(n);

  // One-vs-rest AUC per class; sklearn requires every class to occur in y.
  if (!std::all_of(truth_occurs.begin(), truth_occurs.end(), [](bool b) { return b; })) {
    out["roc_auc_ovr_macro"] = kNaN;
    out["roc_auc_ovr_weighted"] = kNaN;
    return out;
  }
  std::vector<Ranked> rows(n);
  Sum macro;
  Sum weighted;
  Sum support_total;
  for (std::size_t c = 0; c < k; ++c) {
    for (std::size_t i = 0; i < n; ++i) {
      const double weight = w.empty() ? 1.0 : w[i];
      rows[i] = {rank_key(proba[i * k + c]),
                 static_cast<std::size_t>(y[i]) == c ? weight : -weight};
    }
    const double auc = ranking_scores(rows).roc_auc;
    const double support = classes[c].truth.value();
    macro.add(auc);
    // sklearn zeroes the score of a class of weight 0 so a NaN there does not spread.
    if (support != 0) weighted.add(auc * support);
    support_total.add(support);
  }
  out["roc_auc_ovr_macro"] = macro.value() / static_cast<double>(k);
  out["roc_auc_ovr_weighted"] =
      std::abs(support_total.value()) <= 1e-8 ? 0.0 : weighted.value() / support_total.value();
  return out;
}

std::vector<std::vector<double>> confusion_matrix(std::span<const int> y, std::span<const int> pred,
                                                  std::size_t k, std::span<const double> w) {
  const std::size_t n = y.size();
  check_sizes(n, pred.size(), w.size());
  std::vector<Sum> cells(k * k);
  for (std::size_t i = 0; i < n; ++i) {
    const int t = y[i];
    const int p = pred[i];
    if (t < 0 || p < 0 || static_cast<std::size_t>(t) >= k || static_cast<std::size_t>(p) >= k) {
      throw std::invalid_argument("confusion_matrix: label outside [0, k)");
    }
    cells[static_cast<std::size_t>(t) * k + static_cast<std::size_t>(p)].add(w.empty() ? 1.0
                                                                                       : w[i]);
  }
  std::vector<std::vector<double>> out(k, std::vector<double>(k));
  for (std::size_t t = 0; t < k; ++t) {
    for (std::size_t p = 0; p < k; ++p) out[t][p] = cells[t * k + p].value();
  }
  return out;
}

}  // namespace mlops::gate
