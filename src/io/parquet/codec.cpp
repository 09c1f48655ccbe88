#include "io/parquet/codec.h"

#include <brotli/decode.h>
#include <lz4.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <climits>
#include <cstring>
#include <memory>
#include <new>

#include "parquet_types.h"

namespace mlops::io::parquet {
namespace {

using format::CompressionCodec;

void expect(bool ok, const char* codec, const char* what) {
  if (!ok) throw Corrupt(std::string(codec) + " data " + what);
}

void gunzip(const std::uint8_t* in, std::size_t in_size, std::uint8_t* out, std::size_t out_size) {
  expect(in_size <= UINT_MAX && out_size <= UINT_MAX, "GZIP", "is too large for one page");
  z_stream z{};
  // 15 + 32: a zlib or gzip header, detected.
  expect(inflateInit2(&z, 15 + 32) == Z_OK, "GZIP", "could not be read (zlib init)");
  z.next_in = const_cast<Bytef*>(in);  // NOLINT(cppcoreguidelines-pro-type-const-cast): zlib's API
  z.avail_in = static_cast<uInt>(in_size);
  z.next_out = out;
  z.avail_out = static_cast<uInt>(out_size);
  int rc = Z_OK;
  for (;;) {
    rc = inflate(&z, Z_FINISH);
    // Concatenated gzip members: another member may follow the end of one.
    if (rc == Z_STREAM_END && z.avail_in > 0 && z.avail_out > 0) {
      if (inflateReset(&z) != Z_OK) break;
      continue;
    }
    break;
  }
  const bool done = rc == Z_STREAM_END && z.avail_out == 0;
  inflateEnd(&z);
  expect(done, "GZIP", "is corrupt or does not decompress to the page's size");
}

// Hadoop's LZ4 framing: blocks of (4-byte big-endian decompressed size, 4-byte big-endian
// compressed size, raw LZ4). False when the data is not in that framing.
bool hadoop_lz4(const std::uint8_t* in, std::size_t in_size, std::uint8_t* out,
                std::size_t out_size) {
  auto be32 = [](const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
  };
  std::size_t done = 0;
  while (in_size > 0) {
    if (in_size < 8) return false;
    const std::uint32_t raw = be32(in);
    const std::uint32_t packed = be32(in + 4);
    in += 8;
    in_size -= 8;
    if (packed > in_size || raw > out_size - done || packed > INT_MAX || raw > INT_MAX) {
      return false;
    }
    const int n =
        LZ4_decompress_safe(reinterpret_cast<const char*>(in), reinterpret_cast<char*>(out + done),
                            static_cast<int>(packed), static_cast<int>(raw));
    if (n < 0 || static_cast<std::uint32_t>(n) != raw) return false;
    done += raw;
    in += packed;
    in_size -= packed;
  }
  return done == out_size;
}

bool raw_lz4(const std::uint8_t* in, std::size_t in_size, std::uint8_t* out, std::size_t out_size) {
  if (in_size > INT_MAX || out_size > INT_MAX) return false;
  const int n = LZ4_decompress_safe(reinterpret_cast<const char*>(in), reinterpret_cast<char*>(out),
                                    static_cast<int>(in_size), static_cast<int>(out_size));
  return n >= 0 && static_cast<std::size_t>(n) == out_size;
}

}  // namespace

bool codec_supported(std::int32_t codec) {
  switch (codec) {
    case CompressionCodec::UNCOMPRESSED:
    case CompressionCodec::SNAPPY:
    case CompressionCodec::GZIP:
    case CompressionCodec::BROTLI:
    case CompressionCodec::LZ4:
    case CompressionCodec::ZSTD:
    case CompressionCodec::LZ4_RAW:
      return true;
    default:
      return false;
  }
}

std::string codec_name(std::int32_t codec) {
  switch (codec) {
    case CompressionCodec::UNCOMPRESSED:
      return "UNCOMPRESSED";
    case CompressionCodec::SNAPPY:
      return "SNAPPY";
    case CompressionCodec::GZIP:
      return "GZIP";
    case CompressionCodec::LZO:
      return "LZO";
    case CompressionCodec::BROTLI:
      return "BROTLI";
    case CompressionCodec::LZ4:
      return "LZ4";
    case CompressionCodec::ZSTD:
      return "ZSTD";
    case CompressionCodec::LZ4_RAW:
      return "LZ4_RAW";
    default:
      return "codec " + std::to_string(codec);
  }
}

void check_decompressed_size(std::int32_t codec, const std::uint8_t* in, std::size_t in_size,
                             std::size_t out_size) {
  switch (codec) {
    case CompressionCodec::UNCOMPRESSED:
      expect(out_size == in_size, "UNCOMPRESSED", "has a size other than the page's");
      return;
    case CompressionCodec::SNAPPY: {
      std::size_t length = 0;
      if (in_size == 0 && out_size == 0) return;
      expect(snappy::GetUncompressedLength(reinterpret_cast<const char*>(in), in_size, &length) &&
                 length == out_size,
             "SNAPPY", "does not hold the page's size");
      return;
    }
    case CompressionCodec::ZSTD: {
      // One frame that states its size: that size. (Several frames may follow each other.)
      const unsigned long long length = ZSTD_getFrameContentSize(in, in_size);
      if (length != ZSTD_CONTENTSIZE_UNKNOWN && length != ZSTD_CONTENTSIZE_ERROR &&
          ZSTD_findFrameCompressedSize(in, in_size) == in_size) {
        expect(length == out_size, "ZSTD", "does not hold the page's size");
      }
      return;
    }
    default:
      return;
  }
}

void decompress(std::int32_t codec, const std::uint8_t* in, std::size_t in_size, std::uint8_t* out,
                std::size_t out_size) {
  if (in_size == 0 && out_size == 0) return;  // an empty page, whatever the codec
  switch (codec) {
    case CompressionCodec::UNCOMPRESSED:
      expect(in_size == out_size, "UNCOMPRESSED", "has a size other than the page's");
      if (in_size > 0) std::memcpy(out, in, in_size);
      return;
    case CompressionCodec::SNAPPY: {
      const char* src = reinterpret_cast<const char*>(in);
      std::size_t length = 0;
      expect(snappy::GetUncompressedLength(src, in_size, &length) && length == out_size, "SNAPPY",
             "is corrupt or does not decompress to the page's size");
      expect(snappy::RawUncompress(src, in_size, reinterpret_cast<char*>(out)), "SNAPPY",
             "is corrupt");
      return;
    }
    case CompressionCodec::GZIP:
      if (out_size == 0 && in_size == 0) return;
      gunzip(in, in_size, out, out_size);
      return;
    case CompressionCodec::BROTLI: {
      std::size_t length = out_size;
      expect(BrotliDecoderDecompress(in_size, in, &length, out) == BROTLI_DECODER_RESULT_SUCCESS &&
                 length == out_size,
             "BROTLI", "is corrupt or does not decompress to the page's size");
      return;
    }
    case CompressionCodec::LZ4:
      // The deprecated LZ4 codec: Hadoop's framing as parquet-mr wrote it, else raw LZ4 as
      // other writers did (the specification's Compression.md).
      expect(hadoop_lz4(in, in_size, out, out_size) || raw_lz4(in, in_size, out, out_size), "LZ4",
             "is corrupt or does not decompress to the page's size");
      return;
    case CompressionCodec::LZ4_RAW:
      expect(raw_lz4(in, in_size, out, out_size), "LZ4_RAW",
             "is corrupt or does not decompress to the page's size");
      return;
    case CompressionCodec::ZSTD: {
      // One context per thread, reused page after page: ZSTD_decompress would allocate and
      // initialise one for every page.
      thread_local const std::unique_ptr<ZSTD_DCtx, std::size_t (*)(ZSTD_DCtx*)> context(
          ZSTD_createDCtx(), ZSTD_freeDCtx);
      if (!context) throw std::bad_alloc();
      const std::size_t n = ZSTD_decompressDCtx(context.get(), out, out_size, in, in_size);
      expect(ZSTD_isError(n) == 0 && n == out_size, "ZSTD",
             "is corrupt or does not decompress to the page's size");
      return;
    }
    default:
      throw Unsupported("pages compressed with " + codec_name(codec) + " cannot be read");
  }
}

}  // namespace mlops::io::parquet
