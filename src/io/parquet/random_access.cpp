// The two RandomAccess implementations a ParquetReader reads through: a local file (read with
// pread, and recorded in the read ledger for an attestation; or a spooled stream's temporary
// file) and bytes in memory.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/read_ledger.h"
#include "crypto/sha256.h"
#include "io/parquet/parquet_reader.h"

namespace mlops::io {
namespace {

class FileAccess final : public RandomAccess {
 public:
  // Takes `fd`, open on a regular file of `size` bytes that is not recorded in the read
  // ledger (a stream spooled to a temporary file: io/spool.h).
  FileAccess(int fd, std::string name, std::uint64_t size)
      : path_(std::move(name)), fd_(fd), size_(size) {}
  explicit FileAccess(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
      throw input_error("cannot open " + path + ": " + std::strerror(errno),
                        "check the path and its permissions");
    }
    struct stat st {};
    if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {
      ::close(fd_);
      throw input_error("cannot read " + path + " as Parquet: it is not a regular file",
                        "pass the path of a Parquet file");
    }
    size_ = static_cast<std::uint64_t>(st.st_size);
    if (read_ledger_enabled()) {
      try {
        record_whole();
      } catch (...) {
        ::close(fd_);  // the destructor does not run for a constructor that throws
        throw;
      }
    }
  }
  ~FileAccess() override { ::close(fd_); }
  FileAccess(const FileAccess&) = delete;
  FileAccess& operator=(const FileAccess&) = delete;

  std::uint64_t size() const override { return size_; }
  void read(std::uint64_t offset, std::size_t size, std::uint8_t* out) override {
    read_at(offset, size, out);
  }

 private:
  void read_at(std::uint64_t offset, std::size_t size, std::uint8_t* out) const {
    while (size > 0) {
      const ssize_t n = ::pread(fd_, out, size, static_cast<off_t>(offset));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        throw input_error("cannot read " + path_ + " at byte offset " + std::to_string(offset) +
                              ": " + (n < 0 ? std::strerror(errno) : "the file got shorter"),
                          "check that nothing else writes the file while it is read");
      }
      out += n;
      size -= static_cast<std::size_t>(n);
      offset += static_cast<std::uint64_t>(n);
    }
  }

  // For an attestation (core/read_ledger.h): the digest of the whole file, read through this
  // descriptor before any row is; the rows come from the same file, which must not change
  // meanwhile (the attestation checks it again).
  void record_whole() {
    FileRead before;
    crypto::Sha256 hash;
    std::vector<std::uint8_t> block(std::min<std::uint64_t>(size_, 1u << 20));
    const bool stated = stat_file(fd_, before);
    for (std::uint64_t offset = 0; offset < size_; offset += block.size()) {
      const auto n =
          static_cast<std::size_t>(std::min<std::uint64_t>(block.size(), size_ - offset));
      read_at(offset, n, block.data());
      hash.update(block.data(), n);
    }
    record_whole_read(path_, fd_, stated, before, size_, hash.hex_digest());
  }

  std::string path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

class MemoryAccess : public RandomAccess {
 public:
  explicit MemoryAccess(std::string bytes) : bytes_(std::move(bytes)) {}
  std::uint64_t size() const override { return bytes_.size(); }
  void read(std::uint64_t offset, std::size_t size, std::uint8_t* out) override {
    if (offset > bytes_.size() || size > bytes_.size() - offset) {
      throw input_error("read past the end of the data (byte offset " + std::to_string(offset) +
                        ")");
    }
    if (size > 0) std::memcpy(out, bytes_.data() + offset, size);
  }

 private:
  std::string bytes_;
};

}  // namespace

std::unique_ptr<RandomAccess> open_random_access(const std::string& path) {
  return std::make_unique<FileAccess>(path);
}

std::unique_ptr<RandomAccess> adopt_random_access(int fd, std::string name, std::uint64_t size) {
  return std::make_unique<FileAccess>(fd, std::move(name), size);
}

std::unique_ptr<RandomAccess> memory_random_access(std::string bytes) {
  return std::make_unique<MemoryAccess>(std::move(bytes));
}

}  // namespace mlops::io
