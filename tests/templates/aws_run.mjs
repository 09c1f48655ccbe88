// Runs the phases of templates/aws/buildspec.yml as CodeBuild would (aws_test.mjs checks its
// syntax first), on the example data in a temporary source directory.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";

const PHASES = ["install", "pre_build", "build", "post_build"];

// One bash for the whole build; each command sourced in turn (variables persist, as in
// CodeBuild's single shell); a phase stops at its first failing command. Transitions: a
// failed install or pre_build skips to the end; a failed build still runs post_build.
function build(ctx, src, env) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "buildspec."));
  const lines = ['run_phase() {', '  local name=$1 f rc; shift', '  for f in "$@"; do',
    '    . "$f"; rc=$?', '    if [ "$rc" -ne 0 ]; then echo "$name FAILED" >>"$STATUS"; return 1; fi',
    '  done', '  echo "$name SUCCEEDED" >>"$STATUS"', '}', `cd ${JSON.stringify(src)}`];
  for (const name of PHASES) {
    const files = (ctx.spec.phases[name]?.commands ?? []).map((command, i) => {
      const f = path.join(dir, `${name}-${i}.sh`);
      fs.writeFileSync(f, `${command}\n`);
      return JSON.stringify(f);
    });
    lines.push(`${name}() { run_phase ${name} ${files.join(" ")}; }`);
  }
  lines.push("install && pre_build && { build; post_build; }", "true");
  const status = path.join(dir, "status");
  const run = spawnSync("bash", ["-c", lines.join("\n")], {
    encoding: "utf8", env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, STATUS: status },
  });
  const phases = fs.existsSync(status) ? fs.readFileSync(status, "utf8").trim().split("\n") : [];
  fs.rmSync(dir, { recursive: true, force: true });
  return { phases: phases.join(", "), output: `${run.stdout}${run.stderr}` };
}

const globRegex = (pattern) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")}$`);
function published(ctx, src, section) {
  const base = path.join(src, section["base-directory"] ?? ".");
  const present = fs.existsSync(base) ? fs.readdirSync(base) : [];
  return section.files.map((pattern) => [pattern, present.filter((f) => globRegex(pattern).test(f))
    .map((f) => path.join(base, f))]);
}

function junit(file) {
  const xml = fs.readFileSync(file, "utf8");
  const suite = /<testsuite [^>]*tests="(\d+)"[^>]*failures="(\d+)"[^>]*errors="(\d+)"/.exec(xml);
  if (!xml.includes("<testsuites") || !suite) return null;
  return { tests: +suite[1], failures: +suite[2], errors: +suite[3], xml };
}

function stage(ctx, src) {
  fs.rmSync(src, { recursive: true, force: true });
  const copies = {
    "examples/seattle-weather.csv": "data/train.csv", "examples/weather-contract.yaml": "contracts/train.yaml",
    "examples/drift/reference.csv": "data/reference.csv", "examples/drift/drift.yaml": "drift.yaml",
    "examples/model/gate.yaml": "gates/model.yaml", "examples/model/candidate-predictions.csv": "eval/predictions.csv",
    "examples/model/champion-metrics.json": "eval/champion-metrics.json",
  };
  for (const [from, to] of Object.entries(copies)) {
    fs.mkdirSync(path.dirname(path.join(src, to)), { recursive: true });
    fs.copyFileSync(path.join(ctx.root, from), path.join(src, to));
  }
}

// A local "release" of the built binaries, as the install phase downloads it (file:// URLs).
function release(ctx, work, version, goodSum) {
  const asset = os.arch() === "arm64" ? "mlops-actions-linux-arm64.tar.gz" : "mlops-actions-linux-x64.tar.gz";
  const dir = path.join(work, "releases", version);
  fs.mkdirSync(path.join(dir, "pkg/bin"), { recursive: true });
  for (const tool of ["data-validate", "metric-gate", "drift-check", "image-tag", "canary-eval", "mlops-attest"]) {
    fs.copyFileSync(path.join(ctx.tools, tool), path.join(dir, "pkg/bin", tool));
    fs.chmodSync(path.join(dir, "pkg/bin", tool), 0o755);
  }
  spawnSync("tar", ["-czf", path.join(dir, asset), "-C", path.join(dir, "pkg"), "bin"]);
  const sum = goodSum ? spawnSync("sha256sum", [asset], { cwd: dir, encoding: "utf8" }).stdout
    : `${"0".repeat(64)}  ${asset}\n`;
  fs.writeFileSync(path.join(dir, "SHA256SUMS"), sum);
  return { MLOPS_RELEASES: `file://${path.join(work, "releases")}`, MLOPS_VERSION: version };
}

