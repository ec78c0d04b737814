#!/bin/sh
# Installs deadbolt from its release tarball (scripts/package.sh writes this file into it as
# install.sh).
#
#   ./install.sh            into /usr/local as root, else into ~/.local
#   ./install.sh PREFIX     into PREFIX: PREFIX/bin/deadbolt and its libraries in PREFIX/lib/deadbolt
#
# Installing again replaces the files in place, so hooks that remember PREFIX/bin/deadbolt keep
# working across upgrades.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
if [ $# -gt 1 ]; then
    echo "install.sh: at most one argument, the prefix (such as /usr/local or \$HOME/.local)" >&2
    exit 2
fi
if [ $# -eq 1 ]; then
    prefix=$1
elif [ "$(id -u)" -eq 0 ]; then
    prefix=/usr/local
else
    prefix=$HOME/.local
fi
case "$prefix" in
    /*) ;;
    *) prefix=$(pwd)/$prefix ;;
esac

libraries=$prefix/lib/deadbolt
mkdir -p "$prefix/bin" "$libraries" || {
    echo "install.sh: cannot create $prefix/bin or $libraries; choose a prefix you can write to" >&2
    exit 2
}
# The libraries first, then the binary as a copy beside the old one and a rename: a hook running
# the old binary is never left with half a file.
rm -f "$libraries/"*
for library in "$here/lib/deadbolt/"*; do
    [ -e "$library" ] && cp "$library" "$libraries/"
done
cp "$here/bin/deadbolt" "$prefix/bin/deadbolt.new"
mv -f "$prefix/bin/deadbolt.new" "$prefix/bin/deadbolt"
version=$("$prefix/bin/deadbolt" --version) || {
    echo "install.sh: the installed deadbolt does not start; see $here/README for what it needs" >&2
    exit 1
}
echo "deadbolt $version installed: $prefix/bin/deadbolt"
case ":$PATH:" in
    *":$prefix/bin:"*) ;;
    *) echo "add $prefix/bin to PATH, or run $prefix/bin/deadbolt install in a repository" ;;
esac
