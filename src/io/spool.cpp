#include "io/spool.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

#include "core/error.h"

namespace mlops::io {
namespace {

const char* const kSpoolHint =
    "set TMPDIR to a writable directory with room for the whole file, or pass the file's path "
    "instead of a stream";

// Closes the descriptor unless it was released.
struct OwnedFd {
  explicit OwnedFd(int descriptor) : fd(descriptor) {}
  OwnedFd(const OwnedFd&) = delete;
  OwnedFd& operator=(const OwnedFd&) = delete;
  ~OwnedFd() {
    if (fd >= 0) ::close(fd);
  }
  int release() { return std::exchange(fd, -1); }
  int fd;
};

std::string temp_dir() {
  const char* dir = std::getenv("TMPDIR");
  return dir != nullptr && *dir != '\0' ? dir : "/tmp";
}

// Writes all of [data, data + size) to fd; else false with errno's message in `error`.
bool write_all(int fd, const char* data, std::size_t size, std::string& error) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error = n < 0 ? std::strerror(errno) : "nothing was written";
      return false;
    }
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

std::unique_ptr<RandomAccess> spool_to_temp_file(ChunkBuffer& buffer, const std::string& name) {
  const std::string dir = temp_dir();
  const std::string pattern = dir + "/mlops-parquet-XXXXXX";
  std::vector<char> path(pattern.begin(), pattern.end());
  path.push_back('\0');
  OwnedFd file(::mkostemp(path.data(), O_CLOEXEC));
  if (file.fd < 0) {
    throw input_error(name + ": Parquet is read from a temporary copy of a stream, and none can " +
                          "be made in " + dir + ": " + std::strerror(errno),
                      kSpoolHint);
  }
  ::unlink(path.data());
  std::uint64_t size = 0;
  std::string error;
  do {
    const auto n = static_cast<std::size_t>(buffer.end() - buffer.begin());
    if (!write_all(file.fd, buffer.begin(), n, error)) {
      throw input_error(name + ": Parquet is read from a temporary copy of a stream, and " +
                            "writing it to " + dir + " failed after " + std::to_string(size) +
                            " bytes: " + error,
                        kSpoolHint);
    }
    size += n;
    buffer.consume_to(buffer.end());
  } while (buffer.refill());
  return adopt_random_access(file.release(), name, size);
}

}  // namespace mlops::io
