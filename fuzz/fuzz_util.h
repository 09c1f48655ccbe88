#pragma once

// Shared by the fuzz targets: run one input and accept only the project's own Error as a way
// to refuse it. Anything else escaping (std::out_of_range, a crash, a sanitizer report) is a
// finding.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "core/error.h"

namespace mlops::fuzz {

template <typename F>
int run_one(F&& f) {
  try {
    f();
  } catch (const Error&) {
    // A clean refusal: exit codes 2/3 with a message.
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fuzz: unexpected exception: %s\n", e.what());
    std::abort();
  }
  return 0;
}

inline std::string text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

}  // namespace mlops::fuzz
