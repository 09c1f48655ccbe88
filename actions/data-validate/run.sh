#!/usr/bin/env bash
# The logic of actions/data-validate (tested by tests/actions/actions_test.sh). Inputs come as
# INPUT_* variables, never interpolated into this script. data-validate itself writes the
# step's outputs (valid, rows, fingerprint, report, verdict), summary and annotations; this
# script adds the attestation's path.
set -euo pipefail

TOOL=data-validate
# shellcheck source=actions/setup/action-lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/../setup/action-lib.sh"

read -r -a files <<<"$(printf '%s' "${INPUT_DATA:?the data input is required}" | tr '\n' ' ')"
args=(check "${files[@]}" --contract "${INPUT_CONTRACT:?the contract input is required}"
      --fail-on "${INPUT_FAIL_ON:-error}" --max-examples "${INPUT_MAX_EXAMPLES:-5}")
[[ -z ${INPUT_AS_OF:-} ]] || args+=(--as-of "$INPUT_AS_OF")
[[ -z ${INPUT_HTML:-} ]] || args+=(--html "$INPUT_HTML")
report=${RUNNER_TEMP:-/tmp}/data-validate-report.json
args+=(--json "$report")

add_attestation
make_parents "$attestation" "$audit_log"

export GITHUB_ACTIONS=true
status=0
data-validate "${args[@]}" || status=$?
# A violated contract (exit 1) is a decision too, and is attested like a pass.
[[ -z $attestation || ! -f $attestation ]] || echo "attestation=$attestation" >>"${GITHUB_OUTPUT:?GITHUB_OUTPUT is not set}"
exit "$status"
