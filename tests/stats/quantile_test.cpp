#include "stats/quantile.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace mlops::stats {
namespace {

TEST(LinearQuantileTest, QuartilesOfOneToFourByHand) {
  // h = 3 q: q = 0.25 -> h = 0.75, 1 + 0.75 (2 - 1); q = 0.5 -> h = 1.5, 2.5; q = 0.75 -> 3.25.
  const std::vector<double> x = {1, 2, 3, 4};
  EXPECT_EQ(linear_quantile(x, 0), 1);
  EXPECT_EQ(linear_quantile(x, 0.25), 1.75);
  EXPECT_EQ(linear_quantile(x, 0.5), 2.5);
  EXPECT_EQ(linear_quantile(x, 0.75), 3.25);
  EXPECT_EQ(linear_quantile(x, 1), 4);
}

TEST(LinearQuantileTest, NumpyDocumentationExample) {
  // numpy.percentile([[10, 7, 4], [3, 2, 1]], 50) = 3.5, and its quartiles with method
  // 'linear': h = 5 q, so q = 0.25 -> 2 + 0.25 (3 - 2), q = 0.75 -> 4 + 0.75 (7 - 4).
  const std::vector<double> x = {1, 2, 3, 4, 7, 10};
  EXPECT_EQ(linear_quantile(x, 0.5), 3.5);
  EXPECT_EQ(linear_quantile(x, 0.25), 2.25);
  EXPECT_EQ(linear_quantile(x, 0.75), 6.25);
}

TEST(LinearQuantileTest, TiesAndOneValueGiveThatValue) {
  const std::vector<double> one = {-3.5};
  const std::vector<double> tied = {2, 2, 2};
  for (double q : {0.0, 0.3, 0.95, 1.0}) {
    EXPECT_EQ(linear_quantile(one, q), -3.5);
    EXPECT_EQ(linear_quantile(tied, q), 2);
  }
}

TEST(LinearQuantileTest, UpperHalfIsInterpolatedFromTheUpperEnd) {
  // numpy's _lerp: t >= 0.5 computes b - (1 - t)(b - a). With a = 0.1, b = 0.7 and t = 0.7
  // (q = 0.7 of two values) the two evaluation orders round differently; numpy's is the
  // upper one.
  const std::vector<double> x = {0.1, 0.7};
  const double diff = 0.7 - 0.1;
  const double from_upper = 0.7 - diff * (1 - 0.7);
  const double from_lower = 0.1 + diff * 0.7;
  ASSERT_NE(from_upper, from_lower) << "pick values where the two orders differ";
  EXPECT_EQ(linear_quantile(x, 0.7), from_upper);
  EXPECT_EQ(linear_quantile(x, 0.3), 0.1 + diff * 0.3);
}

TEST(LinearQuantileTest, EmptyIsNaNAndQOutsideTheUnitIntervalThrows) {
  EXPECT_TRUE(std::isnan(linear_quantile(std::vector<double>{}, 0.5)));
  const std::vector<double> x = {1, 2};
  EXPECT_THROW(linear_quantile(x, -0.01), std::invalid_argument);
  EXPECT_THROW(linear_quantile(x, 1.01), std::invalid_argument);
  EXPECT_THROW(linear_quantile(x, std::numeric_limits<double>::quiet_NaN()), std::invalid_argument);
}

}  // namespace
}  // namespace mlops::stats
