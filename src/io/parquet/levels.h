#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace mlops::io::parquet {

// The RLE / bit-packing hybrid encoding (Encodings.md): definition levels, dictionary
// indices and RLE booleans. Reads values of `bit_width` bits (0 to 32) from [data, data+size);
// the caller knows how many values to take. A run that claims more bytes than there are is
// cut to the whole values that are there (writers pad the last bit-packed run); asking for a
// value past the end throws Corrupt.
class RleDecoder {
 public:
  RleDecoder() = default;
  RleDecoder(const std::uint8_t* data, std::size_t size, int bit_width);

  // The next value; throws Corrupt at the end of the data.
  std::uint32_t next() {
    if (repeat_left_ > 0) {
      --repeat_left_;
      return repeat_value_;
    }
    if (buffered_ < buffer_end_) return buffer_[buffered_++];
    return next_slow();
  }

  // Takes the next `n` values when they are all `value` of one RLE run (the next run is loaded
  // when none is under way): a page's definition levels without a null are one such run. False,
  // having taken nothing, otherwise.
  bool take_repeats(std::uint32_t value, std::size_t n) {
    if (repeat_left_ == 0 && buffered_ >= buffer_end_ && packed_left_ == 0 && data_ < end_) {
      next_run();
    }
    if (repeat_left_ < n || repeat_value_ != value) return false;
    repeat_left_ -= static_cast<std::uint32_t>(n);
    return true;
  }

  // The next `n` values into out[0, n): a run at a time.
  void next_n(std::uint32_t* out, std::size_t n) {
    while (n > 0) {
      if (repeat_left_ > 0) {
        const std::size_t k = std::min<std::size_t>(n, repeat_left_);
        std::fill_n(out, k, repeat_value_);
        repeat_left_ -= static_cast<std::uint32_t>(k);
        out += k;
        n -= k;
      } else if (buffered_ < buffer_end_) {
        const std::size_t k = std::min(n, buffer_end_ - buffered_);
        std::copy_n(buffer_ + buffered_, k, out);
        buffered_ += k;
        out += k;
        n -= k;
      } else {
        *out++ = next_slow();
        --n;
      }
    }
  }

 private:
  // Bit-packed values are unpacked this many at a time (a multiple of 8: whole bytes).
  static constexpr std::size_t kBatch = 64;

  std::uint32_t next_slow();
  void next_run();
  void unpack_batch();

  const std::uint8_t* data_ = nullptr;
  const std::uint8_t* end_ = nullptr;
  int bit_width_ = 0;
  std::uint32_t repeat_left_ = 0;  // values left in the current RLE run
  std::uint32_t repeat_value_ = 0;
  std::uint64_t packed_left_ = 0;         // values of the bit-packed run not unpacked yet
  const std::uint8_t* packed_ = nullptr;  // the byte holding the first of them
  std::uint32_t buffer_[kBatch] = {};     // values unpacked, not all returned yet
  std::size_t buffered_ = 0;              // the next one to return
  std::size_t buffer_end_ = 0;
};

// Reads an unsigned LEB128 varint at p (< end); advances p. Throws Corrupt when it runs past
// end or beyond 64 bits.
std::uint64_t read_uleb128(const std::uint8_t*& p, const std::uint8_t* end);

// The value of `width` bits (0 to 64) at bit offset `bit` of `data`, packed from the least
// significant bit of each byte (the bit-packing of the RLE hybrid and of DELTA_BINARY_PACKED).
// The caller checks that the bytes holding those bits exist.
std::uint64_t unpack_bits(const std::uint8_t* data, std::uint64_t bit, int width);

// Bits needed for values 0..max_value.
int bit_width_of(std::uint32_t max_value);

}  // namespace mlops::io::parquet
