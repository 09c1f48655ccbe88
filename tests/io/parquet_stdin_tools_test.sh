#!/usr/bin/env bash
# Parquet on standard input to each tool that reads data (issue 20: "also for stdin"): the
# same verdict and the same report as from the file's path, for data-validate check, drift-check
# profile and metric-gate --predictions; an encrypted file refused by each as its path is; and a
# stream that cannot be copied to $TMPDIR is exit 3 naming the directory. Usage: parquet_stdin_tools_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?usage: parquet_stdin_tools_test.sh BUILD_DIR}" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
tools=$build/tools
data=$here/../data/parquet
work=$(mktemp -d /tmp/parquet-stdin-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
# shellcheck source=tests/common/checks.sh
source "$here/../common/checks.sh"
command -v jq >/dev/null || { echo "jq is missing" >&2; exit 1; }

# run EXPECTED_EXIT OUT TOOL ARGS...: runs a tool, stdout to OUT, stderr to OUT.err.
run() {
  local expected=$1 out=$2 status=0
  shift 2
  "$@" >"$out" 2>"$out.err" || status=$?
  expect "$(basename "$1") $2 ($out) exits $expected (got $status: $(head -c 300 "$out.err"))" \
    test "$status" = "$expected"
}
# same_json A B PATH: the same JSON but for the input's name (PATH, "-" or "<stdin>") and the
# time the run took.
same_json() {
  # shellcheck disable=SC2016  # $p is jq's variable
  local filter='walk(if type == "string" and (. == $p or . == "-" or . == "<stdin>")
    then "INPUT" else . end) | del(.seconds)'
  diff <(jq -S --arg p "$3" "$filter" "$1") <(jq -S --arg p "$3" "$filter" "$2")
}

structs=$data/duckdb/nested/structs-v1.parquet
plain=$data/testing/alltypes_plain.parquet

# ---- data-validate: a contract inferred from the file, checked from the path and from stdin --
run 0 infer.out "$tools/data-validate" infer "$structs" -o contract.yaml
expect "infer names a struct's field by its dotted path" grep -q 'deep.x.y.z' contract.yaml
run 0 path.out "$tools/data-validate" check "$structs" -c contract.yaml --json path.json
run 0 stdin.out "$tools/data-validate" check - -c contract.yaml --json stdin.json <"$structs"
expect "data-validate: the same report from stdin as from the path" same_json path.json stdin.json "$structs"
expect "data-validate: 3,000 rows from stdin" jq -e '.. | .rows? | select(. == 3000)' stdin.json \
  >/dev/null

# ---- drift-check profile: the same profile from stdin -----------------------------------------
run 0 profile-path.out "$tools/drift-check" profile "$structs" -o path-profile.json
run 0 profile-stdin.out "$tools/drift-check" profile - -o stdin-profile.json <"$structs"
expect "drift-check profile: the same profile from stdin as from the path" \
  same_json path-profile.json stdin-profile.json "$structs"

# ---- metric-gate: regression metrics from predictions on stdin ---------------------------------
printf 'metrics:\n  mae: {max: 1000}\n' >gate.yaml
for input in path stdin; do
  src=$plain
  [ "$input" = stdin ] && src=-
  run 0 "gate-$input.out" "$tools/metric-gate" check --rules gate.yaml --predictions "$src" \
    --task regression --label-column int_col --score-column double_col --json "gate-$input.json" \
    <"$plain"
done
expect "metric-gate: the same metrics from stdin as from the path" same_json gate-path.json gate-stdin.json "$plain"

