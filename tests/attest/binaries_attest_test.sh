#!/usr/bin/env bash
# The gate binaries sign their decisions: an attestation written by drift-check, data-validate,
# metric-gate and image-tag verifies with nothing but openssl, jq and base64 (the commands of
# docs/attestations.md), and with mlops-attest; one changed byte of the payload, the signature
# or a judged file fails verification; the audit log they append to detects an edited, a
# deleted and a reordered line. Usage: binaries_attest_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?usage: binaries_attest_test.sh BUILD_DIR}" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
tools=$build/tools
work=$(mktemp -d /tmp/attest-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() {
  echo "binaries_attest_test: error: $*" >&2
  exit 1
}
for tool in openssl jq base64; do command -v "$tool" >/dev/null || fail "$tool is missing"; done

openssl genpkey -algorithm ed25519 -out ed.pem 2>/dev/null
openssl pkey -in ed.pem -pubout -out ed.pub
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.pem 2>/dev/null
openssl pkey -in ec.pem -pubout -out ec.pub
cp "$root"/examples/drift/*.csv "$root"/examples/drift/drift.yaml .
cp "$root"/examples/seattle-weather.csv "$root"/examples/weather-contract.yaml .
cp -r "$root"/examples/model .

# openssl_verify ENVELOPE PUB: the PAE and the signature rebuilt by hand, checked by openssl.
openssl_verify() {
  jq -r .payloadType "$1" | tr -d '\n' >type.txt
  jq -r .payload "$1" | base64 -d >statement.json
  jq -r '.signatures[0].sig' "$1" | base64 -d >sig.bin
  printf 'DSSEv1 %d %s %d ' "$(wc -c <type.txt)" "$(cat type.txt)" "$(wc -c <statement.json)" >pae.bin
  cat statement.json >>pae.bin
  openssl pkeyutl -verify -rawin -pubin -inkey "$2" -sigfile sig.bin -in pae.bin >/dev/null 2>&1
}

# Each gate, each signing a decision (exit 0 or 1 are both decisions).
run_gate() {
  local status=0
  "$@" -q >/dev/null 2>"$work/err" || status=$?
  [[ $status -le 1 ]] || fail "$1 exited $status: $(<"$work/err")"
}
run_gate "$tools/drift-check" compare -r reference.csv -c current-summer-2015.csv \
  --config drift.yaml --attest-key ed.pem --attest-out drift.att --audit-log audit.jsonl
MLOPS_TEST_KEY=$(<ec.pem) run_gate "$tools/data-validate" check seattle-weather.csv \
  --contract weather-contract.yaml --attest-key env:MLOPS_TEST_KEY --attest-out data.att \
  --audit-log audit.jsonl
run_gate "$tools/metric-gate" check --rules model/gate.yaml \
  --predictions model/candidate-predictions.csv --baseline-metrics model/champion-metrics.json \
  --baseline-prefix test. --attest-key ed.pem --attest-out gate.att --audit-log audit.jsonl
run_gate env -u GITHUB_ACTIONS "$tools/image-tag" --image ghcr.io/acme/churn \
  --model-dir model/serving --git-ref refs/heads/main --git-sha 0123456789abcdef --event push \
  --tags type=digest --attest-key ec.pem --attest-out tag.att --audit-log audit.jsonl

for pair in drift.att:ed.pub data.att:ec.pub gate.att:ed.pub tag.att:ec.pub; do
  envelope=${pair%%:*}
  pub=${pair##*:}
  openssl_verify "$envelope" "$pub" || fail "openssl does not verify $envelope"
  "$tools/mlops-attest" verify "$envelope" --pub "$pub" --base-dir . >/dev/null ||
    fail "mlops-attest does not verify $envelope"
  # One flipped byte of the payload (a "p" of the decision, inside the base64) fails both.
  jq '.payload |= (.[0:40] + (if .[40:41] == "A" then "B" else "A" end) + .[41:])' "$envelope" >flipped.att
  if openssl_verify flipped.att "$pub"; then fail "openssl verified a changed payload of $envelope"; fi
  if "$tools/mlops-attest" verify flipped.att --pub "$pub" >/dev/null 2>&1; then
    fail "mlops-attest verified a changed payload of $envelope"
  fi
  # One changed character of the signature's base64 (bits of one byte flipped).
  jq '.signatures[0].sig |= (.[0:10] + (if .[10:11] == "A" then "B" else "A" end) + .[11:])' \
    "$envelope" >flipped.att
  if openssl_verify flipped.att "$pub"; then fail "openssl verified a changed signature of $envelope"; fi
  if "$tools/mlops-attest" verify flipped.att --pub "$pub" >/dev/null 2>&1; then
    fail "mlops-attest verified a changed signature of $envelope"
  fi
done
jq -r .payload drift.att | base64 -d | jq -e '.predicateType == "https://mlops-actions.dev/attestations/drift-check/v1" and .predicate.decision == "fail"' >/dev/null ||
  fail "the drift attestation does not record the drift decision"

# A changed judged file fails the subject check, also without --base-dir (the working
# directory is the default); --signature-only declines it, and says so.
"$tools/mlops-attest" verify drift.att --pub ed.pub >plain.out 2>&1 || fail "drift.att does not verify from its directory"
grep -q '^subject "current-summer-2015.csv": ' plain.out || fail "verify without --base-dir checked no subject: $(<plain.out)"
echo "2015-10-01,0.0,20.0,10.0,3.0,sun" >>current-summer-2015.csv
if "$tools/mlops-attest" verify drift.att --pub ed.pub --base-dir . >/dev/null 2>&1; then
  fail "a changed data file still verified"
fi
status=0
"$tools/mlops-attest" verify drift.att --pub ed.pub >plain.out 2>&1 || status=$?
[[ $status -eq 1 ]] || fail "a changed data file verified without --base-dir (exit $status): $(<plain.out)"
"$tools/mlops-attest" verify drift.att --pub ed.pub --signature-only >sigonly.out 2>&1 ||
  fail "--signature-only did not verify the signature: $(<sigonly.out)"
grep -q 'subjects: not checked (--signature-only)' sigonly.out || fail "--signature-only did not say so"

# The audit log: 4 decisions chained; an edited, a deleted and a reordered line are found.
"$tools/mlops-attest" audit-verify audit.jsonl >/dev/null || fail "the audit log does not verify"
[[ $(wc -l <audit.jsonl) -eq 4 ]] || fail "expected 4 audit lines, found $(wc -l <audit.jsonl)"
sed '2s/"decision":"pass"/"decision":"fail"/' audit.jsonl >edited.jsonl
cmp -s audit.jsonl edited.jsonl && fail "the edit did not change line 2"
sed '2d' audit.jsonl >deleted.jsonl
for n in 1 3 2 4; do sed -n "${n}p" audit.jsonl; done >reordered.jsonl
for broken in edited deleted reordered; do
  if "$tools/mlops-attest" audit-verify "$broken.jsonl" >"$broken.out" 2>&1; then
    fail "audit-verify accepted the $broken log"
  fi
  grep -q "line [0-9]" "$broken.out" || fail "audit-verify did not name the line: $(<"$broken.out")"
done
echo "binaries_attest_test: 4 binaries' attestations verified by openssl and mlops-attest; tampering detected"
