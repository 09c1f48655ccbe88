#include "io/progress.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>

namespace mlops::io {
namespace {

using std::chrono::milliseconds;

// A clock the test moves by hand, so that the throttle is tested without sleeping.
struct FakeClock {
  Progress::Clock::time_point t{};
  std::function<Progress::Clock::time_point()> fn() {
    return [this] { return t; };
  }
};

TEST(ProgressTest, DisabledMeterWritesNothing) {
  std::ostringstream err;
  FakeClock clock;
  {
    Progress p(err, false, "data.csv", 1000, clock.fn());
    clock.t += milliseconds(300);
    p.update(500, 10);
  }
  EXPECT_EQ(err.str(), "");
}

TEST(ProgressTest, EnabledMeterShowsBytesRowsRateAndPercentThenClears) {
  std::ostringstream err;
  FakeClock clock;
  {
    Progress p(err, true, "data.csv", 4'000'000, clock.fn());
    clock.t += milliseconds(249);
    p.update(1000, 1);  // too soon after the start: throttled
    EXPECT_EQ(err.str(), "");
    clock.t += milliseconds(751);  // one second after the start
    p.update(2'000'000, 12345);
    EXPECT_EQ(err.str(), "\rdata.csv: 2.0 MB, 12345 rows, 2.0 MB/s (50%)\x1b[K");
  }
  EXPECT_THAT(err.str(), ::testing::EndsWith("\r\x1b[K"));
}

TEST(ProgressTest, UpdatesAreThrottledToFourASecond) {
  std::ostringstream err;
  FakeClock clock;
  Progress p(err, true, "data.csv", 0, clock.fn());
  clock.t += milliseconds(250);
  p.update(500, 1);
  const std::string first = err.str();
  EXPECT_EQ(first, "\rdata.csv: 500 B, 1 rows, 2.0 kB/s\x1b[K");  // no percent: size unknown
  clock.t += milliseconds(100);
  p.update(2000, 2);
  EXPECT_EQ(err.str(), first);
  clock.t += milliseconds(150);
  p.update(3000, 3);
  EXPECT_THAT(err.str(), ::testing::EndsWith("\rdata.csv: 3.0 kB, 3 rows, 6.0 kB/s\x1b[K"));
  p.finish();
  EXPECT_THAT(err.str(), ::testing::EndsWith("\r\x1b[K"));
}

TEST(ProgressTest, HumanBytes) {
  EXPECT_EQ(human_bytes(512), "512 B");
  EXPECT_EQ(human_bytes(1500), "1.5 kB");
  EXPECT_EQ(human_bytes(165.6e6), "165.6 MB");
}

}  // namespace
}  // namespace mlops::io
