// Runs the containers of templates/kubernetes/ as the kubelet would, on the example data
// (kubernetes_test.mjs validates the manifests first).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";

// $(VAR) as the kubelet expands it in command, args and subPathExpr.
const expand = (text, env) => text.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name) => env[name] ?? m);

// Runs one container of a pod spec: returns { status, output }.
function runContainer(ctx, podSpec, container, env, claims, rewrite = (a) => a) {
  const configMaps = ctx.configMaps;
  const mounts = [];
  for (const mount of container.volumeMounts ?? []) {
    const volume = podSpec.volumes.find((v) => v.name === mount.name);
    if (!volume) ctx.fail(`${container.name}: the mount ${mount.name} has no volume`);
    let host;
    if (volume.persistentVolumeClaim) {
      host = path.join(claims, volume.persistentVolumeClaim.claimName, mount.subPath ?? "");
      fs.mkdirSync(host, { recursive: true }); // the kubelet creates a missing subPath
    } else if (volume.configMap) {
      const data = configMaps[volume.configMap.name];
      if (!data) ctx.fail(`${container.name}: no ConfigMap ${volume.configMap.name} in the templates`);
      host = fs.mkdtempSync(path.join(os.tmpdir(), "configmap."));
      for (const [key, value] of Object.entries(data)) fs.writeFileSync(path.join(host, key), value);
    } else {
      ctx.fail(`${container.name}: volume ${volume.name} is neither a claim nor a ConfigMap`);
    }
    mounts.push([mount.mountPath, host]);
  }
  mounts.sort((a, b) => b[0].length - a[0].length);
  const hostPath = (arg) => {
    for (const [mountPath, host] of mounts) {
      if (arg === mountPath || arg.startsWith(`${mountPath}/`)) return host + arg.slice(mountPath.length);
    }
    return arg;
  };
  const argv = [...container.command, ...container.args].map((a) => rewrite(hostPath(expand(a, env))));
  const done = spawnSync(path.join(ctx.tools, argv[0]), argv.slice(1), { encoding: "utf8" });
  return { status: done.status, output: `${done.stdout}${done.stderr}` };
}

// CSV rows split into N files with the header each: every row in exactly one shard.
function splitCsv(file, n, into) {
  const [header, ...rows] = fs.readFileSync(file, "utf8").trimEnd().split("\n");
  fs.mkdirSync(into, { recursive: true });
  for (let i = 0; i < n; i++) {
    const part = rows.filter((_, r) => r % n === i);
    fs.writeFileSync(path.join(into, `shard-${i}.csv`), [header, ...part].join("\n") + "\n");
  }
}

function profileAndCompare(ctx, claims, current) {
  const claim = path.join(claims, "drift-data");
  fs.rmSync(claim, { recursive: true, force: true });
  const shardJob = ctx.docs["Job/drift-profile-shards"].spec;
  splitCsv(current, shardJob.completions, path.join(claim, "current"));
  const config = fs.mkdtempSync(path.join(os.tmpdir(), "drift-config."));
  fs.writeFileSync(path.join(config, "drift.yaml"), ctx.configMaps["drift-config"]["drift.yaml"]);
  const reference = spawnSync(path.join(ctx.tools, "drift-check"),
    ["profile", path.join(ctx.root, "examples/drift/reference.csv"), "-o",
     path.join(claim, "reference.profile.json"), "--config", path.join(config, "drift.yaml"), "-q"]);
  if (reference.status !== 0) ctx.fail(`cannot profile the reference: ${reference.stderr}`);
  const pod = shardJob.template.spec;
  for (let index = 0; index < shardJob.completions; index++) {
    // The Job controller's annotation, read by the fieldRef of JOB_COMPLETION_INDEX.
    const run = runContainer(ctx, pod, pod.containers[0], { JOB_COMPLETION_INDEX: String(index) }, claims);
    if (run.status !== 0) ctx.fail(`shard ${index} exited ${run.status}: ${run.output}`);
    if (!fs.existsSync(path.join(claim, "profiles", `shard-${index}.profile.json`))) {
      ctx.fail(`shard ${index} wrote no profile under profiles/`);
    }
  }
  return claim;
}

