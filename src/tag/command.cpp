#include "tag/command.h"

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "attest/options.h"
#include "cli/app.h"
#include "cli/publish.h"
#include "core/error.h"
#include "core/text.h"
#include "core/version.h"
#include "crypto/read_ledger.h"
#include "json/parse.h"
#include "json/write.h"
#include "net/http.h"
#include "tag/git_context.h"
#include "tag/model_digest.h"
#include "tag/registry.h"
#include "tag/rules.h"

namespace mlops::tag {
namespace {

namespace po = cli::po;
namespace json = boost::json;

constexpr const char* kUsage =
    "usage: image-tag --image REGISTRY/NAME [--tags RULES] [--flavor FLAVOR]\n"
    "                 [--model-dir DIR | --model-file F...] [--model-name N --model-version V]\n"
    "                 [--labels-out FILE] [--json FILE|-] [--check-registry]\n"
    "\n"
    "Computes the tags and OCI labels of a model-serving image from the git context and the\n"
    "model (docker/metadata-action's tag rules, plus type=model and type=digest), and with\n"
    "--check-registry asks the registry whether the image exists. Exit 0 done, 1 with\n"
    "--fail-if-exists when it exists, 2 bad usage or rules, 3 registry or input unreadable.\n";

std::string read_text(const std::string& path, const char* what) {
  if (!std::ifstream(path, std::ios::binary)) {
    throw usage_error(std::string("cannot read ") + what + " " + path, "check the path");
  }
  return crypto::read_whole_file(path);  // hashed as read: the attestation signs these bytes
}

// RFC 3339 UTC with milliseconds, as metadata-action writes `created`.
std::string rfc3339(std::int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
  return buf;
}

// SOURCE_DATE_EPOCH (reproducible builds) when set, else now.
std::int64_t build_time(const cli::Io& io) {
  std::string epoch = io.env("SOURCE_DATE_EPOCH");
  if (epoch.empty()) {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
  // from_chars reports overflow (strtoll clamped 99999999999999999999 unchecked, and the label
  // read 219250468-01-00T15:30:07.000Z); RFC 3339 years have four digits.
  constexpr std::int64_t kLastSecondOf9999 = 253402300799;  // 9999-12-31T23:59:59Z
  std::int64_t v = -1;
  auto [end, ec] = std::from_chars(epoch.data(), epoch.data() + epoch.size(), v);
  if (ec != std::errc() || end != epoch.data() + epoch.size() || v < 0 || v > kLastSecondOf9999) {
    throw usage_error("SOURCE_DATE_EPOCH must be whole seconds since 1970, at most " +
                          std::to_string(kLastSecondOf9999) + " (the end of 9999), not " +
                          mlops::quoted(epoch),
                      "e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)");
  }
  return v;
}

// What GitHub knows about the repository, for the OCI labels.
struct RepoInfo {
  std::string name, description, url, license;
};

RepoInfo repo_info(const cli::Io& io, bool github) {
  RepoInfo r;
  if (!github) return r;
  std::string repo = io.env("GITHUB_REPOSITORY"), server = io.env("GITHUB_SERVER_URL");
  if (!repo.empty()) {
    r.name = repo.substr(repo.find('/') == std::string::npos ? 0 : repo.find('/') + 1);
    r.url = (server.empty() ? std::string("https://github.com") : server) + "/" + repo;
  }
  std::string path = io.env("GITHUB_EVENT_PATH");
  if (path.empty()) return r;
  json::value event = mlops::json::parse_json_exact(read_text(path, "the GitHub event file"), path);
  const json::value* repository =
      event.is_object() ? event.as_object().if_contains("repository") : nullptr;
  if (!repository || !repository->is_object()) return r;
  const json::object& o = repository->as_object();
  auto text = [&](const json::object& obj, const char* key) {
    const json::value* v = obj.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  };
  if (std::string n = text(o, "name"); !n.empty()) r.name = n;
  r.description = text(o, "description");
  if (std::string u = text(o, "html_url"); !u.empty()) r.url = u;
  if (const json::value* lic = o.if_contains("license"); lic && lic->is_object()) {
    r.license = text(lic->as_object(), "spdx_id");
    if (r.license == "NOASSERTION") r.license.clear();
  }
  return r;
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

ExitCode image_tag(const std::vector<std::string>& args, cli::Io& io) {
  if (args.empty()) {
    io.out << kUsage;
    return ExitCode::kUsage;
  }
  std::vector<std::string> images, model_dirs, model_files, label_items;
  std::string tags_text, tags_file, flavor_text, model_name, model_version;
  std::string git_ref, git_sha, event, git_dir = ".", labels_out;
  bool check_registry = false, fail_if_exists = false, plain_http = false, digest_commit = false;
  net::Options http;
  cli::OutputOptions out;
  po::options_description desc("image-tag options");
  desc.add_options()("help,h", "show this help")(
      "image", po::value(&images)->value_name("REGISTRY/NAME")->composing(),
      "the image to tag (repeatable)")(
      "tags", po::value(&tags_text)->value_name("RULES"),
      "tag rules, one a line (metadata-action syntax; default: schedule, branch, tag, pr)")(
      "tags-file", po::value(&tags_file)->value_name("FILE"), "read the tag rules from a file")(
      "flavor", po::value(&flavor_text)->value_name("FLAVOR"),
      "latest=auto|true|false, prefix=, suffix= (one a line)")(
      "model-dir", po::value(&model_dirs)->value_name("DIR")->composing(),
      "the model's directory, digested recursively (repeatable)")(
      "model-file", po::value(&model_files)->value_name("FILE")->composing(),
      "a model file (repeatable)")("model-name", po::value(&model_name)->value_name("NAME"),
                                   "for type=model and the labels")(
      "model-version", po::value(&model_version)->value_name("VERSION"),
      "for type=model and the labels")(
      "digest-with-commit", po::bool_switch(&digest_commit),
      "mix the git commit into the model digest (same files, other commit: other digest)")(
      "git-ref", po::value(&git_ref)->value_name("REF"),
      "e.g. refs/tags/v1.2.3 (else from CI/git)")("git-sha", po::value(&git_sha)->value_name("SHA"),
                                                  "the commit (else from CI/git)")(
      "event", po::value(&event)->value_name("NAME"), "push, pull_request, schedule, ...")(
      "git-dir", po::value(&git_dir)->value_name("DIR"),
      "the repository outside GitHub Actions (default .)")(
      "label", po::value(&label_items)->value_name("KEY=VALUE")->composing(),
      "an extra or overriding label (repeatable)")(
      "labels-out", po::value(&labels_out)->value_name("FILE"),
      "write the labels as KEY=VALUE lines (docker build --label-file)")(
      "check-registry", po::bool_switch(&check_registry),
      "ask the registry whether each tag exists, and its digest")(
      "fail-if-exists", po::bool_switch(&fail_if_exists),
      "with --check-registry: exit 1 when the first tag already exists")(
      "plain-http", po::bool_switch(&plain_http),
      "talk http:// to a registry that is not on this machine")(
      "insecure", po::bool_switch(&http.insecure), "do not verify the registry's TLS certificate")(
      "timeout", po::value(&http.timeout_seconds)->value_name("SECONDS"),
      "deadline of each registry request, retries included (default 30)")(
      "retries", po::value(&http.retries)->value_name("N"),
      "extra attempts on connection errors and 5xx (default 2)");
  cli::add_output_options(desc, out, false);
  attest::RecordOptions record;
  attest::add_record_options(desc, record);
  auto vm = cli::parse(args, desc);
  if (vm.count("help")) {
    io.out << kUsage << "\n" << desc << "\n";
    return ExitCode::kPass;
  }
  std::vector<std::string> inputs = model_files;
  for (const std::string& dir : model_dirs) {  // every file the model digest will read
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
         !ec && it != std::filesystem::end(it); it.increment(ec)) {
      if (it->is_regular_file(ec)) inputs.push_back(it->path().string());
    }
  }
  inputs.insert(inputs.end(), {tags_file, record.attest_key, io.env("GITHUB_EVENT_PATH")});
  cli::check_outputs(out, {labels_out, record.attest_out}, inputs, {record.audit_log});
  const attest::DecisionRecorder recorder(record, io.getenv);
  if (images.empty()) throw usage_error("--image is required", "e.g. --image ghcr.io/acme/churn");
  if (!tags_text.empty() && !tags_file.empty()) {
    throw usage_error("give --tags or --tags-file, not both");
  }
  if (fail_if_exists && !check_registry) {
    throw usage_error("--fail-if-exists needs --check-registry");
  }
  std::vector<ImageRef> refs;
  refs.reserve(images.size());
  for (const std::string& image : images) refs.push_back(parse_image_name(image));
  std::vector<TagRule> rules = tags_file.empty()
                                   ? parse_rules(tags_text, "--tags")
                                   : parse_rules(read_text(tags_file, "tag rules"), tags_file);
  Flavor flavor = parse_flavor(flavor_text, "--flavor");

  // Git context: explicit options win, then GitHub's environment, then the local repository.
  const bool github = io.github_actions();
  GitContext git;
  if (github) {
    git = from_github_env([&](const std::string& k) { return io.env(k); });
  } else if (git_ref.empty() || git_sha.empty()) {
    git = from_local_git(git_dir);
  }
  if (!git_ref.empty()) git.ref = git_ref;
  if (!git_sha.empty()) {
    git.sha = git_sha;
    git.pr_head_sha.clear();
  }
  if (!event.empty()) git.event = event;

  std::optional<ModelDigest> digest;
  std::optional<ModelInfo> model;
  if (!model_dirs.empty() || !model_files.empty()) {
    std::string git_identity;
    if (digest_commit) {
      if (git.tag_sha().empty()) {
        throw usage_error("--digest-with-commit: the commit is unknown", "give --git-sha");
      }
      git_identity = "commit " + git.tag_sha();
    }
    digest = model_digest(model_dirs, model_files, git_identity);
  }
  if (digest || !model_name.empty() || !model_version.empty()) {
    model = ModelInfo{model_name, model_version, digest ? digest->sha256 : std::string()};
  }
  const std::int64_t now = build_time(io);
  TagResult result = compute_tags(rules, flavor, git, model, now);
  if (result.tags.empty()) {
    throw usage_error("no tag rule produced a tag for this event (" +
                          (git.event.empty() ? std::string("local build") : git.event) + ", ref " +
                          (git.ref.empty() ? std::string("unknown") : git.ref) + ")",
                      "add a rule that applies, e.g. type=sha or type=digest");
  }

  // Labels: metadata-action's OCI set, the model's, then --label overrides.
  RepoInfo repo = repo_info(io, github);
  std::vector<std::pair<std::string, std::string>> labels = {
      {"org.opencontainers.image.title",
       repo.name.empty() ? refs[0].repository.substr(refs[0].repository.rfind('/') + 1)
                         : repo.name},
      {"org.opencontainers.image.description", repo.description},
      {"org.opencontainers.image.url", repo.url},
      {"org.opencontainers.image.source", repo.url},
      {"org.opencontainers.image.version", result.version},
      {"org.opencontainers.image.created", rfc3339(now)},
      {"org.opencontainers.image.revision", git.tag_sha()},
      {"org.opencontainers.image.licenses", repo.license}};
  if (model) {
    if (!model->name.empty()) labels.emplace_back("dev.mlops-actions.model.name", model->name);
    if (!model->version.empty()) {
      labels.emplace_back("dev.mlops-actions.model.version", model->version);
    }
    if (digest) labels.emplace_back("dev.mlops-actions.model.digest", "sha256:" + digest->sha256);
  }
  for (auto& [key, value] : split_pairs(label_items, "--label")) {
    bool replaced = false;
    for (auto& l : labels) {
      if (l.first == key) {
        l.second = value;
        replaced = true;
      }
    }
    if (!replaced) labels.emplace_back(key, value);
  }
  std::erase_if(labels, [](const auto& l) { return l.second.empty(); });
  // One label a line in --labels-out (docker build --label-file) and in the `labels` output: a
  // line break would add a label of its own (a forged model digest, say). What the caller gave
  // is refused; what the event file says (the repository's description) is kept on one line.
  for (auto& [key, value] : labels) {
    const bool from_event =
        key == "org.opencontainers.image.description" || key == "org.opencontainers.image.title" ||
        key == "org.opencontainers.image.url" || key == "org.opencontainers.image.source" ||
        key == "org.opencontainers.image.licenses";
    auto control = [](const std::string& t) {
      return std::any_of(t.begin(), t.end(),
                         [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
    };
    if (control(key)) {
      throw usage_error("label " + mlops::quoted(key) + " holds a control character",
                        "a label name is one line of printable text");
    }
    if (!control(value)) continue;
    if (!from_event) {
      throw usage_error(
          "label " + key + " = " + mlops::quoted(value) +
              " holds a line break or another control character",
          "give it on one line: --labels-out and the labels output hold a label a line");
    }
    for (char& c : value) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    }
  }

  std::vector<std::string> full_tags;
  for (const ImageRef& ref : refs) {
    for (const std::string& t : result.tags)
      full_tags.push_back(ref.registry + "/" + ref.repository + ":" + t);
  }

  // The registry: does each tag exist, and with which digest?
  json::array registry;
  bool first_exists = false;
  std::string first_digest;
  if (check_registry) {
    net::CurlClient client(http);
    RegistryOptions options;
    options.plain_http = plain_http;
    for (std::size_t i = 0; i < refs.size(); ++i) {
      Credentials credentials =
          load_credentials(refs[i], [&](const std::string& k) { return io.env(k); });
      for (std::size_t j = 0; j < result.tags.size(); ++j) {
        ManifestStatus status =
            check_manifest(client, refs[i], result.tags[j], credentials, options);
        if (i == 0 && j == 0) {
          first_exists = status.exists;
          first_digest = status.digest;
        }
        registry.push_back(json::object{
            {"tag", refs[i].registry + "/" + refs[i].repository + ":" + result.tags[j]},
            {"exists", status.exists},
            {"digest", status.digest.empty() ? json::value(nullptr) : json::value(status.digest)}});
      }
    }
  }

  json::array tags_json, files_json;
  for (const std::string& t : full_tags) tags_json.emplace_back(t);
  json::object labels_json;
  for (const auto& [k, v] : labels) labels_json[k] = v;
  json::object doc{{"schema", "mlops-actions/image-tag/v1"},
                   {"tags", tags_json},
                   {"labels", labels_json},
                   {"version", result.version},
                   {"latest", result.latest}};
  if (digest) {
    for (const ModelFile& f : digest->files) {
      files_json.push_back(json::object{{"path", f.path}, {"size", f.size}, {"sha256", f.sha256}});
    }
    doc["model"] = json::object{{"name", model->name},
                                {"version", model->version},
                                {"digest", "sha256:" + digest->sha256},
                                {"files", files_json}};
  }
  if (check_registry) {
    doc["exists"] = first_exists;
    doc["digest"] = first_digest.empty() ? json::value(nullptr) : json::value(first_digest);
    doc["registry"] = registry;
  }
  json::array warnings;
  for (const std::string& w : result.warnings) warnings.emplace_back(w);
  doc["warnings"] = warnings;

  std::string label_lines;
  for (const auto& [k, v] : labels) label_lines += k + "=" + v + "\n";

  report::Report rep;
  rep.tool = "image-tag";
  rep.title = lower_ascii(images[0]) +
              (images.size() > 1 ? " (+" + std::to_string(images.size() - 1) + ")" : "");
  rep.exit = fail_if_exists && first_exists ? ExitCode::kFail : ExitCode::kPass;
  std::string tag_lines;
  for (const std::string& t : full_tags) tag_lines += (tag_lines.empty() ? "" : "\n") + t;
  std::string compact_labels = label_lines;
  if (!compact_labels.empty()) compact_labels.pop_back();
  rep.facts = {{"tags", tag_lines},
               {"labels", compact_labels},
               {"version", result.version},
               {"json", mlops::json::serialize(doc)}};
  if (check_registry) {
    rep.facts.emplace_back("exists", first_exists ? "true" : "false");
    rep.facts.emplace_back("digest", first_digest);
  }
  cli::Finish finish(out, io);
  finish.add_file(labels_out, label_lines, "labels");
  if (!out.quiet && out.json != "-") {
    std::string text =
        "image-tag: " + std::to_string(full_tags.size()) + " tags for " + rep.title + "\n";
    for (const std::string& t : full_tags) text += "  " + t + "\n";
    text += "labels:\n";
    for (const auto& [k, v] : labels) text += "  " + k + "=" + v + "\n";
    if (digest) {
      text += "model digest: sha256:" + digest->sha256 + " (" +
              std::to_string(digest->files.size()) + " files)\n";
    }
    if (check_registry) {
      for (const auto& r : registry) {
        const auto& o = r.as_object();
        text += "registry: " + std::string(o.at("tag").as_string().c_str()) + " " +
                (o.at("exists").as_bool()
                     ? "exists (" + std::string(o.at("digest").as_string().c_str()) + ")"
                     : std::string("absent")) +
                "\n";
      }
    }
    finish.set_text(std::move(text));
    std::string warning_lines;
    for (const std::string& w : result.warnings) warning_lines += "image-tag: warning: " + w + "\n";
    finish.add_warnings(warning_lines);
  }
  if (recorder.active()) {
    finish.set_record([&] {
      // The judged artifacts: the model (its content digest) and, when the registry has it,
      // the image by digest.
      std::vector<attest::Subject> subjects;
      if (digest && model_dirs.size() == 1 && model_files.empty()) {
        for (const ModelFile& f : digest->files) {
          subjects.push_back({model_dirs[0] + "/" + f.path, f.sha256, false});
        }
      } else {
        subjects = attest::file_subjects(model_files);
      }
      if (!first_digest.empty()) {
        subjects.push_back(attest::image_subject(full_tags[0] + "@" + first_digest));
      }
      recorder.record({"image-tag", std::string(version()), rep.verdict(),
                       static_cast<int>(rep.exit), subjects, attest::file_subjects({tags_file}),
                       attest::config_digest(tags_file), doc});
    });
  }
  finish.publish(rep, doc);
  return rep.exit;
}

}  // namespace mlops::tag
