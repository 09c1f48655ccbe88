// templates/kubernetes/: every manifest valid against the Kubernetes OpenAPI schema (strict:
// unknown fields are errors; k8s_validate.mjs), the validator shown to reject broken copies,
// and every container of the Jobs run as the kubelet would run it (volumes mapped to
// directories, $(VAR) expanded, the image's binaries replaced by the built ones) on the
// example data: the Indexed Job profiles each shard, the compare Job merges and compares
// (drift on the summer-2015 data, none on the same-period data, the same verdict as comparing
// the unsharded data, a missing shard fails), the CronJob pushes to a real Pushgateway.
// With AIRFLOW_PODS: also the pods of templates/airflow's KubernetesPodOperator DAG (as
// airflow_test.py --pods-json writes them), against the same schema.
// Usage: node kubernetes_test.mjs TOOLS_DIR PUSHGATEWAY_URL [AIRFLOW_PODS]
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { validate, loadManifests } from "./k8s_validate.mjs";
import { runJobs } from "./kubernetes_run.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const [tools, pushgateway, airflowPods] = process.argv.slice(2);
if (!tools || !pushgateway) fail("usage: node kubernetes_test.mjs TOOLS_DIR PUSHGATEWAY_URL");

function fail(message) {
  console.error(`kubernetes_test: error: ${message}`);
  process.exit(1);
}

const dir = path.join(root, "templates/kubernetes");
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".yaml")).sort();
const docs = {};
for (const file of files) {
  for (const doc of loadManifests(path.join(dir, file))) {
    const errors = await validate(doc);
    if (errors.length) fail(`${file}: ${doc.kind} ${doc.metadata?.name}:\n  ${errors.join("\n  ")}`);
    docs[`${doc.kind}/${doc.metadata.name}`] = doc;
  }
}
const expected = ["ConfigMap/drift-config", "CronJob/drift-check", "Job/drift-compare", "Job/drift-profile-shards"];
if (JSON.stringify(Object.keys(docs).sort()) !== JSON.stringify(expected)) {
  fail(`expected ${expected.join(", ")}; found ${Object.keys(docs).sort().join(", ")}`);
}

if (airflowPods) {
  const pods = JSON.parse(fs.readFileSync(airflowPods, "utf8"));
  if (pods.length !== 3) fail(`expected the 3 pods of ml_gates_k8s, found ${pods.length}`);
  for (const pod of pods) {
    const errors = await validate(pod);
    if (errors.length) fail(`templates/airflow pod ${pod.metadata.name}:\n  ${errors.join("\n  ")}`);
  }
}

// The validator has teeth: a misspelt field, a wrong type, a missing required field.
const broken = [
  ["a misspelt field", (d) => { d.spec.template.spec.containers[0].imagePullPolice = "Always"; }, "unknown field"],
  ["a string count", (d) => { d.spec.completions = "4"; }, "type"],
  ["a container without a name", (d) => { delete d.spec.template.spec.containers[0].name; }, "required"],
  ["a bad completion mode", (d) => { d.spec.completionMode = "indexed"; }, "enum"],
];
for (const [what, mutate, word] of broken) {
  const copy = structuredClone(docs["Job/drift-profile-shards"]);
  mutate(copy);
  const errors = await validate(copy);
  if (!errors.some((e) => e.includes(word))) fail(`the validator accepted ${what}: ${errors}`);
}

// What the API server checks beyond the schema, for these manifests.
const shards = docs["Job/drift-profile-shards"].spec;
if (shards.completionMode !== "Indexed" || shards.parallelism !== shards.completions) {
  fail("drift-profile-shards must be an Indexed Job running every shard at once");
}
const jobSpecs = [shards, docs["Job/drift-compare"].spec, docs["CronJob/drift-check"].spec.jobTemplate.spec];
for (const spec of jobSpecs) {
  // podFailurePolicy needs restartPolicy Never; a Job's pods may not restart in place.
  if (spec.template.spec.restartPolicy !== "Never") fail("every Job's pods need restartPolicy: Never");
}
if (docs["CronJob/drift-check"].spec.schedule.split(/\s+/).length !== 5) fail("the CronJob schedule is not 5 fields");
const mergeArgs = docs["Job/drift-compare"].spec.template.spec.initContainers[0].args;
const listed = mergeArgs.filter((a) => /shard-\d+\.profile\.json$/.test(a)).length;
if (listed !== shards.completions) fail(`the merge lists ${listed} shards, the Indexed Job has ${shards.completions}`);

await runJobs({ docs, tools, pushgateway, root, fail });
console.log(`kubernetes templates: ${Object.keys(docs).length} objects valid against the Kubernetes schema (strict); ` +
  "the Indexed Job, the merge-and-compare Job and the CronJob ran on the example data" +
  (airflowPods ? "; the Airflow DAG's 3 pods valid too" : ""));
