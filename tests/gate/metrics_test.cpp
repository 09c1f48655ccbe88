#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "gate/classification.h"
#include "gate/regression.h"

namespace mlops::gate {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

// The promise: equal to scikit-learn's to 1e-12 relative.
#define EXPECT_METRIC(actual, expected)                                                    \
  do {                                                                                     \
    const double expected_value = (expected);                                              \
    EXPECT_NEAR((actual), expected_value, 1e-12 * std::max(1.0, std::abs(expected_value))) \
        << #actual;                                                                        \
  } while (0)

const std::vector<double> kNoWeights;

// Expected values of every key in `expected` (those not named in `skip`).
void ExpectSameMetrics(const MetricValues& actual, const MetricValues& expected,
                       const std::set<std::string>& skip = {}) {
  ASSERT_EQ(actual.size(), expected.size());
  for (const auto& [name, value] : expected) {
    if (skip.count(name) != 0) continue;
    ASSERT_EQ(actual.count(name), 1u) << name;
    if (std::isnan(value)) {
      EXPECT_TRUE(std::isnan(actual.at(name))) << name;
    } else {
      EXPECT_NEAR(actual.at(name), value, 1e-12 * std::max(1.0, std::abs(value))) << name;
    }
  }
}

// One-hot probability rows (row-major n x k) for label predictions.
std::vector<double> OneHot(const std::vector<int>& pred, std::size_t k) {
  std::vector<double> proba(pred.size() * k, 0.0);
  for (std::size_t i = 0; i < pred.size(); ++i) proba[i * k + pred[i]] = 1.0;
  return proba;
}

// Brute-force weighted ROC AUC as the Mann-Whitney statistic: over every (positive, negative)
// pair, w_pos * w_neg * (1 if the positive scores higher, 1/2 on a tie), over P * N. This is
// the area under the trapezoid ROC curve, computed without sorting.
double BruteForceRocAuc(const std::vector<std::uint8_t>& y, const std::vector<double>& s,
                        const std::vector<double>& w) {
  double pairs = 0;
  double positives = 0;
  double negatives = 0;
  for (std::size_t i = 0; i < y.size(); ++i) (y[i] == 1 ? positives : negatives) += w[i];
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (y[i] != 1) continue;
    for (std::size_t j = 0; j < y.size(); ++j) {
      if (y[j] != 0) continue;
      pairs += w[i] * w[j] * (s[i] > s[j] ? 1.0 : s[i] == s[j] ? 0.5 : 0.0);
    }
  }
  return pairs / (positives * negatives);
}

// Brute-force step-wise average precision: for each distinct score t, from the highest,
// precision and recall of "score >= t", summing (R_t - R_previous) * P_t.
double BruteForceAveragePrecision(const std::vector<std::uint8_t>& y, const std::vector<double>& s,
                                  const std::vector<double>& w) {
  std::vector<double> thresholds(s.begin(), s.end());
  std::sort(thresholds.rbegin(), thresholds.rend());
  thresholds.erase(std::unique(thresholds.begin(), thresholds.end()), thresholds.end());
  double positives = 0;
  for (std::size_t i = 0; i < y.size(); ++i) positives += y[i] * w[i];
  double ap = 0;
  double recall_before = 0;
  for (double t : thresholds) {
    double tp = 0;
    double selected = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
      if (s[i] >= t) {
        tp += y[i] * w[i];
        selected += w[i];
      }
    }
    const double recall = tp / positives;
    if (recall > recall_before) ap += (recall - recall_before) * (tp / selected);
    recall_before = recall;
  }
  return ap;
}

TEST(BinaryMetricsTest, RankingMetricsOfTheGivenReferenceWithTiedScores) {
  // Given reference: ROC AUC 0.888888888888889, AP 0.8333333333333333. By hand: positives
  // score .4, .8, .4 and negatives .1, .4, .2; of 9 pairs .8 wins 3, each .4 wins 2 and ties 1
  // (.4 vs .4) -> 8/9. AP: at .8 P=1 R=1/3; at .4 P=3/4 R=1 -> 1/3 + (2/3)(3/4) = 5/6.
  const std::vector<std::uint8_t> y = {0, 0, 1, 1, 1, 0};
  const std::vector<double> s = {.1, .4, .4, .8, .4, .2};
  const MetricValues m = binary_metrics(y, s, kNoWeights);
  EXPECT_METRIC(m.at("roc_auc"), 0.888888888888889);
  EXPECT_METRIC(m.at("average_precision"), 0.8333333333333333);
}

