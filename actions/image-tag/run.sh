#!/usr/bin/env bash
# The logic of actions/image-tag (tested by tests/actions/actions_test.sh). Inputs come as
# INPUT_* variables, never interpolated into this script; each list item becomes one argument.
# image-tag itself reads the git context (GITHUB_EVENT_NAME, GITHUB_REF, GITHUB_SHA,
# GITHUB_EVENT_PATH), writes the step's outputs (tags, labels, version, json; exists and digest
# with check-registry) and summary, and reads registry credentials from the environment; this
# script adds the attestation's path.
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

refuse_line_breaks model-dir model-name model-version check-registry fail-if-exists
refuse_line_breaks --lists images tags flavor model-files labels
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
add --model-dir "${INPUT_MODEL_DIR:-}"
add --model-name "${INPUT_MODEL_NAME:-}"
add --model-version "${INPUT_MODEL_VERSION:-}"
while IFS= read -r line; do add --model-file "$line"; done <<<"${INPUT_MODEL_FILES:-}"
while IFS= read -r line; do add --label "$line"; done <<<"${INPUT_LABELS:-}"
[[ $check_registry == false ]] || args+=(--check-registry)
[[ $fail_if_exists == false ]] || args+=(--fail-if-exists)

# An attestation needs a subject: model-dir or model-files, or the image's digest from
# check-registry.
add_attestation
make_parents "$attestation" "$audit_log"

export GITHUB_ACTIONS=true
status=0
image-tag "${args[@]}" || status=$?
# An image that already exists with fail-if-exists (exit 1) is a decision too, and is attested.
path_output attestation "$attestation"
exit "$status"
