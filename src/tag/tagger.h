#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tag/git_context.h"
#include "tag/rules.h"

// Computing the tags: the parsed rules and flavor (tag/rules.h) applied to a git context and
// the model, as docker/metadata-action applies its rules.
namespace mlops::tag {

// The model being packaged; digest_hex is its content digest ("sha256:<hex>" or bare hex),
// computed elsewhere.
struct ModelInfo {
  std::string name, version, digest_hex;
};

struct TagResult {
  std::vector<std::string> tags;      // without the image name; highest priority first, then
                                      // `latest` when it applies; no duplicates
  std::string version;                // metadata-action's `version` output: the first tag, or ""
  bool latest = false;                // whether `latest` (with the flavor's affixes) was added
  std::vector<std::string> warnings;  // rules that matched nothing they could use
};

// Applies the rules (sorted by priority, ties in the order given) to the git context, like
// metadata-action. `now_unix` is the time {{date}} renders. Every tag is sanitised
// (sanitize_tag) and then validated (validate_tag): a tag that is still invalid, e.g. longer
// than 128 characters, is a usage Error naming the rule, never truncated. A model or digest
// rule without the model information it needs is a usage Error.
TagResult compute_tags(const std::vector<TagRule>& rules, const Flavor& flavor,
                       const GitContext& git, const std::optional<ModelInfo>& model,
                       std::int64_t now_unix);

// metadata-action's tag sanitisation: every run of characters outside [A-Za-z0-9_.-] becomes
// one "-" ("my/feature#12" -> "my-feature-12"). Nothing else changes: a leading "." or "-",
// or excess length, is left for validate_tag to reject.
std::string sanitize_tag(std::string_view text);

// Throws a usage Error unless `tag` matches the OCI distribution tag grammar
// [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}. `origin` (a rule's location) prefixes the message.
void validate_tag(std::string_view tag, std::string_view origin = {});

}  // namespace mlops::tag
