#include "io/csv_reader.h"

#include <algorithm>
#include <cstring>
#include <unordered_set>
#include <utility>

#include "core/error.h"
#include "core/text.h"
#include "io/field_scan.h"

namespace mlops::io {

CsvReader::CsvReader(std::unique_ptr<ChunkBuffer> buffer, const ReadOptions& options)
    : buffer_(std::move(buffer)),
      delimiter_(options.delimiter == '\0' ? ',' : options.delimiter),
      find_end_(delimiter_),
      null_tokens_(options.null_tokens) {
  if (delimiter_ == '"' || delimiter_ == '\n' || delimiter_ == '\r') {
    throw usage_error("the delimiter cannot be a quote or a line break",
                      "pick another delimiter such as ',' ';' or '\\t'");
  }
  if (!options.columns.empty()) {
    columns_ = options.columns;
    return;
  }
  if (buffer_->begin() == buffer_->end()) buffer_->refill();
  const char* p = buffer_->begin();
  if (buffer_->end() - p >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
    buffer_->consume_to(p + 3);
  }
  if (!read_record(first_fields_)) {
    buffer_->fail(1, 0, "the input is empty",
                  options.header ? "a CSV file needs at least a header row"
                                 : "a CSV file needs at least one record");
  }
  if (options.header) {
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < first_fields_.size(); ++i) {
      std::string name(first_fields_[i].text);
      if (name.empty()) name = "column_" + std::to_string(i + 1);
      if (!seen.insert(name).second) {
        buffer_->fail(record_line_, record_offset_,
                      "the header names column " + quoted(name) + " twice",
                      "give every column a distinct name");
      }
      columns_.push_back(std::move(name));
    }
  } else {
    for (std::size_t i = 0; i < first_fields_.size(); ++i) {
      columns_.push_back("column_" + std::to_string(i + 1));
    }
    pending_first_row_ = true;
  }
}

bool CsvReader::read_record(std::vector<Field>& fields) {
  for (;;) {
    switch (parse_record(fields)) {
      case Parse::kRecord:
        return true;
      case Parse::kEnd:
        return false;
      case Parse::kNeedMore:
        if (buffer_->record_too_long()) {
          buffer_->fail(
              line_, buffer_->bytes_consumed(),
              "a record is longer than " + std::to_string(buffer_->max_record_bytes()) + " bytes",
              "check the quoting (an unclosed quote swallows the rest of the file)");
        }
        find_end_.forget();  // the bytes move
        buffer_->refill();
        break;
    }
  }
}

