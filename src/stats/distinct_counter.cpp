#include "stats/distinct_counter.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstring>
#include <thread>
#include <utility>

namespace mlops::stats {
namespace {

constexpr int kPrecision = 14;
constexpr std::size_t kRegisters = std::size_t{1} << kPrecision;
constexpr std::size_t kFirstCapacity = 16;
// Below this many values a merge is not worth a thread.
constexpr std::size_t kParallelMergeValues = 1u << 16;

std::uint64_t mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace

DistinctCounter::DistinctCounter(std::size_t max_entries) : max_entries_(max_entries) {}

std::uint64_t DistinctCounter::hash(std::string_view value) {
  // FNV-1a over 8-byte words, then a strong final mix: fast for short fields, well spread.
  std::uint64_t h = 0xcbf29ce484222325ULL ^ value.size();
  std::size_t i = 0;
  for (; i + 8 <= value.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, value.data() + i, 8);
    h = (h ^ mix(w)) * 0x100000001b3ULL;
  }
  std::uint64_t tail = 0;
  if (value.size() > i) std::memcpy(&tail, value.data() + i, value.size() - i);
  h = (h ^ mix(tail + 0x9E3779B97F4A7C15ULL)) * 0x100000001b3ULL;
  return mix(h);
}

bool DistinctCounter::put(Table& t, std::uint64_t h, std::uint64_t position) {
  if ((t.size + 1) * 4 > t.slots.size() * 3) grow(t);
  const std::size_t mask = t.slots.size() - 1;
  for (std::size_t i = h & mask;; i = (i + 1) & mask) {
    if (t.slots[i] == h) return false;
    if (t.slots[i] == 0) {
      t.slots[i] = h;
      if (!t.positions.empty()) t.positions[i] = position;
      ++t.size;
      return true;
    }
  }
}

void DistinctCounter::grow(Table& t) {
  Table bigger;
  const std::size_t capacity = t.slots.empty() ? kFirstCapacity : 2 * t.slots.size();
  bigger.slots.assign(capacity, 0);
  if (positions_) bigger.positions.assign(capacity, 0);
  for (std::size_t i = 0; i < t.slots.size(); ++i) {
    if (t.slots[i] != 0) put(bigger, t.slots[i], t.positions.empty() ? 0 : t.positions[i]);
  }
  t = std::move(bigger);
}

bool DistinctCounter::insert_hash(std::uint64_t h, std::uint64_t position) {
  h += h == 0 ? 1 : 0;  // 0 marks an empty slot
  ++inserted_;
  // Sorted or clustered columns repeat the previous value often: it is here (or counted in
  // the registers) already.
  if (h == last_) return !approximate_;
  last_ = h;
  if (approximate_) {
    add_to_registers(h);
    return false;
  }
  if (!put(tables_[partition_of(h)], h, position)) return true;
  if (++size_ > max_entries_) to_approximate();
  return false;
}

void DistinctCounter::add_to_registers(std::uint64_t h) {
  std::size_t idx = h >> (64 - kPrecision);
  std::uint64_t rest = (h << kPrecision) | (std::uint64_t{1} << (kPrecision - 1));
  auto rank = static_cast<std::uint8_t>(std::countl_zero(rest) + 1);
  if (rank > registers_[idx]) registers_[idx] = rank;
}

void DistinctCounter::to_approximate() {
  approximate_ = true;
  registers_.assign(kRegisters, 0);
  for (Table& t : tables_) {
    for (std::uint64_t h : t.slots) {
      if (h != 0) add_to_registers(h);
    }
    t = Table{};
  }
  size_ = 0;
}

DistinctCounter::Repeats DistinctCounter::merge_partition(Table& mine, Table& theirs,
                                                          bool positions, std::size_t keep) {
  Repeats r;
  for (std::size_t i = 0; i < theirs.slots.size(); ++i) {
    const std::uint64_t h = theirs.slots[i];
    if (h == 0) continue;
    const std::uint64_t position = theirs.positions.empty() ? 0 : theirs.positions[i];
    if (put(mine, h, position)) continue;
    ++r.count;
    if (!positions || keep == 0) continue;
    // A max-heap of the `keep` smallest positions.
    if (r.first.size() < keep) {
      r.first.push_back(position);
      std::push_heap(r.first.begin(), r.first.end());
    } else if (position < r.first.front()) {
      std::pop_heap(r.first.begin(), r.first.end());
      r.first.back() = position;
      std::push_heap(r.first.begin(), r.first.end());
    }
  }
  theirs = Table{};
  return r;
}

DistinctCounter::Repeats DistinctCounter::merge(DistinctCounter&& later, std::size_t keep,
                                                int threads) {
  if (!approximate_ && inserted_ == 0) {
    // Nothing here yet: take the other side whole.
    std::swap(tables_, later.tables_);
    std::swap(registers_, later.registers_);
    size_ = later.size_;
    inserted_ = later.inserted_;
    approximate_ = later.approximate_;
    last_ = later.last_;
    if (!positions_ && later.positions_) {
      for (Table& t : tables_) t.positions = {};
    }
    return {};
  }
  if (!approximate_ && !later.approximate_) {
    std::array<Repeats, kPartitions> found;
    const bool positions = later.positions_;
    std::atomic<std::size_t> next{0};
    auto work = [&] {
      for (std::size_t p; (p = next.fetch_add(1)) < kPartitions;) {
        found[p] = merge_partition(tables_[p], later.tables_[p], positions, keep);
      }
    };
    const std::size_t helpers = later.size_ < kParallelMergeValues || threads < 2
                                    ? 0
                                    : static_cast<std::size_t>(threads - 1);
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < helpers; ++t) pool.emplace_back(work);
    work();
    for (auto& t : pool) t.join();
    Repeats all;
    size_ = 0;
    for (std::size_t p = 0; p < kPartitions; ++p) {
      size_ += tables_[p].size;
      all.count += found[p].count;
      all.first.insert(all.first.end(), found[p].first.begin(), found[p].first.end());
    }
    inserted_ += later.inserted_;
    later = DistinctCounter(later.max_entries_);
    if (size_ > max_entries_) {
      to_approximate();
      return {};
    }
    std::sort(all.first.begin(), all.first.end());
    if (all.first.size() > keep) all.first.resize(keep);
    return all;
  }
  if (!approximate_) to_approximate();
  if (later.approximate_) {
    for (std::size_t i = 0; i < kRegisters; ++i) {
      registers_[i] = std::max(registers_[i], later.registers_[i]);
    }
  } else {
    for (const Table& t : later.tables_) {
      for (std::uint64_t h : t.slots) {
        if (h != 0) add_to_registers(h);
      }
    }
  }
  inserted_ += later.inserted_;
  return {};
}

double DistinctCounter::distinct() const {
  if (!approximate_) return static_cast<double>(size_);
  const double m = static_cast<double>(kRegisters);
  double sum = 0;
  std::size_t zeros = 0;
  for (std::uint8_t r : registers_) {
    sum += std::ldexp(1.0, -r);
    zeros += r == 0 ? 1 : 0;
  }
  const double alpha = 0.7213 / (1 + 1.079 / m);
  double estimate = alpha * m * m / sum;
  if (estimate <= 2.5 * m && zeros > 0) {
    estimate = m * std::log(m / static_cast<double>(zeros));  // linear counting
  }
  return estimate;
}

double DistinctCounter::relative_error() const {
  return approximate_ ? 1.04 / std::sqrt(static_cast<double>(kRegisters)) : 0;
}

}  // namespace mlops::stats
