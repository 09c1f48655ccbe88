#pragma once

// A Parquet file's schema as the reader uses it: each flat column's physical type and how its
// values are rendered as text (from its logical and converted types), and encoding names for
// messages.

#include <cstddef>
#include <cstdint>
#include <string>

#include "parquet_types.h"

namespace mlops::io::parquet {

// The name of an Encoding value as the specification spells it, or "encoding N".
std::string encoding_name(std::int32_t e);

enum class Render {
  kBoolean,
  kInt32,
  kUInt32,
  kInt64,
  kUInt64,
  kInt96,  // a legacy timestamp
  kFloat,
  kDouble,
  kFloat16,
  kBytes,
  kDate,
  kTimestamp,
  kTime,
  kDecimal,
  kUuid,
};

struct Column {
  std::string name;
  std::int32_t physical = 0;
  std::int32_t type_length = 0;  // FIXED_LEN_BYTE_ARRAY
  bool optional = false;
  Render render = Render::kBytes;
  int fraction_digits = 0;  // TIMESTAMP, TIME: 3, 6 or 9
  bool utc = false;         // TIMESTAMP: isAdjustedToUTC
  int scale = 0;            // DECIMAL
  int precision = 0;        // DECIMAL: values have at most this many digits
  int int_bits = 0;         // INTEGER(8|16): values must fit in this many bits (0: any)
  bool utf8 = false;        // STRING, ENUM, JSON: values must be UTF-8
};

// How a primitive column's values are rendered, from its physical, logical and converted
// types. Throws Unsupported for annotations the reader does not render, Corrupt for damage.
Column resolve_column(const format::SchemaElement& e);

// The size of one PLAIN value of a fixed-size physical type; 0 for BYTE_ARRAY and BOOLEAN.
std::size_t fixed_size(const Column& c);

}  // namespace mlops::io::parquet
