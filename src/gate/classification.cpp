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

// Binary metrics and ROC AUC come from the rows grouped by score, walked from the highest score
// down (for_each_group below); the buckets of that sort:
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

// The rows of one score, by truth.
struct Group {
  double score = 0;
  std::size_t positives = 0;  // rows
  std::size_t negatives = 0;
  double positive_weight = 0;  // their weight (the row count when unweighted)
  double negative_weight = 0;
};

// The rows at the end of the ascending run `rows` (below index `end`) whose score is `t`: their
// number and weight. Returns the index of the first of them.
std::size_t take_tied(std::span<const double> rows, std::size_t end, double t, std::size_t& count,
                      double& weight) {
  std::size_t i = end;
  while (i > 0 && rows[i - 1] == t) --i;
  count = end - i;
  weight = static_cast<double>(count);
  return i;
}
std::size_t take_tied(std::span<const Weighted> rows, std::size_t end, double t, std::size_t& count,
                      double& weight) {
  std::size_t i = end;
  Sum sum;
  while (i > 0 && rows[i - 1].score == t) sum.add(rows[--i].weight);
  count = end - i;
  weight = sum.value();
  return i;
}

void sort_run(std::span<double> rows, std::vector<std::uint64_t>& scratch) {
  stats::radix_sort(rows, scratch);
}
void sort_run(std::span<Weighted> rows, std::vector<std::uint64_t>& /*scratch*/) {
  std::sort(rows.begin(), rows.end(),
            [](const Weighted& a, const Weighted& b) { return a.score < b.score; });
}

// Calls on_group(group) for each distinct score of the two ascending runs, from the highest.
template <typename Row, typename OnGroup>
void merge_groups(std::span<const Row> positives, std::span<const Row> negatives,
                  OnGroup& on_group) {
  std::size_t i = positives.size();
  std::size_t j = negatives.size();
  while (i > 0 || j > 0) {
    Group g;
    if (i == 0) {
      g.score = score_of(negatives[j - 1]);
    } else if (j == 0) {
      g.score = score_of(positives[i - 1]);
    } else {
      g.score = std::max(score_of(positives[i - 1]), score_of(negatives[j - 1]));
    }
    i = take_tied(positives, i, g.score, g.positives, g.positive_weight);
    j = take_tied(negatives, j, g.score, g.negatives, g.negative_weight);
    on_group(std::as_const(g));
  }
}

// Calls on_group(group) for each distinct score of n rows, from the highest: row i has score
// score_at(i), is positive when positive_at(i), and weighs w[i] (1 when w is empty).
//
// Positives and negatives go to two runs of one buffer, each grouped into buckets by the top
// bits of an order-preserving key of the score (one counting pass, one scatter); each bucket is
// then sorted on its own, small enough to stay in cache, and the two runs are merged. Memory:
// one element per row (the score, or score and weight) and one bucket's sort scratch.
template <typename ScoreAt, typename PositiveAt, typename OnGroup>
void for_each_group(std::size_t n, ScoreAt score_at, PositiveAt positive_at,
                    std::span<const double> w, OnGroup on_group) {
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

  auto sort_and_merge = [&](auto rows) {
    using Row = typename decltype(rows)::value_type;
    for (std::size_t i = 0; i < n; ++i) {
      Row& slot = rows[next[positive_at(i) ? 1 : 0][bucket(i)]++];
      if constexpr (std::is_same_v<Row, double>) {
        slot = score_at(i);
      } else {
        slot = {score_at(i), w[i]};
      }
    }
    std::vector<std::uint64_t> scratch;
    for (std::size_t b = kBuckets; b > 0; --b) {
      const auto negatives = rows.subspan(starts[0][b - 1], starts[0][b] - starts[0][b - 1]);
      const auto positives = rows.subspan(starts[1][b - 1], starts[1][b] - starts[1][b - 1]);
      sort_run(negatives, scratch);
      sort_run(positives, scratch);
      merge_groups(std::span<const Row>(positives), std::span<const Row>(negatives), on_group);
    }
  };
  if (w.empty()) {
    // Not zero-filled: the scatter writes each element once.
    const auto rows = std::make_unique_for_overwrite<double[]>(n);
    sort_and_merge(std::span<double>(rows.get(), n));
  } else {
    const auto rows = std::make_unique_for_overwrite<Weighted[]>(n);
    sort_and_merge(std::span<Weighted>(rows.get(), n));
  }
}

