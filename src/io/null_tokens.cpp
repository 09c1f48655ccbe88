#include "io/null_tokens.h"

#include <algorithm>
#include <utility>

namespace mlops::io {

NullTokens::NullTokens(std::vector<std::string> tokens) : tokens_(std::move(tokens)) {
  for (const auto& t : tokens_) {
    max_len_ = std::max(max_len_, t.size());
    lengths_ |= std::uint64_t{1} << std::min<std::size_t>(t.size(), 63);
    if (t.empty()) {
      has_empty_ = true;
    } else {
      first_[static_cast<unsigned char>(t[0])] = true;
    }
  }
}

NullTokens NullTokens::defaults() { return NullTokens({"", "NA", "N/A", "null", "NULL", "NaN"}); }

}  // namespace mlops::io
