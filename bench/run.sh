#!/usr/bin/env bash
# The performance table of issue 19: each work item's time and peak RSS for this project, the awk
# baseline and (where one exists) the peer a user runs today (pandas+SciPy, pandas,
# pandas+scikit-learn: ../shared/peers), all measured in the same run on the same files, with the
# ratios, and the machine's memory bandwidth as the floor.
#
#   bench/run.sh [--quick] [--runs N] [--no-peers] [--no-parquet] [--no-build] [--bin DIR]
#   bench/run.sh --check [--full] [--runs N]   regression guard (CI): awk ratios vs bench/expected.json
#   bench/run.sh --record [--quick]            write this run's awk ratios into bench/expected.json
#
# Sizes (full | --quick):
#   flights: flights2m, each side of bench/data/flights (the peers' data/flights) repeated 20 times as the peers'
#            make_flights2m.sh (2M rows x 5 columns, ~64 MB a side) | the same
#   predictions: mlops-gen --format predictions, 10M rows (110 MB) | 4M rows
#   reader: mlops-gen 10-column CSV, 2M rows (166 MB) | the same
#   Parquet (issue 20): the flights reference side and the reader table written by DuckDB
#            (bench/duckdb, from npm) with snappy and zstd, read by data-validate, drift-check
#            profile and read-bench next to the same table as CSV; the reports must be the CSV's
#            (the run stops with exit 3 when one differs)
# Every figure is the median of N rounds (default 5; 9 for --check and --record); a round runs
# every contender of every item once, in turn (interleaved), on a warm page cache. Wall and CPU
# time from bash's time, peak RSS from GNU time.
# Peers run only in a full run, with /usr/bin/python3 and PYTHONPATH from the peers'
# python-env.sh (it apt-installs pandas and unpacks SciPy/scikit-learn privately; see its README);
# --check never runs them: it compares the ratios awk time / this project's time only, and fails
# (exit 1) when one is worse than bench/expected.json's by more than 25%, in wall-clock time and
# (where measured: not for start-up) in CPU time as well, in two measurements in a row (a
# failing check measures everything once more, and that second measurement decides).
# Without node, or when npm cannot install DuckDB (bench/duckdb/package.json; offline), the
# Parquet items are skipped with a message saying why, in --check as well: the guard then
# checks the CSV items only and says "parquet: not measured" (its job is to catch a slower
# reader, not a missing download); --no-parquet skips them on purpose.
# Environment: MLOPS_SHARED (default ../shared beside the repository), MLOPS_BENCH_TOLERANCE
# (default 0.25).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
args=("$@")

quick=false
full_given=false
runs=""
peers=auto
parquet=auto why="--no-parquet"
build=true
check=false
record=false
bin=build/release
usage() {
  echo "usage: bench/run.sh [--quick|--full] [--runs N] [--no-peers] [--no-parquet] [--no-build] [--bin DIR] [--check|--record]" >&2
  exit 2
}
while [[ $# -gt 0 ]]; do
  case $1 in
    --quick) quick=true ;;
    --full) full_given=true ;;
    --runs) [[ $# -ge 2 && $2 =~ ^[1-9][0-9]*$ ]] || usage; runs=$2; shift ;;
    --no-peers) peers=no ;;
    --no-parquet) parquet=no ;;
    --no-build) build=false ;;
    --bin) [[ $# -ge 2 ]] || usage; bin=$2; shift ;;
    --check) check=true ;;
    --record) record=true ;;
    -h | --help) sed -n '2,/^set -e/{/^set -e/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
    *) usage ;;
  esac
  shift
done
# The check runs the quick sizes unless --full is given.
if $check && ! $full_given; then quick=true; fi
if $full_given; then quick=false; fi
if $check || $record || $quick; then peers=no; fi
# The guard takes more rounds by default: its sizes are small, and a median of 9 holds still.
if $check || $record; then runs=${runs:-9}; else runs=${runs:-5}; fi
mode=$($quick && echo quick || echo full)
tolerance=${MLOPS_BENCH_TOLERANCE:-0.25}
shared=${MLOPS_SHARED:-$repo/../shared}
peer_dir=$shared/peers

