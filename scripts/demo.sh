#!/usr/bin/env bash
# The end-to-end demo on bundled example data: installs missing dependencies, builds the
# release binaries, and runs each gate that exists so far on examples/.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release
bin=build/release/tools
out=$(mktemp -d /tmp/mlops-demo.XXXXXX)

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
expect() {  # expect CODE CMD...: run CMD, show its exit code, fail the demo on a surprise
  local want=$1 rc=0
  shift
  "$@" || rc=$?
  echo "-> exit $rc (expected $want)"
  [[ $rc -eq $want ]] || { echo "demo: unexpected exit code" >&2; exit 1; }
}

step "data-validate: the training data meets its contract (examples/weather-contract.yaml)"
expect 0 "$bin/data-validate" check examples/seattle-weather.csv \
  --contract examples/weather-contract.yaml --junit "$out/junit.xml" --html "$out/report.html"

step "data-validate: the same data as Parquet (examples/seattle-weather.parquet, zstd, typed columns)"
expect 0 "$bin/data-validate" check examples/seattle-weather.parquet \
  --contract examples/weather-contract.yaml --json "$out/parquet-report.json"

step "data-validate: a corrupted copy (out-of-range value, unknown category, null, repeated date, broken rule)"
awk -F, -v OFS=, '
  NR == 100 { $3 = "99.9" }                  # temp_max above the 50 degree bound
  NR == 200 { $6 = "hail" }                  # a category the contract does not allow
  NR == 300 { $4 = "40.0" }                  # temp_min above temp_max
  NR == 400 { $1 = prev }                    # the previous row date again
  NR == 500 { $2 = "" }                      # precipitation missing
  { prev = $1; print }' examples/seattle-weather.csv >"$out/corrupted.csv"
expect 1 "$bin/data-validate" check "$out/corrupted.csv" \
  --contract examples/weather-contract.yaml --max-examples 2 --json "$out/report.json"

step "data-validate infer: a starter contract from the data (first lines)"
"$bin/data-validate" infer examples/seattle-weather.csv | head -n 16

step "metric-gate: the candidate's predictions against the champion's metrics (examples/model/gate.yaml)"
expect 0 "$bin/metric-gate" check --rules examples/model/gate.yaml \
  --predictions examples/model/candidate-predictions.csv \
  --baseline-metrics examples/model/champion-metrics.json --baseline-prefix test. \
  --junit "$out/gate-junit.xml"

step "metric-gate: the same candidate under a stricter gate (must beat the champion's AUC by 0.02)"
expect 1 "$bin/metric-gate" check --rules examples/model/strict-gate.yaml \
  --predictions examples/model/candidate-predictions.csv \
  --baseline-metrics examples/model/champion-metrics.json --baseline-prefix test. \
  --json "$out/gate.json"

step "drift-check: more 2012-2014 days (every other day) against the reference: no drift"
expect 0 "$bin/drift-check" compare --reference examples/drift/reference.csv \
  --current examples/drift/current-same-period.csv --config examples/drift/drift.yaml

step "drift-check: summer 2015 against the all-season reference: drift, with the HTML report"
expect 1 "$bin/drift-check" compare --reference examples/drift/reference.csv \
  --current examples/drift/current-summer-2015.csv --config examples/drift/drift.yaml \
  --html "$out/drift.html" --junit "$out/drift-junit.xml" --prometheus "$out/drift.prom"

step "drift-check profile + merge: the reference profiled in two halves, merged, compared"
head -n 275 examples/drift/reference.csv >"$out/half1.csv"
(head -n 1 examples/drift/reference.csv; tail -n +276 examples/drift/reference.csv) >"$out/half2.csv"
"$bin/drift-check" profile "$out/half1.csv" -o "$out/half1.profile.json"
"$bin/drift-check" profile "$out/half2.csv" -o "$out/half2.profile.json"
"$bin/drift-check" merge "$out/half1.profile.json" "$out/half2.profile.json" \
  -o "$out/reference.profile.json"
expect 1 "$bin/drift-check" compare --reference "$out/reference.profile.json" \
  --current examples/drift/current-summer-2015.csv --config examples/drift/drift.yaml -q \
  --json "$out/drift-from-profile.json"
grep -E '^  "(drift|share|drifted_columns)":' "$out/drift-from-profile.json"

step "image-tag: tags and OCI labels for the example model's serving image (release v1.4.0)"
SOURCE_DATE_EPOCH=1767225600 expect 0 "$bin/image-tag" --image ghcr.io/acme/churn-serving \
  --model-dir examples/model/serving --model-name churn --model-version 7 \
  --git-ref refs/tags/v1.4.0 --git-sha 860c1904a1ce19322e91ac35af1ab07466440c37 --event push \
  --tags $'type=semver,pattern={{version}}\ntype=semver,pattern={{major}}.{{minor}}\ntype=model\ntype=digest\ntype=sha' \
  --labels-out "$out/labels.txt" --no-github

step "canary-eval (offline samples): a healthy canary is promoted"
expect 0 "$bin/canary-eval" run --config examples/canary/canary.yaml \
  --samples examples/canary/samples-healthy.csv

step "canary-eval: 5x the baseline's error rate and a latency tail: rolled back"
expect 1 "$bin/canary-eval" run --config examples/canary/canary.yaml \
  --samples examples/canary/samples-regressed.csv --junit "$out/canary-junit.xml"

step "attestation: the drift decision signed (Ed25519) and verified"
openssl genpkey -algorithm ed25519 -out "$out/attest-key.pem" 2>/dev/null
openssl pkey -in "$out/attest-key.pem" -pubout -out "$out/attest-pub.pem"
expect 1 "$bin/drift-check" compare --reference examples/drift/reference.csv \
  --current examples/drift/current-summer-2015.csv --config examples/drift/drift.yaml -q \
  --attest-key "$out/attest-key.pem" --attest-out "$out/drift.att.json" --audit-log "$out/audit.jsonl"
expect 0 "$bin/mlops-attest" verify "$out/drift.att.json" --pub "$out/attest-pub.pem" --base-dir .
expect 0 "$bin/mlops-attest" audit-verify "$out/audit.jsonl"

echo
echo "Reports written to $out: junit.xml, report.html, report.json, gate-junit.xml, gate.json,"
echo "  drift.html (open it in a browser), drift-junit.xml, drift.prom, reference.profile.json,"
echo "  labels.txt (for docker build --label-file), canary-junit.xml, drift.att.json, audit.jsonl"
