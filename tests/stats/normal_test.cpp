#include "stats/normal.h"

#include <gtest/gtest.h>

#include <cmath>

namespace mlops::stats {
namespace {

// Published values of the standard normal quantile (R's qnorm, scipy.stats.norm.ppf).
TEST(NormalQuantileTest, PublishedValues) {
  EXPECT_EQ(normal_quantile(0.5), 0);
  EXPECT_NEAR(normal_quantile(0.75), 0.6744897501960817, 1e-15);
  EXPECT_NEAR(normal_quantile(0.9), 1.2815515655446004, 1e-15);
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-15);
  EXPECT_NEAR(normal_quantile(0.99), 2.3263478740408408, 1e-15);
  EXPECT_NEAR(normal_quantile(0.995), 2.5758293035489004, 1e-15);
  EXPECT_NEAR(normal_quantile(0.025), -1.959963984540054, 1e-15);
  EXPECT_NEAR(normal_quantile(0.01), -2.3263478740408408, 1e-15);
}

TEST(NormalQuantileTest, InvertsTheNormalCdfInEveryBranch) {
  // Central (|p - 0.5| <= 0.425), tail (r <= 5) and far tail (r > 5, p < exp(-25)) branches
  // against Φ(z) = erfc(-z / sqrt 2) / 2 from the C library.
  for (double p : {0.5, 0.6, 0.92, 0.07, 0.999, 1e-5, 1e-10, 1e-12, 1e-20, 1e-100, 1 - 1e-12}) {
    const double z = normal_quantile(p);
    const double back = std::erfc(-z / std::sqrt(2.0)) / 2;
    EXPECT_NEAR(back / p, 1, 1e-12) << "p = " << p << ", z = " << z;
  }
}

TEST(NormalQuantileTest, IsSymmetric) {
  // p and 1 - p both exact, so the two calls see the same |p - 0.5| and tail.
  for (double p : {0.375, 0.25, 0.0625, 0x1p-20, 0x1p-40}) {
    EXPECT_EQ(normal_quantile(p), -normal_quantile(1 - p)) << p;
  }
}

TEST(NormalQuantileTest, EndsAreInfiniteAndOutsideIsNaN) {
  EXPECT_EQ(normal_quantile(0), -INFINITY);
  EXPECT_EQ(normal_quantile(1), INFINITY);
  EXPECT_TRUE(std::isnan(normal_quantile(-0.1)));
  EXPECT_TRUE(std::isnan(normal_quantile(1.5)));
  EXPECT_TRUE(std::isnan(normal_quantile(NAN)));
}

}  // namespace
}  // namespace mlops::stats
