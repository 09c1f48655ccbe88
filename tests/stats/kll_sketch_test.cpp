#include "stats/kll_sketch.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "stats/radix_sort.h"

// Expected values: std::sort, exact ranks of the full data computed by sorting it, DataSketches'
// published error formula, and small cases worked by hand.
namespace mlops::stats {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// radix_sort must give std::sort's order (-0.0 and +0.0 may swap, being equal) and keep every
// bit pattern.
void expect_sorts_like_std_sort(std::vector<double> values) {
  std::vector<double> expected = values;
  std::sort(expected.begin(), expected.end());
  std::vector<std::uint64_t> bits_before(values.size());
  std::transform(values.begin(), values.end(), bits_before.begin(),
                 [](double x) { return std::bit_cast<std::uint64_t>(x); });
  std::vector<std::uint64_t> scratch;
  radix_sort(values, scratch);
  ASSERT_EQ(values.size(), expected.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    ASSERT_EQ(values[i], expected[i]) << "at " << i << " of " << values.size();
  }
  std::vector<std::uint64_t> bits_after(values.size());
  std::transform(values.begin(), values.end(), bits_after.begin(),
                 [](double x) { return std::bit_cast<std::uint64_t>(x); });
  std::sort(bits_before.begin(), bits_before.end());
  std::sort(bits_after.begin(), bits_after.end());
  EXPECT_EQ(bits_before, bits_after);
}

std::vector<double> mixed_values(std::size_t n, std::uint64_t seed) {
  const double specials[] = {0.0,
                             -0.0,
                             kInf,
                             -kInf,
                             std::numeric_limits<double>::denorm_min(),
                             -std::numeric_limits<double>::denorm_min(),
                             3 * std::numeric_limits<double>::denorm_min(),
                             std::numeric_limits<double>::min(),
                             std::numeric_limits<double>::max(),
                             std::numeric_limits<double>::lowest(),
                             1.0,
                             -1.0};
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(-1e6, 1e6);
  std::uniform_int_distribution<int> pick(0, 9);
  std::vector<double> values(n);
  for (double& x : values) {
    switch (pick(rng)) {
      case 0:
        x = specials[rng() % std::size(specials)];
        break;
      case 1:
        x = static_cast<double>(rng() % 5);  // duplicates
        break;
      case 2:
        x = std::ldexp(uniform(rng), -1060);  // denormals of both signs
        break;
      default:
        x = uniform(rng);
    }
  }
  return values;
}

TEST(RadixSortTest, MatchesStdSortOnMixedValuesOfEverySize) {
  for (std::size_t n : {0, 1, 2, 7, 255, 256, 257, 1000, 4096, 100000}) {
    SCOPED_TRACE(n);
    expect_sorts_like_std_sort(mixed_values(n, n));
  }
}

TEST(RadixSortTest, MatchesStdSortOnRandomContinuousData) {
  // Uniform and lognormal values take the prefix-then-insertion path.
  std::mt19937_64 rng(1);
  std::vector<double> uniform(50000), lognormal(50000);
  for (double& x : uniform) x = std::uniform_real_distribution<double>(0, 1)(rng);
  for (double& x : lognormal) x = std::lognormal_distribution<double>(0, 3)(rng);
  expect_sorts_like_std_sort(uniform);
  expect_sorts_like_std_sort(lognormal);
}

TEST(RadixSortTest, MatchesStdSortOnDegenerateAndClusteredInputs) {
  expect_sorts_like_std_sort(std::vector<double>(5000, 42.5));
  std::vector<double> ascending(5000), descending(5000), timestamps(5000), integers(5000);
  std::iota(ascending.begin(), ascending.end(), -2500.0);
  std::reverse_copy(ascending.begin(), ascending.end(), descending.begin());
  std::mt19937_64 rng(2);
  for (double& x : timestamps) {
    x = 1.7e9 + std::uniform_real_distribution<double>(0, 3600)(rng);  // one shared prefix
  }
  for (double& x : integers) x = static_cast<double>(rng() % 100);
  expect_sorts_like_std_sort(ascending);
  expect_sorts_like_std_sort(descending);
  expect_sorts_like_std_sort(timestamps);
  expect_sorts_like_std_sort(integers);
}

TEST(RadixSortTest, FewDistinctValuesAreCountedUpTo4096AndSortedBeyond) {
  // At most 4096 distinct bit patterns are sorted by counting; one more and the count gives up
  // part way for the radix passes. Both ends, with -0.0 and +0.0, infinities and denormals
  // among them, and values in shuffled order.
  std::mt19937_64 rng(4);
  for (std::size_t distinct : {1, 2, 4095, 4096, 4097, 6000}) {
    SCOPED_TRACE(distinct);
    std::vector<double> pool = {0.0, -0.0, kInf, -kInf, std::numeric_limits<double>::denorm_min(),
                                -1.5};
    for (std::size_t i = 0; pool.size() < distinct; ++i)
      pool.push_back(static_cast<double>(i) - 700);
    pool.resize(distinct);
    std::vector<double> values(50000);
    for (std::size_t i = 0; i < values.size(); ++i) {
      values[i] = i < pool.size() ? pool[i] : pool[rng() % pool.size()];
    }
    std::shuffle(values.begin(), values.end(), rng);
    expect_sorts_like_std_sort(values);
  }
}

TEST(RadixSortTest, ClusterHiddenFromTheSampleStillSorts) {
  // Spread values where an evenly spaced sample looks, a narrow cluster everywhere else: the
  // prefix pass leaves one long run, and the insertion sort must give up for a full sort.
  const std::size_t n = 65536;
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<double> values(n);
  for (std::size_t i = 0; i < n; ++i) {
    values[i] =
        i % 64 == 0 ? std::ldexp(unit(rng), static_cast<int>(i % 50)) : 3 + unit(rng) * 1e-9;
  }
  expect_sorts_like_std_sort(values);
}

TEST(KllSketchTest, NormalizedRankErrorIsDataSketchesFormula) {
  // 2.296 / 200^0.9723 and 2.446 / 200^0.9433 (DataSketches kll_sketch_impl.hpp).
  EXPECT_NEAR(KllSketch::normalized_rank_error(200, false), 0.0132948, 1e-6);
  EXPECT_NEAR(KllSketch::normalized_rank_error(200, true), 0.0165156, 1e-6);
  EXPECT_NEAR(KllSketch::normalized_rank_error(KllSketch::kDefaultK, false), 0.000955360, 1e-8);
  EXPECT_EQ(KllSketch().rank_error(), 0.0);  // exact while empty
}

TEST(KllSketchTest, ExactWhileLevelZeroHoldsEverything) {
  KllSketch sketch;
  std::vector<double> values(1000);
  std::iota(values.begin(), values.end(), 1.0);
  std::shuffle(values.begin(), values.end(), std::mt19937_64(4));
  for (double x : values) sketch.update(x);
  EXPECT_TRUE(sketch.exact());
  EXPECT_EQ(sketch.rank_error(), 0.0);
  EXPECT_EQ(sketch.n(), 1000u);
  EXPECT_EQ(sketch.retained(), 1000u);
  EXPECT_EQ(sketch.min(), 1.0);
  EXPECT_EQ(sketch.max(), 1000.0);
  const KllSortedView view = sketch.sorted_view();
  EXPECT_EQ(view.rank(500), 0.5);
  EXPECT_EQ(view.rank(500, false), 0.499);
  EXPECT_EQ(view.rank(0.5), 0.0);
  EXPECT_EQ(view.rank(1e9), 1.0);
  EXPECT_EQ(view.quantile(0.5), 500.0);
  EXPECT_EQ(view.quantile(0.0005), 1.0);
  EXPECT_EQ(view.quantile(0.0015), 2.0);
  EXPECT_EQ(view.quantile(0.0), 1.0);
  EXPECT_EQ(view.quantile(1.0), 1000.0);
  const double splits[] = {250.5, 750};
  EXPECT_EQ(sketch.cdf(splits), (std::vector<double>{0.25, 0.75, 1.0}));
}

TEST(KllSketchTest, LevelZeroCapacityIsTheExactLimit) {
  KllSketch sketch(8, 64);
  for (int i = 0; i < 64; ++i) sketch.update(i);
  EXPECT_TRUE(sketch.exact());
  EXPECT_EQ(sketch.levels().size(), 1u);
  sketch.update(64);
  EXPECT_FALSE(sketch.exact());
  EXPECT_EQ(sketch.n(), 65u);
  EXPECT_GT(sketch.rank_error(), 0.0);
  EXPECT_EQ(sketch.min(), 0.0);
  EXPECT_EQ(sketch.max(), 64.0);
}

// The worst difference between the sketch's answers and the exact ranks of `data`, over rank()
// at every 500th order statistic and quantile() at every 0.001.
double worst_rank_error(const KllSketch& sketch, std::vector<double> data) {
  std::sort(data.begin(), data.end());
  const auto n = static_cast<double>(data.size());
  const auto rank_of = [&](double x, bool inclusive) {
    const auto it = inclusive ? std::upper_bound(data.begin(), data.end(), x)
                              : std::lower_bound(data.begin(), data.end(), x);
    return static_cast<double>(it - data.begin()) / n;
  };
  const KllSortedView view = sketch.sorted_view();
  double worst = 0;
  for (std::size_t i = 0; i < data.size(); i += 500) {
    worst = std::max(worst, std::abs(view.rank(data[i]) - rank_of(data[i], true)));
    worst = std::max(worst, std::abs(view.rank(data[i], false) - rank_of(data[i], false)));
  }
  for (int i = 1; i < 1000; ++i) {
    const double q = i / 1000.0;
    const double v = view.quantile(q);
    // q must lie in [exclusive rank, inclusive rank] of the value returned, give or take.
    worst = std::max({worst, rank_of(v, false) - q, q - rank_of(v, true)});
  }
  return worst;
}

std::vector<double> draw(std::size_t n, std::uint64_t seed, bool heavy_tailed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(-50, 150);
  std::lognormal_distribution<double> lognormal(0, 2.5);
  std::vector<double> values(n);
  for (double& x : values) x = heavy_tailed ? lognormal(rng) : uniform(rng);
  return values;
}

TEST(KllSketchTest, UniformMillionStaysWithinRankError) {
  const std::vector<double> data = draw(1'000'000, 5, false);
  KllSketch sketch;
  for (double x : data) sketch.update(x);
  EXPECT_EQ(sketch.n(), data.size());
  EXPECT_EQ(sketch.min(), *std::min_element(data.begin(), data.end()));
  EXPECT_EQ(sketch.max(), *std::max_element(data.begin(), data.end()));
  EXPECT_NEAR(sketch.rank_error(), 0.000955, 1e-6);
  EXPECT_LT(sketch.retained(), KllSketch::kDefaultLevel0Capacity + 3 * KllSketch::kDefaultK);
  // The extremes are answered exactly even though compaction dropped them.
  EXPECT_EQ(sketch.quantile(0.0), sketch.min());
  EXPECT_EQ(sketch.quantile(1.0), sketch.max());
  EXPECT_LE(worst_rank_error(sketch, data), sketch.rank_error());
}

TEST(KllSketchTest, LognormalMillionStaysWithinRankError) {
  const std::vector<double> data = draw(1'000'000, 6, true);
  KllSketch sketch;
  sketch.update_batch(data);
  EXPECT_EQ(sketch.n(), data.size());
  EXPECT_EQ(sketch.min(), *std::min_element(data.begin(), data.end()));
  EXPECT_EQ(sketch.max(), *std::max_element(data.begin(), data.end()));
  EXPECT_LE(worst_rank_error(sketch, data), sketch.rank_error());
}

TEST(KllSketchTest, MergedShardsStayWithinRankErrorOfTheUnion) {
  std::vector<double> all;
  KllSketch merged;
  for (std::uint64_t shard = 0; shard < 4; ++shard) {
    std::vector<double> part = draw(250'000 + 1000 * shard, 10 + shard, shard % 2 == 1);
    for (double& x : part) x += 20.0 * static_cast<double>(shard);  // shards differ
    KllSketch sketch;
    sketch.update_batch(part);
    merged.merge(sketch);
    all.insert(all.end(), part.begin(), part.end());
  }
  EXPECT_EQ(merged.n(), 1'006'000u);
  EXPECT_EQ(merged.min(), *std::min_element(all.begin(), all.end()));
  EXPECT_EQ(merged.max(), *std::max_element(all.begin(), all.end()));
  EXPECT_LE(worst_rank_error(merged, all), merged.rank_error());
}

TEST(KllSketchTest, UpdateAndUpdateBatchAndMergeAgreeExactlyWhileExact) {
  // Below level-0 capacity nothing is random: a merge is the union.
  KllSketch a, b;
  for (int i = 0; i < 100; ++i) a.update(i);
  const std::vector<double> more = {-5, 200, 7};
  b.update_batch(more);
  a.merge(b);
  EXPECT_EQ(a.n(), 103u);
  EXPECT_EQ(a.min(), -5.0);
  EXPECT_EQ(a.max(), 200.0);
  EXPECT_EQ(a.rank(7), 10.0 / 103.0);  // -5, 0..7, and 7 again
  a.merge(a);
  EXPECT_EQ(a.n(), 206u);
  EXPECT_EQ(a.rank(7), 10.0 / 103.0);
}

TEST(KllSketchTest, SameInputAndSeedGiveIdenticalLevels) {
  const std::vector<double> data = draw(300'000, 7, true);
  KllSketch one(200, 1024), two(200, 1024), batch(200, 1024), other_seed(200, 1024, 99);
  for (double x : data) one.update(x);
  for (double x : data) two.update(x);
  batch.update_batch(data);
  other_seed.update_batch(data);
  EXPECT_EQ(one.levels(), two.levels());
  EXPECT_EQ(one.rng_state(), two.rng_state());
  EXPECT_EQ(one.levels(), batch.levels());
  EXPECT_NE(one.levels(), other_seed.levels());  // the coin flips do come from the seed
}

TEST(KllSketchTest, MergeWithDifferentKThrows) {
  KllSketch a(200), b(400);
  EXPECT_THROW(a.merge(b), std::invalid_argument);
}

TEST(KllSketchTest, BadArgumentsThrowAndEmptySketchAnswersNaN) {
  EXPECT_THROW(KllSketch(7), std::invalid_argument);
  EXPECT_THROW(KllSketch(65536), std::invalid_argument);
  EXPECT_THROW(KllSketch(200, KllSketch::kMaxLevel0Capacity + 1), std::invalid_argument);
  EXPECT_EQ(KllSketch(200, 10).level0_capacity(), 200u);  // raised to k

  KllSketch empty;
  EXPECT_TRUE(std::isnan(empty.min()));
  EXPECT_TRUE(std::isnan(empty.rank(1)));
  EXPECT_TRUE(std::isnan(empty.quantile(0.5)));

  KllSketch sketch;
  for (double x : {1.0, -kInf, kInf, 2.0}) sketch.update(x);
  EXPECT_EQ(sketch.min(), -kInf);
  EXPECT_EQ(sketch.quantile(1.0), kInf);
  EXPECT_EQ(sketch.rank(1.5), 0.5);
  EXPECT_THROW(sketch.quantile(-0.1), std::invalid_argument);
  EXPECT_THROW(sketch.quantile(std::nan("")), std::invalid_argument);
  const double unordered[] = {2.0, 1.0};
  EXPECT_THROW(sketch.cdf(unordered), std::invalid_argument);
}

KllParts parts_of(const KllSketch& sketch) {
  return {sketch.k(),   sketch.level0_capacity(), sketch.n(),        sketch.min(),
          sketch.max(), sketch.levels(),          sketch.rng_state()};
}

TEST(KllSketchTest, FromPartsRoundTripsAndContinuesIdentically) {
  const std::vector<double> data = draw(200'000, 8, false);
  KllSketch original(300, 2048);
  original.update_batch(data);
  ASSERT_GT(original.levels().size(), 3u);
  KllSketch copy = KllSketch::from_parts(parts_of(original));
  EXPECT_EQ(copy.levels(), original.levels());
  EXPECT_EQ(copy.n(), original.n());
  EXPECT_EQ(copy.min(), original.min());
  EXPECT_EQ(copy.max(), original.max());
  // The generator state travels too: both go on to make the same coin flips.
  original.update_batch(data);
  copy.update_batch(data);
  EXPECT_EQ(copy.levels(), original.levels());
}

TEST(KllSketchTest, EverySketchStateIsAcceptedByFromParts) {
  // from_parts checks the invariants, so it doubles as a checker of update and merge.
  std::mt19937_64 rng(9);
  KllSketch sketch(8, 16);
  for (int round = 0; round < 300; ++round) {
    KllSketch other(8, 8 + round % 40, round);
    for (std::uint64_t i = rng() % 200; i > 0; --i) other.update(static_cast<double>(rng() % 1000));
    sketch.merge(other);
    for (std::uint64_t i = rng() % 50; i > 0; --i) sketch.update(static_cast<double>(rng() % 1000));
    ASSERT_NO_THROW(KllSketch::from_parts(parts_of(sketch))) << "round " << round;
  }
}

// from_parts(parts) must throw std::invalid_argument mentioning `what`.
void expect_rejected(const KllParts& parts, const std::string& what) {
  try {
    KllSketch::from_parts(parts);
    ADD_FAILURE() << "accepted; expected a complaint about " << what;
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
  }
}

TEST(KllSketchTest, FromPartsRejectsEachKindOfMalformedPart) {
  KllSketch sketch(8, 16);
  for (int i = 0; i < 1000; ++i) sketch.update(i % 97);
  const KllParts good = parts_of(sketch);
  ASSERT_NO_THROW(KllSketch::from_parts(good));
  ASSERT_GE(good.levels.size(), 3u);
  const std::size_t top = good.levels.size() - 1;
  ASSERT_GE(good.levels[top].size(), 2u);

  KllParts p = good;
  p.k = 7;
  expect_rejected(p, "k 7");
  p = good;
  p.k = 70000;
  expect_rejected(p, "k 70000");
  p = good;
  p.level0_capacity = 4;
  expect_rejected(p, "below k");
  p = good;
  p.level0_capacity = KllSketch::kMaxLevel0Capacity + 1;
  expect_rejected(p, "level-0 capacity");
  p = good;
  p.levels.clear();
  p.n = 0;
  expect_rejected(p, "no levels");
  p = good;
  p.levels.resize(65);
  expect_rejected(p, "65 levels");
  p = good;
  p.levels[0].assign(17, 1.0);
  expect_rejected(p, "more than its capacity");
  p = good;
  p.n += 1;
  expect_rejected(p, "levels weigh");
  p = good;
  p.levels.resize(64);
  p.levels[63] = {1.0, 2.0};
  expect_rejected(p, "overflows");
  p = good;
  std::swap(p.min, p.max);
  expect_rejected(p, "not an interval");
  p = good;
  p.max = std::nan("");
  expect_rejected(p, "not an interval");
  p = good;
  p.levels[top][0] = std::nan("");
  expect_rejected(p, "is NaN");
  p = good;
  p.levels[top].back() = good.max + 1;
  expect_rejected(p, "outside [min, max]");
  p = good;
  p.levels[top][0] = good.max;
  p.levels[top][1] = good.min;
  expect_rejected(p, "not sorted");
  p = good;
  p.levels[1].assign(100, 50.0);  // weight 200 moved from level 0 to keep n right
  p.levels[0].clear();
  p.n = good.n - good.levels[0].size() - 2 * good.levels[1].size() + 200;
  expect_rejected(p, "more than k");
}

}  // namespace
}  // namespace mlops::stats
