#pragma once

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

namespace mlops::stats {

// Finds repeated values for uniqueness checks. Exact (a set of 64-bit hashes; a false
// duplicate needs a hash collision, probability about n^2 / 2^65) until the set would exceed
// `max_entries`; then it switches to a HyperLogLog estimate of the number of distinct values
// (2^14 registers, standard error 0.81%), and insert() no longer tells single duplicates.
//
// The set is kPartitions flat open-addressing tables (linear probing, at most 3/4 full) chosen
// by the hash's top bits: 8 bytes a slot, and a merge runs one partition per thread. A counter
// of one piece of a parallel scan also keeps each value's first position (16 bytes a slot), so
// that the merge can name where a later piece repeats a value that an earlier one holds.
class DistinctCounter {
 public:
  static constexpr std::size_t kPartitions = 64;

  explicit DistinctCounter(std::size_t max_entries = 8u << 20);

  // Keeps the `position` given to insert() for each value's first occurrence. Call before the
  // first insert.
  void record_positions() { positions_ = true; }

  // True when `value` was seen before (exact mode only; always false once approximate).
  bool insert(std::string_view value, std::uint64_t position = 0) {
    return insert_hash(hash(value), position);
  }
  bool insert_hash(std::uint64_t h, std::uint64_t position = 0);
  // Starts loading the slot where insert_hash(h) looks first (the table rarely fits in cache):
  // do other work, then insert.
  void prefetch(std::uint64_t h) const {
    const Table& t = tables_[partition_of(h)];
    if (!t.slots.empty()) __builtin_prefetch(&t.slots[h & (t.slots.size() - 1)]);
  }

  // What merge() found: values of the later counter that this one already held.
  struct Repeats {
    std::uint64_t count = 0;
    // The smallest recorded positions of those values, ascending, at most `keep` of them
    // (empty when `later` records no positions).
    std::vector<std::uint64_t> first;
  };
  // Folds `later` in (exact mode only reports repeats; the result is approximate when either
  // side is, or when the union exceeds max_entries). Partitions merge on up to `threads`
  // threads. This counter keeps no positions of `later`'s.
  Repeats merge(DistinctCounter&& later, std::size_t keep = 0, int threads = 1);

  bool exact() const { return !approximate_; }
  std::uint64_t inserted() const { return inserted_; }
  // Distinct values: exact count, or the HyperLogLog estimate.
  double distinct() const;
  // Relative standard error of distinct() (0 when exact).
  double relative_error() const;

  static std::uint64_t hash(std::string_view value);

 private:
  // One open-addressing table. 0 marks an empty slot (hash 0 is stored as 1).
  struct Table {
    std::vector<std::uint64_t> slots;
    std::vector<std::uint64_t> positions;  // parallel to slots when positions are recorded
    std::size_t size = 0;
  };
  static std::size_t partition_of(std::uint64_t h) { return h >> 58; }
  // Inserts h; false when it was there already.
  bool put(Table& t, std::uint64_t h, std::uint64_t position);
  void grow(Table& t);
  Repeats merge_partition(Table& mine, Table& theirs, bool positions, std::size_t keep);
  void to_approximate();
  void add_to_registers(std::uint64_t h);

  std::size_t max_entries_;
  std::array<Table, kPartitions> tables_;
  std::vector<std::uint8_t> registers_;
  std::size_t size_ = 0;  // values in the tables
  std::uint64_t inserted_ = 0;
  std::uint64_t last_ = 0;  // the hash inserted last (0: none)
  bool approximate_ = false;
  bool positions_ = false;
};

}  // namespace mlops::stats
