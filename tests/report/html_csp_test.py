#!/usr/bin/env python3
"""Every HTML report keeps the colours that carry its meaning under Jenkins' default
Content-Security-Policy, which blocks <style> blocks, style="" attributes and scripts.

  html_csp_test.py BUILD_DIR OUT_DIR

Writes data-validate's and drift-check's HTML reports from the bundled examples (a pass and a
fail for each), serves them from a real HTTP server on 127.0.0.1 (a free port) that sends
  Content-Security-Policy: sandbox; default-src 'none'; img-src 'self'; style-src 'self';
renders each in headless Chromium (CHROMIUM names it, default chromium) and checks the pixels
of the screenshot: the verdict colour (fail red or pass green, and not the other beyond a
mark) in the banner at the top, the colour of each chart series on the page, and the verdict marks below the
banner. A probe page first proves the header is applied: its <style> and style="" colours must
not appear under the header and must appear without it. Leaves the pages and screenshots in
OUT_DIR. PNGs are decoded here (zlib + struct) so the test needs nothing beyond python3.
"""
import functools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.request
import zlib
from collections import Counter
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from struct import unpack

CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'self';"
WIDTH, HEIGHT = 1280, 3000
BANNER_ROWS = 160  # the heading with the verdict is within the top 160 px at any page layout

# The report colours (src/report/html.h): verdicts and chart series, in the light scheme.
FAIL_RED = (0xCF, 0x22, 0x2E)
PASS_GREEN = (0x1A, 0x7F, 0x37)
REFERENCE_BLUE = (0x2F, 0x6F, 0xB0)
CURRENT_ORANGE = (0xE8, 0x71, 0x0A)
VALIDATE_HISTOGRAM = (0x4C, 0x78, 0xA8)
VALIDATE_BARS = (0xF5, 0x85, 0x18)

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


class Handler(SimpleHTTPRequestHandler):
    """Serves OUT_DIR with the CSP header, except under /no-csp/ (the probe's control)."""

    def translate_path(self, path):
        if path.startswith("/no-csp/"):
            path = path[len("/no-csp"):]
        return super().translate_path(path)

    def end_headers(self):
        if not self.path.startswith("/no-csp/"):
            self.send_header("Content-Security-Policy", CSP)
        super().end_headers()

    def log_message(self, *args):
        pass


