#include "tag/js_regex.h"

#include <re2/re2.h>

#include "core/error.h"
#include "core/text.h"

namespace mlops::tag {

JsRegex::JsRegex(const std::string& pattern, const std::string& where) {
  std::string body = pattern, flags;
  const std::size_t last = pattern.rfind('/');
  if (pattern.size() > 2 && pattern[0] == '/' && last > 1) {
    body = pattern.substr(1, last - 1);
    flags = pattern.substr(last + 1);
  }
  RE2::Options options;
  options.set_log_errors(false);
  for (char f : flags) {
    if (f == 'i') {
      options.set_case_sensitive(false);
    } else if (f == 'g') {
      global_ = true;
    } else {
      throw usage_error(
          where + ": regex flag " + mlops::quoted(std::string(1, f)) + " is not supported",
          "the supported flags are i and g");
    }
  }
  re_ = std::make_unique<RE2>(body, options);
  if (!re_->ok()) {
    throw usage_error(where + ": pattern " + mlops::quoted(pattern) +
                      " is not a valid regex: " + re_->error());
  }
}

JsRegex::~JsRegex() = default;
JsRegex::JsRegex(JsRegex&&) noexcept = default;
JsRegex& JsRegex::operator=(JsRegex&&) noexcept = default;

std::vector<std::optional<std::string>> JsRegex::match(const std::string& input) const {
  std::vector<std::optional<std::string>> found;
  const int groups = re_->NumberOfCapturingGroups() + 1;
  std::vector<re2::StringPiece> sub(static_cast<std::size_t>(groups));
  std::size_t pos = 0;
  while (pos <= input.size() &&
         re_->Match(input, pos, input.size(), RE2::UNANCHORED, sub.data(), groups)) {
    if (!global_) {
      for (const re2::StringPiece& g : sub) {
        found.push_back(g.data() ? std::optional<std::string>(std::string(g)) : std::nullopt);
      }
      break;
    }
    found.emplace_back(std::string(sub[0]));
    const auto end = static_cast<std::size_t>(sub[0].data() - input.data()) + sub[0].size();
    pos = sub[0].empty() ? end + 1 : end;
  }
  return found;
}

}  // namespace mlops::tag
