#!/usr/bin/env bash
# scripts/package-deb.sh end to end on a real release asset: the .deb is reproducible, its
# control fields are what the files need (Architecture of the machine, Depends on glibc only,
# as new as the newest symbol, since libcurl and OpenSSL are bundled), its contents are laid out
# as docs/install.md says, owned by root; dpkg installs it (into a root of its own, whose
# package database holds this machine's libc6), every binary runs from /usr/bin with the bundled
# libraries, and dpkg removes it without a trace; dpkg refuses it where libc6 is too old.
# package-deb.sh refuses an asset whose libraries are neither glibc's nor bundled. With lintian
# installed, lintian finds no error in it.
# Run by .ci/run after the portable build (as tests/release/package_test.sh).
# Usage: deb_test.sh RELEASE_DIR (holds mlops-actions-<platform>.tar.gz, as written by
# scripts/package-release.sh BUILD_DIR RELEASE_DIR)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
release=$(cd "${1:?usage: deb_test.sh RELEASE_DIR}" && pwd)

work=$(mktemp -d /tmp/deb-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
# shellcheck source=tests/common/checks.sh
source "$root/tests/common/checks.sh"
fatal() { echo "deb_test: error: $*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || fatal "dpkg --root needs root (CI runs as root)"
binaries=(data-validate metric-gate drift-check image-tag canary-eval mlops-attest)
case $(uname -m) in x86_64) platform=linux-x64 ;; aarch64) platform=linux-arm64 ;; *) fatal "no platform for $(uname -m)" ;; esac
asset=$release/mlops-actions-$platform.tar.gz
[[ -f $asset ]] || fatal "no $asset"
arch=$(dpkg --print-architecture)
export SOURCE_DATE_EPOCH=1700000000

mkdir -p "$work/probe"
tar -xzf "$asset" -C "$work/probe"
version=$("$work/probe/bin/data-validate" --version | cut -d' ' -f2)
deb_name=mlops-actions_${version}_$arch.deb
deb=$work/out/$deb_name

# ---- built twice: the same bytes ----
bash "$root/scripts/package-deb.sh" "$asset" "$work/out" >"$work/build.log" 2>&1 ||
  fatal "package-deb.sh failed: $(<"$work/build.log")"
cp "$deb" "$work/first.deb"
bash "$root/scripts/package-deb.sh" "$asset" "$work/out" >/dev/null 2>&1 || fatal "the second package-deb.sh failed"
expect "package-deb.sh writes $deb_name" test -f "$deb"
expect "two runs write the same .deb, byte for byte" cmp -s "$work/first.deb" "$deb"
expect "SHA256SUMS has exactly one line, the .deb's checksum" \
  test "$(cat "$work/out/SHA256SUMS")" = "$(cd "$work/out" && sha256sum "$deb_name")"

