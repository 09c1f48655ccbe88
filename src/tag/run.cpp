#include "tag/run.h"

#include <boost/json.hpp>
#include <charconv>
#include <chrono>

#include "core/error.h"
#include "core/text.h"
#include "json/write.h"
#include "net/http.h"
#include "tag/registry.h"

namespace mlops::tag {
namespace {

namespace json = boost::json;

// Explicit options win, then GitHub's environment, then the local repository.
GitContext git_context(const ImageTagOptions& o, const cli::Io& io) {
  GitContext git;
  if (io.github_actions()) {
    git = from_github_env([&](const std::string& k) { return io.env(k); });
  } else if (o.git_ref.empty() || o.git_sha.empty()) {
    git = from_local_git(o.git_dir);
  }
  if (!o.git_ref.empty()) git.ref = o.git_ref;
  if (!o.git_sha.empty()) {
    git.sha = o.git_sha;
    git.pr_head_sha.clear();
  }
  if (!o.event.empty()) git.event = o.event;
  return git;
}

std::optional<ModelDigest> digest_of_model(const ImageTagOptions& o, const GitContext& git) {
  if (o.model_dirs.empty() && o.model_files.empty()) return std::nullopt;
  std::string git_identity;
  if (o.digest_with_commit) {
    if (git.tag_sha().empty()) {
      throw usage_error("--digest-with-commit: the commit is unknown", "give --git-sha");
    }
    git_identity = "commit " + git.tag_sha();
  }
  return model_digest(o.model_dirs, o.model_files, git_identity);
}

// Does each tag of each image exist, and with which digest?
std::vector<RegistryTag> check_registry(const ImageTagOptions& o, const TagResult& result,
                                        const cli::Io& io) {
  net::CurlClient client(o.http);
  RegistryOptions options;
  options.plain_http = o.plain_http;
  std::vector<RegistryTag> out;
  for (const ImageRef& ref : o.refs) {
    Credentials credentials =
        load_credentials(ref, [&](const std::string& k) { return io.env(k); });
    for (const std::string& tag : result.tags) {
      ManifestStatus status = check_manifest(client, ref, tag, credentials, options);
      out.push_back(
          {ref.registry + "/" + ref.repository + ":" + tag, status.exists, status.digest});
    }
  }
  return out;
}

json::value digest_or_null(const std::string& digest) {
  return digest.empty() ? json::value(nullptr) : json::value(digest);
}

json::object json_document(const ImageTagOptions& o, const ImageTagOutcome& r) {
  json::array tags_json;
  for (const std::string& t : r.tags) tags_json.emplace_back(t);
  json::object labels_json;
  for (const auto& [k, v] : r.labels) labels_json[k] = v;
  json::object doc{{"schema", "mlops-actions/image-tag/v1"},
                   {"tags", tags_json},
                   {"labels", labels_json},
                   {"version", r.result.version},
                   {"latest", r.result.latest}};
  if (r.digest) {
    json::array files_json;
    for (const ModelFile& f : r.digest->files) {
      files_json.push_back(json::object{{"path", f.path}, {"size", f.size}, {"sha256", f.sha256}});
    }
    doc["model"] = json::object{{"name", r.model->name},
                                {"version", r.model->version},
                                {"digest", "sha256:" + r.digest->sha256},
                                {"files", files_json}};
  }
  if (o.check_registry) {
    json::array registry;
    for (const RegistryTag& t : r.registry) {
      registry.push_back(
          json::object{{"tag", t.tag}, {"exists", t.exists}, {"digest", digest_or_null(t.digest)}});
    }
    const bool first_exists = !r.registry.empty() && r.registry[0].exists;
    doc["exists"] = first_exists;
    doc["digest"] = digest_or_null(r.registry.empty() ? "" : r.registry[0].digest);
    doc["registry"] = registry;
  }
  json::array warnings;
  for (const std::string& w : r.result.warnings) warnings.emplace_back(w);
  doc["warnings"] = warnings;
  return doc;
}

std::string joined_lines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

report::Report image_report(const ImageTagOptions& o, const ImageTagOutcome& r) {
  report::Report rep;
  rep.tool = "image-tag";
  rep.title = lower_ascii(o.images[0]) +
              (o.images.size() > 1 ? " (+" + std::to_string(o.images.size() - 1) + ")" : "");
  const bool first_exists = !r.registry.empty() && r.registry[0].exists;
  rep.exit = o.fail_if_exists && first_exists ? ExitCode::kFail : ExitCode::kPass;
  std::vector<std::string> label_lines;
  for (const auto& [k, v] : r.labels) label_lines.push_back(k + "=" + v);
  rep.facts = {{"tags", joined_lines(r.tags)},
               {"labels", joined_lines(label_lines)},
               {"version", r.result.version},
               {"json", mlops::json::serialize(r.json)}};
  if (o.check_registry) {
    rep.facts.emplace_back("exists", first_exists ? "true" : "false");
    rep.facts.emplace_back("digest", r.registry.empty() ? "" : r.registry[0].digest);
  }
  return rep;
}

}  // namespace

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

ImageTagOutcome run_image_tag(const ImageTagOptions& o, const cli::Io& io) {
  const GitContext git = git_context(o, io);
  ImageTagOutcome r;
  r.digest = digest_of_model(o, git);
  if (r.digest || !o.model_name.empty() || !o.model_version.empty()) {
    r.model = ModelInfo{o.model_name, o.model_version, r.digest ? r.digest->sha256 : std::string()};
  }
  const std::int64_t now = build_time(io);
  r.result = compute_tags(o.rules, o.flavor, git, r.model, now);
  if (r.result.tags.empty()) {
    throw usage_error("no tag rule produced a tag for this event (" +
                          (git.event.empty() ? std::string("local build") : git.event) + ", ref " +
                          (git.ref.empty() ? std::string("unknown") : git.ref) + ")",
                      "add a rule that applies, e.g. type=sha or type=digest");
  }
  const std::string& first = o.refs[0].repository;
  r.labels = image_labels({repo_info(io, io.github_actions()), first.substr(first.rfind('/') + 1),
                           r.result.version, now, git.tag_sha(), r.model},
                          o.labels);
  for (const ImageRef& ref : o.refs) {
    for (const std::string& t : r.result.tags) {
      r.tags.push_back(ref.registry + "/" + ref.repository + ":" + t);
    }
  }
  if (o.check_registry) r.registry = check_registry(o, r.result, io);
  r.json = json_document(o, r);
  r.report = image_report(o, r);
  return r;
}

}  // namespace mlops::tag
