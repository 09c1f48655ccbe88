#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

// Classification metrics equal to scikit-learn 1.5's (to 1e-12 relative, the promise; the
// compensated sums here are good to a few ulps). Conventions shared by every function here:
// - Inputs are validated by the caller: scores and weights finite, weights >= 0, probabilities
//   in [0, 1] (rows summing to 1 for multiclass). The only checks made here throw
//   std::invalid_argument: empty input, mismatched lengths, a label outside its range.
// - `w` holds sample weights; empty means every weight is 1. A weighted count or mean uses them
//   the way sklearn's `sample_weight` does, so integer weights equal repeating rows. All sums
//   are compensated (Neumaier), so results do not drift with the number of rows.
// - zero_division: a precision, recall or F1 whose denominator is 0 is 0.0 (sklearn's default
//   zero_division="warn" returns 0 too, and warns).
// - Class-averaged scores follow sklearn's label set: the classes that occur in y or in the
//   predictions (unique_labels(y_true, y_pred)), whatever their weights.
//   macro = plain mean over those classes; weighted = mean weighted by support (the weighted
//   count of true rows of the class; a plain mean if every support is 0, as sklearn);
//   micro = from the summed tp / predicted / true counts, which for single-label data is the
//   accuracy.
// - F1 = 2 tp / (true + predicted) (sklearn's form of 2PR / (P + R)), 0 when both are 0.
// - balanced_accuracy = mean recall over the classes whose weighted count in y is > 0
//   (sklearn's adjusted=False; classes only predicted are dropped, as sklearn does).
// - ROC AUC: area under sklearn's roc_curve by the trapezoid rule; tied scores form one
//   threshold, so a tied positive/negative pair counts 1/2. NaN when it is undefined: y has only
//   one class, or one class has weight 0 in total (sklearn raises or returns NaN there).
// - average_precision: sklearn's step-wise AP, sum over distinct thresholds (from the highest)
//   of (R_n - R_{n-1}) * P_n, without interpolation; 0 when no row of y is positive (sklearn
//   warns and returns 0).
// - log_loss: the probability given to the true class is clipped to [eps, 1 - eps],
//   eps = std::numeric_limits<double>::epsilon() (sklearn 1.5 uses the dtype's eps); the
//   weighted mean of -ln(p). Rows are not renormalised (sklearn 1.5 dropped that; it only warns
//   when rows do not sum to 1).
// - Rows of weight 0 count for "n" and for which classes occur, and for nothing else.
namespace mlops::gate {

// Metric name -> value; std::map so output order is stable.
using MetricValues = std::map<std::string, double>;

// Binary classification. y: labels 0/1 (anything else throws); score: probability (or any
// score) of class 1; predicted label = score >= threshold. Keys:
//   accuracy, balanced_accuracy;
//   precision, recall, f1: of class 1 (sklearn average='binary', pos_label=1);
//   precision_/recall_/f1_ + macro, micro, weighted: over the classes of y and predictions;
//   roc_auc, average_precision: from the ranking of `score`;
//   log_loss: with p(class 1) = score (so score must be a probability for this one), and
//     defined even if y has one class (sklearn needs labels=[0, 1] then);
//   brier: weighted mean of (score - y)^2;
//   tp, fp, tn, fn: weighted confusion counts; positives: weighted count of y == 1;
//   n: number of rows.
// Every key comes from one sort of the rows by score (positives and negatives apart, bucketed
// by the top bits of the score, each bucket radix-sorted), walked from the highest score down:
// 8 bytes of scratch per row (16 weighted) and one log() per distinct score and class. Labels
// are bytes, so 10 million rows hold 90 MB of input and 80 MB of scratch.
MetricValues binary_metrics(std::span<const std::uint8_t> y, std::span<const double> score,
                            std::span<const double> w, double threshold = 0.5);

// Multiclass classification with k classes. y: labels in [0, k) (others throw); proba:
// row-major n x k class probabilities; predicted class = argmax of the row (the first maximum
// on ties, like numpy.argmax). Keys: accuracy, balanced_accuracy,
// precision_/recall_/f1_ + macro, micro, weighted, log_loss (as sklearn's log_loss(y, proba,
// labels=range(k)); NaN for k < 2, where sklearn raises), n, and
// roc_auc_ovr_macro / roc_auc_ovr_weighted: sklearn's roc_auc_score(multi_class='ovr',
// average=...): one-vs-rest AUC of column c for each class c, then the plain mean, or the mean
// weighted by each class's weighted count in y (a class of weight 0 counts 0; the result is 0
// when the total weight is about 0, |total| <= 1e-8, as sklearn). Both are NaN when a class in
// [0, k) never occurs in y (sklearn raises: y must hold every class of proba's columns).
// k = 2 gives the OvR formula too: class 0 ranked by column 0, class 1 by column 1.
MetricValues multiclass_metrics(std::span<const int> y, std::span<const double> proba,
                                std::size_t k, std::span<const double> w);

// Confusion matrix as sklearn's confusion_matrix(y, pred, labels=range(k), sample_weight=w):
// result[t][p] = weighted count of rows with true class t predicted as p, k x k. Labels outside
// [0, k) throw (sklearn would drop those rows silently).
std::vector<std::vector<double>> confusion_matrix(std::span<const int> y, std::span<const int> pred,
                                                  std::size_t k, std::span<const double> w);

}  // namespace mlops::gate
