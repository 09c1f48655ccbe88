#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Handlebars-style {{expressions}} in tag rules, as docker/metadata-action renders them:
// parsing one call and rendering a template with a resolver that gives each call's text. Which
// names exist is up to the resolver (tag/global_expressions.h, tag/semver.h).
namespace mlops::tag {

// One {{name 'arg' key='value'}}; quoted and bare positional arguments are kept apart because
// handlebars reads a bare word as a (here always undefined) variable.
struct Call {
  std::string name;
  std::vector<std::string> args, bare_args;
  std::vector<std::pair<std::string, std::string>> hash;
};
using Resolver = std::function<std::string(const Call&)>;

// The call inside "{{" and "}}". A body without a name, or an unterminated quote, is a usage
// Error naming `where`.
Call parse_call(std::string_view body, const std::string& where);

// `tmpl` with every {{call}} (or {{{call}}}) replaced by what `resolve` gives for it. An
// unclosed "{{" is a usage Error naming `where`.
std::string render(std::string_view tmpl, const Resolver& resolve, const std::string& where);

// The usage Error for a call whose name is not among `names`, suggesting the nearest.
[[noreturn]] void unknown_expression(const Call& c, const std::vector<std::string>& names,
                                     const std::string& where);

// A usage Error unless `c` has no arguments.
void require_no_args(const Call& c, const std::string& where);

}  // namespace mlops::tag
