#include "tag/global_expressions.h"

#include <algorithm>
#include <vector>

#include "core/error.h"
#include "core/text.h"
#include "tag/moment_format.h"

namespace mlops::tag {
namespace {

const std::vector<std::string>& global_names() {
  static const std::vector<std::string> names = {
      "branch", "tag", "sha", "base_ref", "is_default_branch", "date", "commit_date"};
  return names;
}

}  // namespace

std::string short_sha(const std::string& sha) { return sha.substr(0, 7); }

std::string eval_global(const Call& c, const std::string& where, const GitContext* git,
                        std::int64_t now) {
  if (c.name == "date" || c.name == "commit_date") {
    if (c.args.size() != 1 || !c.bare_args.empty()) {
      throw usage_error(where + ": {{" + c.name + "}} needs one quoted format",
                        "write {{" + c.name + " 'YYYYMMDD'}}");
    }
    int offset = 0;
    for (const auto& [key, value] : c.hash) {
      if (key != "tz") {
        throw usage_error(where + ": {{" + c.name + "}} has no attribute " + mlops::quoted(key),
                          "the only one is tz='+09:00'");
      }
      offset = parse_tz(value, where);
    }
    if (git == nullptr) {
      format_date(0, c.args[0], offset, where);
      return {};
    }
    const std::int64_t t = c.name == "date" || git->commit_time == 0 ? now : git->commit_time;
    return format_date(t, c.args[0], offset, where);
  }
  if (std::find(global_names().begin(), global_names().end(), c.name) == global_names().end()) {
    unknown_expression(c, global_names(), where);
  }
  require_no_args(c, where);
  if (git == nullptr) return {};
  const std::string& ref = git->ref;
  if (c.name == "branch") return ref.starts_with("refs/heads/") ? ref.substr(11) : "";
  if (c.name == "tag") return ref.starts_with("refs/tags/") ? ref.substr(10) : "";
  if (c.name == "sha") return short_sha(git->tag_sha());
  if (c.name == "base_ref") {
    return ref.starts_with("refs/tags/") || ref.starts_with("refs/pull/") ? git->base_ref : "";
  }
  // is_default_branch, as metadata-action decides it.
  const std::string branch = ref.starts_with("refs/heads/") ? ref.substr(11) : ref;
  if (branch.empty()) return "false";
  if (branch == git->default_branch) return "true";
  // These events always run on the default branch's last commit.
  for (const char* event : {"create", "discussion", "issues", "schedule"}) {
    if (git->event.find(event) != std::string::npos) return "true";
  }
  return "false";
}

void check_template(std::string_view tmpl, const std::string& where) {
  render(
      tmpl, [&](const Call& c) { return eval_global(c, where, nullptr, 0); }, where);
}

}  // namespace mlops::tag
