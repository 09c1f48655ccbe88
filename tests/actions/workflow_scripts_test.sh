#!/usr/bin/env bash
# The scripts the reusable workflows run outside the actions:
# - actions/setup/find-release.sh: which release a workflow installs, from the tags of a real
#   git checkout (a final release before a pre-release, the highest of several, the input
#   when given, exit 2 when the commit has no release tag);
# - scripts/github/on-drift.sh: opening or updating the drift issue and starting the
#   retraining workflow, against tests/actions/fake_github_api.py (a stand-in shaped like the
#   GitHub REST API, which cannot run here): the requests it makes, the outputs it writes,
#   and that every failure (no permission, bad token, unreachable, not JSON) is exit 3 with
#   GitHub's message and never the token;
# - scripts/github/model-ci-inputs.sh: model-ci's first step refuses, with every problem named,
#   the inputs a later job would refuse (the README's old snippet: train-command without
#   train-outputs), and model-ci.yml hands it every input.
# Needs git, curl, jq, python3.
# shellcheck disable=SC2016 # jq filters and bash -c scripts have $variables of their own
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/workflow-scripts-test.XXXXXX)
api_pid=
cleanup() {
  [[ -z $api_pid ]] || { kill "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT
# shellcheck source=tests/common/checks.sh
source "$root/tests/common/checks.sh"
lacks() { ! grep -q "$@"; }
# shellcheck source=tests/common/github_output.sh
source "$root/tests/common/github_output.sh"
for tool in git curl jq python3; do command -v "$tool" >/dev/null || { echo "$tool is missing" >&2; exit 2; }; done

# ---- find-release.sh ----
repo=$work/mlops-actions
git init -q "$repo"
commit() { git -C "$repo" -c user.name=t -c user.email=t@example.com commit -q --allow-empty -m "$1"; }
find_release() {  # find_release [INPUT_VERSION]: exit code in $code, outputs in $work/output
  : >"$work/output"
  code=0
  CHECKOUT=$repo CALLER=model-ci REPOSITORY=acme/mlops-actions GITHUB_SERVER_URL=https://github.example.com \
    GITHUB_OUTPUT=$work/output INPUT_VERSION=${1:-} bash "$root/actions/setup/find-release.sh" \
    >"$work/log" 2>&1 || code=$?
}
commit one
find_release
expect "find-release: a commit without a release tag is exit 2" test "$code" = 2
expect "find-release: ... naming the caller and the version input" \
  grep -q "::error title=model-ci::mlops-actions [0-9a-f]* carries no release tag.*set the version input" "$work/log"
git -C "$repo" tag v1.2.0-rc.1
find_release
expect "find-release: a pre-release tag alone is taken" test "$(output version "$work/output")" = "v1.2.0-rc.1"
git -C "$repo" tag v1.2.0
git -C "$repo" tag -a v1.10.0 -m "annotated"
git -C "$repo" tag not-a-version
find_release
expect "find-release: the highest final release of the commit (1.10 > 1.2, annotated tags too)" \
  test "$(output version "$work/output")" = "v1.10.0"
expect "find-release: ... and its download URL on the server" \
  test "$(output url "$work/output")" = "https://github.example.com/acme/mlops-actions/releases/download/v1.10.0"
find_release v0.9.0
expect "find-release: the version input wins" test "$(output version "$work/output")" = "v0.9.0"
commit two
find_release
expect "find-release: tags of an older commit do not count" test "$code" = 2
find_release $'v0.9.0\nurl=https://evil.example.com'
expect "find-release: a version input with a line break is exit 2, writing no output" \
  test "$code" = 2 -a ! -s "$work/output"
find_release ../../v0.9.0
expect "find-release: a version input that is a path is exit 2" test "$code" = 2 -a ! -s "$work/output"

# ---- on-drift.sh against the stand-in API ----
token=ghs_secret0123456789abcdefTOKEN
cat >"$work/state.json" <<'JSON'
{"issues": [
  {"number": 7, "title": "Data drift: orders", "state": "open", "labels": [{"name": "drift"}],
   "html_url": "https://github.com/acme/models/pull/7", "pull_request": {"url": "x"}, "comments": 0},
  {"number": 8, "title": "Data drift: orders", "state": "closed", "labels": [{"name": "drift"}],
   "html_url": "https://github.com/acme/models/issues/8", "comments": 0},
  {"number": 9, "title": "Data drift: orders", "state": "open", "labels": [{"name": "bug"}],
   "html_url": "https://github.com/acme/models/issues/9", "comments": 0}],
 "workflows": ["retrain.yml"]}
JSON
python3 "$root/tests/actions/fake_github_api.py" "$work/port" "$work/requests.jsonl" "$token" "$work/state.json" \
  2>"$work/api.err" &
api_pid=$!
for _ in $(seq 1200); do [[ -s $work/port ]] && break; sleep 0.05; done
[[ -s $work/port ]] || { echo "the stand-in API did not start: $(<"$work/api.err")" >&2; exit 1; }
api=http://127.0.0.1:$(<"$work/port")
printf '## Drift\n\n| column | p |\n| --- | --- |\n| temp | 0.001 |\n' >"$work/report.md"
on_drift() {  # on_drift issue|dispatch [VAR=VALUE...]: exit code in $code
  local what=$1
  shift
  : >"$work/output"
  code=0
  env GITHUB_TOKEN="$token" GITHUB_API_URL="$api" GITHUB_REPOSITORY=acme/models GITHUB_OUTPUT="$work/output" "$@" \
    bash "$root/scripts/github/on-drift.sh" "$what" >"$work/log" 2>&1 || code=$?
  cat "$work/log" "$work/output" >>"$work/all.log"
}
last_request() { tail -n 1 "$work/requests.jsonl"; }
issue_env=(TITLE="Data drift: orders" LABEL=drift "REPORT=$work/report.md" SUMMARY="Drift in temp (share 0.5)."
           RUN_URL=https://github.com/acme/models/actions/runs/42)

on_drift issue "${issue_env[@]}"
expect "issue: the first drift opens an issue (exit 0)" test "$code" = 0
expect "issue: ... not a comment on the open pull request, closed issue or other label of that title" \
  test "$(output issue-action "$work/output")" = "opened"
expect "issue: ... number 10, given as outputs" \
  test "$(output issue "$work/output") $(output issue-url "$work/output")" = "10 https://github.com/acme/models/issues/10"
request=$(last_request)
expect "issue: ... posted to /repos/acme/models/issues with the title and the label" \
  jq -e '.method == "POST" and .path == "/repos/acme/models/issues" and (.body | fromjson
         | .title == "Data drift: orders" and .labels == ["drift"])' <<<"$request" >/dev/null
expect "issue: ... whose body has the summary, the run link and the report" \
  jq -e '.body | fromjson | .body | contains("Drift in temp (share 0.5).") and
         contains("Run: https://github.com/acme/models/actions/runs/42") and contains("| temp | 0.001 |")' \
  <<<"$request" >/dev/null
expect "issue: ... with the token as a bearer header and the GitHub media type" \
  jq -e --arg t "Bearer $token" '.authorization == $t and .accept == "application/vnd.github+json"' <<<"$request" >/dev/null
expect "issue: the search asked for open issues with the label" \
  jq -se '[.[] | select(.method == "GET")] | last | .query.state == ["open"] and .query.labels == ["drift"]' \
  "$work/requests.jsonl" >/dev/null

on_drift issue "${issue_env[@]}"
expect "issue: the next drift comments on the open issue instead (exit 0)" test "$code" = 0
expect "issue: ... saying so in its outputs" \
  test "$(output issue-action "$work/output") $(output issue "$work/output")" = "commented 10"
expect "issue: ... posted to the issue's comments" \
  jq -e '.method == "POST" and .path == "/repos/acme/models/issues/10/comments"' <<<"$(last_request)" >/dev/null
expect "issue: ... and opened no second issue" \
  test "$(jq -s '[.[] | select(.method == "POST" and .path == "/repos/acme/models/issues")] | length' "$work/requests.jsonl")" = 1

on_drift issue "${issue_env[@]}" TITLE="Data drift: payments" LABEL="data drift"
expect "issue: another title opens its own issue, a label with a space is encoded" \
  test "$(output issue "$work/output") $(output issue-action "$work/output")" = "11 opened"

head -c 70000 /dev/zero | tr '\0' 'x' >"$work/big.md"
on_drift issue "${issue_env[@]}" TITLE="Data drift: big" "REPORT=$work/big.md"
expect "issue: a report over GitHub's 65,536 characters is cut, saying so" \
  jq -e '.body | fromjson | .body | (length <= 65536) and contains("The report is cut here")' \
  <<<"$(last_request)" >/dev/null

on_drift issue "${issue_env[@]}" GITHUB_REPOSITORY=forbidden/models
expect "issue: no permission is exit 3" test "$code" = 3
expect "issue: ... with GitHub's status and message and the permission needed" \
  grep -q "HTTP 403: Resource not accessible by integration (reading issues needs the permission issues: read)" "$work/log"
on_drift issue "${issue_env[@]}" GITHUB_TOKEN=wrong-token
expect "issue: a bad token is exit 3 (HTTP 401 Bad credentials)" \
  bash -c '[[ $1 == 3 ]] && grep -q "HTTP 401: Bad credentials" "$2"' _ "$code" "$work/log"
on_drift issue "${issue_env[@]}" GITHUB_REPOSITORY=garbled/models
expect "issue: an answer that is not JSON is exit 3, quoting it" \
  bash -c '[[ $1 == 3 ]] && grep -q "not what was expected.*rate limited" "$2"' _ "$code" "$work/log"
on_drift issue "${issue_env[@]}" GITHUB_API_URL=http://127.0.0.1:9
expect "issue: an unreachable API is exit 3" \
  bash -c '[[ $1 == 3 ]] && grep -q "cannot reach the GitHub API for GET /repos/acme/models/issues" "$2"' _ "$code" "$work/log"
on_drift issue "${issue_env[@]}" "REPORT=$work/missing.md"
expect "issue: a missing report file is exit 2" test "$code" = 2
on_drift issue "${issue_env[@]}" GITHUB_REPOSITORY='acme/models?x=1'
expect "issue: a repository that is not OWNER/REPO is exit 2" test "$code" = 2

on_drift dispatch WORKFLOW=retrain.yml REF=main INPUTS='{"reason":"drift","columns":"temp"}'
expect "dispatch: starts the workflow (exit 0)" test "$code" = 0
expect "dispatch: ... posting the ref and the inputs to its dispatches" \
  jq -e '.path == "/repos/acme/models/actions/workflows/retrain.yml/dispatches" and (.body | fromjson
         | .ref == "main" and .inputs == {"reason": "drift", "columns": "temp"})' <<<"$(last_request)" >/dev/null
on_drift dispatch WORKFLOW=retrain.yml REF=main
expect "dispatch: no inputs sends {}" \
  jq -e '.body | fromjson | .inputs == {}' <<<"$(last_request)" >/dev/null
on_drift dispatch WORKFLOW=missing.yml REF=main
expect "dispatch: an unknown workflow is exit 3 (HTTP 404), naming the permission and trigger needed" \
  bash -c '[[ $1 == 3 ]] && grep -q "HTTP 404: Not Found (starting a workflow needs the permission actions: write" "$2"' _ "$code" "$work/log"
on_drift dispatch WORKFLOW=retrain.yml REF=main INPUTS='["not", "an object"]'
expect "dispatch: inputs that are not a JSON object are exit 2" test "$code" = 2
on_drift dispatch WORKFLOW=retrain.yml REF=main INPUTS=$'["x"]\n::add-mask::leaked'
expect "dispatch: inputs quoted in an error cannot start a workflow command of their own" \
  bash -c '[[ $1 == 2 ]] && ! grep -q "^::add-mask::" "$2" && grep -q "not a JSON object: \\[\"x\"\\]%0A::add-mask::leaked" "$2"' \
  _ "$code" "$work/log"
on_drift dispatch WORKFLOW='../../x' REF=main
expect "dispatch: a workflow that is not a file name or id is exit 2" test "$code" = 2

# ---- fetch-data.sh: paths, URLs (a local http.server), shards ----
data=$work/workspace
mkdir -p "$data/parts" "$work/served"
for p in a b c d e; do printf 'x,y\n1,%s\n' "$p" >"$data/parts/part-$p.csv"; done
printf 'x\n1\n' >"$work/served/current.csv.gz"
python3 -m http.server --bind 127.0.0.1 0 --directory "$work/served" >"$work/http.out" 2>&1 &
http_pid=$!
for _ in $(seq 1200); do grep -q 'port [0-9]' "$work/http.out" && break; sleep 0.05; done
http=http://127.0.0.1:$(sed -nE 's/.*port ([0-9]+).*/\1/p' "$work/http.out" | head -n 1)
fetch() {  # fetch ARGS...: in the workspace; exit code in $code, outputs in $work/output
  : >"$work/output"
  code=0
  (cd "$data" && env GITHUB_OUTPUT="$work/output" RUNNER_TEMP="$work/runner-temp" \
    bash "$root/scripts/github/fetch-data.sh" "$@") >"$work/log" 2>&1 || code=$?
  cat "$work/log" >>"$work/all.log"
}
listing() { find "$1" -mindepth 1 -printf '%f ' | tr ' ' '\n' | sort | tr '\n' ' ' | sed 's/^ //'; }
fetch current parts/part-a.csv
expect "fetch: a workspace path is given as it is" test "$(output current "$work/output")" = "parts/part-a.csv"
# A file whose name holds a line break and an output of its own: refused, not written.
cp "$data/parts/part-a.csv" "$data/parts/"$'x.csv\ncurrent=forged'
fetch current "parts/"$'x.csv\ncurrent=forged'
expect "fetch: a value with a line break is exit 2, writing no output" test "$code" = 2 -a ! -s "$work/output"
rm "$data/parts/"$'x.csv\ncurrent=forged'
fetch $'current\nforged' parts/part-a.csv
expect "fetch: a name that is not a word is exit 2, writing no output" test "$code" = 2 -a ! -s "$work/output"
fetch current parts/missing.csv
expect "fetch: a missing file is exit 3, naming it" \
  bash -c '[[ $1 == 3 ]] && grep -q "no file \"parts/missing.csv\"" "$2"' _ "$code" "$work/log"
fetch current "$http/current.csv.gz?sig=abc"
expect "fetch: a URL is downloaded under its file name (no query), for its extension" \
  cmp -s "$(output current "$work/output")" "$work/served/current.csv.gz"
expect "fetch: ... into RUNNER_TEMP" test "$(output current "$work/output")" = "$work/runner-temp/drift-data/current/current.csv.gz"
fetch reference "$http/absent.csv"
expect "fetch: a URL that answers 404 is exit 3" \
  bash -c '[[ $1 == 3 ]] && grep -q "cannot download the reference from http://127.0.0.1" "$2"' _ "$code" "$work/log"
DATA_TOKEN=$token fetch current "$http/current.csv.gz"
expect "fetch: DATA_TOKEN is not sent over plain http (exit 2)" \
  bash -c '[[ $1 == 2 ]] && grep -q "refusing to send DATA_TOKEN" "$2"' _ "$code" "$work/log"
fetch --shard 0/2 current $'parts/part-*.csv\n'
expect "shard 0 of 2 of five files takes three" test "$(output current-count "$work/output")" = "3"
shard_dir=$(output current "$work/output")
expect "shard 0 takes the 1st, 3rd and 5th in sorted order" \
  test "$(listing "$shard_dir")" = "00000-part-a.csv 00002-part-c.csv 00004-part-e.csv "
fetch --shard 1/2 current "parts/part-*.csv"
shard_dir=$(output current "$work/output")
expect "shard 1 of 2 takes the 2nd and 4th" \
  test "$(listing "$shard_dir")" = "00001-part-b.csv 00003-part-d.csv "
expect "a shard's files are the data" cmp -s "$shard_dir/00001-part-b.csv" "$data/parts/part-b.csv"
fetch --shard 2/3 current $'parts/part-a.csv\n'"$http/current.csv.gz"$'\n\n  parts/part-e.csv  '
expect "a list mixes paths and URLs, blank lines and spaces ignored: shard 2 of 3 is the third" \
  test "$(output current-count "$work/output") $(listing "$(output current "$work/output")")" = "1 00002-part-e.csv "
fetch --shard 1/3 current $'parts/part-a.csv\n'"$http/current.csv.gz"$'\n\n  parts/part-e.csv  '
shard_dir=$(output current "$work/output")
expect "a shard that downloads a URL holds only that file (the download lies outside its directory)" \
  test "$(listing "$shard_dir")" = "00001-current.csv.gz "
expect "... which is the served file" cmp -s "$shard_dir/00001-current.csv.gz" "$work/served/current.csv.gz"
fetch --shard 5/6 current "parts/part-*.csv"
expect "more shards than files is exit 2, saying a shard would be empty" \
  bash -c '[[ $1 == 2 ]] && grep -q "5 file(s) for 6 shards" "$2"' _ "$code" "$work/log"
fetch --shard 0/2 current "parts/none-*.csv"
expect "a pattern that matches nothing is exit 3" \
  bash -c '[[ $1 == 3 ]] && grep -q "matches no file" "$2"' _ "$code" "$work/log"
fetch --shard 2/2 current "parts/part-*.csv"
expect "shard N of N is exit 2" test "$code" = 2
fetch --shard 0/2 current $'parts/part-a.csv\r\nparts/part-b.csv'
expect "a list with a carriage return is exit 2, writing no output" test "$code" = 2 -a ! -s "$work/output"
kill "$http_pid" 2>/dev/null || true
wait "$http_pid" 2>/dev/null || true

expect "no run printed the token or wrote it to an output" lacks -- "$token" "$work/all.log"


# ---- model-ci-inputs.sh: the inputs model-ci would refuse after training, refused first ----
model_ci() {  # model_ci [INPUT_X=... HAS_SECRET=true ...]: exit code in $code, log in $work/log
  code=0
  env -i PATH="$PATH" "$@" bash "$root/scripts/github/model-ci-inputs.sh" >"$work/log" 2>&1 || code=$?
}
errors() { grep -c '^::error title=model-ci::' "$work/log"; }
readme=(INPUT_DATA=data/train.csv INPUT_CONTRACT=contracts/train.yaml "INPUT_TRAIN_COMMAND=make train"
        INPUT_PREDICTIONS=predictions/test.csv INPUT_RULES=gates/model.yaml INPUT_IMAGE=ghcr.io/acme/churn)
model_ci "${readme[@]}"
expect "model-ci inputs: train-command without train-outputs (the README's old snippet) is exit 2" test "$code" = 2
expect "model-ci inputs: ... saying what train-outputs is for" \
  grep -qx "::error title=model-ci::train-command needs train-outputs: the files the gates and the image read (the predictions, the model), one a line" "$work/log"
expect "model-ci inputs: ... the one problem" test "$(errors)" = 1
model_ci "${readme[@]}" $'INPUT_TRAIN_OUTPUTS=  \n  '
expect "model-ci inputs: blank train-outputs count as none" test "$code" = 2
model_ci "${readme[@]}" $'INPUT_TRAIN_OUTPUTS=model/\npredictions/\n'
expect "model-ci inputs: with train-outputs the snippet passes, exit 0" test "$code" = 0
model_ci "INPUT_TRAIN_OUTPUTS=model/" INPUT_DATA=d.csv INPUT_CONTRACT=c.yaml
expect "model-ci inputs: train-outputs without train-command is exit 2" grep -q "train-outputs is only for train-command" "$work/log"
model_ci INPUT_DATA=d.csv
expect "model-ci inputs: half a gate (data without contract) is exit 2, not a skipped gate" \
  test "$code:$(grep -c 'the data input needs contract' "$work/log")" = 2:1
model_ci INPUT_RULES=g.yaml
expect "model-ci inputs: rules without a candidate is exit 2" grep -q "the rules input needs the candidate" "$work/log"
model_ci INPUT_RULES=g.yaml INPUT_PREDICTIONS=p.csv INPUT_METRICS=m.json
expect "model-ci inputs: two candidates is exit 2" grep -q "give one candidate of predictions, metrics and mlflow-run, not 2" "$work/log"
model_ci INPUT_DRIFT_CURRENT=now.csv
expect "model-ci inputs: drift-current without drift-reference is exit 2" grep -q "drift-current input needs drift-reference" "$work/log"
model_ci INPUT_TASK=binary INPUT_LABEL_COLUMN=label
expect "model-ci inputs: no gate at all is exit 2" test "$code:$(grep -c 'no gate to run' "$work/log")" = 2:1
model_ci INPUT_RULES=g.yaml INPUT_PREDICTIONS=p.csv INPUT_TASK=multiclass
expect "model-ci inputs: multiclass without proba-columns is exit 2 (metric-gate's own exit 2, early)" \
  grep -q "task multiclass needs proba-columns" "$work/log"
model_ci INPUT_RULES=g.yaml INPUT_PREDICTIONS=p.csv INPUT_TASK=multiclass INPUT_PROBA_COLUMNS=pa,pb,pc INPUT_CLASSES=a,b,c
expect "model-ci inputs: multiclass with proba-columns and classes passes" test "$code" = 0
model_ci INPUT_RULES=g.yaml INPUT_PREDICTIONS=p.csv INPUT_TASK=multiclass INPUT_PROBA_COLUMNS=pa,pb,pc INPUT_CLASSES=a,b
expect "model-ci inputs: classes that do not match proba-columns is exit 2" grep -q "one label per proba-columns column (2 against 3)" "$work/log"
model_ci INPUT_RULES=g.yaml INPUT_PREDICTIONS=p.csv INPUT_TASK=ranking
expect "model-ci inputs: an unknown task is exit 2" grep -q 'the task input must be binary, multiclass or regression, not "ranking"' "$work/log"
model_ci INPUT_RULES=g.yaml INPUT_PREDICTIONS=p.csv INPUT_THRESHOLD=1.5 INPUT_BOOTSTRAP=50
expect "model-ci inputs: a threshold above 1 and 50 resamples are both named" \
  test "$code:$(grep -c 'threshold input must be a probability\|bootstrap input must be 100 to 100000' "$work/log")" = 2:2
model_ci INPUT_RULES=g.yaml INPUT_PREDICTIONS=p.csv INPUT_THRESHOLD=0.35 INPUT_BOOTSTRAP=1000
expect "model-ci inputs: a threshold of 0.35 and 1000 resamples pass" test "$code" = 0
model_ci INPUT_RULES=g.yaml INPUT_MLFLOW_RUN=0123abc INPUT_MLFLOW_BASELINE=churn@champion
expect "model-ci inputs: MLflow without mlflow-tracking-uri is exit 2" grep -q "need mlflow-tracking-uri" "$work/log"
model_ci INPUT_RULES=g.yaml INPUT_MLFLOW_RUN=0123abc INPUT_MLFLOW_BASELINE=churn@champion \
  INPUT_MLFLOW_TRACKING_URI=https://mlflow.example.com INPUT_PROMOTE_ALIAS=champion HAS_MLFLOW_TRACKING_TOKEN=true
expect "model-ci inputs: a candidate run, a baseline alias and a promotion pass" test "$code" = 0
model_ci INPUT_RULES=g.yaml INPUT_METRICS=m.json INPUT_MLFLOW_TRACKING_URI=https://mlflow.example.com INPUT_PROMOTE_ALIAS=champion
expect "model-ci inputs: promote-alias without mlflow-run nor a model is exit 2, both named" \
  test "$code:$(grep -c 'promote-alias needs' "$work/log")" = 2:2
model_ci INPUT_RULES=g.yaml INPUT_MLFLOW_RUN=0123abc INPUT_MLFLOW_TRACKING_URI=https://bob:hunter2@mlflow.example.com
expect "model-ci inputs: credentials in mlflow-tracking-uri are exit 2" grep -q "holds credentials (user:password@)" "$work/log"
expect "model-ci inputs: ... never repeating them" lacks hunter2 "$work/log"
model_ci INPUT_DATA=d.csv INPUT_CONTRACT=c.yaml INPUT_ATTEST=true HAS_MLOPS_ATTEST_KEY=false
expect "model-ci inputs: attest without the key is exit 2" grep -q "attest is true but the MLOPS_ATTEST_KEY secret is empty" "$work/log"
model_ci INPUT_DATA=d.csv INPUT_CONTRACT=c.yaml INPUT_ATTEST=true HAS_MLOPS_ATTEST_KEY=true
expect "model-ci inputs: attest with the key passes" test "$code" = 0
model_ci INPUT_IMAGE=docker.io/acme/churn INPUT_BUILD_CONTEXT=.
expect "model-ci inputs: a push to another registry than ghcr.io without its secrets is exit 2" \
  grep -q "pushing to docker.io needs the REGISTRY_USERNAME and REGISTRY_PASSWORD secrets" "$work/log"
model_ci INPUT_IMAGE=acme/churn INPUT_BUILD_CONTEXT=. HAS_REGISTRY_USERNAME=true HAS_REGISTRY_PASSWORD=true
expect "model-ci inputs: ... and passes with them (a Docker Hub name)" test "$code" = 0
model_ci INPUT_IMAGE=ghcr.io/acme/churn INPUT_BUILD_CONTEXT=.
expect "model-ci inputs: ghcr.io takes the workflow's token" test "$code" = 0
model_ci INPUT_IMAGE=GHCR.io/Acme/Churn INPUT_BUILD_CONTEXT=.
expect "model-ci inputs: ... GHCR.io too (image-tag lower-cases the name)" test "$code" = 0
# The registry the image job logs in to is the one the check found (the job derives it no more).
: >"$work/model-ci-output"
model_ci INPUT_IMAGE=GHCR.io/Acme/Churn INPUT_BUILD_CONTEXT=. GITHUB_OUTPUT="$work/model-ci-output"
expect "model-ci inputs: registry=ghcr.io for the image job's login" \
  test "$(output registry "$work/model-ci-output")" = ghcr.io
: >"$work/model-ci-output"
model_ci INPUT_IMAGE=acme/churn INPUT_BUILD_CONTEXT=. HAS_REGISTRY_USERNAME=true HAS_REGISTRY_PASSWORD=true \
  GITHUB_OUTPUT="$work/model-ci-output"
expect "model-ci inputs: ... docker.io for a Docker Hub name" test "$(output registry "$work/model-ci-output")" = docker.io
model_ci INPUT_DATA=d.csv INPUT_CONTRACT=c.yaml INPUT_BUILD_CONTEXT=. INPUT_CHECK_REGISTRY=true
expect "model-ci inputs: build-context and check-registry without image are exit 2" \
  test "$code:$(grep -c 'needs the image input' "$work/log")" = 2:2
model_ci INPUT_DATA=d.csv INPUT_CONTRACT=c.yaml INPUT_AWS_ROLE_ARN=arn:aws:iam::1:role/r INPUT_ARTIFACT_BUCKET='my bucket'
expect "model-ci inputs: aws-role-arn without aws-region and a bucket with a blank are exit 2" \
  test "$code:$(grep -c 'aws-role-arn needs aws-region\|artifact-bucket must be BUCKET' "$work/log")" = 2:2
model_ci INPUT_DATA=d.csv INPUT_CONTRACT=c.yaml INPUT_REPORT_ARTIFACT=reports/model
expect "model-ci inputs: an artifact name upload-artifact would refuse after training is exit 2" \
  grep -q 'the report-artifact input "reports/model" holds a character' "$work/log"
model_ci "${readme[@]}" INPUT_TASK=multiclass INPUT_ATTEST=true
expect "model-ci inputs: every problem is named at once" test "$code:$(errors)" = 2:3
# model-ci.yml hands the check every input it declares, and whether each secret was passed.
declared=$(awk '/^  workflow_call:/ {on = 1} on && /^    (inputs|secrets|outputs):/ {part = $1} on && part == "inputs:" && /^      [a-z0-9-]+:$/ {sub(/:$/, "", $1); print $1}' "$root/.github/workflows/model-ci.yml")
missing=
for name in $declared; do
  variable=INPUT_${name^^}
  grep -qF "          ${variable//-/_}: \${{ inputs.$name }}" "$root/.github/workflows/model-ci.yml" || missing+=" $name"
done
expect "model-ci.yml: the input check gets every input ($(wc -w <<<"$declared") of them)${missing:+; missing:$missing}" \
  test -z "$missing" -a "$(wc -w <<<"$declared")" -gt 40

checks_done
echo "workflow scripts: all checks passed"
