#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "../cli/fake_io.h"
#include "cli/app.h"
#include "gate/command.h"

// metric-gate run in-process with a whole argv, for the gate's end-to-end tests.
namespace mlops::gate::testing {

// A file named after the running test holding `content`.
inline std::string temp_file(const std::string& name, const std::string& content) {
  std::string path = ::testing::TempDir() +
                     ::testing::UnitTest::GetInstance()->current_test_info()->name() + "_" + name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
  return path;
}

struct GateRun {
  int exit;
  std::string out, err;
  std::map<std::string, std::string> env;
};

// `metric-gate ARGS...` with the environment `env`.
inline GateRun run(std::vector<std::string> args,
                   const std::map<std::string, std::string>& env = {}) {
  cli::testing::FakeIo f;
  f.env = env;
  args.insert(args.begin(), "metric-gate");
  cli::testing::Argv argv(args);
  int code = cli::run_tool("metric-gate", argv.span(), f.io, metric_gate);
  return {code, f.out.str(), f.err.str(), env};
}

}  // namespace mlops::gate::testing
