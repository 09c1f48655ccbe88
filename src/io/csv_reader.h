#pragma once

#include <memory>
#include <string>
#include <vector>

#include "io/chunk_buffer.h"
#include "io/field_scan.h"
#include "io/table.h"

namespace mlops::io {

// RFC 4180 CSV/TSV: quoted fields may hold delimiters, doubled quotes and newlines; CRLF, LF
// or lone CR end a record; a UTF-8 BOM is skipped; blank lines are skipped. Every record must
// have as many fields as the header. Unquoted fields are views into the chunk buffer, so the
// common case copies nothing.
class CsvReader : public TableReader {
 public:
  CsvReader(std::unique_ptr<ChunkBuffer> buffer, const ReadOptions& options);

  const std::vector<std::string>& columns() const override { return columns_; }
  bool next(Row& row) override;
  const std::string& name() const override { return buffer_->name(); }
  Format format() const override { return Format::kCsv; }
  char delimiter() const { return delimiter_; }
  std::uint64_t bytes_read() const override { return buffer_->bytes_consumed(); }

 private:
  enum class Parse { kRecord, kNeedMore, kEnd };
  // A field that held doubled quotes, unescaped into scratch_: its view is made once the
  // record is complete, since scratch_ may move while it grows.
  struct ScratchField {
    std::size_t index;
    std::size_t pos;
    std::size_t size;
  };

  Parse parse_record(std::vector<Field>& fields);
  bool read_record(std::vector<Field>& fields);  // false at end of input
  void check_utf8(const char* record_begin, const char* record_end) const;

  std::unique_ptr<ChunkBuffer> buffer_;
  char delimiter_;
  FieldEndFinder find_end_;  // remembers stops found ahead in the buffer; forgotten on refill
  NullTokens null_tokens_;
  std::vector<std::string> columns_;
  std::vector<Field> first_fields_;  // with header=false, the first record until next() takes it
  std::vector<ScratchField> scratch_fields_;
  std::string scratch_;
  std::uint64_t line_ = 1;         // line of the next record
  std::uint64_t record_line_ = 1;  // line of the record just parsed
  std::uint64_t record_offset_ = 0;
  std::uint64_t rows_since_tick_ = 0;
  bool pending_first_row_ = false;  // header=false: the first record is data
};

}  // namespace mlops::io
