#pragma once

// The bytes of one column chunk, read from the file as its pages are decoded: memory holds
// the page being read (and at least a block of what follows it), never the whole chunk.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace mlops::io {
class RandomAccess;
}

namespace mlops::io::parquet {

class PageStream {
 public:
  // The least read from the file at once (fewer, larger reads; a smaller chunk is read whole).
  static constexpr std::size_t kBlock = std::size_t{256} << 10;

  // The chunk of `size` bytes at file offset `offset` of `file`, read `block` bytes or more at
  // a time; bytes read from the file are added to *bytes_read.
  void start(std::shared_ptr<RandomAccess> file, std::uint64_t offset, std::uint64_t size,
             std::uint64_t* bytes_read, std::size_t block = kBlock);

  // File offset of the next byte, and the chunk's bytes left from it.
  std::uint64_t offset() const { return begin_ + consumed_; }
  std::uint64_t remaining() const { return size_ - consumed_; }

  // At least min(n, remaining()) bytes from offset(), contiguous, valid until the next call;
  // `available` says how many (all that is buffered, which may be more).
  const std::uint8_t* peek(std::size_t n, std::size_t& available);
  // Steps over n bytes (n <= the last peek's `available`).
  void skip(std::size_t n);

  // Decodes a Thrift struct (a page header) at offset() and steps over it: it reads more of
  // the file while the struct runs past what is buffered.
  template <typename T, typename Decode>
  void read_struct(T& out, const Decode& decode);

 private:
  std::shared_ptr<RandomAccess> file_;
  std::uint64_t begin_ = 0;  // the chunk's file offset
  std::uint64_t size_ = 0;
  std::uint64_t consumed_ = 0;  // bytes of the chunk stepped over
  std::uint64_t* bytes_read_ = nullptr;
  std::size_t block_ = kBlock;
  std::vector<std::uint8_t> buffer_;  // chunk bytes from buffer_start_ (file offset)
  std::uint64_t buffer_start_ = 0;    // chunk-relative
  std::size_t buffered_ = 0;          // bytes of buffer_ that hold data
};

template <typename T, typename Decode>
void PageStream::read_struct(T& out, const Decode& decode) {
  // Page headers are small (statistics can make them a few kilobytes): start with what is
  // buffered or 16 KiB; one past 64 MiB is damage.
  for (std::size_t want = std::size_t{16} << 10;; want *= 8) {
    std::size_t available = 0;
    const std::uint8_t* p = peek(want, available);
    try {
      out = T();
      skip(decode(p, available, out));
      return;
    } catch (...) {
      // Run past the buffered bytes? Read more, unless that was the rest of the chunk.
      if (available >= remaining() || want >= (std::size_t{64} << 20)) throw;
    }
  }
}

}  // namespace mlops::io::parquet
