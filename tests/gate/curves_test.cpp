#include "gate/curves.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

// Calibration and operating points, against hand computations and scikit-learn 1.2.1
// (calibration_curve, precision_recall_curve) run on the same inputs.
namespace mlops::gate {
namespace {

const std::vector<double> kNoWeights;

// y = [0,0,1,1,1,0], s = [.1,.4,.4,.8,.4,.2]. By hand, thresholds from the highest score:
// 0.8: tp 1 fp 0 (P 1, R 1/3); 0.4: tp 3 fp 1 (P .75, R 1); 0.2: tp 3 fp 2 (P .6, R 1);
// 0.1: tp 3 fp 3 (P .5, R 1); then (P 1, R 0). sklearn's precision_recall_curve gives
// precision [.5, .6, .75, 1, 1], recall [1, 1, 1, 1/3, 0].
const std::vector<std::uint8_t> kY = {0, 0, 1, 1, 1, 0};
const std::vector<double> kScore = {.1, .4, .4, .8, .4, .2};

double at(std::string_view name, const std::vector<std::uint8_t>& y,
          const std::vector<double>& score, const std::vector<double>& w = kNoWeights) {
  return operating_point_metric(y, score, w, *parse_operating_point(name));
}

TEST(OperatingPointTest, PrecisionAtRecallOfAHandComputedCurve) {
  EXPECT_DOUBLE_EQ(at("precision_at_recall_0.5", kY, kScore), 0.75);
  EXPECT_DOUBLE_EQ(at("precision_at_recall_0.3", kY, kScore), 1.0);  // (1, 1/3) qualifies
  EXPECT_DOUBLE_EQ(at("precision_at_recall_1", kY, kScore), 0.75);
  EXPECT_DOUBLE_EQ(at("precision_at_recall_0", kY, kScore), 1.0);
}

TEST(OperatingPointTest, RecallAtPrecisionOfAHandComputedCurve) {
  EXPECT_DOUBLE_EQ(at("recall_at_precision_0.8", kY, kScore), 1.0 / 3);
  EXPECT_DOUBLE_EQ(at("recall_at_precision_0.75", kY, kScore), 1.0);
  EXPECT_DOUBLE_EQ(at("recall_at_precision_0.7", kY, kScore), 1.0);
  // Nothing reaches precision 1 but the first threshold and the final (1, 0) point.
  EXPECT_DOUBLE_EQ(at("recall_at_precision_1.0", kY, kScore), 1.0 / 3);
}

TEST(OperatingPointTest, IntegerWeightsEqualRepeatedRows) {
  // Row 0 (y 0, s .1) twice and row 3 (y 1, s .8) three times.
  const std::vector<double> w = {2, 1, 1, 3, 1, 1};
  const std::vector<std::uint8_t> y = {0, 0, 0, 1, 1, 1, 1, 0, 1};
  const std::vector<double> s = {.1, .1, .4, .8, .8, .8, .4, .2, .4};
  for (const char* name : {"precision_at_recall_0.5", "recall_at_precision_0.8"}) {
    EXPECT_DOUBLE_EQ(at(name, kY, kScore, w), at(name, y, s)) << name;
  }
}

TEST(OperatingPointTest, NoPositiveRowIsUndefinedNotAPass) {
  EXPECT_TRUE(std::isnan(at("precision_at_recall_0.5", {0, 0, 0}, {.1, .5, .9})));
  EXPECT_TRUE(std::isnan(at("recall_at_precision_0.5", {0, 0, 0}, {.1, .5, .9})));
}

TEST(OperatingPointTest, NamesParse) {
  auto p = parse_operating_point("precision_at_recall_0.80");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->kind, OperatingPoint::Kind::kPrecisionAtRecall);
  EXPECT_DOUBLE_EQ(p->at, 0.8);
  p = parse_operating_point("recall_at_precision_0.95");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->kind, OperatingPoint::Kind::kRecallAtPrecision);
  EXPECT_DOUBLE_EQ(p->at, 0.95);
  EXPECT_FALSE(parse_operating_point("precision"));
  EXPECT_FALSE(parse_operating_point("test.precision_at_recall_0.8"));  // rules find the leaf
  for (const char* bad : {"precision_at_recall_", "precision_at_recall_high",
                          "recall_at_precision_0.9x", "recall_at_precision_1e-1"}) {
    p = parse_operating_point(bad);
    ASSERT_TRUE(p) << bad;
    EXPECT_TRUE(std::isnan(p->at)) << bad;
  }
}

