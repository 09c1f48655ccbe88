#pragma once

#include <boost/json/value.hpp>

#include "report/report.h"
#include "validate/contract.h"
#include "validate/validator.h"

namespace mlops::validate {

// Turns a validation result into the common report (text, JUnit, Markdown, GitHub) and the
// JSON report (schema mlops-actions/data-validate/v1, docs/data-validate.md). With
// `fail_on_warning`, failed warning checks fail the gate too.
struct Outcome {
  report::Report report;
  boost::json::value json;
};

// Throws an input Error (exit 3) when the run evaluated nothing: no rows and no row_count check
// to judge that, or every check skipped because every contract column is absent.
Outcome build_outcome(const Contract& contract, const Result& result, bool fail_on_warning);

}  // namespace mlops::validate
