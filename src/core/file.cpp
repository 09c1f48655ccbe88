#include "core/file.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/error.h"

namespace mlops {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& what, const std::string& path, int err) {
  throw input_error("cannot write the " + what + " to " + path + ": " + std::strerror(err),
                    "check that the directory exists and is writable and that the disk has room");
}

// Writes all of `text` to `fd`; returns 0 or the errno of the failed write.
int write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return errno;
    if (n == 0) return EIO;
    text.remove_prefix(static_cast<std::size_t>(n));
  }
  return 0;
}

std::string parent_of(const std::string& path) {
  fs::path parent = fs::path(path).parent_path();
  return parent.empty() ? std::string(".") : parent.string();
}

// Best effort: the rename itself is durable only once the directory is synced.
void sync_directory(const std::string& dir) noexcept {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  (void)::close(fd);
}

}  // namespace

std::string random_hex(std::size_t bytes) {
  std::array<unsigned char, 64> buf{};
  if (bytes > buf.size() || getentropy(buf.data(), bytes) != 0) {
    throw input_error(std::string("no random bytes from the system: ") + std::strerror(errno));
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < bytes; ++i) {
    out += kHex[buf[i] >> 4];
    out += kHex[buf[i] & 0xF];
  }
  return out;
}

StagedFile::StagedFile(const std::string& path, std::string_view text, const char* what)
    : path_(path), target_(path), what_(what) {
  struct stat st {};
  const bool exists = ::stat(path.c_str(), &st) == 0;
  if (exists && !S_ISREG(st.st_mode)) {
    // /dev/stdout, /dev/full, a FIFO: nothing to rename over, so write in place and check.
    int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) fail(what_, path_, errno);
    int err = write_all(fd, text);
    if (::close(fd) != 0 && err == 0) err = errno;
    if (err != 0) fail(what_, path_, err);
    return;
  }
  if (exists) {
    // Through a symlink the file it names is replaced, as a plain write would have done.
    std::error_code ec;
    fs::path real = fs::canonical(path, ec);
    if (!ec) target_ = real.string();
  }
  const std::string dir = parent_of(target_);
  const std::string base = fs::path(target_).filename().string();
  int fd = -1;
  for (int attempt = 0; fd < 0; ++attempt) {
    tmp_ = dir + "/." + base + "." + random_hex(8) + ".tmp";
    fd = ::open(tmp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0 && (errno != EEXIST || attempt == 8)) {
      const int err = errno;
      tmp_.clear();
      fail(what_, path_, err);
    }
  }
  int err = 0;
  if (exists) (void)::fchmod(fd, st.st_mode & 07777);  // keep the report's permissions
  err = write_all(fd, text);
  if (err == 0 && ::fsync(fd) != 0) err = errno;
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err != 0) {
    ::unlink(tmp_.c_str());
    tmp_.clear();
    fail(what_, path_, err);
  }
}

StagedFile::StagedFile(StagedFile&& other) noexcept
    : path_(std::move(other.path_)),
      target_(std::move(other.target_)),
      tmp_(std::move(other.tmp_)),
      what_(std::move(other.what_)),
      renamed_(other.renamed_) {
  other.tmp_.clear();
  other.renamed_ = false;
}

StagedFile::~StagedFile() {
  if (!tmp_.empty()) ::unlink(tmp_.c_str());
}

void StagedFile::commit() {
  if (tmp_.empty()) return;  // written in place
  if (::rename(tmp_.c_str(), target_.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp_.c_str());
    tmp_.clear();
    fail(what_, path_, err);
  }
  tmp_.clear();
  renamed_ = true;
  sync_directory(parent_of(target_));
}

void StagedFile::remove_committed() noexcept {
  if (renamed_) ::unlink(target_.c_str());
  renamed_ = false;
}

std::uint64_t append_file(const std::string& path, std::string_view text, const char* what) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOCTTY, 0666);
  if (fd < 0) fail(what, path, errno);
  struct stat st {};
  const bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  int err = write_all(fd, text);
  if (err == 0 && regular && ::fsync(fd) != 0) err = errno;
  if (err != 0 && regular) {
    // Leave no half entry behind: a reader of the runner file would take it for a value.
    (void)::ftruncate(fd, st.st_size);
  }
  if (::close(fd) != 0 && err == 0) err = errno;
  if (err != 0) fail(what, path, err);
  return regular ? static_cast<std::uint64_t>(st.st_size) : 0;
}

void truncate_file(const std::string& path, std::uint64_t size) noexcept {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return;
  (void)::truncate(path.c_str(), static_cast<off_t>(size));
}

void write_file(const std::string& path, std::string_view text, bool append, const char* what) {
  if (append) {
    append_file(path, text, what);
    return;
  }
  StagedFile(path, text, what).commit();
}

std::string create_unique_file(const std::string& dir, const std::string& prefix,
                               const std::string& suffix) {
  for (int attempt = 0;; ++attempt) {
    std::string path = dir + "/" + prefix + random_hex(8) + suffix;
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0) {
      if (::close(fd) != 0) fail("report", path, errno);
      return path;
    }
    if (errno != EEXIST || attempt == 8) fail("report", path, errno);
  }
}

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa {
  }, sb{};
  if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return false;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

}  // namespace mlops
