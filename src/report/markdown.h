#pragma once

#include <string>
#include <string_view>

#include "report/report.h"

namespace mlops::report {

// A Markdown summary: a heading with the verdict, the report's facts, and a table of checks
// (failed and warning checks first). Used for --markdown and $GITHUB_STEP_SUMMARY.
std::string to_markdown(const Report& report);

// Makes text safe inside a Markdown table cell: Markdown punctuation is backslash-escaped,
// <, > and & become entities (no HTML or links from data), line breaks become spaces.
std::string markdown_cell(std::string_view text);
// The same for text inside a `code span`: only backticks, pipes and line breaks matter there.
std::string markdown_code(std::string_view text);

}  // namespace mlops::report
