#pragma once

#include <stdexcept>
#include <string>

#include "core/exit_code.h"

namespace mlops {

// The one error type of the library. Thrown where a problem is found, caught once in
// cli::run_tool, which prints "<tool>: error: <what>, <hint>" and returns code().
// `what` says what went wrong (naming the file, line or field); `hint` says what to do.
class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& what, std::string hint = {},
        const char* file = __builtin_FILE(), int line = __builtin_LINE());

  ExitCode code() const { return code_; }
  const std::string& hint() const { return hint_; }
  // Where in our source the error was raised; for debugging, never shown to users.
  const char* file() const { return file_; }
  int line() const { return line_; }
  // "<what>, <hint>" or just "<what>".
  std::string message() const;

 private:
  ExitCode code_;
  std::string hint_;
  const char* file_;
  int line_;
};

// Shorthands for the two most common kinds.
// (__builtin_FILE/LINE rather than std::source_location, which clang-tidy 14 cannot parse in
// libstdc++ 12.)
Error usage_error(const std::string& what, std::string hint = {},
                  const char* file = __builtin_FILE(), int line = __builtin_LINE());
Error input_error(const std::string& what, std::string hint = {},
                  const char* file = __builtin_FILE(), int line = __builtin_LINE());

}  // namespace mlops
