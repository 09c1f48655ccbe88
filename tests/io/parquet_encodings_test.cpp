#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "io/parquet/codec.h"
#include "io/parquet/encodings.h"
#include "parquet_types.h"

// The DELTA_* and BYTE_STREAM_SPLIT decoders on the worked examples of the specification
// (/work/shared/specs/parquet-format/Encodings.md, as pages built here byte by byte) and on
// damaged pages. Whole files in these encodings: parquet_encoded_files_test.cpp.
namespace mlops::io::parquet {
namespace {

namespace pf = format;
using Bytes = std::vector<std::uint8_t>;

void uleb(Bytes& out, std::uint64_t v) {
  do {
    const auto byte = static_cast<std::uint8_t>(v & 0x7F);
    v >>= 7;
    out.push_back(v != 0 ? byte | 0x80 : byte);
  } while (v != 0);
}

void zigzag(Bytes& out, std::int64_t v) {
  uleb(out, (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
}

// A DELTA_BINARY_PACKED header.
Bytes header(std::uint64_t block, std::uint64_t miniblocks, std::uint64_t count,
             std::int64_t first) {
  Bytes b;
  uleb(b, block);
  uleb(b, miniblocks);
  uleb(b, count);
  zigzag(b, first);
  return b;
}

void append(Bytes& to, const Bytes& more) { to.insert(to.end(), more.begin(), more.end()); }

std::vector<std::int64_t> decode(const Bytes& b, std::size_t n, int bits = 64) {
  DeltaBinaryPacked d(b.data(), b.data() + b.size(), bits);
  std::vector<std::int64_t> out;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t v = d.next();
    out.push_back(bits == 32 ? static_cast<std::int32_t>(v) : static_cast<std::int64_t>(v));
  }
  return out;
}

// Encodings.md, "Delta Encoding", example 1: 1, 2, 3, 4, 5. Deltas 1, 1, 1, 1: minimum delta
// 1, relative deltas 0 (bit width 0, no data). The specification's blocks of 8 values are
// invalid in real files: here blocks of 128 in 4 miniblocks of 32.
Bytes example1() {
  Bytes b = header(128, 4, 5, 1);
  zigzag(b, 1);             // minimum delta
  append(b, {0, 0, 0, 0});  // bit widths
  return b;
}

// Example 2: 7, 5, 3, 1, 2, 3, 4, 5. Deltas -2, -2, -2, 1, 1, 1, 1: minimum -2, relative
// 0, 0, 0, 3, 3, 3, 3 on 2 bits, in one miniblock of 128 values (32 bytes, padded).
Bytes example2(std::uint8_t padding = 0) {
  Bytes b = header(128, 1, 8, 7);
  zigzag(b, -2);
  b.push_back(2);
  // LSB first: byte 0 = 0 | 0 << 2 | 0 << 4 | 3 << 6; byte 1 = 3 | 3 << 2 | 3 << 4, then padding.
  b.push_back(0xC0);
  b.push_back(static_cast<std::uint8_t>(0x3F | (padding & 0xC0)));
  for (int i = 0; i < 30; ++i) b.push_back(padding);
  return b;
}

TEST(DeltaBinaryPackedTest, SpecificationExampleOne) {
  const Bytes b = example1();
  EXPECT_EQ(decode(b, 5), (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
  DeltaBinaryPacked d(b.data(), b.data() + b.size(), 64);
  EXPECT_EQ(d.total(), 5u);
  EXPECT_EQ(d.end_of_values(), b.data() + b.size());
}

TEST(DeltaBinaryPackedTest, SpecificationExampleTwo) {
  const Bytes b = example2();
  EXPECT_EQ(decode(b, 8), (std::vector<std::int64_t>{7, 5, 3, 1, 2, 3, 4, 5}));
  DeltaBinaryPacked d(b.data(), b.data() + b.size(), 32);
  EXPECT_EQ(d.end_of_values(), b.data() + b.size());
}

TEST(DeltaBinaryPackedTest, PaddingBitsAndUnusedBitWidthsAreIgnored) {
  // "readers must accept paddings consisting of arbitrary bits", and arbitrary bit widths
  // for the miniblocks the last block does not need (which have no data).
  EXPECT_EQ(decode(example2(0xFF), 8), (std::vector<std::int64_t>{7, 5, 3, 1, 2, 3, 4, 5}));
  Bytes b = header(128, 4, 5, 1);
  zigzag(b, 1);
  append(b, {0, 0xFF, 0xFF, 0xFF});
  EXPECT_EQ(decode(b, 5), (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
  DeltaBinaryPacked d(b.data(), b.data() + b.size(), 64);
  EXPECT_EQ(d.end_of_values(), b.data() + b.size());
}

TEST(DeltaBinaryPackedTest, ArithmeticWrapsAroundAsTwosComplement) {
  // INT32: 2147483647, -2147483648, 2147483647: deltas +1 and -1 modulo 2^32; minimum -1,
  // relative 2 and 0 on 2 bits: byte 0x02.
  Bytes b = header(128, 4, 3, INT32_MAX);
  zigzag(b, -1);
  append(b, {2, 0, 0, 0, 0x02, 0, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(decode(b, 3, 32), (std::vector<std::int64_t>{INT32_MAX, INT32_MIN, INT32_MAX}));
  // INT64: the same at 64 bits: a delta of +1 takes INT64_MAX to INT64_MIN.
  Bytes c = header(128, 4, 2, INT64_MAX);
  zigzag(c, 1);
  append(c, {0, 0, 0, 0});
  EXPECT_EQ(decode(c, 2), (std::vector<std::int64_t>{INT64_MAX, INT64_MIN}));
}

// DuckDB 1.5 (PARQUET_VERSION V2) takes the deltas of INT32 values in 64 bits: INT32_MIN,
// INT32_MAX, INT32_MIN give deltas +(2^32 - 1) and -(2^32 - 1), a minimum of -(2^32 - 1) and
// relative deltas 2^33 - 2 and 0: a 33-bit miniblock, which the reader refused as corrupt
// (tests/data/parquet/duckdb/matrix/*-v2.parquet's i32_nn).
TEST(DeltaBinaryPackedTest, DuckDbsThirtyThreeBitDeltasOfInt32Values) {
  Bytes b = header(128, 4, 3, INT32_MIN);
  zigzag(b, -4294967295LL);
  append(b, {33, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF, 0x01});  // 2^33 - 2 on 33 bits, then 0
  b.resize(b.size() + 33 * 4 - 5, 0);
  EXPECT_EQ(decode(b, 3, 32), (std::vector<std::int64_t>{INT32_MIN, INT32_MAX, INT32_MIN}));
}

TEST(DeltaBinaryPackedTest, DamageIsCorrupt) {
  auto corrupt = [](const Bytes& b, std::size_t n, int bits) {
    EXPECT_THROW(decode(b, n, bits), Corrupt);
  };
  corrupt(header(100, 4, 1, 0), 1, 64);  // blocks of a multiple of 128 values
  corrupt(header(128, 3, 1, 0), 1, 64);  // miniblocks of a multiple of 32
  corrupt(header(128, 8, 1, 0), 1, 64);  // 16 values a miniblock
  corrupt(example1(), 6, 64);            // more values than the header declares
  Bytes wide = header(128, 4, 2, 0);
  zigzag(wide, 0);
  append(wide, {33, 0, 0, 0});
  wide.resize(wide.size() + 33 * 4, 0);
  EXPECT_EQ(decode(wide, 2, 64).size(), 2u);
  wide[wide.size() - 33 * 4 - 4] = 65;  // no delta is wider than 64 bits
  corrupt(wide, 2, 64);
  // Every truncation: an error, never a read past the end (ASan watches).
  const Bytes whole = example2();
  for (std::size_t n = 0; n < 8; ++n) {
    const Bytes cut(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(n));
    corrupt(cut, 8, 32);
  }
  const Bytes cut(whole.begin(), whole.begin() + 8);  // the block's data cut after one byte
  EXPECT_THROW(DeltaBinaryPacked(cut.data(), cut.data() + cut.size(), 32).end_of_values(), Corrupt);
}

Column column_of(std::int32_t physical, std::int32_t length = 0) {
  Column c;
  c.physical = physical;
  c.type_length = length;
  return c;
}

std::vector<std::string> page(std::int32_t encoding, const Column& c, const Bytes& b, std::size_t n,
                              PageValues& values) {
  values.start(encoding, c, b.data(), b.data() + b.size());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) out.emplace_back(values.next());
  return out;
}

std::vector<std::string> page(std::int32_t encoding, const Column& c, const Bytes& b,
                              std::size_t n) {
  PageValues values;
  return page(encoding, c, b, n, values);
}

// Encodings.md, "Delta-length byte array": "Hello", "World", "Foobar", "ABCDEF" are
// DeltaEncoding(5, 5, 6, 6) and "HelloWorldFoobarABCDEF". Deltas 0, 1, 0: minimum 0, one bit:
// 0b010 in the first miniblock (4 bytes).
Bytes lengths_5566() {
  Bytes b = header(128, 4, 4, 5);
  zigzag(b, 0);
  append(b, {1, 0, 0, 0, 0x02, 0, 0, 0});
  return b;
}

TEST(DeltaLengthByteArrayTest, SpecificationExample) {
  Bytes b = lengths_5566();
  const std::string data = "HelloWorldFoobarABCDEF";
  b.insert(b.end(), data.begin(), data.end());
  EXPECT_EQ(page(pf::Encoding::DELTA_LENGTH_BYTE_ARRAY, column_of(pf::Type::BYTE_ARRAY), b, 4),
            (std::vector<std::string>{"Hello", "World", "Foobar", "ABCDEF"}));
  b.pop_back();  // the last value runs past the page
  EXPECT_THROW(page(pf::Encoding::DELTA_LENGTH_BYTE_ARRAY, column_of(pf::Type::BYTE_ARRAY), b, 4),
               Corrupt);
}

// Encodings.md, "Delta Strings": "axis", "axle", "babble", "babyhood" are prefix lengths
// DeltaEncoding(0, 2, 0, 3), suffix lengths DeltaEncoding(4, 2, 6, 5) and "axislebabbleyhood".
// Prefixes: deltas 2, -2, 3, minimum -2, relative 4, 0, 5 on 3 bits: 0x44 0x01. Suffixes:
// deltas -2, 4, -1, minimum -2, relative 0, 6, 1: 0x70 0x00. Miniblocks of 32 x 3 bits.
Bytes delta_strings(std::int64_t first_prefix = 0) {
  Bytes b = header(128, 4, 4, first_prefix);
  zigzag(b, -2);
  append(b, {3, 0, 0, 0, 0x44, 0x01});
  b.resize(b.size() + 10, 0);
  append(b, header(128, 4, 4, 4));
  zigzag(b, -2);
  append(b, {3, 0, 0, 0, 0x70, 0x00});
  b.resize(b.size() + 10, 0);
  const std::string data = "axislebabbleyhood";
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

TEST(DeltaByteArrayTest, SpecificationExample) {
  const std::vector<std::string> words = {"axis", "axle", "babble", "babyhood"};
  EXPECT_EQ(
      page(pf::Encoding::DELTA_BYTE_ARRAY, column_of(pf::Type::BYTE_ARRAY), delta_strings(), 4),
      words);
  // The same values in a FIXED_LEN_BYTE_ARRAY column of 4 bytes: "babble" is not 4 bytes.
  PageValues values;
  const Column fixed = column_of(pf::Type::FIXED_LEN_BYTE_ARRAY, 4);
  const Bytes b = delta_strings();
  EXPECT_EQ(page(pf::Encoding::DELTA_BYTE_ARRAY, fixed, b, 2, values),
            (std::vector<std::string>{"axis", "axle"}));
  EXPECT_THROW(values.next(), Corrupt);
}

TEST(DeltaByteArrayTest, APrefixLongerThanThePreviousValueIsCorrupt) {
  // The first value of a chunk has no previous value to share a prefix with.
  EXPECT_THROW(
      page(pf::Encoding::DELTA_BYTE_ARRAY, column_of(pf::Type::BYTE_ARRAY), delta_strings(1), 1),
      Corrupt);
}

TEST(DeltaByteArrayTest, ThePreviousValueCarriesToTheChunksNextPage) {
  // parquet-mr 1.8 (PARQUET-246) started a page with a prefix of the previous page's last
  // value: read as parquet-mr reads it; a new chunk starts from nothing.
  PageValues values;
  const Column c = column_of(pf::Type::BYTE_ARRAY);
  EXPECT_EQ(page(pf::Encoding::DELTA_BYTE_ARRAY, c, delta_strings(), 4, values).back(), "babyhood");
  EXPECT_EQ(page(pf::Encoding::DELTA_BYTE_ARRAY, c, delta_strings(3), 1, values),
            (std::vector<std::string>{"babaxis"}));
  values.start_chunk();
  EXPECT_THROW(page(pf::Encoding::DELTA_BYTE_ARRAY, c, delta_strings(3), 1, values), Corrupt);
}

TEST(ByteStreamSplitTest, SpecificationExample) {
  // Encodings.md, "Byte Stream Split": three FLOATs AA BB CC DD, 00 11 22 33, A3 B4 C5 D6 are
  // stored as AA 00 A3 BB 11 B4 CC 22 C5 DD 33 D6.
  const Bytes b = {0xAA, 0x00, 0xA3, 0xBB, 0x11, 0xB4, 0xCC, 0x22, 0xC5, 0xDD, 0x33, 0xD6};
  PageValues values;
  EXPECT_EQ(page(pf::Encoding::BYTE_STREAM_SPLIT, column_of(pf::Type::FLOAT), b, 3, values),
            (std::vector<std::string>{"\xAA\xBB\xCC\xDD", std::string("\x00\x11\x22\x33", 4),
                                      "\xA3\xB4\xC5\xD6"}));
  EXPECT_THROW(values.next(), Corrupt);  // no fourth value
  // 12 bytes are not a whole number of DOUBLEs.
  EXPECT_THROW(page(pf::Encoding::BYTE_STREAM_SPLIT, column_of(pf::Type::DOUBLE), b, 1), Corrupt);
  // As FIXED_LEN_BYTE_ARRAY(3): three streams of four values, AA 00 A3 BB, 11 B4 CC 22, ...
  EXPECT_EQ(
      page(pf::Encoding::BYTE_STREAM_SPLIT, column_of(pf::Type::FIXED_LEN_BYTE_ARRAY, 3), b, 1)[0],
      "\xAA\x11\xC5");
}

TEST(PageValuesTest, EncodingsTheTypeCannotHaveAreCorruptOthersUnsupported) {
  const Bytes b = example1();
  for (const auto& [encoding, physical] : std::vector<std::pair<std::int32_t, std::int32_t>>{
           {pf::Encoding::DELTA_BINARY_PACKED, pf::Type::DOUBLE},
           {pf::Encoding::DELTA_BINARY_PACKED, pf::Type::BYTE_ARRAY},
           {pf::Encoding::DELTA_LENGTH_BYTE_ARRAY, pf::Type::INT32},
           {pf::Encoding::DELTA_BYTE_ARRAY, pf::Type::INT64},
           {pf::Encoding::BYTE_STREAM_SPLIT, pf::Type::BOOLEAN},
           {pf::Encoding::BYTE_STREAM_SPLIT, pf::Type::INT96},
           {pf::Encoding::BYTE_STREAM_SPLIT, pf::Type::BYTE_ARRAY}}) {
    PageValues values;
    EXPECT_THROW(values.start(encoding, column_of(physical), b.data(), b.data() + b.size()),
                 Corrupt)
        << encoding << " " << physical;
  }
  PageValues values;
  EXPECT_THROW(
      values.start(pf::Encoding::ALP, column_of(pf::Type::DOUBLE), b.data(), b.data() + b.size()),
      Unsupported);
  EXPECT_EQ(page(pf::Encoding::DELTA_BINARY_PACKED, column_of(pf::Type::INT32), b, 2)[1],
            std::string("\x02\x00\x00\x00", 4));  // little-endian, as PLAIN
}

}  // namespace
}  // namespace mlops::io::parquet
