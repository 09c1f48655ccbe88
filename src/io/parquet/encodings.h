#pragma once

// The value encodings of data pages other than PLAIN, dictionary and RLE booleans
// (Encodings.md): DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and
// BYTE_STREAM_SPLIT. Each decodes lazily from the page in memory, so a page that states more
// values than it holds costs nothing until they are asked for; damage throws Corrupt.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "io/parquet/schema.h"

namespace mlops::io::parquet {

// DELTA_BINARY_PACKED integers of `bits` bits (32 for INT32, 64 for INT64): a header, then
// blocks of miniblocks, each bit-packed with its own width. Arithmetic wraps, as the
// specification asks: next() returns the value's bits, which the caller casts.
class DeltaBinaryPacked {
 public:
  DeltaBinaryPacked() = default;
  // Reads the header at p; throws Corrupt when it is not one.
  DeltaBinaryPacked(const std::uint8_t* p, const std::uint8_t* end, int bits);

  // The number of values the header declares.
  std::uint64_t total() const { return total_; }
  // The next value; throws Corrupt past the declared number or the data.
  std::uint64_t next();
  // Where the encoded values end, from the block headers alone (the miniblocks are not
  // unpacked). Throws Corrupt when the blocks run past the data.
  const std::uint8_t* end_of_values() const;

 private:
  void next_miniblock();

  const std::uint8_t* p_ = nullptr;  // the next block or miniblock
  const std::uint8_t* end_ = nullptr;
  const std::uint8_t* blocks_ = nullptr;  // the first block
  int bits_ = 64;
  std::uint64_t miniblocks_ = 0;          // per block
  std::uint64_t per_miniblock_ = 0;       // values in a miniblock
  std::uint64_t total_ = 0;               // values, the first one included
  std::uint64_t left_ = 0;                // values not yet returned
  std::uint64_t last_ = 0;                // the value last returned (or the first value)
  bool first_ = true;                     // the first value is still to return
  std::uint64_t min_delta_ = 0;           // of the current block
  const std::uint8_t* widths_ = nullptr;  // the current block's miniblock bit widths
  std::uint64_t miniblock_ = 0;           // index of the next miniblock in the block
  const std::uint8_t* packed_ = nullptr;  // the current miniblock's data
  std::uint64_t packed_bits_ = 0;         // of it, in the page
  std::uint64_t bit_ = 0;                 // offset of the next value in it
  std::uint64_t packed_left_ = 0;         // values left in it
  int width_ = 0;
};

// The values of one data page in one of the encodings above. next() gives each non-null
// value's bytes as PLAIN lays them out (little-endian numbers; a byte array without its
// length), ready for render().
class PageValues {
 public:
  // Forgets DELTA_BYTE_ARRAY's previous value: a new column chunk.
  void start_chunk() { previous_.clear(); }
  // Starts a page of `encoding` values in [p, end) for `column`. Throws Unsupported for an
  // encoding not listed above, Corrupt for one the column's type cannot have or a bad header.
  void start(std::int32_t encoding, const Column& column, const std::uint8_t* p,
             const std::uint8_t* end);
  std::string_view next();

 private:
  std::string_view next_byte_array(std::size_t size);

  std::int32_t encoding_ = 0;
  std::size_t fixed_ = 0;       // the size of a value of a fixed-size type, else 0
  int bits_ = 0;                // DELTA_BINARY_PACKED: 32 or 64
  DeltaBinaryPacked lengths_;   // DELTA_LENGTH_BYTE_ARRAY's lengths, DELTA_BYTE_ARRAY's suffixes'
  DeltaBinaryPacked prefixes_;  // DELTA_BYTE_ARRAY
  DeltaBinaryPacked integers_;  // DELTA_BINARY_PACKED
  const std::uint8_t* data_ = nullptr;  // byte array data, or BYTE_STREAM_SPLIT's streams
  const std::uint8_t* end_ = nullptr;
  std::uint64_t count_ = 0;  // BYTE_STREAM_SPLIT: values in the page
  std::uint64_t index_ = 0;  // BYTE_STREAM_SPLIT: the next one
  std::string previous_;     // DELTA_BYTE_ARRAY: the value before (kept across pages)
  std::string value_;        // a value assembled here
};

}  // namespace mlops::io::parquet
