#include "io/field_scan.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace mlops::io {
namespace {

// Bytes that stop a field, bytes one bit away from a stop, and bytes with the high bit set
// (where a borrow in a word-at-a-time compare would show).
const std::string kAlphabet = "ab,;\t|\n\r\"\x0c\x0e\x2d\x3b\x80\xff\x7f 0";

std::string random_text(std::mt19937& rng, std::size_t size, bool sparse) {
  std::string data;
  for (std::size_t i = 0; i < size; ++i) {
    data += sparse && rng() % 40 != 0 ? 'x' : kAlphabet[rng() % kAlphabet.size()];
  }
  return data;
}

template <class Stops>
void expect_masks_match_bytes(const char* name) {
  std::mt19937 rng(7);
  for (char delimiter : {',', ';', '\t', '|', '\x80', '\xff'}) {
    const Stops stops(delimiter);
    for (int trial = 0; trial < 500; ++trial) {
      const std::string data = random_text(rng, 64, trial % 4 == 0);
      std::uint64_t expected = 0;
      for (std::size_t i = 0; i < 64; ++i) {
        const char c = data[i];
        if (c == delimiter || c == '\n' || c == '\r') expected |= std::uint64_t{1} << i;
      }
      ASSERT_EQ(stops(data.data()), expected)
          << name << " delimiter " << int(delimiter) << " in " << ::testing::PrintToString(data);
    }
  }
}

TEST(FieldScanTest, StopMasksMatchTheBytes) {
  expect_masks_match_bytes<SwarStops>("swar");
#if defined(__SSE2__)
  expect_masks_match_bytes<Sse2Stops>("sse2");
#endif
}

// A finder walked along a buffer as the reader walks it (from each stop to the next, with
// jumps like a quoted field's) must agree with the byte loop everywhere, whatever block the
// previous call left it holding.
template <class Stops>
void expect_finder_matches_byte_loop(const char* name) {
  std::mt19937 rng(19);
  for (char delimiter : {',', ';', '\t', '\x80'}) {
    for (int trial = 0; trial < 300; ++trial) {
      const std::size_t size = rng() % 300;
      std::string data = random_text(rng, size, trial % 3 == 0);
      data += '\n';                               // the sentinel
      data.append(kFieldScanPadding, delimiter);  // padding: must never be reported
      BasicFieldEndFinder<Stops> find(delimiter);
      const char* p = data.data();
      const char* const end = data.data() + size;
      while (p <= end) {
        const char* expected = find_field_end_bytewise(p, delimiter);
        ASSERT_EQ(find(p), expected)
            << name << " delimiter " << int(delimiter) << " from " << (p - data.data()) << " in "
            << ::testing::PrintToString(data);
        // Next from just past the stop, or now and then from a little further on.
        p = expected + 1 + (rng() % 5 == 0 ? rng() % 70 : 0);
      }
    }
  }
}

TEST(FieldScanTest, FindersAgreeWithTheByteLoop) {
  expect_finder_matches_byte_loop<SwarStops>("swar");
#if defined(__SSE2__)
  expect_finder_matches_byte_loop<Sse2Stops>("sse2");
#endif
}

TEST(FieldScanTest, ForgetMakesTheFinderRereadChangedBytes) {
  std::string data = "abc,def\n";
  data.append(kFieldScanPadding, 'x');
  FieldEndFinder find(',');
  EXPECT_EQ(find(data.data()), data.data() + 3);
  data[1] = ',';
  find.forget();
  EXPECT_EQ(find(data.data()), data.data() + 1);
}

TEST(FieldScanTest, StopsAtTheSentinelRightBeforeThePadding) {
  for (std::size_t size = 0; size < 200; ++size) {
    std::string data(size, 'x');
    data += '\n';
    data.append(kFieldScanPadding, ',');
    BasicFieldEndFinder<SwarStops> swar(',');
    EXPECT_EQ(swar(data.data()), data.data() + size) << size;
#if defined(__SSE2__)
    BasicFieldEndFinder<Sse2Stops> sse2(',');
    EXPECT_EQ(sse2(data.data()), data.data() + size) << size;
#endif
  }
}

}  // namespace
}  // namespace mlops::io
