#!/usr/bin/env bash
# Runs each composite action's script with the environment GitHub gives a step: a temporary
# GITHUB_OUTPUT/GITHUB_PATH/GITHUB_STEP_SUMMARY, RUNNER_OS/ARCH/TOOL_CACHE/TEMP, inputs as
# INPUT_* variables. Usage: actions_test.sh DIR_WITH_BUILT_BINARIES
set -euo pipefail
tools=$(cd "${1:?usage: actions_test.sh TOOLS_DIR}" && pwd)
for tool in openssl jq base64 "$tools/mlops-attest"; do  # for the attestation checks
  command -v "$tool" >/dev/null || { echo "actions_test.sh: $tool is missing" >&2; exit 2; }
done
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/actions-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
# shellcheck source=tests/common/checks.sh
source "$root/tests/common/checks.sh"
lacks() { ! grep -q "$@"; }  # lacks PATTERN FILE
# shellcheck source=tests/common/github_output.sh
source "$root/tests/common/github_output.sh"
no_output() { local status=0; output "$1" >/dev/null || status=$?; [[ $status -eq 1 ]]; }  # NAME was not set
step_env() {  # a fresh step environment, after checking that the last step's outputs parse
  [[ ! -s $work/output ]] || outputs_well_formed "$work/output" ||
    expect "the previous step's GITHUB_OUTPUT is well formed: $(head -c 300 "$work/output")" false
  : >"$work/output"
  : >"$work/path"
  : >"$work/summary"
  export GITHUB_OUTPUT=$work/output GITHUB_PATH=$work/path GITHUB_STEP_SUMMARY=$work/summary
  export RUNNER_OS=Linux RUNNER_ARCH=X64 RUNNER_TOOL_CACHE=$work/toolcache RUNNER_TEMP=$work
}

# A local "release": the tarball of the binaries and its SHA256SUMS.
release=$work/release
mkdir -p "$release/pkg/bin"
binaries=(data-validate metric-gate drift-check image-tag canary-eval mlops-attest)
cp "${binaries[@]/#/$tools/}" "$release/pkg/bin/"
tar -czf "$release/mlops-actions-linux-x64.tar.gz" -C "$release/pkg" bin
(cd "$release" && sha256sum mlops-actions-linux-x64.tar.gz >SHA256SUMS)

# setup: installs from the release with a good checksum.
step_env
INPUT_VERSION=v9.9.9 INPUT_RELEASE_BASE_URL=$release bash "$root/actions/setup/setup.sh" >"$work/log" 2>&1
bin=$RUNNER_TOOL_CACHE/mlops-actions/v9.9.9/linux-x64/bin
expect "setup installs a verified release asset" grep -q "checksum verified" "$work/log"
expect "setup writes the version output" test "$(output version)" = "v9.9.9"
expect "setup writes the path output" test "$(output path)" = "$bin"
expect "setup adds the bin directory to GITHUB_PATH" grep -qx "$bin" "$GITHUB_PATH"
expect "the installed binaries run" "$bin/data-validate" --version
expect "the release's drift-check is installed and runs" "$bin/drift-check" --version
expect "the release's image-tag is installed and runs" "$bin/image-tag" --version
expect "the release's canary-eval is installed and runs" "$bin/canary-eval" --version
expect "the release's mlops-attest is installed and runs" "$bin/mlops-attest" --version

# setup: a second run finds the tool cache.
step_env
INPUT_VERSION=v9.9.9 INPUT_RELEASE_BASE_URL=$release bash "$root/actions/setup/setup.sh" >"$work/log" 2>&1
expect "setup uses the tool cache the second time" grep -q "from the tool cache" "$work/log"

# setup: refuses an asset whose checksum does not match, and installs nothing.
step_env
# One hex digit changed, to another value whatever it was (a fixed replacement left the sum
# intact, and the test flaky, whenever the sum began with that digit).
sed -i 's/^0/x/; s/^[1-9a-f]/0/; s/^x/1/' "$release/SHA256SUMS"
if INPUT_VERSION=v9.9.8 INPUT_RELEASE_BASE_URL=$release bash "$root/actions/setup/setup.sh" >"$work/log" 2>&1; then
  expect "setup refuses a bad checksum" false
else
  expect "setup refuses a bad checksum" grep -q "checksum mismatch" "$work/log"
fi
expect "nothing is installed after a bad checksum" test ! -e "$RUNNER_TOOL_CACHE/mlops-actions/v9.9.8/linux-x64/bin"
expect "no output after a bad checksum" test ! -s "$GITHUB_OUTPUT"

# setup: refuses a release that lacks one of the binaries.
step_env
partial=$work/partial
mkdir -p "$partial/pkg/bin"
cp "$tools/data-validate" "$tools/metric-gate" "$partial/pkg/bin/"
tar -czf "$partial/mlops-actions-linux-x64.tar.gz" -C "$partial/pkg" bin
(cd "$partial" && sha256sum mlops-actions-linux-x64.tar.gz >SHA256SUMS)
if INPUT_VERSION=v9.9.7 INPUT_RELEASE_BASE_URL=$partial bash "$root/actions/setup/setup.sh" >"$work/log" 2>&1; then
  expect "setup refuses a release without drift-check" false
else
  expect "setup refuses a release without drift-check" grep -q "does not hold all of .*bin/drift-check" "$work/log"
fi

# setup: refuses a release that has every binary but one, for each of the later ones.
version=6
for missing in image-tag canary-eval mlops-attest; do
  step_env
  partial=$work/partial-no-$missing
  mkdir -p "$partial/pkg/bin"
  for name in "${binaries[@]}"; do
    [[ $name == "$missing" ]] || cp "$tools/$name" "$partial/pkg/bin/"
  done
  tar -czf "$partial/mlops-actions-linux-x64.tar.gz" -C "$partial/pkg" bin
  (cd "$partial" && sha256sum mlops-actions-linux-x64.tar.gz >SHA256SUMS)
  if INPUT_VERSION=v9.9.$version INPUT_RELEASE_BASE_URL=$partial bash "$root/actions/setup/setup.sh" >"$work/log" 2>&1; then
    expect "setup refuses a release without $missing" false
  else
    expect "setup refuses a release without $missing" grep -q "does not hold all of .*bin/$missing" "$work/log"
  fi
  version=$((version - 1))
done

# setup: a tool cache entry that lacks a binary (left by an older setup) is installed again.
step_env
mkdir -p "$RUNNER_TOOL_CACHE/mlops-actions/v9.9.1/linux-x64/bin"
cp "$tools/data-validate" "$tools/metric-gate" "$tools/drift-check" "$tools/image-tag" \
  "$RUNNER_TOOL_CACHE/mlops-actions/v9.9.1/linux-x64/bin/"
mkdir -p "$work/release-v9.9.1"  # $release's SHA256SUMS was spoilt above
cp "$release/mlops-actions-linux-x64.tar.gz" "$work/release-v9.9.1/"
(cd "$work/release-v9.9.1" && sha256sum mlops-actions-linux-x64.tar.gz >SHA256SUMS)
INPUT_VERSION=v9.9.1 INPUT_RELEASE_BASE_URL=$work/release-v9.9.1 bash "$root/actions/setup/setup.sh" >"$work/log" 2>&1 || true
expect "setup installs again over a tool cache entry without canary-eval" grep -q "checksum verified" "$work/log"
expect "... which then holds canary-eval" test -x "$RUNNER_TOOL_CACHE/mlops-actions/v9.9.1/linux-x64/bin/canary-eval"

# setup: unsupported runners are named.
step_env
if RUNNER_OS=Windows INPUT_VERSION=v9.9.9 bash "$root/actions/setup/setup.sh" >"$work/log" 2>&1; then
  expect "setup refuses Windows" false
else
  expect "setup refuses Windows" grep -q "unsupported runner OS 'Windows'" "$work/log"
fi
step_env
if RUNNER_OS=macOS RUNNER_ARCH=ARM64 INPUT_VERSION=v9.9.9 bash "$root/actions/setup/setup.sh" >"$work/log" 2>&1; then
  expect "setup refuses macOS, which has no release binaries" false
else
  expect "setup refuses macOS, which has no release binaries" grep -q "macOS runners are not supported yet" "$work/log"
fi

export PATH=$bin:$PATH

# data-validate: outputs on a valid dataset, and a failing step on a corrupted one.
step_env
INPUT_DATA=$root/examples/seattle-weather.csv INPUT_CONTRACT=$root/examples/weather-contract.yaml \
  bash "$root/actions/data-validate/run.sh" >"$work/log" 2>&1
expect "data-validate action: valid=true" test "$(output valid)" = "true"
expect "data-validate action: rows" test "$(output rows)" = "1461"
expect "data-validate action: fingerprint" test "$(output fingerprint)" = "sha256:$(sha256sum <"$root/examples/seattle-weather.csv" | cut -d' ' -f1)"
expect "data-validate action: report is the JSON file" test "$(output report)" = "$work/data-validate-report.json"
expect "data-validate action: the report exists" test -s "$work/data-validate-report.json"
expect "data-validate action: summary written" grep -q "### data-validate: PASS" "$GITHUB_STEP_SUMMARY"

