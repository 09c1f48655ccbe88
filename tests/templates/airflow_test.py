#!/usr/bin/env python3
"""templates/airflow/ml_gates_dag.py without Airflow (which is not installable here).

1. The file compiles (py_compile).
2. It is imported with stand-ins for the Airflow and Kubernetes modules that accept only the
   parameters Airflow and the Kubernetes Python client document (encoded below, with where
   they are documented) and record what each operator was given.
3. Every command of both DAGs runs on the bundled example data, as the operator would run it
   (the BashOperator's bash_command with its env and Airflow's AIRFLOW_CTX_* variables; the
   pod's cmds + arguments with the volumes mapped to directories and $(VAR) expanded as the
   kubelet does), with the expected exit codes and reports.

Usage: airflow_test.py TOOLS_DIR
       airflow_test.py --pods-json FILE   (writes the pods of ml_gates_k8s as Kubernetes Pod
                                           manifests, for kubernetes_test.sh to validate
                                           against the Kubernetes OpenAPI schema)
"""

import json

import os
import py_compile
import re
import shutil
import subprocess
import sys
import tempfile
import types
import xml.etree.ElementTree as ET

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
DAG_FILE = os.path.join(ROOT, "templates", "airflow", "ml_gates_dag.py")

# Documented parameters. BashOperator: Airflow 2.9 API reference
# (airflow.operators.bash.BashOperator(*, bash_command, env=None, append_env=False,
# output_encoding='utf-8', skip_on_exit_code=99, cwd=None, **kwargs)), the same names in
# Airflow 3's airflow.providers.standard.operators.bash. skip_exit_code is deprecated and
# output_processor is 2.10+ only: neither is accepted here.
BASH_PARAMS = {"bash_command", "env", "append_env", "output_encoding", "skip_on_exit_code", "cwd"}
# BaseOperator parameters the template may use (task_id is required).
BASE_PARAMS = {"task_id", "owner", "retries", "retry_delay", "execution_timeout", "doc_md",
               "trigger_rule", "pool", "queue", "email", "email_on_failure"}
# KubernetesPodOperator: apache-airflow-providers-cncf-kubernetes, operators/pod.py (the
# parameters of KubernetesPodOperator.__init__ as documented in its docstring, provider 7.2+
# for on_finish_action).
KPO_PARAMS = {
    "kubernetes_conn_id", "namespace", "image", "name", "random_name_suffix", "cmds",
    "arguments", "ports", "volume_mounts", "volumes", "env_vars", "env_from", "secrets",
    "in_cluster", "cluster_context", "labels", "reattach_on_restart", "startup_timeout_seconds",
    "startup_check_interval_seconds", "get_logs", "base_container_name", "init_container_logs",
    "container_logs", "image_pull_policy", "annotations", "container_resources", "affinity",
    "config_file", "node_selector", "image_pull_secrets", "service_account_name",
    "automount_service_account_token", "hostnetwork", "host_aliases", "tolerations",
    "security_context", "container_security_context", "dnspolicy", "dns_config", "hostname",
    "subdomain", "schedulername", "full_pod_spec", "init_containers", "log_events_on_failure",
    "do_xcom_push", "pod_template_file", "pod_template_dict", "priority_class_name",
    "pod_runtime_info_envs", "termination_grace_period", "configmaps", "skip_on_exit_code",
    "deferrable", "poll_interval", "log_pod_spec_on_failure", "on_finish_action",
    "termination_message_policy", "active_deadline_seconds", "callbacks", "logging_interval",
}
KPO_TEMPLATED = {"image", "name", "cmds", "arguments", "env_vars", "labels", "namespace",
                 "container_resources", "volumes", "volume_mounts", "annotations"}
ON_FINISH_ACTIONS = {"delete_pod", "delete_succeeded_pod", "keep_pod"}
# The context variables Airflow exports to a task's environment (howto/export-more-env-vars:
# the reserved keys dag_id, task_id, execution_date, dag_run_id, dag_owner, dag_email, as
# AIRFLOW_CTX_<KEY>).
AIRFLOW_CTX = {"AIRFLOW_CTX_DAG_ID", "AIRFLOW_CTX_TASK_ID", "AIRFLOW_CTX_EXECUTION_DATE",
               "AIRFLOW_CTX_DAG_RUN_ID", "AIRFLOW_CTX_DAG_OWNER", "AIRFLOW_CTX_DAG_EMAIL"}
