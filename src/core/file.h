#pragma once

#include <sys/types.h>
#include <cstdint>
#include <string>
#include <string_view>

namespace mlops {

// How every output file is written (docs/conventions.md, "How outputs are written"):
// - A regular file (or a path that does not exist yet) is written to a temporary file created
//   exclusively (O_CREAT|O_EXCL|O_NOFOLLOW, a random name `.<name>.<hex>.tmp`) in the directory
//   of the target (after following symlinks), fully written, fsync'ed, closed (close's result
//   checked) and renamed over the target. A reader sees the old file or the new one, never half.
// - An existing target that is not a regular file (/dev/stdout, /dev/full, a FIFO) cannot be
//   renamed over: it is written directly, every write and the close checked.
// Any failure is an input Error (exit 3) naming the file and `what` it was for: a report that
// silently goes missing is a pass nobody checked.

// A file written to its temporary name but not yet in place. commit() renames it into place;
// destroying an uncommitted StagedFile removes the temporary file. For a non-regular target
// the bytes are already written (there is nothing to stage) and commit() does nothing.
class StagedFile {
 public:
  StagedFile(const std::string& path, std::string_view text, const char* what);
  StagedFile(StagedFile&& other) noexcept;
  StagedFile& operator=(StagedFile&&) = delete;
  StagedFile(const StagedFile&) = delete;
  ~StagedFile();

  // Renames the temporary file over the target. Throws an input Error.
  void commit();
  // The path as given.
  const std::string& path() const { return path_; }
  // Whether commit() replaced a file that rollback can remove (a regular file).
  bool renamed() const { return renamed_; }
  // Removes the committed file again (best effort): a report of a run that then failed must
  // not be left claiming its verdict.
  void remove_committed() noexcept;

 private:
  std::string path_, target_, tmp_, what_;
  bool renamed_ = false;
};

// Writes `text` to `path` (staged and committed at once), or appends it with one write and
// fsync when `append`: an append that fails part way is truncated back to the old size.
void write_file(const std::string& path, std::string_view text, bool append, const char* what);

// Appends like write_file(..., true, ...) and returns the size the file had before, for
// truncate_file() to undo the append.
std::uint64_t append_file(const std::string& path, std::string_view text, const char* what);

// Truncates `path` back to `size` (best effort, no throw).
void truncate_file(const std::string& path, std::uint64_t size) noexcept;

// Creates a new empty file exclusively (O_CREAT|O_EXCL) in `dir` named `<prefix><random><suffix>`
// and returns its path: for fallback report files that must not be predictable.
std::string create_unique_file(const std::string& dir, const std::string& prefix,
                               const std::string& suffix);

// `bytes` random bytes from getentropy, as lowercase hex. An input Error when the system has
// none.
std::string random_hex(std::size_t bytes);

// Whether two paths name the same file: device and inode after following symlinks. False
// when either does not exist.
bool same_file(const std::string& a, const std::string& b);

}  // namespace mlops
