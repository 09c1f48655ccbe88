#include "io/parquet/levels.h"

#include <algorithm>
#include <cstring>

#include "io/parquet/codec.h"

namespace mlops::io::parquet {

std::uint64_t read_uleb128(const std::uint8_t*& p, const std::uint8_t* end) {
  std::uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (p >= end) throw Corrupt("a varint runs past the end of its data");
    const std::uint8_t byte = *p++;
    value |= std::uint64_t{byte & 0x7Fu} << shift;
    if ((byte & 0x80u) == 0) return value;
  }
  throw Corrupt("a varint is longer than 64 bits");
}

std::uint64_t unpack_bits(const std::uint8_t* data, std::uint64_t bit, int width) {
  if (width == 0) return 0;
  const std::uint8_t* byte = data + (bit >> 3);
  const int shift = static_cast<int>(bit & 7u);
  std::uint64_t value = *byte++ >> shift;
  for (int got = 8 - shift; got < width; got += 8) value |= std::uint64_t{*byte++} << got;
  return width == 64 ? value : value & ((std::uint64_t{1} << width) - 1);
}

int bit_width_of(std::uint32_t max_value) {
  int width = 0;
  while (max_value != 0) {
    ++width;
    max_value >>= 1;
  }
  return width;
}

RleDecoder::RleDecoder(const std::uint8_t* data, std::size_t size, int bit_width)
    : data_(data), end_(data + size), bit_width_(bit_width) {
  if (bit_width < 0 || bit_width > 32) {
    throw Corrupt("a bit width of " + std::to_string(bit_width) + " (at most 32)");
  }
}

void RleDecoder::next_run() {
  const std::uint64_t header = read_uleb128(data_, end_);
  if ((header & 1u) == 0) {
    const std::uint64_t count = header >> 1;
    const auto bytes = static_cast<std::size_t>((bit_width_ + 7) / 8);
    if (static_cast<std::size_t>(end_ - data_) < bytes) {
      throw Corrupt("an RLE run's value runs past the end of its data");
    }
    std::uint32_t value = 0;
    for (std::size_t i = 0; i < bytes; ++i) value |= std::uint32_t{data_[i]} << (8 * i);
    data_ += bytes;
    if (bit_width_ < 32 && (value >> bit_width_) != 0) {
      throw Corrupt("an RLE run's value is wider than " + std::to_string(bit_width_) + " bits");
    }
    repeat_left_ = static_cast<std::uint32_t>(std::min<std::uint64_t>(count, UINT32_MAX));
    repeat_value_ = value;
    return;
  }
  // groups of 8 values of bit_width_ bits: bit_width_ bytes per group.
  const std::uint64_t groups = std::min<std::uint64_t>(header >> 1, std::uint64_t{1} << 40);
  const auto available = static_cast<std::uint64_t>(end_ - data_);
  std::uint64_t bytes = 0;
  std::uint64_t values = groups * 8;
  if (bit_width_ > 0) {
    bytes = groups * static_cast<std::uint64_t>(bit_width_);
    if (bytes > available) {
      bytes = available;
      values = available * 8 / static_cast<std::uint64_t>(bit_width_);
    }
  }
  packed_ = data_;
  packed_left_ = values;
  data_ += bytes;
}

void RleDecoder::unpack_batch() {
  const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(packed_left_, kBatch));
  packed_left_ -= n;
  buffered_ = 0;
  buffer_end_ = n;
  if (bit_width_ == 0) {
    std::fill_n(buffer_, n, 0u);
    return;
  }
  // Values are packed from each byte's least significant bit; a batch of a multiple of 8
  // values ends on a byte boundary, and only the run's last batch may be shorter. Bytes are
  // read only as the values need them: at most ceil(n * width / 8), all within the run.
  const std::uint64_t mask = (std::uint64_t{1} << bit_width_) - 1;
  const std::uint8_t* p = packed_;
  const std::size_t bytes = (n * static_cast<std::size_t>(bit_width_) + 7) / 8;
  if (static_cast<std::size_t>(end_ - p) >= bytes + 8) {
    // Each value from one 8-byte load (a value of up to 32 bits at a bit offset of up to 7
    // lies within it): the bytes past the run that a load may touch are the data's own.
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t bit = i * static_cast<std::size_t>(bit_width_);
      std::uint64_t word = 0;
      std::memcpy(&word, p + bit / 8, 8);
      buffer_[i] = static_cast<std::uint32_t>((word >> (bit % 8)) & mask);
    }
    packed_ = p + bytes;
    return;
  }
  std::uint64_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    while (bits < bit_width_) {
      acc |= std::uint64_t{*p++} << bits;
      bits += 8;
    }
    buffer_[i] = static_cast<std::uint32_t>(acc & mask);
    acc >>= bit_width_;
    bits -= bit_width_;
  }
  packed_ = p;
}

std::uint32_t RleDecoder::next_slow() {
  for (;;) {
    if (repeat_left_ > 0) {
      --repeat_left_;
      return repeat_value_;
    }
    if (buffered_ < buffer_end_) return buffer_[buffered_++];
    if (packed_left_ > 0) {
      unpack_batch();
      continue;
    }
    if (data_ >= end_) throw Corrupt("levels or indices end before the page's values");
    next_run();
  }
}

}  // namespace mlops::io::parquet
