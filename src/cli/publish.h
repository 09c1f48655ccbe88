#pragma once

#include <boost/json/value.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "cli/app.h"
#include "cli/io.h"
#include "report/report.h"

namespace mlops::cli {

// Writes `text` to `path` (atomically, core/file.h), or to io.out when path is "-" (flushed
// and checked). Any failure is an Error (exit 3): a report that silently goes missing is a
// pass nobody can check.
//
// On stdout in GitHub mode (GITHUB_ACTIONS=true, whatever --no-github says: the runner reads
// the step's stdout either way) a document is kept from starting a workflow command as `shield`
// says: kWrap wraps it like shield_untrusted(); kJson writes `##[` as `#\u0023[`, the same JSON
// value (a JSON line cannot start with "::"), so `--json - | jq` still works; kNone is for a
// document its writer already made safe (data-validate infer's YAML).
enum class StdoutShield { kWrap, kJson, kNone };
void write_output(const std::string& path, std::string_view text, Io& io, const char* what,
                  StdoutShield shield = StdoutShield::kWrap);

// `text` as it may go to a CI log in GitHub mode (see write_output).
std::string shield_stdout_document(std::string_view text, StdoutShield shield, bool github);

// Whether GitHub mode is on: GITHUB_ACTIONS=true and no --no-github.
bool github_mode(const OutputOptions& options, const Io& io);

// Text that came from data (values, column names, file names, server messages) on its way to
// stdout or stderr. In GitHub mode a workflow command (`::add-mask::`, `::stop-commands::`,
// the legacy `##[...]`) can start at any line of the step's output, so text that could hold
// one ("::" or "##[" anywhere) is wrapped in GitHub's own stop-commands mechanism:
//   ::stop-commands::<token>   ...text...   ::<token>::
// with a token of 128 random bits (getentropy), which the data cannot guess to end the block
// early. Outside GitHub mode, or for text without "::" and "##[", the text is unchanged.
std::string shield_untrusted(std::string_view text, bool github);

// The one finish step every tool uses (docs/conventions.md, "How outputs are written"). Collect
// everything first, then publish() writes it in this order:
//   1. the text report on stdout (unless --quiet or --json -), shielded in GitHub mode;
//   2. every file (--json, --junit, --markdown, --html, the tool's extra files) staged to a
//      temporary file beside it, then all renamed into place; --json - goes to stdout;
//   3. GitHub mode: annotations, then $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY;
//   4. the decision record (audit log and attestation), when the tool set one.
// Guarantee: when any step fails, publish() throws an Error (exit 3) after taking back what
// this run wrote: the renamed report files are removed and the GitHub files are truncated to
// their size before the run, so no file of this run is left claiming its verdict. (What went
// to stdout or stderr cannot be taken back; the exit code 3 ends the step red.) stdout is
// flushed and checked: a full disk or a closed pipe there is exit 3 too.
class Finish {
 public:
  Finish(OutputOptions options, Io& io) : options_(std::move(options)), io_(io) {}

  // The tool's own text report, replacing the generic one (report::write_text).
  void set_text(std::string text) { text_ = std::move(text), has_text_ = true; }
  // Lines for stderr (warnings), written with the text report (--quiet too), shielded as
  // shield_untrusted() says whenever GITHUB_ACTIONS=true: the runner reads stderr for workflow
  // commands whatever --no-github says.
  void add_warnings(const std::string& text) { warnings_ += text; }
  // An extra file: --html, --metrics, --labels-out, a profile. `path` "-" means stdout.
  void add_file(const std::string& path, std::string text, std::string what);
  // What records the decision (audit log, attestation); runs after the GitHub files, and a
  // failure takes them and the report files back. It must take back its own writes.
  void set_record(std::function<void()> record) { record_ = std::move(record); }

  void publish(const report::Report& report, const boost::json::value& json);

 private:
  struct File {
    std::string path, text, what;
  };
  OutputOptions options_;
  Io& io_;
  std::string text_, warnings_;
  bool has_text_ = false;
  std::vector<File> files_;
  std::function<void()> record_;
};

// Finish(options, io).publish(report, json): the generic text report and the standard files.
void publish(const report::Report& report, const boost::json::value& json,
             const OutputOptions& options, Io& io);

// Refuses (usage Error, exit 2) an output path that names the same file as an input (device
// and inode after following symlinks), or the same file as another output, before anything
// is read: `--json data.csv` must not overwrite the data. Empty paths and "-" are skipped.
void refuse_overwriting_inputs(const std::vector<std::string>& inputs,
                               const std::vector<std::string>& outputs);

// The one check of a command's outputs, right after its options are read: refuses (exit 2)
// outputs that would overwrite `inputs` or each other (refuse_overwriting_inputs: the file
// outputs of `options`, `extra_outputs` and `appended_outputs`), then arms the errored JUnit
// report: from here on an Error that ends the run still writes --junit (write_error_report)
// and takes away the reports an earlier run left (remove_stale_outputs). `extra_outputs` are
// files a run replaces whole (--html, --metrics, --attest-out); `appended_outputs` are files
// it appends to (--audit-log), never removed. A command line that does not parse arms the
// errored report in cli::parse instead (arm_error_report_unparsed); an output that is an
// input arms nothing.
void check_outputs(const OutputOptions& options, const std::vector<std::string>& extra_outputs,
                   const std::vector<std::string>& inputs,
                   const std::vector<std::string>& appended_outputs = {});

// The errored report of a command line that did not parse (cli::parse), at the --junit path
// the parser read in it; `other_values` are the command line's other values (option values
// and operands). Its inputs are not known, so a file already at `junit` is replaced only when
// it is a regular file holding a JUnit report (root element <testsuites> or <testsuite>) and
// no other value names it; otherwise write_error_report says why it wrote nothing. Nothing
// is removed (remove_stale_outputs): which values are outputs is not known either.
void arm_error_report_unparsed(const std::string& junit,
                               const std::vector<std::string>& other_values);

// The errored JUnit report of a run that ends in an Error (report::write_junit_error), written
// to the --junit path check_outputs armed, atomically like every report ("-": stdout); nothing
// when none was armed. Throws an input Error when it cannot be written. The armed path is per
// thread (tools run in-process in tests) and run_tool disarms it when a run starts.
void write_error_report(std::string_view tool, ExitCode code, std::string_view message, Io& io);
void disarm_error_report();

// After an Error ends a run that passed check_outputs: removes each file found at an output
// path when the outputs were checked (--json, --junit, --markdown, --html, extra_outputs;
// followed through symlinks, as they are written) that is still that same file (device and
// inode: every report is renamed into place, so a file this run wrote is another), so that
// no report of an earlier run is left to pass for this run's. Returns one message per file
// it could not remove; best effort otherwise.
std::vector<std::string> remove_stale_outputs();

// The file outputs of `options` (--json unless "-", --junit, --markdown, --html).
std::vector<std::string> output_paths(const OutputOptions& options);

}  // namespace mlops::cli
