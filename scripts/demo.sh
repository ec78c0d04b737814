#!/usr/bin/env bash
# deadbolt in one minute: build it, make a throwaway git repository from examples/support-bot,
# commit a harmless-looking prompt edit that brings bug BUG-142 back, and watch the pre-push gate
# catch it.
#
#   bash scripts/demo.sh                        works from any directory
#   DEADBOLT_DEMO_KEEP=1 bash scripts/demo.sh   keeps the throwaway repository and prints its path
#   DEADBOLT_BIN=/path/to/deadbolt bash ...     uses that binary instead of building one
#
# Exits 0 when the gate fails as it should (deadbolt check exits 1); 1 when the gate wrongly passes;
# deadbolt's own code otherwise (2: bad input, a crash's code, ...).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
example="$root/examples/support-bot"

say() { printf '\n== %s\n' "$*"; }
fail() { printf 'demo: %s\n' "$*" >&2; exit 2; }

[[ -d "$example" ]] || fail "cannot find $example"

# --- 1. what the demo needs from the system ---------------------------------------------------------
packages=()
if ! { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists libgit2; }; then
    [[ -n "${DEADBOLT_BIN:-}" ]] || packages+=(libgit2-dev pkg-config)
fi
command -v git >/dev/null 2>&1 || packages+=(git)
command -v python3 >/dev/null 2>&1 || packages+=(python3)   # the example's provider
if ((${#packages[@]})); then
    say "installing ${packages[*]}"
    sudo=()
    if [[ "$(id -u)" -ne 0 ]]; then
        command -v sudo >/dev/null 2>&1 || fail "need root or sudo to install: ${packages[*]}"
        sudo=(sudo)
    fi
    ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get update -q
    ${sudo[@]+"${sudo[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${packages[@]}"
fi

# --- 2. deadbolt itself -------------------------------------------------------------------------------
if [[ -n "${DEADBOLT_BIN:-}" ]]; then
    deadbolt="$DEADBOLT_BIN"
    say "using DEADBOLT_BIN=$deadbolt"
else
    command -v swift >/dev/null 2>&1 || fail "swift is not on PATH; install it from https://swift.org/install"
    say "building deadbolt (swift build -c release --static-swift-stdlib, as the README installs it; the first build takes a few minutes)"
    log="$(mktemp)"
    if ! (cd "$root" && swift build -c release --static-swift-stdlib --product deadbolt) >"$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        fail "swift build failed"
    fi
    rm -f "$log"
    deadbolt="$(cd "$root" && swift build -c release --static-swift-stdlib --show-bin-path)/deadbolt"
fi
[[ -x "$deadbolt" ]] || fail "no deadbolt binary at $deadbolt"

# --- 3. a throwaway repository holding the example -------------------------------------------------------
repo="$(mktemp -d "${TMPDIR:-/tmp}/deadbolt-demo.XXXXXX")"
cleanup() {
    if [[ "${DEADBOLT_DEMO_KEEP:-}" == 1 ]]; then
        printf '\ndemo repository kept at %s\n' "$repo"
    else
        rm -rf "$repo"
    fi
}
trap cleanup EXIT

cp -R "$example/." "$repo/"
cd "$repo"

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null   # the user's hooks and signing stay out
export GIT_AUTHOR_NAME="Ana Demo" GIT_AUTHOR_EMAIL="ana@example.com"
export GIT_COMMITTER_NAME="Ana Demo" GIT_COMMITTER_EMAIL="ana@example.com"
commit() {   # commit DATE MESSAGE
    GIT_AUTHOR_DATE="$1" GIT_COMMITTER_DATE="$1" git commit -q -m "$2"
}

git init -q -b main
git add -A
commit "2026-11-20T09:00:00+00:00" "Add support bot"

# --- 4. the commit that brings the old bug back ------------------------------------------------------
python3 - prompts/refund.md <<'PY'
import sys
path = sys.argv[1]
old = "Annual plans are refunded pro-rata for the unused months."
text = open(path, encoding="utf-8").read()
if old not in text:
    sys.exit(f"demo: {path} no longer holds the line {old!r}")
open(path, "w", encoding="utf-8").write(text.replace(old, "Annual plans are not refundable."))
PY
git add prompts/refund.md
commit "2026-11-21T10:30:00+00:00" "$(printf '%s\n' \
    "Simplify refund wording" "" \
    "Shorter policy text for the refund flow." "" \
    "Bug: https://tracker.example.com/BUG-311")"

# --- 5. what deadbolt makes of it --------------------------------------------------------------------
run() { printf '$ %s\n' "$*"; "$@"; }
db() { printf '$ deadbolt %s\n' "$*"; "$deadbolt" "$@"; }

say "git log"
run git log --oneline
say "git diff HEAD~1 HEAD"
run git --no-pager diff --no-color HEAD~1 HEAD
say "deadbolt changes"
db changes --base HEAD~1 --head HEAD
say "deadbolt select"
db select --gate pre-push --base HEAD~1 --head HEAD
say "deadbolt check"
set +e
db check --gate pre-push --base HEAD~1 --head HEAD
status=$?
set -e

printf '\ndeadbolt check exited with %d (1 means the gate failed, as it should: the old bug is back)\n' "$status"
case "$status" in
    1) exit 0 ;;
    0) printf 'demo: the gate passed, but the commit brings BUG-142 back: it should have failed\n' >&2
       exit 1 ;;
    *) printf 'demo: expected exit code 1 from deadbolt check, got %d\n' "$status" >&2
       exit "$status" ;;
esac