TEST(BinaryMetricsTest, RocAucAndAveragePrecisionOfTheSklearnDocsExample) {
  // roc_auc_score docs: y=[0,0,1,1], scores=[0.1,0.4,0.35,0.8] -> 0.75;
  // average_precision_score docs, same data -> 0.8333333333333333 (0.83...). By hand, AP: at
  // .8 P=1 R=1/2; .4 adds a negative; at .35 P=2/3 R=1 -> 1/2 + (1/2)(2/3) = 5/6.
  const std::vector<std::uint8_t> y = {0, 0, 1, 1};
  const std::vector<double> s = {0.1, 0.4, 0.35, 0.8};
  const MetricValues m = binary_metrics(y, s, kNoWeights);
  EXPECT_METRIC(m.at("roc_auc"), 0.75);
  EXPECT_METRIC(m.at("average_precision"), 5.0 / 6.0);
}

TEST(BinaryMetricsTest, LogLossOfTheSklearnDocsExample) {
  // log_loss(["spam","ham","ham","spam"], [[.1,.9],[.9,.1],[.8,.2],[.35,.65]]) =
  // 0.21616187468057912 (docs). Classes sort as ham=0, spam=1, so y=[1,0,0,1] and
  // p(spam)=[.9,.1,.2,.65]: -(ln .9 + ln .9 + ln .8 + ln .65) / 4.
  const std::vector<std::uint8_t> y = {1, 0, 0, 1};
  const std::vector<double> s = {.9, .1, .2, .65};
  EXPECT_METRIC(binary_metrics(y, s, kNoWeights).at("log_loss"), 0.21616187468057912);
}

TEST(BinaryMetricsTest, LogLossClipsCertainWrongAnswersAtMachineEpsilon) {
  // Given reference: log_loss(y=[0,1], p=[1,0]) = 36.04365338911715 = -ln(2^-52) = 52 ln 2.
  const std::vector<std::uint8_t> y = {0, 1};
  const std::vector<double> s = {1.0, 0.0};
  EXPECT_METRIC(binary_metrics(y, s, kNoWeights).at("log_loss"), 36.04365338911715);
}

TEST(BinaryMetricsTest, BrierScoreOfTheSklearnDocsExample) {
  // brier_score_loss docs: y_true=[0,1,1,0], y_prob=[0.1,0.9,0.8,0.3] -> 0.037500000000000006
  // ((.01 + .01 + .04 + .09) / 4 = 0.0375).
  const std::vector<std::uint8_t> y = {0, 1, 1, 0};
  const std::vector<double> s = {0.1, 0.9, 0.8, 0.3};
  EXPECT_METRIC(binary_metrics(y, s, kNoWeights).at("brier"), 0.037500000000000006);
}

TEST(BinaryMetricsTest, BalancedAccuracyOfTheSklearnDocsExample) {
  // balanced_accuracy_score docs: y_true=[0,1,0,0,1,0], y_pred=[0,1,0,0,0,1] -> 0.625
  // (recall 3/4 for class 0, 1/2 for class 1). Scores 0/1 predict themselves at 0.5.
  const std::vector<std::uint8_t> y = {0, 1, 0, 0, 1, 0};
  const std::vector<double> s = {0, 1, 0, 0, 0, 1};
  EXPECT_METRIC(binary_metrics(y, s, kNoWeights).at("balanced_accuracy"), 0.625);
}

TEST(BinaryMetricsTest, EveryKeyOfAHandComputedExample) {
  // y = 0 0 0 0 1 1, s = .1 .6 .2 .7 .8 .3, threshold .5 -> predictions 0 1 0 1 1 0.
  // tn=2 (rows 0,2) fp=2 (rows 1,3) fn=1 (row 5) tp=1 (row 4).
  // Class 1: P=1/3 R=1/2 F1=2*1/(2+3)=2/5. Class 0: tp=2 predicted=3 true=4: P=2/3 R=1/2
  // F1=2*2/(4+3)=4/7. Supports 4 (class 0) and 2 (class 1).
  const std::vector<std::uint8_t> y = {0, 0, 0, 0, 1, 1};
  const std::vector<double> s = {.1, .6, .2, .7, .8, .3};
  const MetricValues m = binary_metrics(y, s, kNoWeights);
  const MetricValues expected = {
      {"accuracy", 3.0 / 6.0},
      {"balanced_accuracy", (0.5 + 0.5) / 2},
      {"precision", 1.0 / 3.0},
      {"recall", 0.5},
      {"f1", 0.4},
      {"precision_macro", (1.0 / 3.0 + 2.0 / 3.0) / 2},  // 0.5
      {"recall_macro", 0.5},
      {"f1_macro", (0.4 + 4.0 / 7.0) / 2},                              // 17/35
      {"precision_weighted", (4 * (2.0 / 3.0) + 2 * (1.0 / 3.0)) / 6},  // 5/9
      {"recall_weighted", 0.5},
      {"f1_weighted", (4 * (4.0 / 7.0) + 2 * 0.4) / 6},  // 18/35
      {"precision_micro", 0.5},                          // = accuracy
      {"recall_micro", 0.5},
      {"f1_micro", 0.5},
      // Positives .8 and .3 against negatives .1 .6 .2 .7: .8 wins 4, .3 wins 2 -> 6/8.
      {"roc_auc", 0.75},
      // At .8: P=1 R=1/2; .7 and .6 add negatives; at .3: P=2/4 R=1 -> 1/2 + (1/2)(1/2).
      {"average_precision", 0.75},
      // -ln(1 - s) for negatives, -ln(s) for positives, averaged.
      {"log_loss", -(std::log(1 - .1) + std::log(1 - .6) + std::log(1 - .2) + std::log(1 - .7) +
                     std::log(.8) + std::log(.3)) /
                       6},
      // (.01 + .36 + .04 + .49 + .04 + .49) / 6 = 1.43 / 6.
      {"brier", 1.43 / 6},
      {"tp", 1},
      {"fp", 2},
      {"tn", 2},
      {"fn", 1},
      {"n", 6},
      {"positives", 2},
  };
  ExpectSameMetrics(m, expected);
}

