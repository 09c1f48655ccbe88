#pragma once

#include <string>
#include <string_view>

#include "report/report.h"

namespace mlops::report {

// A Markdown summary: a heading with the verdict, the report's facts, and a table of checks
// (failed and warning checks first). Used for --markdown and $GITHUB_STEP_SUMMARY.
std::string to_markdown(const Report& report);

// Makes text safe inside a Markdown table cell: escapes '|', turns line breaks into spaces.
std::string markdown_cell(std::string_view text);

}  // namespace mlops::report
