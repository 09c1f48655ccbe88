#pragma once

#include "drift/compare.h"
#include "drift/config.h"
#include "drift/profile.h"

// One column of a comparison: internal to compare.cpp, which decides which columns are compared.
namespace mlops::drift {

// The one builder every column result starts from: the column's name, kind and type (from the
// reference `r`), its config entry (`settings`, nullptr when none: role, weight, location),
// the values and nulls of each side. Nothing tested yet, not drifted.
ColumnResult column_result(const ColumnProfile& r, const ColumnProfile& c,
                           const ColumnSettings* settings);

// Tests one column the two sides share (of the same kind, or of the reference's kind when the
// current side has no values): the missing-value share, then the method choose_method picks,
// and the picture. A side without values to compare makes the column drifted with an error.
// An uncertain verdict (one that could flip within the error bound) counts as drift.
ColumnResult compare_column(const ColumnProfile& r, const ColumnProfile& c,
                            const DriftConfig& config, const ColumnSettings* settings);

}  // namespace mlops::drift
