#include "validate/value_index.h"

#include <bit>

#include "stats/distinct_counter.h"

namespace mlops::validate {

ValueIndex::ValueIndex(const std::vector<std::string>& values) {
  slots_.resize(std::bit_ceil(2 * values.size() + 2));
  const std::size_t mask = slots_.size() - 1;
  for (const std::string& v : values) {
    const std::uint64_t h = stats::DistinctCounter::hash(v);
    std::size_t i = h & mask;
    bool seen = false;
    for (; slots_[i].key != 0; i = (i + 1) & mask) {
      if (slots_[i].hash == h && keys_[slots_[i].key - 1] == v) {
        seen = true;
        break;
      }
    }
    if (seen) continue;
    keys_.push_back(v);
    slots_[i] = {h, static_cast<std::uint32_t>(keys_.size())};
  }
}

std::size_t ValueIndex::find(std::string_view text) const {
  if (slots_.empty()) return kNone;
  const std::uint64_t h = stats::DistinctCounter::hash(text);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask; slots_[i].key != 0; i = (i + 1) & mask) {
    if (slots_[i].hash == h && keys_[slots_[i].key - 1] == text) return slots_[i].key - 1;
  }
  return kNone;
}

}  // namespace mlops::validate
