#!/usr/bin/env bash
# templates/grafana/: the dashboard's queries against a real Prometheus holding what the
# toolkit pushes. A Pushgateway and a Prometheus scraping it every second (Debian packages
# prometheus-pushgateway and prometheus) are started on 127.0.0.1 and stopped on exit;
# drift-check pushes a drifted comparison and canary-eval a rolled-back canary, as their
# scheduled jobs would; then grafana_queries.py checks every panel's query returns data.
# Usage: grafana_test.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: grafana_test.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# shellcheck source=tests/common/server_test.sh
. "$(dirname "$0")/../common/server_test.sh"
server_test grafana_test
# shellcheck source=tests/support/pushgateway_prometheus.sh
. "$here/../support/pushgateway_prometheus.sh"
start_pushgateway "$work"
start_prometheus "$work"
wait_ready "http://127.0.0.1:$pgw_port" "http://127.0.0.1:$prom_port"

status=0
"$build/tools/drift-check" compare -r "$root/examples/drift/reference.csv" \
  -c "$root/examples/drift/current-summer-2015.csv" --config "$root/examples/drift/drift.yaml" -q \
  --pushgateway "http://127.0.0.1:$pgw_port" --job drift_weather --label dataset=seattle || status=$?
[[ $status -eq 1 ]] || fail "drift-check exited $status, expected 1 (dataset drift)"
status=0
"$build/tools/canary-eval" run --config "$root/examples/canary/canary.yaml" \
  --samples "$root/examples/canary/samples-regressed.csv" -q --pushgateway "http://127.0.0.1:$pgw_port" \
  --job canary_checkout --label service=checkout || status=$?
[[ $status -eq 1 ]] || fail "canary-eval exited $status, expected 1 (roll back)"

# Prometheus scrapes a new target only after a few seconds: wait (up to two minutes) until it
# holds the series of both pushes.
for _ in $(seq 1200); do
  answer=$(curl -sfG "http://127.0.0.1:$prom_port/api/v1/query" \
    --data-urlencode 'query=count(mlops_canary_decision) + count(mlops_drift_dataset_detected)' || true)
  grep -q '"result":\[{' <<<"$answer" && break
  sleep 0.1
done
grep -q '"result":\[{' <<<"$answer" || fail "Prometheus did not scrape the pushed series: $answer"
python3 "$here/grafana_queries.py" "$root/templates/grafana/mlops-gates-dashboard.json" \
  "http://127.0.0.1:$prom_port" drift_weather canary_checkout
