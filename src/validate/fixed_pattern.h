#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

namespace mlops::validate {

// A pattern that fully matches texts of one length, byte by byte from a set of ASCII bytes
// per position (e.g. [A-Z]{3} or \d{4}/\d{2}/\d{2} \d{2}:\d{2}), matched without RE2: most
// contract patterns are such, and RE2's per-call cost dominated a validation.
//
// compile() accepts only this subset of RE2 syntax, where both read the same: ASCII
// literals other than metacharacters; \d; a backslash before ASCII punctuation; classes [...]
// of such characters and ranges (not negated, no [:name:]); each optionally followed by {n}.
// Anything else (alternation, groups, other quantifiers, '.', anchors, flags, non-ASCII)
// returns nullopt and the caller uses RE2. Since every byte class is ASCII, a non-ASCII byte
// matches nothing, as its code point matches nothing under RE2.
class FixedPattern {
 public:
  static std::optional<FixedPattern> compile(std::string_view pattern);
  bool full_match(std::string_view text) const {
    if (text.size() != positions_.size()) return false;
    if (!lo_.empty()) {
      // Every class is one range of bytes: no branch per byte, 16 bytes at a time (GCC's
      // vector extension: SSE2 on x86-64, NEON on arm64), then the rest.
      using Bytes = std::uint8_t __attribute__((vector_size(16)));
      std::size_t i = 0;
      for (; i + 16 <= text.size(); i += 16) {
        Bytes t, lo, span;
        std::memcpy(&t, text.data() + i, 16);
        std::memcpy(&lo, lo_.data() + i, 16);
        std::memcpy(&span, span_.data() + i, 16);
        const auto outside = (t - lo) > span;  // per byte: all ones where outside its range
        std::uint64_t half[2];
        std::memcpy(half, &outside, 16);
        if ((half[0] | half[1]) != 0) return false;
      }
      bool bad = false;
      for (; i < text.size(); ++i) {
        bad |= static_cast<std::uint8_t>(static_cast<std::uint8_t>(text[i]) - lo_[i]) > span_[i];
      }
      return !bad;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (((classes_[positions_[i]][c >> 6] >> (c & 63)) & 1) == 0) return false;
    }
    return true;
  }

 private:
  using ByteSet = std::array<std::uint64_t, 4>;
  void set_ranges();
  std::vector<ByteSet> classes_;          // distinct classes
  std::vector<std::uint16_t> positions_;  // class of each byte of a matching text
  // When every class is one range lo..lo+span: those, per byte of a matching text.
  std::vector<std::uint8_t> lo_;
  std::vector<std::uint8_t> span_;
};

}  // namespace mlops::validate
