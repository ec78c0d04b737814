#!/usr/bin/env bash
# Builds and tests deadbolt against libgit2 1.8 (Debian bookworm-backports' libgit2-dev) beside the
# system's libgit2 1.5, which it leaves alone: the packages are downloaded with a private apt
# configuration (no change to /etc/apt, nothing installed system-wide) and unpacked into a prefix.
# The nearest libgit2 to Ubuntu 24.04's 1.7 that Debian ships. Run by hand, not by .ci/run: it is
# a second full build (about 15 minutes on two cores).
#
#   bash scripts/libgit2-compat.sh [--prefix DIR] [--scratch-path DIR] [--no-tests]
#
#   --prefix DIR        where libgit2 1.8 is unpacked (default /opt/libgit2-1.8); kept between runs
#   --scratch-path DIR  SwiftPM's build folder (default .build-libgit2-1.8)
#   --no-tests          build only
#
# libgit2 1.8's own static needs (mbedTLS, http_parser, libssh2, PCRE2, zlib: its libgit2-dev's
# Depends) are Debian 12's packages, installed with apt-get when missing. The tests run as .ci/run
# runs them (PostgreSQL from DEADBOLT_TEST_POSTGRES_URL, else scripts/start-postgres.sh), with
# DEADBOLT_TEST_LIBGIT2_VERSION set so that Libgit2VersionTests fails unless the build runs the
# prefix's libgit2. Prints the libgit2 used and the test summary; exits non-zero when a step fails.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
prefix=/opt/libgit2-1.8
scratch=.build-libgit2-1.8
tests=1
die() { printf 'libgit2-compat.sh: %s\n' "$*" >&2; exit 2; }
log() { printf 'libgit2-compat.sh: %s\n' "$*" >&2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || die "--prefix needs a folder"; prefix="$2"; shift 2 ;;
    --scratch-path) [ $# -ge 2 ] || die "--scratch-path needs a folder"; scratch="$2"; shift 2 ;;
    --no-tests) tests=0; shift ;;
    -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done
mkdir -p "$prefix"
prefix="$(cd "$prefix" && pwd)"
[ "$prefix" != / ] || die "--prefix / would replace /usr"
case "$scratch" in /*) ;; *) scratch="$root/$scratch" ;; esac
cd "$root"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

# 1. The packages, through apt with its state, cache and sources in $prefix/apt.
apt_dir="$prefix/apt"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/sources.list.d" \
  "$apt_dir/preferences.d" "$apt_dir/debs"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$keyring" ] || die "$keyring is missing (Debian's debian-archive-keyring)"
cat >"$apt_dir/sources.list" <<EOF
deb [signed-by=$keyring] http://deb.debian.org/debian bookworm main
deb [signed-by=$keyring] http://deb.debian.org/debian bookworm-backports main
EOF
apt_options=(
  -o "Dir::State=$apt_dir" -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
  -o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=$apt_dir/sources.list.d"
  -o "Dir::Etc::Preferences=$apt_dir/preferences" -o "Dir::Etc::PreferencesParts=$apt_dir/preferences.d"
  -o "Debug::NoLocking=1" -o "APT::Sandbox::User=root"
)
log "downloading libgit2-dev and libgit2-1.8 from bookworm-backports into $apt_dir/debs"
apt-get "${apt_options[@]}" update -qq
rm -f "$apt_dir/debs"/*.deb
(cd "$apt_dir/debs" &&
  apt-get "${apt_options[@]}" download -qq libgit2-dev/bookworm-backports libgit2-1.8/bookworm-backports)
dev_deb=$(ls "$apt_dir/debs"/libgit2-dev_*.deb)
rm -rf "$prefix/usr"
for deb in "$apt_dir/debs"/*.deb; do dpkg -x "$deb" "$prefix"; done

# What its static link needs: libgit2-dev's Depends, less libgit2-1.8 itself, from Debian 12.
mapfile -t needs < <(dpkg-deb -f "$dev_deb" Depends | tr ',' '\n' | sed 's/(.*)//; s/ //g' | grep -v '^libgit2-')
missing=()
for package in "${needs[@]}"; do
  dpkg-query -W -f '${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing what libgit2 1.8 links: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi

# Its pkg-config file names /usr: point it at the prefix.
libdir=$(dirname "$(find "$prefix/usr/lib" -name libgit2.a | head -n 1)")
[ -f "$libdir/libgit2.a" ] || die "no libgit2.a in $prefix/usr/lib"
pc="$libdir/pkgconfig/libgit2.pc"
sed -i -e "s|^prefix=.*|prefix=\"$prefix/usr\"|" -e "s|^libdir=.*|libdir=\"$libdir\"|" \
  -e "s|^includedir=.*|includedir=\"$prefix/usr/include\"|" "$pc"
export PKG_CONFIG_PATH="$libdir/pkgconfig"
version=$(pkg-config --modversion libgit2)
log "libgit2 $version in $prefix ($(dpkg-deb -f "$dev_deb" Version)); its static link:" \
  "$(pkg-config --static --libs libgit2)"
# Package.swift links these archives by name; each must be there.
for archive in libgit2 libmbedtls libmbedx509 libmbedcrypto libhttp_parser libssh2 libpcre2-8 libcrypto; do
  [ -f "$libdir/$archive.a" ] || [ -f "/usr/lib/$(gcc -print-multiarch)/$archive.a" ] || die "$archive.a is missing"
done

# 2. deadbolt against it: its headers before /usr/include, its libgit2.a before Debian 12's.
include_flags=$(pkg-config --cflags-only-I libgit2)
library_flags=$(pkg-config --libs-only-L libgit2)
flags=()
for flag in $include_flags; do flags+=(-Xcc "$flag"); done
for flag in $library_flags; do flags+=(-Xlinker "$flag"); done
log "swift build --build-tests -Xswiftc -warnings-as-errors --scratch-path $scratch ${flags[*]}"
swift build --build-tests -Xswiftc -warnings-as-errors --scratch-path "$scratch" "${flags[@]}"
binary="$scratch/debug/deadbolt"
# libgit2's user agent carries its version: the one the binary has linked in.
linked=$(strings "$binary" | grep -oE 'libgit2 [0-9]+\.[0-9]+\.[0-9]+' | head -n 1 || true)
[ "$linked" = "libgit2 $version" ] || die "$binary has '${linked:-no libgit2 version}' linked in, not libgit2 $version"
echo "libgit2 used: $version ($linked in $binary)"
[ "$tests" -eq 1 ] || exit 0

# 3. The whole suite, as .ci/run runs it.
if [ -z "${DEADBOLT_TEST_POSTGRES_URL:-}" ]; then
  DEADBOLT_TEST_POSTGRES_URL="$(bash scripts/start-postgres.sh)"
  export DEADBOLT_TEST_POSTGRES_URL
fi
# The tests find the deadbolt beside them, in $scratch; DEADBOLT_BIN would reach the hooks under test.
export DEADBOLT_TEST_LIBGIT2_VERSION="$version"
results="$scratch/libgit2-compat-tests.log"
status=0
swift test --skip-build --disable-xctest --scratch-path "$scratch" 2>&1 | tee "$results" || status=$?
echo "libgit2 used: $version ($linked in $binary; Libgit2VersionTests checked git_libgit2_version)"
echo "tests: $(grep -E 'Test run with [0-9]+ tests?' "$results" | tail -n 1 || echo 'no summary line')"
exit "$status"
