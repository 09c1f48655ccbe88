#!/usr/bin/env python3
"""The servers the README's commands talk to, for tests/docs/doc_examples_test.py.

One local HTTP server on 127.0.0.1 (a free port, printed on stdout) answering, in each API's
documented shape, the few requests the documented examples make:

- MLflow (REST API 2.0, shapes as in tests/data/mlflow): `registered-models/alias` resolves any
  MODEL@ALIAS to a version of the run `champion`, and `runs/get` of that run holds the champion's
  metrics from examples/model/champion-metrics.json (its `test.` metrics, without the prefix).
- Prometheus (`/api/v1/query_range`): every query answers one series of 0.9 at each step of the
  window, so baseline and canary are equal and a canary is promoted.
- An OCI registry (distribution spec): `/v2/` answers 200 and every manifest is unknown (404),
  so `image-tag --check-registry` finds the tags free.

The real servers are tested elsewhere (tests/canary/prometheus_integration_test.sh,
tests/tag/registry_integration_test.sh, tests/gate/mlflow_test.cpp); this one only lets the
documented commands run unchanged here. Usage: doc_services.py CHAMPION_METRICS_JSON
"""
import json
import sys
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def champion_metrics(path):
    with open(path, encoding="utf-8") as f:
        nested = json.load(f)
    return [{"key": k, "value": v, "timestamp": 1767225600000, "step": 0}
            for k, v in nested["test"].items()]


def seconds(text):
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}
    for unit in ("ms", "s", "m", "h", "d"):
        if text.endswith(unit):
            return float(text[:-len(unit)]) * units[unit]
    return float(text)


class Handler(BaseHTTPRequestHandler):
    metrics = []

    def log_message(self, *args):  # quiet: the test prints what matters
        pass

    def answer(self, status, body, head=False):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def route(self, head):
        url = urllib.parse.urlparse(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        if url.path == "/api/2.0/mlflow/registered-models/alias":
            self.answer(200, {"model_version": {
                "name": query.get("name", ""), "version": "12", "run_id": "champion",
                "current_stage": "None", "status": "READY",
                "aliases": [query.get("alias", "")]}}, head)
        elif url.path == "/api/2.0/mlflow/runs/get" and query.get("run_id") == "champion":
            self.answer(200, {"run": {
                "info": {"run_id": "champion", "run_uuid": "champion", "experiment_id": "1",
                         "status": "FINISHED", "lifecycle_stage": "active"},
                "data": {"metrics": self.metrics, "params": [], "tags": []}}}, head)
        elif url.path == "/api/v1/query_range":
            start, end = float(query["start"]), float(query["end"])
            step = seconds(query["step"])
            values, t = [], start
            while t <= end:
                values.append([t, "0.9"])
                t += step
            self.answer(200, {"status": "success", "data": {
                "resultType": "matrix", "result": [{"metric": {}, "values": values}]}}, head)
        elif url.path == "/v2/":
            self.answer(200, {}, head)
        elif url.path.startswith("/v2/") and "/manifests/" in url.path:
            self.answer(404, {"errors": [{"code": "MANIFEST_UNKNOWN",
                                          "message": "manifest unknown"}]}, head)
        else:
            self.answer(404, {"error_code": "RESOURCE_DOES_NOT_EXIST",
                              "message": "not served by doc_services.py: " + url.path}, head)

    def do_GET(self):
        self.route(head=False)

    def do_HEAD(self):
        self.route(head=True)


def main():
    Handler.metrics = champion_metrics(sys.argv[1])
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
