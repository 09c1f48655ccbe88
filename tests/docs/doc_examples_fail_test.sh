#!/usr/bin/env bash
# docs.examples must fail, and say where and why, when a doc example goes stale: runs
# doc_examples_test.py on a copy of the docs with broken examples added and checks each message
# (file:line, the command, the exit code, the stderr tail; a JSON number's form), and that the
# good ones still pass.
# Usage: doc_examples_fail_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?usage: doc_examples_fail_test.sh BUILD_DIR}" && pwd)
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/mlops-docs-fail.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

mkdir -p "$work/src/tests"
# src/ too: docs/architecture.md's example checks its include edges.
cp -r "$root/README.md" "$root/CONTRIBUTING.md" "$root/docs" "$root/examples" "$root/src" "$work/src/"
cp -r "$root/tests/docs" "$work/src/tests/"
# The test data substitutions.txt copies into examples (metric-gate's penguins predictions).
mkdir -p "$work/src/tests/data"
awk '$1 == "file" && $4 ~ /^tests\/data\// {print $4}' "$root/tests/docs/substitutions.txt" |
  while read -r f; do mkdir -p "$(dirname "$work/src/$f")" && cp "$root/$f" "$work/src/$f"; done
page=$work/src/docs/metric-gate.md
# An option renamed in the synopsis: not accepted there, and the real one is then undocumented.
sed -i 's/--candidate-prefix PREFIX  --baseline-prefix/--candidate-prefixx PREFIX  --baseline-prefix/' "$page"
grep -q -- '--candidate-prefixx' "$page" || fail "the synopsis of metric-gate.md changed: update this test"
# shellcheck disable=SC2016  # backquotes of Markdown, not of the shell
sed -i 's/`--candidate-prefix PREFIX`/`PREFIX`/; s/(`--candidate-prefix val_`)/(a candidate prefix)/' "$page"
cat >>"$page" <<'EOF'

<!-- example: skip -->
```sh
true
```

```sh
metric-gate check --rules gate.yaml --predictions predictions.csv --threshold 2   # exit 2
metric-gate check --rules gate.yaml \
    --metrics missing.json
```

```bash
true   # exit 1
```

```sh
metric-gate check --rules gate.yaml --predictions predictions.csv --no-such-flag
```

```console
$ data-validate check data/train.csv \
>     --contract contracts/train.yaml --quiet
$ metric-gate check --rules gate.yaml --metrics missing.json   # exit 3
metric-gate: error: this is output, not a command
$ false
```

```json
{"schema": "mlops-actions/drift-check/v1", "share": 5E-1, "rows": 1461}
```
EOF
line_of() { grep -n -F -- "$1" "$page" | tail -n 1 | cut -d: -f1; }

status=0
python3 "$work/src/tests/docs/doc_examples_test.py" "$work/src" "$build" >"$work/out" 2>&1 || status=$?
cat "$work/out"
[[ $status -eq 1 ]] || fail "doc_examples_test.py exited $status on broken docs, expected 1"
expect() { grep -q -F -- "$1" "$work/out" || fail "no line saying: $1"; }
expect "FAIL docs/metric-gate.md:$(line_of 'candidate-prefixx'): \`metric-gate check\` does not accept --candidate-prefixx"
expect "FAIL docs/metric-gate.md: \`metric-gate check\` accepts --candidate-prefix, which neither docs/metric-gate.md"
expect "FAIL docs/metric-gate.md:$(($(line_of '<!-- example: skip -->') + 1)): unknown marker \`<!-- example: skip -->\`"
missing=$(grep -n 'metric-gate check --rules gate\.yaml \\$' "$page" | head -n 1 | cut -d: -f1)
expect "FAIL docs/metric-gate.md:$missing (block at line $((missing - 2))): \`metric-gate check --rules gate.yaml --metrics missing.json\`: exit 3, not announced"
expect "    | metric-gate: error: cannot read the metrics file missing.json"
expect "FAIL docs/metric-gate.md:$(line_of 'true   # exit 1') (block at line $(($(line_of 'true   # exit 1') - 1))): \`true # exit 1\`: exit 0, but the example announces \`# exit 1\`"
flag=$(line_of 'no-such-flag')
expect "FAIL docs/metric-gate.md:$flag: \`metric-gate check\` does not accept --no-such-flag"
expect "FAIL docs/metric-gate.md:$flag (block at line $((flag - 1))): \`metric-gate check --rules gate.yaml --predictions predictions.csv --no-such-flag\`: exit 2, not announced"
expect "FAIL docs/metric-gate.md:$(line_of '$ false') (block at line $(($(line_of '$ false') - 5))): \`\$ false\`: exit 1, not announced"
expect "FAIL docs/metric-gate.md:$(line_of '"share": 5E-1'): JSON number 5E-1 is not in the tools' form, the shortest that reads back: 0.5"
# Nothing else failed: the announced exits (2 and 3), the console block's continuation line and
# its output line, and every real example passed.
[[ $(grep -c '^FAIL ' "$work/out") -eq 9 ]] || fail "expected 9 problems, found $(grep -c '^FAIL ' "$work/out")"
expect "docs: 9 problems (how examples are run and marked: tests/docs/README.md)"
echo "ok: every broken example was reported where it is, with its command and exit code"
