#include "tag/labels.h"

#include <algorithm>
#include <boost/json.hpp>
#include <ctime>

#include "core/error.h"
#include "core/text.h"
#include "json/parse.h"
#include "tag/options.h"

namespace mlops::tag {
namespace {

namespace json = boost::json;

bool has_control(const std::string& t) {
  return std::any_of(t.begin(), t.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// Keeps every label on one line (see image_labels).
void check_one_line(Labels& labels) {
  for (auto& [key, value] : labels) {
    const bool from_event =
        key == "org.opencontainers.image.description" || key == "org.opencontainers.image.title" ||
        key == "org.opencontainers.image.url" || key == "org.opencontainers.image.source" ||
        key == "org.opencontainers.image.licenses";
    if (has_control(key)) {
      throw usage_error("label " + mlops::quoted(key) + " holds a control character",
                        "a label name is one line of printable text");
    }
    if (!has_control(value)) continue;
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
}

}  // namespace

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

std::string rfc3339(std::int64_t unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S.000Z", &tm);
  return buf;
}

Labels image_labels(const LabelFacts& facts, const Labels& overrides) {
  const RepoInfo& repo = facts.repo;
  Labels labels = {
      {"org.opencontainers.image.title", repo.name.empty() ? facts.image_name : repo.name},
      {"org.opencontainers.image.description", repo.description},
      {"org.opencontainers.image.url", repo.url},
      {"org.opencontainers.image.source", repo.url},
      {"org.opencontainers.image.version", facts.version},
      {"org.opencontainers.image.created", rfc3339(facts.created)},
      {"org.opencontainers.image.revision", facts.revision},
      {"org.opencontainers.image.licenses", repo.license}};
  if (const std::optional<ModelInfo>& model = facts.model) {
    if (!model->name.empty()) labels.emplace_back("dev.mlops-actions.model.name", model->name);
    if (!model->version.empty()) {
      labels.emplace_back("dev.mlops-actions.model.version", model->version);
    }
    if (!model->digest_hex.empty()) {
      labels.emplace_back("dev.mlops-actions.model.digest", "sha256:" + model->digest_hex);
    }
  }
  for (const auto& [key, value] : overrides) {
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
  check_one_line(labels);
  return labels;
}

}  // namespace mlops::tag