function expectBuild(ctx, what, run, phases) {
  if (run.phases !== phases) ctx.fail(`${what}: phases "${run.phases}", expected "${phases}"\n${run.output}`);
}

function expectReports(ctx, src, what, verdicts) {
  for (const [pattern, files] of published(ctx, src, ctx.spec.reports["mlops-gates"])) {
    if (files.length !== 1) ctx.fail(`${what}: the report group names ${pattern}, ${files.length} files match`);
    const report = junit(files[0]);
    if (!report || report.tests === 0) ctx.fail(`${what}: ${pattern} is not a JUnit report with test cases`);
    const got = report.errors ? "errored" : report.failures ? "failed" : "passed";
    if (got !== verdicts[pattern]) ctx.fail(`${what}: ${pattern} ${got}, expected ${verdicts[pattern]}`);
  }
}

export function runBuild(ctx) {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "aws-test."));
  try {
    const src = path.join(work, "src");
    const env = { ...ctx.spec.env.variables, ...release(ctx, work, "v9.9.9", true) };
    stage(ctx, src);
    const all = "install SUCCEEDED, pre_build SUCCEEDED, build SUCCEEDED, post_build SUCCEEDED";
    let run = build(ctx, src, env);
    expectBuild(ctx, "the example data", run, all);
    if (!run.output.includes("every gate passed")) ctx.fail(`post_build did not report the gates: ${run.output}`);
    const pass = { "data-validate.xml": "passed", "drift-check.xml": "passed", "metric-gate.xml": "passed" };
    expectReports(ctx, src, "the example data", pass);
    for (const [pattern, files] of published(ctx, src, ctx.spec.artifacts)) {
      if (files.length === 0) ctx.fail(`the artifacts name ${pattern} but nothing matches`);
    }
    // The next build finds the release in the cached directory.
    run = build(ctx, src, env);
    expectBuild(ctx, "a cached install", run, all);
    if (!run.output.includes("v9.9.9 is installed")) ctx.fail("the install phase did not reuse the cached release");

    const failedBuild = "install SUCCEEDED, pre_build SUCCEEDED, build FAILED, post_build SUCCEEDED";
    fs.copyFileSync(path.join(ctx.root, "examples/model/strict-gate.yaml"), path.join(src, "gates/model.yaml"));
    run = build(ctx, src, env);
    expectBuild(ctx, "a failing gate", run, failedBuild);
    if (!run.output.includes("metric-gate exited 1")) ctx.fail(`no "metric-gate exited 1" in the log:\n${run.output}`);
    expectReports(ctx, src, "a failing gate", { ...pass, "metric-gate.xml": "failed" });

    stage(ctx, src);
    fs.rmSync(path.join(src, "data/train.csv"));
    run = build(ctx, src, env);
    expectBuild(ctx, "missing data", run, failedBuild);
    if (!/data-validate exited 3[\s\S]*drift-check exited 3/.test(run.output)) ctx.fail(`missing data is not exit 3:\n${run.output}`);
    expectReports(ctx, src, "missing data", { ...pass, "data-validate.xml": "errored", "drift-check.xml": "errored" });

    stage(ctx, src);
    fs.writeFileSync(path.join(src, "drift.yaml"), "preset: calibrated\ndrift_share: high\n");
    run = build(ctx, src, env);
    expectBuild(ctx, "a bad drift config", run, failedBuild);
    expectReports(ctx, src, "a bad drift config", { ...pass, "drift-check.xml": "errored" });

    // A release whose checksum does not match: nothing installed, no gate runs.
    stage(ctx, src);
    run = build(ctx, src, { ...env, ...release(ctx, work, "v9.9.8", false) });
    expectBuild(ctx, "a bad checksum", run, "install FAILED");
    if (!run.output.includes("refusing to install") || fs.existsSync(path.join(src, ".mlops-actions/bin"))) {
      ctx.fail(`an asset with a bad checksum was installed:\n${run.output}`);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log("aws template: buildspec.yml matches CodeBuild's documented syntax; its phases ran on the example " +
    "data (pass, cached install, failing gate, missing input, bad config, bad checksum) with JUnit reports");
}
