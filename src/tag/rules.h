#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mlops::tag {

// Tag rules in docker/metadata-action's `tags` syntax (one rule a line, comma-separated
// key=value attributes, "#" lines are comments), plus two model-aware types. docs/image-tag.md
// lists where the semantics differ from metadata-action.
enum class RuleType {
  kSchedule,  // `nightly` (or a date pattern) on schedule events
  kSemver,    // {{version}}, {{major}}.{{minor}}... of a semver git tag or `value`
  kMatch,     // a regex capture group of the git tag or `value`
  kEdge,      // `edge` on pushes to the default branch (or `branch`)
  kRef,       // the branch name, tag name, or pr-<number>
  kRaw,       // `value` as given (with expressions)
  kSha,       // sha-<7 hex> or the full commit
  kModel,     // <model name>-v<model version>
  kDigest,    // model-<first 12 hex of the model's SHA-256 content digest>
};
enum class RefEvent { kBranch, kTag, kPr };

// One parsed rule. Attributes that may hold {{expressions}} (enable, prefix, suffix, value,
// pattern) are kept as written and expanded by compute_tags (tag/tagger.h); their syntax is checked
// by parse_rules.
struct TagRule {
  RuleType type = RuleType::kRaw;
  std::string location;         // "<source>:<line>", for messages
  int priority = 0;             // higher first; defaults per type (default_priority)
  std::string enable = "true";  // "true", "false", or an expression giving one of them
  std::optional<std::string> prefix, suffix;  // unset: the flavor's prefix/suffix apply
  std::string pattern;                        // schedule (default "nightly"), semver, match
  std::string value;   // raw; semver/match: a custom version used instead of the git tag
  int group = 0;       // match: the capture group to use
  std::string branch;  // edge: the branch that gets `edge`; "" means the default branch
  RefEvent event = RefEvent::kBranch;  // ref
  bool long_sha = false;               // sha: format=long
};

// metadata-action's default priorities (schedule 1000, semver 900, match 800, edge 700, ref
// 600, raw 200, sha 100) and ours for model (750) and digest (150).
int default_priority(RuleType type);

// Parses rules, one a line; blank lines and lines starting with "#" are skipped. Text with no
// rule gives default_rules(), as metadata-action does with an empty `tags` input. Unknown
// types or attributes, missing required attributes and bad values are usage Errors (exit 2)
// naming `source_name:line` and, for a misspelt key, the nearest valid one.
std::vector<TagRule> parse_rules(std::string_view text, const std::string& source_name);

// type=schedule, type=ref,event=branch, type=ref,event=tag, type=ref,event=pr.
std::vector<TagRule> default_rules();

// metadata-action's `flavor` input: latest=auto|true|false, prefix=<s>[,onlatest=true],
// suffix=<s>[,onlatest=true].
enum class Latest { kAuto, kTrue, kFalse };
struct Flavor {
  Latest latest = Latest::kAuto;
  std::string prefix, suffix;  // for every tag whose rule sets no prefix/suffix of its own
  bool prefix_on_latest = false, suffix_on_latest = false;
};
Flavor parse_flavor(std::string_view text, const std::string& source_name);

}  // namespace mlops::tag
