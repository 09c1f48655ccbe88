#pragma once

// How a Parquet file is read in parts: which columns' values are read (projection), and how
// its row groups are dealt to the pieces of an io::Scan.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace mlops::io::parquet {

// For each of `columns`, whether its values are read: every column when `wanted` is unset,
// else those it accepts (ReadOptions::wanted_columns).
std::vector<bool> wanted_columns(const std::vector<std::string>& columns,
                                 const std::function<bool(const std::string&)>& wanted);

// The first row group of pieces 1..n-1 when row groups of `sizes` (bytes, decompressed) are
// dealt, in order and whole, to at most `pieces` pieces of about equal size: strictly
// increasing indexes in (0, sizes.size()); none when there are fewer than two row groups.
std::vector<std::size_t> split_row_groups(const std::vector<std::uint64_t>& sizes, int pieces);

}  // namespace mlops::io::parquet
