#!/usr/bin/env bash
# The logic of actions/data-validate (tested by tests/actions/actions_test.sh). Inputs come as
# INPUT_* variables, never interpolated into this script. data-validate itself writes the
# step's outputs (valid, rows, fingerprint, report, verdict), summary and annotations.
set -euo pipefail

read -r -a files <<<"$(printf '%s' "${INPUT_DATA:?the data input is required}" | tr '\n' ' ')"
args=(check "${files[@]}" --contract "${INPUT_CONTRACT:?the contract input is required}"
      --fail-on "${INPUT_FAIL_ON:-error}" --max-examples "${INPUT_MAX_EXAMPLES:-5}")
[[ -z ${INPUT_AS_OF:-} ]] || args+=(--as-of "$INPUT_AS_OF")
[[ -z ${INPUT_HTML:-} ]] || args+=(--html "$INPUT_HTML")
report=${RUNNER_TEMP:-/tmp}/data-validate-report.json
args+=(--json "$report")

export GITHUB_ACTIONS=true
data-validate "${args[@]}"
