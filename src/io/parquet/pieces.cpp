#include "io/parquet/pieces.h"

#include <algorithm>
#include <numeric>

namespace mlops::io::parquet {

std::vector<bool> wanted_columns(const std::vector<std::string>& columns,
                                 const std::function<bool(const std::string&)>& wanted) {
  std::vector<bool> out(columns.size(), true);
  if (!wanted) return out;
  for (std::size_t i = 0; i < columns.size(); ++i) out[i] = wanted(columns[i]);
  return out;
}

std::vector<std::size_t> split_row_groups(const std::vector<std::uint64_t>& sizes, int pieces) {
  std::vector<std::size_t> starts;
  if (pieces < 2 || sizes.size() < 2) return starts;
  const std::uint64_t total = std::accumulate(sizes.begin(), sizes.end(), std::uint64_t{0});
  const auto n = static_cast<std::uint64_t>(std::min<std::size_t>(sizes.size(), pieces));
  // Piece k starts at the row group boundary nearest to k/n of the bytes (of the row groups,
  // when the footer gives no sizes); before[g]: the bytes of row groups 0..g-1.
  const bool by_count = total == 0;
  std::vector<std::uint64_t> before(sizes.size() + 1, 0);
  for (std::size_t g = 0; g < sizes.size(); ++g) {
    before[g + 1] = before[g] + (by_count ? 1 : sizes[g]);
  }
  const std::uint64_t whole = before.back();
  std::size_t g = 1;
  for (std::uint64_t k = 1; k < n && g < sizes.size(); ++k) {
    // Compared times n: no division (no overflow for sizes below 2^58).
    auto distance = [&](std::size_t b) {
      const std::uint64_t at = before[b] * n;
      const std::uint64_t target = k * whole;
      return at > target ? at - target : target - at;
    };
    while (g + 1 < sizes.size() && distance(g + 1) < distance(g)) ++g;
    starts.push_back(g++);
  }
  return starts;
}

}  // namespace mlops::io::parquet
