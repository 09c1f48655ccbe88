#include "validate/fixed_pattern.h"

#include <algorithm>
#include <cstring>

namespace mlops::validate {
namespace {

constexpr std::size_t kMaxLength = 4096;

bool is_punct(char c) {
  return c >= 0x21 && c <= 0x7E && std::strchr("0123456789", c) == nullptr &&
         !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
}
bool is_printable(char c) { return c >= 0x20 && c <= 0x7E; }

void add(std::array<std::uint64_t, 4>& set, unsigned char c) {
  set[c >> 6] |= std::uint64_t{1} << (c & 63);
}
void add_digits(std::array<std::uint64_t, 4>& set) {
  for (char c = '0'; c <= '9'; ++c) add(set, static_cast<unsigned char>(c));
}

// Reads one character of a class at p (a literal or an escaped punctuation character);
// nullopt for anything outside the subset. \d is handled by the caller.
std::optional<char> class_char(std::string_view s, std::size_t& p) {
  char c = s[p];
  if (c == '\\') {
    if (p + 1 >= s.size() || !is_punct(s[p + 1])) return std::nullopt;
    p += 2;
    return s[p - 1];
  }
  if (!is_printable(c) || c == '[' || c == ']') return std::nullopt;
  ++p;
  return c;
}

}  // namespace

std::optional<FixedPattern> FixedPattern::compile(std::string_view s) {
  FixedPattern fp;
  std::size_t p = 0;
  while (p < s.size()) {
    ByteSet set{};
    const char c = s[p];
    if (c == '\\') {
      if (p + 1 >= s.size()) return std::nullopt;
      const char e = s[p + 1];
      if (e == 'd') {
        add_digits(set);
      } else if (is_punct(e)) {
        add(set, static_cast<unsigned char>(e));
      } else {
        return std::nullopt;
      }
      p += 2;
    } else if (c == '[') {
      ++p;
      if (p < s.size() && s[p] == '^') return std::nullopt;
      bool any = false;
      while (p < s.size() && s[p] != ']') {
        if (s[p] == '\\' && p + 1 < s.size() && s[p + 1] == 'd') {
          add_digits(set);
          p += 2;
          any = true;
          continue;
        }
        auto lo = class_char(s, p);
        if (!lo) return std::nullopt;
        char hi = *lo;
        // A '-' between two characters is a range; first or last in the class it is literal.
        if (p + 1 < s.size() && s[p] == '-' && s[p + 1] != ']') {
          ++p;
          if (s[p] == '\\' && p + 1 < s.size() && s[p + 1] == 'd') return std::nullopt;
          auto h = class_char(s, p);
          if (!h || *h < *lo) return std::nullopt;
          hi = *h;
        }
        for (int b = static_cast<unsigned char>(*lo); b <= static_cast<unsigned char>(hi); ++b) {
          add(set, static_cast<unsigned char>(b));
        }
        any = true;
      }
      if (p >= s.size() || !any) return std::nullopt;
      ++p;  // ']'
    } else if (is_printable(c) && std::strchr(".+*?()|[]{}^$", c) == nullptr) {
      add(set, static_cast<unsigned char>(c));
      ++p;
    } else {
      return std::nullopt;
    }
    std::size_t count = 1;
    if (p < s.size() && s[p] == '{') {
      std::size_t close = s.find('}', p);
      // RE2 reads a count with a leading zero ({04}) as literal text: leave that to RE2.
      if (close == std::string_view::npos || close == p + 1 || close - p > 5 ||
          (s[p + 1] == '0' && close > p + 2)) {
        return std::nullopt;
      }
      count = 0;
      for (std::size_t i = p + 1; i < close; ++i) {
        if (s[i] < '0' || s[i] > '9') return std::nullopt;
        count = count * 10 + static_cast<std::size_t>(s[i] - '0');
      }
      p = close + 1;
    }
    if (p < s.size() && std::strchr("+*?{", s[p]) != nullptr) return std::nullopt;
    if (fp.positions_.size() + count > kMaxLength) return std::nullopt;
    auto it = std::find(fp.classes_.begin(), fp.classes_.end(), set);
    if (it == fp.classes_.end()) it = fp.classes_.insert(fp.classes_.end(), set);
    fp.positions_.insert(fp.positions_.end(), count,
                         static_cast<std::uint16_t>(it - fp.classes_.begin()));
  }
  fp.set_ranges();
  return fp;
}

void FixedPattern::set_ranges() {
  std::vector<std::uint8_t> lo;
  std::vector<std::uint8_t> span;
  for (const ByteSet& set : classes_) {
    int first = -1;
    int last = -1;
    for (int b = 0; b < 256; ++b) {
      if (((set[static_cast<std::size_t>(b >> 6)] >> (b & 63)) & 1) == 0) continue;
      if (first < 0) first = b;
      if (last >= 0 && b != last + 1) return;  // not one range
      last = b;
    }
    if (first < 0) return;
    lo.push_back(static_cast<std::uint8_t>(first));
    span.push_back(static_cast<std::uint8_t>(last - first));
  }
  for (std::uint16_t c : positions_) {
    lo_.push_back(lo[c]);
    span_.push_back(span[c]);
  }
}

}  // namespace mlops::validate
