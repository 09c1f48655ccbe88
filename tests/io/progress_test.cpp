#include "io/progress.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>
#include <thread>

namespace mlops::io {
namespace {

TEST(ProgressTest, DisabledMeterWritesNothing) {
  std::ostringstream err;
  {
    Progress p(err, false, "data.csv", 1000);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    p.update(500, 10);
  }
  EXPECT_EQ(err.str(), "");
}

TEST(ProgressTest, EnabledMeterShowsBytesRowsAndPercentThenClears) {
  std::ostringstream err;
  {
    Progress p(err, true, "data.csv", 4'000'000);
    p.update(1000, 1);  // too soon after the start: throttled
    EXPECT_EQ(err.str(), "");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    p.update(2'000'000, 12345);
  }
  EXPECT_THAT(err.str(), ::testing::StartsWith("\rdata.csv: 2.0 MB, 12345 rows, "));
  EXPECT_THAT(err.str(), ::testing::HasSubstr("(50%)"));
  EXPECT_THAT(err.str(), ::testing::EndsWith("\r\x1b[K"));
}

TEST(ProgressTest, HumanBytes) {
  EXPECT_EQ(human_bytes(512), "512 B");
  EXPECT_EQ(human_bytes(1500), "1.5 kB");
  EXPECT_EQ(human_bytes(165.6e6), "165.6 MB");
}

}  // namespace
}  // namespace mlops::io
