"""Airflow DAGs running the mlops-actions gates, one task per gate.

Copy this file into your DAGs folder and set the paths below (or the MLOPS_* variables in the
environment Airflow parses DAGs in). Two DAGs with the same three gates, in the same order:

- ``ml_gates``: BashOperator tasks calling the binaries installed on the worker
  (install.sh, or the release asset unpacked into MLOPS_BIN).
- ``ml_gates_k8s``: KubernetesPodOperator tasks running the container image
  (ghcr.io/OWNER/mlops-actions: the binaries on PATH, no shell, user 65532), with the data
  and the reports on a PersistentVolumeClaim. Defined only where the cncf.kubernetes provider
  is installed.

Exit codes are the tasks' verdicts: 0 passes the task; anything else fails it, and the tasks
after it do not run (1: the gate said no, 2: bad usage or config, 3: an input could not be
read). No exit code skips a task (skip_on_exit_code=None: Airflow's default, 99, would turn
a skip into a silent pass), and a gate is not retried (its verdict would not change; a flaky
input is fixed, not retried). Every run keeps its reports, whatever the verdict, in
REPORTS/<dag_id>/<run_id>/ (JUnit XML, JSON and HTML); on exit 2 or 3 the JUnit report holds
one errored test case with the tool's message.

Tested by tests/templates/airflow_test.py (Airflow is not installed there): the file
compiles, every operator argument is one of Airflow's documented parameters, and every
command of both DAGs runs on the bundled example data with the expected exit codes.
"""

from __future__ import annotations

import os
from datetime import datetime

try:  # Airflow 3
    from airflow.sdk import DAG
except ImportError:  # Airflow 2.4 and later
    from airflow import DAG
try:  # Airflow 3, or Airflow 2 with the standard provider
    from airflow.providers.standard.operators.bash import BashOperator
except ImportError:
    from airflow.operators.bash import BashOperator

# Where things are. A variable of the same name in the environment that parses the DAG file
# (the scheduler's or DAG processor's) overrides the value; the tasks get these values.
SETTINGS = {
    "MLOPS_BIN": "/opt/mlops-actions/bin",  # the binaries on the worker
    "MLOPS_REPORTS": "/opt/airflow/reports",  # kept per DAG and run
    "MLOPS_DATA": "/data/train.csv",  # the training data
    "MLOPS_CONTRACT": "/data/contracts/train.yaml",  # its data-validate contract
    "MLOPS_DRIFT_REFERENCE": "/data/reference.csv",  # the champion's training data or profile
    "MLOPS_DRIFT_CONFIG": "/data/drift.yaml",  # drift-check's config
    "MLOPS_GATE_RULES": "/data/gates/model.yaml",  # metric-gate's rules
    "MLOPS_PREDICTIONS": "/data/eval/predictions.csv",  # the candidate's predictions
    "MLOPS_CHAMPION_METRICS": "/data/eval/champion-metrics.json",  # the champion's metrics
}
GATE_ENV = {name: os.environ.get(name, value) for name, value in SETTINGS.items()}

# Each command makes the run's report directory and execs the tool: its exit code is the
# task's. AIRFLOW_CTX_DAG_ID and AIRFLOW_CTX_DAG_RUN_ID are set by the BashOperator.
REPORT_DIR = (
    'out="$MLOPS_REPORTS/$AIRFLOW_CTX_DAG_ID/$AIRFLOW_CTX_DAG_RUN_ID"\n'
    'mkdir -p "$out"\n'
)
COMMANDS = {
    "validate_data": REPORT_DIR
    + 'exec "$MLOPS_BIN/data-validate" check "$MLOPS_DATA" --contract "$MLOPS_CONTRACT"'
    ' --junit "$out/data-validate.xml" --json "$out/data-validate.json"'
    ' --html "$out/data-validate.html"\n',
    "drift_check": REPORT_DIR
    + 'exec "$MLOPS_BIN/drift-check" compare --reference "$MLOPS_DRIFT_REFERENCE"'
    ' --current "$MLOPS_DATA" --config "$MLOPS_DRIFT_CONFIG"'
    ' --junit "$out/drift-check.xml" --json "$out/drift-check.json"'
    ' --html "$out/drift-check.html"\n',
    "metric_gate": REPORT_DIR
    + 'exec "$MLOPS_BIN/metric-gate" check --rules "$MLOPS_GATE_RULES"'
    ' --predictions "$MLOPS_PREDICTIONS" --baseline-metrics "$MLOPS_CHAMPION_METRICS"'
    " --baseline-prefix test."
    ' --junit "$out/metric-gate.xml" --json "$out/metric-gate.json"\n',
}