tools=(data-validate metric-gate image-tag canary-eval drift-check mlops-attest)
if $build; then
  cmake --preset release >/dev/null
  cmake --build --preset release --target mlops-gen read-bench membw "${tools[@]}" >/dev/null
fi
for f in bench/mlops-gen bench/read-bench bench/membw; do
  [[ -x $bin/$f ]] || { echo "bench: error: $bin/$f is missing, build the release preset (or drop --no-build)" >&2; exit 2; }
done
if [[ $peers == auto && ! -f $peer_dir/python-env.sh ]]; then
  peers=no
  echo "bench: peers skipped: no $peer_dir/python-env.sh (set MLOPS_SHARED to the shared folder)" >&2
fi
command -v /usr/bin/time >/dev/null || { echo "bench: error: GNU time is missing, apt-get install time" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/mlops-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Peers: only when their Python can be had (python-env.sh installs it as root).
python_path=""
if [[ $peers == auto ]]; then
  if python_path=$(bash "$peer_dir/python-env.sh" 2>"$work/python-env.err"); then
    peers=yes
  else
    peers=no
    echo "bench: peers skipped: $peer_dir/python-env.sh failed: $(tail -n 1 "$work/python-env.err")" >&2
  fi
fi
peer() { env PYTHONPATH="$python_path" /usr/bin/python3 "$@"; }

# ---- data (the same files for every contender) ----
flights=$work/flights
# flights2m as the peers' make_flights2m.sh makes it, from the bundled copy (bench/data/README.md).
mkdir -p "$flights"
for side in reference current; do
  gzip -dc "bench/data/flights/$side.csv.gz" >"$work/$side.one"
  { head -n 1 "$work/$side.one"; for _ in $(seq 20); do tail -n +2 "$work/$side.one"; done; } >"$flights/$side.csv"
  rm "$work/$side.one"
done
reader_rows=2000000
if $quick; then pred_rows=4000000; else pred_rows=10000000; fi
ref=$flights/reference.csv cur=$flights/current.csv
preds=$work/predictions.csv table=$work/table.csv
"$bin/bench/mlops-gen" --rows "$pred_rows" --seed 42 --format predictions -o "$preds"
"$bin/bench/mlops-gen" --rows "$reader_rows" --seed 42 -o "$table"
printf 'metrics:\n  roc_auc: {min: 0.5}\n  accuracy: {min: 0.5}\n' >"$work/gate.yaml"
contract=bench/data/flights-contract.yaml
cat "$ref" "$cur" "$preds" "$table" >/dev/null  # warm the page cache for every contender
rows() { awk 'END {print NR - 1}' "$1"; }

# ---- Parquet (issue 20): the same tables written by DuckDB ----
duck=bench/duckdb
if [[ $parquet == auto ]]; then
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    parquet=no why="node and npm are not installed"
  elif [[ ! -d $duck/node_modules/@duckdb/node-api ]] &&
    ! npm ci --prefix "$duck" --silent --no-audit --no-fund >"$work/npm.err" 2>&1; then
    parquet=no why="npm could not install DuckDB ($(tail -n 1 "$work/npm.err"))"
  else
    parquet=yes
  fi
  [[ $parquet == yes ]] || echo "bench: Parquet items skipped: $why" >&2
fi
pq_ref=$work/reference pq_table=$work/table
if [[ $parquet == yes ]]; then
  flights_types='{"date":"VARCHAR","delay":"BIGINT","distance":"BIGINT","origin":"VARCHAR","destination":"VARCHAR"}'
  table_types='{"id":"BIGINT","amount":"DOUBLE","score":"DOUBLE","age":"BIGINT","category":"VARCHAR","is_active":"BOOLEAN","event_time":"TIMESTAMPTZ","event_date":"DATE","comment":"VARCHAR","label":"BIGINT"}'
  for codec in snappy zstd; do
    node "$duck/to_parquet.mjs" "$ref" "$pq_ref.$codec.parquet" "$codec" "$flights_types"
  done
  node "$duck/to_parquet.mjs" "$table" "$pq_table.snappy.parquet" snappy "$table_types"
fi
mb() { awk -v s="$(stat -c %s "$@" | awk '{t += $1} END {print t}')" 'BEGIN {printf "%.0f MB", s / 1e6}'; }

# ---- measuring ----
samples=$work/samples
: >"$samples"
# sample KEY CMD...: runs CMD once (exit 0 or 1, a gate's pass or fail), appends "KEY seconds rss_MB".
# Wall and CPU time from bash's time (ms resolution; GNU time prints CPU time to 10 ms, too coarse
# for the smaller items), peak RSS from GNU time.
sample() {
  local key=$1 rc=0 TIMEFORMAT='%3R %3U %3S'
  shift
  { time /usr/bin/time -f "%M" -o "$work/rss" "$@" >/dev/null 2>"$work/stderr" || rc=$?; } 2>"$work/times"
  if [[ $rc -gt 1 ]]; then
    echo "bench: error: $key exited $rc: $*" >&2
    cat "$work/stderr" >&2
    exit 3
  fi
  awk -v k="$key" -v r="$(tail -n 1 "$work/rss")" \
    '{printf "%s %.3f %.1f %.3f\n", k, $1, r / 1024, $2 + $3}' "$work/times" >>"$samples"
}
# startup KEY CMD...: the best wall time of 21 runs of CMD (start-up is a few ms of fixed work:
# anything else on the machine only adds to it, so the minimum is the stable figure), and the
# peak RSS of one more.
startup() {
  local key=$1 start end i
  shift
  : >"$work/startup"
  for ((i = 0; i < 21; i++)); do
    start=$EPOCHREALTIME
    "$@" >/dev/null
    end=$EPOCHREALTIME
    echo "$start $end" >>"$work/startup"
  done
  /usr/bin/time -f "%M" -o "$work/rss" "$@" >/dev/null
  awk '{print $2 - $1}' "$work/startup" | sort -g | head -n 1 |
    awk -v k="$key" -v r="$(tail -n 1 "$work/rss")" '{printf "%s %.6f %.1f\n", k, $1, r / 1024}' >>"$samples"
}
dc=$bin/tools/drift-check
profile_both() {  # the profile pipeline: profile each side, compare the two profiles
  "$dc" profile "$ref" -o "$work/ref.profile.json" -q && "$dc" profile "$cur" -o "$work/cur.profile.json" -q &&
    { "$dc" compare -r "$work/ref.profile.json" -c "$work/cur.profile.json" -q || [[ $? -eq 1 ]]; }
}
export -f profile_both
export dc ref cur work

# The Parquet tables must give the CSV's reports (data-validate: every check, its counts and
# examples, a CSV line being the row number + 1 for the header; drift-check profile: every
# figure but the source's name and bytes).
same_reports() {
  local codec=$1 pq=$pq_ref.$1.parquet
  # shellcheck disable=SC2016  # jq's variables, not the shell's
  local norm='{valid, rows, summary, checks: [.checks[] | (.examples // []) as $e |
    del(.examples) + {examples: [$e[] | del(.file) | .line -= $d]}]}'
  "$bin/tools/data-validate" check "$ref" -c "$contract" -q --json "$work/v.csv.json" || [[ $? -eq 1 ]]
  "$bin/tools/data-validate" check "$pq" -c "$contract" -q --json "$work/v.pq.json" --threads 2 || [[ $? -eq 1 ]]
  if ! cmp -s <(jq --argjson d 1 "$norm" "$work/v.csv.json") <(jq --argjson d 0 "$norm" "$work/v.pq.json"); then
    echo "bench: error: data-validate's report on the $codec Parquet table differs from the CSV's" >&2
    diff <(jq --argjson d 1 "$norm" "$work/v.csv.json") <(jq --argjson d 0 "$norm" "$work/v.pq.json") | head -n 20 >&2
    exit 3
  fi
  "$dc" profile "$ref" -o "$work/p.csv.json" -q
  "$dc" profile "$pq" -o "$work/p.pq.json" -q
  if ! cmp -s <(jq 'del(.sources, .bytes)' "$work/p.csv.json") <(jq 'del(.sources, .bytes)' "$work/p.pq.json"); then
    echo "bench: error: drift-check's profile of the $codec Parquet table differs from the CSV's" >&2
    exit 3
  fi
}
if [[ $parquet == yes ]]; then
  command -v jq >/dev/null || { echo "bench: error: jq is needed to compare the Parquet reports, apt-get install jq" >&2; exit 2; }
  for codec in snappy zstd; do same_reports "$codec"; done