# DAG: Airflow 2.4+ and 3 (schedule; schedule_interval is gone in Airflow 3).
DAG_PARAMS = {"dag_id", "description", "schedule", "start_date", "end_date", "default_args",
              "catchup", "tags", "max_active_runs", "dagrun_timeout", "doc_md", "params"}
# The Kubernetes Python client's models (kubernetes/client/models/*.py: the snake_case names
# of the Kubernetes OpenAPI fields), the fields this template may use.
K8S_MODELS = {
    "V1Volume": ({"name"}, {"name", "persistent_volume_claim", "config_map", "secret", "empty_dir"}),
    "V1PersistentVolumeClaimVolumeSource": ({"claim_name"}, {"claim_name", "read_only"}),
    "V1VolumeMount": ({"name", "mount_path"}, {"name", "mount_path", "read_only", "sub_path",
                                               "sub_path_expr", "mount_propagation"}),
    "V1ResourceRequirements": (set(), {"limits", "requests", "claims"}),
    "V1PodSecurityContext": (set(), {"run_as_user", "run_as_group", "run_as_non_root", "fs_group",
                                     "fs_group_change_policy", "supplemental_groups",
                                     "seccomp_profile"}),
}


def fail(message):
    print(f"airflow_test: error: {message}", file=sys.stderr)
    sys.exit(1)


class Recorded:
    """A stand-in that checks its keyword arguments against a documented list."""

    def __init__(self, kind, required, allowed, kwargs):
        unknown = set(kwargs) - allowed
        if unknown:
            fail(f"{kind} given undocumented parameters {sorted(unknown)}")
        missing = required - set(kwargs)
        if missing:
            fail(f"{kind} missing required parameters {sorted(missing)}")
        self.kind = kind
        self.kwargs = kwargs


class Operator(Recorded):
    current_dag = None

    def __init__(self, kind, allowed, kwargs):
        super().__init__(kind, {"task_id"}, allowed | BASE_PARAMS, kwargs)
        self.downstream = []
        self.dag = Operator.current_dag
        self.dag.tasks.append(self)

    def __rshift__(self, other):
        self.downstream.append(other)
        return other


class DAG(Recorded):
    def __init__(self, **kwargs):
        super().__init__("DAG", {"dag_id", "start_date"}, DAG_PARAMS, kwargs)
        for key in kwargs.get("default_args", {}):
            if key not in BASE_PARAMS:
                fail(f"default_args key {key} is not a BaseOperator parameter")
        self.tasks = []
        DAGS.append(self)

    def __enter__(self):
        Operator.current_dag = self
        return self

    def __exit__(self, *exc):
        Operator.current_dag = None


DAGS = []


def install_stand_ins():
    def module(name, **attrs):
        mod = types.ModuleType(name)
        mod.__dict__.update(attrs)
        sys.modules[name] = mod
        return mod

    def bash(**kwargs):
        return Operator("BashOperator", BASH_PARAMS, kwargs)

    def kpo(**kwargs):
        return Operator("KubernetesPodOperator", KPO_PARAMS, kwargs)

    def model(name):
        required, allowed = K8S_MODELS[name]
        return lambda **kwargs: Recorded(name, required, allowed, kwargs)

    module("airflow")
    module("airflow.sdk", DAG=DAG)
    for name in ("airflow.providers", "airflow.providers.standard",
                 "airflow.providers.standard.operators", "airflow.providers.cncf",
                 "airflow.providers.cncf.kubernetes", "airflow.providers.cncf.kubernetes.operators",
                 "kubernetes", "kubernetes.client"):
        module(name)
    module("airflow.providers.standard.operators.bash", BashOperator=bash)
    module("airflow.providers.cncf.kubernetes.operators.pod", KubernetesPodOperator=kpo)
    models = module("kubernetes.client.models", **{name: model(name) for name in K8S_MODELS})
    sys.modules["kubernetes.client"].models = models


