#!/usr/bin/env bash
# A release tarball of deadbolt that runs on a Linux machine without Swift or libgit2: the binary
# (Swift's standard library and libgit2 are linked into it statically), the shared libraries it
# needs that a bare Debian or Ubuntu does not have (in lib/deadbolt/, found through the binary's
# RUNPATH $ORIGIN/../lib/deadbolt, so the tarball's layout is the installed one), and an install
# script.
#
#   bash scripts/package.sh                      builds (swift build -c release --static-swift-stdlib)
#   bash scripts/package.sh --deadbolt PATH      packages that binary instead
#   bash scripts/package.sh --out DIR            writes the tarball there (default: dist/)
#
# Prints the tarball's path. Installs patchelf from Debian when it is missing.
# What a bare system has (glibc, libstdc++, libgcc, zlib) stays out of the tarball.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/dist"
binary=""
die() { printf 'package.sh: %s\n' "$*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --deadbolt) [ $# -ge 2 ] || die "--deadbolt needs a path"; binary=$2; shift 2 ;;
    --out) [ $# -ge 2 ] || die "--out needs a folder"; out=$2; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

if [ -z "$binary" ]; then
  command -v swift >/dev/null 2>&1 || die "swift is not on PATH; pass --deadbolt PATH to package a built binary"
  (cd "$root" && swift build -c release --static-swift-stdlib --product deadbolt >&2) || die "swift build failed"
  binary="$(cd "$root" && swift build -c release --static-swift-stdlib --show-bin-path)/deadbolt"
fi
[ -x "$binary" ] || die "no deadbolt binary at $binary"
version=$("$binary" --version 2>/dev/null) || die "$binary --version failed"
case "$version" in ''|*[!0-9A-Za-z.+-]*) die "unexpected version from $binary: '$version'" ;; esac

if ! command -v patchelf >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get install -y -qq patchelf >&2 || die "cannot install patchelf (apt-get install patchelf)"
fi

name="deadbolt-$version-linux-$(uname -m)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
stage="$work/$name"
mkdir -p "$stage/bin" "$stage/lib/deadbolt"
# Debug information is most of the size: a user's binary needs none of it.
strip -o "$stage/bin/deadbolt" "$binary" || cp "$binary" "$stage/bin/deadbolt"
chmod 755 "$stage/bin/deadbolt"

# Every shared library the binary loads, except glibc's and those every Debian and Ubuntu system
# has; each is copied into lib/deadbolt and found through RUNPATH $ORIGIN/../lib/deadbolt (glibc
# takes $ORIGIN from the path the binary was started by, so no symlink stands in between).
base='^(linux-vdso|ld-linux|libc|libm|libdl|libpthread|librt|libutil|libresolv|libstdc\+\+|libgcc_s|libz)\.'
ldd "$binary" | awk '$3 ~ /^\// { print $1, $3 }' | while read -r soname path; do
  if ! printf '%s\n' "$soname" | grep -Eq "$base"; then
    cp -L "$path" "$stage/lib/deadbolt/$soname"
  fi
done
patchelf --set-rpath '$ORIGIN/../lib/deadbolt' "$stage/bin/deadbolt"

cp "$root/scripts/package-install.sh" "$stage/install.sh"
chmod 755 "$stage/install.sh"
cat >"$stage/README" <<EOF
deadbolt $version for Linux ($(uname -m)), built on $(. /etc/os-release && echo "$PRETTY_NAME") with glibc $(ldd --version | head -1 | awk '{print $NF}').

  ./install.sh                 installs into /usr/local (as root) or ~/.local
  ./install.sh PREFIX          installs into PREFIX: PREFIX/bin/deadbolt

It needs glibc $(ldd --version | head -1 | awk '{print $NF}') or newer, libstdc++ and zlib, which every
Debian 12 and Ubuntu 24.04 system has; the other libraries it loads are in lib/deadbolt/. Then, in a
repository: deadbolt init, deadbolt install.
EOF
mkdir -p "$out"
tar -C "$work" -czf "$out/$name.tar.gz" "$name"
echo "$out/$name.tar.gz"
