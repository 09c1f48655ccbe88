#include "drift/category_counter.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace mlops::drift {
namespace {

std::map<std::string, std::uint64_t> counted(CategoryCounter& c) {
  StringMap<std::uint64_t> counts;
  c.move_into(counts);
  return {counts.begin(), counts.end()};
}

TEST(CategoryCounterTest, CountsLikeAMapOverTextsOfEveryLength) {
  // Lengths 0 to 40 cover the short (overlapping-load), whole-word and tail paths of the hash;
  // texts that share all but one byte, at any position, must stay apart.
  std::mt19937 rng(7);
  std::vector<std::string> texts = {"", "a", "b", "ab", "ba", "abc", "abd"};
  for (std::size_t len = 1; len <= 40; ++len) {
    std::string base(len, 'x');
    for (std::size_t at = 0; at < len; ++at) {
      std::string t = base;
      t[at] = 'y';
      texts.push_back(t);
    }
    texts.push_back(base);
    texts.push_back(base + '\0');
  }
  CategoryCounter counter;
  std::map<std::string, std::uint64_t> want;
  for (int i = 0; i < 20000; ++i) {
    const std::string& t = texts[rng() % texts.size()];
    EXPECT_TRUE(counter.add(t, [] { return true; }));
    ++want[t];
  }
  EXPECT_EQ(counter.size(), want.size());
  EXPECT_EQ(counted(counter), want);
  EXPECT_EQ(counter.size(), 0u);  // moved out
}

TEST(CategoryCounterTest, NewTextsNeedAdmissionAndKnownOnesDoNot) {
  CategoryCounter counter;
  int asked = 0;
  auto up_to_two = [&] { return ++asked, counter.size() < 2; };
  EXPECT_TRUE(counter.add("x", up_to_two));
  EXPECT_TRUE(counter.add("y", up_to_two));
  EXPECT_FALSE(counter.add("z", up_to_two));
  EXPECT_TRUE(counter.add("x", up_to_two));
  EXPECT_EQ(asked, 3);
  // An admission that throws (the memory budget) leaves the counter as it was.
  EXPECT_THROW(counter.add("w", []() -> bool { throw std::runtime_error("budget"); }),
               std::runtime_error);
  EXPECT_EQ(counted(counter), (std::map<std::string, std::uint64_t>{{"x", 2}, {"y", 1}}));
}

TEST(CategoryCounterTest, GrowsPastManyDistinctTextsAndAddsIntoExistingCounts) {
  CategoryCounter counter;
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 5000; ++i)
      counter.add("2001/01/01 " + std::to_string(i), [] { return true; });
  }
  StringMap<std::uint64_t> counts{{"2001/01/01 7", 10}, {"other", 1}};
  counter.move_into(counts);
  EXPECT_EQ(counts.size(), 5001u);
  EXPECT_EQ(counts.at("2001/01/01 7"), 13u);
  EXPECT_EQ(counts.at("2001/01/01 4999"), 3u);
  EXPECT_EQ(counts.at("other"), 1u);
}

}  // namespace
}  // namespace mlops::drift
