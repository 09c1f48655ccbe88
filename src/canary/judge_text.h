#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "canary/judge_data.h"

// The wording of the judges' reasons: numbers as people read them, and the sentences about
// samples that are too small or have no finite value.
namespace mlops::canary {

// Three significant digits, without an exponent from 1e-4 to 1e6: "1500", "0.0767", "5.12".
std::string num(double v);

// "98%" for 0.98.
std::string percent(double fraction);

// "canary has 1 value (3 NaN or infinite removed)"; `replaced`: NaNs were replaced by 0, so
// none were removed.
std::string sample_text(const char* side, const SampleSummary& s, bool replaced);

// A side without one finite value has no data, whatever the nan strategy: replacing its NaNs by
// 0 would judge zeros made up from nothing (Kayenta passes them as "no events").
// "canary has no finite value (3 NaN or infinite)", or "" when the side has a finite value.
std::string no_finite_value(const char* side, std::span<const double> input,
                            const SampleSummary& s);

// The no-data reason of the sides' no_finite_value texts; "" when both are.
std::string no_data_reason(const std::string& canary, const std::string& baseline,
                           std::size_t non_finite);

}  // namespace mlops::canary
