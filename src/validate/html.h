#pragma once

#include <string>

#include "validate/contract.h"
#include "validate/report_builder.h"
#include "validate/validator.h"

namespace mlops::validate {

// A self-contained HTML page (no scripts, no external resources) that leads with what failed:
// the verdict, the files and fingerprint, then each failed check (failures, then warnings) with
// its first offending rows at file:line and its distinct offending values with their counts
// (from the JSON report's entry of the check), the table of checks with failed ones first, and
// per column a small inline-SVG chart of its values (html_charts.h).
// Colours that carry meaning (the verdict badge, each check's status mark, the charts) are SVG
// presentation attributes, so they hold where a Content-Security-Policy blocks the <style>, as
// Jenkins' default does.
std::string to_html(const Contract& contract, const Result& result, const Outcome& outcome);

}  // namespace mlops::validate