// ROC AUC and average precision, from the groups of rows walked from the highest score down.
class Ranking {
 public:
  void add(const Group& g) {
    tps_.add(g.positive_weight);
    fps_.add(g.negative_weight);
    const double tp = tps_.value();
    const double fp = fps_.value();
    area_.add((fp - fp_before_) * (tp + tp_before_));
    // Only steps that gain positives count; also skips 0/0 on leading weight-0 rows.
    if (tp > tp_before_) precision_steps_.add((tp - tp_before_) * (tp / (tp + fp)));
    tp_before_ = tp;
    fp_before_ = fp;
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

// The confusion cells, log loss and Brier score, from the groups of rows of one score (a
// group's term is its weight times the term of its score).
class BinarySums {
 public:
  explicit BinarySums(double threshold) : threshold_(threshold) {}
  void add(const Group& g) {
    const std::size_t predicted = g.score >= threshold_ ? 1 : 0;
    rows_[predicted] += g.negatives;
    rows_[2 + predicted] += g.positives;
    cells_[predicted].add(g.negative_weight);
    cells_[2 + predicted].add(g.positive_weight);
    // sklearn builds the column of class 0 as 1 - p before clipping.
    if (g.positives > 0) {
      const double miss = 1 - g.score;
      log_loss_.add(g.positive_weight * -std::log(clip_probability(g.score)));
      brier_.add(g.positive_weight * miss * miss);
    }
    if (g.negatives > 0) {
      log_loss_.add(g.negative_weight * -std::log(clip_probability(1 - g.score)));
      brier_.add(g.negative_weight * g.score * g.score);
    }
  }
  // Cells [2 * truth + predicted]: tn, fp, fn, tp.
  std::size_t rows(std::size_t cell) const { return rows_[cell]; }
  double cell(std::size_t cell) const { return cells_[cell].value(); }
  double log_loss() const { return log_loss_.value(); }
  double brier() const { return brier_.value(); }

 private:
  double threshold_;
  std::array<std::size_t, 4> rows_{};
  std::array<Sum, 4> cells_{};
  Sum log_loss_;
  Sum brier_;
};

}  // namespace

MetricValues binary_metrics(std::span<const std::uint8_t> y, std::span<const double> score,
                            std::span<const double> w, double threshold) {
  const std::size_t n = y.size();
  check_sizes(n, score.size(), w.size());
  if (std::any_of(y.begin(), y.end(), [](std::uint8_t label) { return label > 1; })) {
    throw std::invalid_argument("binary_metrics: label not 0/1");
  }
  Ranking ranking;
  BinarySums sums(threshold);
  for_each_group(
      n, [score](std::size_t i) { return score[i]; }, [y](std::size_t i) { return y[i] == 1; }, w,
      [&](const Group& g) {
        ranking.add(g);
        sums.add(g);
      });
  const double tn = sums.cell(0);
  const double fp = sums.cell(1);
  const double fn = sums.cell(2);
  const double tp = sums.cell(3);
  const double total = tn + fp + fn + tp;

  MetricValues out;
  std::vector<ClassCounts> classes(2);
  // A class occurs when a row has it as truth or prediction, whatever the row's weight.
  classes[0].occurs = sums.rows(0) + sums.rows(1) + sums.rows(2) > 0;
  classes[1].occurs = sums.rows(1) + sums.rows(2) + sums.rows(3) > 0;
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
  out["roc_auc"] = ranking.roc_auc();
  out["average_precision"] = ranking.average_precision();
  out["log_loss"] = sums.log_loss() / total;
  out["brier"] = sums.brier() / total;
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
    Ranking ranking;
    for_each_group(
        n, [proba, k, c](std::size_t i) { return proba[i * k + c]; },
        [y, c](std::size_t i) { return static_cast<std::size_t>(y[i]) == c; }, w,
        [&ranking](const Group& g) { ranking.add(g); });
    const double auc = ranking.roc_auc();
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
