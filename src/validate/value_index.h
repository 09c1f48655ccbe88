#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mlops::validate {

// The positions of a fixed list of strings (a contract's allowed values), looked up once per
// row: a flat open-addressing table, at most half full. A value of up to 7 bytes is its own
// key (its bytes and length in one word), so finding it reads one slot and compares one word;
// a longer one is found by a 64-bit hash and one comparison of the text. A value listed twice
// keeps its first position; later values are numbered as if it were listed once.
class ValueIndex {
 public:
  static constexpr std::size_t kNone = ~std::size_t{0};

  ValueIndex() = default;
  explicit ValueIndex(const std::vector<std::string>& values);

  // The position of `text`, or kNone.
  std::size_t find(std::string_view text) const {
    if (slots_.empty()) return kNone;
    const bool packed = text.size() <= kMaxPacked;
    const std::uint64_t key = key_of(text);
    for (std::size_t i = slot_of(key);; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.position == 0) return kNone;
      if (s.key == key && s.packed == packed && (packed || values_[s.position - 1] == text)) {
        return s.position - 1;
      }
    }
  }

 private:
  static constexpr std::size_t kMaxPacked = 7;
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t position = 0;  // + 1; 0: empty
    bool packed = false;
  };
  // Up to 7 bytes: the bytes and the length (injective); longer: a hash.
  static std::uint64_t key_of(std::string_view text) {
    if (text.size() > kMaxPacked) return hash(text);
    std::uint64_t w = static_cast<std::uint64_t>(text.size()) << 56;
    for (std::size_t i = 0; i < text.size(); ++i) {
      w |= static_cast<std::uint64_t>(static_cast<unsigned char>(text[i])) << (8 * i);
    }
    return w;
  }
  static std::uint64_t hash(std::string_view text);
  std::size_t slot_of(std::uint64_t key) const {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_);
  }

  std::vector<Slot> slots_;
  std::vector<std::string> values_;  // distinct values, numbered in order
  std::size_t mask_ = 0;
  int shift_ = 64;
};

}  // namespace mlops::validate
