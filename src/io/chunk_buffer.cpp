#include "io/chunk_buffer.h"

#include <cstring>
#include <utility>

#include "core/error.h"
#include "io/progress.h"

namespace mlops::io {

ChunkBuffer::ChunkBuffer(std::unique_ptr<Source> source, std::string name, std::size_t chunk_bytes,
                         std::size_t max_record_bytes, Progress* progress)
    : source_(std::move(source)),
      name_(std::move(name)),
      capacity_(std::max<std::size_t>(chunk_bytes, 64)),
      max_record_bytes_(std::max(max_record_bytes, capacity_)),
      progress_(progress) {
  buf_ = std::make_unique<char[]>(capacity_ + 1 + kFieldScanPadding);
  buf_[0] = '\n';
}

const char* ChunkBuffer::bad_utf8_ptr() const {
  if (bad_utf8_ == kNoError || bad_utf8_ < base_offset_ || bad_utf8_ > base_offset_ + end_) {
    return nullptr;
  }
  return buf_.get() + (bad_utf8_ - base_offset_);
}

bool ChunkBuffer::refill() {
  if (eof_) return false;
  if (start_ > 0) {
    std::memmove(buf_.get(), buf_.get() + start_, end_ - start_);
    base_offset_ += start_;
    end_ -= start_;
    start_ = 0;
  }
  if (end_ == capacity_) {
    if (capacity_ >= max_record_bytes_) {
      fail(0, base_offset_,
           "a record is longer than " + std::to_string(max_record_bytes_) + " bytes",
           "check the quoting (an unclosed quote swallows the rest of the file) or the delimiter");
    }
    std::size_t bigger = std::min(capacity_ * 2, max_record_bytes_);
    auto grown = std::make_unique<char[]>(bigger + 1 + kFieldScanPadding);
    std::memcpy(grown.get(), buf_.get(), end_);
    buf_ = std::move(grown);
    capacity_ = bigger;
  }
  std::size_t got = source_->read(buf_.get() + end_, capacity_ - end_);
  if (got == 0) {
    eof_ = true;
    if (utf8_.incomplete() && bad_utf8_ == kNoError) {
      bad_utf8_ = base_offset_ + end_ - static_cast<std::uint64_t>(utf8_.sequence_bytes());
    }
    buf_[end_] = '\n';
    return false;
  }
  std::size_t bad = utf8_.feed(buf_.get() + end_, got);
  if (bad != got && bad_utf8_ == kNoError) {
    bad_utf8_ = base_offset_ + end_ + bad - static_cast<std::uint64_t>(utf8_.sequence_bytes());
  }
  end_ += got;
  buf_[end_] = '\n';
  if (progress_ != nullptr) progress_->update(source_->raw_offset(), rows_);
  return true;
}

void ChunkBuffer::fail(std::uint64_t line, std::uint64_t offset, const std::string& what,
                       const std::string& hint) const {
  std::string where = name_;
  if (line > 0) where += ":" + std::to_string(line);
  throw input_error(where + ": " + what + " (byte offset " + std::to_string(offset) + ")", hint);
}

}  // namespace mlops::io