step_env
awk -F, -v OFS=, 'NR == 10 {$6 = "hail"} {print}' "$root/examples/seattle-weather.csv" >"$work/bad.csv"
if INPUT_DATA="$work/bad.csv" INPUT_CONTRACT=$root/examples/weather-contract.yaml \
    bash "$root/actions/data-validate/run.sh" >"$work/log" 2>&1; then
  expect "data-validate action fails on a violation" false
else
  expect "data-validate action fails on a violation" test "$(output valid)" = "false"
  expect "data-validate action annotates the line" grep -q "::error file=$work/bad.csv,line=10," "$work/log"
fi

# An input that looks like shell code stays data: it is only ever an argument.
step_env
if INPUT_DATA="\$(touch $work/pwned)" INPUT_CONTRACT=$root/examples/weather-contract.yaml \
    bash "$root/actions/data-validate/run.sh" >"$work/log" 2>&1; then :; fi
expect "inputs are never executed" test ! -e "$work/pwned"

# metric-gate: passing and failing gates write passed/failed_rules.
step_env
INPUT_RULES=$root/examples/model/gate.yaml INPUT_PREDICTIONS=$root/examples/model/candidate-predictions.csv \
  INPUT_BASELINE_METRICS=$root/examples/model/champion-metrics.json INPUT_BASELINE_PREFIX=test. \
  bash "$root/actions/metric-gate/run.sh" >"$work/log" 2>&1
expect "metric-gate action: passed=true" test "$(output passed)" = "true"
step_env
if INPUT_RULES=$root/examples/model/strict-gate.yaml INPUT_PREDICTIONS=$root/examples/model/candidate-predictions.csv \
    INPUT_BASELINE_METRICS=$root/examples/model/champion-metrics.json INPUT_BASELINE_PREFIX=test. \
    bash "$root/actions/metric-gate/run.sh" >"$work/log" 2>&1; then
  expect "metric-gate action fails on a failed rule" false
else
  expect "metric-gate action: failed_rules" test "$(output failed_rules)" = "roc_auc.min,roc_auc.min_absolute_change,precision.min"
fi

# drift-check: the step's verdict, outputs and reports on the Seattle weather example.
drift=$root/examples/drift
step_env
status=0
INPUT_REFERENCE=$drift/reference.csv INPUT_CURRENT=$drift/current-same-period.csv INPUT_CONFIG=$drift/drift.yaml \
  INPUT_HTML=$work/reports/drift.html INPUT_SKETCH=true bash "$root/actions/drift-check/run.sh" >"$work/log" 2>&1 || status=$?
expect "drift-check action passes on data from the same period" test "$status" -eq 0
expect "drift-check action: drift=false" test "$(output drift)" = "false"
expect "drift-check action: schema_changed=false" test "$(output schema_changed)" = "false"
expect "drift-check action: no drifted columns" test "$(output drifted_columns)" = ""
expect "drift-check action: share=0" test "$(output share)" = "0"
expect "drift-check action: the html input writes the page, making its directory" grep -q "<svg" "$work/reports/drift.html"
expect "drift-check action: html output is its path" test "$(output html)" = "$work/reports/drift.html"
expect "drift-check action: report is the JSON file" test "$(output report)" = "$work/drift-check-report.json"
expect "drift-check action: the JSON report exists" grep -q '"schema": "mlops-actions/drift-check/v1"' "$work/drift-check-report.json"
expect "drift-check action: no junit output when not asked" no_output junit
expect "drift-check action: summary written" grep -q "### drift-check: PASS" "$GITHUB_STEP_SUMMARY"

step_env
status=0
INPUT_REFERENCE=$drift/reference.csv INPUT_CURRENT=$drift/current-summer-2015.csv INPUT_CONFIG=$drift/drift.yaml \
  INPUT_JUNIT=$work/drift.xml bash "$root/actions/drift-check/run.sh" >"$work/log" 2>&1 || status=$?
expect "drift-check action fails the step with exit 1 on drift" test "$status" -eq 1
expect "drift-check action: drift=true" test "$(output drift)" = "true"
expect "drift-check action: drifted_columns" \
  test "$(output drifted_columns)" = "precipitation,temp_max,temp_min,wind,weather"
expect "drift-check action: share=1" test "$(output share)" = "1"
expect "drift-check action: the JUnit report is written on drift" grep -q "<failure " "$work/drift.xml"
expect "drift-check action: junit output is its path" test "$(output junit)" = "$work/drift.xml"
expect "drift-check action annotates the drifted column at its config line" \
  grep -q "::error file=$drift/drift.yaml,line=9,.*wind" "$work/log"

step_env
status=0
INPUT_REFERENCE=$drift/reference.csv INPUT_CURRENT=$drift/current-summer-2015.csv INPUT_CONFIG=$drift/drift.yaml \
  INPUT_FAIL_ON_DRIFT=false bash "$root/actions/drift-check/run.sh" >"$work/log" 2>&1 || status=$?
expect "drift-check action with fail-on-drift=false passes on drift" test "$status" -eq 0
expect "drift-check action with fail-on-drift=false: drift=true" test "$(output drift)" = "true"
expect "drift-check action with fail-on-drift=false warns" grep -q "::warning .*fail-on-drift is false" "$work/log"

# Labels, one per line and indented as a YAML block scalar leaves them, reach every metric.
step_env
status=0
INPUT_REFERENCE=$drift/reference.csv INPUT_CURRENT=$drift/current-same-period.csv INPUT_PROMETHEUS=$work/drift.prom \
  INPUT_LABELS=$'  dataset=weather\n  model=forecast v2\n\n' bash "$root/actions/drift-check/run.sh" >"$work/log" 2>&1 || status=$?
expect "drift-check action: labels on every metric" \
  grep -q '^mlops_drift_statistic{dataset="weather",model="forecast v2",column="temp_max"' "$work/drift.prom"
expect "drift-check action: prometheus output is its path" test "$(output prometheus)" = "$work/drift.prom"

# Errors are never a pass, whatever fail-on-drift says; and a stale report is not reported.
step_env
printf 'preset: calibrated\nthresholds: 0.1\n' >"$work/bad-drift.yaml"
status=0
INPUT_REFERENCE=$drift/reference.csv INPUT_CURRENT=$drift/current-same-period.csv INPUT_CONFIG=$work/bad-drift.yaml \
  INPUT_FAIL_ON_DRIFT=false bash "$root/actions/drift-check/run.sh" >"$work/log" 2>&1 || status=$?
expect "drift-check action: a bad config exits 2" test "$status" -eq 2
expect "drift-check action: the config error names the file and line" grep -q "bad-drift.yaml:2:" "$work/log"
expect "drift-check action: no report output after a config error" no_output report
step_env
status=0
INPUT_REFERENCE=$drift/reference.csv INPUT_CURRENT=$work/missing.csv INPUT_FAIL_ON_DRIFT=false \
  bash "$root/actions/drift-check/run.sh" >"$work/log" 2>&1 || status=$?
expect "drift-check action: unreadable data exits 3" test "$status" -eq 3
step_env
status=0
INPUT_REFERENCE=$drift/reference.csv INPUT_CURRENT=$drift/current-same-period.csv INPUT_FAIL_ON_DRIFT=yes \
  bash "$root/actions/drift-check/run.sh" >"$work/log" 2>&1 || status=$?
expect "drift-check action: a boolean input that is not true/false exits 2" test "$status" -eq 2
expect "drift-check action: ... and says which input" grep -q 'the fail-on-drift input must be "true" or "false", not "yes"' "$work/log"
step_env
status=0
INPUT_REFERENCE=$drift/reference.csv INPUT_CURRENT=$drift/current-same-period.csv \
  INPUT_LABELS="\$(touch $work/pwned)=x" bash "$root/actions/drift-check/run.sh" >"$work/log" 2>&1 || status=$?
expect "drift-check action: a label that looks like shell code is refused" test "$status" -eq 2
expect "drift-check action: ... and never run" test ! -e "$work/pwned"

