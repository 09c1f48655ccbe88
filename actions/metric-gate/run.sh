#!/usr/bin/env bash
# The logic of actions/metric-gate (tested by tests/actions/actions_test.sh). Inputs come as
# INPUT_* variables, never interpolated into this script; metric-gate writes the step's outputs
# (passed, failed_rules, verdict), summary and annotations; this script adds the paths of the
# reports and the attestation, the verdict when the binary could not decide, and the files and
# artifact name of upload-report. MLflow credentials come only from the step's environment.
set -euo pipefail

TOOL=metric-gate
# shellcheck source=actions/setup/action-lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/../setup/action-lib.sh"

refuse_line_breaks rules metrics predictions mlflow-run baseline-metrics baseline-predictions \
  mlflow-baseline baseline-prefix candidate-prefix task label-column score-column proba-columns \
  classes positive-label threshold weight-column bootstrap mlflow-tracking-uri promote-alias model \
  allow-running-run timeout retries data-timeout data-retries json junit markdown verbose
report_artifact
[[ -n ${INPUT_RULES:-} ]] || usage_error "the rules input is required"

# The tracking URI is shown in the log of every step's inputs: credentials go in secrets.
uri=${INPUT_MLFLOW_TRACKING_URI:-}
authority=${uri#*://}
authority=${authority%%/*}
[[ $authority != *@* ]] ||
  usage_error "the mlflow-tracking-uri input holds credentials (user:password@): give the URL without them and set MLFLOW_TRACKING_TOKEN, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, in the step's env: from secrets"
[[ -z $uri ]] || export MLFLOW_TRACKING_URI=$uri

args=(check "--rules=$INPUT_RULES" "--task=${INPUT_TASK:-binary}"
      "--label-column=${INPUT_LABEL_COLUMN:-label}" "--score-column=${INPUT_SCORE_COLUMN:-score}")
add --metrics "${INPUT_METRICS:-}"
add --predictions "${INPUT_PREDICTIONS:-}"
add --mlflow-run "${INPUT_MLFLOW_RUN:-}"
add --baseline-metrics "${INPUT_BASELINE_METRICS:-}"
add --baseline-predictions "${INPUT_BASELINE_PREDICTIONS:-}"
add --mlflow-baseline "${INPUT_MLFLOW_BASELINE:-}"
add --baseline-prefix "${INPUT_BASELINE_PREFIX:-}"
add --candidate-prefix "${INPUT_CANDIDATE_PREFIX:-}"
add --proba-columns "${INPUT_PROBA_COLUMNS:-}"
add --classes "${INPUT_CLASSES:-}"
add --positive-label "${INPUT_POSITIVE_LABEL:-}"
add --threshold "${INPUT_THRESHOLD:-}"
add --weight-column "${INPUT_WEIGHT_COLUMN:-}"
add --bootstrap "${INPUT_BOOTSTRAP:-}"
add --promote-alias "${INPUT_PROMOTE_ALIAS:-}"
add --model "${INPUT_MODEL:-}"
add_flag --allow-running-run allow-running-run
add --timeout "${INPUT_TIMEOUT:-}"
add --retries "${INPUT_RETRIES:-}"
add --data-timeout "${INPUT_DATA_TIMEOUT:-}"
add --data-retries "${INPUT_DATA_RETRIES:-}"
report=${INPUT_JSON:-$(default_report)}
args+=("--json=$report")
add --junit "${INPUT_JUNIT:-}"
add --markdown "${INPUT_MARKDOWN:-}"
add_flag --verbose verbose

add_attestation
# Reports may go to a directory the job has not made yet (metric-gate does not create it); what
# is at their paths now is noted, so that the outputs below name only files this run wrote.
prepare_outputs "$report" "${INPUT_JUNIT:-}" "${INPUT_MARKDOWN:-}" "$attestation" "$audit_log"

run_tool metric-gate "${args[@]}"
# A failed rule (exit 1) is a decision too, and is attested like a pass.
path_output report "$report"
path_output junit "${INPUT_JUNIT:-}"
path_output markdown "${INPUT_MARKDOWN:-}"
path_output attestation "$attestation"
report_files "$report" "${INPUT_JUNIT:-}" "${INPUT_MARKDOWN:-}" "$attestation"
exit "$status"
