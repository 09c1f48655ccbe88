#include "validate/column_state.h"

#include <algorithm>
#include <functional>
#include <utility>

namespace mlops::validate {
namespace {
constexpr std::size_t kChartSample = 4096;
constexpr std::size_t kQuantileValues = 4u << 20;  // exact quantiles up to 4M values (32 MiB)
}  // namespace

void Violations::count_value(std::string_view value, std::uint64_t n) {
  auto it = values.find(value);
  if (it != values.end()) {
    it->second += n;
  } else if (values.size() < kMaxValues) {
    values.emplace(std::string(value), n);
  } else {
    values_complete = false;
  }
}

// A piece that overflowed had more than kMaxValues distinct values on its own, and so has the
// whole input: `values_complete` does not depend on how the input was split.
void Violations::merge(Violations&& other, std::size_t max_examples) {
  count += other.count;
  for (auto& e : other.examples) {
    if (examples.size() >= max_examples) break;
    examples.push_back(std::move(e));
  }
  values_complete = values_complete && other.values_complete;
  for (const auto& [value, n] : other.values) count_value(value, n);
}

std::vector<std::pair<std::string, std::uint64_t>> Violations::top_values(std::size_t n) const {
  return most_frequent(values, n);
}

std::vector<std::pair<std::string, std::uint64_t>> most_frequent(
    const StringMap<std::uint64_t>& counts, std::size_t n) {
  std::vector<std::pair<std::string, std::uint64_t>> top(counts.begin(), counts.end());
  auto more_frequent = [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  const std::size_t keep = std::min(n, top.size());
  std::partial_sort(top.begin(), top.begin() + static_cast<std::ptrdiff_t>(keep), top.end(),
                    more_frequent);
  top.resize(keep);
  return top;
}

void TopValues::decrement(std::uint64_t n) {
  error += n;
  for (auto it = counts.begin(); it != counts.end();) {
    if (it->second <= n) {
      it = counts.erase(it);
    } else {
      it->second -= n;
      ++it;
    }
  }
}

// The sum of both summaries, then lowered by the (kMaxTracked+1)-th largest count so that at
// most kMaxTracked stay: the error bounds add up, plus that amount.
void TopValues::merge(const TopValues& o) {
  total += o.total;
  error += o.error;
  for (const auto& [value, n] : o.counts) counts[value] += n;
  if (counts.size() <= kMaxTracked) return;
  std::vector<std::uint64_t> sizes;
  sizes.reserve(counts.size());
  for (const auto& entry : counts) sizes.push_back(entry.second);
  std::nth_element(sizes.begin(), sizes.begin() + kMaxTracked, sizes.end(), std::greater<>());
  decrement(sizes[kMaxTracked]);
}

ColumnState::ColumnState(const ColumnSpec& spec)
    : quantile_values(spec.needs_values() ? kQuantileValues : 0),
      chart(kChartSample),
      allowed_counts(spec.allowed ? spec.allowed->values.size() : 0, 0),
      distinct(spec.unique ? (8u << 20) : 0) {
  unique.counts_values = false;
}

// `unique` and `distinct` are merged by Pass::merge, which may read repeated rows again.
void ColumnState::merge(ColumnState&& o, std::size_t max_examples) {
  rows += o.rows;
  nulls += o.nulls;
  values += o.values;
  missing_in.insert(missing_in.end(), o.missing_in.begin(), o.missing_in.end());
  for (auto [mine, theirs] : {std::pair{&type, &o.type},
                              {&not_null, &o.not_null},
                              {&min, &o.min},
                              {&max, &o.max},
                              {&allowed, &o.allowed},
                              {&pattern, &o.pattern},
                              {&min_length, &o.min_length},
                              {&max_length, &o.max_length}}) {
    mine->merge(std::move(*theirs), max_examples);
  }
  if (o.lowest <= o.highest) {  // else it met no value of an ordered type
    extend(o.lowest);
    extend(o.highest);
  }
  moments.merge(o.moments);
  quantile_values.merge(o.quantile_values);
  chart.merge(o.chart);
  top.merge(o.top);
  for (std::size_t i = 0; i < allowed_counts.size() && i < o.allowed_counts.size(); ++i) {
    allowed_counts[i] += o.allowed_counts[i];
  }
}

}  // namespace mlops::validate
