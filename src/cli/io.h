#pragma once

#include <functional>
#include <istream>
#include <optional>
#include <ostream>
#include <string>

namespace mlops::cli {

// What a tool may touch of its process: standard streams, environment, and whether stderr is
// a terminal. Tests build one over string streams and a map to run a tool in-process.
struct Io {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  std::function<std::optional<std::string>(const std::string&)> getenv;
  bool stderr_is_tty = false;

  std::string env(const std::string& name) const {
    auto v = getenv ? getenv(name) : std::nullopt;
    return v ? *v : std::string();
  }

  // Whether this runs as a GitHub Actions step (GITHUB_ACTIONS=true): the runner then reads
  // workflow commands from stdout and stderr, whatever --no-github says.
  bool github_actions() const { return env("GITHUB_ACTIONS") == "true"; }

  // The real process: std::cin/cout/cerr, ::getenv, isatty(2).
  static Io process();
};

}  // namespace mlops::cli
