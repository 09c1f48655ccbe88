#include "io/json_reader.h"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <utility>

#include "core/error.h"
#include "core/text.h"
#include "json/write.h"

namespace mlops::io {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Appends the shortest text that reads back as the same number, keeping a decimal point for
// doubles so that type inference sees "1.0" as a number.
void append_number(std::string& out, const boost::json::value& v) {
  char buf[64];
  std::to_chars_result r{};
  if (v.is_int64()) {
    r = std::to_chars(buf, buf + sizeof buf, v.get_int64());
  } else if (v.is_uint64()) {
    r = std::to_chars(buf, buf + sizeof buf, v.get_uint64());
  } else {
    r = std::to_chars(buf, buf + sizeof buf, v.get_double());
    std::string_view s(buf, static_cast<std::size_t>(r.ptr - buf));
    if (s.find_first_of(".eEn") == std::string_view::npos) {
      *r.ptr++ = '.';
      *r.ptr++ = '0';
    }
  }
  out.append(buf, r.ptr);
}

}  // namespace

JsonReader::JsonReader(std::unique_ptr<ChunkBuffer> buffer, Format format,
                       const ReadOptions& options)
    : buffer_(std::move(buffer)), format_(format), null_tokens_(options.null_tokens) {
  for (const std::string& name : options.columns) column_index(name);
  if (buffer_->begin() == buffer_->end()) buffer_->refill();
  const char* p = buffer_->begin();
  if (buffer_->end() - p >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0) {
    buffer_->consume_to(p + 3);
  }
}

std::size_t JsonReader::column_index(std::string_view key) {
  auto it = index_.find(std::string(key));
  if (it != index_.end()) return it->second;
  columns_.emplace_back(key);
  index_.emplace(columns_.back(), columns_.size() - 1);
  slots_.emplace_back();
  return columns_.size() - 1;
}

void JsonReader::set(std::string_view key, const boost::json::value& v) {
  Slot& slot = slots_[column_index(key)];
  slot = Slot{};
  slot.null = false;
  switch (v.kind()) {
    case boost::json::kind::null:
      slot.null = true;
      break;
    case boost::json::kind::bool_:
      slot.text = v.get_bool() ? "true" : "false";
      break;
    case boost::json::kind::string:
      slot.text = v.get_string();
      slot.null = null_tokens_.matches(slot.text);
      break;
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_:
      slot.scratch_pos = scratch_.size();
      append_number(scratch_, v);
      slot.scratch_size = scratch_.size() - slot.scratch_pos;
      slot.in_scratch = true;
      break;
    case boost::json::kind::array:
      slot.scratch_pos = scratch_.size();
      scratch_ += mlops::json::serialize(v);
      slot.scratch_size = scratch_.size() - slot.scratch_pos;
      slot.in_scratch = true;
      break;
    case boost::json::kind::object:
      break;  // handled by flatten
  }
}

void JsonReader::flatten(const boost::json::object& object, std::string& prefix) {
  for (const auto& kv : object) {
    std::size_t keep = prefix.size();
    prefix += kv.key();
    if (kv.value().is_object()) {
      prefix += '.';
      flatten(kv.value().get_object(), prefix);
    } else {
      set(prefix, kv.value());
    }
    prefix.resize(keep);
  }
}

void JsonReader::check_utf8(const char* begin, const char* end) const {
  const char* bad = buffer_->bad_utf8_ptr();
  if (bad == nullptr || bad >= end || bad < begin) return;
  buffer_->fail(record_line_ + static_cast<std::uint64_t>(std::count(begin, bad, '\n')),
                buffer_->offset_of(bad), "invalid UTF-8", "convert the file to UTF-8");
}

void JsonReader::parse_record(const char* begin, const char* end) {
  check_utf8(begin, end);
  ++record_number_;
  record_ = nullptr;
  // The exact parser (json/parse.h): numbers read to the nearest double, as the CSV reader
  // reads them, and a key given twice in one record refused.
  const auto size = static_cast<std::size_t>(end - begin);
  if (auto failure = parser_.parse(std::string_view(begin, size), record_)) {
    const char* at = begin + std::min(failure->offset, size);
    std::string why = failure->kind == mlops::json::ParseFailure::Kind::kTrailingText
                          ? std::string("unexpected text after the record")
                          : failure->why;
    buffer_->fail(record_line_ + static_cast<std::uint64_t>(std::count(begin, at, '\n')),
                  buffer_->offset_of(at),
                  "malformed JSON in record " + std::to_string(record_number_) + ": " + why,
                  "fix the JSON syntax there");
  }
  if (!record_.is_object()) {
    buffer_->fail(record_line_, record_offset_,
                  "record " + std::to_string(record_number_) + " is a JSON " +
                      std::string(boost::json::to_string(record_.kind())) + ", not an object",
                  "each record must be a JSON object of column names to values");
  }
  scratch_.clear();
  for (auto& s : slots_) s = Slot{};
  path_.clear();
  flatten(record_.get_object(), path_);
}

