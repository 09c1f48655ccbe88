#!/usr/bin/env bash
# Packages a portable build (cmake --preset portable) as the release asset actions/setup
# installs, and refuses to package binaries that would not run on a stock runner:
#
#   scripts/package-release.sh BUILD_DIR OUT_DIR
#
# writes OUT_DIR/mlops-actions-<os>-<arch>.tar.gz (bin/, lib/, share/) and appends its line to
# OUT_DIR/SHA256SUMS. The checks, each a failure with the offending file named:
#   - every binary's NEEDED libraries are on the allow-list: glibc's, libcurl, OpenSSL
#     (Boost, yaml-cpp, RE2, zstd, zlib and the C++ runtime must be linked in statically);
#   - libcurl and OpenSSL, with their own dependencies (all but glibc's), are bundled in lib/
#     and found there through the binaries' RPATH $ORIGIN/../lib, so the asset also runs in a
#     slim container without libcurl; the Debian copyright file of every bundled or statically
#     linked library goes to share/doc/;
#   - no binary or bundled library needs a glibc newer than MLOPS_MAX_GLIBC (default 2.35,
#     ubuntu-22.04's);
#   - each binary prints "<name> <version> (commit ...)", with the version of EXPECT_VERSION
#     when set.
# SOURCE_DATE_EPOCH (default: the last commit's time) fixes the tarball's mtimes.
set -euo pipefail

fail() { echo "package-release: error: $1" >&2; exit 1; }
(( $# == 2 )) || fail "usage: package-release.sh BUILD_DIR OUT_DIR"
build=$1
out=$2
max_glibc=${MLOPS_MAX_GLIBC:-2.35}
binaries=(data-validate metric-gate drift-check image-tag canary-eval mlops-attest)

[[ $(uname -s) == Linux ]] || fail "packaging is implemented for Linux only (macOS binaries are not released yet)"
case $(uname -m) in
  x86_64) platform=linux-x64 ;;
  aarch64) platform=linux-arm64 ;;
  *) fail "no release platform for the machine $(uname -m)" ;;
esac
grep -q '^MLOPS_PORTABLE:BOOL=ON$' "$build/CMakeCache.txt" 2>/dev/null ||
  fail "$build is not a portable build: configure it with cmake --preset portable"

# glibc's libraries come from the machine the binaries run on; the rest of the allow-list
# is what the binaries may load besides, from the bundle.
glibc='^(ld-linux[-a-z0-9_]*\.so\.[0-9]+|libc\.so\.6|libm\.so\.6|libpthread\.so\.0|libdl\.so\.2|librt\.so\.1|libresolv\.so\.2|libutil\.so\.1|libanl\.so\.1)$'
allowed='^(libcurl\.so\.4|libssl\.so\.3|libcrypto\.so\.3)$'
# The archives linked in statically, for their copyright files.
static_archives=(libboost_json.a libboost_program_options.a libboost_container.a libyaml-cpp.a
                 libre2.a libzstd.a libz.a libstdc++.a)

asset=mlops-actions-$platform.tar.gz
pkg=$out/pkg-$platform
rm -rf "$pkg"
mkdir -p "$out"
cmake --install "$build" --prefix "$pkg" >/dev/null
mkdir -p "$pkg/lib" "$pkg/share/doc"

package_of() {  # the Debian package that owns a file (usr-merge: /lib or /usr/lib)
  local real
  real=$(readlink -f "$1")
  { dpkg -S "$real" || dpkg -S "${real#/usr}" || true; } 2>/dev/null | head -n 1 | cut -d: -f1
}
copy_copyright() {  # copy_copyright FILE: the copyright file of FILE's Debian package
  local package
  package=$(package_of "$1")
  [[ -n $package ]] || fail "no Debian package owns $1, so its licence cannot be shipped"
  [[ -f /usr/share/doc/$package/copyright ]] || fail "$package has no /usr/share/doc/$package/copyright"
  mkdir -p "$pkg/share/doc/$package"
  cp "/usr/share/doc/$package/copyright" "$pkg/share/doc/$package/"
}

