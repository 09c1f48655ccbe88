#include <gtest/gtest.h>
#include <zlib.h>

#include "helpers.h"

// Hostile input: each case ends in a correct result or a clean input Error, in bounded memory.
namespace mlops::io::testing {
namespace {

using ::testing::HasSubstr;

// 256 MiB of zeros deflate to about 256 KB: without a bound, a reader would hold it all.
std::string gzip_bomb(std::size_t bytes) {
  z_stream zs{};
  deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 9, Z_DEFAULT_STRATEGY);
  std::string zeros(1 << 20, '0'), out;
  std::vector<char> buf(1 << 16);
  for (std::size_t done = 0; done < bytes; done += zeros.size()) {
    zs.next_in = reinterpret_cast<Bytef*>(zeros.data());
    zs.avail_in = static_cast<uInt>(zeros.size());
    int flush = done + zeros.size() >= bytes ? Z_FINISH : Z_NO_FLUSH;
    do {
      zs.next_out = reinterpret_cast<Bytef*>(buf.data());
      zs.avail_out = static_cast<uInt>(buf.size());
      deflate(&zs, flush);
      out.append(buf.data(), buf.size() - zs.avail_out);
    } while (zs.avail_out == 0);
  }
  deflateEnd(&zs);
  return out;
}

TEST(HostileInputTest, GzipBombStopsAtTheRecordLimit) {
  std::string bomb = gzip_bomb(std::size_t{256} << 20);
  EXPECT_LT(bomb.size(), 1u << 20);
  ReadOptions o;
  o.max_record_bytes = 4u << 20;
  Error e = error_of([&] { read_text(bomb, o); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_THAT(e.what(), HasSubstr("longer than 4194304 bytes"));
}

TEST(HostileInputTest, NulBytesAreData) {
  Table t = read_text(std::string("a,b\nx\0y,2\n", 10));
  ASSERT_EQ(t.rows.size(), 1u);
  EXPECT_EQ(t.rows[0][0], std::string("x\0y", 3));
}

TEST(HostileInputTest, DeeplyNestedJsonIsRefused) {
  std::string deep = "{\"a\": " + std::string(100000, '[') + std::string(100000, ']') + "}\n";
  Error e = error_of([&] { read_text(deep); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_THAT(e.what(), HasSubstr("<stdin>:1:"));
}

TEST(HostileInputTest, HundredThousandColumns) {
  std::string header, row;
  for (int c = 0; c < 100000; ++c) {
    header += (c ? ",c" : "c") + std::to_string(c);
    row += (c ? "," : "") + std::to_string(c % 7);
  }
  Table t = read_text(header + "\n" + row + "\n");
  ASSERT_EQ(t.columns.size(), 100000u);
  EXPECT_EQ(t.rows[0][99999], std::to_string(99999 % 7));
}

}  // namespace
}  // namespace mlops::io::testing
