#pragma once

#include <string>
#include <vector>

#include "cli/io.h"
#include "core/exit_code.h"

namespace mlops::gate {

// `metric-gate check ...` (docs/metric-gate.md), callable in-process with the arguments after
// the program name. MLflow is reached over HTTP(S) with libcurl.
ExitCode metric_gate(const std::vector<std::string>& args, cli::Io& io);

}  // namespace mlops::gate
