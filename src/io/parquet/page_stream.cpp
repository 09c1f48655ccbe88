#include "io/parquet/page_stream.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "io/parquet/parquet_reader.h"

namespace mlops::io::parquet {

void PageStream::start(std::shared_ptr<RandomAccess> file, std::uint64_t offset, std::uint64_t size,
                       std::uint64_t* bytes_read, std::size_t block) {
  file_ = std::move(file);
  begin_ = offset;
  size_ = size;
  consumed_ = 0;
  bytes_read_ = bytes_read;
  block_ = std::max<std::size_t>(block, 1);
  buffer_start_ = 0;
  buffered_ = 0;
}

const std::uint8_t* PageStream::peek(std::size_t n, std::size_t& available) {
  const std::size_t at = static_cast<std::size_t>(consumed_ - buffer_start_);
  const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(n, remaining()));
  if (buffered_ - at < want) {
    // Keep the unread bytes, at the front, and read after them: at least a block, at most
    // the rest of the chunk.
    const std::size_t kept = buffered_ - at;
    const auto fill =
        static_cast<std::size_t>(std::min<std::uint64_t>(std::max(want, block_), remaining()));
    if (buffer_.size() < fill) {
      std::vector<std::uint8_t> bigger(fill);
      if (kept > 0) std::memcpy(bigger.data(), buffer_.data() + at, kept);
      buffer_ = std::move(bigger);
    } else if (kept > 0) {
      std::memmove(buffer_.data(), buffer_.data() + at, kept);
    }
    buffer_start_ = consumed_;
    file_->read(begin_ + consumed_ + kept, fill - kept, buffer_.data() + kept);
    if (bytes_read_ != nullptr) *bytes_read_ += fill - kept;
    buffered_ = fill;
  }
  const std::size_t from = static_cast<std::size_t>(consumed_ - buffer_start_);
  available = buffered_ - from;
  return buffer_.data() + from;
}

void PageStream::skip(std::size_t n) { consumed_ += n; }

}  // namespace mlops::io::parquet
