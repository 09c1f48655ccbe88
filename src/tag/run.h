#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli/io.h"
#include "report/report.h"
#include "tag/labels.h"
#include "tag/model_digest.h"
#include "tag/options.h"
#include "tag/tagger.h"

namespace mlops::tag {

// What the registry said about one tag of one image.
struct RegistryTag {
  std::string tag;  // REGISTRY/NAME:TAG
  bool exists = false;
  std::string digest;  // "sha256:..." when it exists
};

// What one image-tag run found: everything the report side writes.
struct ImageTagOutcome {
  std::vector<std::string> tags;  // REGISTRY/NAME:TAG of every image and tag, image by image
  Labels labels;
  TagResult result;  // the tags without the image name, `version`, `latest`, warnings
  std::optional<ModelDigest> digest;
  std::optional<ModelInfo> model;
  // With --check-registry: every image and tag in the order of `tags`; the first decides
  // `exists` and `digest` (and --fail-if-exists).
  std::vector<RegistryTag> registry;
  boost::json::object json;  // the --json document (schema mlops-actions/image-tag/v1)
  report::Report report;     // facts for the GitHub outputs and the summary; exit 1 when
                             // --fail-if-exists finds the first tag
};

// Computes the tags and labels and, with --check-registry, asks the registry: the git context
// (the options', then GitHub's environment, then the repository at --git-dir), the model
// digest, SOURCE_DATE_EPOCH, the event file and the registry credentials come from `io`'s
// environment. Prints and writes nothing. Usage Errors (exit 2) for rules that give no tag and
// bad labels; Errors of the registry as check_manifest throws them.
ImageTagOutcome run_image_tag(const ImageTagOptions& options, const cli::Io& io);

// SOURCE_DATE_EPOCH (reproducible builds) when set, else now; unix seconds. A value that is no
// whole number of seconds from 1970 to the end of 9999 is a usage Error.
std::int64_t build_time(const cli::Io& io);

}  // namespace mlops::tag
