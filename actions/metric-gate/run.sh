#!/usr/bin/env bash
# The logic of actions/metric-gate (tested by tests/actions/actions_test.sh). Inputs come as
# INPUT_* variables, never interpolated into this script; metric-gate writes the step's outputs
# (passed, failed_rules, verdict), this script adds the attestation's path.
set -euo pipefail

TOOL=metric-gate
# shellcheck source=actions/setup/action-lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/../setup/action-lib.sh"

refuse_line_breaks rules metrics predictions mlflow-run baseline-metrics baseline-predictions \
  mlflow-baseline baseline-prefix task label-column score-column
args=(check "--rules=${INPUT_RULES:?the rules input is required}" "--task=${INPUT_TASK:-binary}"
      "--label-column=${INPUT_LABEL_COLUMN:-label}" "--score-column=${INPUT_SCORE_COLUMN:-score}")
add --metrics "${INPUT_METRICS:-}"
add --predictions "${INPUT_PREDICTIONS:-}"
add --mlflow-run "${INPUT_MLFLOW_RUN:-}"
add --baseline-metrics "${INPUT_BASELINE_METRICS:-}"
add --baseline-predictions "${INPUT_BASELINE_PREDICTIONS:-}"
add --mlflow-baseline "${INPUT_MLFLOW_BASELINE:-}"
add --baseline-prefix "${INPUT_BASELINE_PREFIX:-}"

add_attestation
make_parents "$attestation" "$audit_log"

export GITHUB_ACTIONS=true
status=0
metric-gate "${args[@]}" || status=$?
# A failed rule (exit 1) is a decision too, and is attested like a pass.
path_output attestation "$attestation"
exit "$status"
