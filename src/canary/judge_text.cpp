#include "canary/judge_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace mlops::canary {
namespace {

std::string values_text(std::size_t n) {
  return std::to_string(n) + (n == 1 ? " value" : " values");
}

}  // namespace

std::string num(double v) {
  char buf[48];
  const double magnitude = std::fabs(v);
  if (!(magnitude >= 1e-4 && magnitude < 1e6)) {
    std::snprintf(buf, sizeof buf, "%.3g", v);
    return buf;
  }
  const int decimals = std::max(0, 2 - static_cast<int>(std::floor(std::log10(magnitude))));
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string text = buf;
  if (text.find('.') != std::string::npos) {
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
  }
  return text;
}

std::string percent(double fraction) { return num(fraction * 100) + "%"; }

std::string sample_text(const char* side, const SampleSummary& s, bool replaced) {
  std::string text = std::string(side) + " has " + values_text(s.n);
  if (s.non_finite > 0 && !replaced)
    text += " (" + std::to_string(s.non_finite) + " NaN or infinite removed)";
  if (s.outliers > 0) text += " (" + std::to_string(s.outliers) + " outliers removed)";
  return text;
}

std::string no_finite_value(const char* side, std::span<const double> input,
                            const SampleSummary& s) {
  if (input.size() > s.non_finite) return "";
  return std::string(side) +
         (s.non_finite == 0
              ? " has no value"
              : " has no finite value (" + std::to_string(s.non_finite) + " NaN or infinite)");
}

std::string no_data_reason(const std::string& canary, const std::string& baseline,
                           std::size_t non_finite) {
  if (canary.empty() && baseline.empty()) return "";
  return canary + (canary.empty() || baseline.empty() ? "" : " and ") + baseline +
         ", which is no data" + (non_finite > 0 ? " even with NaN replaced by 0" : "");
}

}  // namespace mlops::canary
