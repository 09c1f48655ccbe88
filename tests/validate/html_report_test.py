#!/usr/bin/env python3
"""data-validate's HTML report leads with what failed, rendered in headless Chromium.

  html_report_test.py BUILD_DIR OUT_DIR

Validates the FAA birdstrikes data (tests/data/birdstrikes.csv) against a contract it breaks
twice (tests/data/config/birdstrikes-contract.yaml), writes the HTML and JSON reports, and
checks what Chromium makes of the page (--dump-dom):
  - the failed checks come first: a "Failed checks" section before the table, and in the
    table every failed row before every passed one;
  - each failed check's section holds every offending value of the JSON report's
    unexpected_values with its count, and its examples at file:line;
  - expectations counted independently with Python's csv module: damage codes C (14 rows, first
    at line 301) and B (1 row); speeds above 300 knots 320 (12), 310 (5), 340 (2), 350 (1),
    first at line 45; the bars of "Effect Amount of damage" sum to all 10,000 rows; the string
    column "Airport Name" shows its most frequent value (DALLAS/FORT WORTH INTL ARPT, 908 rows);
  - nothing in a chart is clipped or overlaps: a copy of the page with a script appended
    measures every chart text's box (getBBox) against its SVG's viewBox and the bar it labels,
    in the browser's own layout.
Leaves the pages, DOM dumps and screenshots (PNG) in OUT_DIR. CHROMIUM names the browser.
"""
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from html.parser import HTMLParser

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def run(argv):
    """(exit status, output); the limit only stops a hung browser."""
    try:
        r = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           timeout=300, check=False)
    except subprocess.TimeoutExpired:
        sys.exit(f"html_report_test: error: {argv[0]} did not finish within 300 s")
    return r.returncode, r.stdout


def chromium(out, page, *flags):
    """Chromium's output for `page` (a path) with `flags`, in a profile of its own."""
    browser = os.environ.get("CHROMIUM", "chromium")
    if shutil.which(browser) is None:
        sys.exit(f"html_report_test: error: {browser} not found, install the Debian package "
                 "chromium (scripts/install-deps.sh) or set CHROMIUM")
    with tempfile.TemporaryDirectory(dir=out) as profile:
        status, text = run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                            "--no-proxy-server", "--hide-scrollbars",
                            "--force-device-scale-factor=1", f"--user-data-dir={profile}",
                            "--window-size=1280,3200", "--virtual-time-budget=5000", *flags,
                            "file://" + page])
    if status != 0:
        sys.exit(f"html_report_test: error: chromium exited {status} on {page}:\n{text}")
    return text


class Page(HTMLParser):
    """The parts of a dumped DOM the checks read: the text of each failure section by check
    name, the status of each table row in order, the headings in order, and each column card's
    text (with the SVG <title>s, which hold the full values)."""

    def __init__(self):
        super().__init__()
        self.sections, self.rows, self.headings, self.cards = {}, [], [], {}
        self.text = []
        self.where = None  # ("section", buffer) / ("card", buffer) being collected
        self.depth = 0
        self.tag_stack = []
        self.pending = None
        self.name = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section" and a.get("class") == "failure":
            self.where, self.depth = ("section", []), 0
        elif tag == "div" and a.get("class") == "col":
            self.where, self.depth = ("card", []), 0
        elif self.where and tag in ("section", "div"):
            self.depth += 1
        if tag == "td" and not self.tag_stack[-1:] == ["td"] and a.get("class") in (
                "pass", "fail", "warning", "skipped", "error"):
            self.rows.append(a["class"])
        if tag == "h2" or (tag == "code" and self.tag_stack[-1:] == ["h3"]):
            self.pending = []
        self.tag_stack.append(tag)

    def handle_endtag(self, tag):
        if self.tag_stack:
            self.tag_stack.pop()
        if tag in ("h2", "code") and self.pending is not None:
            text = "".join(self.pending).strip()
            if tag == "h2":
                self.headings.append(text)
            else:
                self.name = text  # the check's name in a failure section's heading
            self.pending = None
        if self.where and tag in ("section", "div"):
            if self.depth > 0:
                self.depth -= 1
                return
            kind, buf = self.where
            text = " ".join("".join(buf).split())
            if kind == "section":
                self.sections[self.name] = text
            else:
                self.cards[text.split(" ")[0] if text else ""] = text
            self.where = None

    def handle_data(self, data):
        self.text.append(data)
        if self.pending is not None:
            self.pending.append(data)
        if self.where:
            self.where[1].append(data + " ")


# Appended to a copy of the page: every text of a column chart must lie inside its SVG's
# viewBox, and a bar's label must end before the bar starts. The result replaces the page's
# body text in a <pre id="layout">, as JSON, for --dump-dom to carry out.
LAYOUT_SCRIPT = """<script>
const problems = [];
let texts = 0;
for (const card of document.querySelectorAll('.col')) {
  for (const svg of card.querySelectorAll('svg')) {
    const box = svg.viewBox.baseVal;
    for (const t of svg.querySelectorAll('text')) {
      texts++;
      const b = t.getBBox();
      if (b.x < box.x - 0.5 || b.x + b.width > box.x + box.width + 0.5)
        problems.push(card.querySelector('b').textContent + ': "' + t.textContent +
                      '" spans ' + b.x.toFixed(1) + '..' + (b.x + b.width).toFixed(1) +
                      ' outside 0..' + box.width);
      const rect = t.nextElementSibling;
      if (rect && rect.tagName === 'rect' && b.x + b.width > rect.x.baseVal.value + 0.5)
        problems.push(card.querySelector('b').textContent + ': label "' + t.textContent +
                      '" overlaps its bar');
    }
  }
}
const pre = document.createElement('pre');
pre.id = 'layout';
pre.textContent = JSON.stringify({texts, problems});
document.body.appendChild(pre);
</script>"""


