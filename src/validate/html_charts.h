#pragma once

#include <string>

#include "validate/column_state.h"
#include "validate/contract.h"

namespace mlops::validate {

// The chart of one contract column in data-validate's HTML report, as inline SVG coloured by
// presentation attributes: a histogram of an ordered column's sampled values, else bars of its
// most frequent values with their row counts, values outside an allowed set included (in the
// failure colour) and the rest summed in an "other values" line, so that the bars and that line
// account for every value of the column.
std::string column_chart(const ColumnSpec& spec, const ColumnState& st);

}  // namespace mlops::validate
