#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

// The line syntax of docker/metadata-action's `tags` and `flavor` inputs, which image-tag's
// --tags and --flavor share: one entry a line ("#" lines are comments), comma-separated CSV
// fields, key=value attributes.
namespace mlops::tag {

// `s` without leading and trailing spaces, tabs and carriage returns.
std::string trim(std::string_view s);

// The items joined by `sep`, for lists in messages.
std::string join(const std::vector<std::string>& items, std::string_view sep);

// The non-blank, non-comment lines of `text`, trimmed, with their 1-based line numbers.
std::vector<std::pair<int, std::string>> content_lines(std::string_view text);

// Comma-separated fields with CSV quoting: "pattern=\d{1,2}" is one field and "" inside
// quotes is one quote. A quote inside an unquoted field is kept as is. An unterminated quote or
// text after a closing quote is a usage Error naming `where`.
std::vector<std::string> split_fields(std::string_view line, const std::string& where);

// One attribute of a field.
struct Attr {
  std::string key, value;
};

// "key=value" splits at the first "=" (the key trimmed and lower-cased, the value trimmed); a
// field without one is the rule's value ("type=raw,foo" gives value=foo). A field with no name
// before its "=" is a usage Error naming `where`.
Attr split_attr(const std::string& field, const std::string& where);

// Whether `s` is "true" or "false".
bool true_or_false(const std::string& s);

}  // namespace mlops::tag