JsonReader::Parse JsonReader::next_line_record(const char*& begin, const char*& end) {
  ChunkBuffer& b = *buffer_;
  for (;;) {
    const char* p = b.begin();
    const char* nl =
        static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(b.end() - p)));
    if (nl == nullptr) {
      if (!b.eof()) return Parse::kNeedMore;
      if (p == b.end()) return Parse::kEnd;
      nl = b.end();
    }
    const char* s = p;
    const char* e = nl;
    while (s < e && is_space(*s)) ++s;
    while (e > s && is_space(e[-1])) --e;
    record_line_ = line_;
    record_offset_ = b.offset_of(s);
    b.consume_to(nl < b.end() ? nl + 1 : nl);
    ++line_;
    if (s == e) continue;  // blank line
    begin = s;
    end = e;
    return Parse::kRecord;
  }
}

void JsonReader::fail_expected(const char* p, const char* limit, const char* what) const {
  std::string got = p < limit ? quoted(std::string_view(p, 1)) : "the end of the input";
  buffer_->fail(line_, buffer_->offset_of(p), std::string("expected ") + what + ", found " + got,
                "the input must be a JSON array of objects: [{...}, {...}]");
}

JsonReader::Parse JsonReader::next_array_record(const char*& begin, const char*& end) {
  ChunkBuffer& b = *buffer_;
  const char* p = b.begin();
  const char* const limit = b.end();
  auto skip_space = [&] {
    while (p < limit && is_space(*p)) {
      if (*p == '\n') ++line_;
      ++p;
    }
    b.consume_to(p);
  };
  auto expected = [&](const char* what) { fail_expected(p, limit, what); };
  for (;;) {
    skip_space();
    if (p == limit) {
      if (!b.eof()) return Parse::kNeedMore;
      if (array_state_ == ArrayState::kDone) return Parse::kEnd;
      expected(array_state_ == ArrayState::kStart ? "'['" : "',' or ']'");
    }
    switch (array_state_) {
      case ArrayState::kStart:
        if (*p != '[') expected("'['");
        b.consume_to(++p);
        array_state_ = ArrayState::kFirst;
        continue;
      case ArrayState::kAfter:
        if (*p == ',') {
          b.consume_to(++p);
          array_state_ = ArrayState::kElement;
          continue;
        }
        if (*p == ']') {
          b.consume_to(++p);
          array_state_ = ArrayState::kDone;
          continue;
        }
        fail_expected(p, limit, "',' or ']' after a record");
      case ArrayState::kDone:
        fail_expected(p, limit, "nothing after the closing ']'");
      case ArrayState::kFirst:
        if (*p == ']') {
          b.consume_to(++p);
          array_state_ = ArrayState::kDone;
          continue;
        }
        [[fallthrough]];
      case ArrayState::kElement:
        break;
    }
    if (*p != '{') expected("'{' starting a record");
    // Find the matching '}' so the record can be parsed (and located) on its own.
    int depth = 0;
    bool in_string = false;
    const char* q = p;
    for (; q < limit; ++q) {
      char c = *q;
      if (in_string) {
        if (c == '\\') {
          ++q;
        } else if (c == '"') {
          in_string = false;
        }
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if (c == '}' || c == ']') {
        if (--depth == 0) break;
      }
    }
    if (q >= limit) {
      if (!b.eof()) return Parse::kNeedMore;
      b.fail(line_, b.offset_of(p), "unterminated JSON object at the end of the input",
             "the file is truncated or a brace is missing");
    }
    record_line_ = line_;
    record_offset_ = b.offset_of(p);
    begin = p;
    end = q + 1;
    line_ += static_cast<std::uint64_t>(std::count(p, end, '\n'));
    array_state_ = ArrayState::kAfter;
    return Parse::kRecord;
  }
}

bool JsonReader::next(Row& row) {
  const char* begin = nullptr;
  const char* end = nullptr;
  for (;;) {
    Parse r = format_ == Format::kJsonLines ? next_line_record(begin, end)
                                            : next_array_record(begin, end);
    if (r == Parse::kRecord) break;
    if (r == Parse::kEnd) {
      if (buffer_->bad_utf8_offset() != ChunkBuffer::kNoError) {
        buffer_->fail(line_, buffer_->bad_utf8_offset(), "invalid or truncated UTF-8",
                      "convert the file to UTF-8");
      }
      return false;
    }
    if (buffer_->record_too_long()) {
      buffer_->fail(
          line_, buffer_->bytes_consumed(),
          "a record is longer than " + std::to_string(buffer_->max_record_bytes()) + " bytes",
          "check that the file is JSON Lines or a JSON array of objects");
    }
    buffer_->refill();
  }
  parse_record(begin, end);
  if (format_ == Format::kJsonArray) buffer_->consume_to(end);
  row.fields.resize(slots_.size());
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const Slot& s = slots_[i];
    row.fields[i].text =
        s.in_scratch ? std::string_view(scratch_).substr(s.scratch_pos, s.scratch_size) : s.text;
    row.fields[i].null = s.null;
  }
  row.line = record_line_;
  row.offset = record_offset_;
  buffer_->count_rows(1);
  return true;
}

}  // namespace mlops::io
