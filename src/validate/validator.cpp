#include "validate/validator.h"

#include <chrono>
#include <string>
#include <utility>

#include "crypto/sha256.h"
#include "io/progress.h"
#include "io/remote.h"
#include "io/scan.h"
#include "io/source.h"
#include "validate/pass.h"

namespace mlops::validate {
namespace {

// Validates one file into `pass`: large plain CSV and JSON Lines files in pieces at once
// (io::Scan), whose passes merge in file order, so the result is the one of a single read (a
// repeat of a unique value across pieces is found at the merge, its row read again).
void validate_file(const Contract& contract, const ValidateOptions& options,
                   const std::string& path, std::size_t file, Pass& pass, FileInfo& info,
                   crypto::Sha256& fingerprint, std::istream& stdin_stream, std::ostream& err) {
  io::Progress progress(err, options.progress, path, io::file_size(path));
  io::ReadOptions read = contract.read;
  read.remote = options.remote;
  read.progress = &progress;
  // Only the contract's columns are read (a Parquet file's others are skipped); every column
  // is still listed, for the extra-column check.
  std::vector<std::string> wanted;
  for (const ColumnSpec& spec : contract.columns) wanted.push_back(spec.name);
  read.wanted_columns = io::only_columns(std::move(wanted));
  read.on_raw_bytes = [&](const char* data, std::size_t n) {
    fingerprint.update(data, n);
    info.bytes += n;
  };
  io::ScanOptions scan_options;
  scan_options.threads = options.threads;
  scan_options.min_piece_bytes = options.min_shard_bytes;
  io::Scan scan(path, read, scan_options, stdin_stream);
  if (scan.pieces() == 1) {
    scan.run([&](std::size_t, io::TableReader& reader) { pass.read_rows(reader, file, info); },
             [] {});
    pass.finish_file(scan.columns(), file, info);
    return;
  }
  std::vector<Pass> parts;
  std::vector<FileInfo> infos;
  auto fresh = [&](std::size_t n) {
    parts.clear();
    for (std::size_t k = 0; k < n; ++k)
      parts.emplace_back(contract, options.max_examples, options.charts, true);
    infos.assign(n, FileInfo{});
  };
  fresh(scan.pieces());
  const std::vector<std::uint64_t> lines = scan.run(
      [&](std::size_t k, io::TableReader& reader) { parts[k].read_rows(reader, file, infos[k]); },
      [&] { fresh(1); });
  auto reopen = [&scan](std::uint64_t offset) { return scan.open_at(offset); };
  for (std::size_t k = 0; k < lines.size(); ++k) {
    pass.merge(std::move(parts[k]), lines[k], reopen, options.threads);
    info.rows += infos[k].rows;
  }
  pass.finish_file(scan.columns(), file, info);
  info.shards = lines.size();
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
  // A pattern (s3://bucket/day=*/part-*.parquet) stands for the objects it matches, in order.
  std::vector<std::string> files;
  for (const std::string& given : options.files) {
    for (std::string& path : io::expand_remote(given, options.remote))
      files.push_back(std::move(path));
  }
  for (std::size_t f = 0; f < files.size(); ++f) {
    const std::string& path = files[f];
    FileInfo info;
    info.path = io::display_name(path);
    info.compression = io::compression_of(path, options.remote);
    validate_file(contract, options, path, f, pass, info, fingerprint, stdin_stream, err);
    result.files.push_back(std::move(info));
  }
  result.fingerprint = fingerprint.hex_digest();
  result.columns = pass.take_columns();
  result.dataset = pass.take_dataset();
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace mlops::validate
