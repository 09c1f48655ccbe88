#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "attest/recorder.h"
#include "cli/app.h"
#include "cli/io.h"
#include "validate/validator.h"

namespace mlops::validate {

// `data-validate check`'s command line (docs/data-validate.md), read and checked.
struct CheckOptions {
  std::string contract_path;     // --contract
  bool fail_on_warning = false;  // --fail-on warning
  ValidateOptions validate;      // the files and how to read them
  cli::OutputOptions out;
  attest::RecordOptions record;
  // Made from `record` by the parser, where a bad key is a usage error before any input is
  // read. Null in options a test builds by hand: nothing is recorded.
  std::shared_ptr<const attest::DecisionRecorder> recorder;
};

// `data-validate infer`'s command line.
struct InferOptions {
  std::string data;             // the data file ("-": stdin)
  std::string output = "-";     // -o: where the contract goes ("-": stdout)
  std::size_t sample_rows = 0;  // --sample-rows; 0: every row
  io::RemoteOptions remote;     // --data-timeout, --data-retries
};

// Reads the arguments after `check` into options, with every usage check that needs no input
// (exit 2): the options themselves, outputs that would overwrite an input or each other
// (cli::check_outputs, after which an error writes the errored --junit report), the
// attestation key, --fail-on, --max-examples, --threads and --as-of. Prints the usage and
// returns nullopt for --help.
std::optional<CheckOptions> parse_check_options(const std::vector<std::string>& args, cli::Io& io);

// Reads the arguments after `infer`, refusing an output that is the input (exit 2). Prints the
// usage and returns nullopt for --help.
std::optional<InferOptions> parse_infer_options(const std::vector<std::string>& args, cli::Io& io);

// The usage of data-validate, both commands.
extern const char* const kDataValidateUsage;

}  // namespace mlops::validate
