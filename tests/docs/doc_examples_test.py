#!/usr/bin/env python3
"""The docs are tested: every shell example in README.md, CONTRIBUTING.md and docs/*.md runs, and every command
line of our binaries in any code block of any Markdown file names options the binary accepts.

Usage: doc_examples_test.py SOURCE_DIR BUILD_DIR

Conventions (tests/docs/README.md says the same for writers):
- Blocks fenced as sh, bash, shell or console run, in order, one page in one fresh temporary
  directory, with BUILD_DIR/tools first on PATH and the placeholders of substitutions.txt
  (beside this file) in place. In console blocks only `$ ` lines (and their `\\` continuation
  lines, with or without a `> ` prompt) are commands; other lines are output and are not run.
- A command that is meant to fail says so on its (last) line: `# exit 1`. Any other non-zero
  exit fails the test, and so does an announced exit that does not happen.
- An HTML comment on the line(s) before a fence says what to do instead of running it:
  `<!-- example: skip (REASON) -->` (counted and printed with its reason), or
  `<!-- example: synopsis -->` (a usage summary with placeholders: not run).
- Every block (any language, run or not; of every Markdown file in the repository, .github's
  included) is also read for command lines of our binaries:
  the subcommand must exist and every --option must be one that `--help` lists.
- Every option a binary's --help lists is documented on its page (or conventions.md,
  attestations.md for the options every tool shares).
- Numbers in json blocks are written as the tools write them: the shortest form that reads back
  exactly (0.5, 100, 1e-300; never 5E-1, 1E2, 0.50 or 2.0).
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

RUN_LANGS = {"sh", "bash", "shell", "console"}
TOOLS = {
    # binary: (page, subcommands; None when the binary takes none)
    "data-validate": ("docs/data-validate.md", ["check", "infer"]),
    "metric-gate": ("docs/metric-gate.md", ["check"]),
    "drift-check": ("docs/drift-check.md", ["compare", "profile", "merge"]),
    "image-tag": ("docs/image-tag.md", None),
    "canary-eval": ("docs/canary-eval.md", ["run"]),
    "mlops-attest": ("docs/attestations.md", ["verify", "audit-verify"]),
}
# Pages that document the options every binary shares.
SHARED_PAGES = ["docs/conventions.md", "docs/attestations.md"]
# Options --help lists that a page need not name, and why.
UNDOCUMENTED_OK = {
    "--help",  # every binary has it; conventions.md shows the usage lines it prints
    "--data",  # the positional DATA of data-validate, as boost's parser names it
    "--file",  # the positional ENVELOPE / LOG of mlops-attest
    "--profiles",  # the positional profiles of drift-check merge
    "--output",  # the long form of -o, which the pages show
}
MARKER = re.compile(r"^\s*<!--\s*example:\s*(.*?)\s*-->\s*$")
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([\w+-]*)")
EXIT_NOTE = re.compile(r"\s+#\s*exit\s+(\d+)\b.*$")
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")


class Block:
    def __init__(self, page, line, lang, lines, markers):
        self.page, self.line, self.lang, self.lines, self.markers = page, line, lang, lines, markers

    def where(self):
        return f"{self.page}:{self.line}"


def read_blocks(root, page):
    """Fenced blocks of a page; line is the opening fence's (1-based)."""
    lines = open(os.path.join(root, page), encoding="utf-8").read().split("\n")
    blocks, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, lang = len(m.group(1)), m.group(2), m.group(3).lower()
        close = re.compile(r"^\s*" + re.escape(fence[0]) + "{%d,}\\s*$" % len(fence))
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        body = [ln[indent:] if ln[:indent].strip() == "" else ln for ln in lines[i + 1:j]]
        markers, k = [], i - 1
        while k >= 0 and (lines[k].strip() == "" or MARKER.match(lines[k])):
            if lines[k].strip():
                markers.append(MARKER.match(lines[k]).group(1))
            k -= 1
        blocks.append(Block(page, i + 1, lang, body, markers))
        i = j + 1
    return blocks


def read_table(path):
    entries = []
    for n, raw in enumerate(open(path, encoding="utf-8"), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 2)
        if len(parts) < 3 or parts[0] not in ("file", "run", "env", "text"):
            sys.exit(f"{path}:{n}: expected `file|run|env|text SCOPE ...`, found: {line}")
        kind, scope, rest = parts
        args = [rest] if kind == "run" else rest.split(None, 1)
        if kind != "run" and len(args) != 2:
            sys.exit(f"{path}:{n}: `{kind}` needs a name and a value: {line}")
        entries.append((kind, scope, args, f"{path}:{n}"))
    return entries


