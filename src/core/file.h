#pragma once

#include <string>
#include <string_view>

namespace mlops {

// Writes (or appends) `text` to `path`. Failure is an input Error (exit 3) naming the file and
// `what` it was for: a report or runner file that silently goes missing is a pass nobody checked.
void write_file(const std::string& path, std::string_view text, bool append, const char* what);

}  // namespace mlops
