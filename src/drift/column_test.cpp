#include "drift/column_test.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include "core/error.h"
#include "drift/method_choice.h"
#include "drift/tables.h"
#include "stats/binned.h"
#include "stats/drift_stats.h"
#include "stats/kolmogorov.h"

namespace mlops::drift {
namespace {

using tables::binned;
using tables::Binned;
using tables::cramers_v_corrected;
using tables::psi_of;
using tables::quantile_bins;
using tables::shares;
using tables::value_table;
using tables::ValueTable;

class ColumnComparison {
 public:
  ColumnComparison(const ColumnProfile& r, const ColumnProfile& c, const DriftConfig& config,
                   const ColumnSettings* settings)
      : r_(r), c_(c), config_(config), settings_(settings) {}

  ColumnResult run() {
    ColumnResult out = column_result(r_, c_, settings_);
    test_missing(out);
    table_ = value_table(r_, c_);
    out.distinct = table_ ? table_->labels.size() : 0;
    if (out.reference_values == 0 || out.current_values == 0) {
      out.error = std::string("no ") + (r_.kind == Kind::kNumeric ? "finite " : "") +
                  "values in the " + (out.reference_values == 0 ? "reference" : "current data") +
                  " to compare";
      out.drift = true;
      return out;
    }
    // Text is tested by the lengths of its values, as numbers.
    const Kind tested = r_.kind == Kind::kText ? Kind::kNumeric : r_.kind;
    choose_method(out, tested, table_ ? table_->labels.size() : kManyDistinct, config_, settings_);
    if (r_.kind == Kind::kText) out.why = "text lengths; " + out.why;
    test(out);
    out.quality = check_quality(r_, c_, config_);
    // Words new to the reference are part of a text column's drift test, whatever `quality:`.
    const bool quality_drift =
        out.quality->failed && (config_.quality == SchemaPolicy::kError || r_.kind == Kind::kText);
    // An uncertain verdict (it could flip within the error bound) counts as drift: an
    // approximation never passes a column silently.
    out.drift = out.drift || out.missing_drift || out.uncertain || quality_drift;
    binned_ = binned_ ? binned_ : binned(r_, c_, table_);
    out.histogram = tables::picture(*binned_);
    if (out.histogram.reference.empty())
      out.histogram = tables::even_picture(r_.numeric, c_.numeric);
    return out;
  }

 private:
  // The same rule in every preset: a change of the missing-value share by at least
  // null_share_change (absolute) that a pooled two-proportion z-test finds significant
  // (p < null_alpha), so that a handful of rows cannot trip it.
  // Infinities count with the missing values: every statistic drops them, so a column flooded
  // with inf would otherwise look unchanged.
  void test_missing(ColumnResult& out) const {
    const bool numeric = r_.kind == Kind::kNumeric;
    const std::uint64_t rm = r_.nulls + (numeric ? r_.numeric.nan + r_.numeric.inf : 0);
    const std::uint64_t cm =
        c_.nulls + (c_.kind == Kind::kNumeric ? c_.numeric.nan + c_.numeric.inf : 0);
    if (r_.rows == 0 || c_.rows == 0) return;
    out.reference_missing_share = static_cast<double>(rm) / static_cast<double>(r_.rows);
    out.current_missing_share = static_cast<double>(cm) / static_cast<double>(c_.rows);
    out.missing_p_value = stats::two_proportion_z_p_value(rm, r_.rows, cm, c_.rows);
    out.missing_drift = std::abs(out.current_missing_share - out.reference_missing_share) >=
                            config_.null_share_change &&
                        out.missing_p_value < config_.null_alpha;
  }

