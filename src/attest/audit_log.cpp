#include "attest/audit_log.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <vector>

#include "core/error.h"
#include "crypto/sha256.h"
#include "json/write.h"

namespace mlops::attest::audit {
namespace {

namespace json = boost::json;

constexpr std::string_view kZeroHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// The longest last line append() will look back over; records are small, a longer "line" means
// the file is not an audit log.
constexpr off_t kMaxLineBytes = off_t{16} * 1024 * 1024;

Error io_error(const std::string& what, const std::string& path) {
  return input_error(what + " the audit log " + path + ": " + std::strerror(errno),
                     "check that --audit-log names a writable file");
}

// Holds the descriptor and the exclusive lock; both released on destruction.
class LockedFile {
 public:
  explicit LockedFile(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd_ < 0) throw io_error("cannot open", path);
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno != EINTR) {
        Error e = io_error("cannot lock", path);
        ::close(fd_);
        throw e;
      }
    }
  }
  ~LockedFile() {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }
  LockedFile(const LockedFile&) = delete;
  LockedFile& operator=(const LockedFile&) = delete;
  int fd() const { return fd_; }

 private:
  std::string path_;
  int fd_ = -1;
};

bool is_hex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::optional<std::uint64_t> positive_integer(const json::value* v) {
  if (v == nullptr) return std::nullopt;
  if (v->is_uint64() && v->get_uint64() > 0) return v->get_uint64();
  if (v->is_int64() && v->get_int64() > 0) return static_cast<std::uint64_t>(v->get_int64());
  return std::nullopt;
}

// A parsed line, or why it is not a record.
struct Record {
  std::uint64_t seq = 0;
  std::string prev;
  std::string error;
};

Record parse_record(std::string_view line) {
  Record r;
  json::error_code ec;
  json::value v = json::parse(line, ec);
  if (ec) {
    r.error = "not JSON (" + ec.message() + ")";
    return r;
  }
  const json::object* o = v.if_object();
  if (o == nullptr) {
    r.error = "not a JSON object";
    return r;
  }
  auto seq = positive_integer(o->if_contains("seq"));
  const json::value* time = o->if_contains("time");
  const json::value* prev = o->if_contains("prev");
  const json::value* entry = o->if_contains("entry");
  if (!seq) {
    r.error = "no positive integer \"seq\"";
  } else if (time == nullptr || !time->is_string()) {
    r.error = "no \"time\" string";
  } else if (prev == nullptr || !prev->is_string() || !is_hex64(prev->get_string())) {
    r.error = "no \"prev\" of 64 lower-case hex digits";
  } else if (entry == nullptr || !entry->is_object()) {
    r.error = "no \"entry\" object";
  } else {
    r.seq = *seq;
    r.prev = prev->get_string();
  }
  return r;
}

// The last line of the log (without its newline), or "" for an empty log. Read backwards so
// that appending stays O(1) in the size of the log.
std::string last_line(int fd, const std::string& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw io_error("cannot stat", path);
  off_t end = st.st_size;
  if (end == 0) return {};
  auto read_at = [&](off_t offset, std::size_t n) {
    std::string buf(n, '\0');
    std::size_t got = 0;
    while (got < n) {
      ssize_t r = ::pread(fd, buf.data() + got, n - got, offset + static_cast<off_t>(got));
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) throw io_error("cannot read", path);
      got += static_cast<std::size_t>(r);
    }
    return buf;
  };
  if (read_at(end - 1, 1) != "\n") {
    throw input_error("the audit log " + path + " ends with an incomplete line",
                      "a write was interrupted or the file was edited; run audit-verify and "
                      "repair it before appending");
  }
  std::string tail;  // bytes between the previous newline and the final one
  off_t pos = end - 1;
  while (pos > 0) {
    off_t chunk = std::min<off_t>(pos, off_t{64} * 1024);
    std::string buf = read_at(pos - chunk, static_cast<std::size_t>(chunk));
    std::size_t nl = buf.rfind('\n');
    if (nl != std::string::npos) {
      tail.insert(0, buf, nl + 1);
      return tail;
    }
    tail.insert(0, buf);
    pos -= chunk;
    if (end - pos > kMaxLineBytes) {
      throw input_error("the audit log " + path + " ends with a line longer than 16 MiB",
                        "check that --audit-log names an audit log");
    }
  }
  return tail;
}