def expand(text, services):
    return (text.replace("${SERVICES}", f"http://127.0.0.1:{services}")
            .replace("${SERVICES_HOST}", f"127.0.0.1:{services}"))


def help_options(tools_dir, tool, sub):
    argv = [os.path.join(tools_dir, tool)] + ([sub] if sub else []) + ["--help"]
    out = subprocess.run(argv, capture_output=True, text=True)
    return set(OPTION.findall(out.stdout + out.stderr))


def logical_lines(lines):
    """(first line index, text) of each command line, joining `\\` continuations."""
    out, i = [], 0
    while i < len(lines):
        start, text = i, lines[i]
        while text.endswith("\\") and i + 1 < len(lines):
            i += 1
            text = text[:-1] + " " + lines[i]
        out.append((start, text))
        i += 1
    return out


def check_invocations(block, tools_dir, cache):
    """Every command line of our binaries: a known subcommand and options --help lists."""
    problems = []
    tool_names = "|".join(re.escape(t) for t in TOOLS)
    call = re.compile(r"(?:^|[\s;|&(`'\"/])(" + tool_names + r")[ \t]+(.*)$")
    logical = logical_lines(block.lines)
    for n, (start, text) in enumerate(logical):
        text = EXIT_NOTE.sub("", text)
        m = call.search(text)
        if not m:
            continue
        # (block line, text) of the command; a usage summary goes on in lines indented deeper
        # than its first (metric-gate.md's), each a piece of its own for the line numbers.
        pieces = [(start, m.group(2))]
        indent = len(text) - len(text.lstrip())
        for more_start, more in logical[n + 1:]:
            if not more.strip() or len(more) - len(more.lstrip()) <= indent or call.search(more):
                break
            pieces.append((more_start, more))
        tool, args = m.group(1), m.group(2).split()
        subs = TOOLS[tool][1]
        sub = None
        if subs is not None:
            if not args or args[0] in ("--help", "-h", "--version"):
                continue
            sub = args[0]
            if sub not in subs and not sub.startswith("-"):
                continue  # prose that names the binary ("data-validate exited 1")
            if sub not in subs:
                problems.append(f"{block.page}:{block.line + 1 + start}: `{tool} {sub}`: "
                                f"{tool} has no subcommand {sub!r} (it has {', '.join(subs)})")
                continue
        key = (tool, sub)
        if key not in cache:
            cache[key] = help_options(tools_dir, tool, sub)
        name = tool + (" " + sub if sub else "")
        for at, piece in pieces:
            for option in OPTION.findall(piece):
                if option not in cache[key] and option != "--version":
                    problems.append(f"{block.page}:{block.line + 1 + at}: `{name}` does not "
                                    f"accept {option} (see `{name} --help`)")
    return problems


def check_pages(root, tools_dir, cache):
    """Every option a binary accepts is named on its page or a shared page."""
    problems = []
    shared = "".join(open(os.path.join(root, p), encoding="utf-8").read() for p in SHARED_PAGES)
    for tool, (page, subs) in TOOLS.items():
        text = open(os.path.join(root, page), encoding="utf-8").read() + shared
        for sub in subs or [None]:
            key = (tool, sub)
            if key not in cache:
                cache[key] = help_options(tools_dir, tool, sub)
            if not cache[key]:
                problems.append(f"{tool} {sub or ''} --help listed no options")
            for option in sorted(cache[key] - UNDOCUMENTED_OK):
                if not re.search(re.escape(option) + r"(?![\w-])", text):
                    problems.append(f"{page}: `{tool}{' ' + sub if sub else ''}` accepts {option}, "
                                    f"which neither {page} nor {', '.join(SHARED_PAGES)} documents")
    return problems


JSON_STRING = re.compile(r'"(?:\\.|[^"\\])*"')
JSON_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w.])")


def significant(text):
    """The significant digits of a decimal number's text: 0.0040 and 4e-3 both give 4."""
    mantissa = re.split(r"[eE]", text.lstrip("-"))[0].replace(".", "")
    return mantissa.lstrip("0").rstrip("0") or "0"


