#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

// type=match: a JavaScript regex as docker/metadata-action applies it to the git tag (or the
// rule's value), on RE2, whose matching time is linear in the input.
namespace mlops::tag {

class JsRegex {
 public:
  // "/body/flags" (JavaScript's literal form, flags i and g) or a bare body, in RE2 syntax: no
  // backreferences or lookarounds. A bad regex or flag is a usage Error naming `where`.
  JsRegex(const std::string& pattern, const std::string& where);
  ~JsRegex();
  JsRegex(JsRegex&&) noexcept;
  JsRegex& operator=(JsRegex&&) noexcept;

  // JavaScript's String.match: without the g flag the first match and its capture groups
  // (nullopt for a group that took no part); with it every match, without groups. Empty when
  // nothing matches.
  std::vector<std::optional<std::string>> match(const std::string& input) const;

 private:
  std::unique_ptr<re2::RE2> re_;
  bool global_ = false;
};

}  // namespace mlops::tag
