#pragma once

#include <string>

#include "cli/io.h"
#include "validate/options.h"
#include "validate/report_builder.h"

namespace mlops::validate {

// What `data-validate check` decided: the reports, and the HTML page when --html asked for one.
struct CheckOutcome {
  Outcome reports;
  std::string html;
};

// data-validate check, options to outcome: reads the contract, validates the data in one pass
// (stdin for "-"; a progress meter on stderr when it is a terminal) and builds the reports.
// Writes no report.
CheckOutcome run_check(const CheckOptions& options, const cli::Io& io);

// data-validate infer, options to the starter contract (YAML, safe to print as it is).
std::string run_infer(const InferOptions& options, const cli::Io& io);

}  // namespace mlops::validate
