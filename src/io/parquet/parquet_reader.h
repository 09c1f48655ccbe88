#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/table.h"

namespace mlops::io {

// Random access to the bytes of a file (a Parquet file is read from its end).
class RandomAccess {
 public:
  virtual ~RandomAccess() = default;
  virtual std::uint64_t size() const = 0;
  // Reads exactly `size` bytes at `offset` into `out`; an input Error when it cannot.
  virtual void read(std::uint64_t offset, std::size_t size, std::uint8_t* out) = 0;
};

// A local file; an input Error (exit 3) naming it when it cannot be opened.
std::unique_ptr<RandomAccess> open_random_access(const std::string& path);
// Bytes in memory (tests, the fuzz target).
std::unique_ptr<RandomAccess> memory_random_access(std::string bytes);

// Whether a file starting with `head` is Parquet: the 4-byte magic "PAR1" (or "PARE", a
// Parquet file with an encrypted footer, which the reader refuses with a message).
bool is_parquet_magic(std::string_view head);
// Whether `head` (the first bytes of a stream, at least 5) starts as a Parquet file: the magic,
// then the binary page header that follows it in every Parquet file (a CSV file whose first
// field starts with "PAR1" does not).
bool is_parquet_start(std::string_view head);

// Rows of a Parquet file with a flat schema (every column a primitive that is required or
// optional). Reads the footer (FileMetaData, Thrift compact protocol) once, then one row
// group at a time: that row group's column chunks are read into memory (compressed), and
// each column keeps one decompressed page. Values are rendered as the text the toolkit's
// parsers read (io/value_parse.h), by the column's logical type, or its legacy converted type
// when it has no logical type the reader knows (io/parquet/logical_types.h):
//   BOOLEAN                      true / false
//   INT32, INT64, INTEGER(8|16|32|64, signed or not), INT_*, UINT_*   decimal integers; a
//                                value outside its bit width is refused
//   FLOAT, DOUBLE, FLOAT16       the shortest decimal that reads back as the same value of
//                                the column's own width (std::to_chars); nan, inf, -inf
//   DECIMAL(p, s) in INT32, INT64, FIXED_LEN_BYTE_ARRAY, BYTE_ARRAY   the exact decimal
//                                ("-12.50" for unscaled -1250, scale 2); a precision too
//                                large for the physical type, or a value of more than p
//                                digits, is refused
//   DATE                         YYYY-MM-DD
//   TIMESTAMP(ms|us|ns)          YYYY-MM-DDTHH:MM:SS.fff (3, 6 or 9 fraction digits), with
//                                "Z" when the file says isAdjustedToUTC (the legacy
//                                TIMESTAMP_MILLIS/MICROS are UTC-adjusted); INT96 timestamps
//                                as nanoseconds without "Z"
//   TIME(ms|us|ns)               HH:MM:SS.fff (3, 6 or 9 digits), whether UTC-adjusted or not
//   UUID                         8-4-4-4-12 lowercase hex
//   STRING, ENUM, JSON           the bytes, which must be UTF-8 (else an input Error naming
//                                the row)
//   BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY otherwise (BSON, plain binary): the bytes
// An annotation on a physical type the specification does not allow it is an input Error.
// Nulls come from definition levels. Encodings (io/parquet/encodings.h): PLAIN,
// PLAIN_DICTIONARY / RLE_DICTIONARY (a dictionary_page_offset of 0 means none), RLE
// (booleans), DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY,
// BYTE_STREAM_SPLIT (FLOAT, DOUBLE, INT32, INT64, FIXED_LEN_BYTE_ARRAY); data pages v1 and v2,
// pages with no values skipped; codecs UNCOMPRESSED, SNAPPY, GZIP, BROTLI, LZ4, LZ4_RAW, ZSTD.
// Refused with an input Error (exit 3) naming the column: nested or repeated columns, other
// encodings (ALP), INTERVAL, VARIANT, GEOMETRY, GEOGRAPHY, logical types newer than the
// reader's specification, encrypted files, column chunks in other files. Malformed files are
// input Errors naming the file, row group, column and byte offset. Row::line is the 1-based
// row number, Row::offset the byte offset of the row group's first column chunk.
class ParquetReader : public TableReader {
 public:
  ParquetReader(std::unique_ptr<RandomAccess> file, std::string name);
  ~ParquetReader() override;
  ParquetReader(const ParquetReader&) = delete;
  ParquetReader& operator=(const ParquetReader&) = delete;

  const std::vector<std::string>& columns() const override { return columns_; }
  bool next(Row& row) override;
  const std::string& name() const override { return name_; }
  Format format() const override { return Format::kParquet; }
  // Bytes read from the file so far (footer and column chunks, compressed).
  std::uint64_t bytes_read() const override { return bytes_read_; }

  // The number of rows the footer declares, and of row groups.
  std::uint64_t num_rows() const;
  std::size_t num_row_groups() const;

 private:
  struct Impl;
  void open_row_group(std::size_t index);

  std::unique_ptr<RandomAccess> file_;
  std::string name_;
  std::vector<std::string> columns_;
  std::unique_ptr<Impl> impl_;
  std::uint64_t bytes_read_ = 0;
};

}  // namespace mlops::io
