#include "io/utf8.h"

#include <cstring>

namespace mlops::io {

std::size_t Utf8Validator::feed(const char* data, std::size_t n) {
  const auto* p = reinterpret_cast<const unsigned char*>(data);
  std::size_t i = 0;
  while (i < n) {
    if (need_ == 0) {
      // Fast path: ASCII, the common case for tabular data, 32 bytes per test, then 8.
      constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
      while (i + 32 <= n) {
        std::uint64_t w[4];
        std::memcpy(w, p + i, sizeof w);
        if (((w[0] | w[1] | w[2] | w[3]) & kHighs) != 0) break;
        i += 32;
      }
      while (i + 8 <= n) {
        std::uint64_t word;
        std::memcpy(&word, p + i, 8);
        if ((word & kHighs) != 0) break;
        i += 8;
      }
      if (i == n) break;
      unsigned char b = p[i];
      if (b < 0x80) {
        ++i;
        continue;
      }
      lo_ = 0x80;
      hi_ = 0xBF;
      if (b >= 0xC2 && b <= 0xDF) {
        need_ = 1;
      } else if (b == 0xE0) {
        need_ = 2;
        lo_ = 0xA0;
      } else if ((b >= 0xE1 && b <= 0xEC) || b == 0xEE || b == 0xEF) {
        need_ = 2;
      } else if (b == 0xED) {
        need_ = 2;
        hi_ = 0x9F;
      } else if (b == 0xF0) {
        need_ = 3;
        lo_ = 0x90;
      } else if (b >= 0xF1 && b <= 0xF3) {
        need_ = 3;
      } else if (b == 0xF4) {
        need_ = 3;
        hi_ = 0x8F;
      } else {
        seen_ = 0;
        return i;
      }
      seen_ = 1;
      ++i;
    } else {
      unsigned char b = p[i];
      if (b < lo_ || b > hi_) return i;
      --need_;
      ++seen_;
      lo_ = 0x80;
      hi_ = 0xBF;
      ++i;
    }
  }
  return n;
}

}  // namespace mlops::io
