#include "drift/category_counter.h"

namespace mlops::drift {

void CategoryCounter::grow() {
  slots_.assign(slots_.empty() ? 16 : 2 * slots_.size(), 0);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t k = 0; k < entries_.size(); ++k) {
    const std::uint64_t h =
        hash(std::string_view(arena_).substr(entries_[k].offset, entries_[k].length));
    std::size_t i = h & mask;
    while (slots_[i] != 0) i = (i + 1) & mask;
    slots_[i] = (h & kTagMask) | (k + 1);
  }
}

void CategoryCounter::move_into(StringMap<std::uint64_t>& counts) {
  counts.reserve(counts.size() + entries_.size());
  for (const Entry& e : entries_) counts[arena_.substr(e.offset, e.length)] += e.count;
  slots_ = {};
  entries_ = {};
  arena_ = {};
}

}  // namespace mlops::drift
