#!/usr/bin/env bash
# The logic of actions/canary-eval (tested by tests/actions/actions_test.sh). Inputs come as
# INPUT_* variables, never interpolated into this script. canary-eval itself writes the step's
# outputs (decision, score, verdict), summary and annotations; this script adds the exit code,
# the paths of the reports and the attestation, the verdict when the binary could not decide,
# the files and artifact name of upload-report, and decides what fails the step:
# 0 promote passes; 1 roll back fails unless fail-on is "never"; 4 inconclusive (keep
# watching) passes with a notice; 2 and 3 (the analysis itself failed) always fail.
set -euo pipefail

TOOL=canary-eval
# shellcheck source=actions/setup/action-lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/../setup/action-lib.sh"

refuse_line_breaks config prometheus lookback start end step samples timeout retries json junit \
  markdown metrics pushgateway job verbose fail-on
refuse_line_breaks --lists labels
report_artifact
[[ -n ${INPUT_CONFIG:-} ]] || usage_error "the config input is required"
fail_on=${INPUT_FAIL_ON:-rollback}
[[ $fail_on == rollback || $fail_on == never ]] ||
  usage_error "the fail-on input must be \"rollback\" or \"never\", not \"$fail_on\""

# Credentials only from the environment: a user:password@ in the URL would be shown in the
# log of every step's inputs. Only the authority (before the first /) is looked at.
prometheus=${INPUT_PROMETHEUS:-}
authority=${prometheus#*://}
authority=${authority%%/*}
[[ $authority != *@* ]] ||
  usage_error "the prometheus input holds credentials (user:password@): give the URL without them and set PROMETHEUS_BEARER_TOKEN, or PROMETHEUS_USERNAME and PROMETHEUS_PASSWORD, in the step's env: from secrets"

report=${INPUT_JSON:-$(default_report)}
args=(run "--config=$INPUT_CONFIG" "--json=$report")
add --prometheus "$prometheus"
add --lookback "${INPUT_LOOKBACK:-}"
add --start "${INPUT_START:-}"
add --end "${INPUT_END:-}"
add --step "${INPUT_STEP:-}"
add --samples "${INPUT_SAMPLES:-}"
add --timeout "${INPUT_TIMEOUT:-}"
add --retries "${INPUT_RETRIES:-}"
add --junit "${INPUT_JUNIT:-}"
add --markdown "${INPUT_MARKDOWN:-}"
add --metrics "${INPUT_METRICS:-}"
add --pushgateway "${INPUT_PUSHGATEWAY:-}"
add --job "${INPUT_JOB:-}"
add_each --label "${INPUT_LABELS:-}"
add_flag --verbose verbose
refuse_line_breaks image
add --image "${INPUT_IMAGE:-}"

add_attestation

# Reports may go to a directory the job has not made yet (canary-eval does not create it); what
# is at their paths now is noted, so that the outputs below name only files this run wrote.
prepare_outputs "$report" "${INPUT_JUNIT:-}" "${INPUT_MARKDOWN:-}" "${INPUT_METRICS:-}" "$attestation" "$audit_log"

run_tool canary-eval "${args[@]}"

# The exit code and the paths of the reports that were written, so that later steps can branch
# and upload them; every decision (promote, roll back, inconclusive) is attested.
set_output exit_code "$status"
path_output report "$report"
path_output junit "${INPUT_JUNIT:-}"
path_output markdown "${INPUT_MARKDOWN:-}"
path_output metrics "${INPUT_METRICS:-}"
path_output attestation "$attestation"
report_files "$report" "${INPUT_JUNIT:-}" "${INPUT_MARKDOWN:-}" "${INPUT_METRICS:-}" "$attestation"

case $status in
  1)
    if [[ $fail_on == never ]]; then
      echo "::warning title=mlops-actions canary-eval::the canary should be rolled back; the step passes because fail-on is never"
      exit 0
    fi
    ;;
  4)
    echo "::notice title=mlops-actions canary-eval::inconclusive (not enough data or a marginal score): keep watching and judge again later"
    exit 0
    ;;
esac
exit "$status"
