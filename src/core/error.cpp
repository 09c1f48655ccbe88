#include "core/error.h"

#include <utility>

namespace mlops {

Error::Error(ExitCode code, const std::string& what, std::string hint, const char* file, int line)
    : std::runtime_error(what), code_(code), hint_(std::move(hint)), file_(file), line_(line) {}

std::string Error::message() const {
  std::string m = what();
  if (!hint_.empty()) {
    m += ", ";
    m += hint_;
  }
  return m;
}

Error usage_error(const std::string& what, std::string hint, const char* file, int line) {
  return {ExitCode::kUsage, what, std::move(hint), file, line};
}

Error input_error(const std::string& what, std::string hint, const char* file, int line) {
  return {ExitCode::kCannotEvaluate, what, std::move(hint), file, line};
}

}  // namespace mlops
