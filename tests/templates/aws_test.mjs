// templates/aws/buildspec.yml: checked against the buildspec syntax CodeBuild documents
// (AWS CodeBuild User Guide, "Build specification reference": the keys, their types and
// allowed values, encoded below), then its phase commands run on the example data as
// CodeBuild runs them (one bash shell for the whole build, the commands of a phase in order,
// a phase ending at its first failing command; a failed install or pre_build skips the later
// phases, a failed build still runs post_build: "Build phase transitions"), and the files its
// report group and artifacts name checked: JUnit XML, written whatever the verdict.
// Usage: node aws_test.mjs TOOLS_DIR
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseDocument } from "yaml";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const tools = process.argv[2] && path.resolve(process.argv[2]);
const fail = (message) => {
  console.error(`aws_test: error: ${message}`);
  process.exit(1);
};
if (!tools) fail("usage: node aws_test.mjs TOOLS_DIR");

// The documented syntax: version 0.2; sections and their keys.
const str = (v) => typeof v === "string";
const strList = (v) => Array.isArray(v) && v.length > 0 && v.every(str);
const yesNo = (v) => ["yes", "no", true, false].includes(v);
const map = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const scalarMap = (v) => map(v) && Object.values(v).every((x) => ["string", "number", "boolean"].includes(typeof x));
const phase = {
  "run-as": str, "on-failure": (v) => ["ABORT", "CONTINUE"].includes(v) || /^RETRY(-\d+)?(-.+)?$/.test(v),
  "runtime-versions": map, commands: strList, finally: strList,
};
const reportGroup = {
  files: strList, "base-directory": str, "discard-paths": yesNo,
  "file-format": (f) => ["JUNITXML", "CUCUMBERJSON", "TESTNGXML", "VISUALSTUDIOTRX", "NUNITXML",
    "NUNIT3XML", "CLOVERXML", "COBERTURAXML", "JACOCOXML", "SIMPLECOV"].includes(f),
};
const syntax = {
  version: (v) => v === 0.2 || v === "0.2",
  "run-as": str,
  env: {
    shell: (v) => ["bash", "/bin/sh"].includes(v), variables: scalarMap, "parameter-store": scalarMap,
    "exported-variables": strList, "secrets-manager": scalarMap, "git-credential-helper": yesNo,
  },
  proxy: { "upload-artifacts": yesNo, logs: yesNo },
  batch: map,
  phases: { install: phase, pre_build: phase, build: phase, post_build: phase },
  reports: (v) => map(v) && Object.values(v).every((group) => check(group, reportGroup).length === 0 && group.files),
  artifacts: {
    files: strList, name: str, "discard-paths": yesNo, "base-directory": str,
    "exclude-paths": strList, "enable-symlinks": yesNo, "s3-prefix": str, "secondary-artifacts": map,
  },
  cache: { key: str, "fallback-keys": strList, action: (v) => ["restore", "save"].includes(v), paths: strList },
};
function check(value, rule, where = "", errors = []) {
  if (typeof rule === "function") {
    if (!rule(value)) errors.push(`${where}: invalid value ${JSON.stringify(value)}`);
  } else if (!map(value)) {
    errors.push(`${where}: expected a mapping`);
  } else {
    for (const [key, child] of Object.entries(value)) {
      if (key in rule) check(child, rule[key], `${where}/${key}`, errors);
      else errors.push(`${where}/${key}: not a buildspec key`);
    }
  }
  return errors;
}
function syntaxErrors(spec) {
  const errors = check(spec, syntax);
  if (!spec.version || !spec.phases) errors.push("version and phases are required");
  if (spec.artifacts && !spec.artifacts.files) errors.push("artifacts/files is required");
  for (const [name, p] of Object.entries(spec.phases ?? {})) {
    if (name !== "install" && p?.["runtime-versions"]) errors.push(`${name}: runtime-versions is for install only`);
  }
  return errors;
}

const file = path.join(root, "templates/aws/buildspec.yml");
const parsed = parseDocument(fs.readFileSync(file, "utf8"));
if (parsed.errors.length) fail(`buildspec.yml: ${parsed.errors[0].message}`);
const spec = parsed.toJS();
const errors = syntaxErrors(spec);
if (errors.length) fail(`buildspec.yml:\n  ${errors.join("\n  ")}`);
if (spec.env.shell !== "bash") fail("buildspec.yml: the commands are bash: env/shell must be bash");
// The check has teeth.
const broken = [
  ["a misspelt phase", (s) => { s.phases.prebuild = s.phases.pre_build; }],
  ["a bad report format", (s) => { s.reports["mlops-gates"]["file-format"] = "JUNIT"; }],
  ["commands as a string", (s) => { s.phases.build.commands = "make"; }],
  ["a report group without files", (s) => { delete s.reports["mlops-gates"].files; }],
];
for (const [what, mutate] of broken) {
  const copy = structuredClone(spec);
  mutate(copy);
  if (syntaxErrors(copy).length === 0) fail(`the syntax check accepted ${what}`);
}
const { runBuild } = await import("./aws_run.mjs");
runBuild({ spec, tools, root, fail });
