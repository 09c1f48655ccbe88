#include "gate/command.h"

#include <optional>
#include <string>

#include "attest/options.h"
#include "cli/publish.h"
#include "core/error.h"
#include "core/version.h"
#include "gate/options.h"
#include "gate/run.h"

namespace mlops::gate {
namespace {

// The reports, the warnings and the decision record, through the shared finish step.
void finish(const MetricGateOptions& o, const GateOutcome& r, cli::Io& io) {
  cli::Finish finish(o.out, io);
  finish.set_text(r.text);  // the table replaces the generic text report
  finish.add_warnings(r.warnings);
  if (o.recorder && o.recorder->active()) {
    finish.set_record([&] {
      o.recorder->record(
          {"metric-gate", std::string(version()), r.report.verdict(),
           static_cast<int>(r.report.exit), attest::file_subjects({o.metrics, o.predictions}),
           attest::file_subjects({o.baseline_metrics, o.baseline_predictions, o.rules_path}),
           attest::config_digest(o.rules_path), r.json});
    });
  }
  try {
    finish.publish(r.report, r.json);
  } catch (const Error& e) {
    // MLflow was written before the reports (the promoted fact is in them); a report that then
    // fails must not leave that write unsaid.
    if (r.mlflow_written.empty()) throw;
    throw Error(e.code(),
                e.what() + std::string("; MLflow was already written: ") + r.mlflow_written,
                e.hint());
  }
}

}  // namespace

ExitCode metric_gate(const std::vector<std::string>& args, cli::Io& io) {
  const std::optional<MetricGateOptions> options = parse_metric_gate_options(args, io);
  if (!options) return args.empty() ? ExitCode::kUsage : ExitCode::kPass;  // the usage, printed
  const GateOutcome outcome = run_metric_gate(*options, io);
  finish(*options, outcome, io);
  return outcome.report.exit;
}

}  // namespace mlops::gate
