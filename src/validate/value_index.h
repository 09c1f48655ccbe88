#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mlops::validate {

// The positions of a fixed list of strings (a contract's allowed values), looked up once per
// row: a flat open-addressing table of 64-bit hashes and positions, at most half full, and
// one comparison of the text on a hash match. A value listed twice keeps its first position;
// later values are numbered as if it were listed once (as a map built by emplace numbers them).
class ValueIndex {
 public:
  static constexpr std::size_t kNone = ~std::size_t{0};

  ValueIndex() = default;
  explicit ValueIndex(const std::vector<std::string>& values);

  // The position of `text`, or kNone.
  std::size_t find(std::string_view text) const;
  std::size_t size() const { return keys_.size(); }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t key = 0;  // index into keys_ + 1; 0: empty
  };
  std::vector<Slot> slots_;
  std::vector<std::string> keys_;  // distinct values, numbered in order
};

}  // namespace mlops::validate