# ---- dpkg-deb --info: the control fields ----
field() { dpkg-deb --field "$deb" "$1"; }
expect "Package: mlops-actions" test "$(field Package)" = mlops-actions
expect "Version: the binaries' version" test "$(field Version)" = "$version"
expect "Architecture: this machine's ($arch)" test "$(field Architecture)" = "$arch"
expect "a Maintainer with an address" grep -qE '^.+ <[^ >]+@[^ >]+>$' <<<"$(field Maintainer)"
# The newest glibc symbol version of any ELF file in the asset, computed here independently.
newest=$(for file in "$work/probe"/bin/* "$work/probe"/lib/*; do objdump -T "$file"; done |
  grep -oE 'GLIBC_[0-9]+(\.[0-9]+)+' | sed 's/GLIBC_//' | sort -uV | tail -n 1)
expect "Depends: libc6 (>= $newest) only (the newest glibc symbol; libcurl and OpenSSL are bundled)" \
  test "$(field Depends)" = "libc6 (>= $newest)"
expect "... which ubuntu-22.04's glibc 2.35 satisfies" \
  test "$(printf '%s\n2.35\n' "$newest" | sort -V | tail -n 1)" = 2.35
expect "Installed-Size in KiB, about the unpacked size" \
  test "$(field Installed-Size)" -ge "$(du -sk --apparent-size "$work/probe/bin" | cut -f1)"
expect "dpkg-deb --info shows the description" grep -q "quality gates of an ML CI/CD pipeline" <(dpkg-deb --info "$deb")

# ---- dpkg-deb --contents ----
dpkg-deb --contents "$deb" >"$work/contents"
has_entry() { grep -qE "$1" "$work/contents" || { echo "  no entry like: $1" >&2; return 1; }; }
for name in "${binaries[@]}"; do
  expect "/usr/lib/mlops-actions/bin/$name, executable" \
    has_entry "^-rwxr-xr-x root/root .* \./usr/lib/mlops-actions/bin/$name\$"
  expect "/usr/bin/$name links to it" \
    has_entry "^lrwxrwxrwx root/root .* \./usr/bin/$name -> \.\./lib/mlops-actions/bin/$name\$"
done
expect "the bundled libcurl in /usr/lib/mlops-actions/lib" has_entry "^-rw-r--r-- root/root .* \./usr/lib/mlops-actions/lib/libcurl\.so\.4\$"
expect "the bundled OpenSSL too" has_entry " \./usr/lib/mlops-actions/lib/libssl\.so\.3\$"
expect "the copyright file" has_entry "^-rw-r--r-- root/root .* \./usr/share/doc/mlops-actions/copyright\$"
expect "... and the bundled libraries' (libcurl4)" has_entry " \./usr/share/doc/mlops-actions/third-party/libcurl4/copyright\$"
expect "... and the statically linked ones' (yaml-cpp)" has_entry " \./usr/share/doc/mlops-actions/third-party/libyaml-cpp-dev/copyright\$"
expect "a changelog" has_entry " \./usr/share/doc/mlops-actions/changelog\.gz\$"
expect "every entry is owned by root" test -z "$(awk '$2 != "root/root"' "$work/contents")"
expect "lintian's overrides: the bundle is deliberate" has_entry " \./usr/share/lintian/overrides/mlops-actions\$"
expect "nothing outside /usr/bin, /usr/lib/mlops-actions, /usr/share/doc/mlops-actions and the overrides" \
  test -z "$(awk '{print $6}' "$work/contents" |
    grep -vE '^\./(usr/?|usr/bin/.*|usr/lib/?|usr/lib/mlops-actions/.*|usr/share/?|usr/share/doc/?|usr/share/doc/mlops-actions/.*|usr/share/lintian/(overrides/(mlops-actions)?)?)?$')"
expect "every mtime is SOURCE_DATE_EPOCH" test "$(awk '{print $4, $5}' "$work/contents" | sort -u)" = "2023-11-14 22:13"

# ---- dpkg installs it into a root of its own, whose database has this machine's libc6 ----
new_root() {  # new_root DIR: an empty dpkg root knowing libc6 as installed here
  mkdir -p "$1/var/lib/dpkg/info" "$1/var/lib/dpkg/updates" "$1/var/lib/dpkg/triggers"
  dpkg-query -s "libc6:$arch" >"$1/var/lib/dpkg/status"
  touch "$1/var/lib/dpkg/available" "$1/var/lib/dpkg/info/libc6:$arch.list"
}
target=$work/root
new_root "$target"
run() {  # run NAME EXPECTED_EXIT COMMAND...
  local name=$1 want=$2 got=0
  shift 2
  "$@" >"$work/$name.log" 2>&1 || got=$?
  [[ $got == "$want" ]] || { echo "  $name: exit $got, expected $want:" >&2; sed 's/^/    /' "$work/$name.log" >&2; return 1; }
}
expect "dpkg -i installs it (its Depends met by this machine's libc6)" run install 0 dpkg --root="$target" -i "$deb"
expect "... and dpkg says it is installed" \
  test "$(dpkg-query --admindir="$target/var/lib/dpkg" -W -f '${Status} ${Version}' mlops-actions)" = "install ok installed $version"
for name in "${binaries[@]}"; do
  expect "/usr/bin/$name --version runs and prints $version" \
    grep -q "^$name $version " <("$target/usr/bin/$name" --version 2>&1)
done
stripped() { ! readelf -S "$1" | grep -q '\.symtab'; }
expect "... stripped (no symbol table)" stripped "$target/usr/lib/mlops-actions/bin/drift-check"
LD_TRACE_LOADED_OBJECTS=1 "$target/usr/bin/image-tag" >"$work/libs" 2>&1 || true
expect "... with libcurl from the package's bundle (RPATH through the /usr/bin link)" \
  grep -q "libcurl.so.4 => $target/usr/lib/mlops-actions/bin/../lib/libcurl.so.4" "$work/libs"
expect "... and OpenSSL" grep -q "libssl.so.3 => $target/usr/lib/mlops-actions/bin/../lib/libssl.so.3" "$work/libs"
expect "drift-check from the package checks the example data (no drift)" \
  run drift 0 "$target/usr/bin/drift-check" compare --reference "$root/examples/drift/reference.csv" \
  --current "$root/examples/drift/current-same-period.csv" --config "$root/examples/drift/drift.yaml" --no-github -q
expect "dpkg -r removes it" run remove 0 dpkg --root="$target" -r mlops-actions
expect "... leaving nothing under /usr" test -z "$(find "$target/usr" ! -type d 2>/dev/null)"

too_old=$work/old-root
new_root "$too_old"
sed -i 's/^Version: .*/Version: 2.31-13+deb11u5/' "$too_old/var/lib/dpkg/status"
expect "dpkg refuses to configure it where libc6 is 2.31 (Debian 11)" run old 1 dpkg --root="$too_old" -i "$deb"
expect "... naming the dependency" grep -q "mlops-actions depends on libc6 (>= $newest)" "$work/old.log"

# ---- the version of a pre-release, and an asset with a library missing ----
DEB_VERSION=1.2.3~rc.1 bash "$root/scripts/package-deb.sh" "$asset" "$work/rc" >/dev/null 2>&1 || true
expect "DEB_VERSION names the version (1.2.3~rc.1 for v1.2.3-rc.1)" test -f "$work/rc/mlops-actions_1.2.3~rc.1_$arch.deb"
mkdir -p "$work/broken"
cp -a "$work/probe/." "$work/broken/"
rm "$work/broken/lib/libnghttp2.so.14"
tar -czf "$work/broken.tar.gz" -C "$work/broken" bin lib share
status=0
bash "$root/scripts/package-deb.sh" "$work/broken.tar.gz" "$work/broken-out" >"$work/broken.log" 2>&1 || status=$?
expect "an asset whose libcurl needs a library not bundled is refused (exit 1)" test "$status" = 1
expect "... naming the library" grep -q "libcurl.so.4 needs libnghttp2.so.14, which is neither glibc's nor bundled in lib/" "$work/broken.log"
expect "... and writing no .deb" test -z "$(find "$work/broken-out" -name '*.deb' 2>/dev/null)"

# ---- lintian, where installed (scripts/install-deps.sh installs it) ----
if command -v lintian >/dev/null; then
  lintian --tag-display-limit 0 "$deb" >"$work/lintian.log" 2>&1 || true
  expect "lintian finds no error" test -z "$(grep '^E:' "$work/lintian.log")"
  grep '^[EW]:' "$work/lintian.log" | sed 's/^/  lintian: /' || true
else
  echo "FAIL: lintian is not installed (scripts/install-deps.sh installs it)" >&2
  failures=$((failures + 1))
fi

checks_done
echo "deb_test: $deb_name ($(du -h "$deb" | cut -f1)) installs, runs and goes"
