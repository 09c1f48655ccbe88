# shellcheck shell=bash
# Sourced by the tests that need a Prometheus Pushgateway, and a Prometheus scraping it every
# second (Debian packages prometheus-pushgateway and prometheus), on free ports of 127.0.0.1.
# The caller owns the servers' lifetime: it declares `pids=()` and kills them on exit, and
# defines `fail MESSAGE`. Each start_* appends its pid to pids; its log goes to WORK/*.log.
#   start_pushgateway WORK             sets pgw_port
#   start_prometheus WORK [RULES...]   sets prom_port (scrapes the Pushgateway; rule files)
#   wait_ready URL...                  waits until each URL answers, up to two minutes, failing
#                                      at once when a started server exited

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_pushgateway() {
  pgw_port=$(free_port)
  prometheus-pushgateway --web.listen-address="127.0.0.1:$pgw_port" --persistence.file= \
    >"$1/pushgateway.log" 2>&1 &
  pids+=($!)
}

start_prometheus() {
  local work=$1 rules=""
  shift
  [[ $# -eq 0 ]] || rules=$(printf "'%s', " "$@")
  prom_port=$(free_port)
  cat >"$work/prometheus.yml" <<YML
global: {scrape_interval: 1s, evaluation_interval: 1s}
rule_files: [${rules%, }]
scrape_configs:
  - job_name: pushgateway
    honor_labels: true
    scrape_interval: 1s
    scrape_timeout: 1s
    static_configs: [{targets: ['127.0.0.1:$pgw_port']}]
YML
  prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
    --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
  pids+=($!)
}

wait_ready() {
  local url pid ready
  for _ in $(seq 1200); do
    ready=true
    for url in "$@"; do curl -sf "$url/-/ready" >/dev/null || { ready=false; break; }; done
    $ready && return 0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || fail "a server exited before it was ready"; done
    sleep 0.1
  done
  fail "not ready within two minutes: $*"
}