void write_all(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw io_error("cannot write to", path);
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace

std::string rfc3339_utc(std::chrono::system_clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Anchor append(const std::string& path, const json::object& entry, const Clock& clock,
              const std::function<void(const Anchor&)>& then) {
  LockedFile file(path);
  std::string last = last_line(file.fd(), path);
  std::uint64_t seq = 1;
  std::string prev(kZeroHash);
  if (!last.empty()) {
    Record r = parse_record(last);
    if (!r.error.empty()) {
      throw input_error(
          "the last line of the audit log " + path + " is not an audit record: " + r.error,
          "run audit-verify; append only to a log written by --audit-log");
    }
    seq = r.seq + 1;
    prev = crypto::sha256_hex(last);
  }
  json::object record;
  record["seq"] = seq;
  record["time"] = rfc3339_utc(clock ? clock() : std::chrono::system_clock::now());
  record["prev"] = prev;
  record["entry"] = entry;
  std::string line = mlops::json::serialize(record);  // compact: never holds a raw newline

  struct stat st {};
  if (::fstat(file.fd(), &st) != 0) throw io_error("cannot stat", path);
  Anchor anchor{seq, crypto::sha256_hex(line)};
  try {
    write_all(file.fd(), line + "\n", path);
    if (::fsync(file.fd()) != 0) throw io_error("cannot sync", path);
    if (then) then(anchor);
  } catch (...) {
    // Leave no half line behind: the next append would refuse the log.
    if (::ftruncate(file.fd(), st.st_size) != 0) {
      // Nothing more to do; verify() will report the incomplete line.
    }
    (void)::fsync(file.fd());
    throw;
  }
  return anchor;
}

Verification verify(const std::string& path, const std::optional<Anchor>& anchor) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw input_error("cannot read the audit log " + path + ": " + std::strerror(errno),
                      "check the path");
  }
  Verification v;
  std::string prev_hash(kZeroHash);
  std::string line;
  std::size_t n = 0;
  auto bad = [&](std::string why) {
    v.bad_line = n;
    v.problem = "line " + std::to_string(n) + ": " + std::move(why);
    return v;
  };
  while (std::getline(in, line)) {
    ++n;
    if (in.eof()) {
      return bad("no newline at the end: the log was truncated, or a write was interrupted");
    }
    Record r = parse_record(line);
    if (!r.error.empty()) return bad("not an audit record: " + r.error);
    std::string why;
    std::uint64_t expected = v.head.seq + 1;
    if (r.seq != expected) {
      why = "seq is " + std::to_string(r.seq) + ", expected " + std::to_string(expected);
    }
    if (r.prev != prev_hash) {
      if (!why.empty()) why += "; ";
      why += n == 1 ? "prev is not 64 zeros, as on a first line"
                    : "prev is not the SHA-256 of line " + std::to_string(n - 1);
    }
    if (!why.empty()) {
      return bad(why + " (line " + std::to_string(n > 1 ? n - 1 : 1) +
                 " was edited, or lines were deleted, inserted or reordered)");
    }
    prev_hash = crypto::sha256_hex(line);
    v.head = {r.seq, prev_hash};
    ++v.records;
    if (anchor && r.seq == anchor->seq && prev_hash != anchor->line_sha256) {
      return bad("its SHA-256 is not the anchored " + anchor->line_sha256 + " of seq " +
                 std::to_string(anchor->seq) + ": the line was edited");
    }
  }
  if (in.bad()) throw input_error("cannot read the audit log " + path, "check the file");
  if (anchor && anchor->seq > v.head.seq) {
    ++n;
    return bad("the log ends at seq " + std::to_string(v.head.seq) + ", but the anchor is seq " +
               std::to_string(anchor->seq) + ": lines were removed from the end");
  }
  return v;
}

}  // namespace mlops::attest::audit
