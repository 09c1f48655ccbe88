#include <gtest/gtest.h>
#include <zlib.h>
#include <zstd.h>

#include "helpers.h"

namespace mlops::io::testing {
namespace {

std::string gzip(const std::string& data) {
  z_stream zs{};
  deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&zs, data.size()) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

std::string zstd(const std::string& data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  std::size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
  EXPECT_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

std::string sample_csv(int rows) {
  std::string text = "id,name,score\n";
  for (int i = 0; i < rows; ++i) {
    text += std::to_string(i) + ",\"n," + std::to_string(i) + "\"," + std::to_string(i % 7) + "\n";
  }
  return text;
}

TEST(CompressionTest, GzipIsDetectedByMagicBytes) {
  std::string text = sample_csv(5000);
  Table plain = read_text(text);
  // A misleading extension: the magic bytes decide.
  Table t = read_path(write_temp("gz_data.csv", gzip(text)));
  EXPECT_EQ(t.rows, plain.rows);
  EXPECT_EQ(t.lines, plain.lines);
  ASSERT_EQ(t.rows.size(), 5000u);
}

TEST(CompressionTest, ConcatenatedGzipMembersReadAsOneStream) {
  std::string a = "x,y\n1,2\n", b = "3,4\n";
  Table t = read_text(gzip(a) + gzip(b));
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[1][0], v("3"));
}

TEST(CompressionTest, ZstdIsDetectedByMagicBytes) {
  std::string text = sample_csv(5000);
  Table t = read_path(write_temp("data.csv.zst", zstd(text)));
  EXPECT_EQ(t.rows, read_text(text).rows);
}

TEST(CompressionTest, CompressedJsonLinesFromStdin) {
  std::string text = "{\"a\": 1}\n{\"a\": 2}\n";
  Table t = read_text(zstd(text));
  EXPECT_EQ(t.format, Format::kJsonLines);
  EXPECT_EQ(t.rows.size(), 2u);
}

TEST(CompressionTest, TruncatedGzipIsAnInputError) {
  std::string z = gzip(sample_csv(20000));
  std::string path = write_temp("trunc.csv.gz", z.substr(0, z.size() / 2));
  Error e = error_of([&] { read_path(path); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_THAT(e.what(), ::testing::HasSubstr("trunc.csv.gz"));
  EXPECT_THAT(e.what(), ::testing::HasSubstr("truncated gzip stream"));
  EXPECT_THAT(e.what(), ::testing::HasSubstr("byte offset"));
}

TEST(CompressionTest, TruncatedZstdIsAnInputError) {
  std::string z = zstd(sample_csv(20000));
  std::string path = write_temp("trunc.csv.zst", z.substr(0, z.size() - 10));
  Error e = error_of([&] { read_path(path); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_THAT(e.what(), ::testing::HasSubstr("truncated zstd stream"));
}

TEST(CompressionTest, CorruptGzipIsAnInputError) {
  std::string z = gzip(sample_csv(2000));
  for (std::size_t i = 20; i < 60; ++i) z[i] = static_cast<char>(z[i] ^ 0x5a);
  Error e = error_of([&] { read_text(z); });
  EXPECT_EQ(e.code(), ExitCode::kCannotEvaluate);
  EXPECT_THAT(e.what(), ::testing::HasSubstr("<stdin>"));
}

}  // namespace
}  // namespace mlops::io::testing