TEST(BinaryMetricsTest, ScoreEqualToTheThresholdPredictsPositive) {
  // s >= threshold: 0.3 at threshold 0.3 is positive, so tp=1; 0.2 is negative.
  const std::vector<std::uint8_t> y = {1, 0};
  const std::vector<double> s = {0.3, 0.2};
  const MetricValues m = binary_metrics(y, s, kNoWeights, 0.3);
  EXPECT_EQ(m.at("tp"), 1.0);
  EXPECT_EQ(m.at("tn"), 1.0);
  EXPECT_EQ(m.at("accuracy"), 1.0);
}

TEST(BinaryMetricsTest, NegativeAndSignedZeroScoresRankCorrectly) {
  // Scores need not be probabilities for ranking. -0.0 and 0.0 are one threshold: positive
  // -0.0 beats -1.5 and ties 0.0 (1.5 of 2 pairs); positive 2.5 beats both -> 3.5 / 4.
  // AP: at 2.5 P=1 R=1/2; at 0 (two rows) P=2/3 R=1 -> 1/2 + (1/2)(2/3) = 5/6.
  const std::vector<std::uint8_t> y = {0, 1, 0, 1};
  const std::vector<double> s = {-1.5, -0.0, 0.0, 2.5};
  const MetricValues m = binary_metrics(y, s, kNoWeights);
  EXPECT_METRIC(m.at("roc_auc"), 0.875);
  EXPECT_METRIC(m.at("average_precision"), 5.0 / 6.0);
}

TEST(BinaryMetricsTest, OnlyNegativesInTruthAndPredictions) {
  // Only class 0 occurs, so sklearn's label set is {0}: macro/weighted/micro scores are those
  // of class 0 (all 1); class 1 (average='binary') has zero denominators -> 0. ROC AUC is
  // undefined -> NaN; AP with no positive is 0 (sklearn warns and returns 0).
  const std::vector<std::uint8_t> y = {0, 0, 0};
  const std::vector<double> s = {.1, .2, .3};
  const MetricValues m = binary_metrics(y, s, kNoWeights);
  EXPECT_EQ(m.at("precision"), 0.0);
  EXPECT_EQ(m.at("recall"), 0.0);
  EXPECT_EQ(m.at("f1"), 0.0);
  EXPECT_EQ(m.at("precision_macro"), 1.0);
  EXPECT_EQ(m.at("recall_macro"), 1.0);
  EXPECT_EQ(m.at("f1_macro"), 1.0);
  EXPECT_EQ(m.at("f1_weighted"), 1.0);
  EXPECT_EQ(m.at("f1_micro"), 1.0);
  EXPECT_EQ(m.at("balanced_accuracy"), 1.0);
  EXPECT_TRUE(std::isnan(m.at("roc_auc")));
  EXPECT_EQ(m.at("average_precision"), 0.0);
  EXPECT_EQ(m.at("positives"), 0.0);
  // -(ln .9 + ln .8 + ln .7) / 3, with 1 - s as sklearn forms it.
  EXPECT_METRIC(m.at("log_loss"), -(std::log(1 - .1) + std::log(1 - .2) + std::log(1 - .3)) / 3);
}

TEST(BinaryMetricsTest, OnlyPositivesInTruthGiveNanAucAndUnitAveragePrecision) {
  // No negatives: ROC AUC undefined (NaN). Precision is 1 at every threshold, so AP = 1.
  const std::vector<std::uint8_t> y = {1, 1, 1};
  const std::vector<double> s = {.9, .4, .7};
  const MetricValues m = binary_metrics(y, s, kNoWeights);
  EXPECT_TRUE(std::isnan(m.at("roc_auc")));
  EXPECT_METRIC(m.at("average_precision"), 1.0);
  // Predictions 1 0 1: class 1 P=2/2 R=2/3; class 0 never true (recall 0/0 -> 0), predicted
  // once wrongly (P=0). balanced_accuracy ignores class 0 (no true rows) -> 2/3.
  EXPECT_METRIC(m.at("precision"), 1.0);
  EXPECT_METRIC(m.at("recall"), 2.0 / 3.0);
  EXPECT_METRIC(m.at("balanced_accuracy"), 2.0 / 3.0);
  EXPECT_METRIC(m.at("recall_macro"), (2.0 / 3.0 + 0.0) / 2);
  // Weighted by support 3 (class 1) and 0 (class 0): class 1's F1 = 2*2/(3+2) = 0.8.
  EXPECT_METRIC(m.at("f1_weighted"), 0.8);
}

