#pragma once

#include "cli/io.h"
#include "drift/compare.h"
#include "drift/options.h"
#include "drift/profile.h"
#include "report/report.h"

// drift-check's commands from checked options to their outcome: inputs read, profiles built
// and compared. Nothing is printed (but a progress line on a terminal's stderr) and no output
// file is written; command.cpp hands the outcome to the finish step.
namespace mlops::drift {

struct CompareOutcome {
  DatasetResult result;
  report::Report report;  // to_report(result), with the run's duration
};
// Throws an input Error (exit 3) when an input cannot be read or has no rows.
CompareOutcome run_compare(const CompareOptions& options, const cli::Io& io);

// The sketch-mode profile of options.data.
Profile run_profile(const ProfileOptions& options, const cli::Io& io);

// The profiles of options.inputs merged in order.
Profile run_merge(const MergeOptions& options);

}  // namespace mlops::drift