  void test(ColumnResult& out) {
    const bool evidently = config_.preset == Preset::kEvidently;
    const NumericSummary &rn = r_.numeric, &cn = c_.numeric;
    const double rank_error = rn.rank_error() + cn.rank_error();
    switch (out.method) {
      case Method::kKs: {
        double d = ks_distance(rn.distribution(), cn.distribution());
        out.statistic = d;
        if (rank_error > 0) {
          // D from sketches is itself approximate (within the rank errors), so the p-value is
          // Kolmogorov's limit at sqrt(n m / (n + m)) D: constant time where SciPy's finite-n
          // value costs O(n) for n near 10^6, and no less accurate given D.
          const double en = static_cast<double>(rn.count) * static_cast<double>(cn.count) /
                            static_cast<double>(rn.count + cn.count);
          auto p_of = [&](double x) { return stats::kolmogorov_limit_sf(std::sqrt(en) * x); };
          out.p_value = p_of(d);
          out.error_bound = rank_error;
          out.uncertain = (p_of(std::min(1.0, d + rank_error)) <= out.threshold) !=
                          (p_of(std::max(0.0, d - rank_error)) <= out.threshold);
        } else {
          out.p_value = stats::ks_2samp_p_value(rn.count, cn.count, d);
        }
        out.drift = *out.p_value <= out.threshold;
        if (out.min_effect > 0) {
          // Effect size: the Wasserstein distance in reference standard deviations.
          double norm = std::max(rn.mean_std().std, 0.001);
          out.effect = wasserstein(rn.distribution(), cn.distribution()) / norm;
          out.drift = out.drift && *out.effect >= out.min_effect;
        }
        return;
      }
      case Method::kWasserstein: {
        // Normed by the reference's population standard deviation, floored at 0.001, as
        // Evidently's wasserstein_distance_norm does.
        double norm = std::max(rn.mean_std().std, 0.001);
        out.statistic = wasserstein(rn.distribution(), cn.distribution()) / norm;
        out.drift = out.statistic >= out.threshold;
        if (rank_error > 0) {
          out.error_bound =
              rank_error * (std::max(rn.max, cn.max) - std::min(rn.min, cn.min)) / norm;
          out.uncertain = std::abs(out.statistic - out.threshold) < out.error_bound;
        }
        return;
      }
      case Method::kPsi: {
        if (r_.kind == Kind::kCategorical) {
          apply(out, by_counts(out, table_->reference, table_->current));
          bound_lumped(out);
        } else if (evidently || (table_ && table_->labels.size() <= 20)) {
          binned_ = binned(r_, c_, table_);
          out.statistic = psi_of(binned_->reference, binned_->current);
          note_share_error(out, binned_->share_error);
        } else {
          auto [rs, cs] = quantile_bins(rn, cn, config_.psi_bins);
          out.statistic = psi_of(rs, cs);
          note_share_error(out, 2 * std::max(rn.rank_error(), cn.rank_error()));
        }
        out.drift = out.statistic >= out.threshold;
        return;
      }
      case Method::kJensenShannon: {
        if (r_.kind == Kind::kCategorical) {
          apply(out, by_counts(out, table_->reference, table_->current));
          bound_lumped(out);
          return;
        }
        binned_ = binned(r_, c_, table_);
        // Evidently's jensenshannon_stat_test uses the natural logarithm; base 2 (our default)
        // puts the distance in [0, 1].
        out.statistic =
            stats::jensen_shannon_distance(binned_->reference, binned_->current, evidently ? 0 : 2);
        out.drift = out.statistic >= out.threshold;
        note_share_error(out, binned_->share_error);
        return;
      }
      case Method::kChiSquare:
      case Method::kZTest: {
        if (!table_) {
          throw usage_error(
              "column '" + r_.name + "' has too many distinct values for a chi-square test",
              "use ks, wasserstein, psi or jensenshannon for it");
        }
        apply(out, by_counts(out, table_->reference, table_->current));
        bound_lumped(out);
        return;
      }
    }
  }

  struct Outcome {
    double statistic = 0;
    std::optional<double> p_value;
    std::optional<double> effect;
    bool drift = false;
  };

  static void apply(ColumnResult& out, const Outcome& o) {
    out.statistic = o.statistic;
    out.p_value = o.p_value;
    out.effect = o.effect;
    out.drift = o.drift;
  }

  // The column's method on a table of counts per value (reference, current): chi-square,
  // z-test, and Jensen-Shannon or PSI over one share per value.
  Outcome by_counts(const ColumnResult& out, const std::vector<double>& ref,
                    const std::vector<double>& cur) const {
    const bool evidently = config_.preset == Preset::kEvidently;
    Outcome o;
    switch (out.method) {
      case Method::kKs:
      case Method::kWasserstein:
        break;  // never on counts
      case Method::kPsi:
        o.statistic = psi_of(shares(ref), shares(cur));
        o.drift = o.statistic >= out.threshold;
        break;
      case Method::kJensenShannon:
        o.statistic = stats::jensen_shannon_distance(shares(ref), shares(cur), evidently ? 0 : 2);
        o.drift = o.statistic >= out.threshold;
        break;
      case Method::kChiSquare: {
        if (evidently) {
          // Evidently: scipy.stats.chisquare(f_obs = current counts, f_exp = reference counts
          // scaled to the current size).
          double k =
              static_cast<double>(out.current_values) / static_cast<double>(out.reference_values);
          std::vector<double> expected;
          expected.reserve(ref.size());
          for (double x : ref) expected.push_back(x * k);
          double statistic = 0;
          o.p_value = stats::chisquare_gof_p_value(cur, expected, &statistic);
          o.statistic = statistic;
        } else if (ref.size() < 2) {
          o.statistic = 0;
          o.p_value = 1.0;
        } else {
          auto res = stats::chi2_contingency({ref, cur});
          o.statistic = res.statistic;
          o.p_value = res.p_value;
        }
        o.drift = *o.p_value < out.threshold;
        if (out.min_effect > 0) {
          o.effect = cramers_v_corrected(ref, cur);
          o.drift = o.drift && *o.effect >= out.min_effect;
        }
        break;
      }
      case Method::kZTest: {
        // Evidently's z-test: the share of one value (the first in value order) in each sample.
        auto n1 = static_cast<std::uint64_t>(out.reference_values);
        auto n2 = static_cast<std::uint64_t>(out.current_values);
        auto s1 = static_cast<std::uint64_t>(ref.empty() ? 0 : ref[0]);
        auto s2 = static_cast<std::uint64_t>(cur.empty() ? 0 : cur[0]);
        o.p_value = stats::two_proportion_z_p_value(s1, n1, s2, n2);
        o.statistic = static_cast<double>(s1) / static_cast<double>(n1) -
                      static_cast<double>(s2) / static_cast<double>(n2);
        o.drift = *o.p_value < out.threshold;
        break;
      }
    }
    return o;
  }

