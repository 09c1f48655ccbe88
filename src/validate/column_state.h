#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/string_hash.h"
#include "stats/distinct_counter.h"
#include "stats/moments.h"
#include "stats/value_sample.h"
#include "validate/contract.h"

namespace mlops::validate {

// Where an offending value was found.
struct Example {
  std::size_t file = 0;  // index into the validated files
  std::uint64_t line = 0;
  std::string value;
};

// Rows failing one check: how many, the first few, and how often each offending value occurs
// (Great Expectations' partial_unexpected_counts): exact for the first kMaxValues distinct
// values; beyond them `values_complete` is false and later new values are not counted by value.
struct Violations {
  static constexpr std::size_t kMaxValues = 1000;
  std::uint64_t count = 0;
  std::vector<Example> examples;
  StringMap<std::uint64_t> values;
  bool values_complete = true;
  // Off for uniqueness: repeats found across pieces of a file are merged by key, not by add().
  bool counts_values = true;

  void add(std::size_t max_examples, std::size_t file, std::uint64_t line, std::string_view value) {
    ++count;
    if (examples.size() < max_examples) examples.push_back({file, line, std::string(value)});
    if (counts_values) count_value(value, 1);
  }
  void count_value(std::string_view value, std::uint64_t n);
  void merge(Violations&& other, std::size_t max_examples);
  // The most frequent offending values, most frequent first (ties by value), at most `n`.
  std::vector<std::pair<std::string, std::uint64_t>> top_values(std::size_t n) const;
};

// The most frequent values of a column with their counts, for the HTML report's bars
// (Misra-Gries frequent items, mergeable as in Agarwal et al. 2012): exact while the column
// has at most kMaxTracked distinct values. Beyond that a kept count is low by at most `error`,
// and a value that is not kept occurs at most `error` times.
struct TopValues {
  static constexpr std::size_t kMaxTracked = 1024;
  StringMap<std::uint64_t> counts;
  std::uint64_t total = 0;  // values added
  std::uint64_t error = 0;  // 0: every count is exact

  void add(std::string_view v) {
    ++total;
    auto it = counts.find(v);
    if (it != counts.end()) {
      ++it->second;
    } else if (counts.size() < kMaxTracked) {
      counts.emplace(std::string(v), 1);
    } else {
      decrement(1);  // the new value's one occurrence is dropped with them
    }
  }
  void merge(const TopValues& o);

 private:
  // Lowers every count by `n`, dropping those that reach zero.
  void decrement(std::uint64_t n);
};

// The `n` most frequent of `counts`, most frequent first, ties by value.
std::vector<std::pair<std::string, std::uint64_t>> most_frequent(
    const StringMap<std::uint64_t>& counts, std::size_t n);

// Everything one pass learns about one contract column; mergeable so that shards of a file
// can be validated in parallel.
struct ColumnState {
  explicit ColumnState(const ColumnSpec& spec);

  std::uint64_t rows = 0;  // rows of files that have this column
  std::uint64_t nulls = 0;
  std::uint64_t values = 0;             // non-null values of the right type
  std::vector<std::size_t> missing_in;  // files without this column
  Violations type, not_null, min, max, allowed, pattern, min_length, max_length, unique;
  double lowest = std::numeric_limits<double>::infinity();
  double highest = -std::numeric_limits<double>::infinity();
  stats::Moments moments;
  stats::ValueSample quantile_values;         // for quantile checks only
  stats::ValueSample chart;                   // small sample for the HTML histogram
  TopValues top;                              // text columns without an allowed set
  std::vector<std::uint64_t> allowed_counts;  // per allowed value
  stats::DistinctCounter distinct;
  // Pattern results of recent distinct values: low-cardinality columns skip the regex.
  StringMap<bool> pattern_memo;
  std::string pattern_last_text;
  std::optional<bool> pattern_last;

  void merge(ColumnState&& other, std::size_t max_examples);
  // Takes `value` into lowest and highest. -0 counts as below 0, so that the result does not
  // depend on the order values are met in (pieces, dictionary entries, rows).
  void extend(double value) {
    if (value < lowest || (value == lowest && std::signbit(value))) lowest = value;
    if (value > highest || (value == highest && !std::signbit(value))) highest = value;
  }
};

}  // namespace mlops::validate