# image-tag: the git context of a push of the tag v1.2.3, from an event file as GitHub writes it.
# Every variable image-tag reads is set here, so the test gives the same answer inside a real
# GitHub job; registry credentials are cleared.
sha=860c1904a1ce19322e91d4e1a1ad9de2b4ac3e6a
cat >"$work/push-tag-event.json" <<JSON
{
  "ref": "refs/tags/v1.2.3",
  "base_ref": "refs/heads/main",
  "after": "$sha",
  "repository": {"name": "churn", "full_name": "acme/churn", "html_url": "https://github.com/acme/churn",
                 "default_branch": "main", "description": "Churn model", "license": {"spdx_id": "Apache-2.0"}},
  "head_commit": {"id": "$sha", "timestamp": "2024-05-01T12:00:00Z"}
}
JSON
image_tag() {  # image_tag [VAR=VALUE...]: the image-tag action's script in the push-tag context
  env -u MLOPS_REGISTRY_TOKEN -u MLOPS_REGISTRY_USERNAME -u MLOPS_REGISTRY_PASSWORD \
    DOCKER_CONFIG="$work/no-docker-config" GITHUB_EVENT_NAME=push GITHUB_REF=refs/tags/v1.2.3 \
    GITHUB_SHA=$sha GITHUB_BASE_REF= GITHUB_EVENT_PATH="$work/push-tag-event.json" \
    GITHUB_REPOSITORY=acme/churn GITHUB_SERVER_URL=https://github.com SOURCE_DATE_EPOCH=1700000000 \
    "$@" bash "$root/actions/image-tag/run.sh"
}
step_env
status=0
image_tag INPUT_IMAGES=$'ghcr.io/acme/churn-serving\n' \
  INPUT_TAGS=$'# releases\ntype=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}\ntype=sha\n' \
  INPUT_LABELS=$'  org.opencontainers.image.vendor=Acme\n  org.opencontainers.image.title=churn serving\n' \
  >"$work/log" 2>&1 || status=$?
expect "image-tag action passes on a tag push" test "$status" -eq 0
expect "image-tag action: tags by priority, with latest for a release tag" test "$(output tags)" = \
  "$(printf '%s\n' ghcr.io/acme/churn-serving:1.2.3 ghcr.io/acme/churn-serving:1.2 \
      ghcr.io/acme/churn-serving:sha-860c190 ghcr.io/acme/churn-serving:latest)"
expect "image-tag action: version=1.2.3" test "$(output version)" = 1.2.3
output labels >"$work/labels"
expect "image-tag action: the version label" grep -qx "org.opencontainers.image.version=1.2.3" "$work/labels"
expect "image-tag action: the revision label" grep -qx "org.opencontainers.image.revision=$sha" "$work/labels"
expect "image-tag action: the source label from the event" \
  grep -qx "org.opencontainers.image.source=https://github.com/acme/churn" "$work/labels"
expect "image-tag action: the licence label from the event" grep -qx "org.opencontainers.image.licenses=Apache-2.0" "$work/labels"
expect "image-tag action: the created label from SOURCE_DATE_EPOCH" \
  grep -qx "org.opencontainers.image.created=2023-11-14T22:13:20.000Z" "$work/labels"
expect "image-tag action: an extra label from the labels input" grep -qx "org.opencontainers.image.vendor=Acme" "$work/labels"
expect "image-tag action: a label input overrides the computed one" \
  grep -qx "org.opencontainers.image.title=churn serving" "$work/labels"
expect "image-tag action: ... which is not listed twice" test "$(grep -c '^org.opencontainers.image.title=' "$work/labels")" -eq 1
expect "image-tag action: json output is the report" grep -q '^{"schema":"mlops-actions/image-tag/v1"' <(output json)
expect "image-tag action: no exists output without check-registry" no_output exists
expect "image-tag action: summary written" grep -q "### image-tag: PASS" "$GITHUB_STEP_SUMMARY"

# Several images, one a line or comma-separated, each with every tag; no rules: image-tag's
# defaults (here the git tag, and latest).
step_env
image_tag INPUT_IMAGES=$'ghcr.io/acme/a, ghcr.io/acme/b\n  docker.io/acme/c\n' >"$work/log" 2>&1 || true
expect "image-tag action: every image is tagged, with the default rules" test "$(output tags)" = \
  "$(printf '%s\n' ghcr.io/acme/a:{v1.2.3,latest} ghcr.io/acme/b:{v1.2.3,latest} docker.io/acme/c:{v1.2.3,latest})"

# A model directory gives the model and digest tags; the digest is recomputed here from the
# format in docs/image-tag.md, and model files named one a line give the same one.
model=$work/model
mkdir -p "$model/tokenizer"
printf 'weights\0\1\2' >"$model/model.onnx"
printf '{"vocab": 3}\n' >"$model/tokenizer/vocab.json"
digest=$(cd "$model" && {
  printf 'mlops-actions model digest v1\n'
  for f in model.onnx tokenizer/vocab.json; do
    printf '%s\0%s\0%s\n' "$f" "$(wc -c <"$f")" "$(sha256sum <"$f" | cut -d' ' -f1)"
  done
} | sha256sum | cut -d' ' -f1)
step_env
status=0
image_tag INPUT_IMAGES=ghcr.io/acme/churn-serving INPUT_TAGS=$'type=model\ntype=digest' INPUT_FLAVOR=latest=false \
  INPUT_MODEL_DIR="$model/" INPUT_MODEL_NAME=churn INPUT_MODEL_VERSION=7 >"$work/log" 2>&1 || status=$?
expect "image-tag action with a model dir passes" test "$status" -eq 0
expect "image-tag action: the model and digest tags" test "$(output tags)" = \
  "$(printf '%s\n' ghcr.io/acme/churn-serving:churn-v7 "ghcr.io/acme/churn-serving:model-${digest:0:12}")"
expect "image-tag action: the model digest label" \
  grep -qx "dev.mlops-actions.model.digest=sha256:$digest" <(output labels)
expect "image-tag action: the model name label" grep -qx "dev.mlops-actions.model.name=churn" <(output labels)
step_env
(cd "$model" && image_tag INPUT_IMAGES=ghcr.io/acme/churn-serving INPUT_TAGS=type=digest \
  INPUT_MODEL_FILES=$'model.onnx\n  tokenizer/vocab.json\n' >"$work/log" 2>&1) || true
expect "image-tag action: model-files give the same digest tag as the directory" \
  test "$(output tags)" = "ghcr.io/acme/churn-serving:model-${digest:0:12}"

# Bad rules and inputs are usage errors (exit 2), named; a registry that cannot be asked is
# exit 3, never "does not exist".
step_env
status=0
image_tag INPUT_IMAGES=ghcr.io/acme/churn-serving INPUT_TAGS=$'type=sha\ntype=nightly' >"$work/log" 2>&1 || status=$?
expect "image-tag action: a bad rule exits 2" test "$status" -eq 2
expect "image-tag action: ... naming the rule's line" grep -q -- '--tags:2: unknown tag type "nightly"' "$work/log"
expect "image-tag action: ... and no tags output" no_output tags
step_env
status=0
image_tag INPUT_IMAGES=ghcr.io/acme/churn-serving INPUT_TAGS='type=raw,value=.hidden' >"$work/log" 2>&1 || status=$?
expect "image-tag action: a tag that is not a valid OCI tag exits 2" test "$status" -eq 2
step_env
status=0
image_tag INPUT_IMAGES=$'\n  \n' >"$work/log" 2>&1 || status=$?
expect "image-tag action: no image exits 2" test "$status" -eq 2
expect "image-tag action: ... saying the images input is required" grep -q "the images input is required" "$work/log"
step_env
status=0
image_tag INPUT_IMAGES=ghcr.io/acme/churn-serving INPUT_FAIL_IF_EXISTS=true >"$work/log" 2>&1 || status=$?
expect "image-tag action: fail-if-exists without check-registry exits 2" test "$status" -eq 2
expect "image-tag action: ... and says so" grep -q "the fail-if-exists input needs check-registry" "$work/log"
step_env
status=0
image_tag INPUT_IMAGES=ghcr.io/acme/churn-serving INPUT_CHECK_REGISTRY=yes >"$work/log" 2>&1 || status=$?
expect "image-tag action: a boolean input that is not true/false exits 2" test "$status" -eq 2
step_env
status=0
image_tag INPUT_IMAGES=ghcr.io/acme/churn-serving INPUT_MODEL_DIR="$work/no-such-model" >"$work/log" 2>&1 || status=$?
expect "image-tag action: a missing model dir exits 2" test "$status" -eq 2
step_env
status=0
image_tag INPUT_IMAGES=127.0.0.1:9/acme/churn-serving INPUT_CHECK_REGISTRY=true >"$work/log" 2>&1 || status=$?
expect "image-tag action: an unreachable registry exits 3" test "$status" -eq 3
expect "image-tag action: ... with no exists output" no_output exists
step_env
status=0
image_tag INPUT_IMAGES="ghcr.io/acme/x:\$(touch $work/pwned)" INPUT_LABELS="a=\$(touch $work/pwned)" \
  >"$work/log" 2>&1 || status=$?
expect "image-tag action: an image that looks like shell code is refused" test "$status" -eq 2
expect "image-tag action: ... and never run" test ! -e "$work/pwned"

# canary-eval: the offline samples of examples/canary decide promote and roll back; fail-on
# decides whether a roll back fails the step, inconclusive never does, errors always do.
canary=$root/examples/canary
step_env
status=0
INPUT_CONFIG=$canary/canary.yaml INPUT_SAMPLES=$canary/samples-healthy.csv INPUT_MARKDOWN=$work/reports/canary.md \
  bash "$root/actions/canary-eval/run.sh" >"$work/log" 2>&1 || status=$?
