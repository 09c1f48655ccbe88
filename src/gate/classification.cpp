#include "gate/classification.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "stats/compensated_sum.h"
#include "stats/radix_sort.h"

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

// ROC AUC and average precision need the rows in score order. Positives and negatives go to
// two runs of one buffer, each grouped into buckets by the top bits of an order-preserving key
// of the score (one counting pass, one scatter); each bucket is then sorted on its own, small
// enough to stay in cache, and the two runs are merged from the highest score down. Memory: one
// element per row (the score, or score and weight) and one bucket's sort scratch.
constexpr int kBucketBits = 11;
constexpr std::size_t kBuckets = std::size_t{1} << kBucketBits;

// The score as an unsigned integer that orders like it; -0.0 and 0.0 are one threshold.
std::uint64_t rank_key(double score) {
  if (score == 0) score = 0;
  const auto bits = std::bit_cast<std::uint64_t>(score);
  constexpr std::uint64_t kSign = std::uint64_t{1} << 63;
  return (bits & kSign) != 0 ? ~bits : bits | kSign;
}

// A row of a weighted ranking.
struct Weighted {
  double score;
  double weight;
};

double score_of(double s) { return s; }
double score_of(const Weighted& r) { return r.score; }

// Adds the weight of the rows at the end of the ascending run `rows` (from index `end` down)
// whose score is `t` to `sum`; returns the index of the first of them.
std::size_t take_tied(std::span<const double> rows, std::size_t end, double t, Sum& sum) {
  std::size_t i = end;
  while (i > 0 && rows[i - 1] == t) --i;
  sum.add(static_cast<double>(end - i));  // exact: unit weights
  return i;
}
std::size_t take_tied(std::span<const Weighted> rows, std::size_t end, double t, Sum& sum) {
  std::size_t i = end;
  while (i > 0 && rows[i - 1].score == t) sum.add(rows[--i].weight);
  return i;
}

void sort_run(std::span<double> rows, std::vector<std::uint64_t>& scratch) {
  stats::radix_sort(rows, scratch);
}
void sort_run(std::span<Weighted> rows, std::vector<std::uint64_t>& /*scratch*/) {
  std::sort(rows.begin(), rows.end(),
            [](const Weighted& a, const Weighted& b) { return a.score < b.score; });
}

// The walk over thresholds from the highest score down.
class RankingWalk {
 public:
  // Both runs ascending, holding only scores above every score walked so far.
  template <typename Row>
  void walk(std::span<const Row> positives, std::span<const Row> negatives) {
    std::size_t i = positives.size();
    std::size_t j = negatives.size();
    while (i > 0 || j > 0) {
      double t;
      if (i == 0) {
        t = score_of(negatives[j - 1]);
      } else if (j == 0) {
        t = score_of(positives[i - 1]);
      } else {
        t = std::max(score_of(positives[i - 1]), score_of(negatives[j - 1]));
      }
      i = take_tied(positives, i, t, tps_);
      j = take_tied(negatives, j, t, fps_);
      const double tp = tps_.value();
      const double fp = fps_.value();
      area_.add((fp - fp_before_) * (tp + tp_before_));
      // Only steps that gain positives count; also skips 0/0 on leading weight-0 rows.
      if (tp > tp_before_) precision_steps_.add((tp - tp_before_) * (tp / (tp + fp)));
      tp_before_ = tp;
      fp_before_ = fp;
    }
  }

  double roc_auc() const {
    return tp_before_ > 0 && fp_before_ > 0 ? area_.value() / tp_before_ / fp_before_ / 2 : kNaN;
  }
  double average_precision() const {
    return tp_before_ > 0 ? precision_steps_.value() / tp_before_ : 0.0;
  }

 private:
  Sum tps_;
  Sum fps_;
  Sum area_;             // sum of d(fps) * (tps_before + tps_after): twice the area, unnormalised
  Sum precision_steps_;  // sum of d(tps) * precision: AP times the total positive weight
  double tp_before_ = 0;
  double fp_before_ = 0;
};

struct RankingScores {
  double roc_auc;
  double average_precision;
};