TEST(BinaryMetricsTest, NoPositivePredictionGivesZeroPrecisionAndF1) {
  // Threshold above every score: tp = fp = 0, so precision = 0/0 -> 0 (zero_division), and
  // recall = 0/2, F1 = 0/(2+0) = 0. Class 0: P = 2/4, R = 1, F1 = 2*2/(2+4) = 2/3.
  const std::vector<std::uint8_t> y = {1, 0, 1, 0};
  const std::vector<double> s = {.6, .2, .7, .1};
  const MetricValues m = binary_metrics(y, s, kNoWeights, 0.99);
  EXPECT_EQ(m.at("precision"), 0.0);
  EXPECT_EQ(m.at("recall"), 0.0);
  EXPECT_EQ(m.at("f1"), 0.0);
  EXPECT_METRIC(m.at("precision_macro"), (0.0 + 0.5) / 2);
  EXPECT_METRIC(m.at("f1_macro"), (0.0 + 2.0 / 3.0) / 2);
  EXPECT_METRIC(m.at("roc_auc"), 1.0);  // the ranking is perfect regardless of threshold
}

TEST(BinaryMetricsTest, IntegerWeightsEqualRepeatedRows) {
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> coin(0, 1);
  std::uniform_int_distribution<int> repeats(0, 3);
  std::uniform_int_distribution<int> level(0, 20);  // coarse scores: many ties
  std::vector<std::uint8_t> y, y_expanded;
  std::vector<double> s, w, s_expanded;
  for (int i = 0; i < 300; ++i) {
    y.push_back(coin(rng));
    s.push_back(level(rng) / 20.0);
    w.push_back(repeats(rng));
    for (int r = 0; r < w.back(); ++r) {
      y_expanded.push_back(y.back());
      s_expanded.push_back(s.back());
    }
  }
  const MetricValues weighted = binary_metrics(y, s, w, 0.4);
  const MetricValues expanded = binary_metrics(y_expanded, s_expanded, kNoWeights, 0.4);
  ExpectSameMetrics(weighted, expanded, {"n"});
  EXPECT_EQ(weighted.at("n"), 300.0);
  EXPECT_EQ(expanded.at("n"), static_cast<double>(y_expanded.size()));
}

TEST(BinaryMetricsTest, RankingMetricsMatchBruteForceWithWeightsAndTies) {
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<int> coin(0, 1);
  std::uniform_int_distribution<int> level(0, 30);
  std::uniform_real_distribution<double> weight(0.0, 2.0);
  std::vector<std::uint8_t> y;
  std::vector<double> s, w;
  for (int i = 0; i < 400; ++i) {
    y.push_back(coin(rng));
    s.push_back(level(rng) / 30.0 - 0.5);  // negative scores too
    w.push_back(i % 17 == 0 ? 0.0 : weight(rng));
  }
  const MetricValues m = binary_metrics(y, s, w);
  EXPECT_METRIC(m.at("roc_auc"), BruteForceRocAuc(y, s, w));
  EXPECT_METRIC(m.at("average_precision"), BruteForceAveragePrecision(y, s, w));
}

// Per-row log loss and Brier score as sklearn forms them, summed directly.
void ExpectPerRowLossAndBrier(const MetricValues& m, const std::vector<std::uint8_t>& y,
                              const std::vector<double>& s) {
  double loss = 0;
  double brier = 0;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const double p = std::clamp(y[i] == 1 ? s[i] : 1 - s[i], kEps, 1 - kEps);
    loss -= std::log(p);
    brier += (y[i] - s[i]) * (y[i] - s[i]);
  }
  EXPECT_NEAR(m.at("log_loss"), loss / static_cast<double>(y.size()), 1e-12);
  EXPECT_NEAR(m.at("brier"), brier / static_cast<double>(y.size()), 1e-12);
}