expect "canary-eval action passes on the healthy canary" test "$status" -eq 0
expect "canary-eval action: decision=promote" test "$(output decision)" = promote
expect "canary-eval action: score=100" test "$(output score)" = 100
expect "canary-eval action: exit_code=0" test "$(output exit_code)" = 0
expect "canary-eval action: report is the JSON file" test "$(output report)" = "$work/canary-eval-report.json"
expect "canary-eval action: the JSON report says promote" \
  test "$(jq -r '.schema + " " + .decision' "$work/canary-eval-report.json")" = "mlops-actions/canary-eval/v1 promote"
expect "canary-eval action: the markdown input writes the report, making its directory" test -s "$work/reports/canary.md"
expect "canary-eval action: markdown output is its path" test "$(output markdown)" = "$work/reports/canary.md"
expect "canary-eval action: no junit output when not asked" no_output junit
expect "canary-eval action: summary written" grep -q "### canary-eval: PASS" "$GITHUB_STEP_SUMMARY"

step_env
status=0
INPUT_CONFIG=$canary/canary.yaml INPUT_SAMPLES=$canary/samples-regressed.csv INPUT_JUNIT=$work/canary.xml \
  INPUT_METRICS=$work/metrics/canary.prom INPUT_LABELS=$'  service=checkout\n  team=ml\n' \
  bash "$root/actions/canary-eval/run.sh" >"$work/log" 2>&1 || status=$?
expect "canary-eval action fails the step with exit 1 on the regressed canary" test "$status" -eq 1
expect "canary-eval action: decision=rollback" test "$(output decision)" = rollback
expect "canary-eval action: score=0 (a critical metric failed)" test "$(output score)" = 0
expect "canary-eval action: exit_code=1" test "$(output exit_code)" = 1
expect "canary-eval action: the metrics input writes the exposition with the labels, making its directory" \
  grep -qx 'mlops_canary_decision{service="checkout",team="ml",decision="rollback"} 1' "$work/metrics/canary.prom"
expect "canary-eval action: metrics output is its path" test "$(output metrics)" = "$work/metrics/canary.prom"
expect "canary-eval action: the JUnit report fails error_rate" \
  grep -q '<failure message="error_rate: High' <(grep -A1 'name="error_rate"' "$work/canary.xml")
expect "canary-eval action: ... and passes prediction_accuracy" \
  lacks '<failure' <(grep -A1 'name="prediction_accuracy"' "$work/canary.xml")
expect "canary-eval action: junit output is its path" test "$(output junit)" = "$work/canary.xml"
expect "canary-eval action annotates the failed metrics" grep -q "::error title=canary-eval%3A error_rate::" "$work/log"

step_env
status=0
INPUT_CONFIG=$canary/canary.yaml INPUT_SAMPLES=$canary/samples-regressed.csv INPUT_FAIL_ON=never \
  bash "$root/actions/canary-eval/run.sh" >"$work/log" 2>&1 || status=$?
expect "canary-eval action with fail-on=never passes on a roll back" test "$status" -eq 0
expect "canary-eval action with fail-on=never: decision=rollback" test "$(output decision)" = rollback
expect "canary-eval action with fail-on=never: exit_code=1" test "$(output exit_code)" = 1
expect "canary-eval action with fail-on=never warns" grep -q "::warning .*fail-on is never" "$work/log"

# No canary traffic yet (the healthy samples without the canary's rows): keep watching.
grep -v ',canary,' "$canary/samples-healthy.csv" >"$work/samples-no-canary.csv"
step_env
status=0
INPUT_CONFIG=$canary/canary.yaml INPUT_SAMPLES=$work/samples-no-canary.csv \
  bash "$root/actions/canary-eval/run.sh" >"$work/log" 2>&1 || status=$?
expect "canary-eval action passes the step when inconclusive" test "$status" -eq 0
expect "canary-eval action: decision=inconclusive" test "$(output decision)" = inconclusive
expect "canary-eval action: exit_code=4" test "$(output exit_code)" = 4
expect "canary-eval action: ... with a notice" grep -q "::notice .*inconclusive" "$work/log"

step_env
printf 'groups: {baseline: a, canary: b}\nmetrics: []\nthresholds: 1\n' >"$work/bad-canary.yaml"
status=0
INPUT_CONFIG=$work/bad-canary.yaml INPUT_SAMPLES=$canary/samples-healthy.csv INPUT_FAIL_ON=never \
  bash "$root/actions/canary-eval/run.sh" >"$work/log" 2>&1 || status=$?
expect "canary-eval action: a bad config exits 2, whatever fail-on says" test "$status" -eq 2
expect "canary-eval action: the config error names the file and line" grep -q "bad-canary.yaml:3:" "$work/log"
expect "canary-eval action: no decision after a config error" no_output decision
expect "canary-eval action: no report output after a config error" no_output report
expect "canary-eval action: exit_code=2" test "$(output exit_code)" = 2
step_env
status=0
INPUT_CONFIG=$canary/canary.yaml INPUT_SAMPLES=$canary/samples-healthy.csv INPUT_FAIL_ON=false \
  bash "$root/actions/canary-eval/run.sh" >"$work/log" 2>&1 || status=$?
expect "canary-eval action: a fail-on that is not rollback/never exits 2" test "$status" -eq 2
expect "canary-eval action: ... and says which input" grep -q 'the fail-on input must be "rollback" or "never", not "false"' "$work/log"

# Prometheus: credentials in the URL are refused (inputs are shown in the log) without being
# echoed; one that cannot be reached is exit 3 with fail-on=never too, and the token from the
# environment is not printed.
step_env
status=0
INPUT_CONFIG=$canary/canary.yaml INPUT_PROMETHEUS="https://bob:hunter2-pw@prometheus.example.com/prom" \
  bash "$root/actions/canary-eval/run.sh" >"$work/log" 2>&1 || status=$?
expect "canary-eval action: a prometheus URL with credentials exits 2" test "$status" -eq 2
expect "canary-eval action: ... saying where credentials go" grep -q "set PROMETHEUS_BEARER_TOKEN" "$work/log"
expect "canary-eval action: ... without printing them" lacks "hunter2" "$work/log" "$GITHUB_OUTPUT"
step_env
status=0
PROMETHEUS_BEARER_TOKEN=tok-$RANDOM-canary-secret INPUT_CONFIG=$canary/canary.yaml INPUT_PROMETHEUS=http://127.0.0.1:9 \
  INPUT_LOOKBACK=10m INPUT_STEP=1m INPUT_FAIL_ON=never bash "$root/actions/canary-eval/run.sh" >"$work/log" 2>&1 || status=$?
expect "canary-eval action: an unreachable Prometheus exits 3" test "$status" -eq 3
expect "canary-eval action: ... naming the URL" grep -q "cannot reach http://127.0.0.1:9/api/v1/query_range" "$work/log"
expect "canary-eval action: ... with the window and step given" grep -q "step=60" "$work/log"
expect "canary-eval action: ... and no decision" no_output decision
expect "canary-eval action: the bearer token is never printed" lacks "canary-secret" "$work/log" "$GITHUB_OUTPUT" "$GITHUB_STEP_SUMMARY"
step_env
status=0
INPUT_CONFIG="\$(touch $work/pwned)" INPUT_SAMPLES="$canary/samples-healthy.csv;touch $work/pwned" \
  bash "$root/actions/canary-eval/run.sh" >"$work/log" 2>&1 || status=$?
expect "canary-eval action: inputs that look like shell code are never run" test ! -e "$work/pwned"

