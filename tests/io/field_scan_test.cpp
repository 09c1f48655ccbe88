#include "io/field_scan.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace mlops::io {
namespace {

using Finder = const char* (*)(const char*, char);

// Every block version against the byte-at-a-time reference: every start position of buffers
// whose stops (delimiter, '\n', '\r') fall at every distance from a block boundary, including
// none before the sentinel, and bytes that differ from a stop in one bit or have the high bit.
std::vector<std::pair<const char*, Finder>> finders() {
  std::vector<std::pair<const char*, Finder>> all = {{"swar", find_field_end_swar},
                                                     {"dispatched", find_field_end}};
#if defined(__SSE2__)
  all.emplace_back("sse2", find_field_end_sse2);
#endif
  return all;
}

TEST(FieldScanTest, BlockVersionsAgreeWithTheByteLoop) {
  std::mt19937 rng(19);
  const std::string alphabet = "ab,;\t\n\r\"\x0c\x0e\x2d\x3b\x80\xff 0";
  for (char delimiter : {',', ';', '\t', '|', '\x80'}) {
    for (int trial = 0; trial < 300; ++trial) {
      const std::size_t size = rng() % 80;
      std::string data;
      const bool sparse = trial % 3 == 0;  // long runs with no stop at all
      for (std::size_t i = 0; i < size; ++i) {
        data += sparse && rng() % 40 != 0 ? 'x' : alphabet[rng() % alphabet.size()];
      }
      data += '\n';                               // the sentinel
      data.append(kFieldScanPadding, delimiter);  // padding: must never be reported
      for (std::size_t start = 0; start <= size; ++start) {
        const char* expected = find_field_end_bytewise(data.data() + start, delimiter);
        for (const auto& [name, find] : finders()) {
          ASSERT_EQ(find(data.data() + start, delimiter), expected)
              << name << " delimiter " << int(delimiter) << " start " << start << " in "
              << ::testing::PrintToString(data);
        }
      }
    }
  }
}

TEST(FieldScanTest, StopsAtTheSentinelRightBeforeThePadding) {
  // The sentinel as the last byte of a block, then padding that holds only stops.
  for (std::size_t size = 0; size < 40; ++size) {
    std::string data(size, 'x');
    data += '\n';
    data.append(kFieldScanPadding, ',');
    for (const auto& [name, find] : finders()) {
      EXPECT_EQ(find(data.data(), ','), data.data() + size) << name << " size " << size;
    }
  }
}

}  // namespace
}  // namespace mlops::io
