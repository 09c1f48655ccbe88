#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mlops::io {

// The set of field texts read as null. Matching is exact and case-sensitive; the check is a
// length and first-byte filter before any comparison, since it runs on every field.
class NullTokens {
 public:
  NullTokens() = default;
  explicit NullTokens(std::vector<std::string> tokens);
  // "", NA, N/A, null, NULL, NaN
  static NullTokens defaults();

  bool matches(std::string_view text) const {
    if (text.size() > max_len_) return false;
    if (text.empty()) return has_empty_;
    if (!first_[static_cast<unsigned char>(text[0])]) return false;
    for (const auto& t : tokens_) {
      if (t == text) return true;
    }
    return false;
  }
  // The same answer, for a text whose first byte may be read even when it is empty (a CSV
  // field in the reader's buffer, where a delimiter or the sentinel follows): the length and
  // first-byte filters combine without a branch, so the one branch left is almost always
  // "no", where matches() takes up to three that depend on the data.
  bool matches_padded(std::string_view text) const {
    const std::size_t size = text.size();
    const auto length_ok = static_cast<bool>((lengths_ >> (size < 63 ? size : 63)) & 1);
    const bool first_ok = first_[static_cast<unsigned char>(text.data()[0])] || size == 0;
    if (length_ok & first_ok) return matches(text);
    return false;
  }
  const std::vector<std::string>& tokens() const { return tokens_; }

 private:
  std::vector<std::string> tokens_;
  std::array<bool, 256> first_{};
  std::size_t max_len_ = 0;
  std::uint64_t lengths_ = 0;  // bit k: a token of k bytes (bit 63: of 63 or more)
  bool has_empty_ = false;
};

}  // namespace mlops::io
