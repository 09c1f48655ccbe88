#!/usr/bin/env bash
# The logic of actions/image-tag (tested by tests/actions/actions_test.sh). Inputs come as
# INPUT_* variables, never interpolated into this script; each list item becomes one argument.
# image-tag itself reads the git context (GITHUB_EVENT_NAME, GITHUB_REF, GITHUB_SHA,
# GITHUB_EVENT_PATH), writes the step's outputs (tags, labels, version, json; exists and digest
# with check-registry) and summary, and reads registry credentials from the environment; this
# script adds the paths of the reports and the attestation, the verdict when the binary could
# not decide, and the files and artifact name of upload-report.
set -euo pipefail

TOOL=image-tag
# shellcheck source=actions/setup/action-lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/../setup/action-lib.sh"
boolean() {  # boolean INPUT_NAME VALUE
  [[ $2 == true || $2 == false ]] || usage_error "the $1 input must be \"true\" or \"false\", not \"$2\""
}
trim() {  # the indentation a YAML block scalar may leave, and trailing blanks
  local s=${1#"${1%%[![:space:]]*}"}
  printf '%s' "${s%"${s##*[![:space:]]}"}"
}

refuse_line_breaks tags-file model-name model-version digest-with-commit labels-out check-registry \
  fail-if-exists timeout retries json junit markdown verbose
refuse_line_breaks --lists images tags flavor model-dir model-files labels
report_artifact
check_registry=${INPUT_CHECK_REGISTRY:-false}
fail_if_exists=${INPUT_FAIL_IF_EXISTS:-false}
boolean check-registry "$check_registry"
boolean fail-if-exists "$fail_if_exists"
[[ $fail_if_exists == false || $check_registry == true ]] ||
  usage_error 'the fail-if-exists input needs check-registry: "true" (only the registry can say whether the image exists)'

args=()
# Images: one a line or comma-separated, as docker/metadata-action takes them.
while IFS= read -r line; do
  IFS=, read -ra names <<<"$line"
  for name in "${names[@]}"; do
    name=$(trim "$name")
    [[ -z $name ]] || args+=("--image=$name")
  done
done <<<"${INPUT_IMAGES:-}"
[[ ${#args[@]} -gt 0 ]] || usage_error "the images input is required: one REGISTRY/NAME a line"

add() {  # add OPTION VALUE: left out when the value is blank
  local value
  value=$(trim "$2")
  [[ -z $value ]] || args+=("$1=$value")
}
add --tags "${INPUT_TAGS:-}"  # several lines in one argument: image-tag reads one rule a line
add --flavor "${INPUT_FLAVOR:-}"
add --tags-file "${INPUT_TAGS_FILE:-}"
while IFS= read -r line; do add --model-dir "$line"; done <<<"${INPUT_MODEL_DIR:-}"
add --model-name "${INPUT_MODEL_NAME:-}"
add --model-version "${INPUT_MODEL_VERSION:-}"
while IFS= read -r line; do add --model-file "$line"; done <<<"${INPUT_MODEL_FILES:-}"
add_flag --digest-with-commit digest-with-commit
while IFS= read -r line; do add --label "$line"; done <<<"${INPUT_LABELS:-}"
add --labels-out "${INPUT_LABELS_OUT:-}"
[[ $check_registry == false ]] || args+=(--check-registry)
[[ $fail_if_exists == false ]] || args+=(--fail-if-exists)
add --timeout "${INPUT_TIMEOUT:-}"
add --retries "${INPUT_RETRIES:-}"
report=$(trim "${INPUT_JSON:-}")
[[ -n $report ]] || report=$(default_report)
args+=("--json=$report")
add --junit "${INPUT_JUNIT:-}"
add --markdown "${INPUT_MARKDOWN:-}"
add_flag --verbose verbose

# An attestation needs a subject: model-dir or model-files, or the image's digest from
# check-registry.
add_attestation
# Reports may go to a directory the job has not made yet (image-tag does not create it); what
# is at their paths now is noted, so that the outputs below name only files this run wrote.
prepare_outputs "$report" "$(trim "${INPUT_JUNIT:-}")" "$(trim "${INPUT_MARKDOWN:-}")" \
  "$(trim "${INPUT_LABELS_OUT:-}")" "$attestation" "$audit_log"

run_tool image-tag "${args[@]}"
# An image that already exists with fail-if-exists (exit 1) is a decision too, and is attested.
path_output report "$report"
path_output junit "$(trim "${INPUT_JUNIT:-}")"
path_output markdown "$(trim "${INPUT_MARKDOWN:-}")"
path_output labels_out "$(trim "${INPUT_LABELS_OUT:-}")"
path_output attestation "$attestation"
report_files "$report" "$(trim "${INPUT_JUNIT:-}")" "$(trim "${INPUT_MARKDOWN:-}")" "$attestation"
exit "$status"
