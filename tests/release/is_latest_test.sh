#!/usr/bin/env bash
# scripts/is-latest.sh on a repository with real tags: which release is "Latest" (the newest
# final release of any major only), which is not (a backport, an older major's release, a
# pre-release), and bad or unknown tags; and that release.yml decides gh's --latest with it.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
script=$root/scripts/is-latest.sh
# shellcheck source=tests/release/tag_script_checks.sh
source "$root/tests/release/tag_script_checks.sh"
tag_repo v0.9.0 v1.0.0 v1.4.0 v1.10.0 v2.0.0 v1.10.1-rc.1 v3.0.0-rc.1 v1.9.5 v1.3.9 v0.9.1 v1 v2
check v2.0.0 true          # the newest final release of all majors
check v1.10.0 false        # the newest of major 1, but v2.0.0 is newer
check v1.3.9 false         # a backport published last
check v1.9.5 false
check v0.9.1 false
check v3.0.0-rc.1 false    # a pre-release, even the highest version
check v1.10.1-rc.1 false
check v9.9.9 "" 2          # not a tag of the repository (tags not fetched)
check 1.2.3 "" 2           # not a release tag
check v1 "" 2
check "v1.2.3;rm" "" 2
# Version order, not tag order: v1.10.0 beats v1.9.5 in a repository of major 1 only.
git -C "$repo" tag -d v2.0.0 v2 >/dev/null
check v1.10.0 true

# release.yml decides --latest with it, on both paths (a new release, a draft finished), from a
# checkout that has the tags.
workflow=$root/.github/workflows/release.yml
wired() {  # wired WHAT PATTERN: the workflow has a line matching PATTERN
  if grep -qE -- "$2" "$workflow"; then echo "ok: release.yml $1"; else
    echo "FAIL: release.yml does not $1" >&2; failures=$((failures + 1)); fi
}
# shellcheck disable=SC2016 # literal $ in the patterns
{
  wired "ask scripts/is-latest.sh" '^ +latest=\$\(bash scripts/is-latest.sh "\$TAG"\)$'
  wired "pass --latest to gh release create" '^ +"\$\{prerelease\[@\]\}" "--latest=\$latest" --repo'
  wired "pass --latest to gh release edit" '^ +gh release edit "\$TAG" --draft=false "\$\{prerelease\[@\]\}" "--latest=\$latest"'
  wired "fetch the tags for it" '^ +fetch-depth: 0 # every tag, for scripts/is-latest.sh$'
}
checks_end