// ROC AUC and average precision of n rows: row i has score score_at(i), is positive when
// positive_at(i), and weighs w[i] (1 when w is empty).
template <typename ScoreAt, typename PositiveAt>
RankingScores ranking_scores(std::size_t n, ScoreAt score_at, PositiveAt positive_at,
                             std::span<const double> w) {
  std::uint64_t low = ~std::uint64_t{0};
  std::uint64_t high = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t key = rank_key(score_at(i));
    low = std::min(low, key);
    high = std::max(high, key);
  }
  const int range_bits = std::bit_width(high - low);
  const int shift = range_bits > kBucketBits ? range_bits - kBucketBits : 0;
  auto bucket = [&](std::size_t i) { return (rank_key(score_at(i)) - low) >> shift; };

  // starts[0][b] / starts[1][b]: where bucket b of the negatives / positives begins. The
  // positives' run follows the negatives'.
  std::vector<std::array<std::size_t, kBuckets + 1>> starts(2);
  for (auto& s : starts) s.fill(0);
  for (std::size_t i = 0; i < n; ++i) ++starts[positive_at(i) ? 1 : 0][bucket(i) + 1];
  std::size_t offset = 0;
  for (auto& s : starts) {
    s[0] = offset;
    for (std::size_t b = 1; b <= kBuckets; ++b) s[b] += s[b - 1];
    offset = s[kBuckets];
  }
  std::array<std::array<std::size_t, kBuckets>, 2> next{};
  for (int l = 0; l < 2; ++l) std::copy_n(starts[l].begin(), kBuckets, next[l].begin());

  auto walk_buckets = [&](auto rows) {
    for (std::size_t i = 0; i < n; ++i) {
      using Row = typename std::decay_t<decltype(rows)>::value_type;
      const int l = positive_at(i) ? 1 : 0;
      Row& slot = rows[next[l][bucket(i)]++];
      if constexpr (std::is_same_v<Row, double>) {
        slot = score_at(i);
      } else {
        slot = {score_at(i), w[i]};
      }
    }
    RankingWalk walk;
    std::vector<std::uint64_t> scratch;
    using Row = typename std::decay_t<decltype(rows)>::value_type;
    const std::span<Row> all(rows);
    for (std::size_t b = kBuckets; b > 0; --b) {
      const std::span<Row> negatives =
          all.subspan(starts[0][b - 1], starts[0][b] - starts[0][b - 1]);
      const std::span<Row> positives =
          all.subspan(starts[1][b - 1], starts[1][b] - starts[1][b - 1]);
      sort_run(negatives, scratch);
      sort_run(positives, scratch);
      walk.walk(std::span<const Row>(positives), std::span<const Row>(negatives));
    }
    return RankingScores{walk.roc_auc(), walk.average_precision()};
  };
  if (w.empty()) {
    const auto rows =
        std::make_unique_for_overwrite<double[]>(n);  // each written once by the scatter
    return walk_buckets(std::span<double>(rows.get(), n));
  }
  const auto rows = std::make_unique_for_overwrite<Weighted[]>(n);
  return walk_buckets(std::span<Weighted>(rows.get(), n));
}

// The per-row sums of binary_metrics.
struct BinarySums {
  std::size_t rows[4] = {0, 0, 0, 0};  // [2 * truth + predicted]: tn, fp, fn, tp rows
  double cells[4] = {0, 0, 0, 0};      // the same, weighted
  Sum log_loss;
  Sum brier;
};

// Unweighted, the cells are the row counts (exact), and a weight of 1 multiplies nothing.
template <bool kWeighted>
BinarySums binary_sums(std::span<const std::uint8_t> y, std::span<const double> score,
                       std::span<const double> w, double threshold) {
  BinarySums sums;
  Sum cells[4];
  for (std::size_t i = 0; i < y.size(); ++i) {
    const int label = y[i];
    if (label > 1) throw std::invalid_argument("binary_metrics: label not 0/1");
    const double s = score[i];
    const int cell = 2 * label + (s >= threshold ? 1 : 0);
    ++sums.rows[cell];
    // sklearn builds the column of class 0 as 1 - p before clipping.
    const double loss = -std::log(clip_probability(label == 1 ? s : 1 - s));
    const double diff = label - s;
    if constexpr (kWeighted) {
      const double weight = w[i];
      cells[cell].add(weight);
      sums.log_loss.add(weight * loss);
      sums.brier.add(weight * diff * diff);
    } else {
      sums.log_loss.add(loss);
      sums.brier.add(diff * diff);
    }
  }
  for (int c = 0; c < 4; ++c) {
    sums.cells[c] = kWeighted ? cells[c].value() : static_cast<double>(sums.rows[c]);
  }
  return sums;
}

}  // namespace

MetricValues binary_metrics(std::span<const std::uint8_t> y, std::span<const double> score,
                            std::span<const double> w, double threshold) {
  const std::size_t n = y.size();
  check_sizes(n, score.size(), w.size());
  const BinarySums sums = w.empty() ? binary_sums<false>(y, score, w, threshold)
                                    : binary_sums<true>(y, score, w, threshold);
  const double tn = sums.cells[0];
  const double fp = sums.cells[1];
  const double fn = sums.cells[2];
  const double tp = sums.cells[3];
  const double total = tn + fp + fn + tp;

  MetricValues out;
  std::vector<ClassCounts> classes(2);
  // A class occurs when a row has it as truth or prediction, whatever the row's weight.
  classes[0].occurs = sums.rows[0] + sums.rows[1] + sums.rows[2] > 0;
  classes[1].occurs = sums.rows[1] + sums.rows[2] + sums.rows[3] > 0;
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
  const RankingScores ranking = ranking_scores(
      n, [score](std::size_t i) { return score[i]; }, [y](std::size_t i) { return y[i] == 1; }, w);
  out["roc_auc"] = ranking.roc_auc;
  out["average_precision"] = ranking.average_precision;
  out["log_loss"] = sums.log_loss.value() / total;
  out["brier"] = sums.brier.value() / total;
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
  Sum macro;
  Sum weighted;
  Sum support_total;
  for (std::size_t c = 0; c < k; ++c) {
    const double auc = ranking_scores(
                           n, [proba, k, c](std::size_t i) { return proba[i * k + c]; },
                           [y, c](std::size_t i) { return static_cast<std::size_t>(y[i]) == c; }, w)
                           .roc_auc;
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
