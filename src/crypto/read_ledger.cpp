#include "crypto/read_ledger.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"
#include "crypto/sha256.h"

namespace mlops::crypto {

std::string read_whole_file(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw input_error("cannot open " + path + ": " + std::strerror(errno),
                      "check the path and its permissions");
  }
  mlops::FileRead before;
  std::string text;
  Sha256 hash;
  bool ok = stat_file(fd, before);
  char buf[1 << 16];
  for (;;) {
    ssize_t got = ::read(fd, buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      const int err = errno;
      ::close(fd);
      throw input_error("cannot read " + path + ": " + std::strerror(err),
                        "check that the file is readable");
    }
    if (got == 0) break;
    text.append(buf, static_cast<std::size_t>(got));
    hash.update(buf, static_cast<std::size_t>(got));
  }
  try {
    record_whole_read(path, fd, ok, before, text.size(), hash.hex_digest());
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  return text;
}

}  // namespace mlops::crypto
