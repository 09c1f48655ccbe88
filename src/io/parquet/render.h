#pragma once

// Rendering of one Parquet value as the text the toolkit's parsers read (io/value_parse.h):
// numbers, dates, times, timestamps, decimals, FLOAT16, UUIDs (the table in parquet_reader.h).

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "io/parquet/schema.h"

namespace mlops::io::parquet {

template <typename T>
T load_le(const std::uint8_t* p) {
  T v{};
  std::memcpy(&v, p, sizeof v);  // Parquet is little-endian, as are x86-64 and arm64
  return v;
}

// Renders one non-null value: `p` points at the value's bytes (for BYTE_ARRAY, after the
// length), `n` is its size. Text of plain bytes is a view of `p`; other text is put in
// `scratch`. Throws Corrupt or Unsupported for a value it cannot render.
std::string_view render(const Column& c, const std::uint8_t* p, std::size_t n,
                        std::string& scratch);

}  // namespace mlops::io::parquet
