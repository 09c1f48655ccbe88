#!/usr/bin/env bash
# The logic of actions/metric-gate (tested by tests/actions/actions_test.sh). Inputs come as
# INPUT_* variables; metric-gate writes the step's outputs (passed, failed_rules, verdict).
set -euo pipefail

args=(check --rules "${INPUT_RULES:?the rules input is required}" --task "${INPUT_TASK:-binary}"
      --label-column "${INPUT_LABEL_COLUMN:-label}" --score-column "${INPUT_SCORE_COLUMN:-score}")
add() { [[ -z $2 ]] || args+=("$1" "$2"); }
add --metrics "${INPUT_METRICS:-}"
add --predictions "${INPUT_PREDICTIONS:-}"
add --mlflow-run "${INPUT_MLFLOW_RUN:-}"
add --baseline-metrics "${INPUT_BASELINE_METRICS:-}"
add --baseline-predictions "${INPUT_BASELINE_PREDICTIONS:-}"
add --mlflow-baseline "${INPUT_MLFLOW_BASELINE:-}"
add --baseline-prefix "${INPUT_BASELINE_PREFIX:-}"

export GITHUB_ACTIONS=true
metric-gate "${args[@]}"
