#pragma once

#include <bit>
#include <cstdint>
#include <utility>
#include <vector>

namespace mlops::drift {

// Exact counts of the distinct values of a numeric column while there are at most `limit` of
// them; after that only overflowed() is known. Open addressing on the value's bits (one probe
// for most updates), because it is updated once per value of every numeric column.
class SmallCounts {
 public:
  // The table is allocated on the first value: most columns of a wide table never need one.
  explicit SmallCounts(std::size_t limit) : limit_(limit) {}

  // Bytes of the table once values arrive.
  static std::size_t table_bytes(std::size_t limit) {
    return std::bit_ceil(limit * 2 + 2) * sizeof(std::uint64_t) * 2;
  }

  void add(double value, std::uint64_t count = 1) {
    if (overflowed_) return;
    if (slots_.empty()) slots_.resize(std::bit_ceil(limit_ * 2 + 2));
    // +0.0 and -0.0 are one value, as they are for NumPy's unique().
    std::uint64_t key = std::bit_cast<std::uint64_t>(value == 0 ? 0.0 : value);
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.count != 0 && s.key == key) {
        s.count += count;
        return;
      }
      if (s.count == 0) {
        if (size_ == limit_) {
          set_overflowed();
          return;
        }
        s = {key, count};
        ++size_;
        return;
      }
    }
  }

  // Adds every count of `other`.
  void merge(const SmallCounts& other) {
    if (other.overflowed_) {
      set_overflowed();
      return;
    }
    for (const Slot& s : other.slots_) {
      if (s.count != 0) add(std::bit_cast<double>(s.key), s.count);
    }
  }

  // Forgets the counts: from now on only "more than the limit" is known.
  void set_overflowed() {
    overflowed_ = true;
    slots_ = {};
  }

  bool overflowed() const { return overflowed_; }
  std::size_t size() const { return size_; }

  // (value, count) pairs in ascending value order; empty once overflowed.
  std::vector<std::pair<double, std::uint64_t>> sorted() const;

 private:
  static std::size_t hash(std::uint64_t key) {
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    return static_cast<std::size_t>(key);
  }

  struct Slot {
    std::uint64_t key = 0;
    std::uint64_t count = 0;  // 0: empty
  };
  std::size_t limit_;
  std::vector<Slot> slots_;
  std::size_t size_ = 0;
  bool overflowed_ = false;
};

}  // namespace mlops::drift
