#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "attest/recorder.h"
#include "cli/app.h"
#include "cli/io.h"
#include "net/http.h"
#include "tag/image_ref.h"
#include "tag/rules.h"

namespace mlops::tag {

// image-tag's command line (docs/image-tag.md), read and checked.
struct ImageTagOptions {
  std::vector<std::string> images;  // --image as given
  std::vector<ImageRef> refs;       // the same, parsed (lower-cased)
  std::vector<TagRule> rules;       // --tags, --tags-file or the default rules
  std::string tags_file;            // "" unless the rules came from a file
  Flavor flavor;
  std::vector<std::string> model_dirs, model_files;
  std::string model_name, model_version;
  bool digest_with_commit = false;
  // The git context given on the command line; what is not given comes from CI or git.
  std::string git_ref, git_sha, event, git_dir = ".";
  std::vector<std::pair<std::string, std::string>> labels;  // --label KEY=VALUE, in order
  std::string labels_out;
  bool check_registry = false, fail_if_exists = false, plain_http = false;
  net::Options http;
  cli::OutputOptions out;
  attest::RecordOptions record;
  // Made from `record` by the parser, where a bad key is a usage error before any input is
  // read; from then on files are hashed as they are read, for the record to sign. Null in
  // options a test builds by hand: nothing is recorded.
  std::shared_ptr<const attest::DecisionRecorder> recorder;
};

// Reads `args` (without the program name) into options, with every usage check that needs no
// input (exit 2): the options themselves, outputs that would overwrite an input or each other
// (cli::check_outputs, after which an error writes the errored --junit report), the attestation
// options, the image names, the tag rules (read from --tags-file) and the flavor. Prints the
// usage and returns nullopt for no arguments (image-tag then exits 2) and for --help (exit 0).
std::optional<ImageTagOptions> parse_image_tag_options(const std::vector<std::string>& args,
                                                       cli::Io& io);

// The text of --tags-file or the GitHub event file. An unreadable file is a usage Error naming
// `what`. Read through the read ledger: an attestation signs these bytes.
std::string read_text(const std::string& path, const char* what);

}  // namespace mlops::tag