// The bundled example model's 2,000 predictions; sklearn 1.2.1 on the same file.
struct ExampleModel {
  std::vector<std::uint8_t> y;
  std::vector<double> score;
};

ExampleModel example_model() {
  std::ifstream in(std::string(MLOPS_TEST_DATA) +
                   "/../../examples/model/candidate-predictions.csv");
  ExampleModel m;
  std::string line;
  std::getline(in, line);  // label,score
  while (std::getline(in, line)) {
    m.y.push_back(line[0] == '1' ? 1 : 0);
    m.score.push_back(std::stod(line.substr(2)));
  }
  return m;
}

TEST(OperatingPointTest, ExampleModelEqualsSklearnPrecisionRecallCurve) {
  const ExampleModel m = example_model();
  ASSERT_EQ(m.y.size(), 2000u);
  // P, R, _ = precision_recall_curve(y, s); max(P[R >= x]) and max(R[P >= x]).
  EXPECT_DOUBLE_EQ(at("precision_at_recall_0.5", m.y, m.score), 0.7110157367668097);
  EXPECT_DOUBLE_EQ(at("precision_at_recall_0.8", m.y, m.score), 0.6274664561957379);
  EXPECT_DOUBLE_EQ(at("precision_at_recall_0.95", m.y, m.score), 0.5459803354540197);
  EXPECT_DOUBLE_EQ(at("precision_at_recall_1.0", m.y, m.score), 0.49849397590361444);
  EXPECT_DOUBLE_EQ(at("recall_at_precision_0.5", m.y, m.score), 0.998992950654582);
  EXPECT_DOUBLE_EQ(at("recall_at_precision_0.8", m.y, m.score), 0.3595166163141994);
  EXPECT_DOUBLE_EQ(at("recall_at_precision_0.9", m.y, m.score), 0.11178247734138973);
  EXPECT_DOUBLE_EQ(at("recall_at_precision_1.0", m.y, m.score), 0.022155085599194362);
}

TEST(CalibrationTest, HandComputedTwoBins) {
  // Bin (0, .5]: scores .1 .2 .45, labels 0 1 0: mean .25, positives 1/3. Bin (.5, 1]: .55 .9,
  // labels 1 1: mean .725, positives 1. ECE = 3/5 |1/3 - .25| + 2/5 |1 - .725| = .05 + .11.
  const Calibration c = calibration(std::vector<std::uint8_t>{0, 1, 0, 1, 1},
                                    std::vector<double>{.1, .2, .45, .55, .9}, kNoWeights, 2);
  ASSERT_EQ(c.curve.size(), 2u);
  EXPECT_DOUBLE_EQ(c.curve[0].mean_predicted, 0.25);
  EXPECT_DOUBLE_EQ(c.curve[0].fraction_positive, 1.0 / 3);
  EXPECT_DOUBLE_EQ(c.curve[0].weight, 3);
  EXPECT_DOUBLE_EQ(c.curve[1].mean_predicted, 0.725);
  EXPECT_DOUBLE_EQ(c.curve[1].fraction_positive, 1.0);
  EXPECT_NEAR(c.ece, 0.16, 1e-15);
}

