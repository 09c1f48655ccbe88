#include "validate/command.h"

#include <optional>
#include <string>
#include <utility>

#include "attest/options.h"
#include "cli/app.h"
#include "cli/publish.h"
#include "core/error.h"
#include "core/file.h"
#include "core/version.h"
#include "json/write.h"
#include "validate/options.h"
#include "validate/run.h"

namespace mlops::validate {
namespace {

// The reports, the HTML page and the decision record, through the shared finish step.
void finish(const CheckOptions& o, CheckOutcome r, cli::Io& io) {
  Outcome& outcome = r.reports;
  cli::Finish finish(o.out, io);
  finish.add_file(o.out.html, std::move(r.html), "HTML report");
  if (cli::github_mode(o.out, io)) {
    // Later steps (artifact upload, PR comments) find the JSON report through this output.
    std::string report = o.out.json;
    if (report.empty() || report == "-") {
      // Created exclusively under an unpredictable name: a symlink planted at a guessable
      // /tmp/data-validate-<pid>.json cannot redirect the write.
      std::string dir = io.env("RUNNER_TEMP");
      report =
          create_unique_file(dir.empty() ? std::string("/tmp") : dir, "data-validate-", ".json");
      finish.add_file(report, mlops::json::pretty(outcome.json), "JSON report");
    }
    outcome.report.facts.emplace_back("report", report);
  }
  if (o.recorder && o.recorder->active()) {
    finish.set_record([&] {
      o.recorder->record({"data-validate", std::string(version()), outcome.report.verdict(),
                          static_cast<int>(outcome.report.exit),
                          attest::file_subjects(o.validate.files),
                          attest::file_subjects({o.contract_path}),
                          attest::config_digest(o.contract_path), outcome.json});
    });
  }
  finish.publish(outcome.report, outcome.json);
}

ExitCode check(const std::vector<std::string>& args, cli::Io& io) {
  const std::optional<CheckOptions> options = parse_check_options(args, io);
  if (!options) return ExitCode::kPass;  // --help, printed
  CheckOutcome outcome = run_check(*options, io);
  const ExitCode exit = outcome.reports.report.exit;
  finish(*options, std::move(outcome), io);
  return exit;
}

ExitCode infer(const std::vector<std::string>& args, cli::Io& io) {
  const std::optional<InferOptions> options = parse_infer_options(args, io);
  if (!options) return ExitCode::kPass;  // --help, printed
  cli::write_output(options->output, run_infer(*options, io), io, "contract",
                    cli::StdoutShield::kNone);
  return ExitCode::kPass;
}

}  // namespace

ExitCode data_validate(const std::vector<std::string>& args, cli::Io& io) {
  if (auto done = cli::top_level_help(args, io, kDataValidateUsage)) return *done;
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "check") return check(rest, io);
  if (args[0] == "infer") return infer(rest, io);
  throw usage_error("unknown command '" + args[0] + "'", "use 'check' or 'infer' (see --help)");
}

}  // namespace mlops::validate
