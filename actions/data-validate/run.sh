#!/usr/bin/env bash
# The logic of actions/data-validate (tested by tests/actions/actions_test.sh). Inputs come as
# INPUT_* variables, never interpolated into this script. data-validate itself writes the
# step's outputs (valid, rows, fingerprint, report, verdict), summary and annotations; this
# script adds the attestation's path.
set -euo pipefail

TOOL=data-validate
# shellcheck source=actions/setup/action-lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/../setup/action-lib.sh"

refuse_line_breaks contract fail-on max-examples as-of html
refuse_line_breaks --lists data
read -r -a files <<<"$(printf '%s' "${INPUT_DATA:?the data input is required}" | tr '\n' ' ')"
[[ ${#files[@]} -gt 0 ]] || usage_error "the data input is required: one path a line"
args=(check "--contract=${INPUT_CONTRACT:?the contract input is required}"
      "--fail-on=${INPUT_FAIL_ON:-error}" "--max-examples=${INPUT_MAX_EXAMPLES:-5}")
add --as-of "${INPUT_AS_OF:-}"
add --html "${INPUT_HTML:-}"
report=${RUNNER_TEMP:-/tmp}/data-validate-report.json
args+=("--json=$report")

add_attestation
make_parents "$attestation" "$audit_log"
# The data last, after "--": a file named "-h" is data, not a request for help.
args+=(-- "${files[@]}")

export GITHUB_ACTIONS=true
status=0
data-validate "${args[@]}" || status=$?
# A violated contract (exit 1) is a decision too, and is attested like a pass.
path_output attestation "$attestation"
exit "$status"
