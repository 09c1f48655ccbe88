#include "drift/tables.h"

#include <algorithm>
#include <cmath>

#include "core/text.h"
#include "stats/binned.h"
#include "stats/drift_stats.h"

namespace mlops::drift::tables {
namespace {

constexpr std::size_t kMaxPictureBars = 24;

using NumericCounts = std::vector<std::pair<double, std::uint64_t>>;

// Distinct values of a numeric column with their counts, when there are at most
// kMaxSmallDistinct of them (else nullopt).
std::optional<NumericCounts> numeric_counts(const NumericSummary& s) {
  if (s.storage == Storage::kSketch) {
    if (s.small.overflowed()) return std::nullopt;
    return s.small.sorted();
  }
  NumericCounts out;
  for (std::size_t i = 0; i < s.values.size();) {
    std::size_t j = i;
    while (j < s.values.size() && s.values[j] == s.values[i]) ++j;
    if (out.size() == kMaxSmallDistinct) return std::nullopt;
    out.emplace_back(s.values[i] == 0 ? 0.0 : s.values[i], j - i);
    i = j;
  }
  return out;
}

template <typename Key>
ValueTable merge_counts(const std::vector<std::pair<Key, std::uint64_t>>& a,
                        const std::vector<std::pair<Key, std::uint64_t>>& b, auto label) {
  ValueTable t;
  t.reference_distinct = a.size();
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    bool take_a = j == b.size() || (i < a.size() && !(b[j].first < a[i].first));
    bool take_b = i == a.size() || (j < b.size() && !(a[i].first < b[j].first));
    t.labels.push_back(label(take_a ? a[i].first : b[j].first));
    t.reference.push_back(take_a ? static_cast<double>(a[i++].second) : 0.0);
    t.current.push_back(take_b ? static_cast<double>(b[j++].second) : 0.0);
  }
  return t;
}

}  // namespace

// The value table of a column, or nullopt for a numeric column with too many values.
std::optional<ValueTable> value_table(const ColumnProfile& r, const ColumnProfile& c) {
  if (r.kind == Kind::kCategorical) {
    ValueTable t = merge_counts(r.categorical.sorted(), c.categorical.sorted(),
                                [](const std::string& s) { return s; });
    if (r.categorical.other + c.categorical.other > 0) {
      t.labels.emplace_back("(other values)");
      t.reference.push_back(static_cast<double>(r.categorical.other));
      t.current.push_back(static_cast<double>(c.categorical.other));
    }
    return t;
  }
  auto a = numeric_counts(r.numeric), b = numeric_counts(c.numeric);
  if (!a || !b) return std::nullopt;
  return merge_counts(*a, *b, [](double v) { return format_number(v, 10); });
}

std::vector<double> shares(const std::vector<double>& counts) {
  double total = 0;
  for (double c : counts) total += c;
  std::vector<double> out(counts.size(), 0.0);
  if (total > 0) {
    for (std::size_t i = 0; i < counts.size(); ++i) out[i] = counts[i] / total;
  }
  return out;
}

Binned binned(const ColumnProfile& r, const ColumnProfile& c,
              const std::optional<ValueTable>& table) {
  Binned b;
  if (table && (r.kind == Kind::kCategorical || table->reference_distinct <= 20)) {
    b.reference = shares(table->reference);
    b.current = shares(table->current);
    b.labels = table->labels;
    return b;
  }
  const NumericSummary &rn = r.numeric, &cn = c.numeric;
  b.edges = stats::histogram_edges_sturges(std::min(rn.min, cn.min), std::max(rn.max, cn.max),
                                           rn.count + cn.count);
  b.reference = bin_shares(rn.distribution(), b.edges);
  b.current = bin_shares(cn.distribution(), b.edges);
  b.share_error = 2 * std::max(rn.rank_error(), cn.rank_error());
  return b;
}

