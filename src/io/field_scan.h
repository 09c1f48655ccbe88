#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mlops::io {

// Finding where an unquoted CSV field ends: the first delimiter, '\n' or '\r' (a "stop") at or
// after p. The CSV reader spends most of its time here. A byte loop pays a hard-to-predict
// branch per field; a vector compare at each field start chains every field's search on the
// previous one's result (load, compare, mask, count: ~15 cycles a field). Instead a finder
// keeps a 64-bit mask of the stops in a 64-byte block whose address does not depend on the
// fields, and a field end is a shift and a count of trailing zeros in it (simdjson's idea).
//
// Precondition (ChunkBuffer guarantees it): a '\n' sentinel follows the data, and
// kFieldScanPadding readable bytes follow the sentinel, so a block that holds the sentinel
// stays inside the allocation. A result is never past the sentinel.
inline constexpr std::size_t kFieldScanPadding = 64;

// One byte at a time: the reference the block versions must agree with.
inline const char* find_field_end_bytewise(const char* p, char delimiter) {
  while (*p != delimiter && *p != '\n' && *p != '\r') ++p;
  return p;
}

// The stops in [p, p + 64) as bits (bit i: p[i]), eight bytes per step in a 64-bit word
// (SWAR): portable, the fallback on every CPU without SSE2 (arm64 included), and exercised by
// the tests on all of them.
class SwarStops {
 public:
  explicit SwarStops(char delimiter) : d_(kOnes * static_cast<unsigned char>(delimiter)) {}

  std::uint64_t operator()(const char* p) const {
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < 8; ++i) {
      std::uint64_t w;
      std::memcpy(&w, p + 8 * i, sizeof w);
      if constexpr (std::endian::native == std::endian::big) w = byteswap(w);
      const std::uint64_t highs = zero_bytes(w ^ d_) | zero_bytes(w ^ kLf) | zero_bytes(w ^ kCr);
      // Gathers the eight high bits into the top byte, byte k's to bit 56 + k.
      bits |= ((highs * 0x0002040810204081ULL) >> 56) << (8 * i);
    }
    return bits;
  }

 private:
  static constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
  static constexpr std::uint64_t kLows = 0x7F7F7F7F7F7F7F7FULL;
  static constexpr std::uint64_t kLf = kOnes * '\n';
  static constexpr std::uint64_t kCr = kOnes * '\r';
  // The high bit of each zero byte of x, exactly (no borrow from a neighbouring byte).
  static std::uint64_t zero_bytes(std::uint64_t x) { return ~(((x & kLows) + kLows) | x | kLows); }
  static std::uint64_t byteswap(std::uint64_t x) {
    std::uint64_t r = 0;
    for (int i = 0; i < 8; ++i) r |= ((x >> (8 * i)) & 0xFF) << (56 - 8 * i);
    return r;
  }

  std::uint64_t d_;
};

#if defined(__SSE2__)
// The same, sixteen bytes per compare (SSE2 is part of every x86-64 CPU).
class Sse2Stops {
 public:
  explicit Sse2Stops(char delimiter)
      : d_(_mm_set1_epi8(delimiter)), lf_(_mm_set1_epi8('\n')), cr_(_mm_set1_epi8('\r')) {}

  std::uint64_t operator()(const char* p) const {
    return block(p) | block(p + 16) << 16 | block(p + 32) << 32 | block(p + 48) << 48;
  }

 private:
  std::uint64_t block(const char* p) const {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, d_), _mm_cmpeq_epi8(x, lf_)),
                                     _mm_cmpeq_epi8(x, cr_));
    return static_cast<std::uint32_t>(_mm_movemask_epi8(hit));
  }

  __m128i d_, lf_, cr_;
};
#endif

// Finds field ends in one buffer, remembering the last block's stops between calls. Call
// forget() whenever the bytes of the buffer change (a refill).
template <class Stops>
class BasicFieldEndFinder {
 public:
  explicit BasicFieldEndFinder(char delimiter) : stops_(delimiter) {}

  const char* operator()(const char* p) {
    for (;;) {
      const std::uintptr_t offset = reinterpret_cast<std::uintptr_t>(p) - base_;
      if (offset < 64) {
        const std::uint64_t rest = bits_ >> offset;
        if (rest != 0) return p + std::countr_zero(rest);
        p += 64 - offset;  // no stop in the rest of this block: the field goes on in the next
      }
      base_ = reinterpret_cast<std::uintptr_t>(p);
      bits_ = stops_(p);
    }
  }
  void forget() { base_ = 0; }

 private:
  Stops stops_;
  std::uintptr_t base_ = 0;  // address of the block bits_ describes; 0: none
  std::uint64_t bits_ = 0;
};

#if defined(__SSE2__)
using FieldEndFinder = BasicFieldEndFinder<Sse2Stops>;
#else
using FieldEndFinder = BasicFieldEndFinder<SwarStops>;
#endif

}  // namespace mlops::io
