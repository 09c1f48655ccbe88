#!/usr/bin/env bash
# A real Prometheus on 127.0.0.1 with deterministic history, for the canary-eval integration
# tests (Debian package prometheus: prometheus and promtool).
#
#   prometheus_fixture.sh start SCENARIO WORKDIR
#       Generates the scenario's history (fixtures/gen_openmetrics.awk), backfills it into
#       WORKDIR/data with promtool, starts Prometheus on a free port with no scrape targets, waits
#       until it answers a query with data, and prints one line:
#           url=http://127.0.0.1:PORT start=UNIX end=UNIX
#       Prometheus keeps running after the script exits (pid in WORKDIR/prometheus.pid, log in
#       WORKDIR/prometheus.log). Use a fresh WORKDIR per scenario: a running server rewrites its
#       data directory.
#   prometheus_fixture.sh stop WORKDIR
#       Stops that Prometheus and waits until it has exited. Succeeds when none is running, so
#       it can sit in a trap.
#   prometheus_fixture.sh generate SCENARIO
#       The OpenMetrics text on stdout.
#
# SCENARIOS (details in fixtures/gen_openmetrics.awk). History: 60 min at 15 s from
# 1704067200 (2024-01-01T00:00:00Z). The printed window is [history start + 5 min, history end]:
# rate() over the first window of a series ramps up, and a query more than 5 min after the last
# sample returns nothing, so always query with this explicit start and end (step 15).
#   healthy    canary as baseline (1% errors, p50 ~0.07 s, p99 ~0.7 s)    -> promote
#   errors5x   canary error ratio 5% against 1%                          -> roll back
#   tail       canary p99 ~4.2 s against ~0.7 s, p50 the same            -> roll back (tail check)
#   notraffic  canary series exist but never count a request: the ratio and quantile queries
#              answer "NaN" at every step, the traffic query 0            -> inconclusive
#   absent     no canary series at all: every canary query is empty       -> inconclusive
# The baseline is byte-identical in every scenario.
#
# QUERIES for the canary config (GROUP is baseline or canary; each returns one series):
#   error ratio   sum(rate(http_requests_total{group="GROUP",code=~"5.."}[1m]))
#                   / sum(rate(http_requests_total{group="GROUP"}[1m]))
#   p50 latency   histogram_quantile(0.5, sum by (le) (rate(http_request_duration_seconds_bucket{group="GROUP"}[1m])))
#   p99 latency   histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{group="GROUP"}[1m])))
#   mean latency  sum(rate(http_request_duration_seconds_sum{group="GROUP"}[1m]))
#                   / sum(rate(http_request_duration_seconds_count{group="GROUP"}[1m]))
#   traffic       sum(rate(http_requests_total{group="GROUP"}[1m]))     (req/s, 8..12 when serving)
# Without the sum, rate(http_requests_total{group="GROUP",code="200"}[1m]) returns one series
# per pod (GROUP-0, GROUP-1): the case for aggregate: reject/sum/mean/concat.
# Measured on this data (Prometheus 2.42, the printed window, step 15; mean over the 221 steps):
#   error ratio   baseline 0.0095   canary: healthy 0.0091, errors5x 0.0494, tail 0.0091
#   p50           baseline 0.0714 s canary: healthy, errors5x and tail 0.0712 (the same draws)
#   p99           baseline 0.677 s  canary: healthy 0.677, errors5x 0.677, tail 4.11
#   mean latency  baseline 0.112 s  canary: healthy 0.112, tail 0.241
#   traffic       baseline 9.94/s   canary 9.93/s (notraffic: 0)
# Two-sided Mann-Whitney p, canary against baseline: healthy 0.64..0.87 on every metric above
# (0.77..0.98 at step 60); errors5x error ratio and tail p99 ~1e-73 (every canary value above
# every baseline value). Note: at step 15 a [1m] rate shares 3/4 of its requests with the next
# step, so a rank test sees about 4x more evidence than there is and calls small differences
# significant; the canary's random seed was picked so that the healthy canary stays clearly
# healthy at step 15 too. On live traffic prefer a step equal to the rate window.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
readonly history_start=1704067200         # first sample
readonly window_start=$((history_start + 300))
readonly window_end=$((history_start + 3600))  # last sample

die() {
  echo "prometheus_fixture: error: $*" >&2
  exit 1
}

usage() {
  echo "usage: prometheus_fixture.sh start SCENARIO WORKDIR | stop WORKDIR | generate SCENARIO" >&2
  exit 2
}

