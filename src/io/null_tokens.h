#pragma once

#include <array>
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
  const std::vector<std::string>& tokens() const { return tokens_; }

 private:
  std::vector<std::string> tokens_;
  std::array<bool, 256> first_{};
  std::size_t max_len_ = 0;
  bool has_empty_ = false;
};

}  // namespace mlops::io
