#include "tag/options.h"

#include <filesystem>
#include <fstream>

#include "attest/options.h"
#include "cli/option_groups.h"
#include "cli/publish.h"
#include "core/error.h"
#include "core/text.h"
#include "crypto/read_ledger.h"

namespace mlops::tag {
namespace {

namespace po = cli::po;

constexpr const char* kUsage =
    "usage: image-tag --image REGISTRY/NAME [--tags RULES] [--flavor FLAVOR]\n"
    "                 [--model-dir DIR | --model-file F...] [--model-name N --model-version V]\n"
    "                 [--labels-out FILE] [--json FILE|-] [--check-registry]\n"
    "\n"
    "Computes the tags and OCI labels of a model-serving image from the git context and the\n"
    "model (docker/metadata-action's tag rules, plus type=model and type=digest), and with\n"
    "--check-registry asks the registry whether the image exists. Exit 0 done, 1 with\n"
    "--fail-if-exists when it exists, 2 bad usage or rules, 3 registry or input unreadable.\n";

// The option values as program_options writes them, before they are checked.
struct RawOptions {
  std::vector<std::string> label_items;
  std::string tags_text, flavor_text;
};

po::options_description describe(ImageTagOptions& o, RawOptions& raw) {
  po::options_description desc("image-tag options");
  desc.add_options()("help,h", "show this help")(
      "image", po::value(&o.images)->value_name("REGISTRY/NAME")->composing(),
      "the image to tag (repeatable)")(
      "tags", po::value(&raw.tags_text)->value_name("RULES"),
      "tag rules, one a line (metadata-action syntax; default: schedule, branch, tag, pr)")(
      "tags-file", po::value(&o.tags_file)->value_name("FILE"), "read the tag rules from a file")(
      "flavor", po::value(&raw.flavor_text)->value_name("FLAVOR"),
      "latest=auto|true|false, prefix=, suffix= (one a line)")(
      "model-dir", po::value(&o.model_dirs)->value_name("DIR")->composing(),
      "the model's directory, digested recursively (repeatable)")(
      "model-file", po::value(&o.model_files)->value_name("FILE")->composing(),
      "a model file (repeatable)")("model-name", po::value(&o.model_name)->value_name("NAME"),
                                   "for type=model and the labels")(
      "model-version", po::value(&o.model_version)->value_name("VERSION"),
      "for type=model and the labels")(
      "digest-with-commit", po::bool_switch(&o.digest_with_commit),
      "mix the git commit into the model digest (same files, other commit: other digest)")(
      "git-ref", po::value(&o.git_ref)->value_name("REF"),
      "e.g. refs/tags/v1.2.3 (else from CI/git)")(
      "git-sha", po::value(&o.git_sha)->value_name("SHA"), "the commit (else from CI/git)")(
      "event", po::value(&o.event)->value_name("NAME"), "push, pull_request, schedule, ...")(
      "git-dir", po::value(&o.git_dir)->value_name("DIR"),
      "the repository outside GitHub Actions (default .)")(
      "label", po::value(&raw.label_items)->value_name("KEY=VALUE")->composing(),
      "an extra or overriding label (repeatable)")(
      "labels-out", po::value(&o.labels_out)->value_name("FILE"),
      "write the labels as KEY=VALUE lines (docker build --label-file)")(
      "check-registry", po::bool_switch(&o.check_registry),
      "ask the registry whether each tag exists, and its digest")(
      "fail-if-exists", po::bool_switch(&o.fail_if_exists),
      "with --check-registry: exit 1 when the first tag already exists")(
      "plain-http", po::bool_switch(&o.plain_http),
      "talk http:// to a registry that is not on this machine");
  cli::add_http_options(desc, o.http, "each registry request", "the registry's TLS certificate");
  cli::add_output_options(desc, o.out, false);
  attest::add_record_options(desc, o.record);
  return desc;
}

// Every file the run reads: the model's, the rules and the event file (and the key).
std::vector<std::string> inputs_of(const ImageTagOptions& o, const cli::Io& io) {
  std::vector<std::string> inputs = o.model_files;
  for (const std::string& dir : o.model_dirs) {
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
         !ec && it != std::filesystem::end(it); it.increment(ec)) {
      if (it->is_regular_file(ec)) inputs.push_back(it->path().string());
    }
  }
  inputs.insert(inputs.end(), {o.tags_file, o.record.attest_key, io.env("GITHUB_EVENT_PATH")});
  return inputs;
}

std::vector<std::pair<std::string, std::string>> split_pairs(const std::vector<std::string>& items,
                                                             const char* option) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const std::string& item : items) {
    auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw usage_error(std::string(option) + " expects KEY=VALUE, not " + mlops::quoted(item));
    }
    out.emplace_back(item.substr(0, eq), item.substr(eq + 1));
  }
  return out;
}

}  // namespace

std::string read_text(const std::string& path, const char* what) {
  if (!std::ifstream(path, std::ios::binary)) {
    throw usage_error(std::string("cannot read ") + what + " " + path, "check the path");
  }
  return crypto::read_whole_file(path);  // hashed as read: the attestation signs these bytes
}

std::optional<ImageTagOptions> parse_image_tag_options(const std::vector<std::string>& args,
                                                       cli::Io& io) {
  if (args.empty()) {
    io.out << kUsage;
    return std::nullopt;
  }
  ImageTagOptions o;
  RawOptions raw;
  const po::options_description desc = describe(o, raw);
  auto vm = cli::parse(args, desc);
  if (vm.count("help")) {
    io.out << kUsage << "\n" << desc << "\n";
    return std::nullopt;
  }
  cli::check_outputs(o.out, {o.labels_out, o.record.attest_out}, inputs_of(o, io),
                     {o.record.audit_log});
  o.recorder = std::make_shared<const attest::DecisionRecorder>(o.record, io.getenv);
  if (o.images.empty()) throw usage_error("--image is required", "e.g. --image ghcr.io/acme/churn");
  if (!raw.tags_text.empty() && !o.tags_file.empty()) {
    throw usage_error("give --tags or --tags-file, not both");
  }
  if (o.fail_if_exists && !o.check_registry) {
    throw usage_error("--fail-if-exists needs --check-registry");
  }
  for (const std::string& image : o.images) o.refs.push_back(parse_image_name(image));
  o.rules = o.tags_file.empty() ? parse_rules(raw.tags_text, "--tags")
                                : parse_rules(read_text(o.tags_file, "tag rules"), o.tags_file);
  o.flavor = parse_flavor(raw.flavor_text, "--flavor");
  o.labels = split_pairs(raw.label_items, "--label");
  return o;
}

}  // namespace mlops::tag
