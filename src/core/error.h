#pragma once

#include <source_location>
#include <stdexcept>
#include <string>

#include "core/exit_code.h"

namespace mlops {

// The one error type of the library. Thrown where a problem is found, caught once in
// cli::run_tool, which prints "<tool>: error: <what>, <hint>" and returns code().
// `what` says what went wrong (naming the file, line or field); `hint` says what to do.
class Error : public std::runtime_error {
 public:
  Error(ExitCode code, std::string what, std::string hint = {},
        std::source_location where = std::source_location::current());

  ExitCode code() const { return code_; }
  const std::string& hint() const { return hint_; }
  // Where in our source the error was raised; for debugging, never shown to users by default.
  const std::source_location& where() const { return where_; }
  // "<what>, <hint>" or just "<what>".
  std::string message() const;

 private:
  ExitCode code_;
  std::string hint_;
  std::source_location where_;
};

// Shorthands for the two most common kinds.
Error usage_error(std::string what, std::string hint = {},
                  std::source_location where = std::source_location::current());
Error input_error(std::string what, std::string hint = {},
                  std::source_location where = std::source_location::current());

}  // namespace mlops