  // Past max_categories a side counts the rest of its values only in total ("(other values)"),
  // and the table treats both sides' rests as one value. The exact statistic over every value
  // lies between two tables both sides' counts allow:
  //  - highest: each side's rest on values of its own, which no other value shares. Jensen-
  //    Shannon and the chi-square statistic are jointly convex and homogeneous in the two
  //    counts of a value, so moving mass onto a shared value never raises them;
  //  - lowest: every value outside the ones both sides counted merged into one (coarser
  //    tables never raise an f-divergence, so this is below any refinement).
  // The statistic's bound is the larger distance to either end. The verdict is taken at both
  // ends too: when they differ the column is uncertain, and an uncertain column counts as
  // drifted (never "no drift" on an approximation).
  void bound_lumped(ColumnResult& out) const {
    if (r_.kind != Kind::kCategorical) return;
    const double other_r = static_cast<double>(r_.categorical.other);
    const double other_c = static_cast<double>(c_.categorical.other);
    if (other_r + other_c == 0) return;
    const ValueTable& t = *table_;
    const std::size_t known = t.labels.size() - 1;  // the last label is "(other values)"
    std::vector<double> high_r(t.reference.begin(), t.reference.begin() + known);
    std::vector<double> high_c(t.current.begin(), t.current.begin() + known);
    high_r.push_back(other_r);
    high_c.push_back(0);
    high_r.push_back(0);
    high_c.push_back(other_c);
    std::vector<double> low_r, low_c;
    double rest_r = static_cast<double>(out.reference_values);
    double rest_c = static_cast<double>(out.current_values);
    for (std::size_t i = 0; i < known; ++i) {
      if (t.reference[i] > 0 && t.current[i] > 0) {
        low_r.push_back(t.reference[i]);
        low_c.push_back(t.current[i]);
        rest_r -= t.reference[i];
        rest_c -= t.current[i];
      }
    }
    low_r.push_back(rest_r);
    low_c.push_back(rest_c);
    Outcome high = by_counts(out, high_r, high_c), low = by_counts(out, low_r, low_c);
    out.error_bound = std::max({out.error_bound, std::abs(high.statistic - out.statistic),
                                std::abs(out.statistic - low.statistic)});
    out.uncertain = out.uncertain || high.drift != low.drift || high.drift != out.drift;
  }

  static void note_share_error(ColumnResult& out, double share_error) {
    if (share_error > 0) out.error_bound = share_error;  // per bin share, not the statistic
  }

  const ColumnProfile& r_;
  const ColumnProfile& c_;
  const DriftConfig& config_;
  const ColumnSettings* settings_;
  std::optional<ValueTable> table_;
  std::optional<Binned> binned_;
};

}  // namespace

ColumnResult column_result(const ColumnProfile& r, const ColumnProfile& c,
                           const ColumnSettings* settings) {
  ColumnResult out;
  out.column = r.name;
  out.kind = r.kind;
  out.type = std::string(io::to_string(r.type));
  out.reference_nulls = r.nulls;
  out.current_nulls = c.nulls;
  if (settings) {
    out.role = settings->role;
    out.weight = settings->weight;
    out.location = settings->location;
  }
  const bool numeric = r.kind == Kind::kNumeric;
  out.reference_values = numeric ? r.numeric.count : r.rows - r.nulls;
  out.current_values = numeric ? c.numeric.count : c.rows - c.nulls;
  return out;
}

ColumnResult compare_column(const ColumnProfile& r, const ColumnProfile& c,
                            const DriftConfig& config, const ColumnSettings* settings) {
  return ColumnComparison(r, c, config, settings).run();
}

}  // namespace mlops::drift
