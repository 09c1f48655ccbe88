#include "canary/command.h"

#include <optional>
#include <vector>

#include "attest/options.h"
#include "attest/statement.h"
#include "canary/options.h"
#include "canary/run.h"
#include "cli/option_groups.h"
#include "cli/publish.h"
#include "core/error.h"
#include "core/version.h"

namespace mlops::canary {
namespace {

// The judged artifacts: the samples file (offline) and the image the canary runs (--image).
std::vector<attest::Subject> subjects(const CanaryEvalOptions& options) {
  std::vector<attest::Subject> out = attest::file_subjects({options.samples_path});
  if (!options.image.empty()) out.push_back(attest::image_subject(options.image));
  return out;
}

// Writes every output of `outcome` and records the decision (cli::Finish).
void finish_canary_eval(const CanaryEvalOptions& options, const CanaryEvalOutcome& outcome,
                        const attest::DecisionRecorder& recorder, cli::Io& io) {
  cli::Finish finish(options.out, io);
  finish.set_text(outcome.text);
  finish.add_file(options.metrics_file, outcome.exposition, "Prometheus metrics");
  if (recorder.active()) {
    finish.set_record([&] {
      recorder.record({"canary-eval", std::string(version()),
                       std::string(to_string(outcome.decision)),
                       static_cast<int>(outcome.report.exit), subjects(options),
                       attest::file_subjects({options.config_path}),
                       attest::config_digest(options.config_path), outcome.json});
    });
  }
  finish.publish(outcome.report, outcome.json);
}

}  // namespace

ExitCode canary_eval(const std::vector<std::string>& args, cli::Io& io) {
  if (auto done = cli::top_level_help(args, io, canary_eval_usage())) return *done;
  if (args[0] != "run") {
    throw usage_error("unknown command '" + args[0] + "'", "use 'run' (see --help)");
  }
  const std::optional<CanaryEvalOptions> options =
      parse_canary_eval_options({args.begin() + 1, args.end()}, io);
  if (!options) return ExitCode::kPass;
  // From here on the files read are hashed for the decision record (attest/recorder.h).
  const attest::DecisionRecorder recorder(options->record, io.getenv);
  const CanaryEvalOutcome outcome = run_canary_eval(*options, io);
  // The push goes before any output: when it fails (exit 3), no GitHub output may already
  // carry the decision.
  cli::push_if_asked(options->push, outcome.exposition, options->http, io);
  finish_canary_eval(*options, outcome, recorder, io);
  return outcome.report.exit;
}

}  // namespace mlops::canary