TEST(CalibrationTest, ScoresOnAnEdgeFallInTheBinSklearnPutsThemIn) {
  // sklearn: calibration_curve([1, 0], [.5, .7], n_bins=2) gives two bins (.5 is in the first);
  // calibration_curve([1, 0], [.3, .31], n_bins=10) two bins too: the edge numpy.linspace
  // computes is 3 * 0.1 = 0.30000000000000004, above 0.3 (floor(0.3 * 10) would say bin 3).
  Calibration c =
      calibration(std::vector<std::uint8_t>{1, 0}, std::vector<double>{.5, .7}, kNoWeights, 2);
  ASSERT_EQ(c.curve.size(), 2u);
  EXPECT_DOUBLE_EQ(c.curve[0].upper, 0.5);
  c = calibration(std::vector<std::uint8_t>{1, 0}, std::vector<double>{.3, .31}, kNoWeights, 10);
  ASSERT_EQ(c.curve.size(), 2u);
  EXPECT_DOUBLE_EQ(c.curve[0].lower, 0.2);
  EXPECT_DOUBLE_EQ(c.curve[0].fraction_positive, 1.0);
  EXPECT_DOUBLE_EQ(c.curve[1].fraction_positive, 0.0);
  // 0 and 1 are in the first and last bins.
  c = calibration(std::vector<std::uint8_t>{0, 1}, std::vector<double>{0, 1}, kNoWeights, 10);
  ASSERT_EQ(c.curve.size(), 2u);
  EXPECT_DOUBLE_EQ(c.curve[0].lower, 0);
  EXPECT_DOUBLE_EQ(c.curve[1].upper, 1);
  EXPECT_DOUBLE_EQ(c.ece, 0);
}

TEST(CalibrationTest, ExampleModelEqualsSklearnCalibrationCurve) {
  const ExampleModel m = example_model();
  const Calibration c = calibration(m.y, m.score, kNoWeights, 10);
  // calibration_curve(y, s, n_bins=10, strategy='uniform') and np.bincount of the bin ids.
  const double count[] = {49, 122, 197, 259, 383, 362, 276, 192, 128, 32};
  const double prob_true[] = {0.061224489795918366,
                              0.1721311475409836,
                              0.25380710659898476,
                              0.3166023166023166,
                              0.4595300261096606,
                              0.5552486187845304,
                              0.6231884057971014,
                              0.7604166666666666,
                              0.875,
                              0.9375};
  const double prob_pred[] = {0.06666204081632654, 0.15340017213114748, 0.25426553807106594,
                              0.3539514594594594,  0.4503962663185379,  0.5490974640883983,
                              0.6493950978260868,  0.7474558906249998,  0.8491742734375003,
                              0.9354837187500001};
  ASSERT_EQ(c.curve.size(), 10u);
  for (std::size_t b = 0; b < 10; ++b) {
    EXPECT_EQ(c.curve[b].weight, count[b]) << b;
    EXPECT_NEAR(c.curve[b].fraction_positive, prob_true[b], 1e-15) << b;
    EXPECT_NEAR(c.curve[b].mean_predicted, prob_pred[b], 1e-12) << b;
  }
  // np.sum(count / 2000 * np.abs(prob_true - prob_pred)).
  EXPECT_NEAR(c.ece, 0.015566017999999864, 1e-12);
}

TEST(CalibrationTest, IntegerWeightsEqualRepeatedRows) {
  const Calibration w =
      calibration(std::vector<std::uint8_t>{0, 1, 1}, std::vector<double>{.1, .2, .9},
                  std::vector<double>{3, 1, 2}, 4);
  const Calibration r = calibration(std::vector<std::uint8_t>{0, 0, 0, 1, 1, 1},
                                    std::vector<double>{.1, .1, .1, .2, .9, .9}, kNoWeights, 4);
  ASSERT_EQ(w.curve.size(), r.curve.size());
  EXPECT_DOUBLE_EQ(w.ece, r.ece);
  EXPECT_DOUBLE_EQ(w.curve[0].weight, 4);
}

TEST(CalibrationTest, ZeroTotalWeightIsUndefined) {
  const Calibration c = calibration(std::vector<std::uint8_t>{0, 1}, std::vector<double>{.1, .9},
                                    std::vector<double>{0, 0}, 10);
  EXPECT_TRUE(c.curve.empty());
  EXPECT_TRUE(std::isnan(c.ece));
}

}  // namespace
}  // namespace mlops::gate