def check_json_numbers(block):
    """Numbers of a json example in the form the tools write: shortest round trip."""
    problems = []
    for n, line in enumerate(block.lines):
        for token in JSON_NUMBER.findall(JSON_STRING.sub('""', line)):
            mantissa = re.split(r"[eE]", token)[0]
            value = float(token)
            if value.is_integer() and abs(value) < 1e16:
                spelling = str(int(value))
            else:
                spelling = repr(value)
            if ("E" in token or ("." in mantissa and mantissa.endswith("0")) or
                    re.match(r"-?0\d", token) or significant(token) != significant(spelling)):
                problems.append(f"{block.page}:{block.line + 1 + n}: JSON number {token} is not "
                                f"in the tools' form, the shortest that reads back: {spelling}")
    return problems


PRELUDE = r"""set -eEo pipefail
__mlops_fail() { printf '%s\n%s\n%s\n' "$1" "$2" "$3" > "$MLOPS_DOC_FAIL"; }
trap '__mlops_fail "$?" "$LINENO" "$BASH_COMMAND"' ERR
__mlops_check() {  # RC WANT LINE
  if [ "$1" -ne "$2" ]; then __mlops_fail "$1" "$3" "announced exit $2"; exit 1; fi
}
"""


def script_of(block):
    """The block as a bash script whose line N + offset is the block's line N."""
    lines = list(block.lines)
    header = PRELUDE.count("\n")
    if block.lang == "console":
        out, continued = [], False
        for ln in lines:
            if continued:
                text = ln[2:] if ln.startswith("> ") else ln
            elif ln.startswith("$ "):
                text = ln[2:]
            else:
                out.append("")  # output: not run, but keeps the line numbers
                continue
            out.append(text)
            continued = text.endswith("\\")
        lines = out
    for start, text in reversed(logical_lines(lines)):
        m = EXIT_NOTE.search(text)
        if not m:
            continue
        end = start
        while lines[end].endswith("\\"):
            end += 1
        want = m.group(1)
        lines[start] = "if " + lines[start]
        lines[end] = (EXIT_NOTE.sub("", lines[end]) + "; then __mlops_rc=0; else __mlops_rc=$?; fi;"
                      f" __mlops_check \"$__mlops_rc\" {want} {header + start + 1}")
    return PRELUDE + "\n".join(lines) + "\n", header


def tail(path, n=12):
    try:
        text = open(path, encoding="utf-8", errors="replace").read().rstrip("\n")
    except OSError:
        return ""
    return "\n".join("    | " + ln for ln in text.split("\n")[-n:]) if text else "    | (empty)"