def load_dags():
    py_compile.compile(DAG_FILE, cfile=os.path.join(tempfile.mkdtemp(), "dag.pyc"), doraise=True)
    install_stand_ins()
    namespace = {"__name__": "ml_gates_dag"}
    with open(DAG_FILE, encoding="utf-8") as source:
        exec(compile(source.read(), DAG_FILE, "exec"), namespace)  # noqa: S102 (the DAG file)
    dags = {dag.kwargs["dag_id"]: dag for dag in DAGS}
    if set(dags) != {"ml_gates", "ml_gates_k8s"}:
        fail(f"expected the DAGs ml_gates and ml_gates_k8s, found {sorted(dags)}")
    for dag in dags.values():
        if dag.kwargs.get("catchup") is not False:
            fail(f"{dag.kwargs['dag_id']}: catchup must be False (a gate per missed interval)")
        ids = [task.kwargs["task_id"] for task in dag.tasks]
        if ids != ["validate_data", "drift_check", "metric_gate"]:
            fail(f"{dag.kwargs['dag_id']}: unexpected tasks {ids}")
        for first, second in zip(dag.tasks, dag.tasks[1:]):
            if first.downstream != [second]:
                fail(f"{dag.kwargs['dag_id']}: {first.kwargs['task_id']} must run before "
                     f"{second.kwargs['task_id']}")
        if dag.kwargs["default_args"].get("retries") != 0:
            fail("a gate must not be retried (default_args retries: 0)")
    return dags


