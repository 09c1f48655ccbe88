#include "cli/io.h"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace mlops::cli {

Io Io::process() {
  return Io{std::cin, std::cout, std::cerr,
            [](const std::string& name) -> std::optional<std::string> {
              const char* v = std::getenv(name.c_str());
              if (v == nullptr) return std::nullopt;
              return std::string(v);
            },
            ::isatty(STDERR_FILENO) == 1};
}

}  // namespace mlops::cli
