#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "io/table.h"

namespace mlops::io {

// Random access to the bytes of a file (a Parquet file is read from its end). The readers of
// one file's pieces (io::Scan) share it: read() may be called from several threads at once.
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
// (FileMetaData, Thrift compact protocol) once, then one row group at a time, each column
// chunk page by page (io/parquet/page_stream.h): memory holds one compressed and one
// decompressed page per column read, never a whole row group. Values are rendered as the
// text the toolkit's parsers read (io/value_parse.h), by the column's logical type, or its
// legacy converted type when it has no logical type the reader knows
// (io/parquet/logical_types.h):
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
//   BYTE_ARRAY / FIXED_LEN_BYTE_ARRAY otherwise (BSON, plain binary): the bytes when they are
//                                UTF-8, else as DuckDB casts a BLOB to text (printable ASCII
//                                but \ " ' as itself, other bytes \xNN), so reports stay text
// An annotation on a physical type the specification does not allow it is an input Error.
// Nulls come from definition levels. Encodings (io/parquet/encodings.h): PLAIN,
// PLAIN_DICTIONARY / RLE_DICTIONARY (a dictionary_page_offset of 0 means none), RLE
// (booleans), DELTA_BINARY_PACKED, DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY,
// BYTE_STREAM_SPLIT (FLOAT, DOUBLE, INT32, INT64, FIXED_LEN_BYTE_ARRAY); data pages v1 and v2,
// pages with no values skipped; codecs UNCOMPRESSED, SNAPPY, GZIP, BROTLI, LZ4, LZ4_RAW, ZSTD.
// A column whose values cannot be read (a list, a map or another repeated field; a type such
// as INTERVAL, VARIANT, GEOMETRY, GEOGRAPHY or one newer than the reader's specification; a
// name two columns share) is listed, and refused with an input Error (exit 3) naming it when
// its values are first needed (a file without rows needs none; a column projection leaves out
// needs none). Refused when read: other encodings (ALP), encrypted files, column chunks in
// other files. Malformed files are input Errors naming the file, row group, column and byte
// offset. Row::line is the 1-based row number (from the reader's first row: see limit_to),
// Row::offset the row's 0-based index in the file (a row of a Parquet file has no byte offset
// of its own; the index orders rows and finds one again, as io::Scan needs).
//
// Projection: only the columns ReadOptions::wanted_columns accepts (every column when unset)
// are read: the others' column chunks are neither read from the file, decompressed nor
// decoded (nor checked), their fields are null and has_values() is false for them; columns()
// lists every column.
class ParquetReader : public TableReader {
 public:
  ParquetReader(std::shared_ptr<RandomAccess> file, std::string name,
                const ReadOptions& options = {});
  ~ParquetReader() override;
  ParquetReader(const ParquetReader&) = delete;
  ParquetReader& operator=(const ParquetReader&) = delete;

  const std::vector<std::string>& columns() const override { return columns_; }
  bool next(Row& row) override;
  // Batches end at a row group's end and at any page end of a column read.
  bool reads_batches() const override { return true; }
  bool next_batch(Batch& batch, std::size_t max_rows) override;
  const std::string& name() const override { return name_; }
  Format format() const override { return Format::kParquet; }
  // Bytes read from the file so far (footer and column chunks, compressed).
  std::uint64_t bytes_read() const override { return bytes_read_; }
  bool has_values(std::size_t column) const override;
  // The toolkit's type of a readable column, from its physical and logical types: BOOLEAN
  // boolean; integers (but UINT64) and DECIMAL of scale 0 and at most 18 digits integer;
  // FLOAT, DOUBLE, FLOAT16, UINT64 and other DECIMALs number; DATE date; TIMESTAMP and INT96
  // datetime; TIME, UUID, strings and binary string. nullopt for a column that cannot be read.
  std::optional<DataType> declared_type(std::size_t column) const override;

  // The number of rows the footer declares, and of row groups.
  std::uint64_t num_rows() const;
  std::size_t num_row_groups() const;
  // A row group's rows, and its size decompressed (the footer's total_byte_size).
  std::uint64_t group_rows(std::size_t group) const;
  std::uint64_t group_bytes(std::size_t group) const;

  // The compressed bytes of the column chunks of the columns read, in every row group: what a
  // read of the whole file adds to bytes_read() after the footer.
  std::uint64_t chunk_bytes() const;

  // Another reader of the same file (its RandomAccess shared) with the same options, reading
  // every row group from the start: a piece's reader, or one that finds a row again.
  std::unique_ptr<ParquetReader> reopen() const;
  // Makes this reader (before its first next()) read row groups [begin, end) only, from the
  // file's row `first_row` (0-based; in row group `begin`, whose earlier rows are decoded and
  // dropped), with Row::line counted from 1 there.
  void limit_to(std::size_t begin, std::size_t end, std::uint64_t first_row);
  // Why the values of `column` cannot be read (a list or map, a type not read: refused when
  // they are needed), or "" when they can.
  std::string_view unreadable(std::size_t column) const override;

 private:
  struct Impl;
  struct ReopenTag {};
  ParquetReader(const ParquetReader& from, ReopenTag);  // reopen(): the footer is not read again
  void open_row_group(std::size_t index);
  // Opens row groups until one has rows left to read; false at the end of the last.
  bool in_a_row_group();
  void read_row(Row& row);
  // Runs read(cursor, done) on column `i`'s cursor; an error it throws becomes an input Error
  // naming the row group, the column, the page and (for a value) row `row_number` + done.
  template <typename Read>
  void in_context(std::size_t i, std::uint64_t row_number, Read read);

  std::shared_ptr<RandomAccess> file_;
  std::string name_;
  std::function<bool(const std::string&)> wanted_;  // ReadOptions::wanted_columns
  std::vector<std::string> columns_;
  std::unique_ptr<Impl> impl_;
  std::uint64_t bytes_read_ = 0;
};

}  // namespace mlops::io
