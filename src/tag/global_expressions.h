#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tag/expression.h"
#include "tag/git_context.h"

// The expressions every templated rule attribute may hold, as docker/metadata-action defines
// them: {{branch}} {{tag}} {{sha}} {{base_ref}} {{is_default_branch}}
// {{date 'FORMAT' tz='OFFSET'}} {{commit_date 'FORMAT' tz='OFFSET'}}.
namespace mlops::tag {

// The first 7 characters of a commit.
std::string short_sha(const std::string& sha);

// Evaluates one global expression against `git`, with {{date}} at `now` (unix seconds) and
// {{commit_date}} at the commit's time (`now` when unknown). With `git` null it only checks
// the call (name, arguments, date format and time zone) and returns "". Unknown names and bad
// arguments are usage Errors naming `where`.
std::string eval_global(const Call& c, const std::string& where, const GitContext* git,
                        std::int64_t now);

// Checks every expression of `tmpl` as eval_global does without a git context.
void check_template(std::string_view tmpl, const std::string& where);

}  // namespace mlops::tag
