#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/io.h"
#include "tag/tagger.h"

// The OCI labels of the image: docker/metadata-action's set, the model's, and the caller's.
namespace mlops::tag {

using Labels = std::vector<std::pair<std::string, std::string>>;

// What GitHub knows about the repository, for the labels.
struct RepoInfo {
  std::string name, description, url, license;
};

// From GITHUB_REPOSITORY, GITHUB_SERVER_URL and the `repository` of the event file
// (GITHUB_EVENT_PATH; unreadable: usage Error, not JSON: input Error); all empty when not
// `github`. A license of NOASSERTION is no license.
RepoInfo repo_info(const cli::Io& io, bool github);

// RFC 3339 UTC with milliseconds, as metadata-action writes `created`.
std::string rfc3339(std::int64_t unix_seconds);

// What the labels say about one build.
struct LabelFacts {
  RepoInfo repo;
  std::string image_name;  // the title when GitHub names no repository: the first image's last
                           // path component
  std::string version;     // the first tag
  std::int64_t created = 0;
  std::string revision;  // the commit
  std::optional<ModelInfo> model;
};

// metadata-action's org.opencontainers.image.* labels (title, description, url, source,
// version, created, revision, licenses), then dev.mlops-actions.model.{name,version,digest},
// then `overrides` (--label) replacing a label of the same key or added in order; labels with
// empty values are dropped. One label a line in --labels-out (docker build --label-file) and in
// the `labels` output, so a line break would add a label of its own (a forged model digest,
// say): a key with a control character, or a value the caller gave with one, is a usage Error;
// the labels that come from the event file (title, description, url, source, licenses) are kept
// on one line, their control characters turned into spaces.
Labels image_labels(const LabelFacts& facts, const Labels& overrides);

}  // namespace mlops::tag
