#include <algorithm>
#include <string>
#include <unordered_map>

#include "core/error.h"
#include "drift/profile.h"

namespace mlops::drift {

namespace {

void merge_numeric(NumericSummary& into, NumericSummary& other, std::uint32_t k) {
  into.view_values.clear();
  into.view_weights.clear();
  if (other.count > 0) {
    if (into.count == 0) {
      into.min = other.min;
      into.max = other.max;
      into.shift = other.shift;
    } else {
      into.min = std::min(into.min, other.min);
      into.max = std::max(into.max, other.max);
    }
    // Re-centre the other's shifted sums on this shift.
    double delta = other.shift - into.shift, n = static_cast<double>(other.count);
    into.sum_squares += other.sum_squares + 2 * delta * other.sum + n * delta * delta;
    into.sum += other.sum + n * delta;
  }
  into.count += other.count;
  into.nan += other.nan;
  into.inf += other.inf;
  if (into.storage == Storage::kExact && other.storage == Storage::kExact) {
    auto middle = static_cast<std::ptrdiff_t>(into.values.size());
    into.values.insert(into.values.end(), other.values.begin(), other.values.end());
    std::inplace_merge(into.values.begin(), into.values.begin() + middle, into.values.end());
    return;
  }
  into.to_sketch(k);
  other.to_sketch(k);
  into.sketch->merge(*other.sketch);
  into.small.merge(other.small);
}

}  // namespace

void merge(Profile& into, Profile other) {
  if (into.sketch_k != other.sketch_k) {
    throw input_error("cannot merge profiles made with sketch sizes " +
                          std::to_string(into.sketch_k) + " and " + std::to_string(other.sketch_k),
                      "profile every shard with the same sketch_k");
  }
  const std::uint64_t total = into.rows + other.rows;
  std::unordered_map<std::string, std::size_t> index;  // hash lookups: wide tables
  for (std::size_t i = 0; i < into.columns.size(); ++i) index.emplace(into.columns[i].name, i);
  for (ColumnProfile& oc : other.columns) {
    auto at = index.find(oc.name);
    if (at == index.end()) {
      // A column the profile so far never had: its earlier rows were nulls.
      oc.rows += into.rows;
      oc.nulls += into.rows;
      index.emplace(oc.name, into.columns.size());
      into.columns.push_back(std::move(oc));
      continue;
    }
    ColumnProfile& c = into.columns[at->second];
    if (c.kind != oc.kind) {
      if (kinds_conflict(c.kind, has_values(c), oc.kind, has_values(oc))) {
        throw input_error("cannot merge column '" + c.name + "': it is " +
                              std::string(to_string(c.kind)) + " in one profile and " +
                              std::string(to_string(oc.kind)) + " in another",
                          "give the column a `type:` in the drift config used for every shard");
      }
      // The side that never had a value takes the kind of the side that had.
      if (!has_values(oc)) {
        oc.kind = c.kind;
        oc.type = c.type;
      } else {
        c.kind = oc.kind;
        c.type = oc.type;
      }
    }
    c.rows += oc.rows;
    c.nulls += oc.nulls;
    if (keeps_numbers(c.kind)) merge_numeric(c.numeric, oc.numeric, into.sketch_k);
    for (auto& [value, count] : oc.categorical.counts) {
      auto found = c.categorical.counts.find(value);
      if (found != c.categorical.counts.end()) {
        found->second += count;
      } else if (c.categorical.counts.size() < into.max_categories) {
        c.categorical.counts.emplace(value, count);
      } else {
        c.categorical.other += count;
      }
    }
    c.categorical.other += oc.categorical.other;
  }
  // Columns only this profile had were null in the other's rows.
  for (ColumnProfile& c : into.columns) {
    if (c.rows < total) {
      c.nulls += total - c.rows;
      c.rows = total;
    }
  }
  into.rows = total;
  into.bytes += other.bytes;
  into.sources.insert(into.sources.end(), other.sources.begin(), other.sources.end());
}

}  // namespace mlops::drift
