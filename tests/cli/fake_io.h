#pragma once

#include <map>
#include <span>
#include <sstream>
#include <string>
#include <vector>

#include "cli/io.h"

namespace mlops::cli::testing {

// An Io over string streams and an environment map, for running tools in-process.
struct FakeIo {
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  std::map<std::string, std::string> env;
  Io io{in, out, err,
        [this](const std::string& name) -> std::optional<std::string> {
          auto it = env.find(name);
          if (it == env.end()) return std::nullopt;
          return it->second;
        },
        false};
};

// argv with a program name, as main() receives it.
struct Argv {
  std::vector<std::string> storage;
  std::vector<const char*> ptrs;
  explicit Argv(std::vector<std::string> args) : storage(std::move(args)) {
    for (const auto& s : storage) ptrs.push_back(s.c_str());
  }
  std::span<const char* const> span() const { return {ptrs.data(), ptrs.size()}; }
};

}  // namespace mlops::cli::testing
