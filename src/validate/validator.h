#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "io/remote_options.h"
#include "validate/column_state.h"
#include "validate/contract.h"

namespace mlops::validate {

struct ValidateOptions {
  std::vector<std::string> files;  // validated as one dataset; "-" is stdin
  std::size_t max_examples = 5;
  std::optional<double> as_of;  // "now" for freshness, seconds since the epoch (UTC)
  bool progress = false;        // show a progress meter on `err`
  bool charts = false;          // sample values for the HTML report's histograms
  // Plain CSV files of at least 2 x min_shard_bytes are split into up to `threads` shards
  // validated in parallel; the result is the same as reading them in one piece.
  int threads = 1;
  std::uint64_t min_shard_bytes = 16u << 20;
  // How objects (s3://, gs://, https://) are fetched: --data-timeout, --data-retries.
  io::RemoteOptions remote;
};

struct FileInfo {
  std::string path;
  std::uint64_t rows = 0;
  std::uint64_t bytes = 0;  // bytes read from the file (compressed size for .gz/.zst)
  std::string compression;
  std::size_t shards = 1;                  // pieces validated in parallel
  std::vector<std::string> extra_columns;  // in the data, not in the contract
};

// Dataset-level findings (row count comes from the rows of all files).
struct DatasetState {
  std::uint64_t rows = 0;
  std::vector<stats::DistinctCounter> keys;  // per contract unique key
  std::vector<Violations> key_duplicates;
  std::vector<Violations> rules;  // per contract rule
  // Rows judged: per rule, those it applied to (when true, no null operand); per unique key,
  // those with every part of the key.
  std::vector<std::uint64_t> rule_rows;
  std::vector<std::uint64_t> key_rows;
};

struct Result {
  std::vector<FileInfo> files;
  std::string fingerprint;           // SHA-256 of every byte read, files in order
  std::vector<ColumnState> columns;  // parallel to Contract::columns
  DatasetState dataset;
  double as_of = 0;
  double seconds = 0;
};

// One streaming pass over the files, evaluating every check of the contract. Throws an input
// Error (exit 3) when a file cannot be read or is malformed.
Result run_validation(const Contract& contract, const ValidateOptions& options,
                      std::istream& stdin_stream, std::ostream& err);

}  // namespace mlops::validate