def check_operator_values(dags):
    for task in dags["ml_gates"].tasks:
        args = task.kwargs
        # skip_on_exit_code defaults to 99: no exit of ours may skip a task.
        if "skip_on_exit_code" not in args or args["skip_on_exit_code"] is not None:
            fail(f"{args['task_id']}: skip_on_exit_code must be None (no exit code skips)")
        if args.get("append_env") is not True:
            fail(f"{args['task_id']}: append_env must be True (PATH and HOME are needed)")
        # bash_command is a Jinja template; a command ending in .sh would be read as a file.
        command = args["bash_command"]
        if re.search(r"\{\{|\{%|\{#", command) or command.strip().endswith((".sh", ".bash")):
            fail(f"{args['task_id']}: bash_command holds Jinja syntax or ends in .sh")
        unknown = set(re.findall(r"AIRFLOW_CTX_[A-Z_]+", command)) - AIRFLOW_CTX
        if unknown:
            fail(f"{args['task_id']}: Airflow exports no {sorted(unknown)}")
    for task in dags["ml_gates_k8s"].tasks:
        args = task.kwargs
        if args.get("on_finish_action") not in ON_FINISH_ACTIONS:
            fail(f"{args['task_id']}: on_finish_action {args.get('on_finish_action')!r}")
        if args.get("skip_on_exit_code", "unset") is not None:
            fail(f"{args['task_id']}: skip_on_exit_code must be None")
        if not re.fullmatch(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?", args["name"]):
            fail(f"{args['task_id']}: pod name {args['name']} is not a DNS-1123 label")
        for key, value in args.items():
            if isinstance(value, str) and "{{" in value and key not in KPO_TEMPLATED:
                fail(f"{args['task_id']}: {key} is not a templated field but holds Jinja")


def junit_summary(path):
    suite = ET.parse(path).getroot().find("testsuite")
    return int(suite.get("tests")), int(suite.get("failures")), int(suite.get("errors"))


def stage_data(data, root):
    """The example data at the paths the DAGs expect under DATA (the pods' /data)."""
    for sub in ("contracts", "gates", "eval"):
        os.makedirs(os.path.join(data, sub), exist_ok=True)
    copies = {
        "examples/seattle-weather.csv": "train.csv",
        "examples/weather-contract.yaml": "contracts/train.yaml",
        "examples/drift/reference.csv": "reference.csv",
        "examples/drift/drift.yaml": "drift.yaml",
        "examples/model/gate.yaml": "gates/model.yaml",
        "examples/model/candidate-predictions.csv": "eval/predictions.csv",
        "examples/model/champion-metrics.json": "eval/champion-metrics.json",
    }
    for source, target in copies.items():
        shutil.copy(os.path.join(root, source), os.path.join(data, target))


def run_bash(task, tools, data, reports, run_id):
    """As the BashOperator runs it: bash -c, the worker's environment, env, AIRFLOW_CTX_*."""
    args = task.kwargs
    env = dict(os.environ)
    env.update(args["env"])
    paths = {name: value.replace("/data/", data + "/") for name, value in args["env"].items()
             if value.startswith("/data/")}
    env.update(paths)
    env.update({"MLOPS_BIN": tools, "MLOPS_REPORTS": reports,
                "AIRFLOW_CTX_DAG_ID": task.dag.kwargs["dag_id"],
                "AIRFLOW_CTX_TASK_ID": args["task_id"], "AIRFLOW_CTX_DAG_RUN_ID": run_id})
    done = subprocess.run(["bash", "-c", args["bash_command"]], env=env, capture_output=True,
                          text=True, check=False)
    return done.returncode, done.stdout + done.stderr, os.path.join(
        reports, task.dag.kwargs["dag_id"], run_id)


def expand(text, env):
    """The kubelet's $(VAR) expansion of command, args and subPathExpr."""
    return re.sub(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", lambda m: env.get(m.group(1), m.group(0)), text)


def run_pod(task, tools, claim_dir, run_id):
    """As the pod would run: the claim's sub-directories mounted, $(VAR) expanded, the image's
    binary on PATH (here the built one)."""
    args = task.kwargs
    env = {}
    for name, value in args["env_vars"].items():
        rendered = value.replace("{{ dag.dag_id }}", task.dag.kwargs["dag_id"]).replace(
            "{{ run_id }}", run_id)
        if "{{" in rendered:
            fail(f"{args['task_id']}: unrendered template in env var {name}: {rendered}")
        env[name] = rendered
    volumes = {v.kwargs["name"]: v for v in args["volumes"]}
    mounts = {}
    for mount in (m.kwargs for m in args["volume_mounts"]):
        volume = volumes.get(mount["name"])
        if volume is None:
            fail(f"{args['task_id']}: volume mount {mount['name']} has no volume")
        claim = volume.kwargs["persistent_volume_claim"].kwargs["claim_name"]
        sub = mount.get("sub_path") or expand(mount.get("sub_path_expr", ""), env)
        if "$(" in sub:
            fail(f"{args['task_id']}: subPathExpr {sub} names an undefined variable")
        host = os.path.join(claim_dir, claim, sub)
        os.makedirs(host, exist_ok=True)  # the kubelet creates a missing subPath
        mounts[mount["mount_path"]] = host

    def host_path(arg):
        for mount_path, host in mounts.items():
            if arg == mount_path or arg.startswith(mount_path + "/"):
                return host + arg[len(mount_path):]
        return arg

    argv = [os.path.join(tools, expand(c, env)) for c in args["cmds"]]
    argv += [host_path(expand(a, env)) for a in args["arguments"]]
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    return done.returncode, done.stdout + done.stderr, mounts.get("/reports")


def expect(label, result, code, report=None, counts=None):
    status, output, report_dir = result
    if status != code:
        fail(f"{label}: exit {status}, expected {code}\n{output}")
    if report:
        path = os.path.join(report_dir, report)
        if not os.path.isfile(path):
            fail(f"{label}: no report {path}")
        tests, failures, errors = junit_summary(path)
        if counts == "failed" and failures == 0:
            fail(f"{label}: exit {code} but no failed test case in {report}")
        if counts == "errored" and (tests, errors) != (1, 1):
            fail(f"{label}: expected one errored test case in {report}, got {tests} {errors}")
        if counts == "passed" and (failures, errors) != (0, 0):
            fail(f"{label}: a passing run has failures in {report}")


def run_scenarios(dags, tools, work):
    """Both DAGs, the same scenarios: all pass; then each gate says no; then cannot decide."""
    data = os.path.join(work, "claims", "ml-gates", "data")
    stage_data(data, ROOT)
    reports = os.path.join(work, "reports")
    bash = {t.kwargs["task_id"]: t for t in dags["ml_gates"].tasks}
    pods = {t.kwargs["task_id"]: t for t in dags["ml_gates_k8s"].tasks}

    def run(kind, task_id, run_id):
        if kind == "bash":
            return run_bash(bash[task_id], tools, data, reports, run_id)
        return run_pod(pods[task_id], tools, os.path.join(work, "claims"), run_id)

    reports_of = {"validate_data": "data-validate.xml", "drift_check": "drift-check.xml",
                  "metric_gate": "metric-gate.xml"}
    for kind in ("bash", "pod"):
        run_id = f"manual__2026-12-07T10:00:00+00:00-{kind}"
        for task_id, report in reports_of.items():
            expect(f"{kind} {task_id}", run(kind, task_id, run_id), 0, report, "passed")
        html = os.path.join(run(kind, "validate_data", run_id)[2], "data-validate.html")
        if not os.path.getsize(html):
            fail(f"{kind}: no HTML report kept")
    # The gates say no: exit 1, the task fails, the reports are kept.
    shutil.copy(os.path.join(ROOT, "examples/model/strict-gate.yaml"), os.path.join(data, "gates/model.yaml"))
    shutil.copy(os.path.join(ROOT, "examples/drift/current-summer-2015.csv"), os.path.join(data, "train.csv"))
    for kind in ("bash", "pod"):
        run_id = f"scheduled__2026-12-07-{kind}-fails"
        expect(f"{kind} strict gate", run(kind, "metric_gate", run_id), 1, "metric-gate.xml", "failed")
        expect(f"{kind} drifted data", run(kind, "drift_check", run_id), 1, "drift-check.xml", "failed")
    # Cannot decide: a missing input is exit 3, a bad config exit 2; the JUnit report says why.
    os.remove(os.path.join(data, "train.csv"))
    with open(os.path.join(data, "drift.yaml"), "w", encoding="utf-8") as bad:
        bad.write("preset: calibrated\ndrift_share: high\n")
    for kind in ("bash", "pod"):
        run_id = f"scheduled__2026-12-07-{kind}-errors"
        expect(f"{kind} missing data", run(kind, "validate_data", run_id), 3, "data-validate.xml", "errored")
        shutil.copy(os.path.join(ROOT, "examples/drift/reference.csv"), os.path.join(data, "train.csv"))
        expect(f"{kind} bad drift config", run(kind, "drift_check", run_id), 2, "drift-check.xml", "errored")
        os.remove(os.path.join(data, "train.csv"))


def camel(value):
    """A stand-in's kwargs as the Kubernetes object they stand for (the Python client's
    snake_case attribute names are its OpenAPI fields in camelCase)."""
    if isinstance(value, Recorded):
        value = value.kwargs
    if isinstance(value, dict):
        return {re.sub(r"_([a-z])", lambda m: m.group(1).upper(), k): camel(v) for k, v in value.items()}
    if isinstance(value, list):
        return [camel(v) for v in value]
    return value


def pod_manifest(task):
    """The Pod the KubernetesPodOperator would create (its container is named "base")."""
    args = task.kwargs
    container = {"name": "base", "image": args["image"], "command": args["cmds"],
                 "args": args["arguments"],
                 "env": [{"name": k, "value": v} for k, v in args["env_vars"].items()],
                 "volumeMounts": camel(args["volume_mounts"]),
                 "resources": camel(args["container_resources"])}
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": args["name"], "namespace": args["namespace"]},
            "spec": {"restartPolicy": "Never", "containers": [container],
                     "securityContext": camel(args["security_context"]),
                     "volumes": camel(args["volumes"])}}


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--pods-json":
        pods = [pod_manifest(task) for task in load_dags()["ml_gates_k8s"].tasks]
        with open(sys.argv[2], "w", encoding="utf-8") as out:
            json.dump(pods, out, indent=1)
        return
    if len(sys.argv) != 2:
        fail("usage: airflow_test.py TOOLS_DIR | --pods-json FILE")
    tools = os.path.abspath(sys.argv[1])
    dags = load_dags()
    check_operator_values(dags)
    work = tempfile.mkdtemp(prefix="airflow-test.")
    try:
        run_scenarios(dags, tools, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("airflow template: both DAGs compile, use only documented parameters, and their 6 commands "
          "ran on the example data (pass, gate failed, drift, missing input, bad config)")


if __name__ == "__main__":
    main()
