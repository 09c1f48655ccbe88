// The RLE / bit-packing hybrid decoder (io/parquet/levels.h): the specification's example, and
// bit-packed and RLE runs of every bit width read back one by one (next) and in bulk (next_n),
// with the bytes after a run either the page's own (the decoder then loads 8 bytes at a time)
// or none (byte by byte).
#include "io/parquet/levels.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "io/parquet/codec.h"

namespace mlops::io::parquet {
namespace {

void put_uleb128(std::vector<std::uint8_t>& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<std::uint8_t>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<std::uint8_t>(v));
}

// A bit-packed run of `values` (a multiple of 8 of them), least significant bit first.
void put_packed(std::vector<std::uint8_t>& out, const std::vector<std::uint32_t>& values,
                int width) {
  put_uleb128(out, (values.size() / 8) << 1 | 1);
  std::uint64_t acc = 0;
  int bits = 0;
  for (std::uint32_t v : values) {
    acc |= std::uint64_t{v} << bits;
    bits += width;
    while (bits >= 8) {
      out.push_back(static_cast<std::uint8_t>(acc));
      acc >>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) out.push_back(static_cast<std::uint8_t>(acc));
}

void put_repeat(std::vector<std::uint8_t>& out, std::uint32_t count, std::uint32_t value,
                int width) {
  put_uleb128(out, std::uint64_t{count} << 1);
  for (int b = 0; b < (width + 7) / 8; ++b)
    out.push_back(static_cast<std::uint8_t>(value >> (8 * b)));
}

// Encodings.md, "Bit-packed": the values 0 to 7 at bit width 3 are the bytes 10001000
// 11000110 11111010.
TEST(RleDecoderTest, SpecificationExample) {
  const std::vector<std::uint8_t> data = {0x03, 0b10001000, 0b11000110, 0b11111010};
  RleDecoder d(data.data(), data.size(), 3);
  for (std::uint32_t v = 0; v < 8; ++v) EXPECT_EQ(d.next(), v);
  EXPECT_THROW(d.next(), Corrupt);
}

TEST(RleDecoderTest, RunsOfEveryWidthReadBackOneByOneAndInBulk) {
  std::mt19937 rng(7);
  for (int width = 0; width <= 32; ++width) {
    for (std::size_t groups : {1u, 8u, 9u, 130u}) {
      for (std::size_t padding : {0u, 3u, 16u}) {
        SCOPED_TRACE("width " + std::to_string(width) + ", " + std::to_string(groups) +
                     " groups, " + std::to_string(padding) + " bytes after");
        const std::uint64_t limit = width == 32 ? 0xFFFFFFFFu : (std::uint64_t{1} << width) - 1;
        std::vector<std::uint32_t> packed(groups * 8), expected;
        for (auto& v : packed) v = static_cast<std::uint32_t>(rng() & limit);
        std::vector<std::uint8_t> data;
        put_packed(data, packed, width);
        expected = packed;
        const auto repeated = static_cast<std::uint32_t>(rng() & limit);
        put_repeat(data, 77, repeated, width);
        expected.insert(expected.end(), 77, repeated);
        put_packed(data, packed, width);
        expected.insert(expected.end(), packed.begin(), packed.end());
        const std::size_t size = data.size();
        data.resize(size + padding, 0xFF);  // the page's next bytes: not the decoder's
        RleDecoder one(data.data(), size, width);
        for (std::size_t k = 0; k < expected.size(); ++k) {
          ASSERT_EQ(one.next(), expected[k]) << "value " << k;
        }
        EXPECT_THROW(one.next(), Corrupt);
        RleDecoder bulk(data.data(), size, width);
        std::vector<std::uint32_t> got(expected.size());
        std::size_t at = 0;
        for (std::size_t step = 1; at < got.size(); step = step * 3 % 101 + 1) {
          const std::size_t n = std::min(step, got.size() - at);
          bulk.next_n(got.data() + at, n);
          at += n;
        }
        EXPECT_EQ(got, expected);
      }
    }
  }
}

// take_repeats takes values only from an RLE run of the value asked for, long enough; else it
// takes nothing, and the values read next are those it left.
TEST(RleDecoderTest, RepeatsAreTakenOnlyFromARunLongEnough) {
  std::vector<std::uint8_t> data;
  put_repeat(data, 77, 1, 1);
  const std::vector<std::uint32_t> packed = {1, 0, 1, 1, 0, 0, 1, 0};
  put_packed(data, packed, 1);
  put_repeat(data, 5, 0, 1);
  RleDecoder d(data.data(), data.size(), 1);
  EXPECT_TRUE(d.take_repeats(1, 50));
  EXPECT_FALSE(d.take_repeats(1, 28));  // 27 left
  EXPECT_FALSE(d.take_repeats(0, 1));   // of another value
  std::vector<std::uint32_t> got(27 + 8);
  d.next_n(got.data(), got.size());
  std::vector<std::uint32_t> expected(27, 1);
  expected.insert(expected.end(), packed.begin(), packed.end());
  EXPECT_EQ(got, expected);
  EXPECT_TRUE(d.take_repeats(0, 5));
  EXPECT_FALSE(d.take_repeats(0, 1));  // the end of the data
  EXPECT_THROW(d.next(), Corrupt);
}

}  // namespace
}  // namespace mlops::io::parquet
