#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace mlops::io::parquet {

// Damaged Parquet data found below the reader (a codec, a level or value decoder). The
// reader adds the file, row group, column and byte offset and throws an input Error.
class Corrupt : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Valid Parquet that the reader does not read (yet): an encoding, a type, a nested column.
class Unsupported : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Whether the reader can decompress pages of this CompressionCodec value.
bool codec_supported(std::int32_t codec);
// The codec's name as the specification spells it ("SNAPPY"), or "codec N" when unknown.
std::string codec_name(std::int32_t codec);

// Decompresses one page's `in` into exactly `out_size` bytes at `out`: UNCOMPRESSED, SNAPPY,
// GZIP (zlib or gzip framing, concatenated members), BROTLI, LZ4 (Hadoop's framing, or raw
// LZ4 as some writers put there), ZSTD (one or more frames), LZ4_RAW. Throws Corrupt when the
// data does not decompress to exactly out_size bytes.
void decompress(std::int32_t codec, const std::uint8_t* in, std::size_t in_size, std::uint8_t* out,
                std::size_t out_size);

// Before a page's buffer is allocated: throws Corrupt when `in` cannot decompress to
// `out_size` bytes, as far as the codec says so cheaply (UNCOMPRESSED: the same size; SNAPPY
// and ZSTD: the length their headers state), so that a damaged size is not allocated.
void check_decompressed_size(std::int32_t codec, const std::uint8_t* in, std::size_t in_size,
                             std::size_t out_size);

}  // namespace mlops::io::parquet