fi

for ((round = 1; round <= runs; round++)); do
  echo "round $round of $runs ($mode)" >&2
  # shellcheck disable=SC2016  # awk's fields, not the shell's
  sample awk.flights2 awk -F, '{s += $2} END {print s}' "$ref" "$cur"
  sample drift.t1 "$dc" compare -r "$ref" -c "$cur" -q --threads 1
  sample drift.t2 "$dc" compare -r "$ref" -c "$cur" -q --threads 2
  sample drift.profile bash -c profile_both
  if [[ $peers == yes ]]; then
    sample peer.drift env "PYTHONPATH=$python_path" /usr/bin/python3 "$peer_dir/pandas_drift.py" "$ref" "$cur" --exclude date -o "$work/peer.json"
  fi
  # shellcheck disable=SC2016
  sample awk.flights1 awk -F, '{s += $2} END {print s}' "$ref"
  sample validate.t1 "$bin/tools/data-validate" check "$ref" -c "$contract" -q --threads 1
  sample validate.t2 "$bin/tools/data-validate" check "$ref" -c "$contract" -q --threads 2
  sample profile.csv "$dc" profile "$ref" -o "$work/p.json" -q
  if [[ $parquet == yes ]]; then
    for codec in snappy zstd; do
      sample "validate.pq.$codec" "$bin/tools/data-validate" check "$pq_ref.$codec.parquet" -c "$contract" -q --threads 1
      sample "profile.pq.$codec" "$dc" profile "$pq_ref.$codec.parquet" -o "$work/p.json" -q
    done
    sample validate.pq.t2 "$bin/tools/data-validate" check "$pq_ref.snappy.parquet" -c "$contract" -q --threads 2
  fi
  if [[ $peers == yes ]]; then
    sample peer.validate env "PYTHONPATH=$python_path" /usr/bin/python3 "$peer_dir/pandas_validate.py" "$ref" "$peer_dir/specs/flights-validate.json" -o "$work/peer.json"
  fi
  # shellcheck disable=SC2016
  sample awk.gate awk -F, 'NR > 1 {n++; c += (($2 >= 0.5) == $1)} END {print c / n}' "$preds"
  sample gate "$bin/tools/metric-gate" check --rules "$work/gate.yaml" --predictions "$preds" -q
  if [[ $peers == yes ]]; then
    sample peer.gate env "PYTHONPATH=$python_path" /usr/bin/python3 "$peer_dir/sklearn_metrics.py" "$preds" -o "$work/peer.json"
  fi
  # shellcheck disable=SC2016
  sample awk.reader awk -F, '{s += $2} END {print s}' "$table"
  # The machine's parallel capacity: the same awk twice at once (2 free cores: as long as one).
  # shellcheck disable=SC2016
  sample awk.pair bash -c 'awk -F, "{s += \$2} END {print s}" "$1" >/dev/null & awk -F, "{s += \$2} END {print s}" "$1" >/dev/null; wait' _ "$table"
  sample reader "$bin/bench/read-bench" "$table" --threads 1
  sample reader.t2 "$bin/bench/read-bench" "$table" --threads 2
  if [[ $parquet == yes ]]; then
    sample reader.pq "$bin/bench/read-bench" "$pq_table.snappy.parquet" --threads 1
    sample reader.pq.t2 "$bin/bench/read-bench" "$pq_table.snappy.parquet" --threads 2
  fi
  startup awk.startup awk 'BEGIN {}'
  for t in "${tools[@]}"; do startup "startup.$t" "$bin/tools/$t" --version; done
