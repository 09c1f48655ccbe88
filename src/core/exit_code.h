#pragma once

// The exit codes every binary shares (docs/conventions.md). A gate that cannot evaluate
// never returns kPass: errors map to kUsage or kCannotEvaluate.
namespace mlops {

enum class ExitCode : int {
  kPass = 0,            // gate passed / promote
  kFail = 1,            // gate failed / roll back
  kUsage = 2,           // usage or configuration error
  kCannotEvaluate = 3,  // input missing or unreadable, server unreachable, malformed response
  kInconclusive = 4,    // canary-eval only: keep watching
};

constexpr int to_int(ExitCode code) { return static_cast<int>(code); }

}  // namespace mlops
