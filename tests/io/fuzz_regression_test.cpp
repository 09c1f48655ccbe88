#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "helpers.h"

// Inputs that once crashed a fuzz target (fuzz/, scripts/fuzz.sh), kept so they stay fixed:
// each must now read completely or stop with an input Error, never crash or throw anything
// else.
namespace mlops::io::testing {
namespace {

TEST(FuzzRegressionTest, FormerCrashersReadOrFailCleanly) {
  std::size_t files = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(MLOPS_TEST_DATA) + "/fuzz-regressions")) {
    if (entry.path().filename().string().rfind("crash-", 0) != 0) continue;
    ++files;
    std::ifstream f(entry.path(), std::ios::binary);
    std::stringstream bytes;
    bytes << f.rdbuf();
    try {
      ReadOptions o;
      o.chunk_bytes = 64;
      Table t = read_text(bytes.str(), o);
      for (const auto& row : t.rows) EXPECT_EQ(row.size(), t.columns.size());
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate) << entry.path();
    }
  }
  EXPECT_GE(files, 1u);
}

}  // namespace
}  // namespace mlops::io::testing
