#include "io/parquet/page_stream.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "io/parquet/parquet_reader.h"

// A column chunk read page by page: the bytes asked for, whatever the blocks the file is read
// in, each byte read from the file once.
namespace mlops::io::parquet::testing {
namespace {

// 300 bytes: byte i is i % 251.
std::string pattern() {
  std::string bytes;
  for (int i = 0; i < 300; ++i) bytes += static_cast<char>(i % 251);
  return bytes;
}

::testing::AssertionResult holds(const std::uint8_t* p, std::size_t n, std::uint64_t offset) {
  for (std::size_t i = 0; i < n; ++i) {
    if (p[i] != (offset + i) % 251) {
      return ::testing::AssertionFailure() << "byte " << offset + i << " is " << int{p[i]};
    }
  }
  return ::testing::AssertionSuccess();
}

TEST(PageStreamTest, PeeksAcrossBlocksGiveTheChunksBytes) {
  std::shared_ptr<RandomAccess> file = memory_random_access(pattern());
  PageStream s;
  std::uint64_t read = 0;
  s.start(file, 10, 250, &read, 16);  // the chunk: bytes 10..259, read 16 or more at a time
  std::size_t available = 0;
  const std::uint8_t* p = s.peek(5, available);
  EXPECT_EQ(available, 16u);
  EXPECT_TRUE(holds(p, available, 10));
  s.skip(5);
  p = s.peek(40, available);  // past the block: 11 kept, the rest read
  EXPECT_EQ(available, 40u);
  EXPECT_TRUE(holds(p, 40, 15));
  s.skip(40);
  EXPECT_EQ(s.offset(), 55u);
  EXPECT_EQ(s.remaining(), 205u);
  p = s.peek(1000, available);  // no more than the chunk
  EXPECT_EQ(available, 205u);
  EXPECT_TRUE(holds(p, 205, 55));
  s.skip(205);
  EXPECT_EQ(s.remaining(), 0u);
  EXPECT_EQ(read, 250u);  // every byte of the chunk once, none outside it
}

TEST(PageStreamTest, AStructPastTheBufferedBytesIsReadWithMore) {
  std::shared_ptr<RandomAccess> file = memory_random_access(std::string(100000, 'x'));
  PageStream s;
  std::uint64_t read = 0;
  s.start(file, 0, 100000, &read, 16);
  // A "struct" of 20,000 bytes: more than the first 16 KiB looked at.
  auto decode = [](const std::uint8_t*, std::size_t n, int& out) -> std::size_t {
    if (n < 20000) throw std::runtime_error("runs past the data");
    out = 1;
    return 20000;
  };
  int got = 0;
  s.read_struct(got, decode);
  EXPECT_EQ(got, 1);
  EXPECT_EQ(s.offset(), 20000u);
  // One that never ends: the error, once the whole chunk was looked at.
  auto endless = [](const std::uint8_t*, std::size_t, int&) -> std::size_t {
    throw std::runtime_error("runs past the data");
  };
  EXPECT_THROW(s.read_struct(got, endless), std::runtime_error);
  EXPECT_EQ(read, 100000u);
}

}  // namespace
}  // namespace mlops::io::parquet::testing
