#include "tag/oci_tag.h"

#include <algorithm>
#include <cctype>

namespace mlops::tag {

std::string oci_tag_problem(std::string_view tag) {
  auto word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; };
  if (tag.empty()) return "it is empty";
  if (tag.size() > 128) {
    return "it is " + std::to_string(tag.size()) + " characters long, the limit is 128";
  }
  // The first character is a word character: "." and "-" are the only others allowed later.
  if (tag[0] == '.' || tag[0] == '-') return std::string("it starts with \"") + tag[0] + "\"";
  if (!std::all_of(tag.begin(), tag.end(),
                   [&](char c) { return word(c) || c == '.' || c == '-'; })) {
    return "it has characters other than letters, digits, \"_\", \".\" and \"-\"";
  }
  return "";
}

}  // namespace mlops::tag
