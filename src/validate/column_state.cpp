#include "validate/column_state.h"

#include <algorithm>
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
  std::vector<std::pair<std::string, std::uint64_t>> top(values.begin(), values.end());
  auto more_frequent = [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  };
  const std::size_t keep = std::min(n, top.size());
  std::partial_sort(top.begin(), top.begin() + static_cast<std::ptrdiff_t>(keep), top.end(),
                    more_frequent);
  top.resize(keep);
  return top;
}

void TopValues::merge(const TopValues& o) {
  for (const auto& [value, n] : o.counts) {
    auto it = counts.find(value);
    if (it != counts.end()) {
      it->second += n;
    } else if (counts.size() < kMaxTracked) {
      counts.emplace(value, n);
    } else {
      other += n;
    }
  }
  other += o.other;
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
  lowest = std::min(lowest, o.lowest);
  highest = std::max(highest, o.highest);
  moments.merge(o.moments);
  quantile_values.merge(o.quantile_values);
  chart.merge(o.chart);
  top.merge(o.top);
  for (std::size_t i = 0; i < allowed_counts.size() && i < o.allowed_counts.size(); ++i) {
    allowed_counts[i] += o.allowed_counts[i];
  }
}

}  // namespace mlops::validate
