#pragma once

#include <ostream>
#include <string>
#include <string_view>

#include "report/report.h"

namespace mlops::report {

// JUnit XML as Jenkins' junit step and GitHub test reporters read it: one <testsuite> per
// report, one <testcase> per check. Failed checks carry <failure>, checks that could not be
// evaluated <error>, skipped ones <skipped>; warnings pass with the message in <system-out>.
void write_junit(const Report& report, std::ostream& out);

// The report of a run that ended in an error before it could decide (exit 2 or 3): one
// <testsuite> with one <testcase> ("usage error" or "could not evaluate") carrying `message`
// in an <error> of type "usage" or "input", so a CI's JUnit view shows why the gate did not run.
void write_junit_error(std::string_view tool, ExitCode code, std::string_view message,
                       std::ostream& out);

// Escapes &, <, >, " and ' and replaces characters XML 1.0 forbids with U+FFFD.
std::string xml_escape(std::string_view text);

}  // namespace mlops::report