for name in "${binaries[@]}"; do
  bin=$pkg/bin/$name
  [[ -x $bin ]] || fail "the build installed no bin/$name"
  while read -r needed; do
    [[ $needed =~ $glibc || $needed =~ $allowed ]] ||
      fail "$name needs $needed, which is not on the allow-list (glibc, libcurl, OpenSSL): link it statically"
  done < <(readelf -d "$bin" | sed -nE 's/.*\(NEEDED\).*\[(.*)\]/\1/p')
  # shellcheck disable=SC2016 # a literal $ORIGIN
  readelf -d "$bin" | grep -q '(RPATH).*\[\$ORIGIN/../lib\]' ||
    fail "$name has no RPATH \$ORIGIN/../lib (DT_RPATH, not RUNPATH: configure with the portable preset)"
done

# The bundle: everything the binaries load (libcurl, OpenSSL and their dependencies) but glibc.
mapfile -t libs < <(for name in "${binaries[@]}"; do
    ldd "$pkg/bin/$name" | awk '/not found/ {print "MISSING " $1; next} $2 == "=>" && $3 ~ /^\// {print $3}'
  done | sort -u)
for lib in "${libs[@]}"; do
  [[ $lib != MISSING* ]] || fail "${lib#MISSING } is not found on this machine"
  name=$(basename "$lib")
  [[ $name =~ $glibc ]] && continue
  cp -L "$lib" "$pkg/lib/$name"
  copy_copyright "$lib"
done
for archive in "${static_archives[@]}"; do
  path=$(g++ -print-file-name="$archive")
  [[ $path == /* ]] || fail "$archive is not found, so its licence cannot be shipped"
  copy_copyright "$path"
done

# Every library resolves into the bundle or is glibc's (ldd prints $ORIGIN/../lib as
# bin/../lib/..., hence readlink), and nothing needs a newer glibc than the oldest runner's.
bundle=$(readlink -f "$pkg/lib")
newest_glibc() { objdump -T "$1" | grep -oE '\(?GLIBC_[0-9]+(\.[0-9]+)+' | tr -d '(' | sed 's/GLIBC_//' | sort -V | tail -n 1; }
for name in "${binaries[@]}"; do
  # ldd of a binary resolves the libraries' dependencies through the binary's RPATH too.
  while read -r lib path; do
    [[ $lib =~ $glibc ]] && continue
    [[ $(readlink -f "$path") == "$bundle/"* ]] || fail "$name loads $lib from $path, outside the bundle"
  done < <(ldd "$pkg/bin/$name" | awk '$2 == "=>" {print $1, $3}')
done
for file in "${binaries[@]/#/$pkg/bin/}" "$pkg"/lib/*; do
  needs=$(newest_glibc "$file")
  [[ -z $needs || $(printf '%s\n%s\n' "$needs" "$max_glibc" | sort -V | tail -n 1) == "$max_glibc" ]] ||
    fail "$(basename "$file") needs glibc $needs, newer than $max_glibc (ubuntu-22.04's): find the symbol with objdump -T"
done

for name in "${binaries[@]}"; do
  version=$("$pkg/bin/$name" --version) || fail "$name --version failed"
  [[ $version =~ ^$name\ [0-9]+\.[0-9]+\.[0-9]+\ \(commit\ [0-9a-f]+(-dirty)?\)$ ]] ||
    fail "$name --version says \"$version\""
  if [[ -n ${EXPECT_VERSION:-} && $version != "$name $EXPECT_VERSION "* ]]; then
    fail "$name --version says \"$version\", expected version $EXPECT_VERSION"
  fi
done

: "${SOURCE_DATE_EPOCH:=$(git -C "$(dirname "$0")/.." log -1 --format=%ct)}"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" \
  -C "$pkg" -cf - bin lib share | gzip -9n >"$out/$asset"
sums=$out/SHA256SUMS
touch "$sums"
grep -v "  $asset\$" "$sums" >"$sums.new" || true
(cd "$out" && sha256sum "$asset") >>"$sums.new"
mv "$sums.new" "$sums"
echo "$out/$asset: $(du -h "$out/$asset" | cut -f1), $(find "$pkg/lib" -type f | wc -l) bundled libraries," \
  "glibc $max_glibc or newer"
