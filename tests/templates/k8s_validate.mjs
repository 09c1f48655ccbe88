// Validates Kubernetes manifests against the Kubernetes OpenAPI schema, as the API server
// does with strict field validation (kubectl's default --validate=strict): the JSON schemas
// of npm's kubernetes-models (generated from the Kubernetes OpenAPI spec; pinned in
// tests/templates/package.json) check types, enums and required fields, and a field the
// schema does not read is an unknown field (the schemas themselves allow unknown fields).
// Exports validate(doc) -> [errors] and loadManifests(file) -> [docs].
import fs from "node:fs";
import { parseAllDocuments } from "yaml";

// apiVersion "batch/v1", kind "Job" -> the schema module IoK8sApiBatchV1Job.
function schemaName(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["core", apiVersion];
  const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
  return `IoK8sApi${cap(group.split(".")[0])}${cap(version)}${kind}`;
}

// A proxy that records which keys of each object the validator reads; enumerating an
// object's keys (a map such as labels or data) reads them all.
function tracked(value, reads) {
  if (value === null || typeof value !== "object") return value;
  const seen = new Set();
  reads.set(value, seen);
  const children = new Map();
  return new Proxy(value, {
    get(target, key, receiver) {
      if (typeof key === "string") seen.add(key);
      const child = Reflect.get(target, key, receiver);
      if (child === null || typeof child !== "object") return child;
      if (!children.has(key)) children.set(key, tracked(child, reads));
      return children.get(key);
    },
    ownKeys(target) {
      for (const key of Reflect.ownKeys(target)) if (typeof key === "string") seen.add(key);
      return Reflect.ownKeys(target);
    },
  });
}

function unknownFields(value, reads, path, out) {
  if (value === null || typeof value !== "object") return;
  const seen = reads.get(value);
  for (const [key, child] of Object.entries(value)) {
    const childPath = `${path}/${key}`;
    if (!Array.isArray(value) && seen && !seen.has(key)) {
      out.push(`${childPath}: unknown field "${key}"`);
      continue;
    }
    unknownFields(child, reads, childPath, out);
  }
}

export async function validate(doc) {
  if (!doc || typeof doc.apiVersion !== "string" || typeof doc.kind !== "string") {
    return ["not a Kubernetes object (no apiVersion and kind)"];
  }
  let schema;
  try {
    schema = await import(`kubernetes-models/_schemas/${schemaName(doc.apiVersion, doc.kind)}`);
  } catch {
    return [`unknown apiVersion/kind ${doc.apiVersion} ${doc.kind}`];
  }
  const reads = new WeakMap();
  const ok = schema.validate(tracked(doc, reads));
  const errors = ok ? [] : schema.validate.errors.map(
    (e) => `${e.instancePath || "/"}: ${e.keyword} ${JSON.stringify(e.params)}`);
  unknownFields(doc, reads, "", errors);
  return errors;
}

export function loadManifests(file) {
  const docs = parseAllDocuments(fs.readFileSync(file, "utf8"));
  for (const doc of docs) {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
  }
  return docs.map((doc) => doc.toJS()).filter((doc) => doc !== null);
}
