#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <string>
#include <vector>

#include "../cli/fake_io.h"
#include "cli/app.h"
#include "validate/command.h"

namespace mlops::validate::testing {

inline std::string temp_file(const std::string& name, const std::string& content) {
  std::string path = ::testing::TempDir() + name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
  return path;
}

inline std::string data_path(const std::string& name) {
  return std::string(MLOPS_TEST_DATA) + "/" + name;
}

// Runs data-validate in-process; the JSON report is parsed when the run produced one.
struct RunResult {
  int exit = -1;
  std::string out, err;
  boost::json::value json;

  // The JSON entry of one check (fails the test when absent).
  const boost::json::object& check(const std::string& name) const {
    for (const auto& c : json.at("checks").as_array()) {
      if (c.at("name").as_string() == name) return c.as_object();
    }
    ADD_FAILURE() << "no check named " << name << " in\n" << out;
    static const boost::json::object none;
    return none;
  }
  std::string status(const std::string& name) const {
    const auto& c = check(name);
    return c.contains("status") ? std::string(c.at("status").as_string()) : "";
  }
  std::uint64_t failing(const std::string& name) const {
    const auto& c = check(name);
    return c.contains("failing_rows") ? c.at("failing_rows").to_number<std::uint64_t>() : ~0ull;
  }
};

inline RunResult run(std::vector<std::string> args, const std::string& stdin_text = "") {
  cli::testing::FakeIo f;
  f.in.str(stdin_text);
  args.insert(args.begin(), "data-validate");
  cli::testing::Argv argv(args);
  RunResult r;
  r.exit = cli::run_tool("data-validate", argv.span(), f.io, data_validate);
  r.out = f.out.str();
  r.err = f.err.str();
  if (r.out.starts_with("{")) r.json = boost::json::parse(r.out);
  return r;
}

// check DATA --contract CONTRACT --json - with the contract and data given as text.
inline RunResult check_text(const std::string& contract, const std::string& csv,
                            std::vector<std::string> extra = {}) {
  std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  std::vector<std::string> args{"check",      temp_file(name + ".csv", csv),
                                "--contract", temp_file(name + ".yaml", contract),
                                "--json",     "-"};
  args.insert(args.end(), extra.begin(), extra.end());
  return run(args);
}

}  // namespace mlops::validate::testing
