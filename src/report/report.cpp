#include "report/report.h"

namespace mlops::report {

std::string_view to_string(Status status) {
  switch (status) {
    case Status::kPass:
      return "pass";
    case Status::kFail:
      return "fail";
    case Status::kWarn:
      return "warning";
    case Status::kSkip:
      return "skipped";
    case Status::kError:
      return "error";
  }
  return "error";
}

std::size_t Report::count(Status status) const {
  std::size_t n = 0;
  for (const auto& c : checks) n += c.status == status ? 1 : 0;
  return n;
}

std::string Report::verdict() const {
  switch (exit) {
    case ExitCode::kPass:
      return "pass";
    case ExitCode::kFail:
      return "fail";
    case ExitCode::kUsage:
      return "usage-error";
    case ExitCode::kCannotEvaluate:
      return "cannot-evaluate";
    case ExitCode::kInconclusive:
      return "inconclusive";
  }
  return "cannot-evaluate";
}

}  // namespace mlops::report
