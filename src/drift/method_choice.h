#pragma once

#include <cstdint>
#include <limits>

#include "drift/compare.h"
#include "drift/config.h"

// Which statistic a column is tested with, and against which threshold: internal to the column
// test (column_test.cpp), in a file of its own because it is the part users configure.
namespace mlops::drift {

// `distinct` when there are more distinct values than can be counted exactly.
inline constexpr std::uint64_t kManyDistinct = std::numeric_limits<std::uint64_t>::max();

// Sets out.method, out.why, out.threshold and out.min_effect of a column of `kind` whose two
// sides together hold `distinct` values (out.reference_values must be set): the preset's
// choice by kind, distinct values and reference size (docs/drift-check.md), then the config's
// defaults for the kind, then the column's own entry (`settings`, nullptr when none). A method
// the column cannot take, or a test threshold that is not a p-value, is a usage Error (exit 2)
// naming the column and its config entry.
void choose_method(ColumnResult& out, Kind kind, std::uint64_t distinct, const DriftConfig& config,
                   const ColumnSettings* settings);

}  // namespace mlops::drift