function compareJob(ctx, claims) {
  const pod = ctx.docs["Job/drift-compare"].spec.template.spec;
  const merge = runContainer(ctx, pod, pod.initContainers[0], {}, claims);
  if (merge.status !== 0) return { stage: "merge", ...merge };
  return { stage: "compare", ...runContainer(ctx, pod, pod.containers[0], {}, claims) };
}

// The same comparison without shards: the verdicts must not depend on the sharding.
function unshardedReport(ctx, claim, current) {
  const config = path.join(claim, "unsharded-drift.yaml");
  fs.writeFileSync(config, ctx.configMaps["drift-config"]["drift.yaml"]);
  const json = path.join(claim, "unsharded.json");
  const done = spawnSync(path.join(ctx.tools, "drift-check"),
    ["compare", "--reference", path.join(claim, "reference.profile.json"), "--current", current,
     "--config", config, "-q", "--json", json], { encoding: "utf8" });
  return { status: done.status, report: JSON.parse(fs.readFileSync(json, "utf8")) };
}

export async function runJobs(ctx) {
  ctx.configMaps = { "drift-config": ctx.docs["ConfigMap/drift-config"].data };
  const claims = fs.mkdtempSync(path.join(os.tmpdir(), "k8s-claims."));
  try {
    const cases = [
      ["examples/drift/current-summer-2015.csv", 1, "drift"],
      ["examples/drift/current-same-period.csv", 0, "no drift"],
    ];
    for (const [data, code, what] of cases) {
      const current = path.join(ctx.root, data);
      const claim = profileAndCompare(ctx, claims, current);
      const run = compareJob(ctx, claims);
      if (run.stage !== "compare" || run.status !== code) {
        ctx.fail(`${what}: the compare Job's ${run.stage} exited ${run.status}, expected ${code}: ${run.output}`);
      }
      for (const report of ["drift.html", "drift.json", "drift.xml"]) {
        if (!fs.existsSync(path.join(claim, "reports", report))) ctx.fail(`${what}: no reports/${report} on the claim`);
      }
      const sharded = JSON.parse(fs.readFileSync(path.join(claim, "reports/drift.json"), "utf8"));
      const whole = unshardedReport(ctx, claim, current);
      if (whole.status !== code) ctx.fail(`${what}: the unsharded comparison exited ${whole.status}`);
      const verdicts = (r) => JSON.stringify([r.drift, r.share, r.drifted_columns]);
      if (verdicts(sharded) !== verdicts(whole.report)) {
        ctx.fail(`${what}: sharded ${verdicts(sharded)} differs from unsharded ${verdicts(whole.report)}`);
      }
    }
    // A shard that did not run: the merge fails, nothing is compared.
    fs.rmSync(path.join(claims, "drift-data/profiles/shard-2.profile.json"));
    const missing = compareJob(ctx, claims);
    if (missing.stage !== "merge" || missing.status === 0) ctx.fail("a missing shard profile did not fail the merge");
    cronJob(ctx, claims);
  } finally {
    fs.rmSync(claims, { recursive: true, force: true });
  }
}

function cronJob(ctx, claims) {
  const claim = profileAndCompare(ctx, claims, path.join(ctx.root, "examples/drift/current-summer-2015.csv"));
  fs.copyFileSync(path.join(ctx.root, "examples/drift/current-summer-2015.csv"), path.join(claim, "current.csv"));
  const pod = ctx.docs["CronJob/drift-check"].spec.jobTemplate.spec.template.spec;
  const container = pod.containers[0];
  const url = container.args[container.args.indexOf("--pushgateway") + 1];
  const run = runContainer(ctx, pod, container, {}, claims, (a) => (a === url ? ctx.pushgateway : a));
  if (run.status !== 1) ctx.fail(`the CronJob on drifted data exited ${run.status}, expected 1: ${run.output}`);
  const scrape = spawnSync("curl", ["-sf", `${ctx.pushgateway}/metrics`], { encoding: "utf8" }).stdout;
  if (!/^mlops_drift_dataset_detected\{dataset="churn",instance="",job="drift_scheduled"\} 1$/m.test(scrape)) {
    ctx.fail(`the Pushgateway has no mlops_drift_dataset_detected 1 for job drift_scheduled:\n${scrape.slice(0, 2000)}`);
  }
}
