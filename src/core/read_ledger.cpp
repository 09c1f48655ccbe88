#include "core/read_ledger.h"

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <utility>

#include "core/error.h"

namespace mlops {
namespace {

std::mutex& ledger_mutex() {
  static std::mutex m;
  return m;
}

std::map<std::string, FileRead>& ledger() {
  static std::map<std::string, FileRead> reads;
  return reads;
}

void fill(const struct stat& st, FileRead& out) {
  out.size = static_cast<std::uint64_t>(st.st_size);
  out.device = st.st_dev;
  out.inode = st.st_ino;
  out.mtime_ns = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

std::atomic<bool> enabled{false};

}  // namespace

void enable_read_ledger() { enabled = true; }
bool read_ledger_enabled() { return enabled; }

bool stat_file(int fd, FileRead& out) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return false;
  fill(st, out);
  return true;
}

bool stat_path(const std::string& path, FileRead& out) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  fill(st, out);
  return true;
}

bool unchanged(const FileRead& a, const FileRead& b) {
  return a.device == b.device && a.inode == b.inode && a.size == b.size && a.mtime_ns == b.mtime_ns;
}

void record_whole_read(const std::string& path, int fd, bool stated, const FileRead& before,
                       std::uint64_t size, std::string sha256) {
  FileRead after;
  if (!stated || !stat_file(fd, after) || !unchanged(before, after) || after.size != size) {
    throw input_error(path + " changed while it was read (its size or modification time moved)",
                      "do not modify the inputs while a gate reads them");
  }
  after.sha256 = std::move(sha256);
  record_read(path, after);
}

void record_read(const std::string& path, const FileRead& read) {
  std::lock_guard<std::mutex> lock(ledger_mutex());
  auto [it, inserted] = ledger().emplace(path, read);
  if (!inserted) {
    if (it->second.sha256 != read.sha256) {
      throw input_error(path + " changed during the run: two reads of it gave different bytes",
                        "do not modify the inputs while a gate reads them");
    }
    it->second = read;
  }
}

std::optional<FileRead> find_read(const std::string& path) {
  std::lock_guard<std::mutex> lock(ledger_mutex());
  auto it = ledger().find(path);
  if (it == ledger().end()) return std::nullopt;
  return it->second;
}

void clear_reads() {
  std::lock_guard<std::mutex> lock(ledger_mutex());
  ledger().clear();
  enabled = false;
}

}  // namespace mlops