# Both DAGs: triggered by the training pipeline (or set schedule to a cron expression).
DAG_ARGS = {
    "schedule": None,
    "start_date": datetime(2026, 1, 1),
    "catchup": False,
    "default_args": {"owner": "ml-platform", "retries": 0},
    "tags": ["mlops-actions"],
}

with DAG(
    dag_id="ml_gates",
    description="mlops-actions gates: data contract, data drift, model metrics",
    **DAG_ARGS,
) as ml_gates:
    tasks = [
        BashOperator(
            task_id=task_id,
            bash_command=command,
            env=GATE_ENV,
            append_env=True,  # keep PATH, HOME and the worker's own variables
            skip_on_exit_code=None,  # every non-zero exit fails the task
        )
        for task_id, command in COMMANDS.items()
    ]
    tasks[0] >> tasks[1] >> tasks[2]


try:
    from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
    from kubernetes.client import models as k8s
except ImportError:  # no cncf.kubernetes provider on this Airflow: the BashOperator DAG only
    KubernetesPodOperator = None

# The pod variant: the data under /data and the reports under /reports, both on the claim
# PVC_NAME (the reports in a directory per DAG run, created by the kubelet from subPathExpr).
IMAGE = "ghcr.io/OWNER/mlops-actions:v1"  # the mlops-actions release you use
NAMESPACE = "ml"
PVC_NAME = "ml-gates"
POD_ARGS = {
    "validate_data": (
        "data-validate",
        ["check", "/data/train.csv", "--contract", "/data/contracts/train.yaml",
         "--junit", "/reports/data-validate.xml", "--json", "/reports/data-validate.json",
         "--html", "/reports/data-validate.html"],
    ),
    "drift_check": (
        "drift-check",
        ["compare", "--reference", "/data/reference.csv", "--current", "/data/train.csv",
         "--config", "/data/drift.yaml", "--junit", "/reports/drift-check.xml",
         "--json", "/reports/drift-check.json", "--html", "/reports/drift-check.html"],
    ),
    "metric_gate": (
        "metric-gate",
        ["check", "--rules", "/data/gates/model.yaml", "--predictions",
         "/data/eval/predictions.csv", "--baseline-metrics", "/data/eval/champion-metrics.json",
         "--baseline-prefix", "test.", "--junit", "/reports/metric-gate.xml",
         "--json", "/reports/metric-gate.json"],
    ),
}

if KubernetesPodOperator is not None:
    volumes = [
        k8s.V1Volume(
            name="ml-gates",
            persistent_volume_claim=k8s.V1PersistentVolumeClaimVolumeSource(claim_name=PVC_NAME),
        )
    ]
    volume_mounts = [
        k8s.V1VolumeMount(name="ml-gates", mount_path="/data", sub_path="data", read_only=True),
        # RUN_DIR (below) is expanded by the kubelet, which creates the directory.
        k8s.V1VolumeMount(name="ml-gates", mount_path="/reports", sub_path_expr="$(RUN_DIR)"),
    ]
    with DAG(
        dag_id="ml_gates_k8s",
        description="mlops-actions gates in pods of the mlops-actions image",
        **DAG_ARGS,
    ) as ml_gates_k8s:
        pods = [
            KubernetesPodOperator(
                task_id=task_id,
                name=task_id.replace("_", "-"),
                namespace=NAMESPACE,
                image=IMAGE,
                cmds=[binary],
                arguments=arguments,
                # Templated: one report directory per DAG run, under reports/ on the claim.
                env_vars={"RUN_DIR": "reports/{{ dag.dag_id }}/{{ run_id }}"},
                volumes=volumes,
                volume_mounts=volume_mounts,
                # The image's user; fs_group lets it write the reports on the claim.
                security_context=k8s.V1PodSecurityContext(
                    run_as_user=65532, run_as_non_root=True, fs_group=65532
                ),
                container_resources=k8s.V1ResourceRequirements(
                    requests={"cpu": "500m", "memory": "512Mi"}, limits={"memory": "2Gi"}
                ),
                get_logs=True,  # the tool's text report in the task log
                on_finish_action="delete_pod",
                skip_on_exit_code=None,
            )
            for task_id, (binary, arguments) in POD_ARGS.items()
        ]
        pods[0] >> pods[1] >> pods[2]