def layout(out, html_path):
    with open(html_path, encoding="utf-8") as f:
        page = f.read()
    probe = os.path.join(out, "layout-probe.html")
    with open(probe, "w", encoding="utf-8") as f:
        f.write(page.replace("</body>", LAYOUT_SCRIPT + "</body>"))
    dom = chromium(out, probe, "--dump-dom")
    start = dom.find('<pre id="layout">')
    if start < 0:
        sys.exit("html_report_test: error: the layout script left no result:\n" + dom[-2000:])
    body = dom[start + len('<pre id="layout">'):dom.index("</pre>", start)]
    return json.loads(body.replace("&quot;", '"').replace("&amp;", "&").replace("&lt;", "<")
                      .replace("&gt;", ">"))


def rows_of(n):
    """A row count as the page writes it: "1 row", "8,939 rows"."""
    return f"{n:,} row" + ("" if n == 1 else "s")


def independent_counts(data):
    """What the report must show, counted here with the csv module."""
    with open(data, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return (len(rows), Counter(r["Effect Amount of damage"] for r in rows),
            Counter(r["Airport Name"] for r in rows))


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: html_report_test.py BUILD_DIR OUT_DIR")
    build, out = sys.argv[1], os.path.abspath(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    here = os.path.dirname(os.path.abspath(__file__))
    data = os.path.normpath(os.path.join(here, "..", "data", "birdstrikes.csv"))
    contract = os.path.normpath(os.path.join(here, "..", "data", "config",
                                             "birdstrikes-contract.yaml"))
    html, report = os.path.join(out, "birdstrikes.html"), os.path.join(out, "birdstrikes.json")
    status, log = run([os.path.join(build, "tools", "data-validate"), "check", data,
                       "--contract", contract, "--html", html, "--json", report, "-q"])
    if status != 1:
        sys.exit(f"html_report_test: error: data-validate exited {status}, expected 1:\n{log}")
    with open(report, encoding="utf-8") as f:
        checks = json.load(f)["checks"]

    dom = chromium(out, html, "--dump-dom")
    with open(os.path.join(out, "birdstrikes.dom.html"), "w", encoding="utf-8") as f:
        f.write(dom)
    chromium(out, html, "--screenshot=" + os.path.join(out, "birdstrikes.png"))
    page = Page()
    page.feed(dom)

    # Failed checks first.
    check(page.headings[:2] == ["Failed checks", "Checks"],
          f"the failed checks come before the table of checks (headings {page.headings})")
    failed = [c for c in checks if c["status"] in ("fail", "error")]
    check(len(failed) == 2 and len(page.sections) == 2,
          f"two failed checks in the report and two failure sections ({len(page.sections)})")
    first_pass = page.rows.index("pass") if "pass" in page.rows else len(page.rows)
    check(page.rows[:first_pass] == ["fail", "fail"] and "fail" not in page.rows[first_pass:],
          f"in the table the failed rows come before the passed ones ({page.rows[:4]}...)")

    # Every offending value and example of each failed check, in its own section.
    for c in failed:
        text = page.sections.get(c["name"], "")
        check(bool(text), f"{c['name']} has a failure section")
        for v in c.get("unexpected_values", []):
            check(f"{v['value']} {v['count']:,}" in text,
                  f"{c['name']}: offending value {v['value']!r} with its {v['count']} rows")
        for e in c["examples"]:
            check(f"{e['file']}:{e['line']} {e['value']}" in text,
                  f"{c['name']}: example at {os.path.basename(e['file'])}:{e['line']}")

    # Hand-counted: the same numbers without the JSON report.
    rows, damage, airports = independent_counts(data)
    dmg = page.sections.get("Effect Amount of damage.allowed", "")
    check(f"{data}:301 C" in dmg and "C 14" in dmg and "B 1" in dmg,
          "damage: C (14 rows, first at line 301) and B (1 row)")
    speed = page.sections.get("Speed IAS in knots.max", "")
    check(all(s in speed for s in (f"{data}:45 320", "320 12", "310 5", "340 2", "350 1")),
          "speed: 320 x12 (first at line 45), 310 x5, 340 x2, 350 x1")
    card = page.cards.get("Effect", "")
    shown = sum(damage[v] for v in damage if f"{v} (not allowed): {rows_of(damage[v])}" in card or
                f"{v}: {rows_of(damage[v])}" in card)
    check(shown == rows == 10000 and "(not allowed)" in card,
          f"the damage bars count {shown:,} of {rows:,} rows, offending values included")
    top, n = airports.most_common(1)[0]
    airport_card = page.cards.get("Airport", "")
    check(f"{top}: {rows_of(n)}" in airport_card and "no values" not in airport_card,
          f"Airport Name (string) shows its top value {top} ({n} rows)")
    check(f"{damage['None']:,}" in card, f"the count of None reads {damage['None']:,}")

    # Nothing clipped, in Chromium's layout.
    result = layout(out, html)
    check(result["texts"] > 50, f"the layout script measured {result['texts']} chart texts")
    for p in result["problems"]:
        check(False, p)
    if not result["problems"]:
        check(True, "no chart text is clipped or overlaps its bar")

    if failures:
        sys.exit(f"html_report_test: {len(failures)} check(s) failed, pages in {out}")
    print(f"html_report_test: all checks passed, pages and screenshot in {out}")


if __name__ == "__main__":
    main()
