#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "io/field_scan.h"
#include "io/source.h"
#include "io/utf8.h"

namespace mlops::io {

class Progress;

// The window of not-yet-parsed bytes a record parser works on. Bytes arrive from a Source in
// chunks; a parser consumes whole records and asks for more when a record straddles the end.
// Every byte is checked as UTF-8 on arrival; the first bad byte's offset is remembered so the
// parser can report it with the line of the record that holds it.
class ChunkBuffer {
 public:
  ChunkBuffer(std::unique_ptr<Source> source, std::string name, std::size_t chunk_bytes,
              std::size_t max_record_bytes, Progress* progress);

  // Unconsumed bytes are [begin(), end()); *end() is always '\n' (a sentinel for scanners),
  // and kFieldScanPadding more bytes after it may be read (not used) by block scanners.
  const char* begin() const { return buf_.get() + start_; }
  const char* end() const { return buf_.get() + end_; }
  // True when the source is exhausted: no byte will follow end().
  bool eof() const { return eof_; }

  // For a window onto the middle of a file: offsets then count from the file's start.
  void set_base_offset(std::uint64_t offset) { base_offset_ = offset; }

  // Marks [begin(), p) as consumed.
  void consume_to(const char* p) { start_ = static_cast<std::size_t>(p - buf_.get()); }
  // Reads more bytes after end(), moving the unconsumed ones to the front first (pointers into
  // the buffer are invalidated). Returns false when nothing more could be read (eof() is then
  // true). Grows the buffer for a record longer than it, up to max_record_bytes.
  bool refill();

  // True when the unconsumed bytes fill the largest buffer allowed: one record is too long.
  bool record_too_long() const { return end_ - start_ >= max_record_bytes_; }
  std::size_t max_record_bytes() const { return max_record_bytes_; }

  // Absolute (decompressed) offset of a byte in the window.
  std::uint64_t offset_of(const char* p) const {
    return base_offset_ + static_cast<std::uint64_t>(p - buf_.get());
  }
  // Absolute offset of the first invalid UTF-8 byte seen so far, or kNoError.
  static constexpr std::uint64_t kNoError = ~std::uint64_t{0};
  std::uint64_t bad_utf8_offset() const { return bad_utf8_; }
  // Pointer to the bad byte if it lies in the buffer (consumed or not), else nullptr.
  const char* bad_utf8_ptr() const;

  const std::string& name() const { return name_; }
  std::uint64_t bytes_consumed() const { return base_offset_ + start_; }
  std::uint64_t raw_offset() const { return source_->raw_offset(); }
  // Lets the parser report rows to the progress meter (no-op without one).
  void count_rows(std::uint64_t rows) { rows_ += rows; }

  // Throws an input Error "<name>:<line>: <what> (byte offset N)", with `hint`.
  [[noreturn]] void fail(std::uint64_t line, std::uint64_t offset, const std::string& what,
                         const std::string& hint) const;

 private:
  std::unique_ptr<Source> source_;
  std::string name_;
  std::unique_ptr<char[]> buf_;
  std::size_t capacity_;
  std::size_t max_record_bytes_;
  std::size_t start_ = 0;
  std::size_t end_ = 0;
  std::uint64_t base_offset_ = 0;  // absolute offset of buf_[0]
  bool eof_ = false;
  Utf8Validator utf8_;
  std::uint64_t bad_utf8_ = kNoError;
  Progress* progress_;
  std::uint64_t rows_ = 0;
};

}  // namespace mlops::io
