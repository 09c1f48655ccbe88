#pragma once

#include <cstdint>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace mlops::stats {

// Finds repeated values for uniqueness checks. Exact (a set of 64-bit hashes; a false
// duplicate needs a hash collision, probability about n^2 / 2^65) until the set would exceed
// `max_entries`; then it switches to a HyperLogLog estimate of the number of distinct values
// (2^14 registers, standard error 0.81%), and insert() no longer tells single duplicates.
class DistinctCounter {
 public:
  explicit DistinctCounter(std::size_t max_entries = 8u << 20);

  // True when `value` was seen before (exact mode only; always false once approximate).
  bool insert(std::string_view value) { return insert_hash(hash(value)); }
  bool insert_hash(std::uint64_t h);
  // Folds `other` in; returns how many of its values were already here (exact mode only).
  std::uint64_t merge(const DistinctCounter& other);

  bool exact() const { return !approximate_; }
  std::uint64_t inserted() const { return inserted_; }
  // Distinct values: exact count, or the HyperLogLog estimate.
  double distinct() const;
  // Relative standard error of distinct() (0 when exact).
  double relative_error() const;

  static std::uint64_t hash(std::string_view value);

 private:
  void to_approximate();
  void add_to_registers(std::uint64_t h);

  std::size_t max_entries_;
  std::unordered_set<std::uint64_t> set_;
  std::vector<std::uint8_t> registers_;
  std::uint64_t inserted_ = 0;
  bool approximate_ = false;
};

}  // namespace mlops::stats
