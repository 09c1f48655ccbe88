#include "tag/tagger.h"

#include <algorithm>
#include <cctype>

#include "core/error.h"
#include "core/text.h"
#include "tag/global_expressions.h"
#include "tag/js_regex.h"
#include "tag/oci_tag.h"
#include "tag/rule_lines.h"
#include "tag/semver.h"

namespace mlops::tag {
namespace {

class Tagger {
 public:
  Tagger(const Flavor& flavor, const GitContext& git, const std::optional<ModelInfo>& model,
         std::int64_t now)
      : flavor_(flavor), git_(git), model_(model), now_(now) {}

  void apply(const TagRule& r);
  TagResult finish();

 private:
  std::string expand(std::string_view tmpl, const std::string& where) const {
    return render(
        tmpl, [&](const Call& c) { return eval_global(c, where, &git_, now_); }, where);
  }
  std::string affixed(std::string v, const TagRule& r) const {
    if (r.prefix) {
      v = expand(*r.prefix, r.location + " (prefix)") + v;
    } else if (!flavor_.prefix.empty()) {
      v = expand(flavor_.prefix, "flavor prefix") + v;
    }
    if (r.suffix) {
      v += expand(*r.suffix, r.location + " (suffix)");
    } else if (!flavor_.suffix.empty()) {
      v += expand(flavor_.suffix, "flavor suffix");
    }
    return v;
  }
  // metadata-action's setVersion: the first tag is the version and decides `latest`.
  void add(const std::string& v, bool latest_if_auto, const TagRule& r) {
    if (v.empty()) return;
    std::string tag = sanitize_tag(v);
    validate_tag(tag, r.location);
    if (tags_.empty()) {
      latest_ = flavor_.latest == Latest::kAuto ? latest_if_auto : flavor_.latest == Latest::kTrue;
    }
    if (std::find(tags_.begin(), tags_.end(), tag) == tags_.end()) tags_.push_back(tag);
  }
  void warn(const TagRule& r, const std::string& what) {
    warnings_.push_back(r.location + ": " + what);
  }
  std::string git_tag() const {
    return git_.ref.starts_with("refs/tags/") ? git_.ref.substr(10) : std::string();
  }
  void semver(const TagRule& r);
  void match(const TagRule& r);
  const ModelInfo& model(const TagRule& r, bool digest) const;

