#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/null_tokens.h"
#include "io/remote_options.h"

namespace mlops::io {

class Progress;

enum class Format { kAuto, kCsv, kJsonLines, kJsonArray, kParquet };

// The value types a column can have, most specific first.
enum class DataType { kBoolean, kInteger, kNumber, kDate, kDatetime, kString };

// How to read a table. Defaults suit most files: the format and the delimiter are detected
// from the file name, then from the content.
struct ReadOptions {
  Format format = Format::kAuto;
  char delimiter = '\0';  // '\0': ',' or '\t' by extension/content
  bool header = true;     // CSV: the first record names the columns
  // CSV: when set, these are the names and no header is read. JSON: the first columns, in this
  // order, before any key of the data (how a piece of a file read in parallel lines up).
  std::vector<std::string> columns;
  NullTokens null_tokens = NullTokens::defaults();
  std::size_t chunk_bytes = 1 << 20;
  std::size_t max_record_bytes = 64u << 20;  // a longer record is malformed input
  Progress* progress = nullptr;              // not owned; may be null
  // Called with every byte read from the file before decompression (e.g. a fingerprint).
  std::function<void(const char*, std::size_t)> on_raw_bytes;
  // Whether the caller reads the values of the column of this name (unset: every column). A
  // reader that can skip the others does (Parquet: their pages are neither read nor decoded):
  // their fields are null and TableReader::has_values() is false for them; columns() still
  // lists every column.
  std::function<bool(const std::string& name)> wanted_columns;
  // How a path that names an object (s3://, gs://, https://) is fetched.
  RemoteOptions remote;
  // Whether a column whose values cannot be read (a Parquet list or map:
  // TableReader::unreadable) is left out as an unwanted one is, instead of refused when its
  // values are needed: for the tools that read every column they are given (data-validate
  // infer, drift-check), which then say they left it out.
  bool leave_out_unreadable = false;
};

// One field of a row. `text` is valid until the reader's next call to next().
struct Field {
  std::string_view text;
  bool null = false;  // matched a null token, JSON null, or a key missing from this record
  // A value a reader took from a dictionary (Parquet's dictionary pages): `dictionary` names
  // that dictionary, unique in the process, and `code` is the value's entry in it. Fields of
  // one dictionary with the same code have the same text, so a tool may compute what depends
  // only on the text once per entry. 0 when the value comes from no dictionary.
  std::uint32_t dictionary = 0;
  std::uint32_t code = 0;
};

// A new, process-wide unique Field::dictionary (never 0).
std::uint32_t new_dictionary_id();

// One record. fields.size() == the reader's columns().size() when next() returned it.
struct Row {
  std::vector<Field> fields;
  std::uint64_t line = 0;    // 1-based line on which the record starts
  std::uint64_t offset = 0;  // byte offset of the record's first byte (decompressed)
};

// One column of a Batch. Either `fields` holds its values, or (dictionary != 0) every value of
// the batch is an entry of one dictionary, none null: `codes` holds their entries' numbers and
// `entries` the dictionary's texts, and `fields` is not filled (at() makes each Field).
struct BatchColumn {
  std::vector<Field> fields;
  std::uint32_t dictionary = 0;  // Field::dictionary of every value, or 0
  std::vector<std::uint32_t> codes;
  const std::string_view* entries = nullptr;
  std::size_t entry_count = 0;  // the dictionary's entries

  Field at(std::size_t row) const {
    if (dictionary == 0) return fields[row];
    const std::uint32_t code = codes[row];
    return Field{entries[code], false, dictionary, code};
  }
};

// Consecutive rows read column by column (TableReader::next_batch): columns[c].at(r) is column
// c's field of row r, for r < rows (a column may hold more values, not of this batch); lines[r]
// and offsets[r] are Row::line and Row::offset of row r. A tool that judges one column at a time
// keeps that column's state and code hot, a reader that decodes one column at a time (Parquet)
// does so in a tight loop, and a dictionary's values are counted by their codes.
struct Batch {
  std::size_t rows = 0;
  std::vector<BatchColumn> columns;
  std::vector<std::uint64_t> lines;
  std::vector<std::uint64_t> offsets;
};

// A streaming reader of records. Memory does not grow with the number of rows.
class TableReader {
 public:
  virtual ~TableReader() = default;
  // Column names. For JSON input the list grows when a later record has a new key; earlier
  // rows simply lacked it.
  virtual const std::vector<std::string>& columns() const = 0;
  // Reads the next record; false at the end. Throws an input Error (exit 3) on malformed data,
  // naming the file, line and byte offset.
  virtual bool next(Row& row) = 0;
  // Whether next_batch() reads; when false only next() does. A reader mixes them freely: either
  // reads the rows after those the other read.
  virtual bool reads_batches() const { return false; }
  // Reads up to `max_rows` (at least 1) next rows into `batch`; false at the end (batch.rows is
  // then 0). It may read fewer rows than asked while more follow. The fields' texts are valid
  // until the reader's next call to next() or next_batch(). Errors as next(). Only when
  // reads_batches(): throws a logic error otherwise.
  virtual bool next_batch(Batch& batch, std::size_t max_rows);
  // The name used in messages ("<stdin>" for "-").
  virtual const std::string& name() const = 0;
  virtual Format format() const = 0;
  // Decompressed bytes consumed so far.
  virtual std::uint64_t bytes_read() const = 0;
  // False for a column whose values this reader skipped (ReadOptions::wanted_columns): its
  // fields are null whatever the data holds, so a tool must not read them (require_values).
  virtual bool has_values(std::size_t column) const {
    (void)column;
    return true;
  }
  // The type the file itself states for `column` (Parquet's physical and logical types), or
  // nullopt when the values' text is all there is (CSV, JSON): type inference takes a stated
  // type instead of guessing from the values (TypeInferrer::declare).
  virtual std::optional<DataType> declared_type(std::size_t column) const {
    (void)column;
    return std::nullopt;
  }
  // Why the values of `column` cannot be read (a Parquet list or map), or "" when they can.
  virtual std::string_view unreadable(std::size_t column) const {
    (void)column;
    return {};
  }
};

// ReadOptions::wanted_columns for the columns of these names.
std::function<bool(const std::string& name)> only_columns(std::vector<std::string> names);

// Throws a logic error when `reader` skipped the values of `column`: a tool that reads a
// column it did not name in ReadOptions::wanted_columns would take the data's values for nulls.
void require_values(const TableReader& reader, std::size_t column);

}  // namespace mlops::io
