#pragma once

#include <string>
#include <vector>

#include "cli/io.h"
#include "core/exit_code.h"

namespace mlops::validate {

// `data-validate check|infer ...` (docs/data-validate.md), callable in-process with the
// arguments after the program name.
ExitCode data_validate(const std::vector<std::string>& args, cli::Io& io);

}  // namespace mlops::validate
