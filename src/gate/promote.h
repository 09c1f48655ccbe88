#pragma once

#include <optional>
#include <string>

#include "gate/mlflow.h"

namespace mlops::gate {

// What `--promote-alias` asks of MLflow (docs/metric-gate.md, "MLflow").
struct Promotion {
  std::string run_id, model, alias;
  bool allow_running = false;  // --allow-running-run
};

// The checks of an alias name that need no server, made before anything is read or written:
// MLflow reserves "latest" (any case) and v<digits> (the version aliases). Usage Error.
void check_alias_name(const std::string& alias);

// What the candidate run's state allows. A deleted, FAILED or KILLED run is an input Error
// (exit 3): its metrics describe no model worth shipping. Returns a warning for a run that has
// not finished (RUNNING, SCHEDULED, or no status sent), "" for a FINISHED one.
std::string check_candidate_run(const Run& run, const std::string& run_id);

// Records the verdict in MLflow and, on a pass, promotes: a transaction of idempotent writes
// made after every read and check, in this order: the run's `metric_gate` tag; on a fail its
// `metric_gate_reason`, on a pass the deletion of an earlier reason; the version's
// `metric_gate` tag; and last the alias, so that a failure never leaves the alias moved
// without the tags that justify it. A pass on a run that has not finished is refused (exit 3,
// nothing written) unless `allow_running`. A failure after the first write is an input Error
// saying what was written and what was not. Returns the promoted version on a pass.
std::optional<std::string> record_verdict(MlflowClient& client, const Promotion& promotion,
                                          const Run& run, bool passed,
                                          const std::string& failed_rules);

}  // namespace mlops::gate
