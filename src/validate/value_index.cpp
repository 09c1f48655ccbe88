#include "validate/value_index.h"

#include <bit>

#include "stats/distinct_counter.h"

namespace mlops::validate {

std::uint64_t ValueIndex::hash(std::string_view text) { return stats::DistinctCounter::hash(text); }

ValueIndex::ValueIndex(const std::vector<std::string>& values) {
  const std::size_t capacity = std::bit_ceil(2 * values.size() + 2);
  slots_.resize(capacity);
  mask_ = capacity - 1;
  shift_ = 64 - std::countr_zero(capacity);
  for (const std::string& v : values) {
    if (find(v) != kNone) continue;
    values_.push_back(v);
    const std::uint64_t key = key_of(v);
    std::size_t i = slot_of(key);
    while (slots_[i].position != 0) i = (i + 1) & mask_;
    slots_[i] = {key, static_cast<std::uint32_t>(values_.size()), v.size() <= kMaxPacked};
  }
}

}  // namespace mlops::validate
