#pragma once

#include <boost/program_options.hpp>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "cli/io.h"
#include "core/exit_code.h"

namespace mlops::cli {

namespace po = boost::program_options;

// The outputs every gate offers (docs/conventions.md).
struct OutputOptions {
  std::string json;      // path or "-"
  std::string junit;     // path
  std::string markdown;  // path
  std::string html;      // path (tools that draw pictures)
  bool no_github = false;
  bool quiet = false;
  bool verbose = false;
};

// Adds --json, --junit, --markdown, [--html], --no-github, --quiet, --verbose to `desc`.
void add_output_options(po::options_description& desc, OutputOptions& out, bool with_html);

// Parses `args` (without the program name) against `desc` and `positional`. Unknown options,
// missing values and bad values become usage Errors (exit 2) that name the option and suggest
// the nearest known one. When `desc` has --junit, such an error also arms the errored JUnit
// report at the --junit path the parser reads in `args` (arm_error_report_unparsed).
po::variables_map parse(const std::vector<std::string>& args, const po::options_description& desc,
                        const po::positional_options_description& positional = {});

// The one place errors become messages and exit codes. Handles --version and turns an Error
// into "<tool>: error: <what>, <hint>" on stderr with its exit code; any other exception is
// reported as "could not evaluate" (exit 3), never as a pass. Once the command has checked its
// outputs (check_outputs, cli/publish.h), or its command line failed to parse (parse), such
// an error also writes the --junit report with one errored testcase carrying the message; when
// that fails, stderr says so too and the exit code stays the error's. After check_outputs it
// also removes the reports an earlier run left at the other output paths
// (remove_stale_outputs).
int run_tool(std::string_view tool, std::span<const char* const> argv, Io& io,
             const std::function<ExitCode(const std::vector<std::string>& args, Io& io)>& body);

// The top level of a binary with subcommands: no arguments print `usage` (exit 2); --help, -h
// or help print it (exit 0); anything else is a command to run (nullopt).
std::optional<ExitCode> top_level_help(const std::vector<std::string>& args, Io& io,
                                       std::string_view usage);

// "<tool> <version> (commit <sha>)"
std::string version_line(std::string_view tool);

}  // namespace mlops::cli
