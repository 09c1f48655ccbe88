#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <ostream>
#include <string>

namespace mlops::io {

// A one-line progress meter on stderr for long reads: bytes, rows, rate and percent when the
// size is known. Disabled (every call a no-op) unless stderr is a TTY and --quiet is not given,
// so CI logs never see carriage-return noise.
class Progress {
 public:
  using Clock = std::chrono::steady_clock;

  // `now` is the clock the meter throttles and measures the rate on (a seam for tests).
  Progress(std::ostream& err, bool enabled, std::string label, std::uint64_t total_bytes,
           std::function<Clock::time_point()> now = Clock::now);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(std::uint64_t bytes, std::uint64_t rows);
  // Clears the line. Called by the destructor too.
  void finish();
  bool enabled() const { return enabled_; }

 private:
  std::ostream& err_;
  bool enabled_;
  bool shown_ = false;
  std::string label_;
  std::uint64_t total_;
  std::function<Clock::time_point()> now_;
  Clock::time_point start_;
  Clock::time_point last_;
};

// Human-readable byte count: "512 B", "1.5 MB", "2.3 GB" (decimal units).
std::string human_bytes(double bytes);

}  // namespace mlops::io