# Attestations: each action signs its decision with the PEM key in MLOPS_ATTEST_KEY (an Ed25519
# key made here, as a CI secret would hold it), a failed decision as well as a passed one, and
# appends it to one audit log shared by the steps, as model-ci.yml does. The actions run from
# the repository's root with relative paths, as from a workspace, so that mlops-attest can
# re-hash the files they name under --base-dir.
attest=$work/attest
mkdir -p "$attest"
openssl genpkey -algorithm ed25519 -out "$attest/key.pem" 2>/dev/null
openssl pkey -in "$attest/key.pem" -pubout -out "$attest/pub.pem"
key_text=$(grep -v -- '-----' "$attest/key.pem")  # the key's base64, which nothing may print
audit=$attest/logs/audit.jsonl                    # its directory is made by the first action
verify() {  # verify ENVELOPE [BASE_DIR]: mlops-attest accepts it with the public key; its log in verify.log
  "$tools/mlops-attest" verify "$1" --pub "$attest/pub.pem" --base-dir "${2:-$root}" >"$work/verify.log" 2>&1
}
audit_verify() { "$tools/mlops-attest" audit-verify "$@" >/dev/null; }
fails() { ! "$@"; }
keeps_key_secret() {  # the key's text is in no output, summary, log, envelope or audit line
  lacks -F -e "$key_text" "$GITHUB_OUTPUT" "$GITHUB_STEP_SUMMARY" "$work/log" "$attest"/*.att.json "$audit"
}
export MLOPS_ATTEST_KEY
MLOPS_ATTEST_KEY=$(cat "$attest/key.pem")

step_env
status=0
(cd "$root" && INPUT_DATA=examples/seattle-weather.csv INPUT_CONTRACT=examples/weather-contract.yaml \
  INPUT_ATTEST_OUT=$attest/data-validate.att.json INPUT_AUDIT_LOG=$audit \
  bash actions/data-validate/run.sh) >"$work/log" 2>&1 || status=$?
expect "data-validate action with attest-out passes" test "$status" -eq 0
expect "data-validate action: attestation output is its path" test "$(output attestation)" = "$attest/data-validate.att.json"
expect "data-validate action: mlops-attest verifies the attestation" verify "$attest/data-validate.att.json"
expect "data-validate action: ... of the decision pass" grep -q 'decision "pass"' "$work/verify.log"
expect "data-validate action: ... over the data file" grep -qx 'subject "examples/seattle-weather.csv": match' "$work/verify.log"
expect "data-validate action: the key is never printed" keeps_key_secret

step_env
status=0
(cd "$root" && INPUT_RULES=examples/model/gate.yaml INPUT_PREDICTIONS=examples/model/candidate-predictions.csv \
  INPUT_BASELINE_METRICS=examples/model/champion-metrics.json INPUT_BASELINE_PREFIX=test. \
  INPUT_ATTEST_OUT=$attest/metric-gate.att.json INPUT_AUDIT_LOG=$audit \
  bash actions/metric-gate/run.sh) >"$work/log" 2>&1 || status=$?
expect "metric-gate action with attest-out passes" test "$status" -eq 0
expect "metric-gate action: attestation output is its path" test "$(output attestation)" = "$attest/metric-gate.att.json"
expect "metric-gate action: mlops-attest verifies the attestation" verify "$attest/metric-gate.att.json"
expect "metric-gate action: ... of the decision pass" grep -q 'decision "pass"' "$work/verify.log"
expect "metric-gate action: ... over the predictions" grep -qx 'subject "examples/model/candidate-predictions.csv": match' "$work/verify.log"
expect "metric-gate action: the key is never printed" keeps_key_secret

step_env
status=0
(cd "$root" && INPUT_REFERENCE=examples/drift/reference.csv INPUT_CURRENT=examples/drift/current-summer-2015.csv \
  INPUT_CONFIG=examples/drift/drift.yaml INPUT_ATTEST_OUT=$attest/drift-check.att.json INPUT_AUDIT_LOG=$audit \
  bash actions/drift-check/run.sh) >"$work/log" 2>&1 || status=$?
expect "drift-check action with attest-out fails the step on drift" test "$status" -eq 1
expect "drift-check action: the failed decision is attested too" test "$(output attestation)" = "$attest/drift-check.att.json"
expect "drift-check action: mlops-attest verifies the attestation" verify "$attest/drift-check.att.json"
expect "drift-check action: ... of the decision fail" grep -q 'decision "fail"' "$work/verify.log"
expect "drift-check action: ... over the current data" \
  grep -qx 'subject "examples/drift/current-summer-2015.csv": match' "$work/verify.log"
expect "drift-check action: the key is never printed" keeps_key_secret

step_env
status=0
(cd "$work" && image_tag INPUT_IMAGES=ghcr.io/acme/churn-serving INPUT_TAGS=type=digest INPUT_MODEL_DIR=model \
  INPUT_ATTEST_OUT="$attest/image-tag.att.json" INPUT_AUDIT_LOG="$audit") >"$work/log" 2>&1 || status=$?
expect "image-tag action with attest-out passes" test "$status" -eq 0
expect "image-tag action: attestation output is its path" test "$(output attestation)" = "$attest/image-tag.att.json"
expect "image-tag action: mlops-attest verifies the attestation" verify "$attest/image-tag.att.json" "$work"
expect "image-tag action: ... over the model's files" grep -qx 'subject "model/tokenizer/vocab.json": match' "$work/verify.log"
expect "image-tag action: the key is never printed" keeps_key_secret

step_env
status=0
(cd "$root" && INPUT_CONFIG=examples/canary/canary.yaml INPUT_SAMPLES=examples/canary/samples-regressed.csv \
  INPUT_FAIL_ON=never INPUT_ATTEST_OUT=$attest/canary-eval.att.json INPUT_AUDIT_LOG=$audit \
  bash actions/canary-eval/run.sh) >"$work/log" 2>&1 || status=$?
expect "canary-eval action with attest-out and fail-on=never passes on a roll back" test "$status" -eq 0
expect "canary-eval action: the roll back is attested" test "$(output attestation)" = "$attest/canary-eval.att.json"
expect "canary-eval action: mlops-attest verifies the attestation" verify "$attest/canary-eval.att.json"
expect "canary-eval action: ... of the decision rollback" grep -q 'decision "rollback"' "$work/verify.log"
expect "canary-eval action: ... over the samples" \
  grep -qx 'subject "examples/canary/samples-regressed.csv": match' "$work/verify.log"
expect "canary-eval action: ... with exit code 1 in the statement" \
  test "$(jq -r .payload "$attest/canary-eval.att.json" | base64 -d | jq -r .predicate.exit_code)" = 1
expect "canary-eval action: the key is never printed" keeps_key_secret

expect "the five decisions chain in the shared audit log" audit_verify "$audit"
expect "... one line each" test "$(wc -l <"$audit")" -eq 5
anchor() {  # anchor ENVELOPE: SEQ:SHA256 of the audit line the signed statement names
  jq -r .payload "$1" | base64 -d | jq -r '.predicate.audit | "\(.seq):\(.line_sha256)"'
}
seq=0
for gate in data-validate metric-gate drift-check image-tag canary-eval; do
  seq=$((seq + 1))
  expect "$gate action: its attestation anchors audit line $seq" \
    audit_verify "$audit" --anchor "$(anchor "$attest/$gate.att.json")"
  expect "$gate action: ... which is line $seq" test "$(anchor "$attest/$gate.att.json")" = \
    "$seq:$(sed -n "${seq}p" "$audit" | tr -d '\n' | sha256sum | cut -d' ' -f1)"
done

# The attestation holds the data, not just the path: a copy verifies until one byte changes.
mkdir -p "$attest/copy/examples"
cp -r "$root/examples/drift" "$attest/copy/examples/"
expect "mlops-attest verifies the attestation against a copy of the data" verify "$attest/drift-check.att.json" "$attest/copy"
sed -i '2s/^./x/' "$attest/copy/examples/drift/current-summer-2015.csv"
expect "mlops-attest refuses it once the data changed" fails verify "$attest/drift-check.att.json" "$attest/copy"
expect "... naming the file" grep -q 'subject "examples/drift/current-summer-2015.csv": .*mismatch' "$work/verify.log"

# attest-out without the key is a usage error, before the binary runs; so is a key that is not
# one, whose text is not printed either.
for action in data-validate metric-gate drift-check image-tag canary-eval; do
  step_env
  status=0
  (cd "$root" && env -u MLOPS_ATTEST_KEY INPUT_DATA=examples/seattle-weather.csv \
    INPUT_CONTRACT=examples/weather-contract.yaml INPUT_RULES=examples/model/gate.yaml \
    INPUT_METRICS=examples/model/champion-metrics.json INPUT_REFERENCE=examples/drift/reference.csv \
    INPUT_CURRENT=examples/drift/current-same-period.csv INPUT_IMAGES=ghcr.io/acme/churn-serving \
    INPUT_MODEL_DIR="$model" INPUT_CONFIG=examples/canary/canary.yaml \
    INPUT_SAMPLES=examples/canary/samples-healthy.csv INPUT_ATTEST_OUT="$attest/$action-nokey.att.json" \
    bash "actions/$action/run.sh") >"$work/log" 2>&1 || status=$?
  expect "$action action: attest-out without MLOPS_ATTEST_KEY exits 2" test "$status" -eq 2
  expect "$action action: ... saying where the key goes" \
    grep -q "::error title=mlops-actions $action::the attest-out input needs the PEM private key in the MLOPS_ATTEST_KEY environment variable" "$work/log"
  expect "$action action: ... and writes no attestation and no verdict" \
    test ! -e "$attest/$action-nokey.att.json" -a ! -s "$GITHUB_OUTPUT"
done
step_env
status=0
(cd "$root" && MLOPS_ATTEST_KEY="not a key but secret-words-123" INPUT_REFERENCE=examples/drift/reference.csv \
  INPUT_CURRENT=examples/drift/current-same-period.csv INPUT_ATTEST_OUT="$attest/badkey.att.json" \
  bash actions/drift-check/run.sh) >"$work/log" 2>&1 || status=$?
expect "drift-check action: a key that is not a PEM key exits 2" test "$status" -eq 2
expect "drift-check action: ... without printing it" lacks "secret-words" "$work/log" "$GITHUB_OUTPUT"
expect "drift-check action: ... and with no attestation output" no_output attestation

# An envelope left by an earlier run is not reported as this one's when the tool stops early.
step_env
echo stale >"$attest/stale.att.json"
status=0
(cd "$root" && INPUT_REFERENCE=examples/drift/reference.csv INPUT_CURRENT="$work/missing.csv" \
  INPUT_ATTEST_OUT="$attest/stale.att.json" bash actions/drift-check/run.sh) >"$work/log" 2>&1 || status=$?
expect "drift-check action with attest-out: unreadable data exits 3" test "$status" -eq 3
expect "drift-check action: ... leaving no stale attestation behind" test ! -e "$attest/stale.att.json"
expect "drift-check action: ... and no attestation output" no_output attestation
unset MLOPS_ATTEST_KEY

# ---- Hostile inputs ----
# A path that looks like an option is a path: the scripts give values as --option=VALUE and the
# data after "--", so a data file named -h is validated, never a request for help (which would
# print the usage and exit 0, a green step that checked nothing).
hostile=$work/hostile
mkdir -p "$hostile/empty"
cp "$root/examples/seattle-weather.csv" "$hostile/-h"
cp "$root/examples/weather-contract.yaml" "$hostile/--help"
step_env
status=0
(cd "$hostile" && INPUT_DATA=-h INPUT_CONTRACT=--help bash "$root/actions/data-validate/run.sh") >"$work/log" 2>&1 || status=$?
expect "data-validate action: a data file named -h (contract --help) is validated, exit 0" test "$status" -eq 0
expect "data-validate action: ... all of its rows" test "$(output rows)" = 1461
expect "data-validate action: ... valid=true" test "$(output valid)" = true
expect "data-validate action: ... and no usage printed" lacks -i "usage:" "$work/log"
step_env
status=0
(cd "$hostile/empty" && INPUT_DATA=-h INPUT_CONTRACT=$root/examples/weather-contract.yaml \
  bash "$root/actions/data-validate/run.sh") >"$work/log" 2>&1 || status=$?
expect "data-validate action: a missing data file named -h is exit 3, not help and exit 0" test "$status" -eq 3
expect "data-validate action: ... with no valid output" no_output valid
# The other actions, each in a directory of its own whose files are named -h and --help (and -v):
# before, some of these printed the help and exited 0.
mkdir -p "$hostile/drift" "$hostile/gate" "$hostile/canary"
cp "$drift/reference.csv" "$hostile/drift/-h"
cp "$drift/current-same-period.csv" "$hostile/drift/--help"
step_env
status=0
(cd "$hostile/drift" && INPUT_REFERENCE=-h INPUT_CURRENT=--help INPUT_CONFIG=$drift/drift.yaml \
  bash "$root/actions/drift-check/run.sh") >"$work/log" 2>&1 || status=$?
expect "drift-check action: data named -h and --help are compared, exit 0" test "$status" -eq 0
expect "drift-check action: ... drift=false" test "$(output drift)" = false
cp "$root/examples/model/gate.yaml" "$hostile/gate/-h"
cp "$root/examples/model/candidate-predictions.csv" "$hostile/gate/--help"
cp "$root/examples/model/champion-metrics.json" "$hostile/gate/-v"
step_env
status=0
(cd "$hostile/gate" && INPUT_RULES=-h INPUT_PREDICTIONS=--help INPUT_BASELINE_METRICS=-v INPUT_BASELINE_PREFIX=test. \
  bash "$root/actions/metric-gate/run.sh") >"$work/log" 2>&1 || status=$?
expect "metric-gate action: rules, predictions and baseline named -h, --help and -v are read, exit 0" test "$status" -eq 0
expect "metric-gate action: ... passed=true" test "$(output passed)" = true
cp "$canary/canary.yaml" "$hostile/canary/-h"
cp "$canary/samples-healthy.csv" "$hostile/canary/--help"
step_env
status=0
(cd "$hostile/canary" && INPUT_CONFIG=-h INPUT_SAMPLES=--help INPUT_JSON=-v bash "$root/actions/canary-eval/run.sh") \
  >"$work/log" 2>&1 || status=$?
expect "canary-eval action: config, samples and report named -h, --help and -v work, exit 0" test "$status" -eq 0
expect "canary-eval action: ... decision=promote" test "$(output decision)" = promote
expect "canary-eval action: ... the report -v is written and is the report output" \
  test "$(jq -r .decision "$hostile/canary/-v")/$(output report)" = promote/-v
mkdir -p "$hostile/m"
cp -r "$model" "$hostile/m/-h"
step_env
status=0
(cd "$hostile/m" && image_tag INPUT_IMAGES=ghcr.io/acme/churn-serving INPUT_TAGS=type=digest INPUT_MODEL_DIR=-h) \
  >"$work/log" 2>&1 || status=$?
expect "image-tag action: a model directory named -h is digested, exit 0" test "$status" -eq 0
expect "image-tag action: ... into the same digest tag as the model's" \
  test "$(output tags)" = "ghcr.io/acme/churn-serving:model-${digest:0:12}"

# A line break in a path or value is refused (exit 2, naming the input) before anything runs:
# a report path "r.json<LF>drift=false" would otherwise add drift=false after drift-check's
# drift=true in GITHUB_OUTPUT, where the last value wins.
step_env
status=0
INPUT_REFERENCE=$drift/reference.csv INPUT_CURRENT=$drift/current-summer-2015.csv INPUT_CONFIG=$drift/drift.yaml \
  INPUT_JSON="$work/injected.json"$'\ndrift=false' INPUT_FAIL_ON_DRIFT=false bash "$root/actions/drift-check/run.sh" \
  >"$work/log" 2>&1 || status=$?
expect "drift-check action: a json path with a line break and drift=false exits 2" test "$status" -eq 2
expect "drift-check action: ... saying which input" \
  grep -qx "::error title=mlops-actions drift-check::the json input holds a line break: .*" "$work/log"
expect "drift-check action: ... and writes no output at all, no drift=false" test ! -s "$GITHUB_OUTPUT"
expect "drift-check action: ... having run nothing" test -z "$(compgen -G "$work/injected.json*")"
# Every input of one path or value, of every action; \n and \r alike.
one_line_inputs=(
  "data-validate: contract fail-on max-examples as-of threads json junit markdown html verbose upload-report report-name attest-out audit-log"
  "metric-gate: rules metrics predictions mlflow-run baseline-metrics baseline-predictions mlflow-baseline baseline-prefix candidate-prefix task label-column score-column proba-columns classes positive-label threshold weight-column bootstrap mlflow-tracking-uri promote-alias model allow-running-run timeout retries json junit markdown verbose upload-report report-name attest-out audit-log"
  "drift-check: reference current config schema sketch memory-budget-mb threads html junit markdown json prometheus pushgateway job timeout retries verbose fail-on-drift upload-report report-name attest-out audit-log"
  "image-tag: tags-file model-name model-version digest-with-commit labels-out check-registry fail-if-exists timeout retries json junit markdown verbose upload-report report-name attest-out audit-log"
  "canary-eval: config prometheus lookback start end step samples timeout retries json junit markdown metrics pushgateway job verbose fail-on upload-report report-name attest-out audit-log"
  "setup: release-base-url"
)
list_inputs=("data-validate: data" "drift-check: labels" "image-tag: images tags flavor model-dir model-files labels" "canary-eval: labels")
# Each action's required inputs, absolute, and the steps run in an empty directory: a refusal
# that stopped working must not let an action write into the repository.
good_inputs() {
  case $1 in
    data-validate) echo "INPUT_DATA=$root/examples/seattle-weather.csv INPUT_CONTRACT=$root/examples/weather-contract.yaml" ;;
    metric-gate) echo "INPUT_RULES=$root/examples/model/gate.yaml INPUT_METRICS=$root/examples/model/champion-metrics.json" ;;
    drift-check) echo "INPUT_REFERENCE=$drift/reference.csv INPUT_CURRENT=$drift/current-same-period.csv" ;;
    image-tag) echo "INPUT_IMAGES=ghcr.io/acme/churn-serving" ;;
    canary-eval) echo "INPUT_CONFIG=$canary/canary.yaml INPUT_SAMPLES=$canary/samples-healthy.csv" ;;
    setup) echo "INPUT_VERSION=v9.9.9 INPUT_RELEASE_BASE_URL=$release" ;;
  esac
}
mkdir -p "$work/scratch"
refused() {  # refused ACTION INPUT VALUE WHAT: the action with INPUT=VALUE exits 2 with WHAT, writing nothing
  local variable=INPUT_${2^^} script=run.sh status=0 good
  variable=${variable//-/_}
  [[ $1 != setup ]] || script=setup.sh
  read -r -a good <<<"$(good_inputs "$1")"
  step_env
  (cd "$work/scratch" && env "${good[@]}" "$variable=$3" bash "$root/actions/$1/$script") >"$work/log" 2>&1 || status=$?
  [[ $status -eq 2 ]] && grep -qx "::error title=mlops-actions $1::the $2 input holds $4.*" "$work/log" &&
    [[ ! -s $GITHUB_OUTPUT && ! -s $GITHUB_PATH && -z $(ls -A "$work/scratch") ]]
}
for entry in "${one_line_inputs[@]}"; do
  action=${entry%%:*}
  for input in ${entry#*:}; do
    expect "$action action: a line break in the $input input exits 2, naming it, writing nothing" \
      refused "$action" "$input" $'x\nverdict=pass' "a line break"
    expect "$action action: ... and a carriage return" refused "$action" "$input" $'x\rverdict=pass' "a line break"
  done
done
for entry in "${list_inputs[@]}"; do
  action=${entry%%:*}
  for input in ${entry#*:}; do
    expect "$action action: a carriage return in the $input list exits 2, naming it, writing nothing" \
      refused "$action" "$input" $'x\r\nverdict=pass' "a carriage return"
  done
done

# setup: the version names a directory of the tool cache, whose bin goes to GITHUB_PATH: a line
# break in it would put a directory of its choosing on every later step's PATH.
for version in $'v9.9.1\n/tmp/evil' ../../v9.9.1 $'v9\n::add-mask::x'; do
  step_env
  status=0
  INPUT_VERSION=$version INPUT_RELEASE_BASE_URL=$work/release-v9.9.1 bash "$root/actions/setup/setup.sh" \
    >"$work/log" 2>&1 || status=$?
  expect "setup: the version $(printf %q "$version") is refused, exit 2" test "$status" -eq 2
  expect "setup: ... with nothing on GITHUB_PATH nor in GITHUB_OUTPUT" test ! -s "$GITHUB_PATH" -a ! -s "$GITHUB_OUTPUT"
  expect "setup: ... and no line of its text starts a workflow command" \
    test "$(grep -c '^::' "$work/log")" -eq 1 -a "$(grep -c '^::error title=mlops-actions setup::the version input must be' "$work/log")" -eq 1
done

# Values that look like the syntax of GITHUB_OUTPUT stay values: labels named EOF and like a
# delimiter come back as they were given, and no other output changes.
step_env
status=0
image_tag INPUT_IMAGES=ghcr.io/acme/churn-serving INPUT_LABELS=$'EOF=x\nghadelimiter_0123=y\nversion=0.0.0-forged' \
  >"$work/log" 2>&1 || status=$?
expect "image-tag action: labels that look like GITHUB_OUTPUT syntax pass, exit 0" test "$status" -eq 0
output labels >"$work/labels"
expect "image-tag action: ... come back as labels" \
  grep -qxF -e "EOF=x" -e "ghadelimiter_0123=y" -e "version=0.0.0-forged" "$work/labels"
expect "image-tag action: ... all three" test "$(grep -cxF -e "EOF=x" -e "ghadelimiter_0123=y" -e "version=0.0.0-forged" "$work/labels")" -eq 3
expect "image-tag action: ... and the version output is still the tag's" test "$(output version)" = v1.2.3
# The one writer of GITHUB_OUTPUT: a value with lines like a delimiter, EOF and NAME=VALUE is one
# value; a value that holds the delimiter drawn (here forced) is refused, exit 3, nothing written.
step_env
hostile_value=$'line one\nEOF\nghadelimiter_00112233445566778899aabbccddeeff\ndrift=false\n'
(source "$root/actions/setup/action-lib.sh" && set_output report "$hostile_value")
expect "set_output: a value with delimiter-like lines comes back whole" \
  test "$(output report)"$'\n' = "$hostile_value"
expect "set_output: ... as the one output written" test "$(output_names "$GITHUB_OUTPUT")" = report
step_env
status=0
(source "$root/actions/setup/action-lib.sh" && output_delimiter() { printf 'ghadelimiter_fixed'; } &&
  set_output report $'a\nghadelimiter_fixed\ndrift=false') >"$work/log" 2>&1 || status=$?
expect "set_output: a value holding the delimiter is refused, exit 3" test "$status" -eq 3
expect "set_output: ... writing nothing" test ! -s "$GITHUB_OUTPUT"
expect "set_output: ... saying why" grep -q "::error title=mlops-actions::cannot write the output report" "$work/log"


# ---- Options of the binaries as inputs, verdict and report outputs, upload-report names ----
# metric-gate: a multiclass gate through proba-columns and classes (before, the action had no
# way to say them: "multiclass predictions need --proba-columns", exit 2). 3 of 4 rows right.
printf 'label,p_a,p_b,p_c\na,0.8,0.1,0.1\nb,0.2,0.7,0.1\nc,0.1,0.2,0.7\na,0.3,0.6,0.1\n' >"$work/multi.csv"
printf 'metrics:\n  accuracy: {min: 0.7}\n' >"$work/multi-gate.yaml"
step_env
status=0
INPUT_RULES=$work/multi-gate.yaml INPUT_PREDICTIONS=$work/multi.csv INPUT_TASK=multiclass \
  INPUT_PROBA_COLUMNS=p_a,p_b,p_c INPUT_CLASSES=a,b,c INPUT_JUNIT=$work/mg/gate.xml \
  bash "$root/actions/metric-gate/run.sh" >"$work/log" 2>&1 || status=$?
expect "metric-gate action: a multiclass gate with proba-columns and classes passes" test "$status" -eq 0
expect "metric-gate action: ... verdict=pass" test "$(output verdict)" = pass
expect "metric-gate action: ... accuracy 0.75 in the JSON report" \
  test "$(jq -r .candidate.metrics.accuracy "$(output report)")" = 0.75
expect "metric-gate action: ... report is the step's JSON file" test "$(output report)" = "$work/metric-gate-report.json"
expect "metric-gate action: ... the junit input writes the report, making its directory" grep -q "<testsuite" "$work/mg/gate.xml"
expect "metric-gate action: ... junit output is its path" test "$(output junit)" = "$work/mg/gate.xml"
expect "metric-gate action: ... report-files lists the JSON and JUnit reports" \
  test "$(output report-files)" = "$(printf '%s\n' "$work/metric-gate-report.json" "$work/mg/gate.xml")"
expect "metric-gate action: ... no report-artifact without upload-report" no_output report-artifact
step_env
status=0
INPUT_RULES=$work/multi-gate.yaml INPUT_PREDICTIONS=$work/multi.csv INPUT_TASK=multiclass \
  INPUT_PROBA_COLUMNS=p_a,p_b,p_c INPUT_CLASSES=a,b bash "$root/actions/metric-gate/run.sh" >"$work/log" 2>&1 || status=$?
expect "metric-gate action: classes that do not match proba-columns exit 2" test "$status" -eq 2
expect "metric-gate action: ... verdict=usage-error (metric-gate wrote none)" test "$(output verdict)" = usage-error
expect "metric-gate action: ... and no report output" no_output report
# The outputs name only files this run wrote. A threshold that is not a number (the action
# passes it on unchecked) does not parse, exit 2: the JUnit report still says why, and the JSON
# and Markdown reports an earlier run left at the same paths are not named as this run's.
mkdir -p "$work/stale"
printf 'metrics:\n  accuracy: {min: 0.65}\n' >"$work/stale/gate.yaml"
stale='{"passed": true}'
for name in gate.json gate.md; do printf '%s\n' "$stale" >"$work/stale/$name"; done
printf '<testsuites name="an earlier run"/>\n' >"$work/stale/gate.xml"
step_env
status=0
INPUT_RULES=$work/stale/gate.yaml INPUT_PREDICTIONS=$root/examples/model/candidate-predictions.csv \
  INPUT_THRESHOLD=0,9 INPUT_JSON=$work/stale/gate.json INPUT_MARKDOWN=$work/stale/gate.md \
  INPUT_JUNIT=$work/stale/gate.xml bash "$root/actions/metric-gate/run.sh" >"$work/log" 2>&1 || status=$?
expect "metric-gate action: a threshold of 0,9 does not parse, exit 2" test "$status" -eq 2
expect "metric-gate action: ... verdict=usage-error" test "$(output verdict)" = usage-error
expect "metric-gate action: ... the JUnit report says why" \
  grep -q "<error message=\"the argument (.*0,9.*) for option .*--threshold.* is invalid" "$work/stale/gate.xml"
expect "metric-gate action: ... junit output is its path" test "$(output junit)" = "$work/stale/gate.xml"
expect "metric-gate action: ... no report output for the earlier run's JSON" no_output report
expect "metric-gate action: ... nor a markdown output" no_output markdown
expect "metric-gate action: ... report-files lists the JUnit report alone" \
  test "$(output report-files)" = "$work/stale/gate.xml"
# An output that is an input is refused (exit 2): the input is not named as a report.
step_env
status=0
INPUT_RULES=$work/stale/gate.yaml INPUT_PREDICTIONS=$root/examples/model/candidate-predictions.csv \
  INPUT_JSON=$work/stale/gate.yaml bash "$root/actions/metric-gate/run.sh" >"$work/log" 2>&1 || status=$?
expect "metric-gate action: a json input that is the rules exits 2" test "$status" -eq 2
expect "metric-gate action: ... the rules are left alone" grep -q "accuracy: {min: 0.65}" "$work/stale/gate.yaml"
expect "metric-gate action: ... and not named as the report" no_output report
expect "metric-gate action: ... nor in report-files" no_output report-files
# A missing input (exit 3): metric-gate removes the earlier run's reports itself.
for name in gate.json gate.md; do printf '%s\n' "$stale" >"$work/stale/$name"; done
step_env
status=0
INPUT_RULES=$work/stale/gate.yaml INPUT_PREDICTIONS=$work/missing.csv INPUT_JSON=$work/stale/gate.json \
  INPUT_MARKDOWN=$work/stale/gate.md INPUT_JUNIT=$work/stale/gate.xml \
  bash "$root/actions/metric-gate/run.sh" >"$work/log" 2>&1 || status=$?
expect "metric-gate action: a missing predictions file exits 3" test "$status" -eq 3
expect "metric-gate action: ... the earlier run's JSON and Markdown reports are gone" \
  test ! -e "$work/stale/gate.json" -a ! -e "$work/stale/gate.md"
expect "metric-gate action: ... no report output" no_output report
expect "metric-gate action: ... no markdown output" no_output markdown
expect "metric-gate action: ... the junit output names the errored report" test "$(output junit)" = "$work/stale/gate.xml"
expect "metric-gate action: ... which names the missing file" grep -q "missing.csv" "$work/stale/gate.xml"
# At the default threshold 0.5 the example's accuracy is 0.6695: the gate below passes.
printf 'metrics:\n  accuracy: {min: 0.65}\n' >"$work/accuracy-gate.yaml"
step_env
status=0
INPUT_RULES=$work/accuracy-gate.yaml INPUT_PREDICTIONS=$root/examples/model/candidate-predictions.csv \
  INPUT_THRESHOLD=0.9 INPUT_POSITIVE_LABEL=1 INPUT_VERBOSE=true INPUT_MARKDOWN=$work/mg.md \
  bash "$root/actions/metric-gate/run.sh" >"$work/log" 2>&1 || status=$?
expect "metric-gate action: a 0.9 threshold lowers accuracy below the gate's 0.65, exit 1" test "$status" -eq 1
expect "metric-gate action: ... verdict=fail" test "$(output verdict)" = fail
expect "metric-gate action: ... the threshold reached metric-gate: accuracy 0.5175" \
  test "$(jq -r .candidate.metrics.accuracy "$(output report)")" = 0.5175
expect "metric-gate action: ... markdown output is its path" test "$(output markdown)" = "$work/mg.md"
step_env
status=0
INPUT_RULES=$root/examples/model/gate.yaml INPUT_MLFLOW_RUN=abc INPUT_MLFLOW_TRACKING_URI=https://bob:pw@mlflow.example.com \
  bash "$root/actions/metric-gate/run.sh" >"$work/log" 2>&1 || status=$?
expect "metric-gate action: an mlflow-tracking-uri with credentials is refused, exit 2" test "$status" -eq 2
expect "metric-gate action: ... saying where they go" grep -q "MLFLOW_TRACKING_TOKEN.*from secrets" "$work/log"
step_env
status=0
INPUT_RULES=$root/examples/model/gate.yaml INPUT_METRICS=$root/examples/model/champion-metrics.json \
  INPUT_ALLOW_RUNNING_RUN=maybe bash "$root/actions/metric-gate/run.sh" >"$work/log" 2>&1 || status=$?
expect "metric-gate action: a boolean input that is not true/false exits 2, naming it" \
  grep -q 'the allow-running-run input must be "true" or "false", not "maybe"' "$work/log"
step_env
status=0
INPUT_RULES=$root/examples/model/gate.yaml INPUT_METRICS=$root/examples/model/champion-metrics.json \
  INPUT_ALLOW_RUNNING_RUN=true bash "$root/actions/metric-gate/run.sh" >"$work/log" 2>&1 || status=$?
expect "metric-gate action: allow-running-run reaches metric-gate (without promote-alias: its exit 2)" \
  grep -q "allow-running-run is only for --promote-alias" "$work/log"

# The verdict when the binary could not evaluate (exit 3): cannot-evaluate.
step_env
status=0
INPUT_REFERENCE=$drift/reference.csv INPUT_CURRENT=$work/missing.csv bash "$root/actions/drift-check/run.sh" \
  >"$work/log" 2>&1 || status=$?
expect "drift-check action: unreadable data, exit 3, verdict=cannot-evaluate" \
  test "$status:$(output verdict)" = 3:cannot-evaluate
# drift-check's schema input reaches the binary: a column only the current data has is ignored.
awk -F, -v OFS=, '{print $0, (NR == 1 ? "extra" : NR)}' "$drift/current-same-period.csv" >"$work/extra-column.csv"
step_env
status=0
INPUT_REFERENCE=$drift/reference.csv INPUT_CURRENT=$work/extra-column.csv INPUT_SCHEMA=ignore INPUT_THREADS=2 \
  bash "$root/actions/drift-check/run.sh" >"$work/log" 2>&1 || status=$?
expect "drift-check action: schema=ignore passes with a new column" test "$status:$(output schema_changed)" = 0:true
step_env
status=0
INPUT_REFERENCE=$drift/reference.csv INPUT_CURRENT=$work/extra-column.csv \
  bash "$root/actions/drift-check/run.sh" >"$work/log" 2>&1 || status=$?
expect "drift-check action: ... which the default schema policy (error) fails" test "$status:$(output verdict)" = 1:fail

# canary-eval's verdict words: inconclusive is its own.
step_env
status=0
INPUT_CONFIG=$canary/canary.yaml INPUT_SAMPLES=$work/samples-no-canary.csv bash "$root/actions/canary-eval/run.sh" \
  >"$work/log" 2>&1 || status=$?
expect "canary-eval action: no canary traffic: verdict=inconclusive" test "$status:$(output verdict)" = 0:inconclusive

# image-tag: the report files, the labels file and verdict.
step_env
status=0
image_tag INPUT_IMAGES=ghcr.io/acme/churn-serving INPUT_LABELS_OUT="$work/it/labels.txt" \
  INPUT_MARKDOWN="$work/it/tag.md" >"$work/log" 2>&1 || status=$?
expect "image-tag action: verdict=pass" test "$status:$(output verdict)" = 0:pass
expect "image-tag action: report is the JSON file, the json output its text" \
  test "$(jq -c . "$(output report)")" = "$(output json | jq -c .)"
expect "image-tag action: the labels-out input writes the labels, making its directory" \
  grep -qx "org.opencontainers.image.version=v1.2.3" "$work/it/labels.txt"
expect "image-tag action: labels-out output is its path" test "$(output labels_out)" = "$work/it/labels.txt"

# upload-report: the artifact's name is unique per job, step, matrix leg and attempt; the
# default JSON report is one file per step, so a second step does not overwrite the first's.
named() {  # named [VAR=VALUE...]: data-validate's action with upload-report in a GitHub-like step
  step_env
  status=0
  env INPUT_DATA="$root/examples/seattle-weather.csv" INPUT_CONTRACT="$root/examples/weather-contract.yaml" \
    INPUT_UPLOAD_REPORT=true GITHUB_JOB=validate "$@" bash "$root/actions/data-validate/run.sh" >"$work/log" 2>&1 || status=$?
}
named GITHUB_ACTION=weather JOB_INDEX=0 JOB_TOTAL=1 GITHUB_RUN_ATTEMPT=1
expect "upload-report: the name is TOOL-report-JOB-STEP" test "$(output report-artifact)" = data-validate-report-validate-weather
expect "upload-report: ... the default report is the step's own file" test "$(output report)" = "$work/data-validate-report-weather.json"
expect "upload-report: ... listed in report-files" test "$(output report-files)" = "$work/data-validate-report-weather.json"
named GITHUB_ACTION=__acme_mlops-actions_2 JOB_INDEX=2 JOB_TOTAL=3 GITHUB_RUN_ATTEMPT=2
expect "upload-report: a matrix leg and a re-run are in the name" \
  test "$(output report-artifact)" = data-validate-report-validate-__acme_mlops-actions_2-2-attempt2
named GITHUB_ACTION=weather.run
expect "upload-report: a step key the runner qualifies with the composite's step id is the step's" \
  test "$(output report-artifact)" = data-validate-report-validate-weather
named INPUT_REPORT_NAME=weather-reports
expect "upload-report: report-name is taken as given" test "$(output report-artifact)" = weather-reports
named INPUT_REPORT_NAME=reports/weather
expect "upload-report: a report-name upload-artifact would refuse exits 2 before anything runs" \
  test "$status" -eq 2 -a ! -s "$GITHUB_OUTPUT"
expect "upload-report: ... naming the input" grep -q 'the report-name input "reports/weather" holds a character' "$work/log"
named INPUT_UPLOAD_REPORT=yes
expect "upload-report: a value that is not true/false exits 2" test "$status" -eq 2

checks_done
echo "actions: all checks passed"