TEST(BinaryMetricsTest, ThousandsOfRowsMatchBruteForceAcrossSortBuckets) {
  // Enough rows that the per-bucket sorts take their radix path (256 rows and more per bucket
  // and class): continuous scores and heavily tied ones, negative scores, -0.0 next to 0.0.
  std::mt19937_64 rng(19);
  std::uniform_int_distribution<int> coin(0, 1);
  std::uniform_real_distribution<double> uniform(-0.25, 1.0);
  std::uniform_int_distribution<int> level(0, 4);
  std::vector<std::uint8_t> y;
  std::vector<double> s;
  for (int i = 0; i < 3000; ++i) {
    y.push_back(static_cast<std::uint8_t>(coin(rng)));
    if (i % 3 == 0) {
      s.push_back(level(rng) / 4.0);  // 0, .25, .5, .75, 1: long runs of ties
    } else if (i % 97 == 0) {
      s.push_back(i % 2 == 0 ? -0.0 : 0.0);
    } else {
      s.push_back(uniform(rng));
    }
  }
  const std::vector<double> ones(y.size(), 1.0);
  const MetricValues m = binary_metrics(y, s, kNoWeights);
  EXPECT_METRIC(m.at("roc_auc"), BruteForceRocAuc(y, s, ones));
  EXPECT_METRIC(m.at("average_precision"), BruteForceAveragePrecision(y, s, ones));
  ExpectPerRowLossAndBrier(m, y, s);
  // Integer weights of 1 take the weighted path: the same values.
  ExpectSameMetrics(binary_metrics(y, s, ones), m);
}

TEST(BinaryMetricsTest, AnOutlierScorePutsTheOtherRowsInOneSortBucket) {
  // The buckets split the key range of the scores; one score of 1e300 leaves every other row
  // in the lowest bucket, which must still be sorted in full.
  std::mt19937_64 rng(23);
  std::uniform_int_distribution<int> coin(0, 1);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<std::uint8_t> y = {1};
  std::vector<double> s = {1e300};
  for (int i = 0; i < 2000; ++i) {
    y.push_back(static_cast<std::uint8_t>(coin(rng)));
    s.push_back(std::round(uniform(rng) * 500) / 500);  // ties too
  }
  const std::vector<double> ones(y.size(), 1.0);
  const MetricValues m = binary_metrics(y, s, kNoWeights);
  EXPECT_METRIC(m.at("roc_auc"), BruteForceRocAuc(y, s, ones));
  EXPECT_METRIC(m.at("average_precision"), BruteForceAveragePrecision(y, s, ones));
  EXPECT_EQ(m.at("n"), 2001.0);
}

TEST(BinaryMetricsTest, ZeroWeightRowsAtTheTopDoNotChangeRanking) {
  // A weight-0 positive with the highest score: sklearn drops weight-0 rows from the curves.
  // Without it: y=[0,0,1,1], s=[.1,.4,.35,.8] gives 0.75 and 5/6 (the docs example above).
  const std::vector<std::uint8_t> y = {0, 0, 1, 1, 1};
  const std::vector<double> s = {0.1, 0.4, 0.35, 0.8, 0.95};
  const std::vector<double> w = {1, 1, 1, 1, 0};
  const MetricValues m = binary_metrics(y, s, w);
  EXPECT_METRIC(m.at("roc_auc"), 0.75);
  EXPECT_METRIC(m.at("average_precision"), 5.0 / 6.0);
  EXPECT_EQ(m.at("n"), 5.0);
  EXPECT_EQ(m.at("positives"), 2.0);
}

TEST(BinaryMetricsTest, RejectsEmptyMismatchedAndNonBinaryInput) {
  const std::vector<std::uint8_t> y = {0, 1};
  const std::vector<double> s = {.1, .9};
  EXPECT_THROW(binary_metrics({}, {}, kNoWeights), std::invalid_argument);
  EXPECT_THROW(binary_metrics(y, std::vector<double>{.1}, kNoWeights), std::invalid_argument);
  EXPECT_THROW(binary_metrics(y, s, std::vector<double>{1.0}), std::invalid_argument);
  EXPECT_THROW(binary_metrics(std::vector<std::uint8_t>{0, 2}, s, kNoWeights),
               std::invalid_argument);
}