CsvReader::Parse CsvReader::parse_record(std::vector<Field>& fields) {
  ChunkBuffer& b = *buffer_;
  const char* p = b.begin();
  const char* const end = b.end();
  const bool eof = b.eof();

  // Skip blank lines (they hold no record).
  while (p < end && (*p == '\n' || *p == '\r')) {
    if (*p == '\r') {
      if (p + 1 == end && !eof) return Parse::kNeedMore;
      if (p + 1 < end && p[1] == '\n') ++p;
    }
    ++p;
    ++line_;
    b.consume_to(p);
  }
  if (p == end) return eof ? Parse::kEnd : Parse::kNeedMore;

  scratch_.clear();
  scratch_fields_.clear();
  // Fields are written through a local pointer, not push_back: the vector's own pointers
  // would be reloaded after every store. It keeps its size between records; resized at the end.
  if (fields.size() < columns_.size()) fields.resize(columns_.size());
  Field* out = fields.data();
  Field* out_end = out + fields.size();
  std::size_t count = 0;
  auto add = [&](std::string_view text, bool null) {
    if (out == out_end) {
      fields.resize(2 * count + 8);
      out = fields.data() + count;
      out_end = fields.data() + fields.size();
    }
    out->text = text;
    out->null = null;
    ++out;
    ++count;
  };
  const char delimiter = delimiter_;
  FieldEndFinder find_end = find_end_;  // a local copy stays in registers
  const char* const record_begin = p;
  std::uint64_t newlines_in_quotes = 0;
  const char* q = p;
  for (;;) {
    if (*q == '"') {
      const char* s = q + 1;
      std::size_t scratch_pos = scratch_.size();
      bool escaped = false;
      const char* close;
      for (;;) {
        close = static_cast<const char*>(std::memchr(s, '"', static_cast<std::size_t>(end - s)));
        if (close == nullptr) {
          if (!eof) return Parse::kNeedMore;
          b.fail(line_, b.offset_of(q), "unterminated quoted field",
                 "close the quote, or double any quote inside the field (\"\")");
        }
        newlines_in_quotes += static_cast<std::uint64_t>(std::count(s, close, '\n'));
        if (close + 1 == end && !eof) return Parse::kNeedMore;
        if (close + 1 < end && close[1] == '"') {
          scratch_.append(s, close + 1);  // keeps one of the two quotes
          escaped = true;
          s = close + 2;
          continue;
        }
        break;
      }
      if (escaped) {
        scratch_.append(s, close);
        scratch_fields_.push_back({count, scratch_pos, scratch_.size() - scratch_pos});
        add({}, false);
      } else {
        const std::string_view text(q + 1, static_cast<std::size_t>(close - q - 1));
        add(text, null_tokens_.matches(text));
      }
      q = close + 1;
      if (q == end) {
        if (!eof) return Parse::kNeedMore;
        break;
      }
      if (*q == delimiter) {
        ++q;
        continue;
      }
      if (*q != '\n' && *q != '\r') {
        b.fail(line_ + newlines_in_quotes, b.offset_of(q),
               "unexpected character " + quoted(std::string_view(q, 1)) + " after a closing quote",
               "a quoted field must be followed by a delimiter or a line break; double quotes "
               "inside a quoted field (\"\")");
      }
      break;
    }
    const char* s = q;
    q = find_end(q);  // the sentinel '\n' at end stops it
    if (q == end && !eof) return Parse::kNeedMore;
    const std::string_view text(s, static_cast<std::size_t>(q - s));
    add(text, null_tokens_.matches(text));
    if (*q == delimiter) {  // never at end, where the sentinel is
      ++q;
      continue;
    }
    break;
  }
  // q is at the record's line break, or at the end of the input.
  if (q < end) {
    if (*q == '\r') {
      if (q + 1 == end && !eof) return Parse::kNeedMore;
      if (q + 1 < end && q[1] == '\n') ++q;
    }
    ++q;
  }
  fields.resize(count);
  for (const ScratchField& f : scratch_fields_) {
    const std::string_view text(scratch_.data() + f.pos, f.size);
    fields[f.index] = {text, null_tokens_.matches(text)};
  }
  if (b.bad_utf8_offset() != ChunkBuffer::kNoError) check_utf8(record_begin, q);
  find_end_ = find_end;
  record_line_ = line_;
  record_offset_ = b.offset_of(record_begin);
  line_ += 1 + newlines_in_quotes;
  b.consume_to(q);
  return Parse::kRecord;
}

void CsvReader::check_utf8(const char* record_begin, const char* record_end) const {
  const char* bad = buffer_->bad_utf8_ptr();
  if (bad == nullptr || bad < record_begin || bad >= record_end) return;
  auto line = line_ + static_cast<std::uint64_t>(std::count(record_begin, bad, '\n'));
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02x", static_cast<unsigned char>(*bad));
  buffer_->fail(line, buffer_->offset_of(bad),
                std::string("invalid UTF-8 sequence starting with byte ") + hex,
                "convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8)");
}

bool CsvReader::next(Row& row) {
  if (pending_first_row_) {
    pending_first_row_ = false;
    row.fields.swap(first_fields_);
  } else if (!read_record(row.fields)) {
    if (buffer_->bad_utf8_offset() != ChunkBuffer::kNoError) {
      buffer_->fail(line_, buffer_->bad_utf8_offset(), "invalid or truncated UTF-8",
                    "convert the file to UTF-8");
    }
    return false;
  }
  if (row.fields.size() != columns_.size()) {
    buffer_->fail(record_line_, record_offset_,
                  "a row has " + std::to_string(row.fields.size()) + " fields, expected " +
                      std::to_string(columns_.size()) + " like the header",
                  "check the delimiter and the quoting on that line");
  }
  row.line = record_line_;
  row.offset = record_offset_;
  if (++rows_since_tick_ == 4096) {
    buffer_->count_rows(rows_since_tick_);
    rows_since_tick_ = 0;
  }
  return true;
}

}  // namespace mlops::io
