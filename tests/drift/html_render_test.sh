#!/usr/bin/env bash
# Renders a drift-check HTML report in headless Chromium and checks what a reader would get:
# the parsed DOM holds the verdict and the expected number of <svg> figures, and a screenshot
# is a real PNG with more on it than a blank page.
# Usage: html_render_test.sh HTML_FILE OUT_DIR [EXPECTED_SVG_COUNT [EXPECTED_VERDICT]]
#   EXPECTED_VERDICT is DRIFT or NO DRIFT; CHROMIUM names the browser (default: chromium).
# Leaves OUT_DIR/drift-report.png (the screenshot), OUT_DIR/drift-report.dom.html and
# OUT_DIR/chromium.log.
set -euo pipefail

usage="usage: html_render_test.sh HTML_FILE OUT_DIR [EXPECTED_SVG_COUNT [EXPECTED_VERDICT]]"
fail() {
  echo "html_render_test: error: $*" >&2
  exit 1
}

[[ $# -ge 2 && $# -le 4 ]] || fail "$usage"
html=$1
out=$2
expected_svgs=${3:-}
expected_verdict=${4:-}
chromium=${CHROMIUM:-chromium}

[[ -f $html ]] || fail "$html is not a file, pass the report written by drift-check --html"
[[ -z $expected_svgs || $expected_svgs =~ ^[0-9]+$ ]] ||
  fail "EXPECTED_SVG_COUNT must be a whole number, got '$expected_svgs'"
[[ -z $expected_verdict || $expected_verdict == DRIFT || $expected_verdict == "NO DRIFT" ]] ||
  fail "EXPECTED_VERDICT must be DRIFT or NO DRIFT, got '$expected_verdict'"
command -v "$chromium" >/dev/null ||
  fail "$chromium not found, install the Debian package chromium or set CHROMIUM"

mkdir -p "$out"
out=$(cd "$out" && pwd)
html=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")

# file:// URL of the report: every byte but unreserved characters and '/' percent-encoded, so
# spaces, '#' and '?' in paths survive.
file_url() {
  local LC_ALL=C ch i url=file://
  for ((i = 0; i < ${#1}; i++)); do
    ch=${1:i:1}
    case $ch in
      [A-Za-z0-9/._~-]) url+=$ch ;;
      *) url+=$(printf '%%%02X' "'$ch") ;;
    esac
  done
  echo "$url"
}
url=$(file_url "$html")

# A profile of its own per run, so parallel runs do not share (and lock) one.
profile=$(mktemp -d "$out/chromium-profile.XXXXXX")
trap 'rm -rf "$profile"' EXIT
log=$out/chromium.log
: >"$log"

# --no-sandbox: Chromium refuses to start as root (CI containers) with its sandbox on.
run_chromium() {
  local status=0
  timeout 300 "$chromium" --headless --no-sandbox --disable-gpu --user-data-dir="$profile" \
    "$@" 2>>"$log" || status=$?
  if [[ $status -eq 124 ]]; then
    fail "chromium did not finish within 300 s (see $log)"
  elif [[ $status -ne 0 ]]; then
    fail "chromium exited $status (see $log)"
  fi
}

# (a) The DOM as the browser parsed it.
dom=$out/drift-report.dom.html
run_chromium --dump-dom "$url" >"$dom"
[[ -s $dom ]] || fail "chromium printed no DOM for $url (see $log)"
if grep -qi '<script' "$dom"; then
  fail "the DOM has a <script> element, the report must have none (see $dom)"
fi
# Figures only: the verdict badge and the marks before verdict words are <svg>s too.
svgs=$({ grep -oE '<svg class="[op]"' "$dom" || true; } | wc -l)
if [[ -n $expected_svgs && $svgs -ne $expected_svgs ]]; then
  fail "the DOM has $svgs <svg> figures, expected $expected_svgs (see $dom)"
fi
verdict=$(grep -o '<h1>drift-check: <svg class="badge" role="img" aria-label="[A-Z ]*"' "$dom" |
  sed -E 's/.*aria-label="([A-Z ]*)"/\1/' || true)
[[ $verdict == DRIFT || $verdict == "NO DRIFT" ]] ||
  fail "no 'drift-check: DRIFT' or 'drift-check: NO DRIFT' heading in the DOM (see $dom)"
if [[ -n $expected_verdict && $verdict != "$expected_verdict" ]]; then
  fail "the verdict is $verdict, expected $expected_verdict"
fi

# (b) A screenshot. The size bound is measured, not guessed: at 1280x2000 Chromium 156 writes
# 11.6 KB for an empty page and 18 KB for a heading and one line of text, while a one-column
# report is about 90 KB (87 KB with its figure removed; six columns: 180 KB). 30 KB separates a
# page that rendered the report from one that came out (nearly) blank.
png=$out/drift-report.png
min_png_bytes=30000
rm -f "$png"
run_chromium --screenshot="$png" --window-size=1280,2000 --hide-scrollbars "$url"
[[ -f $png ]] || fail "chromium wrote no screenshot to $png (see $log)"
signature=$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')
[[ $signature == 89504e470d0a1a0a ]] || fail "$png is not a PNG (first bytes $signature)"
bytes=$(wc -c <"$png")
((bytes > min_png_bytes)) ||
  fail "$png is $bytes bytes, no more than a blank page's (bound $min_png_bytes): nothing drawn?"

echo "html_render_test: $verdict, $svgs <svg> figures in the DOM, screenshot $png ($bytes bytes)"