TEST(MulticlassMetricsTest, F1ScoreDocsExampleFromOneHotProbabilities) {
  // f1_score / precision_recall_fscore_support docs: y_true=[0,1,2,0,1,2],
  // y_pred=[0,2,1,0,0,1]: f1 macro 0.26666666666666666, micro 0.3333333333333333, weighted
  // 0.26666666666666666; precision macro 0.22... By hand: class 0 tp=2 predicted=3 true=2
  // (P=2/3 R=1 F1=4/5); classes 1 and 2 have tp=0 (all 0). Supports are equal.
  const std::vector<int> y = {0, 1, 2, 0, 1, 2};
  const std::vector<int> pred = {0, 2, 1, 0, 0, 1};
  const MetricValues m = multiclass_metrics(y, OneHot(pred, 3), 3, kNoWeights);
  EXPECT_METRIC(m.at("f1_macro"), 0.26666666666666666);
  EXPECT_METRIC(m.at("f1_micro"), 0.3333333333333333);
  EXPECT_METRIC(m.at("f1_weighted"), 0.26666666666666666);
  EXPECT_METRIC(m.at("precision_macro"), (2.0 / 3.0) / 3);
  EXPECT_METRIC(m.at("precision_weighted"), (2.0 / 3.0) / 3);
  EXPECT_METRIC(m.at("recall_macro"), 1.0 / 3);
  EXPECT_METRIC(m.at("accuracy"), 2.0 / 6.0);
  EXPECT_METRIC(m.at("balanced_accuracy"), (1.0 + 0 + 0) / 3);
  // Two right rows at p = 1 - eps (clipped): -ln(1 - 2^-52) = 2^-52 (to 1e-32); four wrong rows
  // at p = eps: 52 ln 2 = 36.04365338911715 each.
  EXPECT_METRIC(m.at("log_loss"), (4 * 36.04365338911715 + 2 * kEps) / 6);
  // One-vs-rest on the 0/1 columns. Class 0: positives score 1, negatives 0,0,1,0 -> each
  // positive wins 3, ties 1 -> 7/8. Class 1: positives score 0, negatives 0,1,0,1 -> each
  // ties 2 -> 2/8. Class 2: positives score 0, negatives 0,1,0,0 -> each ties 3 -> 3/8.
  EXPECT_METRIC(m.at("roc_auc_ovr_macro"), (7.0 / 8 + 2.0 / 8 + 3.0 / 8) / 3);
  EXPECT_METRIC(m.at("roc_auc_ovr_weighted"), (7.0 / 8 + 2.0 / 8 + 3.0 / 8) / 3);
  EXPECT_EQ(m.at("n"), 6.0);
}

TEST(MulticlassMetricsTest, EveryKeyOfAHandComputedExample) {
  // Rows (y: proba): 0: .7 .2 .1 | 1: .3 .4 .3 | 2: .2 .5 .3 | 2: .1 .2 .7
  // argmax -> predictions 0 1 1 2. Class 0: tp=1 predicted=1 true=1 (P=R=F1=1).
  // Class 1: tp=1 predicted=2 true=1 (P=1/2 R=1 F1=2/3). Class 2: tp=1 predicted=1 true=2
  // (P=1 R=1/2 F1=2/3). Supports 1, 1, 2.
  const std::vector<int> y = {0, 1, 2, 2};
  const std::vector<double> proba = {.7, .2, .1, .3, .4, .3, .2, .5, .3, .1, .2, .7};
  const MetricValues m = multiclass_metrics(y, proba, 3, kNoWeights);
  const MetricValues expected = {
      {"accuracy", 0.75},
      {"balanced_accuracy", (1 + 1 + 0.5) / 3},
      {"precision_macro", (1 + 0.5 + 1) / 3},
      {"recall_macro", (1 + 1 + 0.5) / 3},
      {"f1_macro", (1 + 2.0 / 3 + 2.0 / 3) / 3},
      {"precision_weighted", (1 + 0.5 + 2 * 1) / 4},
      {"recall_weighted", (1 + 1 + 2 * 0.5) / 4},
      {"f1_weighted", (1 + 2.0 / 3 + 2 * (2.0 / 3)) / 4},
      {"precision_micro", 0.75},
      {"recall_micro", 0.75},
      {"f1_micro", 0.75},
      // -(ln .7 + ln .4 + ln .3 + ln .7) / 4: the probability of each row's true class.
      {"log_loss", -(std::log(.7) + std::log(.4) + std::log(.3) + std::log(.7)) / 4},
      // OvR. Class 0: positive .7 beats .3 .2 .1 -> 1. Class 1: positive .4 vs .2 .5 .2 ->
      // 2/3. Class 2: positives .3 and .7 vs .1 and .3: 1 + 1/2 + 2 = 3.5 of 4 -> 7/8.
      {"roc_auc_ovr_macro", (1 + 2.0 / 3 + 7.0 / 8) / 3},                     // 61/72
      {"roc_auc_ovr_weighted", (1 * 1 + 1 * (2.0 / 3) + 2 * (7.0 / 8)) / 4},  // 41/48
      {"n", 4},
  };
  ExpectSameMetrics(m, expected);
}

TEST(MulticlassMetricsTest, ArgmaxTiesPickTheFirstClass) {
  // Row [.4, .4, .2] predicts class 0 (numpy.argmax), so y=0 is right and y=1 is wrong.
  const std::vector<double> proba = {.4, .4, .2, .4, .4, .2};
  const std::vector<int> y = {0, 1};
  EXPECT_EQ(multiclass_metrics(y, proba, 3, kNoWeights).at("accuracy"), 0.5);
}

