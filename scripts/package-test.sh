#!/usr/bin/env bash
# Installs deadbolt's release tarball into a bare Debian 12 root (debootstrap --variant=minbase, with
# git and nothing else: no Swift, no libgit2, no SQLite, no Python) and uses it there as a new user
# would: deadbolt --version, deadbolt init, deadbolt install, a commit the commit-msg hook refuses
# and one it lets through, and a push the pre-push hook gates with a provider written in sh.
#
#   bash scripts/package-test.sh TARBALL          (needs root, debootstrap and deb.debian.org)
#   PACKAGE_TEST_ROOT=DIR bash ...                keeps the Debian root there between runs
#
# Exits 0 when every step did what it should, 1 when one did not, 2 when it could not run.
set -euo pipefail

tarball=${1:?usage: package-test.sh TARBALL}
[ -s "$tarball" ] || { echo "package-test.sh: no tarball at $tarball" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || { echo "package-test.sh: chroot needs root" >&2; exit 2; }
command -v debootstrap >/dev/null 2>&1 || apt-get install -y -qq debootstrap >&2

base=${PACKAGE_TEST_ROOT:-/var/tmp/deadbolt-bookworm-root}
if [ ! -x "$base/usr/bin/git" ]; then
  echo "== debootstrap: Debian 12 minbase with git into $base"
  rm -rf "$base"
  debootstrap --variant=minbase --include=git bookworm "$base" http://deb.debian.org/debian >/dev/null \
    || { echo "package-test.sh: debootstrap failed" >&2; exit 2; }
fi
# A fresh copy a run, so no run sees what an earlier one installed.
root=$(mktemp -d /var/tmp/deadbolt-package-test.XXXXXX)
trap 'umount "$root/proc" 2>/dev/null || true; rm -rf "$root"' EXIT
cp -a "$base/." "$root/"
# A machine has /proc; glibc reads /proc/self/exe for the binary's $ORIGIN, and deadbolt for its path.
mount -t proc proc "$root/proc"
for tool in swift swiftc python3 sqlite3; do
  if chroot "$root" sh -c "command -v $tool" >/dev/null 2>&1; then
    echo "package-test.sh: the root has $tool; it is meant to be bare" >&2
    exit 2
  fi
done
cp "$tarball" "$root/tmp/deadbolt.tar.gz"

echo "== inside the root"
chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/bin:/bin LANG=C.UTF-8 /bin/sh -eu <<'SH'
fail() { echo "FAILED: $*" >&2; exit 1; }
cd /tmp && tar -xzf deadbolt.tar.gz && cd deadbolt-*/
./install.sh /opt/deadbolt
version=$(/opt/deadbolt/bin/deadbolt --version) || fail "deadbolt --version"
echo "deadbolt --version: $version"
ls /usr/lib/x86_64-linux-gnu/libsqlite3.so.0 2>/dev/null && fail "the root has SQLite; it is meant to be bare"
export PATH=/usr/bin:/bin   # not /opt/deadbolt/bin: the hooks find the binary that installed them

git config --global user.name "Ana Demo"
git config --global user.email ana@example.com
git config --global init.defaultBranch main
git init -q --bare /tmp/remote.git
mkdir /tmp/app && cd /tmp/app && git init -q
/opt/deadbolt/bin/deadbolt init >/dev/null
mkdir -p bin
printf '#!/bin/sh\ncat >/dev/null\necho "the text the right answer must contain"\n' > bin/answer
chmod +x bin/answer
/opt/deadbolt/bin/deadbolt lint || fail "deadbolt lint"
/opt/deadbolt/bin/deadbolt install
git add -A
git commit -q -m "Add deadbolt" -m "Bug: BUG-1"
git remote add origin /tmp/remote.git
git push -q origin main || fail "the first push"

echo "You are a careful assistant." > prompts/example.md
git add -A
if git commit -q -m "Tweak the prompt" 2>/tmp/refused; then fail "a prompt change without a bug link went through"; fi
grep -q "commit refused by deadbolt" /tmp/refused || fail "the commit-msg hook did not say why: $(cat /tmp/refused)"
git commit -q -m "Tweak the prompt" -m "Bug: BUG-2" 2>/tmp/warned || fail "a bug-linked commit was refused"
grep -q "fix without lock" /tmp/warned || fail "no fix-without-lock warning: $(cat /tmp/warned)"
git push -q origin main 2>/tmp/push || fail "the pre-push gate refused a passing change: $(cat /tmp/push)"

printf '#!/bin/sh\ncat >/dev/null\necho "something else"\n' > bin/answer
echo "You are a terse assistant." > prompts/example.md
git add -A
git commit -q -m "Terser" -m "Bug: BUG-3" 2>/dev/null
if git push -q origin main >/tmp/out 2>&1; then fail "the pre-push gate let a failing case through"; fi
grep -q "push refused by deadbolt" /tmp/out || fail "the pre-push hook did not say why: $(cat /tmp/out)"
echo "all steps passed"
SH
