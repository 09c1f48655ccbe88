#!/usr/bin/env bash
# Packages a release asset (what scripts/package-release.sh writes) as a Debian package, for
# `sudo apt install ./mlops-actions_X.Y.Z_amd64.deb` on Ubuntu 22.04+ and Debian 12+:
#
#   scripts/package-deb.sh ASSET OUT_DIR
#
# writes OUT_DIR/mlops-actions_<version>_<arch>.deb and appends its line to OUT_DIR/SHA256SUMS.
# The asset's files, laid out the Debian way:
#   /usr/lib/mlops-actions/bin/<the six binaries>, /usr/lib/mlops-actions/lib/ (the bundled
#     libcurl and OpenSSL with their dependencies, found through the binaries' RPATH
#     $ORIGIN/../lib: private to the package, never on the system's library path)
#   /usr/bin/<binary> -> ../lib/mlops-actions/bin/<binary> (the loader takes $ORIGIN from the
#     real path, so the links find the bundle)
#   /usr/share/doc/mlops-actions/copyright, with the bundled and statically linked libraries'
#     copyright files beside it in third-party/<package>/copyright; changelog.gz
#   /usr/share/lintian/overrides/mlops-actions: the bundle is deliberate (embedded-library)
# The binaries are stripped (--strip-unneeded, as dh_strip does); the rest is the asset's bytes.
# Control: Architecture from the binaries' ELF header (amd64, arm64); Version from their
# --version (DEB_VERSION overrides it, e.g. 1.2.3~rc.1 for the tag v1.2.3-rc.1, and is needed
# to package another architecture than the machine's); Depends computed from what the files
# load: glibc only, as libc6 (>= the newest GLIBC_ symbol version any binary or bundled library
# needs), since libcurl and OpenSSL are the bundled ones; a library that is neither glibc's
# nor in the bundle is an error. DEB_MAINTAINER, DEB_HOMEPAGE set those fields.
# SOURCE_DATE_EPOCH (default: the last commit's time) fixes every mtime.
set -euo pipefail

fail() { echo "package-deb: error: $1" >&2; exit 1; }
(( $# == 2 )) || fail "usage: package-deb.sh ASSET OUT_DIR"
asset=$1
out=$2
[[ -f $asset ]] || fail "no release asset $asset: make it with scripts/package-release.sh BUILD_DIR OUT_DIR"
for tool in dpkg-deb readelf objdump strip; do
  command -v "$tool" >/dev/null || fail "$tool is missing (apt-get install dpkg binutils)"
done
binaries=(data-validate metric-gate drift-check image-tag canary-eval mlops-attest)
glibc='^(ld-linux[-a-z0-9_]*\.so\.[0-9]+|libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|libresolv\.so\.2|libutil\.so\.1|libanl\.so\.1)$'
maintainer=${DEB_MAINTAINER:-mlops-actions maintainers <mlops-actions@users.noreply.github.com>}
: "${SOURCE_DATE_EPOCH:=$(git -C "$(dirname "$0")/.." log -1 --format=%ct)}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unpacked=$work/asset
mkdir -p "$unpacked"
tar -xzf "$asset" -C "$unpacked"
for name in "${binaries[@]}"; do
  [[ -x $unpacked/bin/$name ]] || fail "$asset holds no bin/$name"
done

case $(readelf -h "$unpacked/bin/data-validate" | sed -n 's/^ *Machine: *//p') in
  *X86-64*) arch=amd64 ;;
  AArch64) arch=arm64 ;;
  *) fail "the binaries are for neither x86-64 nor AArch64" ;;
esac
if [[ -n ${DEB_VERSION:-} ]]; then
  version=$DEB_VERSION
else
  [[ $arch == "$(dpkg --print-architecture)" ]] ||
    fail "cannot run $arch binaries here for their version: set DEB_VERSION"
  version=$("$unpacked/bin/data-validate" --version | cut -d' ' -f2)
fi
[[ $version =~ ^[0-9][A-Za-z0-9.+~-]*$ ]] || fail "\"$version\" is not a Debian version"

