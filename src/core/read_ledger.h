#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>

namespace mlops {

// What this process read of each file, hashed while it was read: an attestation signs the
// digest of the bytes a gate judged, never a digest taken from disk again after the decision
// (when the file may have been swapped). Filled by io::open_source's file reader and by
// crypto::read_whole_file(); read by attest::file_subjects(). Thread-safe.
struct FileRead {
  std::string sha256;  // of every byte, read from offset 0 to the end
  std::uint64_t size = 0;
  dev_t device = 0;
  ino_t inode = 0;
  std::int64_t mtime_ns = 0;
};

// Hashing every read costs CPU, so the ledger is off until a tool that records its decision
// (--attest-out, --audit-log) turns it on, before it reads anything. crypto::read_whole_file()
// always records. cli::run_tool clears it when a run starts.
void enable_read_ledger();
bool read_ledger_enabled();

// The identity and size of an open file, or of a path (after following symlinks), with an
// empty sha256. False when it cannot be stat'ed.
bool stat_file(int fd, FileRead& out);
bool stat_path(const std::string& path, FileRead& out);

// Whether two stats name the same, unchanged file (device, inode, size, modification time).
bool unchanged(const FileRead& before, const FileRead& after);

// Records a complete read of `path` (as the tool named it). Reading the same path again with
// other bytes is an input Error (exit 3): the file changed during the run.
void record_read(const std::string& path, const FileRead& read);

// Ends a complete read of `path` through the open `fd`: `before` its stat taken before the
// first byte (`stated` false when that failed), `size` bytes read, `sha256` their digest. An
// input Error (exit 3) when the file changed meanwhile (size, identity or modification time);
// else record_read.
void record_whole_read(const std::string& path, int fd, bool stated, const FileRead& before,
                       std::uint64_t size, std::string sha256);

// The recorded read of `path`, if any.
std::optional<FileRead> find_read(const std::string& path);

// Forgets every record and turns the ledger off: a new run starts (tests run several tools
// in one process).
void clear_reads();

}  // namespace mlops
