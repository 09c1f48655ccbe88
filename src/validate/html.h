#pragma once

#include <string>

#include "validate/contract.h"
#include "validate/report_builder.h"
#include "validate/validator.h"

namespace mlops::validate {

// A self-contained HTML page (no scripts, no external resources): the verdict, the files and
// fingerprint, the table of checks, and per column a small inline-SVG chart of its values (a
// histogram for ordered columns, bars of the most frequent values otherwise).
// Colours that carry meaning (the verdict badge, each check's status mark, the charts) are SVG
// presentation attributes, so they hold where a Content-Security-Policy blocks the <style>, as
// Jenkins' default does.
std::string to_html(const Contract& contract, const Result& result, const Outcome& outcome);

}  // namespace mlops::validate
