#include "drift/quality.h"

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <utility>
#include <vector>

#include "core/text.h"
#include "io/date_format.h"
#include "json/write.h"
#include "stats/drift_stats.h"

namespace mlops::drift {
namespace {

// How many of the new categories the detail names.
constexpr std::size_t kShownCategories = 5;

void decide(QualityCheck& q, double threshold, double alpha) {
  q.threshold = threshold;
  if (q.values == 0) return;
  q.share = static_cast<double>(q.count) / static_cast<double>(q.values);
  q.p_value = poisson_at_least(q.count, q.expected * static_cast<double>(q.values));
  q.failed = q.share >= threshold && q.p_value < alpha;
}

// Values counted in a column's categories: its non-null values, or a text column's words.
std::uint64_t counted(const ColumnProfile& c) {
  if (c.kind != Kind::kText) return c.rows - c.nulls;
  std::uint64_t words = c.categorical.other;
  for (const auto& [value, n] : c.categorical.counts) words += n;
  return words;
}

QualityCheck new_categories(const ColumnProfile& r, const ColumnProfile& c) {
  QualityCheck q;
  q.name = r.kind == Kind::kText ? "out of vocabulary" : "new categories";
  q.values = counted(c);
  std::uint64_t singletons = 0;
  for (const auto& [value, n] : r.categorical.counts) singletons += n == 1 ? 1 : 0;
  const std::uint64_t reference_values = counted(r);
  if (reference_values > 0) {
    q.expected = static_cast<double>(singletons) / static_cast<double>(reference_values);
  }
  std::vector<std::pair<std::string, std::uint64_t>> fresh;
  for (const auto& [value, n] : c.categorical.counts) {
    if (!r.categorical.counts.count(value)) fresh.emplace_back(value, n);
  }
  for (const auto& [value, n] : fresh) q.count += n;
  // Values counted only in total: new unless the reference's own rest holds them.
  q.count += c.categorical.other;
  q.bound = r.categorical.other > 0 && q.count > 0;
  std::sort(fresh.begin(), fresh.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  for (std::size_t i = 0; i < fresh.size() && i < kShownCategories; ++i) {
    q.detail +=
        (i == 0 ? "" : ", ") + quoted(fresh[i].first) + " " + std::to_string(fresh[i].second);
  }
  if (fresh.size() > kShownCategories) {
    q.detail += " and " + std::to_string(fresh.size() - kShownCategories) + " more";
  }
  return q;
}

// A value of the column as its data shows it: dates and times in ISO 8601.
std::string as_text(const ColumnProfile& column, double value) {
  if (column.type == io::DataType::kDate || column.type == io::DataType::kDatetime) {
    return io::format_instant(value, column.type == io::DataType::kDate);
  }
  return format_number(value);
}

QualityCheck out_of_range(const ColumnProfile& r, const ColumnProfile& c) {
  QualityCheck q;
  q.name = "out of range";
  q.values = c.numeric.count;
  if (r.numeric.count == 0) return q;
  q.expected = 2.0 / (static_cast<double>(r.numeric.count) + 1.0);
  q.detail =
      "reference range [" + as_text(r, r.numeric.min) + ", " + as_text(r, r.numeric.max) + "]";
  if (q.values == 0) return q;
  const Distribution d = c.numeric.distribution();
  // Shares of the (possibly sketched) values below the minimum and above the maximum.
  const double outside = cdf(d, r.numeric.min, false) + (1.0 - cdf(d, r.numeric.max, true));
  q.count = static_cast<std::uint64_t>(std::llround(outside * static_cast<double>(q.values)));
  return q;
}

}  // namespace

double poisson_at_least(std::uint64_t k, double mu) {
  if (k == 0) return 1.0;
  // P(X >= k) = P(chi-square with 2k degrees of freedom <= 2 mu).
  return std::clamp(stats::chi2_cdf(2.0 * mu, 2.0 * static_cast<double>(k)), 0.0, 1.0);
}

QualityCheck check_quality(const ColumnProfile& r, const ColumnProfile& c,
                           const DriftConfig& config) {
  if (r.kind == Kind::kCategorical || r.kind == Kind::kText) {
    QualityCheck q = new_categories(r, c);
    decide(q, config.new_category_share, config.quality_alpha);
    return q;
  }
  QualityCheck q = out_of_range(r, c);
  decide(q, config.out_of_range_share, config.quality_alpha);
  return q;
}

std::string quality_facts(const QualityCheck& q) {
  return (q.bound ? "at most " : "") + std::to_string(q.count) + " of " + std::to_string(q.values) +
         ", expected " + format_number(100 * q.expected, 3) +
         "%, p = " + format_number(q.p_value, 3);
}

std::string quality_summary(const QualityCheck& q) {
  std::string s = q.name + " " + format_number(100 * q.share, 3) + "% (" + quality_facts(q) + ")" +
                  (q.failed ? ": failed" : "");
  if (!q.detail.empty()) s += "; " + q.detail;
  return s;
}

std::string quality_cell(const QualityCheck& q) {
  return q.name + " " + format_number(100 * q.share, 3) + "%" + (q.failed ? ", failed" : "");
}

boost::json::value quality_json(const QualityCheck& q) {
  return boost::json::object{{"check", q.name},
                             {"count", q.count},
                             {"values", q.values},
                             {"share", mlops::json::number_or_null(q.share)},
                             {"expected", mlops::json::number_or_null(q.expected)},
                             {"p_value", mlops::json::number_or_null(q.p_value)},
                             {"threshold", q.threshold},
                             {"failed", q.failed},
                             {"bound", q.bound},
                             {"detail", q.detail}};
}

}  // namespace mlops::drift