# ---- encrypted Parquet on stdin: refused as the file is, by every tool that reads stdin --------
# uniform_encryption starts "PARE" 2d 00 00 00 (an encrypted module's length, no page header) and
# external_key_material_java "PARE" 80 00 00 00: both were once read as CSV from a stream.
printf 'columns:\n  a: {type: integer}\n' >enc-contract.yaml
for name in uniform_encryption external_key_material_java encrypt_columns_plaintext_footer; do
  enc=$data/testing/$name.parquet.encrypted
  run 3 "enc-check-$name.out" "$tools/data-validate" check - -c enc-contract.yaml <"$enc"
  run 3 "enc-infer-$name.out" "$tools/data-validate" infer - <"$enc"
  run 3 "enc-profile-$name.out" "$tools/drift-check" profile - -o enc.json <"$enc"
  run 3 "enc-ref-$name.out" "$tools/drift-check" compare -r - -c "$plain" <"$enc"
  run 3 "enc-cur-$name.out" "$tools/drift-check" compare -r "$plain" -c - <"$enc"
  run 3 "enc-gate-$name.out" "$tools/metric-gate" check --rules gate.yaml --predictions - \
    --task regression --label-column a --score-column b <"$enc"
  for out in check infer profile ref cur gate; do
    expect "$name on stdin, $out: refused as encrypted, naming <stdin>" grep -qF \
      "<stdin>: is an encrypted Parquet file" "enc-$out-$name.out.err"
  done
done
# A CSV whose header starts with the magic's letters stays CSV on stdin.
printf 'PARENT,age\nann,41\nbob,7\n' >parent.csv
run 0 parent.out "$tools/data-validate" infer - <parent.csv
expect "a PARENT header on stdin is read as CSV" grep -q '^  PARENT:' parent.out
printf 'PAR1x,y\n1,2\n' >par1x.csv
run 0 par1x.out "$tools/drift-check" profile - -o par1x.json <par1x.csv
expect "a PAR1x header on stdin is read as CSV" jq -e '[.columns[].name] == ["PAR1x", "y"]' \
  par1x.json >/dev/null

# ---- a Parquet file without rows: every tool exits as for a CSV header without records -------
# lists-empty.parquet: columns id, l (a list, left out) and s.k, no row group with rows.
empty_pq=$data/duckdb/nested/lists-empty.parquet
printf 'id,s.k\n' >empty.csv
printf 'columns:\n  id: {type: integer}\n' >empty-contract.yaml
printf 'metrics:\n  mae: {max: 1}\n' >empty-gate.yaml
for input in "$empty_pq" empty.csv; do
  kind=$([ "$input" = empty.csv ] && echo csv || echo parquet)
  run 3 "empty-check-$kind.out" "$tools/data-validate" check "$input" -c empty-contract.yaml
  run 0 "empty-infer-$kind.out" "$tools/data-validate" infer "$input"
  run 0 "empty-profile-$kind.out" "$tools/drift-check" profile "$input" -o "empty-$kind.json"
  run 3 "empty-compare-$kind.out" "$tools/drift-check" compare -r "$input" -c "$input"
  run 3 "empty-gate-$kind.out" "$tools/metric-gate" check --rules empty-gate.yaml \
    --predictions "$input" --task regression --label-column id --score-column id
done
for out in check compare gate; do
  expect "an empty Parquet file, $out: the CSV's message but for the name" \
    diff <(sed "s|$empty_pq|INPUT|" "empty-$out-parquet.out.err") \
    <(sed "s|empty.csv|INPUT|" "empty-$out-csv.out.err")
done
expect "an empty Parquet file profiles to 0 rows of id and s.k" \
  jq -e '.rows == 0 and ([.columns[].name] == ["id", "s.k"])' empty-parquet.json >/dev/null

# ---- no temporary directory: exit 3, naming it --------------------------------------------------
run 3 notmp.out env TMPDIR="$work/missing" "$tools/data-validate" check - -c contract.yaml <"$structs"
expect "no TMPDIR: the message names the directory" grep -qF \
  "<stdin>: Parquet is read from a temporary copy of a stream, and none can be made in $work/missing" \
  notmp.out.err
# CSV on stdin needs no copy.
printf 'a\n1\n' >small.csv
run 0 csv.out env TMPDIR="$work/missing" "$tools/data-validate" infer - <small.csv

checks_done
