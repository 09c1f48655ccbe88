#!/usr/bin/env bash
# The logic of actions/data-validate (tested by tests/actions/actions_test.sh). Inputs come as
# INPUT_* variables, never interpolated into this script. data-validate itself writes the
# step's outputs (valid, rows, fingerprint, report, verdict), summary and annotations; this
# script adds the paths of the other reports and the attestation, the verdict when the binary
# could not decide, and the files and artifact name of upload-report.
set -euo pipefail

TOOL=data-validate
# shellcheck source=actions/setup/action-lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/../setup/action-lib.sh"

refuse_line_breaks contract fail-on max-examples as-of threads json junit markdown html verbose
refuse_line_breaks --lists data
report_artifact
read -r -a files <<<"$(printf '%s' "${INPUT_DATA:-}" | tr '\n' ' ')"
[[ ${#files[@]} -gt 0 ]] || usage_error "the data input is required: one path a line"
[[ -n ${INPUT_CONTRACT:-} ]] || usage_error "the contract input is required"
args=(check "--contract=$INPUT_CONTRACT" "--fail-on=${INPUT_FAIL_ON:-error}" "--max-examples=${INPUT_MAX_EXAMPLES:-5}")
add --as-of "${INPUT_AS_OF:-}"
add --threads "${INPUT_THREADS:-}"
report=${INPUT_JSON:-$(default_report)}
args+=("--json=$report")
add --junit "${INPUT_JUNIT:-}"
add --markdown "${INPUT_MARKDOWN:-}"
add --html "${INPUT_HTML:-}"
add_flag --verbose verbose

add_attestation
# Reports may go to a directory the job has not made yet (data-validate does not create it); what
# is at their paths now is noted, so that the outputs below name only files this run wrote.
prepare_outputs "$report" "${INPUT_JUNIT:-}" "${INPUT_MARKDOWN:-}" "${INPUT_HTML:-}" "$attestation" "$audit_log"
# The data last, after "--": a file named "-h" is data, not a request for help.
args+=(-- "${files[@]}")

run_tool data-validate "${args[@]}"
# A violated contract (exit 1) is a decision too, and is attested like a pass.
path_output junit "${INPUT_JUNIT:-}"
path_output markdown "${INPUT_MARKDOWN:-}"
path_output html "${INPUT_HTML:-}"
path_output attestation "$attestation"
report_files "$report" "${INPUT_JUNIT:-}" "${INPUT_MARKDOWN:-}" "${INPUT_HTML:-}" "$attestation"
exit "$status"
