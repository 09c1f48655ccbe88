#pragma once

#include <istream>
#include <map>
#include <string>
#include <vector>

namespace mlops::canary {

// The values of one metric for both groups, and where they came from.
struct MetricSamples {
  std::vector<double> baseline, canary;
  std::string baseline_query, canary_query;  // resolved PromQL, or "samples FILE"
};

// Reads offline samples: a table (CSV, TSV, JSON Lines, JSON; gzip/zstd; "-" for stdin) with
// columns metric, group (baseline|canary), timestamp and value. Values may be NaN or +-Inf
// (kept, for the metric's nan strategy). Unknown groups, non-numeric values, missing columns
// and a metric not in `metrics` (the config's names: a typo would drop its rows silently) are
// input Errors (exit 3) naming the file and line.
std::map<std::string, MetricSamples> read_samples(const std::string& path,
                                                  std::istream& stdin_stream,
                                                  const std::vector<std::string>& metrics);

}  // namespace mlops::canary