Histogram picture(const Binned& b) {
  Histogram h;
  if (!b.edges.empty() && b.edges.size() - 1 <= kMaxPictureBins) {
    h.edges = b.edges;
    h.reference = b.reference;
    h.current = b.current;
    return h;
  }
  if (!b.edges.empty()) return h;  // too many bins to draw: the caller re-bins
  // Bars: the values with the largest shares, in value order, the rest as one bar.
  std::vector<std::size_t> order(b.labels.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  if (order.size() > kMaxPictureBars) {
    std::partial_sort(order.begin(), order.begin() + kMaxPictureBars - 1, order.end(),
                      [&](std::size_t x, std::size_t y) {
                        return std::max(b.reference[x], b.current[x]) >
                               std::max(b.reference[y], b.current[y]);
                      });
    order.resize(kMaxPictureBars - 1);
    std::sort(order.begin(), order.end());
  }
  double rest_r = 1, rest_c = 1;
  for (std::size_t i : order) {
    h.labels.push_back(b.labels[i]);
    h.reference.push_back(b.reference[i]);
    h.current.push_back(b.current[i]);
    rest_r -= b.reference[i];
    rest_c -= b.current[i];
  }
  if (order.size() < b.labels.size()) {
    h.labels.emplace_back("(other values)");
    h.reference.push_back(std::max(0.0, rest_r));
    h.current.push_back(std::max(0.0, rest_c));
  }
  return h;
}

Histogram even_picture(const NumericSummary& r, const NumericSummary& c) {
  Histogram h;
  double lo = std::min(r.min, c.min), hi = std::max(r.max, c.max);
  std::size_t bins = std::min<std::size_t>(kMaxPictureBins, 30);
  if (!(hi > lo)) return h;
  for (std::size_t i = 0; i <= bins; ++i) {
    h.edges.push_back(lo + (hi - lo) * static_cast<double>(i) / static_cast<double>(bins));
  }
  h.edges.back() = hi;
  h.reference = bin_shares(r.distribution(), h.edges);
  h.current = bin_shares(c.distribution(), h.edges);
  return h;
}

// Cramer's V of the 2 x k table (reference and current counts) with Bergsma's (2013) bias
// correction: phi^2 = chi^2 / N (Pearson, no continuity correction) less its expectation
// under independence, (k - 1) / (N - 1), over min(k~, r~) - 1 with k~ = k - (k - 1)^2 / (N - 1).
// Uncorrected V grows with the number of categories under no drift at all (about
// sqrt((k - 1) / N)); the corrected one stays near 0, so one threshold suits every column.
double cramers_v_corrected(const std::vector<double>& a, const std::vector<double>& b) {
  const double k = static_cast<double>(a.size());
  if (k < 2) return 0;
  auto res = stats::chi2_contingency({a, b}, false);
  double n = 0;
  for (std::size_t i = 0; i < a.size(); ++i) n += a[i] + b[i];
  if (n < 2) return 0;
  double phi2 = std::max(0.0, res.statistic / n - (k - 1) / (n - 1));
  double k_tilde = k - (k - 1) * (k - 1) / (n - 1), r_tilde = 2 - 1 / (n - 1);
  double denominator = std::min(k_tilde - 1, r_tilde - 1);
  return denominator > 0 ? std::sqrt(phi2 / denominator) : 0;
}

// Population stability index over shares with Evidently's zero fill.
double psi_of(std::vector<double> r, std::vector<double> c) {
  stats::evidently_zero_fill(r);
  stats::evidently_zero_fill(c);
  return stats::psi(r, c);
}

// The shares of a numeric column in `bins` quantile bins of the reference: (-inf, q1],
// (q1, q2], ..., (q_{bins-1}, inf); repeated quantiles merge their bins.
std::pair<std::vector<double>, std::vector<double>> quantile_bins(const NumericSummary& r,
                                                                  const NumericSummary& c,
                                                                  std::size_t bins) {
  Distribution rd = r.distribution(), cd = c.distribution();
  std::vector<double> cuts;
  for (std::size_t i = 1; i < bins; ++i) {
    double q = quantile(rd, static_cast<double>(i) / static_cast<double>(bins));
    if (cuts.empty() || q > cuts.back()) cuts.push_back(q);
  }
  std::vector<double> rs, cs;
  double prev_r = 0, prev_c = 0;
  for (double cut : cuts) {
    double fr = cdf(rd, cut), fc = cdf(cd, cut);
    rs.push_back(fr - prev_r);
    cs.push_back(fc - prev_c);
    prev_r = fr;
    prev_c = fc;
  }
  rs.push_back(1 - prev_r);
  cs.push_back(1 - prev_c);
  return {rs, cs};
}

}  // namespace mlops::drift::tables
