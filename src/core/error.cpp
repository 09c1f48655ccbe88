#include "core/error.h"

#include <utility>

namespace mlops {

Error::Error(ExitCode code, std::string what, std::string hint, std::source_location where)
    : std::runtime_error(std::move(what)), code_(code), hint_(std::move(hint)), where_(where) {}

std::string Error::message() const {
  std::string m = what();
  if (!hint_.empty()) {
    m += ", ";
    m += hint_;
  }
  return m;
}

Error usage_error(std::string what, std::string hint, std::source_location where) {
  return Error(ExitCode::kUsage, std::move(what), std::move(hint), where);
}

Error input_error(std::string what, std::string hint, std::source_location where) {
  return Error(ExitCode::kCannotEvaluate, std::move(what), std::move(hint), where);
}

}  // namespace mlops
