#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "drift/profile.h"

namespace mlops::drift {

// The statistic a column is tested with (docs/drift-check.md explains each).
enum class Method { kKs, kWasserstein, kPsi, kChiSquare, kJensenShannon, kZTest };
std::string_view to_string(Method method);
std::optional<Method> parse_method(std::string_view name);
// True when the method's statistic is a p-value test (drift when p is small); false for
// distances (drift when the distance is large).
bool is_test(Method method);

// How columns are tested when the config does not say:
//  calibrated   a p-value test and an effect size together (KS and the reference-normed
//               Wasserstein distance for numbers, chi-square and bias-corrected Cramer's V for
//               categories): the false-alarm rate stays at or below its nominal level at any
//               sample size and category count, and trivial shifts in huge samples do not
//               alarm (the default);
//  evidently    Evidently's DataDriftPreset defaults, for users migrating from it;
//  significance p-value tests at every size (over-fires on large samples; for comparison).
enum class Preset { kCalibrated, kEvidently, kSignificance };
std::string_view to_string(Preset preset);

enum class Role { kFeature, kTarget, kPrediction, kIgnore };
std::string_view to_string(Role role);

// What a schema change does to the verdict: a column only one side has, or a column that holds
// numbers on one side and text on the other (`schema:` in the config, `--schema` on the
// command line). error: dataset drift (exit 1); warn: reported, the comparison goes on over the
// columns both sides share; ignore: reported as a note only.
enum class SchemaPolicy { kError, kWarn, kIgnore };
std::string_view to_string(SchemaPolicy policy);
std::optional<SchemaPolicy> parse_schema_policy(std::string_view name);

struct MethodChoice {
  std::optional<Method> method;
  std::optional<double> threshold;
  // Calibrated preset: the effect size a KS or chi-square test must also reach (normed
  // Wasserstein distance, bias-corrected Cramer's V); 0 turns the requirement off.
  std::optional<double> min_effect;
};

struct ColumnSettings {
  Role role = Role::kFeature;
  std::optional<Kind> kind;         // `type: numeric|categorical` (weekday and hour: categorical)
  DatePart part = DatePart::kNone;  // `type: weekday|hour`: a date column counted by that part
  // `format:` (io/date_format.h): the column's values are dates or times written this way,
  // read as such (and so ignored unless `type:` says how to compare them).
  std::string format;
  MethodChoice choice;
  double weight = 1;
  std::string location;  // file:line:column of the column's entry, for annotations
};

struct DriftConfig {
  Preset preset = Preset::kCalibrated;
  double drift_share = 0.5;
  std::uint64_t large_sample = 1000;  // reference sizes above this count as large
  double min_effect = 0.1;            // calibrated preset's default effect-size floor
  std::size_t psi_bins = 10;
  std::size_t max_categories = 10000;
  std::uint32_t sketch_k = kDefaultSketchK;
  std::uint64_t memory_budget = 1ull << 30;
  SchemaPolicy schema = SchemaPolicy::kError;
  // A column's missing-value share drifts when it changes by at least this much (absolute)
  // and a two-proportion z-test gives p < null_alpha (docs/drift-check.md).
  double null_share_change = 0.1;
  double null_alpha = 0.05;
  // Data quality beside drift (docs/drift-check.md "Data quality"): a column's current values
  // in categories the reference never had, or outside the reference's [min, max], fail their
  // check when their share reaches the threshold and a one-sided Poisson test against the
  // share expected without change gives p < quality_alpha. `quality` says what a failed check
  // does: error drifts the column, warn (default) reports it, ignore only lists it.
  double new_category_share = 0.01;
  double out_of_range_share = 0.01;
  double quality_alpha = 0.05;
  SchemaPolicy quality = SchemaPolicy::kWarn;
  MethodChoice numeric;      // defaults for every numeric column
  MethodChoice categorical;  // and every categorical one
  std::map<std::string, ColumnSettings, std::less<>> columns;
  std::string path;  // the file it came from ("" for the defaults)

  const ColumnSettings* find(std::string_view column) const;
};

// Reads drift.yaml. Unknown keys, bad values and unknown methods are usage Errors (exit 2)
// naming the file, line and column.
DriftConfig load_config(const std::string& path);
// The same from YAML text; `name` stands for the file in messages.
DriftConfig load_config_string(const std::string& text, const std::string& name);

}  // namespace mlops::drift
