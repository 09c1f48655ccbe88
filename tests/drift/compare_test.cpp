// Drift decisions on small hand-made samples. Every expected value is computed by hand in the
// comment next to it, or comes from a documented SciPy/NumPy example (cited).
#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <vector>

#include "core/error.h"
#include "drift/compare.h"
#include "drift/distribution.h"
#include "drift_test_support.h"

namespace mlops::drift {
namespace {

using testing::categorical_profile;
using testing::numeric_profile;
using testing::range;

Distribution dist(const std::vector<double>& sorted) {
  return {sorted, {}, static_cast<double>(sorted.size())};
}

TEST(DistributionTest, KsDistanceByHand) {
  // a = 1..5, b = 3..8: F_a - F_b is largest at x = 2 (2/5 - 0) and at x = 5 (1 - 3/6 = 0.5).
  std::vector<double> a{1, 2, 3, 4, 5}, b{3, 4, 5, 6, 7, 8};
  EXPECT_DOUBLE_EQ(ks_distance(dist(a), dist(b)), 0.5);
  // Ties across samples: at x = 2, F_a = 3/4 and F_b = 3/4; at x = 1, 1/4 - 0; at x = 3,
  // 1 - 3/4 = 0.25. D = 0.25.
  std::vector<double> c{1, 2, 2, 3}, d{2, 2, 2, 4};
  EXPECT_DOUBLE_EQ(ks_distance(dist(c), dist(d)), 0.25);
  EXPECT_EQ(ks_distance(dist(a), dist(a)), 0.0);
}

TEST(DistributionTest, WassersteinMatchesScipyDocumentation) {
  // scipy.stats.wasserstein_distance docstring: ([0, 1, 3], [5, 6, 8]) -> 5.0 and
  // ([0, 1], [0, 1], [3, 1], [2, 2]) -> 0.25, and the weighted 4.0781331438047861 example
  // (values sorted here, weights carried along).
  std::vector<double> a{0, 1, 3}, b{5, 6, 8};
  EXPECT_NEAR(wasserstein(dist(a), dist(b)), 5.0, 1e-12);
  std::vector<double> c{0, 1}, cw{3, 1}, dw{2, 2};
  EXPECT_NEAR(wasserstein({c, cw, 4}, {c, dw, 4}), 0.25, 1e-12);
  std::vector<double> e{3.4, 3.9, 7.5, 7.8}, ew{1.4, 0.9, 3.1, 7.2}, f{1.4, 4.5}, fw{3.5, 3.2};
  EXPECT_NEAR(wasserstein({e, ew, 12.6}, {f, fw, 6.7}), 4.0781331438047861, 1e-12);
}

TEST(DistributionTest, BinsQuantilesAndMomentsMatchNumpyDocumentation) {
  // numpy.histogram docstring: np.histogram([1, 2, 1], bins=[0, 1, 2, 3]) -> [0, 2, 1].
  std::vector<double> v{1, 1, 2}, edges{0, 1, 2, 3};
  auto shares = bin_shares(dist(v), edges);
  ASSERT_EQ(shares.size(), 3u);
  EXPECT_DOUBLE_EQ(shares[0], 0.0);
  EXPECT_DOUBLE_EQ(shares[1], 2.0 / 3);
  EXPECT_DOUBLE_EQ(shares[2], 1.0 / 3);
  // numpy.quantile docstring: a = [[10, 7, 4], [3, 2, 1]], np.quantile(a, 0.5) -> 3.5.
  std::vector<double> q{1, 2, 3, 4, 7, 10};
  EXPECT_DOUBLE_EQ(quantile(dist(q), 0.5), 3.5);
  EXPECT_DOUBLE_EQ(quantile(dist(q), 0.0), 1.0);
  EXPECT_DOUBLE_EQ(quantile(dist(q), 1.0), 10.0);
  // numpy.std docstring: np.std([[1, 2], [3, 4]]) -> 1.1180339887498949.
  std::vector<double> s{1, 2, 3, 4};
  EXPECT_NEAR(mean_std(dist(s)).std, 1.1180339887498949, 1e-15);
  EXPECT_DOUBLE_EQ(mean_std(dist(s)).mean, 2.5);
  DistinctCounts counts = distinct_values(dist(q), dist(s));  // {1,2,3,4,7,10} and {1,2,3,4}
  EXPECT_EQ(counts.both, 6u);
  EXPECT_EQ(counts.first, 6u);
}

TEST(DistributionTest, BinSharesOfUnitWeightsEqualTheWeightedWalk) {
  // Unit weights are counted by binary search, explicit weights walked value by value: with
  // weights of 1 both must give the same doubles, for values on the edges, outside them, on
  // a repeated edge and on the closed last edge.
  std::vector<double> v;
  for (int i = -30; i <= 130; ++i) v.insert(v.end(), 1 + static_cast<std::size_t>(i & 3), i * 0.5);
  const std::vector<double> ones(v.size(), 1.0);
  const double total = static_cast<double>(v.size());
  const std::vector<std::vector<double>> edge_sets = {
      {0, 10, 20, 30, 40, 50}, {-100, 0, 0, 1.25, 64, 65}, {3, 3}, {-20, 7.5, 200}, {0, 1e300}};
  for (const std::vector<double>& edges : edge_sets) {
    SCOPED_TRACE(edges.size());
    const std::vector<double> unit = bin_shares(dist(v), edges);
    const std::vector<double> walked = bin_shares({v, ones, total}, edges);
    EXPECT_EQ(unit, walked);
  }
  // numpy.histogram([0, 0.5, 1, 1, 2], bins=[0, 1, 2]) -> [2, 3]: the last bin is closed.
  const std::vector<double> w{0, 0.5, 1, 1, 2}, e{0, 1, 2};
  EXPECT_EQ(bin_shares(dist(w), e), (std::vector<double>{2.0 / 5, 3.0 / 5}));
}

TEST(CompareTest, KsExactOnSeparatedSamples) {
  // a = 0..4, b = 5..9: D = 1, and the exact two-sided p-value is P(D >= 1) = 2 / C(10, 5)
  // = 2 / 252: only the two orderings that separate the samples completely.
  Profile ref = numeric_profile("x", range(0, 5)), cur = numeric_profile("x", range(5, 10));
  DriftConfig config;
  config.preset = Preset::kEvidently;
  DatasetResult r = compare(ref, cur, config);
  ASSERT_EQ(r.columns.size(), 1u);
  const ColumnResult& c = r.columns[0];
  EXPECT_EQ(c.method, Method::kKs);
  EXPECT_DOUBLE_EQ(c.statistic, 1.0);
  ASSERT_TRUE(c.p_value.has_value());
  EXPECT_NEAR(*c.p_value, 2.0 / 252, 1e-15);
  EXPECT_TRUE(c.drift);
  EXPECT_TRUE(r.drift);
  EXPECT_DOUBLE_EQ(r.share, 1.0);
}

TEST(CompareTest, LargeNumericSamplesUseNormedWasserstein) {
  // ref = 0..1999, cur = ref + 200: W = 200 exactly; the reference's population standard
  // deviation is sqrt((n^2 - 1) / 12) for n consecutive integers, n = 2000.
  std::vector<double> a = range(0, 2000), b = range(200, 2200);
  Profile ref = numeric_profile("x", a), cur = numeric_profile("x", b);
  const double w_norm = 200 / std::sqrt((2000.0 * 2000 - 1) / 12);
  DriftConfig config;
  config.preset = Preset::kEvidently;
  const ColumnResult e = compare(ref, cur, config).columns[0];
  EXPECT_EQ(e.method, Method::kWasserstein);
  EXPECT_NEAR(e.statistic, w_norm, 1e-12);
  EXPECT_FALSE(e.p_value.has_value());
  EXPECT_TRUE(e.drift);
  // Calibrated: KS and the same normed distance as its effect size, both past their bars.
  config.preset = Preset::kCalibrated;
  const ColumnResult c = compare(ref, cur, config).columns[0];
  EXPECT_EQ(c.method, Method::kKs);
  ASSERT_TRUE(c.effect.has_value());
  EXPECT_NEAR(*c.effect, w_norm, 1e-12);
  EXPECT_TRUE(c.drift);
  // The same shift under a higher effect bar is significant but too small to count.
  config.min_effect = 0.5;
  EXPECT_FALSE(compare(ref, cur, config).columns[0].drift);
  config.min_effect = 0.1;
  // The significance preset keeps testing: KS with the asymptotic p-value at this size.
  config.preset = Preset::kSignificance;
  const ColumnResult s = compare(ref, cur, config).columns[0];
  EXPECT_EQ(s.method, Method::kKs);
  EXPECT_NEAR(s.statistic, 0.1, 1e-15);  // 200 of 2000 values are beyond the other sample
}

TEST(CompareTest, CategoricalChiSquareByHand) {
  // ref a:50 b:30 c:20, cur a:30 b:30 c:40.
  Profile ref = categorical_profile("c", {"a", "b", "c"}, {50, 30, 20});
  Profile cur = categorical_profile("c", {"a", "b", "c"}, {30, 30, 40});
  DriftConfig config;
  // Calibrated: chi2_contingency on [[50, 30, 20], [30, 30, 40]]. Expected 40, 30, 30 in both
  // rows; statistic 2 * (100/40 + 0 + 100/30) = 11.666..., dof 2, p = exp(-x / 2).
  const ColumnResult c = compare(ref, cur, config).columns[0];
  EXPECT_EQ(c.method, Method::kChiSquare);
  EXPECT_NEAR(c.statistic, 35.0 / 3, 1e-12);
  EXPECT_NEAR(*c.p_value, std::exp(-35.0 / 6), 1e-15);
  // Effect: Bergsma's bias-corrected Cramer's V, N = 200, k = 3, r = 2:
  // phi^2 = 11.666.../200 - 2/199; k~ = 3 - 4/199, r~ = 2 - 1/199; V = sqrt(phi^2 / (r~ - 1)).
  double phi2 = 35.0 / 3 / 200 - 2.0 / 199;
  ASSERT_TRUE(c.effect.has_value());
  EXPECT_NEAR(*c.effect, std::sqrt(phi2 / (1 - 1.0 / 199)), 1e-12);
  EXPECT_TRUE(c.drift);
  // Evidently: scipy.stats.chisquare(f_obs = [30, 30, 40], f_exp = [50, 30, 20]):
  // 400/50 + 0 + 400/20 = 28, dof 2, p = exp(-14).
  config.preset = Preset::kEvidently;
  const ColumnResult e = compare(ref, cur, config).columns[0];
  EXPECT_NEAR(e.statistic, 28.0, 1e-12);
  EXPECT_NEAR(*e.p_value, std::exp(-14.0), 1e-18);
}

TEST(CompareTest, TwoValuesUseTheZTestInTheEvidentlyPreset) {
  // ref true 60 / 100, cur true 40 / 100: pooled P = 0.5, z = 0.2 / sqrt(0.25 * 0.02)
  // = 2 sqrt(2); two-sided p = erfc(|z| / sqrt(2)) = erfc(2).
  Profile ref = categorical_profile("b", {"true", "false"}, {60, 40});
  Profile cur = categorical_profile("b", {"true", "false"}, {40, 60});
  DriftConfig config;
  config.preset = Preset::kEvidently;
  const ColumnResult c = compare(ref, cur, config).columns[0];
  EXPECT_EQ(c.method, Method::kZTest);
  EXPECT_NEAR(*c.p_value, std::erfc(2.0), 1e-12);
  EXPECT_TRUE(c.drift);
}

TEST(CompareTest, LargeCategoricalSamplesUseJensenShannon) {
  // ref (0.5, 0.5) vs cur (1, 0): scipy.spatial.distance.jensenshannon([1, 0], [0.5, 0.5])
  // = 0.46450140402245893 (its docstring, natural log). Base 2 divides the squared distance
  // by ln 2.
  Profile ref = categorical_profile("c", {"x", "y"}, {1000, 1000});
  Profile cur = categorical_profile("c", {"x"}, {2000});
  DriftConfig config;
  config.preset = Preset::kEvidently;
  const ColumnResult e = compare(ref, cur, config).columns[0];
  EXPECT_EQ(e.method, Method::kJensenShannon);
  EXPECT_NEAR(e.statistic, 0.46450140402245893, 1e-12);
  // Asked for outside the Evidently preset, the distance is in base 2.
  config.preset = Preset::kCalibrated;
  config.categorical.method = Method::kJensenShannon;
  const ColumnResult c = compare(ref, cur, config).columns[0];
  EXPECT_NEAR(c.statistic, 0.46450140402245893 / std::sqrt(std::log(2.0)), 1e-12);
  EXPECT_TRUE(c.drift);
}

TEST(CompareTest, PsiOnReferenceQuantileBins) {
  // ref 0..99 in 4 quantile bins (cuts at 24.75, 49.5, 74.25): shares 0.25 each. cur = 50..149
  // puts 0, 0, 0.25, 0.75 in them; the two empty bins get Evidently's fill 1e-4 (the smallest
  // non-zero share 0.25 > 1e-4). PSI = 2 (0.25 - 1e-4) ln(0.25 / 1e-4) + 0 + (0.25 - 0.75) ln(1/3).
  Profile ref = numeric_profile("x", range(0, 100)), cur = numeric_profile("x", range(50, 150));
  DriftConfig config;
  config.psi_bins = 4;
  config.numeric.method = Method::kPsi;
  const ColumnResult c = compare(ref, cur, config).columns[0];
  EXPECT_EQ(c.method, Method::kPsi);
  double expected = 2 * (0.25 - 1e-4) * std::log(0.25 / 1e-4) - 0.5 * std::log(1.0 / 3);
  EXPECT_NEAR(c.statistic, expected, 1e-12);
  EXPECT_TRUE(c.drift);
}

TEST(CompareTest, WeightsRolesAndMissingColumnsDecideTheShare) {
  // Two columns: x drifts (separated), y does not. Weight 3 on x: share 3 / 4.
  Profile ref = numeric_profile("x", range(0, 5)), cur = numeric_profile("x", range(5, 10));
  Profile ref_y = categorical_profile("y", {"a", "b", "c"}, {5, 5, 5});
  Profile cur_y = categorical_profile("y", {"a", "b", "c"}, {5, 5, 5});
  merge(ref, std::move(ref_y));
  merge(cur, std::move(cur_y));
  ASSERT_EQ(ref.columns.size(), 2u);
  DriftConfig config;
  config.columns["x"].weight = 3;
  DatasetResult r = compare(ref, cur, config);
  EXPECT_DOUBLE_EQ(r.share, 0.75);
  EXPECT_TRUE(r.drift);
  config.drift_share = 0.8;
  EXPECT_FALSE(compare(ref, cur, config).drift);
  // An ignored column is neither tested nor counted.
  config.columns["x"].role = Role::kIgnore;
  DatasetResult ignored = compare(ref, cur, config);
  EXPECT_EQ(ignored.columns.size(), 1u);
  EXPECT_DOUBLE_EQ(ignored.share, 0.0);
  // A column the current data lacks is a schema change: dataset drift by default
  // (trust_test.cpp has the policies).
  Profile only_x = numeric_profile("x", range(0, 5));
  DatasetResult missing = compare(ref, only_x, DriftConfig{});
  ASSERT_EQ(missing.columns.size(), 1u);
  ASSERT_EQ(missing.schema_changes.size(), 1u);
  EXPECT_EQ(missing.schema_changes[0].column, "y");
  EXPECT_TRUE(missing.drift);
}

TEST(CompareTest, ConfigErrorsAreUsageErrors) {
  Profile ref = categorical_profile("c", {"a", "b", "c"}, {5, 5, 5});
  DriftConfig config;
  config.categorical.method = Method::kKs;
  try {
    compare(ref, ref, config);
    FAIL() << "KS on a categorical column was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage);
  }
  DriftConfig unknown;
  unknown.columns["nope"] = {};
  EXPECT_THROW(compare(ref, ref, unknown), Error);
  // A threshold of 5 on a column the preset tests with chi-square is not a p-value (found by
  // fuzzing: without a method in the entry, the config reader cannot know).
  DriftConfig not_alpha;
  not_alpha.columns["c"].choice.threshold = 5;
  EXPECT_THROW(compare(ref, ref, not_alpha), Error);
}

TEST(CompareTest, SketchedColumnsStateTheirErrorBound) {
  // 100,000 values overflow level 0 of the sketch: the report carries a non-zero bound, and
  // the sketched KS distance lies within it of the exact one.
  std::vector<double> a, b;
  for (int i = 0; i < 100000; ++i) {
    a.push_back((i * 7919) % 100000);
    b.push_back((i * 7919) % 100000 + 5000);
  }
  Profile exact_ref = numeric_profile("x", a), exact_cur = numeric_profile("x", b);
  Profile sk_ref = numeric_profile("x", a, Storage::kSketch);
  Profile sk_cur = numeric_profile("x", b, Storage::kSketch);
  DriftConfig config;
  config.preset = Preset::kSignificance;
  const ColumnResult e = compare(exact_ref, exact_cur, config).columns[0];
  const ColumnResult s = compare(sk_ref, sk_cur, config).columns[0];
  EXPECT_NEAR(e.statistic, 0.05, 1e-15);
  EXPECT_EQ(e.error_bound, 0.0);
  EXPECT_GT(s.error_bound, 0.0);
  EXPECT_LT(s.error_bound, 0.005);
  EXPECT_LE(std::abs(s.statistic - e.statistic), s.error_bound);
  EXPECT_EQ(s.drift, e.drift);
}

TEST(ProfileBuilderTest, CountsNullsNonFiniteValuesAndNamesBadValues) {
  MemoryBudget budget;
  BuildOptions options;
  options.budget = &budget;
  ProfileBuilder b({{"n", Kind::kNumeric, io::DataType::kNumber},
                    {"flag", Kind::kCategorical, io::DataType::kBoolean}},
                   options);
  testing::VectorReader reader({"n", "flag"}, {{"1.5", "true"},
                                               {"", "True"},
                                               {"nan", "false"},
                                               {"inf", ""},
                                               {"-2", "FALSE"},
                                               {"oops", "true"}});
  io::Row row;
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(reader.next(row));
    b.add(row, reader);
  }
  ASSERT_TRUE(reader.next(row));
  try {
    b.add(row, reader);
    FAIL() << "a word in a numeric column was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
    EXPECT_NE(std::string(e.what()).find("memory.csv:7"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("'n'"), std::string::npos) << e.what();
  }
  Profile p = b.finish("memory.csv", 0);
  const NumericSummary& n = p.columns[0].numeric;
  EXPECT_EQ(n.count, 2u);
  EXPECT_EQ(n.nan, 1u);
  EXPECT_EQ(n.inf, 1u);
  EXPECT_EQ(p.columns[0].nulls, 1u);
  EXPECT_EQ(n.values, (std::vector<double>{-2, 1.5}));
  // Booleans in any case are one category each.
  auto cats = p.columns[1].categorical.sorted();
  ASSERT_EQ(cats.size(), 2u);
  EXPECT_EQ(cats[0], (std::pair<std::string, std::uint64_t>{"false", 2}));
  EXPECT_EQ(cats[1], (std::pair<std::string, std::uint64_t>{"true", 2}));
}

TEST(ProfileBuilderTest, ExceedingTheMemoryBudgetSwitchesToSketches) {
  MemoryBudget budget;
  budget.limit = std::uint64_t{512} * 1024;  // 65,536 doubles: the values double past it at 32,768
  Profile p = numeric_profile("x", range(0, 100000), Storage::kExact, &budget);
  const NumericSummary& n = p.columns[0].numeric;
  EXPECT_EQ(n.storage, Storage::kSketch);
  EXPECT_TRUE(n.values.empty());
  ASSERT_TRUE(n.sketch);
  EXPECT_EQ(n.sketch->n(), 100000u);
  EXPECT_EQ(n.count, 100000u);
  // The values are released on the switch and the sketch's worst case charged instead:
  // (32,768 level-0 + 3 k) doubles + a 2,048-slot table of small counts (16 bytes a slot).
  EXPECT_EQ(budget.used, (32768u + 9000u) * 8u + 2048u * 16u);
}

TEST(ProfileMergeTest, MergedShardsEqualTheWhole) {
  std::vector<double> all;
  for (int i = 0; i < 80000; ++i) all.push_back((i * 37) % 997);
  Profile whole = numeric_profile("x", all, Storage::kSketch);
  Profile merged;
  for (std::ptrdiff_t s = 0; s < 4; ++s) {
    std::vector<double> shard(all.begin() + s * 20000, all.begin() + (s + 1) * 20000);
    Profile part = numeric_profile("x", shard, Storage::kSketch);
    if (s == 0) {
      merged = std::move(part);
    } else {
      merge(merged, std::move(part));
    }
  }
  EXPECT_EQ(merged.rows, whole.rows);
  const NumericSummary &m = merged.columns[0].numeric, &w = whole.columns[0].numeric;
  EXPECT_EQ(m.count, w.count);
  EXPECT_EQ(m.min, w.min);
  EXPECT_EQ(m.max, w.max);
  EXPECT_NEAR(m.mean_std().mean, w.mean_std().mean, 1e-9);
  EXPECT_NEAR(m.mean_std().std, w.mean_std().std, 1e-9);
  EXPECT_EQ(m.small.sorted(), w.small.sorted());  // 997 distinct values: exact counts
  EXPECT_LE(std::abs(ks_distance(m.distribution(), w.distribution())),
            m.rank_error() + w.rank_error());
}

// Values of a Parquet dictionary (io::Field::dictionary) are parsed and looked up once per
// entry; a later dictionary's codes mean other values, and a category refused at
// max_categories stays refused.
TEST(ProfileBuilderTest, DictionaryValuesCountAsTheirTexts) {
  MemoryBudget budget;
  BuildOptions options;
  options.budget = &budget;
  options.max_categories = 2;
  ProfileBuilder b({{"n", Kind::kNumeric, io::DataType::kNumber},
                    {"c", Kind::kCategorical, io::DataType::kString}},
                   options);
  testing::VectorReader reader({"n", "c"}, {});
  const std::uint32_t first = io::new_dictionary_id(), second = io::new_dictionary_id();
  struct Value {
    const char* n;
    const char* c;
    std::uint32_t dictionary, code;
  };
  const Value rows[] = {{"1.5", "x", first, 0}, {"2", "y", first, 1},    {"1.5", "x", first, 0},
                        {"7", "z", second, 0},  {"1.5", "x", second, 1}, {"7", "z", second, 0}};
  for (const Value& v : rows) {
    io::Row row;
    row.fields.resize(2);
    row.fields[0].text = v.n;
    row.fields[1].text = v.c;
    for (io::Field& f : row.fields) {
      f.dictionary = v.dictionary;
      f.code = v.code;
    }
    b.add(row, reader);
  }
  Profile p = b.finish("memory.parquet", 0);
  EXPECT_EQ(p.columns[0].numeric.values, (std::vector<double>{1.5, 1.5, 1.5, 2, 7, 7}));
  auto cats = p.columns[1].categorical.sorted();
  ASSERT_EQ(cats.size(), 2u);
  EXPECT_EQ(cats[0], (std::pair<std::string, std::uint64_t>{"x", 3}));
  EXPECT_EQ(cats[1], (std::pair<std::string, std::uint64_t>{"y", 1}));
  EXPECT_EQ(p.columns[1].categorical.other, 2u);  // "z" twice, past max_categories
}

}  // namespace
}  // namespace mlops::drift
