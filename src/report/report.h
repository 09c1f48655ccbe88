#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/exit_code.h"

namespace mlops::report {

// The outcome of one check of a gate. Warnings are failed checks of severity "warning": they
// are shown but do not fail the gate.
enum class Status { kPass, kFail, kWarn, kSkip, kError };

std::string_view to_string(Status status);

// A place in a user's file that a check points at (for annotations and reports).
struct Location {
  std::string file;
  std::uint64_t line = 0;    // 1-based; 0 when unknown
  std::uint64_t column = 0;  // 1-based; 0 when unknown
};

struct Check {
  std::string name;   // unique within the report, e.g. "age.max"
  std::string group;  // e.g. the column; JUnit classname suffix
  Status status = Status::kPass;
  std::string message;   // one line: what was found and what was expected
  std::string observed;  // the measured value as text, e.g. "0.031"
  std::optional<Location> location;
  double seconds = 0;
};

// Everything a gate reports, whatever the output format.
struct Report {
  std::string tool;   // "data-validate"
  std::string title;  // what was evaluated, e.g. "data.csv against contract.yaml"
  ExitCode exit = ExitCode::kPass;
  std::vector<Check> checks;
  // Key facts shown in summaries and written as GitHub outputs (name, value).
  std::vector<std::pair<std::string, std::string>> facts;
  double seconds = 0;
  // A tool's own Markdown after the checks table (metric-gate's reliability curve), already
  // escaped; also in the GitHub step summary.
  std::string markdown_appendix;

  std::size_t count(Status status) const;
  // "pass", "fail", "usage-error", "cannot-evaluate" or "inconclusive", from `exit`.
  std::string verdict() const;
};

}  // namespace mlops::report
