#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "drift/config.h"
#include "drift/profile.h"
#include "drift/quality.h"

namespace mlops::drift {

// Reference and current shares side by side, for pictures: numeric columns with many values
// as bins (edges), others as one bar per value (labels).
struct Histogram {
  std::vector<double> edges;
  std::vector<std::string> labels;
  std::vector<double> reference, current;
};

struct ColumnResult {
  std::string column;
  Role role = Role::kFeature;
  Kind kind = Kind::kNumeric;
  std::string type;  // value type, e.g. "integer"
  Method method = Method::kKs;
  std::string why;       // how the method was chosen, e.g. "n_ref 5000 > 1000, 317 distinct values"
  double statistic = 0;  // KS D, chi-square statistic, z, or the distance
  std::optional<double> p_value;  // tests only
  double threshold = 0;           // alpha for tests, the minimum distance for distances
  std::optional<double> effect;   // calibrated tests: the effect size that must also be reached
  double min_effect = 0;
  bool drift = false;
  std::string error;  // why it could not be compared; such a column counts as drifted
  // Bound on |statistic - exact value| from sketches or from categories counted only in total
  // past max_categories (0: exact).
  double error_bound = 0;
  bool uncertain = false;  // the verdict could flip within error_bound: counted as drifted
  std::uint64_t reference_values = 0, current_values = 0;  // non-null values tested
  std::uint64_t reference_nulls = 0, current_nulls = 0;
  std::uint64_t distinct = 0;  // in both together; 0 when more than can be counted exactly
  // Missing values (nulls, empty fields, missing keys; NaN too in numeric columns): their share
  // of the rows on each side, the two-proportion z-test of the change, and whether the change
  // is drift of its own (|change| >= null_share_change and p < null_alpha). A column whose
  // missing share drifted is drifted whatever its values say.
  double reference_missing_share = 0, current_missing_share = 0;
  double missing_p_value = 1;
  bool missing_drift = false;
  // Data quality beside drift (drift/quality.h): set for every column with values on both
  // sides. Under `quality: error` a failed check drifts the column.
  std::optional<QualityCheck> quality;
  double weight = 1;
  std::string location;  // of the column's config entry, if any
  Histogram histogram;

  // The number compared with the threshold: the p-value for tests, else the statistic.
  double score() const { return p_value ? *p_value : statistic; }
};

// A column only one side has, or one that holds numbers on one side and text on the other.
struct SchemaChange {
  std::string column;
  std::string change;  // e.g. "missing from the current data"
};

struct DatasetResult {
  std::string reference, current;  // names of the inputs
  std::uint64_t reference_rows = 0, current_rows = 0;
  double reference_rank_error = 0, current_rank_error = 0;  // 0 when exact
  Preset preset = Preset::kCalibrated;
  SchemaPolicy schema_policy = SchemaPolicy::kError;
  SchemaPolicy quality_policy = SchemaPolicy::kWarn;  // what a failed data-quality check does
  std::vector<SchemaChange> schema_changes;           // reported whatever the policy
  std::vector<ColumnResult> columns;
  std::vector<std::string> notes;  // skipped columns and why, sketch notices
  double share = 0;                // weighted share of drifted columns
  double drift_share = 0.5;
  bool drift = false;

  std::vector<std::string> drifted() const;
  // True when the schema changed and the policy makes that dataset drift by itself.
  bool schema_drift() const {
    return schema_policy == SchemaPolicy::kError && !schema_changes.empty();
  }
};

// Tests every column the two profiles share and decides the dataset verdict: dataset drift
// when the weighted share of drifted columns reaches drift_share, or when the schema changed
// (a column only one side has, or numbers on one side and text on the other) under the
// `schema: error` policy. Throws a usage Error when the config asks for a method a column
// cannot take, and an input Error (exit 3) when no column could be compared at all. Up to
// `threads` columns are tested at once; the result does not depend on it.
DatasetResult compare(const Profile& reference, const Profile& current, const DriftConfig& config,
                      int threads = 1);

// The weighted share of drifted columns, in [0, 1] for any finite positive weights (1 when a
// weight is not: fail closed).
double weighted_share(const std::vector<ColumnResult>& columns);

}  // namespace mlops::drift
