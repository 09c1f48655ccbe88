#pragma once

#include <string>
#include <vector>

#include "io/table.h"

namespace mlops::validate {

// Writes a starter contract (YAML) for the table: columns with their types, nullability,
// observed min/max, allowed values of low-cardinality text columns (at most 20 distinct
// values), and a row count range. Reads every row unless `sample_rows` > 0. Comments in the
// output say where each bound came from and that it needs review. A column whose values
// cannot be read (a Parquet list or map: the reader opened with ReadOptions::
// leave_out_unreadable) is left out, with a comment saying why, and extra columns then warn.
std::string infer_contract(io::TableReader& reader, std::size_t sample_rows);

// The columns of `reader` whose values cannot be read (TableReader::unreadable).
std::vector<std::size_t> unreadable_columns(const io::TableReader& reader);

// Quotes a YAML scalar when it would not read back as the same plain string.
std::string yaml_scalar(const std::string& s);

}  // namespace mlops::validate
