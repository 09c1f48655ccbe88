#!/usr/bin/env bash
# scripts/major-tag.sh on a repository with real tags: which release moves v1 (the newest final
# v1.x.y only), which does not (a backport, a pre-release, another major), and bad tags.
set -euo pipefail
script=$(cd "$(dirname "$0")/../.." && pwd)/scripts/major-tag.sh
# shellcheck source=tests/release/tag_script_checks.sh
source "$(dirname "$0")/tag_script_checks.sh"
tag_repo v0.9.0 v1.0.0 v1.2.0 v1.10.0 v1.10.1-rc.1 v2.0.0-rc.1 v1.9.5
check v1.10.0 v1          # the newest v1 release, by version order (1.10 > 1.9), not tag order
check v1.9.5 ""           # a backport tagged last moves nothing
check v1.2.0 ""
check v1.10.1-rc.1 ""     # pre-release
check v2.0.0-rc.1 ""
check v0.9.0 v0           # the only v0 release
check 1.2.3 "" 2          # not a release tag
check v1.2 "" 2
check "v1.2.3;rm" "" 2
checks_end
