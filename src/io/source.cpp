#include "io/source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "core/error.h"
#include "core/read_ledger.h"
#include "crypto/sha256.h"
#include "io/decompress.h"
#include "io/remote.h"

namespace mlops::io {
namespace {

class FileSource : public Source {
 public:
  explicit FileSource(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) {
      throw input_error("cannot open " + path + ": " + std::strerror(errno),
                        "check the path and its permissions");
    }
    struct stat st {};
    if (::fstat(fd_, &st) == 0 && S_ISDIR(st.st_mode)) {
      ::close(fd_);
      throw input_error("cannot read " + path + ": it is a directory", "pass a data file");
    }
#ifdef POSIX_FADV_SEQUENTIAL
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    whole_ = read_ledger_enabled() && S_ISREG(st.st_mode) && stat_file(fd_, before_);
  }
  ~FileSource() override { ::close(fd_); }
  void seek(std::uint64_t offset) {
    if (::lseek(fd_, static_cast<off_t>(offset), SEEK_SET) < 0) {
      throw input_error("cannot seek in " + path_ + ": " + std::strerror(errno));
    }
    offset_ = offset;
    whole_ = whole_ && offset == 0;  // a byte range is not the file: nothing to record
  }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  std::size_t read(char* dst, std::size_t n) override {
    for (;;) {
      ssize_t got = ::read(fd_, dst, n);
      if (got > 0 && whole_) hash_.update(dst, static_cast<std::size_t>(got));
      if (got == 0 && whole_) finish_whole();
      if (got >= 0) {
        offset_ += static_cast<std::uint64_t>(got);
        return static_cast<std::size_t>(got);
      }
      if (errno != EINTR) {
        throw input_error("cannot read " + path_ + ": " + std::strerror(errno),
                          "check that the file is readable");
      }
    }
  }
  std::uint64_t raw_offset() const override { return offset_; }

 private:
  // The whole file was read: it must not have changed meanwhile (fstat before and after), and
  // the digest of exactly these bytes is what an attestation of this run signs.
  void finish_whole() {
    whole_ = false;
    record_whole_read(path_, fd_, true, before_, offset_, hash_.hex_digest());
  }

  std::string path_;
  int fd_ = -1;
  std::uint64_t offset_ = 0;
  bool whole_ = false;  // read from offset 0: hashed, recorded at the end
  crypto::Sha256 hash_;
  FileRead before_;
};

class StreamSource : public Source {
 public:
  explicit StreamSource(std::istream& in) : in_(in) {}
  std::size_t read(char* dst, std::size_t n) override {
    in_.read(dst, static_cast<std::streamsize>(n));
    auto got = static_cast<std::size_t>(in_.gcount());
    if (got == 0 && in_.bad()) {
      throw input_error("cannot read standard input", "check the producing command");
    }
    offset_ += got;
    return got;
  }
  std::uint64_t raw_offset() const override { return offset_; }

 private:
  std::istream& in_;
  std::uint64_t offset_ = 0;
};

class ObservedSource : public Source {
 public:
  ObservedSource(std::unique_ptr<Source> inner, RawObserver observer)
      : inner_(std::move(inner)), observer_(std::move(observer)) {}
  std::size_t read(char* dst, std::size_t n) override {
    std::size_t got = inner_->read(dst, n);
    if (got > 0) observer_(dst, got);
    return got;
  }
  std::uint64_t raw_offset() const override { return inner_->raw_offset(); }

 private:
  std::unique_ptr<Source> inner_;
  RawObserver observer_;
};

// Replays the bytes read while sniffing the magic number, then continues with the inner source.
class PrefixedSource : public Source {
 public:
  PrefixedSource(std::string prefix, std::unique_ptr<Source> inner)
      : prefix_(std::move(prefix)), inner_(std::move(inner)) {}
  std::size_t read(char* dst, std::size_t n) override {
    if (pos_ < prefix_.size()) {
      std::size_t k = std::min(n, prefix_.size() - pos_);
      std::memcpy(dst, prefix_.data() + pos_, k);
      pos_ += k;
      return k;
    }
    return inner_->read(dst, n);
  }
  std::uint64_t raw_offset() const override {
    return inner_->raw_offset() - (prefix_.size() - pos_);
  }

 private:
  std::string prefix_;
  std::size_t pos_ = 0;
  std::unique_ptr<Source> inner_;
};

}  // namespace

std::unique_ptr<Source> open_source(const std::string& path, std::istream& stdin_stream,
                                    std::string* compression, RawObserver observer) {
  if (path == "-") {
    return open_source(std::make_unique<StreamSource>(stdin_stream), "<stdin>", compression,
                       std::move(observer));
  }
  return open_source(std::make_unique<FileSource>(path), path, compression, std::move(observer));
}

std::unique_ptr<Source> open_source(std::unique_ptr<Source> raw, const std::string& name,
                                    std::string* compression, RawObserver observer) {
  if (observer) raw = std::make_unique<ObservedSource>(std::move(raw), std::move(observer));
  std::string magic(4, '\0');
  std::size_t have = 0;
  while (have < magic.size()) {
    std::size_t got = raw->read(magic.data() + have, magic.size() - have);
    if (got == 0) break;
    have += got;
  }
  magic.resize(have);
  auto prefixed = std::make_unique<PrefixedSource>(magic, std::move(raw));
  std::string kind;
  std::unique_ptr<Source> result;
  if (have >= 2 && magic[0] == '\x1f' && magic[1] == '\x8b') {
    kind = "gzip";
    result = make_gzip_source(std::move(prefixed), name);
  } else if (have >= 4 && magic == std::string("\x28\xb5\x2f\xfd", 4)) {
    kind = "zstd";
    result = make_zstd_source(std::move(prefixed), name);
  } else {
    result = std::move(prefixed);
  }
  if (compression != nullptr) *compression = kind;
  return result;
}

std::unique_ptr<Source> open_file_at(const std::string& path, std::uint64_t offset) {
  auto f = std::make_unique<FileSource>(path);
  f->seek(offset);
  return f;
}

std::string compression_of(const std::string& path, const RemoteOptions& remote) {
  if (path == "-") return "";
  char magic[4] = {};
  std::size_t have = 0;
  if (is_remote(path)) {
    const RemoteObject object(expand_one(path, remote), remote);
    have = std::min<std::size_t>(4, object.head().size());
    std::memcpy(magic, object.head().data(), have);
  } else {
    FileSource f(path);
    while (have < 4) {
      std::size_t got = f.read(magic + have, 4 - have);
      if (got == 0) break;
      have += got;
    }
  }
  if (have >= 2 && magic[0] == '\x1f' && magic[1] == '\x8b') return "gzip";
  if (have == 4 && std::memcmp(magic, "\x28\xb5\x2f\xfd", 4) == 0) return "zstd";
  return "";
}

std::uint64_t file_size(const std::string& path) {
  struct stat st {};
  if (path == "-" || is_remote(path) || ::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
    return 0;
  return static_cast<std::uint64_t>(st.st_size);
}

}  // namespace mlops::io
