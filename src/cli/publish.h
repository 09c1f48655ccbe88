#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>

#include "cli/app.h"
#include "cli/io.h"
#include "report/report.h"

namespace mlops::cli {

// Writes `text` to `path`, or to io.out when path is "-". An unwritable path is an Error
// (exit 3): a report that silently goes missing is a pass nobody can check.
void write_output(const std::string& path, std::string_view text, Io& io, const char* what);

// Emits a finished report everywhere the options ask: the text report on stdout (unless
// --quiet or --json -), --json (with `json`), --junit, --markdown, and GitHub mode when
// GITHUB_ACTIONS=true and --no-github is not given.
void publish(const report::Report& report, const boost::json::value& json,
             const OutputOptions& options, Io& io);

// Pretty-printed JSON text with a final newline.
std::string pretty_json(const boost::json::value& value);

}  // namespace mlops::cli
