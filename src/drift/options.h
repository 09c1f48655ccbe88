#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "attest/recorder.h"
#include "cli/app.h"
#include "cli/io.h"
#include "cli/option_groups.h"
#include "drift/config.h"
#include "io/remote_options.h"
#include "net/http.h"
#include "net/metrics.h"

// drift-check's command lines (docs/drift-check.md): argv -> a plain struct, with every usage
// check (exit 2) done before any input is read. Each parser prints --help and returns nullopt.
namespace mlops::drift {

// The top-level usage of drift-check, shown by --help of every command.
std::string_view usage();

struct CompareOptions {
  std::string reference, current;  // data files or profiles ("-": stdin, one side at most)
  std::string config_path;         // "" when none
  DriftConfig config;              // loaded, with --memory-budget-mb and --schema applied
  bool sketch = false;
  int threads = cli::default_threads();       // pieces of a large plain CSV input read at once
  std::uint64_t min_piece_bytes = 16u << 20;  // io::ScanOptions (a seam for tests)
  std::string prometheus;
  cli::PushOptions push;
  net::MetricLabels labels;  // --label, checked
  net::Options http;         // the Pushgateway's: --timeout, --retries, --insecure
  io::RemoteOptions remote;  // data objects: --data-timeout, --data-retries
  cli::OutputOptions out;
  attest::RecordOptions record;
  // Built from `record` while the options are checked: a bad key is exit 2 before any work.
  std::optional<attest::DecisionRecorder> recorder;
};
std::optional<CompareOptions> parse_compare_options(const std::vector<std::string>& args,
                                                    cli::Io& io);

struct ProfileOptions {
  std::string data, output;  // "-": stdin, stdout
  std::string config_path;   // "" when none
  DriftConfig config;
  bool quiet = false;
  int threads = 1;  // 1: the sketches do not depend on the machine's cores
  std::uint64_t min_piece_bytes = 16u << 20;  // io::ScanOptions (a seam for tests)
  io::RemoteOptions remote;                   // data objects: --data-timeout, --data-retries
};
std::optional<ProfileOptions> parse_profile_options(const std::vector<std::string>& args,
                                                    cli::Io& io);

struct MergeOptions {
  std::vector<std::string> inputs;  // profiles, at least one
  std::string output;
  bool quiet = false;
};
std::optional<MergeOptions> parse_merge_options(const std::vector<std::string>& args, cli::Io& io);

}  // namespace mlops::drift