done

# The floor: memcpy bandwidth and a plain read(2) of each (cached) input.
"$bin/bench/membw" "$ref" "$cur" "$preds" "$table" >"$work/membw"
floor() {  # floor FILE...: seconds a read(2) of FILEs takes at the measured rate
  local f total=0
  for f in "$@"; do
    total=$(awk -v t="$total" -v s="$(stat -c %s "$f")" -v f="$f" '$1 == "read_gbs" && $2 == f {t += s / ($3 * 1e9)} END {print t}' "$work/membw")
  done
  echo "$total"
}

# median KEY: "seconds rss_MB cpu_seconds" (the median of each over the rounds; no CPU time for
# start-up).
median_of() {  # median_of KEY FIELD
  awk -v k="$1" -v f="$2" '$1 == k && NF >= f {print $f}' "$samples" | sort -g |
    awk '{v[NR] = $1} END {if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2)}'
}
median() { echo "$(median_of "$1" 2) $(median_of "$1" 3) $(median_of "$1" 4)"; }

# ---- the table ----
ratios=$work/ratios
: >"$ratios"
fmt_t() { awk -v t="$1" 'BEGIN {if (t == "") print "—"; else if (t < 0.1) printf "%.1f ms", t * 1000; else printf "%.2f s", t}'; }
fmt_r() { awk -v r="$1" 'BEGIN {if (r == "") print "—"; else printf "%.0f MB", r}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "" || b == "" || b <= 0) print ""; else printf "%.3f", a / b}'; }
fmt_x() { awk -v x="$1" 'BEGIN {if (x == "") print "—"; else printf "%.2f×", x}'; }
row() {  # row KEY LABEL AWK_KEY PEER_KEY PEER_NAME FLOOR_SECONDS
  local t r c at ac pt pr ax cx px cpu="" awk_cpu="" cpu_x=""
  read -r t r c < <(median "$1")
  if [[ -n $c ]]; then cpu=" (CPU $(fmt_t "$c"))"; fi
  read -r at _ ac < <(median "$3")
  if [[ -n $ac ]]; then awk_cpu=" (CPU $(fmt_t "$ac"))"; fi
  pt="" pr=""
  if [[ -n $4 ]]; then read -r pt pr < <(median "$4"); fi
  ax=$(ratio "$at" "$t")
  cx=$(ratio "$ac" "$c")
  if [[ -n $cx ]]; then cpu_x=" (CPU $(fmt_x "$cx"))"; fi
  px=$(ratio "$pt" "$t")
  echo "$1 $ax ${cx:--}" >>"$ratios"
  local peer_text="—"
  if [[ -n $pt ]]; then peer_text="$5 $(fmt_t "$pt"), $(fmt_r "$pr")"; fi
  printf '| %s | %s%s, %s | %s%s | %s%s | %s | %s | %s |\n' "$2" "$(fmt_t "$t")" "$cpu" "$(fmt_r "$r")" \
    "$(fmt_t "$at")" "$awk_cpu" "$(fmt_x "$ax")" "$cpu_x" "$peer_text" "$(fmt_x "$px")" "$(fmt_t "$6")"
}

commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
echo
echo "bench/run.sh ($mode, median of $runs interleaved rounds), $(date -u +%Y-%m-%d), commit $commit"
echo "machine: $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "awk: $(readlink -f "$(command -v awk)"); peers: $([[ $peers == yes ]] && echo "pandas $(peer -c 'import pandas, scipy, sklearn; print(pandas.__version__ + ", SciPy " + scipy.__version__ + ", scikit-learn " + sklearn.__version__)')" || echo "not run")"
echo "floor: memcpy $(awk '$1 == "memcpy_gbs" {print $2}' "$work/membw") GB/s; read(2) of a cached file $(awk '$1 == "read_gbs" {printf "%s%s", s, $3; s = " / "}' "$work/membw") GB/s (flights reference, current, predictions, reader CSV)"
echo
f1=$(rows "$ref") f2=$(rows "$cur")
echo "| work | this project: time (CPU), peak RSS | awk: time (CPU) | awk / this: time (CPU) | peer: time, peak RSS | peer / this | floor (read the input) |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
fl=$(floor "$ref" "$cur")
row drift.t1 "drift compare, flights $f1 + $f2 rows × 5 cols ($(mb "$ref" "$cur")), default preset, 1 thread" awk.flights2 peer.drift "pandas+SciPy" "$fl"
row drift.t2 "same, 2 threads" awk.flights2 peer.drift "pandas+SciPy" "$fl"
row drift.profile "same, profile both + compare" awk.flights2 peer.drift "pandas+SciPy" "$fl"
fl=$(floor "$ref")
row validate.t1 "data-validate, flights reference ($(mb "$ref")), unique key, 1 thread" awk.flights1 peer.validate pandas "$fl"
row validate.t2 "same, 2 threads" awk.flights1 peer.validate pandas "$fl"
row gate "metric-gate, $pred_rows binary predictions ($(mb "$preds")), every binary metric" awk.gate peer.gate "pandas+scikit-learn" "$(floor "$preds")"
row reader "reader, $reader_rows × 10 CSV ($(mb "$table")), every field typed, 1 thread" awk.reader "" "" "$(floor "$table")"
row reader.t2 "same, 2 threads (io::Scan)" awk.reader "" "" "$(floor "$table")"
fl=$(floor "$ref")
row profile.csv "drift-check profile, flights reference ($(mb "$ref")), 1 thread" awk.flights1 "" "" "$fl"
if [[ $parquet == yes ]]; then
  for codec in snappy zstd; do
    row "validate.pq.$codec" "data-validate, flights reference as Parquet ($codec, $(mb "$pq_ref.$codec.parquet")), 1 thread" awk.flights1 "" "" "$fl"
  done
  row validate.pq.t2 "same (snappy), 2 threads (row groups)" awk.flights1 "" "" "$fl"
  for codec in snappy zstd; do
    row "profile.pq.$codec" "drift-check profile, flights reference as Parquet ($codec), 1 thread" awk.flights1 "" "" "$fl"
  done
  row reader.pq "reader, the same 10 columns as Parquet (snappy, $(mb "$pq_table.snappy.parquet")), 1 thread" awk.reader "" "" "$(floor "$table")"
  row reader.pq.t2 "same, 2 threads (row groups)" awk.reader "" "" "$(floor "$table")"