def run_page(root, tools_dir, page, blocks, table, services, counts):
    failures = []
    work = tempfile.mkdtemp(prefix="mlops-doc-")
    try:
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("GITHUB_", "RUNNER_", "MLFLOW_", "MLOPS_"))}
        env.update(PATH=tools_dir + os.pathsep + env.get("PATH", "/usr/bin:/bin"),
                   HOME=os.path.join(work, ".home"), ROOT=root, TOOLS=tools_dir, LC_ALL="C.UTF-8")
        os.makedirs(env["HOME"])
        texts = []
        for kind, scope, args, where in table:
            if scope not in ("*", page):
                continue
            if kind == "file":
                dest, src = os.path.join(work, args[0]), os.path.join(root, args[1])
                os.makedirs(os.path.dirname(dest), exist_ok=True)
                (shutil.copytree if os.path.isdir(src) else shutil.copyfile)(src, dest)
            elif kind == "run":
                r = subprocess.run(["bash", "-euo", "pipefail", "-c", args[0]], cwd=work, env=env,
                                   capture_output=True, text=True)
                if r.returncode != 0:
                    return [f"{where}: setup `{args[0]}` exited {r.returncode}: {r.stderr.strip()}"]
            elif kind == "env":
                env[args[0]] = expand(args[1], services)
            else:
                texts.append((args[0], expand(args[1], services)))
        for block in blocks:
            script, header = script_of(block)
            for src, dest in texts:
                script = script.replace(src, dest)
            path = os.path.join(work, ".example.sh")
            open(path, "w", encoding="utf-8").write(script)
            env["MLOPS_DOC_FAIL"] = os.path.join(work, ".example.fail")
            if os.path.exists(env["MLOPS_DOC_FAIL"]):
                os.remove(env["MLOPS_DOC_FAIL"])
            out, err = os.path.join(work, ".example.out"), os.path.join(work, ".example.err")
            with open(out, "w") as fo, open(err, "w") as fe:
                rc = subprocess.run(["bash", path], cwd=work, env=env, stdout=fo, stderr=fe,
                                    stdin=subprocess.DEVNULL).returncode
            counts["run"] += 1
            if rc == 0:
                continue
            try:
                code, lineno, command = open(env["MLOPS_DOC_FAIL"]).read().split("\n")[:3]
                at = block.line + int(lineno) - header
                block_line = int(lineno) - header - 1
                whole = dict(logical_lines(block.lines))  # the command with its continuations
                shown = " ".join(whole[block_line].split()) if block_line in whole else command
                if command.startswith("announced exit"):
                    why = f"exit {code}, but the example announces `# {command[10:]}`"
                else:
                    why = f"exit {code}, not announced (add `# exit {code}` if it is meant to fail)"
            except (OSError, ValueError):
                at, shown, why = block.line, "(the block)", f"bash exited {rc}"
            failures.append(f"{page}:{at} (block at line {block.line}): `{shown}`: {why}\n"
                            f"  stderr, last lines:\n{tail(err)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return failures


def markdown_files(root):
    for top, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs
                   if d not in (".git", "node_modules") and not d.startswith("build")]
        for name in files:
            if name.endswith(".md"):
                yield os.path.relpath(os.path.join(top, name), root)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: doc_examples_test.py SOURCE_DIR BUILD_DIR")
    root, build = (os.path.abspath(a) for a in sys.argv[1:])
    tools_dir = os.path.join(build, "tools")
    here = os.path.dirname(os.path.abspath(__file__))
    table = read_table(os.path.join(here, "substitutions.txt"))
    pages = ["README.md", "CONTRIBUTING.md"] + sorted(os.path.relpath(p, root)
                                   for p in glob.glob(os.path.join(root, "docs", "*.md")))
    problems, skipped, runnable, cache = [], [], {}, {}
    synopses = 0
    # The static checks read every Markdown file (actions', templates', workflows' manuals too);
    # the examples of README.md, CONTRIBUTING.md and docs/ also run.
    for page in sorted(set(pages) | set(markdown_files(root))):
        for block in read_blocks(root, page):
            problems += check_invocations(block, tools_dir, cache)
            if block.lang == "json":
                problems += check_json_numbers(block)
            if block.lang not in RUN_LANGS or page not in pages:
                continue
            markers = block.markers
            if not markers:
                runnable.setdefault(page, []).append(block)
                continue
            for marker in markers:
                m = re.fullmatch(r"skip \((.+)\)", marker)
                if m:
                    skipped.append((block.where(), m.group(1)))
                elif marker == "synopsis":
                    synopses += 1
                else:
                    problems.append(f"{block.where()}: unknown marker `<!-- example: {marker} -->`"
                                    " (known: `skip (REASON)`, `synopsis`)")
    problems += check_pages(root, tools_dir, cache)
    # A placeholder no example uses any more is a stale entry: the table stays what the docs need.
    for kind, scope, args, where in table:
        if kind in ("file", "text"):
            used = any(args[0] in "\n".join(b.lines) for page, blocks in runnable.items()
                       if scope in ("*", page) for b in blocks)
            if not used:
                problems.append(f"{where}: no example that runs uses {args[0]!r}: remove the entry")

    services = subprocess.Popen(
        [sys.executable, os.path.join(here, "doc_services.py"),
         os.path.join(root, "examples/model/champion-metrics.json")],
        stdout=subprocess.PIPE, text=True)
    try:
        port = services.stdout.readline().strip()
        if not port.isdigit():
            sys.exit("doc_services.py did not start (no port on its stdout)")
        counts = {"run": 0}
        for page, blocks in runnable.items():
            problems += run_page(root, tools_dir, page, blocks, table, port, counts)
    finally:
        services.terminate()
        services.wait()

    print(f"docs: {counts['run']} example blocks run, {synopses} synopses not run, "
          f"{len(skipped)} skipped")
    for where, reason in skipped:
        print(f"  skipped {where}: {reason}")
    if counts["run"] == 0:
        problems.append("no example was run: is the page list or the fence parsing broken?")
    for p in problems:
        print("FAIL " + p)
    print(f"docs: {len(problems)} problems (how examples are run and marked: tests/docs/README.md)"
          if problems else "docs: every example passed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
