// membw: the machine's floor figures for bench/run.sh, measured in the same run as the tools.
//
//   membw [FILE...]
//
// Prints, one per line:
//   memcpy_gbs X     memcpy of a 256 MiB buffer into another, bytes per second (best of 5)
//   read_gbs FILE X  read(2) of FILE through a 1 MiB buffer (best of 3); bench/run.sh has just
//                    read FILE, so it is in the page cache: no tool that reads FILE can go
//                    faster on one thread
// Self-contained (no project libraries), so it measures the machine, not the code.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double memcpy_gbs() {
  constexpr std::size_t kBytes = std::size_t{256} << 20;
  std::vector<char> from(kBytes, 1);
  std::vector<char> to(kBytes, 2);  // both touched: no page faults inside the timed copies
  double best = 0;
  for (int i = 0; i < 5; ++i) {
    from[static_cast<std::size_t>(i)] = static_cast<char>(i);
    const auto start = std::chrono::steady_clock::now();
    std::memcpy(to.data(), from.data(), kBytes);
    best = std::max(best, static_cast<double>(kBytes) / seconds_since(start) / 1e9);
  }
  // Keep the copies observable so the compiler cannot drop them.
  if (to[3] != 3) std::fputs("membw: unexpected copy\n", stderr);
  return best;
}

// -1 when FILE cannot be read.
double read_gbs(const char* path) {
  std::vector<char> buffer(std::size_t{1} << 20);
  double best = 0;
  for (int i = 0; i < 3; ++i) {
    const int fd = open(path, O_RDONLY);
    if (fd < 0) return -1;
    std::size_t total = 0;
    const auto start = std::chrono::steady_clock::now();
    for (;;) {
      const ssize_t n = read(fd, buffer.data(), buffer.size());
      if (n < 0) {
        close(fd);
        return -1;
      }
      if (n == 0) break;
      total += static_cast<std::size_t>(n);
    }
    const double elapsed = seconds_since(start);
    close(fd);
    if (elapsed > 0) best = std::max(best, static_cast<double>(total) / elapsed / 1e9);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  std::printf("memcpy_gbs %.2f\n", memcpy_gbs());
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    const double gbs = read_gbs(argv[i]);
    if (gbs < 0) {
      std::fprintf(stderr, "membw: error: cannot read %s, pass a readable file\n", argv[i]);
      status = 2;
      continue;
    }
    std::printf("read_gbs %s %.2f\n", argv[i], gbs);
  }
  return status;
}
