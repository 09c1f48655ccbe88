#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace mlops::attest::audit {

// An append-only audit log: one JSON line per decision,
//   {"seq":N,"time":"2024-05-01T12:00:00Z","prev":"<hex>","entry":{...}}
// where seq counts from 1 and prev is the SHA-256 (hex) of the previous line's exact bytes
// without its newline (64 zeros on the first line). Editing, deleting or moving any line breaks
// the chain at the line after it. Editing or cutting the *tail* (the last lines) cannot be
// detected from the file alone: anchor the last line's hash elsewhere (an Anchor, kept in the
// signed attestation or a CI log) to close that gap.

using Clock = std::function<std::chrono::system_clock::time_point()>;

// "YYYY-MM-DDTHH:MM:SSZ" (RFC 3339, UTC, whole seconds).
std::string rfc3339_utc(std::chrono::system_clock::time_point t);

// A line of the log as someone outside it remembers it.
struct Anchor {
  std::uint64_t seq = 0;
  std::string line_sha256;
};

// Appends one line holding `entry` to the log at `path` (created if missing) and returns its
// anchor. The file is locked (flock) from reading the last line to the end of the write, so
// concurrent appenders, threads or processes, keep one valid chain; the line is written with a
// single append and fsync'd. A log whose last line is incomplete or not a record is not
// appended to (input Error, exit 3): run verify() and repair it first. `clock` is for tests.
// `then`, when given, runs after the line is written, while the lock is still held: when it
// throws (the attestation that anchors the line could not be written), the line is cut off
// again and the exception passes on, so the log never records a decision whose record failed.
Anchor append(const std::string& path, const boost::json::object& entry, const Clock& clock = {},
              const std::function<void(const Anchor&)>& then = {});

// What verify() found.
struct Verification {
  std::uint64_t records = 0;  // valid lines before the first problem (all of them when ok)
  std::size_t bad_line = 0;   // 1-based number of the first bad line; 0 when ok
  std::string problem;        // why that line is bad
  Anchor head;                // the last valid line (seq 0 and "" for an empty log)
  bool ok() const { return bad_line == 0; }
};

// Checks every line: a JSON object with seq (1, 2, ...), time, prev (the hash of the line
// before) and entry; the file ends with a newline. With `anchor`, also that the line with that
// seq still has that hash (detects an edited or removed tail). A missing or unreadable file is
// an input Error (exit 3); a broken chain is reported, not thrown.
Verification verify(const std::string& path, const std::optional<Anchor>& anchor = {});

}  // namespace mlops::attest::audit
