#include "validate/validator.h"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <exception>
#include <sstream>
#include <thread>
#include <utility>

#include "core/error.h"
#include "crypto/sha256.h"
#include "io/csv_reader.h"
#include "io/open_table.h"
#include "io/progress.h"
#include "io/source.h"
#include "validate/pass.h"

namespace mlops::validate {
namespace {

// Byte offsets where shards 1..n-1 start: just after the first line break at or after each
// even split point. A break inside a quoted field is caught later (the shard boundary then
// does not line up with a record) and the file is read in one piece instead.
std::vector<std::uint64_t> shard_starts(const std::string& path, std::uint64_t size, int shards) {
  std::vector<std::uint64_t> starts;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return starts;
  char buf[4096];
  for (int k = 1; k < shards; ++k) {
    std::uint64_t pos = size * static_cast<std::uint64_t>(k) / static_cast<std::uint64_t>(shards);
    if (!starts.empty() && pos < starts.back()) pos = starts.back();
    for (;;) {
      ssize_t got = ::pread(fd, buf, sizeof buf, static_cast<off_t>(pos));
      if (got <= 0) break;
      const void* nl = std::memchr(buf, '\n', static_cast<std::size_t>(got));
      if (nl != nullptr) {
        std::uint64_t start =
            pos + static_cast<std::uint64_t>(static_cast<const char*>(nl) - buf) + 1;
        if (start < size && (starts.empty() || start > starts.back())) starts.push_back(start);
        break;
      }
      pos += static_cast<std::uint64_t>(got);
    }
  }
  ::close(fd);
  return starts;
}

enum class Sharded { kNotTried, kFellBack, kDone };

// Validates one plain CSV file in `threads` shards at once while this thread fingerprints it.
// kNotTried: the file cannot be sharded (nothing was read). kFellBack: a shard failed or a
// boundary fell inside a quoted field; the file was fingerprinted but `pass` is unchanged, so
// the caller reads it in one piece (which reports any error with the right line number).
Sharded validate_sharded(const Contract& contract, const ValidateOptions& options,
                         const std::string& path, std::size_t file, Pass& pass, FileInfo& info,
                         crypto::Sha256& fingerprint) {
  const std::uint64_t size = io::file_size(path);
  if (options.threads < 2 || size < options.min_shard_bytes * 2 || !info.compression.empty()) {
    return Sharded::kNotTried;
  }
  std::istringstream no_stdin;
  io::ReadOptions read = contract.read;
  auto first = io::open_table(path, read, no_stdin);
  auto* csv = dynamic_cast<io::CsvReader*>(first.get());
  if (csv == nullptr) return Sharded::kNotTried;
  int shards = static_cast<int>(std::min<std::uint64_t>(static_cast<std::uint64_t>(options.threads),
                                                        size / options.min_shard_bytes));
  std::vector<std::uint64_t> starts = shard_starts(path, size, shards);
  if (starts.empty()) return Sharded::kNotTried;

  io::ReadOptions rest = read;
  rest.columns = csv->columns();
  rest.delimiter = csv->delimiter();
  rest.header = false;
  const std::size_t n = starts.size() + 1;
  std::vector<Pass> passes;
  std::vector<FileInfo> infos(n);
  std::vector<Pass::RangeEnd> ends(n);
  std::vector<std::exception_ptr> errors(n);
  for (std::size_t k = 0; k < n; ++k)
    passes.emplace_back(contract, options.max_examples, options.charts, true);
  auto work = [&](std::size_t k) {
    try {
      std::uint64_t end_offset = k + 1 < n ? starts[k] : ~std::uint64_t{0};
      if (k == 0) {
        ends[k] = passes[k].read_rows(*first, file, infos[k], end_offset);
      } else {
        auto reader = io::open_csv_at(path, rest, starts[k - 1]);
        ends[k] = passes[k].read_rows(*reader, file, infos[k], end_offset);
      }
    } catch (...) {
      errors[k] = std::current_exception();
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t k = 1; k < n; ++k) threads.emplace_back(work, k);
  // Fingerprint on this thread meanwhile; shard 0 runs after (threads are busy with the rest).
  {
    auto src = io::open_file_at(path, 0);
    std::vector<char> buf(1 << 20);
    while (std::size_t got = src->read(buf.data(), buf.size())) {
      fingerprint.update(buf.data(), got);
      info.bytes += got;
    }
  }
  work(0);
  for (auto& t : threads) t.join();
  for (std::size_t k = 0; k < n; ++k) {
    if (errors[k] || !ends[k].at_end_offset) return Sharded::kFellBack;
  }
  std::uint64_t line_base = 0;
  // A repeat of an earlier shard's value is shown by reading its row again.
  auto reopen = [&](std::uint64_t offset) { return io::open_csv_at(path, rest, offset); };
  for (std::size_t k = 0; k < n; ++k) {
    pass.merge(std::move(passes[k]), line_base, reopen, options.threads);
    info.rows += infos[k].rows;
    line_base += ends[k].lines;
  }
  pass.finish_file(*first, file, info);
  info.shards = n;
  return Sharded::kDone;
}

}  // namespace

Result run_validation(const Contract& contract, const ValidateOptions& options,
                      std::istream& stdin_stream, std::ostream& err) {
  auto start = std::chrono::steady_clock::now();
  Result result;
  result.as_of = options.as_of.value_or(
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count());
  crypto::Sha256 fingerprint;
  Pass pass(contract, options.max_examples, options.charts);
  for (std::size_t f = 0; f < options.files.size(); ++f) {
    const std::string& path = options.files[f];
    FileInfo info;
    info.path = path;
    info.compression = io::compression_of(path);
    Sharded sharded = validate_sharded(contract, options, path, f, pass, info, fingerprint);
    if (sharded != Sharded::kDone) {
      const bool hash = sharded == Sharded::kNotTried;
      io::Progress progress(err, options.progress, path, io::file_size(path));
      io::ReadOptions read = contract.read;
      read.progress = &progress;
      read.on_raw_bytes = [&](const char* data, std::size_t n) {
        if (hash) {
          fingerprint.update(data, n);
          info.bytes += n;
        }
      };
      auto reader = io::open_table(path, read, stdin_stream);
      pass.read_rows(*reader, f, info);
      pass.finish_file(*reader, f, info);
    }
    result.files.push_back(std::move(info));
  }
  result.fingerprint = fingerprint.hex_digest();
  result.columns = pass.take_columns();
  result.dataset = pass.take_dataset();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace mlops::validate
