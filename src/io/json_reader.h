#pragma once

#include <boost/json/value.hpp>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "io/chunk_buffer.h"
#include "io/table.h"
#include "json/parse.h"

namespace mlops::io {

// Records from JSON Lines (one object per line) or from a JSON array of objects, streamed one
// record at a time. Nested objects flatten to dotted column names ({"features": {"age": 3}}
// gives column "features.age"); arrays are kept as their JSON text; numbers keep a decimal
// point when they had one ("1.0" stays a number, not an integer); null and missing keys are
// null fields, and strings equal to a null token are null too.
class JsonReader : public TableReader {
 public:
  JsonReader(std::unique_ptr<ChunkBuffer> buffer, Format format, const ReadOptions& options);

  const std::vector<std::string>& columns() const override { return columns_; }
  bool next(Row& row) override;
  const std::string& name() const override { return buffer_->name(); }
  Format format() const override { return format_; }
  std::uint64_t bytes_read() const override { return buffer_->bytes_consumed(); }

 private:
  // A column's value in the current record: a view into the parsed record, or a range of
  // scratch_ (numbers and arrays rendered as text).
  struct Slot {
    std::string_view text;
    std::size_t scratch_pos = 0;
    std::size_t scratch_size = 0;
    bool in_scratch = false;
    bool null = true;
  };
  enum class Parse { kRecord, kNeedMore, kEnd };

  Parse next_line_record(const char*& begin, const char*& end);
  Parse next_array_record(const char*& begin, const char*& end);
  void parse_record(const char* begin, const char* end);
  void flatten(const boost::json::object& object, std::string& prefix);
  void set(std::string_view key, const boost::json::value& value);
  std::size_t column_index(std::string_view key);
  void check_utf8(const char* begin, const char* end) const;
  [[noreturn]] void fail_expected(const char* p, const char* limit, const char* what) const;

  std::unique_ptr<ChunkBuffer> buffer_;
  Format format_;
  NullTokens null_tokens_;
  std::vector<std::string> columns_;
  std::unordered_map<std::string, std::size_t> index_;
  std::vector<Slot> slots_;
  std::string scratch_;
  std::string path_;
  mlops::json::ExactParser parser_;
  boost::json::value record_;
  std::uint64_t line_ = 1;
  std::uint64_t record_line_ = 1;
  std::uint64_t record_offset_ = 0;
  std::uint64_t record_number_ = 0;
  enum class ArrayState {
    kStart,
    kFirst,
    kElement,
    kAfter,
    kDone
  } array_state_ = ArrayState::kStart;
};

}  // namespace mlops::io
