#pragma once

// A Parquet file's schema as the reader uses it: each column's physical type and how its
// values are rendered as text (from its logical and converted types), whether its values can
// be read at all (io/parquet/nested.h makes the columns of a nested schema), and encoding
// names for messages.

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

// One column of the table a file is read as. A readable column is one primitive leaf of the
// schema with at most one value per row (a field of structs is named by its dotted path,
// "a.b.c"); a column that is not readable says why (a list or map has any number of values
// per row; a type that is not read) and is refused only when its values are needed.
struct Column {
  std::string name;
  std::int32_t physical = 0;
  std::int32_t type_length = 0;  // FIXED_LEN_BYTE_ARRAY
  bool optional = false;         // it has definition levels: max_def > 0
  // The definition level of a present value: the number of optional fields on its path. A
  // lower level is a null (of the leaf or of a struct above it).
  int max_def = 0;
  std::size_t chunk = 0;   // the index of its (first) column chunk in each row group
  std::string unreadable;  // why its values cannot be read; empty when they can
  Render render = Render::kBytes;
  int fraction_digits = 0;  // TIMESTAMP, TIME: 3, 6 or 9
  bool utc = false;         // TIMESTAMP: isAdjustedToUTC
  int scale = 0;            // DECIMAL
  int precision = 0;        // DECIMAL: values have at most this many digits
  int int_bits = 0;         // INTEGER(8|16): values must fit in this many bits (0: any)
  bool utf8 = false;        // STRING, ENUM, JSON: values must be UTF-8
};

// Whether the column's values can be read (else Column::unreadable says why).
inline bool readable(const Column& c) { return c.unreadable.empty(); }

// How a primitive column's values are rendered, from its physical, logical and converted
// types. Throws Unsupported for annotations the reader does not render, Corrupt for damage.
Column resolve_column(const format::SchemaElement& e);

// The size of one PLAIN value of a fixed-size physical type; 0 for BYTE_ARRAY and BOOLEAN.
std::size_t fixed_size(const Column& c);

}  // namespace mlops::io::parquet
