#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace mlops::io {

// Finding where an unquoted CSV field ends: the first delimiter, '\n' or '\r' at or after p.
// The CSV reader spends most of its time here, so the search looks at a block of bytes per
// step instead of one byte and one hard-to-predict branch per byte.
//
// Precondition (ChunkBuffer guarantees it): a '\n' sentinel follows the data, and
// kFieldScanPadding readable bytes follow the sentinel, so a block load that holds the
// sentinel stays inside the allocation. The result is never past the sentinel.
inline constexpr std::size_t kFieldScanPadding = 16;

// One byte at a time: the reference the block versions must agree with.
inline const char* find_field_end_bytewise(const char* p, char delimiter) {
  while (*p != delimiter && *p != '\n' && *p != '\r') ++p;
  return p;
}

// Eight bytes per step in a 64-bit word (SWAR): portable, the fallback on every CPU that has
// no SSE2 (arm64 included), and exercised by the tests on all of them.
inline const char* find_field_end_swar(const char* p, char delimiter) {
  if constexpr (std::endian::native != std::endian::little) {
    return find_field_end_bytewise(p, delimiter);
  } else {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL;
    constexpr std::uint64_t kHighs = 0x8080808080808080ULL;
    const std::uint64_t d = kOnes * static_cast<unsigned char>(delimiter);
    constexpr std::uint64_t n = kOnes * '\n';
    constexpr std::uint64_t r = kOnes * '\r';
    // High bit of each byte equal to c. The lowest set bit is exact; bits above it may be
    // false positives (borrows), which is why only the lowest one is used.
    auto zero_bytes = [](std::uint64_t x) { return (x - kOnes) & ~x & kHighs; };
    for (;;) {
      std::uint64_t w;
      std::memcpy(&w, p, sizeof w);
      std::uint64_t hits = zero_bytes(w ^ d) | zero_bytes(w ^ n) | zero_bytes(w ^ r);
      if (hits != 0) return p + std::countr_zero(hits) / 8;
      p += sizeof w;
    }
  }
}

#if defined(__SSE2__)
// Sixteen bytes per step (SSE2 is part of every x86-64 CPU).
inline const char* find_field_end_sse2(const char* p, char delimiter) {
  const __m128i d = _mm_set1_epi8(delimiter);
  const __m128i n = _mm_set1_epi8('\n');
  const __m128i r = _mm_set1_epi8('\r');
  for (;;) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, d), _mm_cmpeq_epi8(x, n)),
                                     _mm_cmpeq_epi8(x, r));
    const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
    if (mask != 0) return p + std::countr_zero(mask);
    p += 16;
  }
}
#endif

// The fastest version this CPU family is guaranteed to have.
inline const char* find_field_end(const char* p, char delimiter) {
#if defined(__SSE2__)
  return find_field_end_sse2(p, delimiter);
#else
  return find_field_end_swar(p, delimiter);
#endif
}

}  // namespace mlops::io
