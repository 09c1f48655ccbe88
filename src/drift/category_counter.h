#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/string_hash.h"

namespace mlops::drift {

// Counts of the distinct texts of one categorical column while it is read: open addressing on
// a 64-bit hash of the text, 8 bytes a slot (32 bits of the hash and the entry's index), the
// entries in a dense array and the texts in one arena. It is looked up once per value of every
// categorical column, where a std::unordered_map walks a chain of nodes scattered over the
// heap (a cache miss or two per value on a column with thousands of categories) and std::hash
// runs a general-purpose byte hash. The profile keeps the counts in a StringMap
// (CategoricalSummary); move_into hands them over once read.
class CategoryCounter {
 public:
  // Adds one occurrence of `text`. A text not yet counted is counted only if admit() says so
  // (it is called with nothing changed yet, and may throw); returns false when it did not.
  template <typename Admit>
  bool add(std::string_view text, Admit&& admit) {
    return add_entry(text, std::forward<Admit>(admit)) != kNotCounted;
  }

  // As add(), returning the text's entry (kNotCounted when admit() said no): another
  // occurrence of the same text may then be added by count_again(entry).
  static constexpr std::size_t kNotCounted = ~std::size_t{0};
  template <typename Admit>
  std::size_t add_entry(std::string_view text, Admit&& admit) {
    return add_entry(text, hash(text), std::forward<Admit>(admit));
  }
  // As add_entry(text, admit), `h` being hash(text): a caller with many texts at hand hashes
  // them ahead and prefetches their slots.
  template <typename Admit>
  std::size_t add_entry(std::string_view text, std::uint64_t h, Admit&& admit) {
    const std::uint64_t tag = h & kTagMask;
    if (slots_.empty()) grow();
    std::size_t mask = slots_.size() - 1;
    std::size_t i = h & mask;
    for (;; i = (i + 1) & mask) {
      const std::uint64_t s = slots_[i];
      if (s == 0) break;
      if ((s & kTagMask) != tag) continue;
      Entry& e = entries_[(s & ~kTagMask) - 1];
      if (e.length == text.size() &&
          std::memcmp(arena_.data() + e.offset, text.data(), text.size()) == 0) {
        ++e.count;
        return (s & ~kTagMask) - 1;
      }
    }
    if (!admit()) return kNotCounted;
    entries_.push_back({arena_.size(), text.size(), 1});
    arena_.append(text);
    if (2 * entries_.size() > slots_.size()) {
      grow();
    } else {
      slots_[i] = tag | entries_.size();
    }
    return entries_.size() - 1;
  }

  // One more occurrence of the text of `entry` (add_entry's).
  void count_again(std::size_t entry, std::uint64_t times = 1) { entries_[entry].count += times; }

  std::size_t size() const { return entries_.size(); }
  // Starts loading the slot where add_entry looks first for a text of hash `h`.
  void prefetch(std::uint64_t h) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[h & (slots_.size() - 1)]);
  }

  // Adds every count to `counts` and empties this counter.
  void move_into(StringMap<std::uint64_t>& counts);

  // A 64-bit hash of a text, 8 bytes at a time; a text of under 8 bytes, or the last bytes of
  // a longer one, are read by overlapping loads (as wyhash does), never byte by byte.
  [[gnu::always_inline]] static std::uint64_t hash(std::string_view text) {
    constexpr std::uint64_t kMul = 0x9e3779b97f4a7c15ULL;
    const char* p = text.data();
    const std::size_t n = text.size();
    std::uint64_t h = (n + 1) * kMul;
    if (n >= 8) {
      std::size_t i = 0;
      for (; i + 8 <= n; i += 8) h = mix(h ^ load<std::uint64_t>(p + i)) * kMul;
      if (i < n) h = mix(h ^ load<std::uint64_t>(p + n - 8)) * kMul;
    } else if (n >= 4) {
      h ^= load<std::uint32_t>(p) | std::uint64_t{load<std::uint32_t>(p + n - 4)} << 32;
    } else if (n > 0) {
      const auto byte = [p](std::size_t i) {
        return std::uint64_t{static_cast<unsigned char>(p[i])};
      };
      h ^= byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16;
    }
    // murmur3's 64-bit finaliser: every input bit reaches the low bits that index the table.
    h = mix(h) * 0xff51afd7ed558ccdULL;
    h = mix(h) * 0xc4ceb9fe1a85ec53ULL;
    return mix(h);
  }

 private:
  // A slot holds the hash's upper 32 bits and the entry's index + 1 (so 0 is empty; the
  // config caps max_categories at 10^7, far below 2^32 entries).
  static constexpr std::uint64_t kTagMask = ~std::uint64_t{0} << 32;

  static std::uint64_t mix(std::uint64_t h) { return h ^ (h >> 33); }

  template <typename T>
  static T load(const char* p) {
    T v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }

  struct Entry {
    std::size_t offset = 0;  // of the text in arena_
    std::size_t length = 0;
    std::uint64_t count = 0;
  };

  // Doubles the slots (16 at first) and places every entry again.
  void grow();

  std::vector<std::uint64_t> slots_;  // a power of two, at most half full; 0: empty
  std::vector<Entry> entries_;
  std::string arena_;
};

}  // namespace mlops::drift
