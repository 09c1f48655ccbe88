#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "common/error_of.h"
#include "gate/rules.h"

// The gate file's slices, min_slice_size and calibration keys, and the direction of the
// metrics computed on request (ece, operating points).
namespace mlops::gate {
namespace {

using mlops::testing::error_of;
using ::testing::HasSubstr;

std::string usage_message(const std::string& yaml) {
  const Error e = error_of([&] { parse_rules(yaml, "g.yaml"); });
  EXPECT_EQ(e.code(), ExitCode::kUsage) << yaml;
  return std::string(e.what()) + " | " + e.hint();
}

TEST(GateSliceRulesTest, ColumnsAndCrossedColumns) {
  const Rules r = parse_rules(
      "metrics:\n  accuracy: {min: 0.5}\nslices: [Species, [Species, Island]]\n"
      "min_slice_size: 100\n",
      "g.yaml");
  ASSERT_EQ(r.slices.size(), 2u);
  EXPECT_EQ(r.slices[0].columns, std::vector<std::string>{"Species"});
  EXPECT_EQ(r.slices[1].columns, (std::vector<std::string>{"Species", "Island"}));
  EXPECT_THAT(r.slices[1].location, HasSubstr("g.yaml:3:"));
  EXPECT_EQ(r.min_slice_size, 100);
  EXPECT_EQ(parse_rules("metrics:\n  f1: {min: 0}\nslices: [a]\n", "g.yaml").min_slice_size, 30);
  EXPECT_FALSE(parse_rules("metrics:\n  f1: {min: 0}\n", "g.yaml").calibration);
}

TEST(GateSliceRulesTest, BadSlicesAreUsageErrorsAtTheirPlace) {
  EXPECT_THAT(usage_message("metrics:\n  f1: {min: 0}\nslices: Species\n"),
              HasSubstr("g.yaml:3:9"));
  EXPECT_THAT(usage_message("metrics:\n  f1: {min: 0}\nslices: []\n"),
              HasSubstr("expected a list of columns"));
  EXPECT_THAT(usage_message("metrics:\n  f1: {min: 0}\nslices: [[]]\n"),
              HasSubstr("expected a column"));
  EXPECT_THAT(usage_message("metrics:\n  f1: {min: 0}\nslices: [a]\nmin_slice_size: 0\n"),
              HasSubstr("g.yaml:4:17"));
  EXPECT_THAT(usage_message("metrics:\n  f1: {min: 0}\nmin_slice_size: 10\n"),
              HasSubstr("min_slice_size without slices"));
  EXPECT_THAT(usage_message("metrics:\n  f1: {min: 0}\nslice: [a]\n"), HasSubstr("slices"));
}

TEST(GateSliceRulesTest, CalibrationSection) {
  const Rules r = parse_rules("metrics:\n  f1: {min: 0}\ncalibration: {bins: 15}\n", "g.yaml");
  EXPECT_TRUE(r.calibration);
  EXPECT_EQ(r.calibration_bins, 15);
  EXPECT_THAT(usage_message("metrics:\n  f1: {min: 0}\ncalibration: {bins: 0}\n"),
              HasSubstr("expected 1 to 1000 bins"));
  EXPECT_THAT(usage_message("metrics:\n  f1: {min: 0}\ncalibration: {bin: 5}\n"),
              HasSubstr("bins"));
}

TEST(GateSliceRulesTest, EceIsALossAndAsksForCalibration) {
  const Rules r = parse_rules("metrics:\n  ece: {max: 0.05}\n", "g.yaml");
  EXPECT_FALSE(r.metrics[0].greater_is_better);
  EXPECT_TRUE(r.calibration);
  EXPECT_EQ(r.calibration_bins, 10);
  EXPECT_THAT(usage_message("metrics:\n  ece: {max_drop: 0.01}\n"), HasSubstr("lower is better"));
}

TEST(GateSliceRulesTest, OperatingPointsAreHigherIsBetterWhateverTheirDots) {
  // The leaf after the last dot of "test.precision_at_recall_0.8" is "8": the operating point
  // is found first.
  const Rules r = parse_rules(
      "metrics:\n  test.precision_at_recall_0.8: {max_drop: 0.01}\n"
      "  eval/recall_at_precision_0.95: {min: 0.3}\n",
      "g.yaml");
  EXPECT_TRUE(r.metrics[0].greater_is_better);
  EXPECT_TRUE(r.metrics[1].greater_is_better);
  EXPECT_THAT(usage_message("metrics:\n  recall_at_precision_0.9: {max_rise: 0.01}\n"),
              HasSubstr("higher is better"));
  const std::string bad = usage_message("metrics:\n  precision_at_recall_1.5: {min: 0.5}\n");
  EXPECT_THAT(bad, HasSubstr("g.yaml:2:"));
  EXPECT_THAT(bad, HasSubstr("without a number from 0 to 1"));
  EXPECT_THAT(usage_message("metrics:\n  precision_at_recall_high: {min: 0.5}\n"),
              HasSubstr("precision_at_recall_0.8"));
}

}  // namespace
}  // namespace mlops::gate