fi
for t in "${tools[@]}"; do
  row "startup.$t" "$t --version" awk.startup "" "" ""
done
scale() { awk -v a="$(median_of "$1" 2)" -v b="$(median_of "$2" 2)" 'BEGIN {if (a == "" || b == "" || b <= 0) print "—"; else printf "%.2f×", a / b}'; }
echo
echo "Two threads against one (wall time, t1 / t2): drift compare $(scale drift.t1 drift.t2), data-validate $(scale validate.t1 validate.t2), reader $(scale reader reader.t2)."
if [[ $parquet == yes ]]; then
  # rows/s on Parquet over rows/s on the CSV of the same rows = CSV time / Parquet time.
  echo "Parquet against CSV, rows per second (CSV time / Parquet time, wall; issue 20 asks for 2×):" \
    "data-validate snappy $(scale validate.t1 validate.pq.snappy), zstd $(scale validate.t1 validate.pq.zstd)," \
    "2 threads $(scale validate.t2 validate.pq.t2); drift-check profile snappy $(scale profile.csv profile.pq.snappy)," \
    "zstd $(scale profile.csv profile.pq.zstd); reader $(scale reader reader.pq), 2 threads $(scale reader.t2 reader.pq.t2)."
  echo "The reports on Parquet were checked equal to the CSV's before the rounds."
else
  echo "Parquet: not measured${why:+ ($why)}."
