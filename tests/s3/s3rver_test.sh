#!/usr/bin/env bash
# Every tool reading s3:// objects from a real S3-compatible server: npm's s3rver (pinned in
# tests/s3/package.json, installed here with `npm ci` into tests/s3/node_modules when missing),
# started on 127.0.0.1 and stopped on exit. The objects are uploaded with curl's own SigV4
# (--aws-sigv4); each tool's report on an object equals its report on the local file. s3rver
# does not check signatures reliably, so signing is tested in tests/net/sigv4_test.cpp; the
# error shapes of S3 (403, 404, 503 SlowDown, truncated answers) in tests/io/remote_test.cpp.
# Without npm the test is skipped (exit 77, shown as skipped by ctest) with a message.
# Usage: s3rver_test.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: s3rver_test.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tools=$build/tools
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  echo "s3rver_test: SKIPPED: node/npm not found (scripts/install-deps.sh installs them)" >&2
  exit 77
fi
[[ -x $here/node_modules/.bin/s3rver ]] || npm ci --prefix "$here" --silent --no-audit --no-fund
work=$(mktemp -d /tmp/s3rver-test.XXXXXX)
pid=
cleanup() {
  if [[ -n $pid ]]; then kill "$pid" 2>/dev/null || true; fi
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() {
  echo "s3rver_test: error: $*" >&2
  [[ -f $work/s3rver.log ]] && tail -n 20 "$work/s3rver.log" >&2
  exit 1
}

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
endpoint=http://127.0.0.1:$port
mkdir -p "$work/data" "$work/home"
node "$here/node_modules/.bin/s3rver" -d "$work/data" -a 127.0.0.1 -p "$port" \
  --configure-bucket ml-data >"$work/s3rver.log" 2>&1 &
pid=$!
# Wait for it to answer as long as it is alive (a slow or busy machine may take seconds to
# start node); give up only when it has exited or after two minutes.
for _ in $(seq 1200); do
  curl -s -o /dev/null "$endpoint/" && break
  kill -0 "$pid" 2>/dev/null || fail "s3rver exited before it answered"
  sleep 0.1
done
curl -s -o /dev/null "$endpoint/" || fail "s3rver did not answer within two minutes"

# s3rver's default key pair; HOME elsewhere so that no ~/.aws of this machine counts.
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER AWS_REGION=us-east-1
export AWS_ENDPOINT_URL_S3=$endpoint HOME=$work/home
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_SHARED_CREDENTIALS_FILE AWS_CONFIG_FILE

put() {  # put LOCAL_FILE KEY (S3 wants x-amz-content-sha256; curl signs it when given)
  curl -sSf --aws-sigv4 "aws:amz:us-east-1:s3" --user "S3RVER:S3RVER" -T "$1" \
    -H "x-amz-content-sha256: UNSIGNED-PAYLOAD" \
    "$endpoint/ml-data/$2" -o /dev/null || fail "cannot upload $2"
}
put "$root/examples/seattle-weather.csv" weather/seattle-weather.csv
head -n 700 "$root/examples/seattle-weather.csv" >"$work/part-1.csv"
{ head -n 1 "$root/examples/seattle-weather.csv"; tail -n +701 "$root/examples/seattle-weather.csv"; } \
  >"$work/part-2.csv"
put "$work/part-1.csv" "weather/parts/part-1.csv"
put "$work/part-2.csv" "weather/parts/part-2.csv"
put "$work/part-2.csv" "weather/parts/nested/part-3.csv"
put "$root/examples/drift/reference.csv" drift/reference.csv
put "$root/examples/drift/current-summer-2015.csv" drift/current.csv
put "$root/examples/model/candidate-predictions.csv" model/predictions.csv
put "$root/tests/data/parquet/duckdb/snappy.parquet" parquet/snappy.parquet

# The same run on an object and on the local file: same exit code, same JSON report once the
# names are the same.
same() {  # same NAME EXIT REMOTE_NAME LOCAL_NAME COMMAND... (@ where the data path goes)
  local name=$1 expected=$2 remote=$3 local_path=$4
  shift 4
  local args=() status_r=0 status_l=0
  for a in "$@"; do args+=("${a//@/$remote}"); done
  "${args[@]}" >"$work/$name.remote.json" 2>"$work/$name.remote.err" || status_r=$?
  args=()
  for a in "$@"; do args+=("${a//@/$local_path}"); done
  "${args[@]}" >"$work/$name.local.json" 2>"$work/$name.local.err" || status_l=$?
  [[ $status_r -eq $expected && $status_l -eq $expected ]] ||
    fail "$name: exit $status_r on the object, $status_l on the file, expected $expected:" \
      "$(cat "$work/$name.remote.err" "$work/$name.local.err")"
  # Names, and the time a run took, are all that may differ.
  local names="s#$remote#DATA#g; s#$local_path#DATA#g; s#\"seconds\": [0-9.e-]*#\"seconds\": T#"
  sed "$names" "$work/$name.remote.json" >"$work/$name.r"
  sed "$names" "$work/$name.local.json" >"$work/$name.l"
  diff -u "$work/$name.l" "$work/$name.r" >&2 || fail "$name: the reports differ"
  echo "ok: $name (exit $status_r)"
}

contract=$root/examples/weather-contract.yaml
same validate 0 s3://ml-data/weather/seattle-weather.csv "$root/examples/seattle-weather.csv" \
  "$tools/data-validate" check @ --contract "$contract" --json - --as-of 2024-01-01T00:00:00Z
same infer-parquet 0 s3://ml-data/parquet/snappy.parquet "$root/tests/data/parquet/duckdb/snappy.parquet" \
  "$tools/data-validate" infer @
same drift 1 s3://ml-data/drift/current.csv "$root/examples/drift/current-summer-2015.csv" \
  "$tools/drift-check" compare -r "$root/examples/drift/reference.csv" -c @ \
  --config "$root/examples/drift/drift.yaml" --json -
same gate 0 s3://ml-data/model/predictions.csv "$root/examples/model/candidate-predictions.csv" \
  "$tools/metric-gate" check --rules "$root/examples/model/gate.yaml" --predictions @ \
  --baseline-metrics "$root/examples/model/champion-metrics.json" --baseline-prefix test. --json -

# A pattern: the two part files of the prefix (not the nested one), as one dataset.
status=0
"$tools/data-validate" check 's3://ml-data/weather/parts/part-*.csv' --contract "$contract" \
  --json - --as-of 2024-01-01T00:00:00Z >"$work/parts.json" 2>"$work/parts.err" || status=$?
[[ $status -eq 0 ]] || fail "the pattern: exit $status: $(cat "$work/parts.err")"
for part in part-1 part-2; do
  grep -q "\"s3://ml-data/weather/parts/$part.csv\"" "$work/parts.json" ||
    fail "the pattern's report does not name $part"
done
! grep -q 'nested' "$work/parts.json" || fail "'*' matched across '/'"
echo "ok: pattern"

# A missing key: exit 3 naming the object and S3's code; no secret anywhere.
status=0
"$tools/data-validate" check s3://ml-data/weather/missing.csv --contract "$contract" \
  >"$work/missing.out" 2>"$work/missing.err" || status=$?
[[ $status -eq 3 ]] || fail "a missing key: exit $status, expected 3"
grep -q 's3://ml-data/weather/missing.csv: HTTP 404 NoSuchKey' "$work/missing.err" ||
  fail "a missing key: $(cat "$work/missing.err")"
echo "ok: missing key"
# A drift-check profile in a bucket is refused, not read as a one-row JSON table.
"$tools/drift-check" profile "$root/examples/drift/reference.csv" -o "$work/ref.profile.json" -q
put "$work/ref.profile.json" drift/ref.profile.json
status=0
"$tools/drift-check" compare -r s3://ml-data/drift/ref.profile.json -c "$root/examples/drift/reference.csv" \
  >"$work/profile.out" 2>"$work/profile.err" || status=$?
if [[ $status -ne 3 ]] || ! grep -q 'is a drift-check profile' "$work/profile.err"; then
  fail "a profile object: exit $status: $(cat "$work/profile.err")"
fi
echo "ok: profile object refused"
# A Parquet object of several row groups is read in pieces on the scan's threads: DuckDB (npm,
# bench/duckdb) writes 2,000,000 rows in row groups of 122,880 (about 48 MiB decompressed, so
# that the tools' 16 MiB pieces split it); --threads 2 gives the reports of --threads 1, and of
# the local file. Without DuckDB (npm cannot install it) this part is skipped with a message.
duck=$root/bench/duckdb
if [[ -d $duck/node_modules/@duckdb/node-api ]] ||
  npm ci --prefix "$duck" --silent --no-audit --no-fund >"$work/npm-duckdb.err" 2>&1; then
  groups=$work/groups.parquet
  (cd "$duck" && node --input-type=module -e "
    import { DuckDBInstance } from '@duckdb/node-api';
    const db = await (await DuckDBInstance.create(':memory:')).connect();
    await db.run(\"COPY (SELECT i::BIGINT AS id, (hash(i) % 1000003)::DOUBLE / 7 AS x, \" +
      \"(hash(i + 7) % 999983)::DOUBLE / 3 AS y, 'c' || (i % 7)::VARCHAR AS s \" +
      \"FROM range(2000000) t(i) ORDER BY i) TO '$groups' \" +
      \"(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)\");
  ") || fail "DuckDB could not write $groups"
  put "$groups" parquet/groups.parquet
  "$tools/data-validate" infer "$groups" -o "$work/groups-contract.yaml" ||
    fail "cannot infer a contract from $groups"
  for threads in 1 2; do
    same "pieces-validate-$threads" 0 s3://ml-data/parquet/groups.parquet "$groups" \
      "$tools/data-validate" check @ --contract "$work/groups-contract.yaml" --json - \
      --as-of 2024-01-01T00:00:00Z --threads "$threads"
    # drift-check reads both sides at once, each with half the threads.
    same "pieces-drift-$((threads * 2))" 0 s3://ml-data/parquet/groups.parquet "$groups" \
      "$tools/drift-check" compare -r "$groups" -c @ --json - --threads "$((threads * 2))"
  done
  grep -q '"shards": 2' "$work/pieces-validate-2.remote.json" ||
    fail "the object was not read in two pieces: $(grep shards "$work/pieces-validate-2.remote.json")"
  sed 's#"shards": [0-9]*#"shards": N#' "$work/pieces-validate-1.r" >"$work/pieces-1"
  sed 's#"shards": [0-9]*#"shards": N#' "$work/pieces-validate-2.r" >"$work/pieces-2"
  diff -u "$work/pieces-1" "$work/pieces-2" >&2 || fail "--threads 2 and --threads 1 differ"
  diff -u "$work/pieces-drift-2.r" "$work/pieces-drift-4.r" >&2 ||
    fail "drift-check: --threads 4 and --threads 2 differ"
  echo "ok: a Parquet object in pieces"
else
  echo "s3rver_test: Parquet pieces SKIPPED: npm could not install DuckDB ($(tail -n 1 "$work/npm-duckdb.err"))" >&2
fi

if grep -rq "S3RVER:" "$work"/*.err "$work"/*.out "$work"/*.json 2>/dev/null; then
  fail "the secret key appears in an output"
fi
echo "s3rver_test: all passed"
