#!/usr/bin/env bash
# Reader throughput and memory, against awk on the same file in the same run.
#   bench/run.sh [ROWS]      (default 2,000,000 rows, ~165 MB; also runs a 4x larger file)
# Prints MB/s and peak RSS of read-bench (parses every field to its inferred type and counts
# nulls) and the time of `awk -F, '{s+=$2} END{print s}'`, best of 3 runs each, warm cache.
set -euo pipefail
cd "$(dirname "$0")/.."

rows=${1:-2000000}
bash scripts/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target mlops-gen read-bench >/dev/null
bin=build/release/bench
work=$(mktemp -d /tmp/mlops-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

best_of_3() {  # prints the smallest wall time in seconds of the command
  local best="" t
  for _ in 1 2 3; do
    local start end
    start=$(date +%s.%N)
    "$@" >/dev/null
    end=$(date +%s.%N)
    t=$(echo "$end - $start" | awk '{printf "%.3f", $1 - $3}')
    if [[ -z "$best" ]] || awk -v a="$t" -v b="$best" 'BEGIN{exit !(a < b)}'; then best=$t; fi
  done
  echo "$best"
}

echo "machine: $(nproc) cores, $(awk '/model name/{$1=$2=$3=""; print; exit}' /proc/cpuinfo | sed 's/^ *//')"
echo "awk: $(readlink -f "$(command -v awk)")"
for n in "$rows" $((rows * 4)); do
  csv="$work/bench_$n.csv"
  "$bin/mlops-gen" --rows "$n" --seed 42 -o "$csv"
  size=$(stat -c %s "$csv")
  cat "$csv" >/dev/null  # warm the page cache for both contenders
  line=$("$bin/read-bench" "$csv" | head -1)
  reader_s=$(best_of_3 "$bin/read-bench" "$csv")
  # shellcheck disable=SC2016  # awk's $2, not the shell's
  awk_s=$(best_of_3 awk -F, '{s+=$2} END{print s}' "$csv")
  rss=$(echo "$line" | sed -E 's/.*peak RSS ([0-9.]+) MB.*/\1/')
  awk -v n="$n" -v size="$size" -v r="$reader_s" -v a="$awk_s" -v rss="$rss" 'BEGIN {
    printf "rows=%d size=%.1fMB\n", n, size / 1e6
    printf "  read-bench (parse all 10 columns + nulls): %.3f s  %.0f MB/s  peak RSS %s MB\n", r, size / 1e6 / r, rss
    printf "  awk -F, sum of column 2:                   %.3f s  %.0f MB/s\n", a, size / 1e6 / a
    printf "  ratio awk/read-bench: %.2fx\n", a / r
  }'
done
