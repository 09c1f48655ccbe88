// Spawns the real metric-gate binary: version, exit codes, and the example files of the demo.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace {

const std::string kBinary = std::string(MLOPS_BUILD_DIR) + "/tools/metric-gate";
const std::string kExamples = std::string(MLOPS_TEST_DATA) + "/../../examples/model/";

struct Result {
  int exit;
  std::string out, err;
};

std::string slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

Result sh(const std::string& args) {
  std::string base = ::testing::TempDir() + "mg_" +
                     ::testing::UnitTest::GetInstance()->current_test_info()->name();
  int status =
      std::system((kBinary + " " + args + " >" + base + "_out 2>" + base + "_err").c_str());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, slurp(base + "_out"), slurp(base + "_err")};
}

TEST(MetricGateBinaryTest, VersionAndUsage) {
  Result v = sh("--version");
  EXPECT_EQ(v.exit, 0);
  EXPECT_THAT(v.out, ::testing::StartsWith("metric-gate "));
  EXPECT_EQ(sh("check").exit, 2);
  EXPECT_EQ(sh("").exit, 2);
}

TEST(MetricGateBinaryTest, ExampleGatesPassAndFail) {
  std::string common = " --predictions " + kExamples +
                       "candidate-predictions.csv --baseline-metrics " + kExamples +
                       "champion-metrics.json --baseline-prefix test.";
  Result pass = sh("check --rules " + kExamples + "gate.yaml" + common);
  EXPECT_EQ(pass.exit, 0) << pass.err;
  EXPECT_THAT(pass.out, ::testing::HasSubstr("metric-gate: pass\n"));
  Result fail = sh("check --rules " + kExamples + "strict-gate.yaml" + common);
  EXPECT_EQ(fail.exit, 1) << fail.err;
  EXPECT_THAT(fail.out,
              ::testing::HasSubstr("fail (roc_auc.min,roc_auc.min_absolute_change,precision.min)"));
}

TEST(MetricGateBinaryTest, UnreachableMlflowIsExit3) {
  Result r =
      sh("check --rules " + kExamples + "gate.yaml --mlflow-run abc --retries 0 --timeout 2");
  // No MLFLOW_TRACKING_URI in this environment: a usage error names the variable.
  EXPECT_EQ(r.exit, std::getenv("MLFLOW_TRACKING_URI") ? 3 : 2);
  // Port 9 (discard) has no listener here: connection refused, exit 3.
  Result env{};
  int status =
      std::system(("MLFLOW_TRACKING_URI=http://127.0.0.1:9 " + kBinary + " check --rules " +
                   kExamples + "gate.yaml --mlflow-run abc --retries 0 >/dev/null 2>&1")
                      .c_str());
  env.exit = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  EXPECT_EQ(env.exit, 3);
}

}  // namespace
