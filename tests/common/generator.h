#pragma once

// bench/mlops-gen, the seeded data generator, for the tests that need more rows than
// tests/data holds. It is built with the benchmarks: tests/CMakeLists.txt defines MLOPS_GEN
// only when MLOPS_BUILD_BENCH is on, and a test that needs it skips without it.
#include <string>

namespace mlops::testing {

// The generator's path, or "" when this build has no benchmarks.
inline std::string generator() {
#ifdef MLOPS_GEN
  return MLOPS_GEN;
#else
  return "";
#endif
}

inline constexpr const char* kNoGenerator =
    "needs bench/mlops-gen: configure with -DMLOPS_BUILD_BENCH=ON";

}  // namespace mlops::testing
