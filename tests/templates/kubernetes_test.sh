#!/usr/bin/env bash
# templates/kubernetes/ against the Kubernetes OpenAPI schema and run on the example data
# (kubernetes_test.mjs), with a real Prometheus Pushgateway (Debian package
# prometheus-pushgateway) on 127.0.0.1 for the CronJob's push, stopped on exit. The npm
# packages are installed by with_npm.sh (skipped, exit 77, without node/npm).
# Usage: kubernetes_test.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: kubernetes_test.sh BUILD_DIR}
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/common/server_test.sh
. "$(dirname "$0")/../common/server_test.sh"
server_test kubernetes_test
# shellcheck source=tests/support/pushgateway_prometheus.sh
. "$here/../support/pushgateway_prometheus.sh"
start_pushgateway "$work"
wait_ready "http://127.0.0.1:$pgw_port"
# The pods the Airflow DAG's KubernetesPodOperator tasks create, checked against the schema too.
python3 "$here/airflow_test.py" --pods-json "$work/airflow-pods.json"
bash "$here/with_npm.sh" node "$here/kubernetes_test.mjs" "$build/tools" "http://127.0.0.1:$pgw_port" \
  "$work/airflow-pods.json"