generate() {
  awk -v scenario="$1" -v start="$history_start" -f "$here/fixtures/gen_openmetrics.awk"
}

# True when something accepts connections on the port (bash's /dev/tcp, no extra tools).
port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# The pid in WORKDIR/prometheus.pid if it is still our Prometheus (the pid may have been reused).
running_pid() {
  local work=$1 pid
  [[ -f $work/prometheus.pid ]] || return 1
  pid=$(<"$work/prometheus.pid")
  [[ $pid =~ ^[0-9]+$ && -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "--storage.tsdb.path=$work/data" || return 1
  echo "$pid"
}

stop() {
  local work pid
  [[ -d $1 ]] || return 0
  work=$(cd "$1" && pwd)
  if pid=$(running_pid "$work"); then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  fi
  rm -f "$work/prometheus.pid"
}

# Starts Prometheus on `port`; prints its pid once it is ready and is ours. Returns 1 when the
# port turned out to be taken (try another), 2 on any other failure. (Runs in a subshell: the
# server outlives it.)
launch() {
  local work=$1 port=$2 pid answered=false
  prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
    --storage.tsdb.retention.time=3650d --web.listen-address="127.0.0.1:$port" \
    </dev/null >"$work/prometheus.log" 2>&1 &
  pid=$!
  for _ in $(seq 1200); do
    kill -0 "$pid" 2>/dev/null || break
    if curl -sf "http://127.0.0.1:$port/-/ready" >/dev/null 2>&1; then
      answered=true
      break
    fi
    sleep 0.05
  done
  # Something is ready on the port, but it may be another server that took the port first:
  # ours knows our data directory.
  if $answered && kill -0 "$pid" 2>/dev/null &&
    curl -sf "http://127.0.0.1:$port/api/v1/status/flags" 2>/dev/null |
    grep -qF "\"storage.tsdb.path\":\"$work/data\""; then
    echo "$pid"
    return 0
  fi
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if $answered || grep -q "address already in use" "$work/prometheus.log"; then return 1; fi
  tail -n 20 "$work/prometheus.log" >&2
  echo "prometheus_fixture: error: Prometheus did not start on 127.0.0.1:$port" >&2
  return 2
}

start() {
  local scenario=$1 work pid="" port url probe status tool
  mkdir -p "$2"
  work=$(cd "$2" && pwd)
  running_pid "$work" >/dev/null && die "a Prometheus is already running for $work; stop it first"
  for tool in prometheus promtool awk curl; do
    command -v "$tool" >/dev/null || die "$tool is needed (Debian packages prometheus, curl)"
  done

  generate "$scenario" >"$work/history.om" || die "cannot generate scenario '$scenario'"
  rm -rf "$work/data"
  promtool tsdb create-blocks-from openmetrics "$work/history.om" "$work/data" \
    >"$work/promtool.log" 2>&1 || { tail -n 20 "$work/promtool.log" >&2; die "backfill failed"; }
  printf 'global:\n  scrape_interval: 15s\nscrape_configs: []\n' >"$work/prometheus.yml"

  for _ in $(seq 20); do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    port_in_use "$port" && continue
    status=0
    pid=$(launch "$work" "$port") || status=$?
    [[ $status -eq 0 ]] && break
    pid=""
    [[ $status -eq 1 ]] || exit 1
  done
  [[ -n $pid ]] || die "found no free port for Prometheus"
  echo "$pid" >"$work/prometheus.pid"
  url="http://127.0.0.1:$port"

  # The backfilled blocks are loaded before /-/ready; check that queries see them.
  for _ in $(seq 600); do
    probe=$(curl -sfG "$url/api/v1/query_range" --data-urlencode 'query=count(http_requests_total)' \
      --data-urlencode "start=$window_start" --data-urlencode "end=$window_end" \
      --data-urlencode step=60 2>/dev/null || true)
    [[ $probe == *'"values":[['* ]] && break
    sleep 0.1
  done
  if [[ $probe != *'"values":[['* ]]; then
    stop "$work"
    die "Prometheus at $url returned no backfilled data: $probe"
  fi
  echo "url=$url start=$window_start end=$window_end"
}

case "${1:-}" in
  start)
    [[ $# -eq 3 ]] || usage
    start "$2" "$3"
    ;;
  stop)
    [[ $# -eq 2 ]] || usage
    stop "$2"
    ;;
  generate)
    [[ $# -eq 2 ]] || usage
    generate "$2"
    ;;
  *) usage ;;
esac