TEST(MulticlassMetricsTest, ClassMissingFromTruthGivesNanOvrAuc) {
  // Class 2 never occurs in y: sklearn's roc_auc_score raises; here both OvR keys are NaN.
  const std::vector<int> y = {0, 1, 1};
  const std::vector<double> proba = {.6, .3, .1, .2, .7, .1, .3, .3, .4};
  const MetricValues m = multiclass_metrics(y, proba, 3, kNoWeights);
  EXPECT_TRUE(std::isnan(m.at("roc_auc_ovr_macro")));
  EXPECT_TRUE(std::isnan(m.at("roc_auc_ovr_weighted")));
  // Predictions 0 1 2: class 2 is only predicted, so it joins the macro average with P=R=0.
  // Class 0: P=R=F1=1. Class 1: tp=1 predicted=1 true=2 -> P=1 R=1/2 F1=2/3.
  EXPECT_METRIC(m.at("precision_macro"), (1 + 1 + 0) / 3.0);
  EXPECT_METRIC(m.at("f1_macro"), (1 + 2.0 / 3 + 0) / 3.0);
  // balanced_accuracy drops class 2 (no true rows): (1 + 1/2) / 2.
  EXPECT_METRIC(m.at("balanced_accuracy"), 0.75);
}

TEST(MulticlassMetricsTest, IntegerWeightsEqualRepeatedRows) {
  std::mt19937_64 rng(3);
  const std::size_t k = 4;
  std::uniform_int_distribution<int> label(0, static_cast<int>(k) - 1);
  std::uniform_int_distribution<int> repeats(0, 3);
  std::uniform_int_distribution<int> level(1, 10);
  std::vector<int> y, y_expanded;
  std::vector<double> proba, w, proba_expanded;
  for (int i = 0; i < 200; ++i) {
    y.push_back(label(rng));
    double row[k];
    double sum = 0;
    for (double& p : row) sum += (p = level(rng));
    for (double& p : row) proba.push_back(p / sum);
    w.push_back(repeats(rng));
    for (int r = 0; r < w.back(); ++r) {
      y_expanded.push_back(y.back());
      proba_expanded.insert(proba_expanded.end(), proba.end() - k, proba.end());
    }
  }
  const MetricValues weighted = multiclass_metrics(y, proba, k, w);
  const MetricValues expanded = multiclass_metrics(y_expanded, proba_expanded, k, kNoWeights);
  ExpectSameMetrics(weighted, expanded, {"n"});
}

TEST(MulticlassMetricsTest, RejectsBadShapes) {
  const std::vector<int> y = {0, 1};
  EXPECT_THROW(multiclass_metrics(y, std::vector<double>(5, .5), 3, kNoWeights),
               std::invalid_argument);
  EXPECT_THROW(multiclass_metrics(y, std::vector<double>(4, .5), 0, kNoWeights),
               std::invalid_argument);
  EXPECT_THROW(
      multiclass_metrics(std::vector<int>{0, 3}, std::vector<double>(6, .5), 3, kNoWeights),
      std::invalid_argument);
  EXPECT_THROW(multiclass_metrics({}, {}, 3, kNoWeights), std::invalid_argument);
}

TEST(ConfusionMatrixTest, SklearnDocsExample) {
  // confusion_matrix docs: y_true=[2,0,2,2,0,1], y_pred=[0,0,2,2,0,2] ->
  // [[2,0,0],[0,0,1],[1,0,2]].
  const std::vector<int> y = {2, 0, 2, 2, 0, 1};
  const std::vector<int> pred = {0, 0, 2, 2, 0, 2};
  const std::vector<std::vector<double>> expected = {{2, 0, 0}, {0, 0, 1}, {1, 0, 2}};
  EXPECT_EQ(confusion_matrix(y, pred, 3, kNoWeights), expected);
}

TEST(ConfusionMatrixTest, WeightedCountsAndAbsentClasses) {
  // Weights add up per cell: (0,0) gets .5 + 1.5, (1,0) gets 2; class 2 occurs nowhere.
  const std::vector<int> y = {0, 1, 0};
  const std::vector<int> pred = {0, 0, 0};
  const std::vector<double> w = {.5, 2, 1.5};
  const std::vector<std::vector<double>> expected = {{2, 0, 0}, {2, 0, 0}, {0, 0, 0}};
  EXPECT_EQ(confusion_matrix(y, pred, 3, w), expected);
  EXPECT_THROW(confusion_matrix(y, std::vector<int>{0, 3, 0}, 3, w), std::invalid_argument);
}

TEST(RegressionMetricsTest, SklearnDocsExample) {
  // y_true=[3,-0.5,2,7], y_pred=[2.5,0.0,2,8]: mean_absolute_error 0.5, mean_squared_error
  // 0.375, r2_score 0.9486081370449679, mean_absolute_percentage_error 0.3273809523809524
  // (docs). By hand: errors .5 .5 0 1; rmse = sqrt(.375); mean y = 2.875, SS_tot = 29.1875,
  // SS_res = 1.5; mape = (.5/3 + .5/.5 + 0 + 1/7) / 4.
  const std::vector<double> y = {3, -0.5, 2, 7};
  const std::vector<double> pred = {2.5, 0.0, 2, 8};
  const MetricValues m = regression_metrics(y, pred, kNoWeights);
  const MetricValues expected = {
      {"mae", 0.5},
      {"mse", 0.375},
      {"rmse", std::sqrt(0.375)},
      {"r2", 0.9486081370449679},
      {"mape", 0.3273809523809524},
      {"n", 4},
  };
  ExpectSameMetrics(m, expected);
}