def read_png(path):
    """(width, height, rows): rows[y] is a bytes of RGB triples. 8-bit RGB or RGBA only."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    pos, idat = 8, []
    while pos < len(data):
        length, kind = unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if depth != 8 or colour not in (2, 6) or interlace != 0:
        raise ValueError(f"{path}: depth {depth}, colour type {colour}, interlace {interlace}")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    prev = bytearray(stride)
    rows = []
    at = 0
    for _ in range(height):
        kind, line = raw[at], bytearray(raw[at + 1:at + 1 + stride])
        at += 1 + stride
        if kind == 1:
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif kind == 3:
            for x in range(stride):
                left = line[x - bpp] if x >= bpp else 0
                line[x] = (line[x] + ((left + prev[x]) >> 1)) & 0xFF
        elif kind == 4:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b, c = prev[x], prev[x - bpp] if x >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        elif kind != 0:
            raise ValueError(f"{path}: unknown PNG filter {kind}")
        prev = line
        rows.append(bytes(line) if bpp == 3 else bytes(b for i, b in enumerate(line) if i % 4 != 3))
    return width, height, rows


def colours(rows):
    """How many pixels of each colour, as a Counter of (r, g, b)."""
    counts = Counter()
    for row in rows:
        counts.update(zip(row[0::3], row[1::3], row[2::3]))
    return counts


def near(counts, colour, tolerance=4):
    """Pixels within `tolerance` per channel of `colour`: its fills, not antialiased edges."""
    return sum(n for c, n in counts.items()
               if all(abs(a - b) <= tolerance for a, b in zip(c, colour)))


def run(argv):
    """(exit status, output) of argv. The time limit only stops a hung browser; a busy machine
    renders these pages in seconds."""
    try:
        result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, timeout=300, check=False)
    except subprocess.TimeoutExpired:
        sys.exit(f"html_csp_test: error: {argv[0]} did not finish within 300 s")
    return result.returncode, result.stdout


class Renderer:
    def __init__(self, out, base):
        self.chromium = os.environ.get("CHROMIUM", "chromium")
        if shutil.which(self.chromium) is None:
            sys.exit(f"html_csp_test: error: {self.chromium} not found, install the Debian "
                     "package chromium (scripts/install-deps.sh) or set CHROMIUM")
        self.out, self.base = out, base

    def screenshot(self, path, name):
        """The page at `path` rendered at WIDTH x HEIGHT, as colour counts (banner, rest)."""
        png = os.path.join(self.out, name + ".png")
        if os.path.exists(png):
            os.remove(png)
        # A profile of its own per page; sRGB and scale 1 so that fills keep their exact values;
        # the virtual time budget lets the page finish loading before the screenshot, without
        # depending on the machine's speed.
        with tempfile.TemporaryDirectory(dir=self.out) as profile:
            status, log = run([self.chromium, "--headless", "--no-sandbox", "--disable-gpu",
                               "--no-proxy-server",
                               "--hide-scrollbars", "--force-color-profile=srgb",
                               "--force-device-scale-factor=1", f"--user-data-dir={profile}",
                               f"--window-size={WIDTH},{HEIGHT}", "--virtual-time-budget=5000",
                               f"--screenshot={png}", self.base + path])
        if status != 0 or not os.path.exists(png):
            sys.exit(f"html_csp_test: error: chromium exited {status} without a screenshot of "
                     f"{path}:\n{log}")
        width, height, rows = read_png(png)
        if (width, height) != (WIDTH, HEIGHT):
            sys.exit(f"html_csp_test: error: {png} is {width}x{height}, expected "
                     f"{WIDTH}x{HEIGHT}")
        return colours(rows[:BANNER_ROWS]), colours(rows[BANNER_ROWS:])


def write_reports(build, out):
    """{name: (html file, expected verdict)} from the bundled examples."""
    here = os.path.dirname(os.path.abspath(__file__))
    examples = os.path.normpath(os.path.join(here, "..", "..", "examples"))
    tools = os.path.join(build, "tools")
    validate, drift = os.path.join(tools, "data-validate"), os.path.join(tools, "drift-check")
    # A failing data set: the example with a value its contract does not allow.
    with open(os.path.join(examples, "seattle-weather.csv"), encoding="utf-8") as f:
        weather = f.read().splitlines(keepends=True)
    weather[1] = weather[1].rsplit(",", 1)[0] + ",hail\n"
    hail = os.path.join(out, "weather-with-hail.csv")
    with open(hail, "w", encoding="utf-8") as f:
        f.writelines(weather)
    contract = os.path.join(examples, "weather-contract.yaml")
    d = os.path.join(examples, "drift")
    jobs = {
        "validate-pass": ([validate, "check", "-q", "--contract", contract, os.path.join(examples,
                           "seattle-weather.csv")], 0, "pass"),
        "validate-fail": ([validate, "check", "-q", "--contract", contract, hail], 1, "fail"),
        "drift-pass": ([drift, "compare", "-r", os.path.join(d, "reference.csv"), "-c",
                        os.path.join(d, "current-same-period.csv"), "--config",
                        os.path.join(d, "drift.yaml"), "-q"], 0, "pass"),
        "drift-fail": ([drift, "compare", "-r", os.path.join(d, "reference.csv"), "-c",
                        os.path.join(d, "current-summer-2015.csv"), "--config",
                        os.path.join(d, "drift.yaml"), "-q"], 1, "fail"),
    }
    pages = {}
    for name, (argv, expected_exit, verdict) in jobs.items():
        html = os.path.join(out, name + ".html")
        status, log = run(argv + ["--html", html])
        if status != expected_exit or not os.path.exists(html):
            sys.exit(f"html_csp_test: error: {name}: exited {status}, expected {expected_exit} "
                     f"and a page at {html}:\n{log}")
        pages[name] = verdict
    return pages


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: html_csp_test.py BUILD_DIR OUT_DIR")
    build, out = sys.argv[1], os.path.abspath(sys.argv[2])
    os.makedirs(out, exist_ok=True)
    pages = write_reports(build, out)
    with open(os.path.join(out, "probe.html"), "w", encoding="utf-8") as f:
        f.write('<!DOCTYPE html><html><head><style>body{background:#ff00ff}</style></head>'
                '<body><p style="background:#00ff00">inline style</p>'
                '<svg width="100" height="100"><rect width="100" height="100" fill="#0000ff"/>'
                "</svg></body></html>\n")

    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(Handler, directory=out))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        # Straight to the local server, whatever proxy the environment names.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(base + "/probe.html") as reply:
            check(reply.headers.get("Content-Security-Policy") == CSP,
                  "the server sends the CSP header")
        renderer = Renderer(out, base)

        # The probe: the header really is applied, and the pixel checks could see a style.
        top, rest = renderer.screenshot("/probe.html", "probe")
        everything = top + rest
        check(near(everything, (0xFF, 0x00, 0xFF)) == 0, "under the CSP a <style> is not applied")
        check(near(everything, (0x00, 0xFF, 0x00)) == 0,
              "under the CSP a style attribute is not applied")
        check(near(everything, (0x00, 0x00, 0xFF)) >= 9000,
              "under the CSP an SVG fill attribute is applied")
        top, rest = renderer.screenshot("/no-csp/probe.html", "probe-no-csp")
        check(near(top + rest, (0xFF, 0x00, 0xFF)) > 100000,
              "without the CSP the same <style> is applied (the check can see it)")

        for name, verdict in pages.items():
            top, rest = renderer.screenshot(f"/{name}.html", name)
            red, green = near(top, FAIL_RED), near(top, PASS_GREEN)
            # A badge is over 1,500 px of its colour; the other colour is at most a mark's
            # (about 100 px: the drift page's "schema unchanged" is green above a DRIFT).
            if verdict == "fail":
                check(red >= 1500 and green < 200,
                      f"{name}: the banner is fail red ({red} px red, {green} px green)")
                marks = near(rest, FAIL_RED)
                check(marks >= 20, f"{name}: verdict marks below the banner ({marks} px red)")
            else:
                check(green >= 1500 and red < 200,
                      f"{name}: the banner is pass green ({green} px green, {red} px red)")
                marks = near(rest, PASS_GREEN)
                check(marks >= 20, f"{name}: verdict marks below the banner ({marks} px green)")
            if name.startswith("drift"):
                series = {"reference": REFERENCE_BLUE, "current": CURRENT_ORANGE}
            else:
                series = {"histogram": VALIDATE_HISTOGRAM, "bars": VALIDATE_BARS}
            for label, colour in series.items():
                n = near(rest, colour)
                check(n >= 200, f"{name}: the {label} series is drawn in its colour ({n} px)")
    finally:
        server.shutdown()
        server.server_close()

    if failures:
        sys.exit(f"html_csp_test: {len(failures)} check(s) failed, screenshots in {out}")
    print(f"html_csp_test: all checks passed, screenshots in {out}")


if __name__ == "__main__":
    main()
