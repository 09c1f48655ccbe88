#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "stats/distinct_counter.h"
#include "stats/moments.h"
#include "stats/value_sample.h"

namespace mlops::stats {
namespace {

TEST(MomentsTest, MeanAndSampleStddevOfAKnownSet) {
  // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population sd 2, sample sd sqrt(32/7).
  Moments m;
  for (double x : {2, 4, 4, 4, 5, 5, 7, 9}) m.add(x);
  EXPECT_DOUBLE_EQ(m.mean, 5.0);
  EXPECT_DOUBLE_EQ(m.stddev(), std::sqrt(32.0 / 7.0));
}

TEST(MomentsTest, MergeEqualsOnePass) {
  Moments all, a, b;
  for (int i = 0; i < 100; ++i) {
    double x = std::sin(i) * 100 + 1e6;  // a large offset tests numerical stability
    all.add(x);
    (i < 37 ? a : b).add(x);
  }
  a.merge(b);
  EXPECT_EQ(a.n, 100u);
  EXPECT_NEAR(a.mean, all.mean, 1e-9);
  EXPECT_NEAR(a.stddev(), all.stddev(), 1e-9);
  EXPECT_TRUE(std::isnan(Moments{}.stddev()));
}

TEST(ValueSampleTest, QuantilesMatchNumpysLinearMethod) {
  // numpy.percentile([10, 7, 4, 3, 2, 1], [0, 25, 50, 75, 100]) = 1, 2.25, 3.5, 6.25, 10
  // (the example in NumPy's documentation of percentile/quantile, method='linear').
  ValueSample s(100);
  for (double x : {10, 7, 4, 3, 2, 1}) s.add(x);
  EXPECT_TRUE(s.exact());
  EXPECT_DOUBLE_EQ(s.quantile(0.0), 1.0);
  EXPECT_DOUBLE_EQ(s.quantile(0.25), 2.25);
  EXPECT_DOUBLE_EQ(s.quantile(0.5), 3.5);
  EXPECT_DOUBLE_EQ(s.quantile(0.75), 6.25);
  EXPECT_DOUBLE_EQ(s.quantile(1.0), 10.0);
  EXPECT_EQ(s.rank_error(), 0.0);
}

TEST(ValueSampleTest, QuantileRefusesALevelOutside0To1) {
  // static_cast<size_t>(floor(NaN)) is undefined behaviour; refuse before indexing.
  ValueSample s(100);
  for (double x : {1, 2, 3}) s.add(x);
  for (double q : {std::nan(""), std::numeric_limits<double>::infinity(), -0.1, 1.1}) {
    EXPECT_THROW(s.quantile(q), std::invalid_argument) << q;
  }
  EXPECT_THROW(ValueSample(100).quantile(std::nan("")), std::invalid_argument);
}

TEST(ValueSampleTest, SampledQuantilesStayWithinTheStatedRankError) {
  ValueSample s(10000);
  const int n = 1000000;
  for (std::int64_t i = 0; i < n; ++i) s.add(static_cast<double>((i * 7919) % n));  // a permutation
  EXPECT_FALSE(s.exact());
  EXPECT_EQ(s.values().size(), 10000u);
  // DKW with k = 10000 at 99%: sqrt(ln(200) / 20000) = 0.01628
  EXPECT_NEAR(s.rank_error(), 0.01628, 1e-4);
  for (double q : {0.1, 0.5, 0.9}) {
    double rank = s.quantile(q) / n;  // value i has rank i/n
    EXPECT_NEAR(rank, q, s.rank_error()) << q;
  }
}

TEST(ValueSampleTest, MergeOfExactSamplesIsExact) {
  ValueSample a(100), b(100);
  for (double x : {1, 2, 3}) a.add(x);
  for (double x : {4, 5}) b.add(x);
  a.merge(b);
  EXPECT_TRUE(a.exact());
  EXPECT_DOUBLE_EQ(a.quantile(0.5), 3.0);
}

TEST(DistinctCounterTest, ExactModeFindsEveryRepeat) {
  DistinctCounter d;
  EXPECT_FALSE(d.insert("a"));
  EXPECT_FALSE(d.insert("b"));
  EXPECT_TRUE(d.insert("a"));
  EXPECT_FALSE(d.insert(""));
  EXPECT_TRUE(d.insert(""));
  EXPECT_TRUE(d.exact());
  EXPECT_EQ(d.distinct(), 3.0);
}

TEST(DistinctCounterTest, MergeCountsValuesSeenOnBothSides) {
  DistinctCounter a, b;
  for (const char* s : {"x", "y", "z"}) a.insert(s);
  for (const char* s : {"y", "z", "w"}) b.insert(s);
  EXPECT_EQ(a.merge(std::move(b)).count, 2u);
  EXPECT_EQ(a.distinct(), 4.0);
  EXPECT_EQ(a.inserted(), 6u);
}

TEST(DistinctCounterTest, HashZeroIsAValueLikeAnyOther) {
  DistinctCounter d;  // 0 marks an empty slot inside; it must still count as a value
  EXPECT_FALSE(d.insert_hash(0));
  EXPECT_TRUE(d.insert_hash(0));
  EXPECT_FALSE(d.insert_hash(2));
  EXPECT_EQ(d.distinct(), 2.0);
}

TEST(DistinctCounterTest, MergeNamesTheFirstPositionsOfALaterPiecesRepeats) {
  // Enough values that the partitions merge on several threads.
  DistinctCounter earlier, later;
  later.record_positions();
  const int n = 300000;
  for (int i = 0; i < n; ++i) earlier.insert("v" + std::to_string(i));
  // The later piece repeats every 1000th earlier value, at position 10 * i, and adds new ones;
  // its own repeats are its business (insert() said so), not the merge's.
  std::uint64_t own = 0;
  for (int i = 0; i < n; ++i) {
    std::string v = i % 1000 == 999 ? "v" + std::to_string(n - i) : "w" + std::to_string(i % 7001);
    own += later.insert(v, 10 * static_cast<std::uint64_t>(i)) ? 1 : 0;
  }
  auto r = earlier.merge(std::move(later), 3, 4);
  EXPECT_EQ(r.count, 300u);
  EXPECT_EQ(r.first, (std::vector<std::uint64_t>{9990, 19990, 29990}));
  EXPECT_EQ(own, static_cast<std::uint64_t>(n - 300 - 7001));
  EXPECT_EQ(earlier.distinct(), static_cast<double>(n + 7001));
  EXPECT_TRUE(earlier.exact());
}

TEST(DistinctCounterTest, PiecesMergeToWhatOneCounterSees) {
  // Exact, then past max_entries: the merged HyperLogLog registers are those of one counter,
  // whether a piece switched on its own or only the union is too big.
  for (int pieces_past : {0, 1}) {
    DistinctCounter one(1000);
    std::vector<DistinctCounter> pieces(3, DistinctCounter(1000));
    const int per_piece = pieces_past ? 1500 : 600;
    for (int p = 0; p < 3; ++p) {
      for (int i = 0; i < per_piece; ++i) {
        std::string v = "id-" + std::to_string(p * per_piece / 2 + i);
        one.insert(v);
        pieces[static_cast<std::size_t>(p)].insert(v);
      }
    }
    EXPECT_EQ(pieces[0].exact(), !pieces_past);
    DistinctCounter merged(1000);
    for (auto& piece : pieces) merged.merge(std::move(piece), 5, 2);
    EXPECT_FALSE(merged.exact());
    EXPECT_FALSE(one.exact());
    EXPECT_EQ(merged.distinct(), one.distinct());
    EXPECT_EQ(merged.inserted(), one.inserted());
  }
}

TEST(DistinctCounterTest, ApproximateModeEstimatesWithinItsError) {
  DistinctCounter d(1000);  // switches to HyperLogLog after 1,000 distinct values
  const int n = 200000;
  for (int i = 0; i < n; ++i) d.insert("id-" + std::to_string(i % 100000));
  EXPECT_FALSE(d.exact());
  EXPECT_EQ(d.inserted(), static_cast<std::uint64_t>(n));
  // 100,000 distinct values; allow three standard errors (3 x 0.81%).
  EXPECT_NEAR(d.distinct(), 100000.0, 100000.0 * 3 * d.relative_error());
  EXPECT_NEAR(d.relative_error(), 0.008125, 1e-6);
}

}  // namespace
}  // namespace mlops::stats
