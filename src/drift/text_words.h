#pragma once

#include <cstddef>
#include <string>
#include <string_view>

// How a text column's values are measured (docs/drift-check.md "Text columns").
namespace mlops::drift {

// The length of a UTF-8 value in code points (bytes that do not continue a sequence).
inline std::size_t text_length(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char b : text) n += (b & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// Calls `f` with each word of `text`, lowercased: a word is a maximal run of ASCII letters and
// digits and of non-ASCII bytes (so UTF-8 letters stay inside words); anything else (spaces,
// punctuation) separates words.
template <typename F>
void for_each_word(std::string_view text, F&& f) {
  std::string word;
  auto flush = [&] {
    if (!word.empty()) f(std::string_view(word));
    word.clear();
  };
  for (char ch : text) {
    const auto b = static_cast<unsigned char>(ch);
    const bool lower = b >= 'a' && b <= 'z', upper = b >= 'A' && b <= 'Z';
    if (lower || upper || (b >= '0' && b <= '9') || b >= 0x80) {
      word += upper ? static_cast<char>(b - 'A' + 'a') : ch;
    } else {
      flush();
    }
  }
  flush();
}

}  // namespace mlops::drift
