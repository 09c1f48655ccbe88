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
[[ $(grep -c "returnStatus: true" "$jenkinsfile") -eq 2 ]]
[[ $(grep -c "junit testResults:" "$jenkinsfile") -eq 2 ]]

# The shell blocks, in order.
awk "/script: '''/{inblock=1; n++; next} /''')/{inblock=0} inblock {print > (\"$work/block\" n \".sh\")}" "$jenkinsfile"
blocks=$(find "$work" -name 'block*.sh' | wc -l)
[[ $blocks -eq 2 ]] || { echo "expected 2 shell blocks, found $blocks" >&2; exit 1; }

cd "$work"
mkdir -p data contracts gates eval
cp "$root/examples/seattle-weather.csv" data/train.csv
cp "$root/examples/weather-contract.yaml" contracts/train.yaml
cp "$root/examples/model/gate.yaml" gates/model.yaml
cp "$root/examples/model/candidate-predictions.csv" eval/predictions.csv
cp "$root/examples/model/champion-metrics.json" eval/champion-metrics.json
export MLOPS_BIN=$tools DATA=data/train.csv CONTRACT=contracts/train.yaml GATE_RULES=gates/model.yaml \
  PREDICTIONS=eval/predictions.csv CHAMPION_METRICS=eval/champion-metrics.json REPORTS=reports

for n in 1 2; do
  status=0
  bash "block$n.sh" >"block$n.log" 2>&1 || status=$?
  [[ $status -eq 0 ]] || { echo "block $n exited $status" >&2; cat "block$n.log" >&2; exit 1; }
done
for report in reports/data-validate.xml reports/metric-gate.xml; do
  grep -q '<testsuites name=' "$report" || { echo "$report is not JUnit" >&2; exit 1; }
  grep -q '<testcase ' "$report" || { echo "$report has no testcase" >&2; exit 1; }
done
[[ -s reports/data-validate.html && -s reports/data-validate.json && -s reports/metric-gate.json ]]

# A failing gate still writes its JUnit report (the junit step runs before the build fails).
cp "$root/examples/model/strict-gate.yaml" gates/model.yaml
status=0
bash block2.sh >block2.log 2>&1 || status=$?
[[ $status -eq 1 ]] || { echo "the strict gate should exit 1, got $status" >&2; exit 1; }
grep -q '<failure ' reports/metric-gate.xml || { echo "no <failure> in the failing report" >&2; exit 1; }
echo "jenkins template: 2 shell blocks ran, JUnit reports written (pass and fail)"
