#pragma once

#include <cstdint>
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

  // The name=value (or heredoc) entry set_output appends.
  std::string output_entry(std::string_view name, std::string_view value);

  // What write_files() appended, so that a later failure can take it back: the runner reads
  // these files only when the step ends, so a truncated file never claimed anything.
  struct Appended {
    std::string output_file, summary_file;
    std::uint64_t output_size = 0, summary_size = 0;
    bool output = false, summary = false;
    void undo() const noexcept;
  };

  // Annotations for failed/warning checks.
  void annotate_checks(const Report& report);
  // Outputs for `verdict` and every fact (one append), then the Markdown summary. All or
  // nothing: when the summary cannot be written the outputs are truncated back.
  Appended write_files(const Report& report);

  // annotate_checks, then write_files.
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
