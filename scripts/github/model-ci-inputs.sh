#!/usr/bin/env bash
# The first step of .github/workflows/model-ci.yml: refuses, before anything is installed or
# trained, every combination of inputs that a later job would refuse (tested by
# tests/actions/workflow_scripts_test.sh; scripts/lint-actions/lint.mjs also runs it on every
# model-ci snippet of the docs). Every problem is reported, each as an ::error:: annotation.
#
# Environment: INPUT_<NAME> for each input of the workflow (INPUT_TRAIN_COMMAND for
# train-command; booleans "true"/"false"), HAS_<SECRET>=true for each secret that was passed
# (HAS_MLOPS_ATTEST_KEY, HAS_REGISTRY_USERNAME, HAS_REGISTRY_PASSWORD, ...; never the secret).
# Exit 0 when the inputs hold together, 2 when not. With GITHUB_OUTPUT set (the workflow's
# step), writes registry= there: the registry host the image job logs in to (empty: no push).
set -euo pipefail
# shellcheck source=actions/setup/action-lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/../../actions/setup/action-lib.sh"

problems=0
problem() { error_annotation model-ci "$1"; problems=$((problems + 1)); }
given() { local variable=INPUT_${1^^}; variable=${variable//-/_}; [[ -n ${!variable:-} ]]; }
enabled() { [[ $(value "$1") == true ]]; }  # a boolean input
value() { local variable=INPUT_${1^^}; variable=${variable//-/_}; printf '%s' "${!variable:-}"; }
has_secret() { local variable=HAS_$1; [[ ${!variable:-false} == true ]]; }
count() { local n=0 name; for name in "$@"; do given "$name" && n=$((n + 1)); done; echo "$n"; }
# The lines of a list input that are not blank.
items() { local line; while IFS= read -r line; do [[ -z ${line//[[:space:]]/} ]] || echo "$line"; done <<<"$(value "$1")"; }

# Each gate runs when its inputs are given: half a gate is a mistake, never a skipped gate.
given data && ! given contract && problem "the data input needs contract (the data contract YAML)"
given contract && ! given data && problem "the contract input needs data (the files to validate)"
candidates=$(count predictions metrics mlflow-run)
given rules && [[ $candidates == 0 ]] &&
  problem "the rules input needs the candidate: predictions, metrics or mlflow-run"
[[ $candidates == 0 ]] || given rules ||
  problem "predictions, metrics and mlflow-run are metric-gate's candidate: give the rules input too"
[[ $candidates -le 1 ]] || problem "give one candidate of predictions, metrics and mlflow-run, not $candidates"
[[ $(count baseline-metrics baseline-predictions mlflow-baseline) -le 1 ]] ||
  problem "give at most one baseline of baseline-metrics, baseline-predictions and mlflow-baseline"
given drift-reference && ! given drift-current && problem "the drift-reference input needs drift-current"
given drift-current && ! given drift-reference && problem "the drift-current input needs drift-reference"
given data || given rules || given drift-reference || given image ||
  problem "no gate to run: give data + contract, rules + predictions (or metrics, or mlflow-run), drift-reference + drift-current, or image"

# metric-gate's usage rules, which it would apply only after the training.
task=$(value task)
case ${task:-binary} in
  binary | regression) ;;
  multiclass)
    given predictions && ! given proba-columns &&
      problem "task multiclass needs proba-columns: the probability column of each class, comma-separated"
    ;;
  *) problem "the task input must be binary, multiclass or regression, not \"$task\"" ;;
esac
if given classes; then
  IFS=, read -ra classes <<<"$(value classes)"
  IFS=, read -ra proba <<<"$(value proba-columns)"
  [[ ${#classes[@]} == "${#proba[@]}" ]] ||
    problem "the classes input must list one label per proba-columns column (${#classes[@]} against ${#proba[@]})"
fi
threshold=$(value threshold)
[[ -z $threshold ]] || { [[ $threshold =~ ^(0(\.[0-9]+)?|1(\.0+)?|\.[0-9]+)$ ]] ||
  problem "the threshold input must be a probability from 0 to 1, not \"$threshold\""; }
bootstrap=$(value bootstrap)
if [[ -n $bootstrap ]] && ! { [[ $bootstrap =~ ^[0-9]{3,6}$ ]] && ((10#$bootstrap >= 100 && 10#$bootstrap <= 100000)); }; then
  problem "the bootstrap input must be 100 to 100000 resamples, not \"$bootstrap\""
fi

# MLflow: a called workflow sees none of the caller's environment, so the server is an input
# and its credentials are secrets of the call.
if given mlflow-run || given mlflow-baseline || given promote-alias; then
  given mlflow-tracking-uri ||
    problem "mlflow-run, mlflow-baseline and promote-alias need mlflow-tracking-uri, the MLflow server's URL"
fi
uri=$(value mlflow-tracking-uri)
authority=${uri#*://}
authority=${authority%%/*}
[[ $authority != *@* ]] ||
  problem "the mlflow-tracking-uri input holds credentials (user:password@): pass the MLFLOW_TRACKING_TOKEN secret, or MLFLOW_TRACKING_USERNAME and MLFLOW_TRACKING_PASSWORD, instead"
if given promote-alias; then
  given mlflow-run || problem "promote-alias needs the candidate as mlflow-run (the run whose model version it promotes)"
  given mlflow-model || given mlflow-baseline ||
    problem "promote-alias needs mlflow-model (the registered model), or mlflow-baseline naming it"
fi

# Training: what it writes reaches the gates only through train-outputs.
if given train-command; then
  [[ -n $(items train-outputs) ]] ||
    problem "train-command needs train-outputs: the files the gates and the image read (the predictions, the model), one a line"
else
  [[ -z $(items train-outputs) ]] || problem "train-outputs is only for train-command: give the command that writes them"
fi

# The image and the uploads.
enabled check-registry && ! given image && problem "check-registry needs the image input (the image to look for)"
if given build-context; then
  if ! given image; then
    problem "build-context needs the image input (the image's name)"
  else
    image=$(items image | head -n 1)
    # The host the image job logs in to and pushes to (docker.io for a Docker Hub name).
    registry=${image#"${image%%[![:space:]]*}"}
    registry=${registry%%/*}
    registry=${registry,,}  # image-tag lower-cases the name, host included (as metadata-action)
    if [[ ! $registry =~ ^[A-Za-z0-9.-]+(:[0-9]+)?$ ]]; then
      problem "the image input must start with REGISTRY/NAME (a registry host, or a Docker Hub name)"
    else
      [[ $registry == *.* || $registry == *:* || $registry == localhost ]] || registry=docker.io
      [[ $registry == ghcr.io ]] || { has_secret REGISTRY_USERNAME && has_secret REGISTRY_PASSWORD; } ||
        problem "pushing to $registry needs the REGISTRY_USERNAME and REGISTRY_PASSWORD secrets (ghcr.io takes the workflow's token)"
    fi
  fi
fi
enabled attest && ! has_secret MLOPS_ATTEST_KEY &&
  problem "attest is true but the MLOPS_ATTEST_KEY secret is empty or was not passed: pass it under secrets: in the call (or secrets: inherit), or set attest to false"
given aws-role-arn && ! given aws-region && problem "aws-role-arn needs aws-region, the bucket's region"
given aws-role-arn && ! given artifact-bucket && problem "aws-role-arn is only for artifact-bucket, the S3 upload"
bucket=$(value artifact-bucket)
bucket=${bucket#s3://}
[[ -z $bucket || $bucket =~ ^[a-z0-9][a-z0-9.-]+(/[!-~]*)?$ ]] ||
  problem "artifact-bucket must be BUCKET or BUCKET/PREFIX (s3:// optional), without blanks or line breaks"
for name in report-artifact train-artifact; do
  artifact=$(value "$name")
  [[ -z $artifact || ($artifact != *[\":\<\>\|\*\?\\/]* && $artifact != *[$'\n\r']*) ]] ||
    problem "the $name input \"$artifact\" holds a character an artifact name cannot: \" : < > | * ? \\ / or a line break"
done

if ((problems > 0)); then
  echo "model-ci: $problems problem(s) with the inputs; nothing was installed, trained or pushed" >&2
  exit 2
fi
[[ -z ${GITHUB_OUTPUT:-} ]] || set_output registry "${registry:-}"
echo "model-ci: the inputs hold together"
