#include "stats/distinct_counter.h"

#include <bit>
#include <cmath>
#include <cstring>

namespace mlops::stats {
namespace {

constexpr int kPrecision = 14;
constexpr std::size_t kRegisters = std::size_t{1} << kPrecision;

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

bool DistinctCounter::insert_hash(std::uint64_t h) {
  ++inserted_;
  if (approximate_) {
    add_to_registers(h);
    return false;
  }
  bool repeated = !set_.insert(h).second;
  if (set_.size() > max_entries_) to_approximate();
  return repeated;
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
  for (std::uint64_t h : set_) add_to_registers(h);
  set_ = {};
}

std::uint64_t DistinctCounter::merge(const DistinctCounter& other) {
  if (!approximate_ && !other.approximate_) {
    std::uint64_t overlap = 0;
    for (std::uint64_t h : other.set_) overlap += set_.insert(h).second ? 0 : 1;
    inserted_ += other.inserted_;
    if (set_.size() > max_entries_) to_approximate();
    return overlap;
  }
  if (!approximate_) to_approximate();
  if (other.approximate_) {
    for (std::size_t i = 0; i < kRegisters; ++i) {
      registers_[i] = std::max(registers_[i], other.registers_[i]);
    }
  } else {
    for (std::uint64_t h : other.set_) add_to_registers(h);
  }
  inserted_ += other.inserted_;
  return 0;
}

double DistinctCounter::distinct() const {
  if (!approximate_) return static_cast<double>(set_.size());
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
