#!/usr/bin/env python3
"""Checks templates/grafana/mlops-gates-dashboard.json against a real Prometheus holding the
series drift-check and canary-eval pushed (grafana_test.sh starts it): the dashboard's
structure (what Grafana needs to import it: unique panel ids, grid positions, a datasource
variable every query uses), every template variable's label_values() query, and every
panel's query, with the variables at "All" and at each job, returning data.

Usage: grafana_queries.py DASHBOARD PROMETHEUS_URL DRIFT_JOB CANARY_JOB
"""

import json
import sys
import urllib.parse
import urllib.request


def fail(message):
    print(f"grafana_test: error: {message}", file=sys.stderr)
    sys.exit(1)


def query(prometheus, expr):
    url = f"{prometheus}/api/v1/query?" + urllib.parse.urlencode({"query": expr})
    try:
        with urllib.request.urlopen(url, timeout=60) as answer:
            body = json.load(answer)
    except OSError as error:
        fail(f"Prometheus refused {expr!r}: {error}")
    if body.get("status") != "success":
        fail(f"Prometheus refused {expr!r}: {body}")
    return body["data"]["result"]


def check_structure(dashboard):
    for key in ("title", "uid", "schemaVersion", "panels", "templating"):
        if key not in dashboard:
            fail(f"the dashboard has no {key}")
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    if variables.get("datasource", {}).get("type") != "datasource":
        fail("no datasource variable: the dashboard would be bound to one Prometheus")
    ids = [p["id"] for p in dashboard["panels"]]
    if len(ids) != len(set(ids)):
        fail(f"panel ids repeat: {ids}")
    targets = []
    for panel in dashboard["panels"]:
        grid = panel.get("gridPos", {})
        if not all(isinstance(grid.get(k), int) for k in "xywh") or grid["x"] + grid["w"] > 24:
            fail(f"panel {panel['title']}: bad gridPos {grid}")
        if panel["type"] == "row":
            continue
        if panel.get("datasource") != {"type": "prometheus", "uid": "${datasource}"}:
            fail(f"panel {panel['title']}: its datasource is not the datasource variable")
        if not panel.get("targets"):
            fail(f"panel {panel['title']}: no query")
        for target in panel["targets"]:
            if target.get("datasource") != panel["datasource"] or not target.get("expr") or not target.get("refId"):
                fail(f"panel {panel['title']}: a target without expr, refId or the panel's datasource")
            targets.append((panel["title"], target["expr"]))
    return variables, targets


def main():
    if len(sys.argv) != 5:
        fail("usage: grafana_queries.py DASHBOARD PROMETHEUS_URL DRIFT_JOB CANARY_JOB")
    path, prometheus, drift_job, canary_job = sys.argv[1:]
    with open(path, encoding="utf-8") as source:
        dashboard = json.load(source)
    variables, targets = check_structure(dashboard)
    # The job variables list the pushed jobs (label_values(metric, job) = the label's values
    # on that metric's series).
    for name, job in (("drift_job", drift_job), ("canary_job", canary_job)):
        definition = variables[name]["definition"]
        metric = definition[len("label_values("):-len(", job)")]
        jobs = {series["metric"].get("job") for series in query(prometheus, metric)}
        if job not in jobs:
            fail(f"variable {name} ({definition}) does not list {job}: {sorted(jobs)}")
    used = set()
    for title, expr in targets:
        for values in ({"drift_job": ".*", "canary_job": ".*"},
                       {"drift_job": drift_job, "canary_job": canary_job}):
            concrete = expr
            for name, value in values.items():
                if f"${name}" in concrete:
                    used.add(name)
                concrete = concrete.replace(f"${name}", value)
            if "$" in concrete:
                fail(f"panel {title}: an unknown variable in {expr}")
            if not query(prometheus, concrete):
                fail(f"panel {title}: no data for {concrete}")
    if used != {"drift_job", "canary_job"}:
        fail(f"the job variables are not all used by the panels: {sorted(used)}")
    print(f"grafana template: {len(targets)} panel queries and 2 variables return data from Prometheus")


if __name__ == "__main__":
    main()
