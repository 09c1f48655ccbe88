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
// Takes the open descriptor `fd` of a regular file of `size` bytes, called `name` in messages
// and not recorded in the read ledger (io/spool.h's temporary file); closes it when destroyed.
std::unique_ptr<RandomAccess> adopt_random_access(int fd, std::string name, std::uint64_t size);
// Bytes in memory (tests, the fuzz target).
std::unique_ptr<RandomAccess> memory_random_access(std::string bytes);

// Whether a file starting with `head` is Parquet: the 4-byte magic "PAR1" (or "PARE", a
// Parquet file with an encrypted footer, which the reader refuses with a message).
bool is_parquet_magic(std::string_view head);
// Whether `head` (the first bytes of a stream, at least 5) starts as a Parquet file: the magic,
// then the binary page header that follows it in every Parquet file (a CSV file whose first
// field starts with "PAR1" does not).
bool is_parquet_start(std::string_view head);

// Rows of a Parquet file. Its columns are the schema's primitives, a struct's fields named by
// their dotted path ("a.b.c": null where the field or a struct above it is null), and each
// list or map as one column whose values are not read (io/parquet/nested.h). Reads the footer
// (FileMetaData, Thrift compact protocol) once, then one row group at a time: that row group's
// column chunks are read into memory (compressed), and each column keeps one decompressed page.
// Values are rendered as the text the toolkit's parsers read (io/value_parse.h):
//   BOOLEAN                      true / false
//   INT32, INT64 (and INT_8..64, UINT_8..64, INTEGER(bits, signed))   decimal integers
//   FLOAT, DOUBLE, FLOAT16       the shortest decimal that reads back as the same value of
//                                the column's own width (std::to_chars); nan, inf, -inf
//   DECIMAL(p, s)                the exact decimal ("-12.50" for unscaled -1250, scale 2)
//   DATE                         YYYY-MM-DD
//   TIMESTAMP(ms|us|ns)          YYYY-MM-DDTHH:MM:SS.fff (3, 6 or 9 fraction digits), with
//                                "Z" when the file says isAdjustedToUTC; INT96 timestamps
//                                as nanoseconds without "Z"
//   TIME(ms|us|ns)               HH:MM:SS.fff (3, 6 or 9 digits)
//   UUID                         8-4-4-4-12 lowercase hex
//   BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY otherwise (STRING, ENUM, JSON, plain binary): the bytes
// Nulls come from definition levels. Encodings: PLAIN, PLAIN_DICTIONARY / RLE_DICTIONARY, RLE
// (booleans); data pages v1 and v2; codecs UNCOMPRESSED, SNAPPY, GZIP, BROTLI, LZ4, LZ4_RAW,
// ZSTD. A column whose values cannot be read (a list, a map or another repeated field; a type
// such as INTERVAL; a name two columns share) is listed, and refused with an input Error
// (exit 3) naming it when its values are first needed (a file without rows needs none).
// Refused when read: other encodings (DELTA_*, BYTE_STREAM_SPLIT: not yet), encrypted files,
// column chunks in other files. Malformed files are input Errors naming the file, row group,
// column and byte offset. Row::line is the 1-based row number, Row::offset the byte offset of
// the row group's first column chunk.
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
  // Why the values of `column` cannot be read (a list or map, a type not read: refused when
  // they are needed), or "" when they can.
  std::string_view unreadable(std::size_t column) const;

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