fi
echo "The machine's parallel capacity in the same run: two awks at once against one, 2 × t(one) / t(two at once) = $(awk -v a="$(median_of awk.reader 2)" -v b="$(median_of awk.pair 2)" 'BEGIN {if (b > 0) printf "%.2f×", 2 * a / b; else print "—"}') (2.00× on two free cores)."
echo
echo "awk baselines: drift: awk -F, '{s += \$2}' over both sides; data-validate: the same over the"
echo "reference side; metric-gate: awk computing accuracy alone; reader: awk summing one column;"
echo "--version: awk 'BEGIN {}' (each round's start-up time is the best of 21 runs)."
echo "Peers: pandas_drift.py --exclude date, pandas_validate.py specs/flights-validate.json,"
echo "sklearn_metrics.py (../shared/peers). Ratios > 1: this project is faster."

# ---- regression guard ----
expected=bench/expected.json
if $record; then
  command -v jq >/dev/null || { echo "bench: error: jq is needed to record, apt-get install jq" >&2; exit 2; }
  [[ -f $expected ]] || echo '{}' >"$expected"
  obj=$(awk '$2 != "" {printf "%s\"%s\": %s", s, $1, $2; s = ", "}' "$ratios")
  cpu_obj=$(awk '$3 != "-" {printf "%s\"%s\": %s", s, $1, $3; s = ", "}' "$ratios")
  jq --arg mode "$mode" --argjson ratios "{$obj}" --argjson cpu "{$cpu_obj}" \
    --arg note "$(date -u +%Y-%m-%d), commit $commit, $runs rounds, load average $(cut -d' ' -f1-3 /proc/loadavg)" \
    '.[$mode] = {recorded: $note, ratios: $ratios, cpu_ratios: $cpu}' "$expected" >"$work/expected.json"
  mv "$work/expected.json" "$expected"
  echo "bench: recorded the $mode ratios in $expected"
fi
if $check; then
  command -v jq >/dev/null || { echo "bench: error: jq is needed for --check, apt-get install jq" >&2; exit 2; }
  [[ -f $expected ]] || { echo "bench: error: no $expected, record one with bench/run.sh --record" >&2; exit 2; }
  echo
  echo "check: awk / this ratios against $expected ($mode, recorded $(jq -r --arg m "$mode" '.[$m].recorded // "never"' "$expected"))"
  echo "  a regression: the wall-clock ratio below (1 - $tolerance) × expected, and the CPU-time ratio too"
  echo "  where both have one (time spent waiting for a busy machine's CPUs is not the code's)"
  failed=0
  worse() { awk -v n="$1" -v w="$2" -v tol="$tolerance" 'BEGIN {exit !(n < w * (1 - tol))}'; }
  while read -r key now now_cpu; do
    want=$(jq -r --arg m "$mode" --arg k "$key" '.[$m].ratios[$k] // empty' "$expected")
    want_cpu=$(jq -r --arg m "$mode" --arg k "$key" '.[$m].cpu_ratios[$k] // empty' "$expected")
    if [[ -z $want ]]; then
      echo "  $key: $now (no expected figure)"
      continue
    fi
    text="$key: wall $now, expected $want"
    cpu_worse=true
    if [[ -n $want_cpu && $now_cpu != - ]]; then
      text="$text; CPU $now_cpu, expected $want_cpu"
      worse "$now_cpu" "$want_cpu" || cpu_worse=false
    fi
    if worse "$now" "$want" && $cpu_worse; then
      echo "  $text: REGRESSION (worse by more than $(awk -v t="$tolerance" 'BEGIN {print t * 100}')%)"
      failed=1
    else
      echo "  $text: ok"
    fi
  done <"$ratios"
  if [[ $failed -eq 0 ]]; then echo "check: no regression"; exit 0; fi
  if awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v n="$(nproc)" 'BEGIN {exit !(l > n)}'; then
    echo "check: warning: load average $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores: a busy machine slows" \
      "some of this project's work (data-validate, start-up) more than awk; re-run on a quiet machine before blaming the code"
  fi
  # A regression must show twice: one more measurement of everything, which decides.
  if [[ -z ${MLOPS_BENCH_CONFIRMING:-} ]]; then
    echo "check: measuring again to confirm"
    rm -rf "$work"  # exec skips the EXIT trap
    MLOPS_BENCH_CONFIRMING=1 exec bash "$0" "${args[@]}" --no-build
  fi
  echo "check: regression confirmed by a second measurement"
  exit 1
fi
