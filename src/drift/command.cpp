#include "drift/command.h"

#include "attest/options.h"
#include "cli/app.h"
#include "cli/option_groups.h"
#include "cli/publish.h"
#include "core/error.h"
#include "core/text.h"
#include "core/version.h"
#include "drift/html.h"
#include "drift/options.h"
#include "drift/profile_json.h"
#include "drift/report.h"
#include "drift/run.h"
#include "json/write.h"

namespace mlops::drift {
namespace {

// Pushes the metrics, then writes every report and records the decision.
void finish_compare(const CompareOptions& options, const CompareOutcome& outcome, cli::Io& io) {
  const DatasetResult& result = outcome.result;
  // The push goes first: when it fails (exit 3) no GitHub output may already say "no drift".
  std::string exposition = to_prometheus(result, options.labels);
  cli::push_if_asked(options.push, exposition, options.http, io);
  cli::Finish finish(options.out, io);
  finish.set_text(text_report(result));  // the table replaces the generic text report
  if (!options.out.html.empty()) finish.add_file(options.out.html, to_html(result), "HTML report");
  finish.add_file(options.prometheus, exposition, "Prometheus metrics");
  const attest::DecisionRecorder& recorder = *options.recorder;
  if (recorder.active()) {
    finish.set_record([&] {
      recorder.record({"drift-check", std::string(version()), outcome.report.verdict(),
                       static_cast<int>(outcome.report.exit),
                       attest::file_subjects({options.current}),
                       attest::file_subjects({options.reference, options.config_path}),
                       attest::config_digest(options.config_path), to_json(result)});
    });
  }
  finish.publish(outcome.report, to_json(result));
}

// Writes a profile (profile and merge), then the line saying so. A profile is a document
// of its own, not a report: it has no verdict to record or to annotate.
void finish_profile(const Profile& profile, const std::string& output, bool quiet,
                    const std::string& summary, cli::Io& io) {
  cli::write_output(output, mlops::json::pretty(to_json(profile)), io, "profile",
                    cli::StdoutShield::kJson);
  if (!quiet && output != "-") {
    // File names are the caller's text: shielded like data in GitHub mode.
    io.out << cli::shield_untrusted("drift-check: " + summary + " into " + output + "\n",
                                    io.github_actions());
  }
}

ExitCode compare_command(const std::vector<std::string>& args, cli::Io& io) {
  std::optional<CompareOptions> options = parse_compare_options(args, io);
  if (!options) return ExitCode::kPass;
  CompareOutcome outcome = run_compare(*options, io);
  finish_compare(*options, outcome, io);
  return outcome.report.exit;
}

ExitCode profile_command(const std::vector<std::string>& args, cli::Io& io) {
  std::optional<ProfileOptions> options = parse_profile_options(args, io);
  if (!options) return ExitCode::kPass;
  Profile profile = run_profile(*options, io);
  finish_profile(profile, options->output, options->quiet,
                 "profiled " + std::to_string(profile.rows) + " rows, " +
                     std::to_string(profile.columns.size()) + " columns of " + options->data,
                 io);
  return ExitCode::kPass;
}

ExitCode merge_command(const std::vector<std::string>& args, cli::Io& io) {
  std::optional<MergeOptions> options = parse_merge_options(args, io);
  if (!options) return ExitCode::kPass;
  Profile merged = run_merge(*options);
  finish_profile(merged, options->output, options->quiet,
                 "merged " + std::to_string(options->inputs.size()) + " profiles (" +
                     std::to_string(merged.rows) + " rows)",
                 io);
  return ExitCode::kPass;
}

}  // namespace

ExitCode drift_check(const std::vector<std::string>& args, cli::Io& io) {
  if (auto done = cli::top_level_help(args, io, usage())) return *done;
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args[0] == "compare") return compare_command(rest, io);
  if (args[0] == "profile") return profile_command(rest, io);
  if (args[0] == "merge") return merge_command(rest, io);
  std::string hint = "use compare, profile or merge (see --help)";
  if (std::string near = nearest(args[0], {"compare", "profile", "merge"}); !near.empty()) {
    hint = "did you mean '" + near + "'?";
  }
  throw usage_error("unknown command '" + args[0] + "'", hint);
}

}  // namespace mlops::drift
