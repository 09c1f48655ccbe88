#!/usr/bin/env bash
# The logic of actions/drift-check (tested by tests/actions/actions_test.sh). Inputs come as
# INPUT_* variables, never interpolated into this script. drift-check itself writes the step's
# outputs (drift, drifted_columns, share, verdict) and summary; this script adds the paths of
# the reports and the attestation, the verdict when the binary could not decide, the files and
# artifact name of upload-report, and decides whether dataset drift (exit 1) fails the step.
# Errors (exit 2, 3) always do.
set -euo pipefail

TOOL=drift-check
# shellcheck source=actions/setup/action-lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/../setup/action-lib.sh"

refuse_line_breaks reference current config schema sketch memory-budget-mb threads html junit markdown \
  json prometheus pushgateway job timeout retries data-timeout data-retries verbose fail-on-drift
refuse_line_breaks --lists labels
report_artifact
[[ -n ${INPUT_REFERENCE:-} ]] || usage_error "the reference input is required"
[[ -n ${INPUT_CURRENT:-} ]] || usage_error "the current input is required"
fail_on_drift=${INPUT_FAIL_ON_DRIFT:-true}
[[ $fail_on_drift == true || $fail_on_drift == false ]] ||
  usage_error "the fail-on-drift input must be \"true\" or \"false\", not \"$fail_on_drift\""

report=${INPUT_JSON:-$(default_report)}
args=(compare "--reference=$INPUT_REFERENCE" "--current=$INPUT_CURRENT" "--json=$report")
add --config "${INPUT_CONFIG:-}"
add --schema "${INPUT_SCHEMA:-}"
add_flag --sketch sketch
add --memory-budget-mb "${INPUT_MEMORY_BUDGET_MB:-}"
add --threads "${INPUT_THREADS:-}"
add --html "${INPUT_HTML:-}"
add --junit "${INPUT_JUNIT:-}"
add --markdown "${INPUT_MARKDOWN:-}"
add --prometheus "${INPUT_PROMETHEUS:-}"
add --pushgateway "${INPUT_PUSHGATEWAY:-}"
add --job "${INPUT_JOB:-}"
add_each --label "${INPUT_LABELS:-}"
add --timeout "${INPUT_TIMEOUT:-}"
add --retries "${INPUT_RETRIES:-}"
add --data-timeout "${INPUT_DATA_TIMEOUT:-}"
add --data-retries "${INPUT_DATA_RETRIES:-}"
add_flag --verbose verbose

add_attestation

# Reports may go to a directory the job has not made yet (drift-check does not create it); what
# is at their paths now is noted, so that the outputs below name only files this run wrote.
prepare_outputs "$report" "${INPUT_HTML:-}" "${INPUT_JUNIT:-}" "${INPUT_MARKDOWN:-}" "${INPUT_PROMETHEUS:-}" \
            "$attestation" "$audit_log"

run_tool drift-check "${args[@]}"

# The paths of the reports that were written, so that later steps can upload them; the
# attestation is written for drift (exit 1) as well as for no drift.
path_output report "$report"
path_output html "${INPUT_HTML:-}"
path_output junit "${INPUT_JUNIT:-}"
path_output markdown "${INPUT_MARKDOWN:-}"
path_output prometheus "${INPUT_PROMETHEUS:-}"
path_output attestation "$attestation"
report_files "$report" "${INPUT_HTML:-}" "${INPUT_JUNIT:-}" "${INPUT_MARKDOWN:-}" "${INPUT_PROMETHEUS:-}" "$attestation"

if [[ $status -eq 1 && $fail_on_drift == false ]]; then
  echo "::warning title=mlops-actions drift-check::dataset drift; the step passes because fail-on-drift is false"
  exit 0
fi
exit "$status"