TEST(RegressionMetricsTest, WeightedHandComputedExample) {
  // y=[1,2,3], pred=[2,2,5], w=[1,2,1]: errors 1, 0, 2; total weight 4.
  // mae = (1 + 0 + 2)/4; mse = (1 + 0 + 4)/4; weighted mean y = (1 + 4 + 3)/4 = 2,
  // SS_tot = 1 + 0 + 1 = 2, SS_res = 5, r2 = 1 - 5/2; mape = (1/1 + 0 + 2/3)/4 = 5/12.
  const std::vector<double> y = {1, 2, 3};
  const std::vector<double> pred = {2, 2, 5};
  const std::vector<double> w = {1, 2, 1};
  const MetricValues m = regression_metrics(y, pred, w);
  EXPECT_METRIC(m.at("mae"), 0.75);
  EXPECT_METRIC(m.at("mse"), 1.25);
  EXPECT_METRIC(m.at("rmse"), std::sqrt(1.25));
  EXPECT_METRIC(m.at("r2"), -1.5);
  EXPECT_METRIC(m.at("mape"), 5.0 / 12.0);
  EXPECT_EQ(m.at("n"), 3.0);
}

TEST(RegressionMetricsTest, R2ForceFiniteCases) {
  // Constant y: SS_tot = 0 -> r2 = 1 for a perfect fit, 0 otherwise (sklearn force_finite).
  EXPECT_EQ(
      regression_metrics(std::vector<double>{1, 1, 1}, std::vector<double>{1, 1, 1}, kNoWeights)
          .at("r2"),
      1.0);
  EXPECT_EQ(
      regression_metrics(std::vector<double>{1, 1, 1}, std::vector<double>{1, 2, 1}, kNoWeights)
          .at("r2"),
      0.0);
  // 0.1 three times: its floating mean is not exactly 0.1, yet SS_tot is exactly 0 here.
  EXPECT_EQ(regression_metrics(std::vector<double>{.1, .1, .1}, std::vector<double>{.2, .1, .1},
                               kNoWeights)
                .at("r2"),
            0.0);
  // Non-constant y with a perfect fit: SS_res = 0 -> 1.
  EXPECT_EQ(
      regression_metrics(std::vector<double>{1, 2}, std::vector<double>{1, 2}, kNoWeights).at("r2"),
      1.0);
  // The only differing row has weight 0, so the weighted y is constant: SS_tot = 0 -> 0.
  EXPECT_EQ(regression_metrics(std::vector<double>{1, 5, 1}, std::vector<double>{2, 0, 1},
                               std::vector<double>{1, 0, 1})
                .at("r2"),
            0.0);
  // One row: r2 is not defined (sklearn warns and returns NaN).
  EXPECT_TRUE(std::isnan(
      regression_metrics(std::vector<double>{1}, std::vector<double>{2}, kNoWeights).at("r2")));
}

TEST(RegressionMetricsTest, MapeGuardsZeroTruthWithEpsilon) {
  // |0 - 1e-16| / max(0, eps) = 1e-16 / 2^-52; |2 - 3| / 2 = 0.5; mean of the two.
  const MetricValues m =
      regression_metrics(std::vector<double>{0, 2}, std::vector<double>{1e-16, 3}, kNoWeights);
  EXPECT_METRIC(m.at("mape"), (1e-16 / kEps + 0.5) / 2);
}

TEST(RegressionMetricsTest, IntegerWeightsEqualRepeatedRows) {
  std::mt19937_64 rng(5);
  std::normal_distribution<double> value(10.0, 3.0);
  std::uniform_int_distribution<int> repeats(0, 3);
  std::vector<double> y, pred, w, y_expanded, pred_expanded;
  for (int i = 0; i < 500; ++i) {
    y.push_back(value(rng));
    pred.push_back(y.back() + value(rng) - 10.0);
    w.push_back(repeats(rng));
    for (int r = 0; r < w.back(); ++r) {
      y_expanded.push_back(y.back());
      pred_expanded.push_back(pred.back());
    }
  }
  ExpectSameMetrics(regression_metrics(y, pred, w),
                    regression_metrics(y_expanded, pred_expanded, kNoWeights), {"n"});
}

TEST(RegressionMetricsTest, RejectsEmptyAndMismatchedInput) {
  EXPECT_THROW(regression_metrics({}, {}, kNoWeights), std::invalid_argument);
  EXPECT_THROW(regression_metrics(std::vector<double>{1, 2}, std::vector<double>{1}, kNoWeights),
               std::invalid_argument);
  EXPECT_THROW(regression_metrics(std::vector<double>{1, 2}, std::vector<double>{1, 2},
                                  std::vector<double>{1}),
               std::invalid_argument);
}

}  // namespace
}  // namespace mlops::gate
