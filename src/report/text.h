#pragma once

#include <ostream>

#include "report/report.h"

namespace mlops::report {

// The human-readable report on stdout: one line per check that did not pass (and, with
// `verbose`, per passing check), then the facts and a one-line verdict.
void write_text(const Report& report, std::ostream& out, bool verbose = false);

}  // namespace mlops::report
