#!/usr/bin/env bash
# Runs every sh(script: '''...''') block of templates/jenkins/Jenkinsfile with the environment
# its `environment {}` block sets (paths pointed at the demo data), then checks the JUnit files
# the junit steps would publish. Usage: jenkins_test.sh DIR_WITH_BUILT_BINARIES
set -euo pipefail
tools=$(cd "${1:?usage: jenkins_test.sh TOOLS_DIR}" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
jenkinsfile=$root/templates/jenkins/Jenkinsfile
work=$(mktemp -d /tmp/jenkins-test.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The structure the pipeline needs (no Groovy parser on the machine: these are checked as text).
grep -q '^pipeline {' "$jenkinsfile"
[[ $(grep -o '{' "$jenkinsfile" | wc -l) -eq $(grep -o '}' "$jenkinsfile" | wc -l) ]] ||
  { echo "unbalanced braces in the Jenkinsfile" >&2; exit 1; }
[[ $(grep -c "returnStatus: true" "$jenkinsfile") -eq 3 ]]
[[ $(grep -c "junit testResults:" "$jenkinsfile") -eq 3 ]]
# Data drift: a parameter chooses between failing the build and marking it unstable.
grep -q "booleanParam(name: 'FAIL_ON_DRIFT', defaultValue: true" "$jenkinsfile"
grep -q "if (params.FAIL_ON_DRIFT) {" "$jenkinsfile"
grep -q "unstable(message)" "$jenkinsfile"
grep -q "if (status >= 2) {" "$jenkinsfile"
# Exit 2 or 3 still writes the JUnit report (one errored test case with the tool's message), so
# in every gate stage the junit step comes before the build is failed for it, and before the
# archive of reports such a run does not write; a stage fails first only when there is no report
# at all (a command line with no single --junit in it). Checked as line order within each stage.
awk '
  /def status = sh\(returnStatus: true/ { stage++; guard[stage] = junit[stage] = fail[stage] = archive[stage] = 0 }
  stage && /if \(status >= 2 && !fileExists\(/ && !guard[stage] { guard[stage] = NR }
  stage && /junit testResults:/ && !junit[stage] { junit[stage] = NR }
  stage && /if \(status >= 2\) \{/ && !fail[stage] { fail[stage] = NR }
  stage && /archiveArtifacts/ && !archive[stage] { archive[stage] = NR }
  END {
    if (stage != 3) { print "expected 3 gate stages, found " stage; exit 1 }
    for (i = 1; i <= stage; i++) {
      if (!(guard[i] && guard[i] < junit[i] && junit[i] < fail[i] && fail[i] < archive[i])) {
        print "stage " i ": expected the no-report guard, then junit, then the exit >= 2 failure, then archiveArtifacts" \
          " (lines " guard[i] ", " junit[i] ", " fail[i] ", " archive[i] ")"
        exit 1
      }
    }
  }' "$jenkinsfile" >&2

# The shell blocks, in order.
awk "/script: '''/{inblock=1; n++; next} /''')/{inblock=0} inblock {print > (\"$work/block\" n \".sh\")}" "$jenkinsfile"
blocks=$(find "$work" -name 'block*.sh' | wc -l)
[[ $blocks -eq 4 ]] || { echo "expected 4 shell blocks, found $blocks" >&2; exit 1; }
grep -qF 'SHA256SUMS' "$work/block1.sh" || { echo "block 1 is not the install stage" >&2; exit 1; }
grep -qF "\"\$MLOPS_BIN/drift-check\" compare" "$work/block3.sh" || { echo "block 3 is not the drift stage" >&2; exit 1; }
# After the install block, block1 validates, block2 checks drift, block3 gates the model.
mv "$work/block1.sh" "$work/install.sh"
for n in 1 2 3; do mv "$work/block$((n + 1)).sh" "$work/block$n.sh"; done

# The install stage: from a local "release" (file:// URLs, as curl reads them), verified; an
# asset whose checksum does not match is refused and nothing is installed.
case $(uname -m) in x86_64) asset=mlops-actions-linux-x64.tar.gz ;; *) asset=mlops-actions-linux-arm64.tar.gz ;; esac
mkdir -p "$work/releases/v9.9.9/pkg/bin"
cp "$tools"/{data-validate,metric-gate,drift-check,image-tag,canary-eval,mlops-attest} "$work/releases/v9.9.9/pkg/bin/"
tar -czf "$work/releases/v9.9.9/$asset" -C "$work/releases/v9.9.9/pkg" bin
(cd "$work/releases/v9.9.9" && sha256sum "$asset" >SHA256SUMS)
install_env=(MLOPS_VERSION=v9.9.9 "MLOPS_RELEASES=file://$work/releases" "MLOPS_HOME=$work/ws/.mlops-actions"
             "MLOPS_BIN=$work/ws/.mlops-actions/bin")
env "${install_env[@]}" bash "$work/install.sh" >"$work/install.log" 2>&1 ||
  { echo "the install stage failed" >&2; cat "$work/install.log" >&2; exit 1; }
"$work/ws/.mlops-actions/bin/metric-gate" --version >/dev/null || { echo "the installed metric-gate does not run" >&2; exit 1; }
env "${install_env[@]}" bash "$work/install.sh" >"$work/install.log" 2>&1
grep -q "v9.9.9 is installed" "$work/install.log" || { echo "the install stage did not reuse the installed release" >&2; exit 1; }
mkdir -p "$work/releases/v9.9.8"
cp "$work/releases/v9.9.9/$asset" "$work/releases/v9.9.8/"
echo "0000000000000000000000000000000000000000000000000000000000000000  $asset" >"$work/releases/v9.9.8/SHA256SUMS"
status=0
env "${install_env[@]}" MLOPS_VERSION=v9.9.8 MLOPS_HOME="$work/ws2" MLOPS_BIN="$work/ws2/bin" \
  bash "$work/install.sh" >"$work/install.log" 2>&1 || status=$?
if [[ $status -eq 0 ]] || ! grep -q "refusing to install" "$work/install.log"; then
  echo "the install stage took an asset with a bad checksum (exit $status)" >&2
  cat "$work/install.log" >&2
  exit 1
fi
[[ ! -e $work/ws2/bin ]] || { echo "the install stage unpacked an asset with a bad checksum" >&2; exit 1; }

cd "$work"
mkdir -p data contracts gates eval
cp "$root/examples/seattle-weather.csv" data/train.csv
cp "$root/examples/weather-contract.yaml" contracts/train.yaml
cp "$root/examples/drift/reference.csv" data/reference.csv
cp "$root/examples/drift/drift.yaml" drift.yaml
cp "$root/examples/model/gate.yaml" gates/model.yaml
cp "$root/examples/model/candidate-predictions.csv" eval/predictions.csv
cp "$root/examples/model/champion-metrics.json" eval/champion-metrics.json
export MLOPS_BIN=$tools DATA=data/train.csv CONTRACT=contracts/train.yaml GATE_RULES=gates/model.yaml \
  PREDICTIONS=eval/predictions.csv CHAMPION_METRICS=eval/champion-metrics.json REPORTS=reports \
  DRIFT_REFERENCE=data/reference.csv DRIFT_CONFIG=drift.yaml

for n in 1 2 3; do
  status=0
  bash "block$n.sh" >"block$n.log" 2>&1 || status=$?
  [[ $status -eq 0 ]] || { echo "block $n exited $status" >&2; cat "block$n.log" >&2; exit 1; }
done
for report in reports/data-validate.xml reports/drift-check.xml reports/metric-gate.xml; do
  grep -q '<testsuites name=' "$report" || { echo "$report is not JUnit" >&2; exit 1; }
  grep -q '<testcase ' "$report" || { echo "$report has no testcase" >&2; exit 1; }
done
[[ -s reports/data-validate.html && -s reports/data-validate.json && -s reports/metric-gate.json ]]
grep -q '<svg' reports/drift-check.html || { echo "no drift-check HTML report" >&2; exit 1; }
# Every path the junit and archiveArtifacts steps publish was written (Ant patterns; plain globs here).
mapfile -t published < <(grep -oE "(testResults|artifacts): '[^']+'" "$jenkinsfile" |
  sed -E "s/^[a-zA-Z]+: '(.*)'\$/\1/" | tr ',' '\n' | sed -E 's/^ +| +$//g')
[[ ${#published[@]} -ge 6 ]] || { echo "expected the junit and archiveArtifacts paths, found ${#published[@]}" >&2; exit 1; }
for pattern in "${published[@]}"; do
  compgen -G "$pattern" >/dev/null || { echo "the pipeline publishes $pattern but nothing wrote it" >&2; exit 1; }
done

# Data drift: the reference may be a profile; drifted data exits 1 with its reports written (the
# junit step publishes them before the build is failed or marked unstable); a bad config exits 2.
"$tools/drift-check" profile data/reference.csv -o data/reference.profile.json --config drift.yaml -q
status=0
DRIFT_REFERENCE=data/reference.profile.json bash block2.sh >block2.log 2>&1 || status=$?
[[ $status -eq 0 ]] || { echo "the drift stage against a reference profile exited $status" >&2; cat block2.log >&2; exit 1; }
cp "$root/examples/drift/current-summer-2015.csv" data/current.csv
rm -f reports/drift-check.*
status=0
DATA=data/current.csv bash block2.sh >block2.log 2>&1 || status=$?
[[ $status -eq 1 ]] || { echo "drifted data should exit 1, got $status" >&2; cat block2.log >&2; exit 1; }
grep -q '<failure ' reports/drift-check.xml || { echo "no <failure> in the drift report" >&2; exit 1; }
grep -q '<svg' reports/drift-check.html || { echo "no HTML report on drift" >&2; exit 1; }
printf 'preset: calibrated\ndrift_share: high\n' >bad-drift.yaml
status=0
DRIFT_CONFIG=bad-drift.yaml bash block2.sh >block2.log 2>&1 || status=$?
[[ $status -eq 2 ]] || { echo "a bad drift config should exit 2, got $status" >&2; cat block2.log >&2; exit 1; }

# The errored test case of a report (parsed as XML): "<tests> <errors> <name> | <type> | <message>".
errored_case() {
  python3 - "$1" <<'PY'
import sys
import xml.etree.ElementTree as ET
suite = ET.parse(sys.argv[1]).getroot().find("testsuite")
case = suite.find("testcase")
error = case.find("error")
print(suite.get("tests"), suite.get("errors"), case.get("name"), "|", error.get("type"), "|", error.get("message"))
PY
}
# expect_errored BLOCK EXIT REPORT TEXT [VAR=VALUE...]: the block, run with the variables, exits
# EXIT and its report holds one errored test case whose message contains TEXT.
expect_errored() {
  local block=$1 code=$2 report=$3 text=$4 got
  shift 4
  status=0
  env "$@" bash "$block" >"$block.log" 2>&1 || status=$?
  [[ $status -eq $code ]] || { echo "$block with $* should exit $code, got $status" >&2; cat "$block.log" >&2; exit 1; }
  [[ -f $report ]] || { echo "$block with $* wrote no $report: the junit step would find no report" >&2; exit 1; }
  got=$(errored_case "$report")
  local kind="could not evaluate | input"
  [[ $code -eq 2 ]] && kind="usage error | usage"
  [[ $got == "1 1 $kind | "*"$text"* ]] ||
    { echo "$report after exit $code: expected an errored test case naming '$text', got: $got" >&2; exit 1; }
  grep -qF "$text" "$block.log" || { echo "$block.log does not say '$text'" >&2; exit 1; }
}

# A failing gate still writes its JUnit report (the junit step runs before the build fails).
cp "$root/examples/model/strict-gate.yaml" gates/model.yaml
status=0
bash block3.sh >block3.log 2>&1 || status=$?
[[ $status -eq 1 ]] || { echo "the strict gate should exit 1, got $status" >&2; exit 1; }
grep -q '<failure ' reports/metric-gate.xml || { echo "no <failure> in the failing report" >&2; exit 1; }

# A missing input is exit 3 in every stage, and the JUnit report the junit step publishes names
# the missing file (the report of the last run is replaced, not left to claim its verdict).
expect_errored block1.sh 3 reports/data-validate.xml "cannot open data/missing.csv" DATA=data/missing.csv
expect_errored block2.sh 3 reports/drift-check.xml "data/missing.csv" DATA=data/missing.csv
expect_errored block3.sh 3 reports/metric-gate.xml "eval/missing.csv" PREDICTIONS=eval/missing.csv
expect_errored block2.sh 2 reports/drift-check.xml "drift_share" DRIFT_CONFIG=bad-drift.yaml
# A command line that does not parse writes the report too: an unknown option (from a variable
# holding an option) is an errored test case naming it.
expect_errored block1.sh 2 reports/data-validate.xml "unknown option --no-such-option" DATA=--no-such-option
# Only a command line with no single --junit to read writes no report; the stage's old report is
# gone too, so the pipeline's fileExists guard fails the stage with the log's message, not a
# stale report.
status=0
DATA=--junit=elsewhere.xml bash block1.sh >block1.log 2>&1 || status=$?
[[ $status -eq 2 ]] || { echo "a second --junit should exit 2, got $status" >&2; exit 1; }
grep -q "cannot be specified more than once" block1.log || { echo "no message about the second --junit" >&2; cat block1.log >&2; exit 1; }
[[ ! -e reports/data-validate.xml && ! -e elsewhere.xml ]] ||
  { echo "a report was written for a command line with two --junit" >&2; exit 1; }
echo "jenkins template: the install stage verified and installed a release; 3 gate blocks ran, JUnit reports written (pass and fail, drift and none, errored on a missing input, a bad config and an unknown option)"
