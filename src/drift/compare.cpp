#include "drift/compare.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <numeric>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "core/error.h"
#include "drift/column_test.h"

namespace mlops::drift {

std::vector<std::string> DatasetResult::drifted() const {
  std::vector<std::string> out;
  for (const ColumnResult& c : columns) {
    if (c.drift) out.push_back(c.column);
  }
  return out;
}

namespace {

struct ColumnJob {
  const ColumnProfile* reference;
  const ColumnProfile* current;
  const ColumnSettings* settings;
};

// compare_column of every job, on up to `threads` threads (columns are independent; each
// touches only its own two summaries), results in the jobs' order. The first job's error, in
// that order, is rethrown.
std::vector<ColumnResult> compare_columns(const std::vector<ColumnJob>& jobs,
                                          const DriftConfig& config, int threads) {
  std::vector<std::optional<ColumnResult>> results(jobs.size());
  std::vector<std::exception_ptr> errors(jobs.size());
  // The costliest columns first (exact numbers: a sort-free pass and, for KS, a p-value whose
  // cost grows with n), so that the longest one does not start last.
  std::vector<std::size_t> order(jobs.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  auto cost = [&](std::size_t i) {
    const ColumnProfile& r = *jobs[i].reference;
    const ColumnProfile& c = *jobs[i].current;
    return r.numeric.values.size() + c.numeric.values.size() + r.categorical.counts.size() +
           c.categorical.counts.size();
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return cost(a) > cost(b); });
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t n = next++; n < jobs.size(); n = next++) {
      const std::size_t i = order[n];
      try {
        results[i] = compare_column(*jobs[i].reference, *jobs[i].current, config, jobs[i].settings);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  const auto helpers = static_cast<std::size_t>(std::max(threads, 1) - 1);
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < std::min(helpers, jobs.size() > 0 ? jobs.size() - 1 : 0); ++t) {
    pool.emplace_back(work);
  }
  work();
  for (auto& t : pool) t.join();
  std::vector<ColumnResult> out;
  out.reserve(jobs.size());
  for (std::size_t i = 0; i < jobs.size(); ++i) {
    if (errors[i]) std::rethrow_exception(errors[i]);
    out.push_back(std::move(*results[i]));
  }
  return out;
}

}  // namespace

DatasetResult compare(const Profile& reference, const Profile& current, const DriftConfig& config,
                      int threads) {
  DatasetResult out;
  out.reference = reference.sources.empty() ? "reference" : reference.sources.front();
  out.current = current.sources.empty() ? "current" : current.sources.front();
  if (reference.sources.size() > 1) {
    out.reference += " (+" + std::to_string(reference.sources.size() - 1) + " merged)";
  }
  if (current.sources.size() > 1) {
    out.current += " (+" + std::to_string(current.sources.size() - 1) + " merged)";
  }
  out.reference_rows = reference.rows;
  out.current_rows = current.rows;
  out.preset = config.preset;
  out.drift_share = config.drift_share;
  out.schema_policy = config.schema;
  out.quality_policy = config.quality;
  // Hash lookups: a table may have tens of thousands of columns.
  std::unordered_map<std::string_view, const ColumnProfile*> current_columns, reference_columns;
  for (const ColumnProfile& c : current.columns) current_columns.emplace(c.name, &c);
  std::size_t ignored = 0;
  std::vector<ColumnJob> jobs;
  for (const ColumnProfile& r : reference.columns) {
    reference_columns.emplace(r.name, &r);
    const ColumnSettings* settings = config.find(r.name);
    if (settings && settings->role == Role::kIgnore) {
      out.notes.push_back("column '" + r.name + "' ignored (role: ignore)");
      ++ignored;
      continue;
    }
    auto found = current_columns.find(r.name);
    if (found == current_columns.end()) {
      out.schema_changes.push_back({r.name, "missing from the current data"});
      continue;
    }
    const ColumnProfile& c = *found->second;
    out.reference_rank_error = std::max(out.reference_rank_error, r.numeric.rank_error());
    if (compared_kind(r.kind, settings) == Kind::kIgnored) {
      out.notes.push_back("column '" + r.name + "' ignored (" + std::string(io::to_string(r.type)) +
                          " values; give it a type to compare it)");
      ++ignored;
      continue;
    }
    out.current_rank_error = std::max(out.current_rank_error, c.numeric.rank_error());
    if (kinds_conflict(r.kind, has_values(r), c.kind, has_values(c))) {
      out.schema_changes.push_back(
          {r.name, std::string(to_string(r.kind)) + " (" + std::string(io::to_string(r.type)) +
                       ") in the reference but " + std::string(to_string(c.kind)) + " (" +
                       std::string(io::to_string(c.type)) + ") in the current data"});
      continue;
    }
    // Kinds that differ only because one side has no values at all: compared (and drifted) as
    // a column with no values on that side.
    jobs.push_back({&r, &c, settings});
  }
  out.columns = compare_columns(jobs, config, threads);
  for (const ColumnProfile& c : current.columns) {
    if (!reference_columns.count(c.name)) {
      out.schema_changes.push_back({c.name, "new in the current data"});
    }
  }
  for (const auto& [name, settings] : config.columns) {
    if (!reference_columns.count(name)) {
      throw usage_error("the drift config names column '" + name +
                            "', which the reference does not have (" + settings.location + ")",
                        "check the spelling; the reference has " +
                            std::to_string(reference.columns.size()) + " columns");
    }
  }
  if (out.columns.empty() && !out.schema_drift()) {
    // Nothing compared is never a pass.
    std::size_t schema = 0;
    for (const SchemaChange& change : out.schema_changes) {
      schema += change.change == "new in the current data" ? 0 : 1;
    }
    throw input_error(
        "no column was compared: the reference has " + std::to_string(reference.columns.size()) +
            " columns, " + std::to_string(ignored) + " ignored (dates without a `type:`, " +
            "`role: ignore`) and " + std::to_string(schema) +
            " missing from the current data or of another kind there",
        "give date columns `type: numeric`, drop `role: ignore` from a column, or check that "
        "both inputs hold the same columns");
  }
  out.share = weighted_share(out.columns);
  out.drift = out.share >= config.drift_share || out.schema_drift();
  return out;
}

double weighted_share(const std::vector<ColumnResult>& columns) {
  // Weights are finite and positive (the config refuses others); dividing each by the largest
  // first keeps every sum within [0, columns.size()], so no weight can overflow the share.
  double largest = 0;
  for (const ColumnResult& c : columns) largest = std::max(largest, c.weight);
  if (!(largest > 0) || !std::isfinite(largest)) return columns.empty() ? 0.0 : 1.0;
  double total = 0, drifted = 0;
  for (const ColumnResult& c : columns) {
    double w = c.weight / largest;
    total += w;
    if (c.drift) drifted += w;
  }
  return drifted / total;
}

}  // namespace mlops::drift
