#!/usr/bin/env bash
# Every tool writes JSON numbers in the shortest form that reads back exactly, as JavaScript
# writes them (0.5, 100, 1e-7), never Boost.JSON's 5E-1 / 1E2: in JSON reports, drift profiles,
# GitHub outputs and signed statements. Each tool is run on inputs chosen so that a fraction and
# a double holding an integral value land in its output, and the exact text is asserted.
# Usage: numbers_binary_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?usage: numbers_binary_test.sh BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
tools=$build/tools
work=$(mktemp -d /tmp/json-numbers-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
# shellcheck source=tests/common/checks.sh
source "$here/../common/checks.sh"
# shellcheck source=tests/common/github_output.sh
source "$here/../common/github_output.sh"
for tool in jq base64 openssl; do command -v "$tool" >/dev/null || { echo "$tool is missing" >&2; exit 1; }; done

# run EXPECTED_EXIT TOOL ARGS...: runs a tool in GitHub mode (outputs to ./github_output).
run() {
  local expected=$1 status=0
  shift
  : >github_output
  GITHUB_ACTIONS=true GITHUB_OUTPUT=$work/github_output GITHUB_STEP_SUMMARY=$work/summary \
    "$@" >out.txt 2>err.txt || status=$?
  expect "$(basename "$1") $2 exits $expected (got $status: $(head -c 300 err.txt))" \
    test "$status" = "$expected"
}
has() { grep -qF -- "$2" "$1"; }
# No number in Boost's exponent form (5E-1, 1E2, 1.25E1) anywhere in FILE.
no_boost_numbers() { ! grep -Eq '[0-9]E[-+]?[0-9]' "$1"; }
output() { read_outputs value "$1" "$work/github_output"; }

openssl genpkey -algorithm ed25519 -out ed.pem 2>/dev/null
openssl pkey -in ed.pem -pubout -out ed.pub

# ---- metric-gate: metrics 1.0 and 0.5 against a baseline, limits 0.5 and 1e-7 ----
printf '{"accuracy": 1.0, "f1": 0.5}\n' >candidate.json
printf '{"accuracy": 0.5, "f1": 0.25}\n' >baseline.json
printf 'metrics:\n  accuracy: {min: 0.5, max_drop: 0.5}\n  f1: {min: 0.0000001}\n' >gate.yaml
run 0 "$tools/metric-gate" check --rules gate.yaml --metrics candidate.json \
  --baseline-metrics baseline.json --json gate.json --attest-key ed.pem --attest-out gate.att
expect "metric-gate: a metric of 1.0 is 1" has gate.json '"accuracy": 1,'
expect "metric-gate: a metric of 0.5 is 0.5" has gate.json '"f1": 0.5'
expect "metric-gate: a baseline of 0.25 is 0.25" has gate.json '"f1": 0.25'
expect "metric-gate: the rule's candidate 1" has gate.json '"candidate": 1,'
expect "metric-gate: the rule's delta 0.5" has gate.json '"delta": 0.5'
expect "metric-gate: a limit of 0.0000001 is 1e-7" has gate.json '"limit": 1e-7,'
expect "metric-gate: no Boost exponent forms" no_boost_numbers gate.json
jq -r .payload gate.att | base64 -d >gate.statement.json
expect "metric-gate: the signed statement has the same numbers" \
  has gate.statement.json '"metrics":{"accuracy":1,"f1":0.5}'
expect "metric-gate: no Boost exponent forms in the statement" no_boost_numbers gate.statement.json
verifies() { "$tools/mlops-attest" verify "$1" --pub ed.pub --base-dir . >/dev/null; }
expect "metric-gate: the attestation verifies" verifies gate.att

# ---- drift-check: a profile holding 0.5, 100 and 1e-300; a comparison with share 1/3 ----
{
  echo "x,same,other"
  for i in $(seq 1 40); do
    echo "0.5,$((i % 4)),$((i % 5))"
    echo "100,$((i % 4)),$((i % 5))"
    echo "1e-300,$((i % 4)),$((i % 5))"
  done
} >reference.csv
run 0 "$tools/drift-check" profile reference.csv -o reference.profile.json
expect "drift-check profile: min 1e-300" has reference.profile.json '"min": 1e-300,'
expect "drift-check profile: max 100" has reference.profile.json '"max": 100,'
expect "drift-check profile: the value 0.5 in the distinct values" \
  grep -Eq '^ *0\.5,$' reference.profile.json
expect "drift-check profile: no Boost exponent forms" no_boost_numbers reference.profile.json
# The profile reads back: comparing it with its own data finds nothing.
run 0 "$tools/drift-check" compare -r reference.profile.json -c reference.csv --json same.json
expect "drift-check: a profile read back compares equal (share 0)" has same.json '"share": 0,'

# JSON has no infinity: values whose sum of squares overflows cannot be profiled (exit 3, not
# a profile that no reader accepts).
printf 'x\n1e200\n-1e200\n' >huge.csv
run 3 "$tools/drift-check" profile huge.csv -o huge.profile.json
expect "drift-check profile: an overflowing column is named" \
  has err.txt "column \"x\": its values are too large to profile"
expect "drift-check profile: no profile is left behind" test ! -e huge.profile.json

{
  echo "x,same,other"
  for i in $(seq 1 120); do echo "$((i * 1000)),$((i % 4)),$((i % 5))"; done
} >current.csv
printf 'drift_share: 0.5\n' >drift.yaml
run 0 "$tools/drift-check" compare -r reference.csv -c current.csv --config drift.yaml \
  --json drift.json --attest-key ed.pem --attest-out drift.att
expect "drift-check: share 1/3 in full" has drift.json '"share": 0.3333333333333333,'
expect "drift-check: drift_share 0.5" has drift.json '"drift_share": 0.5,'
expect "drift-check: the GitHub output share is the JSON's" \
  test "$(output share)" = 0.3333333333333333
expect "drift-check: no Boost exponent forms" no_boost_numbers drift.json
jq -r .payload drift.att | base64 -d >drift.statement.json
expect "drift-check: no Boost exponent forms in the statement" no_boost_numbers drift.statement.json
expect "drift-check: the attestation verifies" verifies drift.att

# ---- canary-eval: scores 100, 0 and 2/3 of 100 ----
{
  echo "metric,group,timestamp,value"
  for i in $(seq 0 29); do
    t=$((1767225600 + 15 * i))
    for m in a b; do
      echo "$m,baseline,$t,$((10 + i % 3))"
      echo "$m,canary,$t,$((10 + i % 3))"
    done
    echo "c,baseline,$t,$((10 + i % 3))"
    echo "c,canary,$t,$((1000 + i % 3))"
  done
} >samples.csv
{
  echo "groups: {baseline: 'track=\"stable\"', canary: 'track=\"canary\"'}"
  echo "metrics:"
  for m in a b c; do echo "  - {name: $m, query: '$m{ {{selector}} }', direction: increase, group: $m}"; done
} >canary.yaml
status=0
GITHUB_ACTIONS=true GITHUB_OUTPUT=$work/github_output GITHUB_STEP_SUMMARY=$work/summary \
  "$tools/canary-eval" run --config canary.yaml --samples samples.csv --json canary.json \
  >out.txt 2>err.txt || status=$?
expect "canary-eval decides (exit 1 or 4, got $status: $(head -c 300 err.txt))" \
  test "$status" = 1 -o "$status" = 4
expect "canary-eval: score 2/3 of 100 in full" has canary.json '"score": 66.66666666666667,'
expect "canary-eval: a group's score 100" has canary.json '"score": 100,'
expect "canary-eval: a group's score 0" has canary.json '"score": 0,'
expect "canary-eval: the GitHub output score is the JSON's" \
  test "$(output score)" = 66.66666666666667
expect "canary-eval: pass_score 95 is 95" has canary.json '"pass_score": 95,'
expect "canary-eval: no Boost exponent forms" no_boost_numbers canary.json

# ---- data-validate: the report's one double (seconds) and integers ----
printf 'x\n0.5\nNA\n' >data.csv
printf 'columns:\n  x: {type: number, max_null_fraction: 0.5}\n' >contract.yaml
run 0 "$tools/data-validate" check data.csv --contract contract.yaml --json validate.json
expect "data-validate: rows 2" has validate.json '"rows": 2,'
expect "data-validate: seconds in JavaScript's form" \
  grep -Eq '^  "seconds": (0|[1-9][0-9]*)(\.[0-9]+)?(e-[1-9][0-9]*)?$' validate.json
expect "data-validate: no Boost exponent forms" no_boost_numbers validate.json
expect "data-validate: the GitHub output rows" test "$(output rows)" = 2

# ---- image-tag: its JSON GitHub output is the same writer's compact text ----
run 0 env -u GITHUB_ACTIONS "$tools/image-tag" --image ghcr.io/acme/churn \
  --git-ref refs/tags/v1.2.3 --git-sha 0123456789abcdef0123456789abcdef01234567 --event push \
  --tags 'type=semver,pattern={{version}}' --json tag.json
expect "image-tag: the JSON report has no Boost exponent forms" no_boost_numbers tag.json

checks_done
