#!/usr/bin/env bash
# Where coverage is thin, in one minute: the worked example on examples/support-bot. Prompt refund-v4
# passes every case offline, as refund-v3 did; production (examples/support-bot/production/traces.csv,
# 4,000 trace summaries written by bench/gen_production.py) complains for enterprise refunds on v4.
# deadbolt coverage shows the thin enterprise slice, flags the offline win and online loss, and
# prints the capture commands that close it.
#
#   bash scripts/coverage-demo.sh                     works from any directory
#   DEADBOLT_BIN=/path/to/deadbolt bash ...           uses that binary instead of building one
#   DEADBOLT_DEMO_KEEP=1 bash scripts/coverage-demo.sh keeps the throwaway repository
#   DEADBOLT_DEMO_HTML=report.html bash ...           writes the HTML report there (default /tmp)
#
# Exits 0 when the report flags the enterprise refund slice as it should, 1 when it does not.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
example="$root/examples/support-bot"
fail() { printf 'coverage-demo: %s\n' "$*" >&2; exit 2; }
say() { printf '\n== %s\n' "$*"; }

if [[ -n "${DEADBOLT_BIN:-}" ]]; then
    deadbolt="$DEADBOLT_BIN"
else
    command -v swift >/dev/null 2>&1 || fail "swift is not on PATH; install it from https://swift.org/install"
    say "building deadbolt (swift build -c release --static-swift-stdlib; the first build takes a few minutes)"
    (cd "$root" && swift build -c release --static-swift-stdlib --product deadbolt >/dev/null) || fail "swift build failed"
    deadbolt="$(cd "$root" && swift build -c release --static-swift-stdlib --show-bin-path)/deadbolt"
fi
[[ -x "$deadbolt" ]] || fail "no deadbolt binary at $deadbolt"

repo="$(mktemp -d "${TMPDIR:-/tmp}/deadbolt-coverage.XXXXXX")"
cleanup() {
    if [[ "${DEADBOLT_DEMO_KEEP:-}" == 1 ]]; then printf '\ndemo repository kept at %s\n' "$repo"; else rm -rf "$repo"; fi
}
trap cleanup EXIT
cp -R "$example/." "$repo/"
cd "$repo"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME="Ana Demo" GIT_AUTHOR_EMAIL="ana@example.com"
export GIT_COMMITTER_NAME="Ana Demo" GIT_COMMITTER_EMAIL="ana@example.com"
db() { printf '$ deadbolt %s\n' "$*"; "$deadbolt" "$@"; }

git init -q -b main
git add -A
git commit -q -m "Add support bot"
git tag refund-v3
say "refund-v3: every case, recorded in history"
db run --all | tail -1

printf '\n- Keep answers under 120 words.\n' >>prompts/refund.md
git commit -q -am "refund-v4: keep answers short"
git tag refund-v4
say "refund-v4: every case passes again"
db run --all | tail -1

say "what production says"
db coverage --traces production/traces.csv | tee coverage.txt
"$deadbolt" coverage --traces production/traces.csv --format json >coverage.json
html="${DEADBOLT_DEMO_HTML:-${TMPDIR:-/tmp}/deadbolt-coverage.html}"
"$deadbolt" coverage --traces production/traces.csv --report html="$html" >/dev/null
say "the same as a picture: $html (open it in a browser)"

python3 - coverage.json <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
flagged = [s for s in report["slices"] if "offline-win-online-loss" in s["flags"]]
ok = any(s["keys"].get("feature") == "refunds" and s["keys"].get("customer_tier") == "enterprise" for s in flagged)
print("\nenterprise refunds flagged as an offline win and an online loss:", "yes" if ok else "NO")
sys.exit(0 if ok else 1)
PY
