#!/usr/bin/env bash
# scripts/major-tag.sh on a repository with real tags: which release moves v1 (the newest final
# v1.x.y only), which does not (a backport, a pre-release, another major), and bad tags.
set -euo pipefail
script=$(cd "$(dirname "$0")/../.." && pwd)/scripts/major-tag.sh
repo=$(mktemp -d /tmp/major-tag-test.XXXXXX)
trap 'rm -rf "$repo"' EXIT
git -C "$repo" init -q
for tag in v0.9.0 v1.0.0 v1.2.0 v1.10.0 v1.10.1-rc.1 v2.0.0-rc.1 v1.9.5; do
  git -C "$repo" -c user.name=t -c user.email=t@example.com commit -q --allow-empty -m "$tag"
  git -C "$repo" tag "$tag"
done
failures=0
check() {  # check TAG EXPECTED_OUTPUT [EXPECTED_EXIT]
  local out code=0
  out=$(bash "$script" "$1" "$repo" 2>/dev/null) || code=$?
  if [[ $out == "$2" && $code == "${3:-0}" ]]; then
    echo "ok: $1 -> \"$2\" (exit $code)"
  else
    echo "FAIL: $1 -> \"$out\" (exit $code), expected \"$2\" (exit ${3:-0})" >&2
    failures=$((failures + 1))
  fi
}
check v1.10.0 v1          # the newest v1 release, by version order (1.10 > 1.9), not tag order
check v1.9.5 ""           # a backport tagged last moves nothing
check v1.2.0 ""
check v1.10.1-rc.1 ""     # pre-release
check v2.0.0-rc.1 ""
check v0.9.0 v0           # the only v0 release
check 1.2.3 "" 2          # not a release tag
check v1.2 "" 2
check "v1.2.3;rm" "" 2
(( failures == 0 )) || exit 1
