#!/usr/bin/env bash
# What .github/workflows/drift-monitor.yml does about drift, through the GitHub REST API
# (tested against a stand-in API by tests/actions/workflow_scripts_test.sh):
#
#   on-drift.sh issue      opens an issue titled TITLE with the label LABEL, or, when an open
#                          one (not a pull request) with that title and label exists, comments
#                          on it; the text is SUMMARY and the Markdown report REPORT (a file,
#                          optional; cut to GitHub's 65,536 characters), with a link to RUN_URL.
#                          Needs `issues: write`.
#   on-drift.sh dispatch   starts the workflow WORKFLOW (a file name such as retrain.yml, or an
#                          id) of the repository on REF with INPUTS (a JSON object, default {}).
#                          Needs `actions: write`.
#
# Environment: GITHUB_TOKEN, GITHUB_REPOSITORY (OWNER/REPO), GITHUB_API_URL (default
# https://api.github.com), GITHUB_OUTPUT (issue=, issue-url=, issue-action=opened|commented).
# Exit 0 done; 2 a bad argument; 3 the API could not be reached or refused (its status and
# message are printed, never the token). Needs curl and jq.
set -euo pipefail
# shellcheck source=actions/setup/action-lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/../../actions/setup/action-lib.sh"

# The API's messages and the inputs are escaped: none can start a workflow command.
error() { error_annotation drift-monitor "$1"; exit "$2"; }
[[ $# == 1 && ($1 == issue || $1 == dispatch) ]] || error "usage: on-drift.sh issue|dispatch" 2
[[ -n ${GITHUB_TOKEN:-} ]] || error "GITHUB_TOKEN is not set" 2
[[ ${GITHUB_REPOSITORY:-} =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]] ||
  error "GITHUB_REPOSITORY \"${GITHUB_REPOSITORY:-}\" is not OWNER/REPO" 2
api_url=${GITHUB_API_URL:-https://api.github.com}
repo=$GITHUB_REPOSITORY
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# api METHOD PATH BODY_FILE HINT: the answer's body in $work/answer; exit 3 on a network error
# or a status outside 2xx, with GitHub's message and HINT. BODY_FILE may be "".
api() {
  local method=$1 path=$2 body=$3 hint=$4 args status
  args=(--silent --show-error --location --proto '=https,http' --max-time 60
        --request "$method" --output "$work/answer" --write-out '%{http_code}'
        --header 'Accept: application/vnd.github+json' --header 'X-GitHub-Api-Version: 2022-11-28'
        --header @-)
  [[ -z $body ]] || args+=(--header 'Content-Type: application/json' --data-binary "@$body")
  # Only reads are retried: a POST retried after a 5xx that did land would open a second issue
  # or start a second retraining.
  [[ $method != GET ]] || args+=(--retry 2)
  # The token reaches curl on stdin, never on its command line.
  status=$(printf 'Authorization: Bearer %s\n' "$GITHUB_TOKEN" | curl "${args[@]}" "$api_url$path" 2>"$work/curl.err") ||
    error "cannot reach the GitHub API for $method ${path%%\?*}: $(tr '\n' ' ' <"$work/curl.err")" 3
  if [[ $status != 2?? ]]; then
    local message
    message=$(jq -r '.message // empty' "$work/answer" 2>/dev/null || true)
    error "the GitHub API answered $method ${path%%\?*} with HTTP $status${message:+: $message}$hint" 3
  fi
}
# json FILTER: a value of the last answer, which must be JSON.
json() {
  jq -er "$1" "$work/answer" 2>/dev/null ||
    error "the GitHub API's answer is not what was expected (no $1 in: $(head -c 200 "$work/answer"))" 3
}

if [[ $1 == issue ]]; then
  title=${TITLE:?TITLE is not set}
  label=${LABEL:-drift}
  [[ -z ${REPORT:-} || -f $REPORT ]] || error "REPORT: no file \"$REPORT\"" 2
  # The issue text: the summary, the run, then the report, within GitHub's limit.
  limit=65536
  {
    printf '%s\n\n' "${SUMMARY:-Data drift detected.}"
    [[ -z ${RUN_URL:-} ]] || printf 'Run: %s\n\n' "$RUN_URL"
  } >"$work/text"
  if [[ -n ${REPORT:-} ]]; then
    room=$((limit - $(wc -m <"$work/text") - 200))
    if (( $(wc -m <"$REPORT") > room )); then
      head -c "$room" "$REPORT" | iconv -c -f UTF-8 -t UTF-8 >>"$work/text" || true
      printf '\n\n(The report is cut here: GitHub takes %d characters; the whole report is in the run'"'"'s artifacts.)\n' \
        "$limit" >>"$work/text"
    else
      cat "$REPORT" >>"$work/text"
    fi
  fi
  label_query=$(jq -rn --arg l "$label" '$l | @uri')
  api GET "/repos/$repo/issues?state=open&labels=$label_query&per_page=100&sort=created&direction=desc" "" \
    " (reading issues needs the permission issues: read)"
  json 'if type == "array" then "" else error end' >/dev/null
  number=$(jq -r --arg t "$title" 'map(select(.pull_request == null and .title == $t)) | first | .number // empty' "$work/answer")
  if [[ -n $number ]]; then
    jq -n --rawfile body "$work/text" '{body: $body}' >"$work/request"
    api POST "/repos/$repo/issues/$number/comments" "$work/request" " (commenting needs the permission issues: write)"
    url=$(json '.html_url')
    issue_url=${url%%#*}
    action=commented
    # The API's text is escaped in the log too: it cannot start a workflow command.
    echo "drift-monitor: commented on issue #$(escape_data "$number") ($(escape_data "$url"))"
  else
    jq -n --arg t "$title" --arg l "$label" --rawfile body "$work/text" '{title: $t, body: $body, labels: [$l]}' >"$work/request"
    api POST "/repos/$repo/issues" "$work/request" " (opening issues needs the permission issues: write)"
    number=$(json '.number')
    issue_url=$(json '.html_url')
    action=opened
    echo "drift-monitor: opened issue #$(escape_data "$number") ($(escape_data "$issue_url"))"
  fi
  if [[ -n ${GITHUB_OUTPUT:-} ]]; then
    set_output issue "$number"
    set_output issue-url "$issue_url"
    set_output issue-action "$action"
  fi
else
  workflow=${WORKFLOW:?WORKFLOW is not set}
  [[ $workflow =~ ^([A-Za-z0-9_.-]+\.ya?ml|[0-9]+)$ ]] ||
    error "WORKFLOW \"$workflow\" is not a workflow file name (retrain.yml) or id" 2
  ref=${REF:?REF is not set}
  inputs=${INPUTS:-}
  [[ -n $inputs ]] || inputs='{}'
  jq -e 'type == "object"' <<<"$inputs" >/dev/null 2>&1 ||
    error "the retraining inputs are not a JSON object: $inputs" 2
  jq -n --arg ref "$ref" --argjson inputs "$inputs" '{ref: $ref, inputs: $inputs}' >"$work/request"
  api POST "/repos/$repo/actions/workflows/$workflow/dispatches" "$work/request" \
    " (starting a workflow needs the permission actions: write, a workflow with on: workflow_dispatch, and inputs it declares)"
  echo "drift-monitor: started $workflow on $(escape_data "$ref")"
fi