  const Flavor& flavor_;
  const GitContext& git_;
  const std::optional<ModelInfo>& model_;
  std::int64_t now_;
  std::vector<std::string> tags_, warnings_;
  bool latest_ = false;
};

void Tagger::semver(const TagRule& r) {
  if (git_tag().empty() && r.value.empty()) return;
  std::string raw = r.value.empty() ? git_tag() : expand(r.value, r.location + " (value)");
  if (r.value.empty()) std::replace(raw.begin(), raw.end(), '/', '-');
  std::optional<Semver> v = parse_semver(raw);
  if (!v) {
    warn(r, mlops::quoted(raw) +
                " is not a semver version (https://semver.org), no tag from this rule");
    return;
  }
  // Prereleases get only {{version}} (or {{raw}}), and never `latest`: they move too often.
  const bool pre = !v->prerelease.empty();
  const std::string where = r.location + " (pattern)";
  const std::string pattern =
      pre && !is_raw_statement(r.pattern, where) ? "{{version}}" : r.pattern;
  add(affixed(render(
                  pattern, [&](const Call& c) { return eval_semver(c, where, &*v); }, where),
              r),
      !pre, r);
}

void Tagger::match(const TagRule& r) {
  if (git_tag().empty() && r.value.empty()) return;
  const std::string input = r.value.empty() ? git_tag() : expand(r.value, r.location + " (value)");
  const std::vector<std::optional<std::string>> found =
      JsRegex(r.pattern, r.location + " (pattern)").match(input);
  if (found.empty()) {
    warn(r, "pattern " + mlops::quoted(r.pattern) + " does not match " + mlops::quoted(input));
    return;
  }
  const auto g = static_cast<std::size_t>(r.group);
  if (g >= found.size() || !found[g]) {
    warn(r, "group " + std::to_string(r.group) + " of pattern " + mlops::quoted(r.pattern) +
                " matched nothing in " + mlops::quoted(input));
    return;
  }
  add(affixed(*found[g], r), true, r);
}

const ModelInfo& Tagger::model(const TagRule& r, bool digest) const {
  if (!model_ ||
      (digest ? model_->digest_hex.empty() : model_->name.empty() || model_->version.empty())) {
    throw usage_error(r.location + (digest ? ": type=digest needs the model's content digest"
                                           : ": type=model needs the model's name and version"),
                      "give the model information or remove the rule");
  }
  return *model_;
}

void Tagger::apply(const TagRule& r) {
  const std::string enable = expand(r.enable, r.location + " (enable)");
  if (!true_or_false(enable)) {
    throw usage_error(r.location + ": enable is " + mlops::quoted(enable) +
                      ", expected true or false");
  }
  if (enable == "false") return;
  const std::string& ref = git_.ref;
  switch (r.type) {
    case RuleType::kSchedule:
      if (git_.event.find("schedule") != std::string::npos) {
        add(affixed(expand(r.pattern, r.location + " (pattern)"), r), false, r);
      }
      break;
    case RuleType::kSemver:
      semver(r);
      break;
    case RuleType::kMatch:
      match(r);
      break;
    case RuleType::kEdge: {
      if (!ref.starts_with("refs/heads/")) break;
      const std::string& branch = r.branch.empty() ? git_.default_branch : r.branch;
      if (branch.empty()) {
        warn(r, "the default branch is unknown, so type=edge gives no tag; set branch=");
      } else if (branch == ref.substr(11)) {
        add(affixed("edge", r), false, r);
      }
      break;
    }
    case RuleType::kRef:
      if (r.event == RefEvent::kBranch && ref.starts_with("refs/heads/")) {
        add(affixed(ref.substr(11), r), false, r);
      } else if (r.event == RefEvent::kTag && ref.starts_with("refs/tags/")) {
        add(affixed(ref.substr(10), r), true, r);
      } else if (r.event == RefEvent::kPr && ref.starts_with("refs/pull/")) {
        std::string pr = ref.substr(10);
        if (pr.size() >= 6 && pr.compare(pr.size() - 6, 6, "/merge") == 0) pr.resize(pr.size() - 6);
        add(affixed(pr, r), false, r);
      }
      break;
    case RuleType::kRaw:
      add(affixed(expand(r.value, r.location + " (value)"), r), false, r);
      break;
    case RuleType::kSha:
      if (!git_.tag_sha().empty()) {
        add(affixed(r.long_sha ? git_.tag_sha() : short_sha(git_.tag_sha()), r), false, r);
      }
      break;
    case RuleType::kModel: {
      std::string version = model(r, false).version;
      // "v3" and "3" both give <name>-v3.
      if (version.size() > 1 && (version[0] == 'v' || version[0] == 'V') &&
          std::isdigit(static_cast<unsigned char>(version[1]))) {
        version.erase(0, 1);
      }
      add(affixed(model(r, false).name + "-v" + version, r), false, r);
      break;
    }
    case RuleType::kDigest: {
      std::string hex = model(r, true).digest_hex;
      if (hex.starts_with("sha256:")) hex.erase(0, 7);
      std::transform(hex.begin(), hex.end(), hex.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (hex.size() != 64 || !std::all_of(hex.begin(), hex.end(), [](char c) {
            return std::isxdigit(static_cast<unsigned char>(c)) != 0;
          })) {
        throw usage_error(r.location + ": the model digest " + mlops::quoted(model_->digest_hex) +
                              " is not a SHA-256 digest",
                          "expected 64 hex digits, optionally after \"sha256:\"");
      }
      add(affixed(hex.substr(0, 12), r), false, r);
      break;
    }
  }
}

TagResult Tagger::finish() {
  TagResult result;
  result.warnings = std::move(warnings_);
  if (tags_.empty()) return result;
  result.version = tags_.front();
  result.tags = std::move(tags_);
  if (latest_) {
    std::string tag = (flavor_.prefix_on_latest ? expand(flavor_.prefix, "flavor prefix") : "") +
                      "latest" +
                      (flavor_.suffix_on_latest ? expand(flavor_.suffix, "flavor suffix") : "");
    tag = sanitize_tag(tag);
    validate_tag(tag, "flavor");
    if (std::find(result.tags.begin(), result.tags.end(), tag) == result.tags.end()) {
      result.tags.push_back(tag);
    }
    result.latest = true;
  }
  return result;
}

}  // namespace

TagResult compute_tags(const std::vector<TagRule>& rules, const Flavor& flavor,
                       const GitContext& git, const std::optional<ModelInfo>& model,
                       std::int64_t now_unix) {
  std::vector<const TagRule*> sorted;
  sorted.reserve(rules.size());
  for (const TagRule& r : rules) sorted.push_back(&r);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const TagRule* a, const TagRule* b) { return a->priority > b->priority; });
  Tagger tagger(flavor, git, model, now_unix);
  for (const TagRule* r : sorted) tagger.apply(*r);
  return tagger.finish();
}

std::string sanitize_tag(std::string_view text) {
  std::string out;
  bool in_run = false;
  for (char c : text) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
    if (ok) {
      out += c;
    } else if (!in_run) {
      out += '-';
    }
    in_run = !ok;
  }
  return out;
}

void validate_tag(std::string_view tag, std::string_view origin) {
  const std::string problem = oci_tag_problem(tag);
  if (problem.empty()) return;
  throw usage_error((origin.empty() ? "" : std::string(origin) + ": ") + "tag " +
                        mlops::quoted(tag, 140) + " is not a valid OCI tag: " + problem,
                    "tags must match [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}; change the rule's "
                    "value, prefix or suffix");
}

}  // namespace mlops::tag
