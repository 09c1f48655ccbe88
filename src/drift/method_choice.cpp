#include "drift/method_choice.h"

#include <optional>
#include <string>

#include "core/error.h"
#include "core/text.h"

namespace mlops::drift {
namespace {

double default_threshold(Method m) { return is_test(m) ? 0.05 : 0.1; }

// The preset's method for a column of `kind` with `u` distinct values and `small` reference.
Method preset_method(Preset preset, Kind kind, std::uint64_t u, bool small) {
  const bool numeric_many = kind == Kind::kNumeric && u > 5;
  switch (preset) {
    case Preset::kEvidently:
      if (numeric_many) return small ? Method::kKs : Method::kWasserstein;
      if (u <= 2) return small ? Method::kZTest : Method::kJensenShannon;
      return small ? Method::kChiSquare : Method::kJensenShannon;
    case Preset::kSignificance:
    case Preset::kCalibrated:  // the same tests; calibrated adds the effect-size bar
      return numeric_many ? Method::kKs : Method::kChiSquare;
  }
  return Method::kKs;
}

std::string at(const ColumnResult& out) {
  return out.location.empty() ? "" : " (" + out.location + ")";
}

}  // namespace

void choose_method(ColumnResult& out, Kind kind, std::uint64_t distinct, const DriftConfig& config,
                   const ColumnSettings* settings) {
  const std::uint64_t n = out.reference_values, u = distinct;
  const bool small = n <= config.large_sample;
  std::string size =
      "n_ref " + std::to_string(n) + (small ? " <= " : " > ") + std::to_string(config.large_sample);
  std::string values = u == kManyDistinct ? "over " + std::to_string(kMaxSmallDistinct) + " values"
                                          : std::to_string(u) + " values";
  Method m = preset_method(config.preset, kind, u, small);
  out.why = std::string(to_string(config.preset)) + ": " + std::string(to_string(kind)) + ", " +
            values + ", " + size;
  const MethodChoice& kind_default = kind == Kind::kNumeric ? config.numeric : config.categorical;
  std::optional<double> threshold;
  std::optional<double> min_effect;
  if (config.preset == Preset::kCalibrated) min_effect = config.min_effect;
  for (const MethodChoice* choice :
       {&kind_default, settings ? &settings->choice : static_cast<const MethodChoice*>(nullptr)}) {
    if (!choice) continue;
    if (choice->method) {
      m = *choice->method;
      out.why = "configured";
      threshold.reset();
    }
    if (choice->threshold) threshold = choice->threshold;
    if (choice->min_effect) min_effect = choice->min_effect;
  }
  if (min_effect && *min_effect > 0 && (m == Method::kKs || m == Method::kChiSquare)) {
    out.min_effect = *min_effect;
  }
  out.method = m;
  out.threshold = threshold.value_or(default_threshold(m));
  if (is_test(m) && out.threshold >= 1) {
    throw usage_error("column '" + out.column + "' is tested with " + std::string(to_string(m)) +
                          " but its threshold " + format_number(out.threshold) +
                          " is not a p-value",
                      "give a threshold between 0 and 1, e.g. 0.05" + at(out));
  }
  if (kind == Kind::kCategorical && (m == Method::kKs || m == Method::kWasserstein)) {
    throw usage_error("column '" + out.column + "' is categorical and cannot be tested with " +
                          std::string(to_string(m)),
                      "use chisquare, jensenshannon, psi or ztest for categories" + at(out));
  }
  if (m == Method::kZTest && u > 2) {
    throw usage_error("column '" + out.column + "' has " + values +
                          "; the z-test compares the share of one of two values",
                      "use chisquare or jensenshannon" + at(out));
  }
}

}  // namespace mlops::drift
