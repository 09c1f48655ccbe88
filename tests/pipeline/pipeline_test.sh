#!/usr/bin/env bash
# examples/pipeline/run.sh end to end, with its real servers (registry, Prometheus, Pushgateway
# on 127.0.0.1): both bundled scenarios give the seven verdicts written below (not read from the
# scenario files), the model train.awk fits is scikit-learn's, a candidate that fails the gate is
# not pushed and not rolled out, and a stage that does not do what its scenario expects makes
# run.sh exit 1 naming it.
# Usage: pipeline_test.sh BUILD_DIR (its tools/ holds the binaries)
set -euo pipefail
build=$(cd "${1:?usage: pipeline_test.sh BUILD_DIR}" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
run=$root/examples/pipeline/run.sh
work=$(mktemp -d /tmp/pipeline-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
# shellcheck source=tests/common/checks.sh
source "$root/tests/common/checks.sh"

# pipeline NAME ARGS...: run.sh on the build's binaries, output in $work/NAME.out; sets `status`.
pipeline() {
  local name=$1
  shift
  status=0
  bash "$run" --bin "$build/tools" --work "$work/$name" "$@" >"$work/$name.out" 2>&1 || status=$?
}
# says NAME SCENARIO N STAGE VERDICT: the stage's line has that verdict and is not flagged.
says() {
  grep -qE "^$2 +$3/7 $4 +$5 " "$work/$1.out" && ! grep -qE "^$2 +$3/7 $4 .*UNEXPECTED" "$work/$1.out"
}

# ---- both bundled scenarios (the default) ----
pipeline both
expect "run.sh runs both scenarios and exits 0" test "$status" -eq 0
for stage in "1 validate pass" "2 train trained" "3 gate pass" "4 image pushed" "7 audit verified"; do
  read -r n name verdict <<<"$stage"
  expect "healthy: $name is $verdict" says both healthy "$n" "$name" "$verdict"
  expect "regressed: $name is $verdict" says both regressed "$n" "$name" "$verdict"
done
expect "healthy: the canary is promoted" says both healthy 5 canary promote
expect "healthy: no drift, no alert" says both healthy 6 drift no-drift
expect "regressed: the canary (5x the errors) is rolled back" says both regressed 5 canary rollback
expect "regressed: summer 2015 drifts and DatasetDrift fires" says both regressed 6 drift drift-alert-firing
expect "healthy: six decisions, signed and logged" grep -qE '^healthy +7/7 audit +verified +6 signed decisions verify \(data-validate pass, metric-gate pass, image-tag pass, image-tag pass, canary-eval promote, drift-check pass\)' "$work/both.out"
expect "regressed: the canary's and drift's decisions among them" grep -qE '^regressed +7/7 audit .*canary-eval rollback, drift-check fail\)' "$work/both.out"
expect "fourteen stage lines" test "$(grep -cE '^(healthy|regressed) +[1-7]/7 ' "$work/both.out")" -eq 14
[[ $failures -eq 0 ]] || cat "$work/both.out" >&2

# The model: scikit-learn 1.2.1's LogisticRegression(penalty=None, solver="newton-cholesky") on
# the same standardised columns (population standard deviation) of examples/drift/reference.csv
# gives coef [-3.18758501, 2.35948885, 0.61579011], intercept -0.49543342, and its
# roc_auc_score on the held-out days' predictions is 0.8569316156214551 (examples/pipeline/README.md).
close_to() {  # close_to FEATURE WANT: the model's coefficient of FEATURE within 1e-6 of WANT
  awk -v f="$1" -v want="$2" '($1 == "feature" && $2 == f) || ($1 == f) {
    got = ($1 == "feature") ? $5 : $2; found = 1; exit !((got - want) ^ 2 < 1e-12) }
    END { if (!found) exit 1 }' "$work/both/healthy/model/model.txt"
}
expect "the temp_max coefficient is scikit-learn's" close_to temp_max -3.18758501
expect "the temp_min coefficient is scikit-learn's" close_to temp_min 2.35948885
expect "the wind coefficient is scikit-learn's" close_to wind 0.61579011
expect "the intercept is scikit-learn's" close_to intercept -0.49543342
auc_ok() { jq -e '(.candidate.metrics.roc_auc - 0.8569316156214551) | fabs < 1e-9' "$work/both/healthy/gate.json" >/dev/null; }
expect "the held-out ROC AUC is scikit-learn's" auc_ok
# The canary's decision names the image pushed in stage 4, by digest.
canary_subject() {
  jq -r .payload "$work/both/regressed/canary.att.json" | base64 -d |
    jq -e '.subject[0].name | test("^127\\.0\\.0\\.1:[0-9]+/wet-day-serving$")' >/dev/null
}
expect "the canary attestation's subject is the pushed image" canary_subject

# ---- a candidate that fails the gate: not pushed, not rolled out ----
sed -e 's/^features=.*/features=temp_max/' -e 's/^expect_gate=.*/expect_gate=fail/' \
  -e 's/^expect_image=.*/expect_image=not-pushed/' -e 's/^expect_canary=.*/expect_canary=skipped/' \
  "$root/examples/pipeline/scenarios/healthy.env" >"$work/rejected.env"
pipeline rejected "$work/rejected.env"
expect "a candidate on temp_max alone: run.sh exits 0" test "$status" -eq 0
expect "... its gate fails" says rejected rejected 3 gate fail
expect "... the image is not pushed" says rejected rejected 4 image not-pushed
expect "... no canary is judged" says rejected rejected 5 canary skipped
expect "... and its three decisions verify" \
  grep -qE '^rejected +7/7 audit +verified +3 signed decisions verify \(data-validate pass, metric-gate fail, drift-check pass\)' \
  "$work/rejected.out"
[[ $failures -eq 0 ]] || cat "$work/rejected.out" >&2

# ---- a stage that differs from its scenario: exit 1, named ----
sed 's/^expect_canary=.*/expect_canary=rollback/' "$root/examples/pipeline/scenarios/healthy.env" >"$work/wrong.env"
pipeline wrong "$work/wrong.env"
expect "a scenario expecting a roll back of the healthy canary: exit 1" test "$status" -eq 1
expect "... the canary line says UNEXPECTED" \
  grep -qE '^wrong +5/7 canary +promote +UNEXPECTED \(the scenario expects rollback\)' "$work/wrong.out"
expect "... and only that line" test "$(grep -c UNEXPECTED "$work/wrong.out")" -eq 1

# ---- usage ----
pipeline nosuch no-such-scenario
expect "an unknown scenario is exit 2" test "$status" -eq 2
status=0
bash "$run" --bin "$work/nowhere" >"$work/nobin.out" 2>&1 || status=$?
expect "a --bin without the binaries is exit 2" test "$status" -eq 2
expect "... saying how to build them" grep -q "run scripts/demo.sh" "$work/nobin.out"

checks_done
echo "pipeline_test: both scenarios, a rejected candidate and a wrong expectation behave as documented"
