#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include "report/report.h"

namespace mlops::report {

// GitHub Actions workflow commands and environment files
// (docs.github.com/actions/using-workflows/workflow-commands-for-github-actions).
class GithubActions {
 public:
  // `commands` receives ::error/::warning lines (a step's stdout). Empty file paths disable
  // outputs or the summary. `delimiter` makes heredoc delimiters (random by default; a seam
  // so tests can check exact bytes).
  GithubActions(std::ostream& commands, std::string output_file, std::string summary_file,
                std::function<std::string()> delimiter = random_delimiter);

  // Appends name=value to $GITHUB_OUTPUT, or the name<<DELIMITER form for multi-line values.
  void set_output(std::string_view name, std::string_view value);
  // Appends Markdown to $GITHUB_STEP_SUMMARY.
  void append_summary(std::string_view markdown);
  // Emits ::error/::warning/::notice with file, line, col and title properties when known.
  void annotate(Status level, std::string_view message, const Location* location,
                std::string_view title);

  // Annotations for failed/warning checks, outputs for every fact plus `verdict`, and the
  // Markdown summary.
  void publish(const Report& report);

  static std::string random_delimiter();

 private:
  std::ostream& commands_;
  std::string output_file_;
  std::string summary_file_;
  std::function<std::string()> delimiter_;
};

// Escaping used by the actions toolkit: data escapes %, CR and LF; property values also
// escape ':' and ','.
std::string escape_data(std::string_view text);
std::string escape_property(std::string_view text);

}  // namespace mlops::report