# Depends: every NEEDED library is glibc's or in the bundle; glibc as new as the newest symbol.
elves=("${binaries[@]/#/$unpacked/bin/}" "$unpacked"/lib/*)
newest=0
for file in "${elves[@]}"; do
  while read -r needed; do
    [[ $needed =~ $glibc || -f $unpacked/lib/$needed ]] ||
      fail "$(basename "$file") needs $needed, which is neither glibc's nor bundled in lib/"
  done < <(readelf -d "$file" | sed -nE 's/.*\(NEEDED\).*\[(.*)\]/\1/p')
  while read -r needs; do
    newest=$(printf '%s\n%s\n' "$newest" "$needs" | sort -V | tail -n 1)
  done < <(objdump -T "$file" | grep -oE '\(?GLIBC_[0-9]+(\.[0-9]+)+' | sed 's/.*GLIBC_//' | sort -uV)
done
[[ $newest != 0 ]] || fail "no binary needs a glibc symbol version: is this a glibc build?"
depends="libc6 (>= $newest)"

# ---- the tree ----
tree=$work/tree
home=$tree/usr/lib/mlops-actions
doc=$tree/usr/share/doc/mlops-actions
mkdir -p "$home" "$tree/usr/bin" "$doc/third-party" "$tree/DEBIAN"
cp -a "$unpacked/bin" "$unpacked/lib" "$home/"
# Stripped as dh_strip does (the asset's binaries keep their symbol tables).
for name in "${binaries[@]}"; do
  strip --remove-section=.comment --remove-section=.note --strip-unneeded "$home/bin/$name"
done
# The bundle is deliberate: one package for Debian 12, Ubuntu 22.04 and 24.04 (which renamed
# libcurl4 and libssl3 for its 64-bit time_t), with the libraries the binaries were tested with.
mkdir -p "$tree/usr/share/lintian/overrides"
cat >"$tree/usr/share/lintian/overrides/mlops-actions" <<'EOF'
# libcurl and OpenSSL, with their dependencies, are bundled in /usr/lib/mlops-actions/lib (found
# through the binaries' RPATH $ORIGIN/../lib, private to the package) and zlib is linked
# statically, so that one package runs alike on Debian 12 and Ubuntu 22.04 and 24.04.
mlops-actions: embedded-library * [usr/lib/mlops-actions/*]
EOF
for name in "${binaries[@]}"; do ln -s "../lib/mlops-actions/bin/$name" "$tree/usr/bin/$name"; done
cp -a "$unpacked/share/doc/." "$doc/third-party/"
third_party=$(cd "$doc/third-party" && find . -name copyright | sed 's|^\./||; s|/copyright$||' | LC_ALL=C sort | paste -sd' ')
cat >"$doc/copyright" <<EOF
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: mlops-actions
Comment: The binaries in /usr/lib/mlops-actions/bin link Boost, yaml-cpp, RE2, zstd, zlib and
 the GNU C++ runtime statically, and load libcurl and OpenSSL, with the libraries they depend
 on, from /usr/lib/mlops-actions/lib, all of them built by Debian 12. The copyright file of
 each of those Debian packages is in /usr/share/doc/mlops-actions/third-party/<package>/:
 $third_party.

Files: usr/lib/mlops-actions/bin/*
Copyright: the mlops-actions authors
License: see the repository of mlops-actions

Files: usr/lib/mlops-actions/lib/*
Copyright: see /usr/share/doc/mlops-actions/third-party/<package>/copyright
License: see /usr/share/doc/mlops-actions/third-party/<package>/copyright
EOF
changelog_date=$(date -u -R -d "@$SOURCE_DATE_EPOCH")
printf 'mlops-actions (%s) stable; urgency=medium\n\n  * The release %s, from the release asset %s.\n\n -- %s  %s\n' \
  "$version" "$version" "$(basename "$asset")" "$maintainer" "$changelog_date" | gzip -9n >"$doc/changelog.gz"

installed_size=$(du -sk --apparent-size "$home" "$tree/usr/share" | awk '{s += $1} END {print s}')
{
  echo "Package: mlops-actions"
  echo "Version: $version"
  echo "Architecture: $arch"
  echo "Maintainer: $maintainer"
  echo "Installed-Size: $installed_size"
  echo "Depends: $depends"
  echo "Section: devel"
  echo "Priority: optional"
  [[ -z ${DEB_HOMEPAGE:-} ]] || echo "Homepage: $DEB_HOMEPAGE"
  echo "Description: quality gates of an ML CI/CD pipeline"
  echo " Small, fast binaries for continuous integration of machine-learning models:"
  echo " data-validate (data against a contract), metric-gate (a model's metrics"
  echo " against thresholds and the champion), drift-check (production data against"
  echo " the training reference), image-tag (image tags and OCI labels), canary-eval"
  echo " (a canary against its baseline from Prometheus) and mlops-attest (signed"
  echo " decisions). Exit codes, JUnit XML, Markdown, HTML and GitHub Actions output."
} >"$tree/DEBIAN/control"
(cd "$tree" && find usr -type f | LC_ALL=C sort | xargs md5sum) >"$tree/DEBIAN/md5sums"

# Modes as Debian wants them, mtimes fixed: the same asset gives the same .deb.
find "$tree" -type d -exec chmod 0755 {} +
find "$tree" -type f -exec chmod 0644 {} +
chmod 0755 "${binaries[@]/#/$home/bin/}"
chmod 0644 "$home"/lib/*
find "$tree" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

deb=mlops-actions_${version}_$arch.deb
mkdir -p "$out"
SOURCE_DATE_EPOCH=$SOURCE_DATE_EPOCH dpkg-deb --root-owner-group -Zxz --build "$tree" "$out/$deb" >/dev/null
sums=$out/SHA256SUMS
touch "$sums"
grep -v "  $deb\$" "$sums" >"$sums.new" || true
(cd "$out" && sha256sum "$deb") >>"$sums.new"
mv "$sums.new" "$sums"
echo "$out/$deb: $(du -h "$out/$deb" | cut -f1), Depends: $depends"
