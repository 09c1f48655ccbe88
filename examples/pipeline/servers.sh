# shellcheck shell=bash disable=SC2154
# The servers of examples/pipeline/run.sh, on 127.0.0.1 (sourced; Debian packages prometheus,
# prometheus-pushgateway, docker-registry, as the tests start them):
#
#   servers_start DIR HISTORY.om END
#       an OCI registry (tests/common/registry.sh), a Pushgateway, and a Prometheus that holds
#       HISTORY.om (OpenMetrics, backfilled with promtool) and scrapes the Pushgateway every
#       second with the alert rules of templates/prometheus loaded (END: the history's last
#       timestamp, where it is probed). Sets `registry`
#       (127.0.0.1:PORT), `prometheus_url` and `pushgateway_url`; returns once each answers and
#       Prometheus serves the backfilled history. Exits 3 with the server's log when one does not
#       start.
#   servers_stop
#       stops them (for an EXIT trap; safe to call twice).
# Uses `root` (the repository) from run.sh, hence SC2154 off.
# Waits have a cap of minutes, never a race: a server either answers, exits, or the cap ends it.
prometheus_url=
pushgateway_url=
server_pids=()

# shellcheck source=tests/common/registry.sh
source "$root/tests/common/registry.sh"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_for PID LOG URL: until URL answers (up to 5 minutes), failing at once if PID exited.
wait_for() {
  local pid=$1 log=$2 url=$3
  for _ in $(seq 3000); do
    curl -sf -o /dev/null "$url" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "pipeline: error: no answer from $url, see $log:" >&2
  tail -n 15 "$log" >&2
  exit 3
}

servers_start() {
  local dir=$1 history=$2 end=$3 port probe
  registry_start "$dir"

  port=$(free_port)
  pushgateway_url=http://127.0.0.1:$port
  prometheus-pushgateway --web.listen-address="127.0.0.1:$port" --persistence.file= \
    </dev/null >"$dir/pushgateway.log" 2>&1 &
  server_pids+=($!)
  wait_for "$!" "$dir/pushgateway.log" "$pushgateway_url/-/ready"

  promtool tsdb create-blocks-from openmetrics "$history" "$dir/tsdb" >"$dir/promtool.log" 2>&1 || {
    tail -n 15 "$dir/promtool.log" >&2
    echo "pipeline: error: promtool could not backfill $history" >&2
    exit 3
  }
  cat >"$dir/prometheus.yml" <<YML
global: {scrape_interval: 1s, evaluation_interval: 1s}
rule_files: ['$root/templates/prometheus/drift-alerts.yml', '$root/templates/prometheus/canary-alerts.yml']
scrape_configs:
  - job_name: pushgateway
    honor_labels: true
    scrape_interval: 1s
    scrape_timeout: 1s
    static_configs: [{targets: ['127.0.0.1:${pushgateway_url##*:}']}]
YML
  port=$(free_port)
  prometheus_url=http://127.0.0.1:$port
  # Retention counts back from the newest sample, which is now: keep the backfilled history.
  prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/tsdb" \
    --storage.tsdb.retention.time=3650d --web.listen-address="127.0.0.1:$port" \
    </dev/null >"$dir/prometheus.log" 2>&1 &
  server_pids+=($!)
  wait_for "$!" "$dir/prometheus.log" "$prometheus_url/-/ready"
  for _ in $(seq 3000); do
    probe=$(curl -sfG "$prometheus_url/api/v1/query" --data-urlencode 'query=count(http_requests_total)' \
      --data-urlencode "time=$end" || true)
    [[ $probe == *'"result":[{'* ]] && return 0
    sleep 0.1
  done
  echo "pipeline: error: Prometheus at $prometheus_url does not serve the backfilled history: $probe" >&2
  exit 3
}

servers_stop() {
  local pid
  registry_stop
  for pid in "${server_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${server_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  server_pids=()
}
