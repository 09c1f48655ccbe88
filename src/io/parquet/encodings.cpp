// DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and BYTE_STREAM_SPLIT
// (io/parquet/encodings.h).
#include "io/parquet/encodings.h"

#include "io/parquet/codec.h"
#include "io/parquet/levels.h"
#include "parquet_types.h"

namespace mlops::io::parquet {
namespace {

namespace pf = format;

std::uint64_t zigzag(std::uint64_t v) { return (v >> 1) ^ (0 - (v & 1u)); }

// Larger blocks are taken for damage (writers use 128 to a few thousand values).
constexpr std::uint64_t kMaxBlockValues = std::uint64_t{1} << 31;

std::string physical_name(std::int32_t type) {
  switch (type) {
    case pf::Type::BOOLEAN:
      return "BOOLEAN";
    case pf::Type::INT32:
      return "INT32";
    case pf::Type::INT64:
      return "INT64";
    case pf::Type::INT96:
      return "INT96";
    case pf::Type::FLOAT:
      return "FLOAT";
    case pf::Type::DOUBLE:
      return "DOUBLE";
    case pf::Type::BYTE_ARRAY:
      return "BYTE_ARRAY";
    default:
      return "FIXED_LEN_BYTE_ARRAY";
  }
}

}  // namespace

DeltaBinaryPacked::DeltaBinaryPacked(const std::uint8_t* p, const std::uint8_t* end, int bits)
    : p_(p), end_(end), bits_(bits) {
  const std::uint64_t block = read_uleb128(p_, end_);
  miniblocks_ = read_uleb128(p_, end_);
  total_ = read_uleb128(p_, end_);
  last_ = zigzag(read_uleb128(p_, end_));
  if (block == 0 || block % 128 != 0 || block > kMaxBlockValues || miniblocks_ == 0 ||
      block % miniblocks_ != 0 || (block / miniblocks_) % 32 != 0) {
    throw Corrupt("a DELTA_BINARY_PACKED header of blocks of " + std::to_string(block) +
                  " values in " + std::to_string(miniblocks_) +
                  " miniblocks (a multiple of 128 values, in miniblocks of a multiple of 32)");
  }
  per_miniblock_ = block / miniblocks_;
  blocks_ = p_;
  left_ = total_;
  miniblock_ = miniblocks_;  // the first delta starts a block
}

std::uint64_t DeltaBinaryPacked::next() {
  if (left_ == 0) throw Corrupt("DELTA_BINARY_PACKED values end before the page's values");
  --left_;
  if (first_) {
    first_ = false;
  } else {
    if (packed_left_ == 0) next_miniblock();
    --packed_left_;
    if (bit_ + static_cast<std::uint64_t>(width_) > packed_bits_) {
      throw Corrupt("a DELTA_BINARY_PACKED miniblock runs past the end of the page");
    }
    last_ += min_delta_ + unpack_bits(packed_, bit_, width_);
    bit_ += static_cast<std::uint64_t>(width_);
  }
  return bits_ == 64 ? last_ : last_ & 0xFFFFFFFFu;
}

void DeltaBinaryPacked::next_miniblock() {
  if (miniblock_ == miniblocks_) {
    min_delta_ = zigzag(read_uleb128(p_, end_));
    if (static_cast<std::uint64_t>(end_ - p_) < miniblocks_) {
      throw Corrupt("a DELTA_BINARY_PACKED block's bit widths run past the end of the page");
    }
    widths_ = p_;
    p_ += miniblocks_;
    miniblock_ = 0;
  }
  width_ = widths_[miniblock_++];
  // DuckDB computes the deltas of INT32 values in 64 bits, so a delta from -2^31 to 2^31 - 1
  // takes 33 bits; the sum taken modulo 2^32 is still the value (next()), as DuckDB reads it.
  if (width_ > 64) {
    throw Corrupt("a DELTA_BINARY_PACKED miniblock of " + std::to_string(width_) +
                  "-bit deltas (at most 64)");
  }
  // The last miniblock may be cut at the page's end: each value is checked as it is read.
  const std::uint64_t bytes = per_miniblock_ * static_cast<std::uint64_t>(width_) / 8;
  const auto available = static_cast<std::uint64_t>(end_ - p_);
  packed_ = p_;
  packed_bits_ = 8 * std::min(bytes, available);
  p_ += std::min(bytes, available);
  bit_ = 0;
  packed_left_ = per_miniblock_;
}

const std::uint8_t* DeltaBinaryPacked::end_of_values() const {
  const std::uint8_t* p = blocks_;
  std::uint64_t deltas = total_ == 0 ? 0 : total_ - 1;
  while (deltas > 0) {
    read_uleb128(p, end_);  // the block's minimum delta
    if (static_cast<std::uint64_t>(end_ - p) < miniblocks_) {
      throw Corrupt("a DELTA_BINARY_PACKED block's bit widths run past the end of the page");
    }
    const std::uint8_t* widths = p;
    p += miniblocks_;
    // Miniblocks past the last value have no data, whatever their width byte says.
    for (std::uint64_t m = 0; m < miniblocks_ && deltas > 0; ++m) {
      if (widths[m] > 64) throw Corrupt("a DELTA_BINARY_PACKED miniblock wider than 64 bits");
      const std::uint64_t bytes = per_miniblock_ * widths[m] / 8;
      if (static_cast<std::uint64_t>(end_ - p) < bytes) {
        throw Corrupt("DELTA_BINARY_PACKED values run past the end of the page");
      }
      p += bytes;
      deltas -= std::min(deltas, per_miniblock_);
    }
  }
  return p;
}

void PageValues::start(std::int32_t encoding, const Column& column, const std::uint8_t* p,
                       const std::uint8_t* end) {
  encoding_ = encoding;
  fixed_ = column.physical == pf::Type::BYTE_ARRAY ? 0 : fixed_size(column);
  data_ = p;
  end_ = end;
  auto wrong_type = [&] {
    throw Corrupt(encoding_name(encoding) + " encoding of a column of physical type " +
                  physical_name(column.physical) + ", which the specification does not allow");
  };
  switch (encoding) {
    case pf::Encoding::DELTA_BINARY_PACKED:
      if (column.physical != pf::Type::INT32 && column.physical != pf::Type::INT64) wrong_type();
      bits_ = column.physical == pf::Type::INT32 ? 32 : 64;
      integers_ = DeltaBinaryPacked(p, end, bits_);
      return;
    case pf::Encoding::DELTA_LENGTH_BYTE_ARRAY:
      if (column.physical != pf::Type::BYTE_ARRAY) wrong_type();
      lengths_ = DeltaBinaryPacked(p, end, 32);
      data_ = lengths_.end_of_values();
      return;
    case pf::Encoding::DELTA_BYTE_ARRAY:
      if (column.physical != pf::Type::BYTE_ARRAY &&
          column.physical != pf::Type::FIXED_LEN_BYTE_ARRAY) {
        wrong_type();
      }
      prefixes_ = DeltaBinaryPacked(p, end, 32);
      lengths_ = DeltaBinaryPacked(prefixes_.end_of_values(), end, 32);
      if (lengths_.total() != prefixes_.total()) {
        throw Corrupt("DELTA_BYTE_ARRAY with " + std::to_string(prefixes_.total()) +
                      " prefixes and " + std::to_string(lengths_.total()) + " suffixes");
      }
      data_ = lengths_.end_of_values();
      return;
    case pf::Encoding::BYTE_STREAM_SPLIT:
      if (fixed_ == 0 || column.physical == pf::Type::INT96) wrong_type();
      if (static_cast<std::size_t>(end - p) % fixed_ != 0) {
        throw Corrupt("BYTE_STREAM_SPLIT data of " + std::to_string(end - p) +
                      " bytes for values of " + std::to_string(fixed_));
      }
      count_ = static_cast<std::size_t>(end - p) / fixed_;
      index_ = 0;
      return;
    default:
      throw Unsupported("values in " + encoding_name(encoding) + " encoding are not read");
  }
}

std::string_view PageValues::next() {
  switch (encoding_) {
    case pf::Encoding::DELTA_BINARY_PACKED: {
      const std::uint64_t v = integers_.next();
      value_.resize(static_cast<std::size_t>(bits_ / 8));
      for (std::size_t i = 0; i < value_.size(); ++i) value_[i] = static_cast<char>(v >> (8 * i));
      return value_;
    }
    case pf::Encoding::DELTA_LENGTH_BYTE_ARRAY:
      return next_byte_array(0);
    case pf::Encoding::DELTA_BYTE_ARRAY: {
      const std::uint64_t prefix = prefixes_.next();
      if (prefix > previous_.size()) {
        throw Corrupt("a DELTA_BYTE_ARRAY prefix of " + std::to_string(prefix) +
                      " bytes of a value of " + std::to_string(previous_.size()));
      }
      previous_.resize(static_cast<std::size_t>(prefix));
      previous_ += next_byte_array(prefix);
      if (fixed_ != 0 && previous_.size() != fixed_) {
        throw Corrupt("a value of " + std::to_string(previous_.size()) +
                      " bytes in a FIXED_LEN_BYTE_ARRAY column of " + std::to_string(fixed_));
      }
      return previous_;
    }
    default: {  // BYTE_STREAM_SPLIT
      if (index_ >= count_) throw Corrupt("the page's values end early");
      value_.resize(fixed_);
      for (std::size_t k = 0; k < fixed_; ++k) {
        value_[k] = static_cast<char>(data_[k * count_ + index_]);
      }
      ++index_;
      return value_;
    }
  }
}

// The next length of lengths_ and that many bytes of data_.
std::string_view PageValues::next_byte_array(std::size_t prefix) {
  const auto size = static_cast<std::int32_t>(lengths_.next());
  if (size < 0 || static_cast<std::size_t>(size) > static_cast<std::size_t>(end_ - data_)) {
    throw Corrupt("a byte array of " + std::to_string(size) + " bytes (after " +
                  std::to_string(prefix) + " of prefix) runs past the end of the page");
  }
  const std::string_view v(reinterpret_cast<const char*>(data_), static_cast<std::size_t>(size));
  data_ += size;
  return v;
}

}  // namespace mlops::io::parquet
