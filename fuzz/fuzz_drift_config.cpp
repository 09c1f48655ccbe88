// drift-check's config loader on arbitrary YAML (load_config_string: the text is the file).
#include <cmath>
#include <cstdio>

#include "drift/config.h"
#include "fuzz_util.h"

namespace {

namespace drift = mlops::drift;

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "fuzz: %s\n", what.c_str());
  std::abort();
}

// The name the text goes by in messages and locations.
const std::string& config_path() {
  static const std::string name = "fuzz.yaml";
  return name;
}

// What load_config accepts is what the comparison relies on (config.h, config.cpp).
void check_choice(const drift::MethodChoice& c, const std::string& where) {
  if (c.threshold && !(*c.threshold > 0 && std::isfinite(*c.threshold))) {
    finding(where + ": accepted threshold " + std::to_string(*c.threshold));
  }
  if (c.threshold && c.method && drift::is_test(*c.method) && *c.threshold >= 1) {
    finding(where + ": accepted p-value threshold " + std::to_string(*c.threshold));
  }
  if (c.min_effect && !(*c.min_effect >= 0 && std::isfinite(*c.min_effect))) {
    finding(where + ": accepted min_effect " + std::to_string(*c.min_effect));
  }
}

void check(const drift::DriftConfig& c) {
  if (!(c.drift_share > 0 && c.drift_share <= 1)) finding("accepted drift_share out of (0, 1]");
  if (!(c.min_effect >= 0 && std::isfinite(c.min_effect))) finding("accepted min_effect < 0");
  if (c.large_sample < 1 || c.psi_bins < 2 || c.psi_bins > 1000 || c.max_categories < 2 ||
      c.sketch_k < 8 || c.sketch_k > 65535 || c.memory_budget < (1u << 20)) {
    finding("accepted an integer setting out of range");
  }
  if (!(c.null_share_change > 0 && c.null_share_change <= 1)) {
    finding("accepted null_share_change out of (0, 1]");
  }
  if (!(c.null_alpha > 0 && c.null_alpha < 1)) finding("accepted null_alpha out of (0, 1)");
  check_choice(c.numeric, "numeric");
  check_choice(c.categorical, "categorical");
  for (const auto& [name, s] : c.columns) {
    check_choice(s.choice, "columns." + name);
    if (!(s.weight > 0 && std::isfinite(s.weight))) finding("columns." + name + ": bad weight");
    if (!s.location.starts_with(config_path())) finding("columns." + name + ": no location");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string& path = config_path();
  return mlops::fuzz::run_one([&] {
    try {
      check(drift::load_config_string(mlops::fuzz::text(data, size), path));
    } catch (const mlops::Error& e) {
      // Every refusal is a usage Error (exit 2) that starts with file:line:column.
      if (e.code() != mlops::ExitCode::kUsage || !e.message().starts_with(path + ":")) {
        finding("config refused without a usage error naming the file: " + e.message());
      }
      throw;
    }
  });
}
