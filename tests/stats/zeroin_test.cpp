#include "stats/zeroin.h"

#include <gtest/gtest.h>

#include <cmath>

namespace mlops::stats {
namespace {

TEST(ZeroinTest, SquareRootOfTwo) {
  auto f = [](double x) { return x * x - 2; };
  EXPECT_NEAR(zeroin(0, 2, f(0), f(2), f, 1e-12), std::sqrt(2.0), 1e-12);
}

TEST(ZeroinTest, DottieNumber) {
  // The fixed point of cos: 0.739085133215160641655...
  int calls = 0;
  auto f = [&](double x) {
    ++calls;
    return std::cos(x) - x;
  };
  EXPECT_NEAR(zeroin(0, 1, f(0), f(1), f, 1e-14), 0.7390851332151607, 1e-14);
  EXPECT_LT(calls, 20);  // Brent's method converges superlinearly on a smooth function
}

TEST(ZeroinTest, ToleranceBoundsTheError) {
  // A step function (like a rank statistic): the root is where it changes sign, found to
  // within tol.
  auto f = [](double x) { return x < 0.3 ? 1.0 : -1.0; };
  for (double tol : {1e-2, 1e-4, 1e-8}) {
    EXPECT_NEAR(zeroin(0, 1, f(0), f(1), f, tol), 0.3, tol) << tol;
  }
}

TEST(ZeroinTest, EndpointThatIsARootIsReturned) {
  auto f = [](double x) { return x - 1; };
  EXPECT_EQ(zeroin(1, 5, 0, 4, f, 1e-4), 1);
  EXPECT_EQ(zeroin(-3, 1, -4, 0, f, 1e-4), 1);
}

}  // namespace
}  // namespace mlops::stats
