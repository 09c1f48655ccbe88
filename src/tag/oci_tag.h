#pragma once

#include <string>
#include <string_view>

namespace mlops::tag {

// The OCI tag grammar, [A-Za-z0-9_][A-Za-z0-9_.-]{0,127} (the distribution spec's <reference>
// as a tag): the one home of the rule that image-tag's computed tags and the registry client's
// references are both checked by.

// Why `tag` is not a valid tag ("it is empty", "it starts with \"-\"", ...), or "" when it is.
std::string oci_tag_problem(std::string_view tag);

inline bool is_valid_tag(std::string_view tag) { return oci_tag_problem(tag).empty(); }

}  // namespace mlops::tag
