#include "io/progress.h"

#include <cstdio>
#include <utility>

namespace mlops::io {

Progress::Progress(std::ostream& err, bool enabled, std::string label, std::uint64_t total_bytes,
                   std::function<Clock::time_point()> now)
    : err_(err),
      enabled_(enabled),
      label_(std::move(label)),
      total_(total_bytes),
      now_(std::move(now)),
      start_(now_()),
      last_(start_) {}

Progress::~Progress() { finish(); }

std::string human_bytes(double bytes) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB"};
  int u = 0;
  while (bytes >= 1000 && u < 4) {
    bytes /= 1000;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
  return buf;
}

void Progress::update(std::uint64_t bytes, std::uint64_t rows) {
  if (!enabled_) return;
  auto now = now_();
  if (now - last_ < std::chrono::milliseconds(250)) return;
  last_ = now;
  double secs = std::chrono::duration<double>(now - start_).count();
  char buf[160];
  int n = std::snprintf(buf, sizeof buf, "\r%s: %s, %llu rows, %s/s", label_.c_str(),
                        human_bytes(static_cast<double>(bytes)).c_str(),
                        static_cast<unsigned long long>(rows),
                        human_bytes(secs > 0 ? static_cast<double>(bytes) / secs : 0).c_str());
  if (total_ > 0 && n > 0 && static_cast<std::size_t>(n) < sizeof buf) {
    std::snprintf(buf + n, sizeof buf - static_cast<std::size_t>(n), " (%.0f%%)",
                  100.0 * static_cast<double>(bytes) / static_cast<double>(total_));
  }
  err_ << buf << "\x1b[K" << std::flush;
  shown_ = true;
}

void Progress::finish() {
  if (shown_) {
    err_ << "\r\x1b[K" << std::flush;
    shown_ = false;
  }
}

}  // namespace mlops::io
