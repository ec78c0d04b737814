#!/usr/bin/env bash
# `deadbolt bisect` beside `git bisect run` on the same generated history, in the same run: a case
# that passes at the first commit and fails from commit B on, where B is the first prompt edit at or
# after 73.7% of N commits (every 10th commit edits the prompt, the other 9 edit unrelated files).
# The reference runs the provider at each step as a hand bisect would
# (`echo {} | bin/answer | grep -q pro-rata`) in a clone of the repository. Both must find B.
#
#   bash bench/bisect.sh [--deadbolt PATH] [--commits N] [--runs N]
#
#   --deadbolt PATH  the binary to measure (default: .build/release/deadbolt when it is newer than
#                    .build/debug/deadbolt, else the debug one; not built here)
#   --commits N      commits after the first (default 1000, at least 10)
#   --runs N         hyperfine runs of each tool (default 3, after 1 warmup)
#
# deadbolt does more per step: it materialises each tested commit's tree and runs the case through
# its real runner (and tests the good and bad ends first; its answer cache is emptied before every
# run), but it tests only the commits that changed what the case depends on (here every 10th).
# Everything lives in a temporary folder, removed on exit; nothing is written to bench/out.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
DEADBOLT=""
COMMITS=1000
RUNS=3

die() { echo "bisect.sh: $*" >&2; exit 2; }
number() { case "$2" in ''|*[!0-9]*) die "$1 needs a positive whole number, not '$2'" ;; esac; [ "$2" -gt 0 ] || die "$1 needs a positive whole number"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --deadbolt) [ $# -ge 2 ] || die "--deadbolt needs a path"; DEADBOLT=$2; shift 2 ;;
    --commits) [ $# -ge 2 ] || die "--commits needs a number"; number --commits "$2"; COMMITS=$2; shift 2 ;;
    --runs) [ $# -ge 2 ] || die "--runs needs a number"; number --runs "$2"; RUNS=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
[ "$COMMITS" -ge 10 ] || die "--commits needs at least 10 (every 10th commit edits the prompt)"
command -v hyperfine >/dev/null || die "hyperfine is not installed (apt-get install -y hyperfine)"

if [ -z "$DEADBOLT" ]; then
  DEADBOLT=$ROOT/.build/debug/deadbolt
  [ -x "$ROOT/.build/release/deadbolt" ] && [ "$ROOT/.build/release/deadbolt" -nt "$DEADBOLT" ] &&
    DEADBOLT=$ROOT/.build/release/deadbolt
fi
[ -x "$DEADBOLT" ] || die "not an executable: $DEADBOLT (swift build, or pass --deadbolt PATH)"
DEADBOLT=$(cd "$(dirname "$DEADBOLT")" && pwd)/$(basename "$DEADBOLT")
"$DEADBOLT" bisect --help 2>/dev/null | grep -q 'USAGE: deadbolt bisect' ||
  die "$DEADBOLT has no bisect command (built before it was added?)"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/bench-bisect.XXXXXX")
[ -n "${BISECT_KEEP:-}" ] || trap 'rm -rf "$TMP"' EXIT
REPO=$TMP/repo
CLONE=$TMP/clone

# ---- the history: a fast-import stream with fixed dates, so the shas are the same on every run -
BREAK=$(( (COMMITS * 737 + 999) / 1000 ))
BREAK=$(( (BREAK + 9) / 10 * 10 ))
echo "== generating $COMMITS commits after the first; the case breaks at commit $BREAK"
blob() { printf 'M %s inline %s\ndata %d\n%s\n' "$1" "$2" "${#3}" "$3"; }
commit() { # commit N MESSAGE: the header of commit N (N=0 is the root)
  printf 'commit refs/heads/main\ncommitter bench <bench@example.com> %d +0000\ndata %d\n%s\n' \
    $((1700000000 + $1 * 60)) "${#2}" "$2"
}
{
  commit 0 "bench: refund prompt and its regression case"
  blob 100644 deadbolt.yml $'version: 1\nprovider:\n  command: [bin/answer]\n  timeout: 10s'
  blob 100755 bin/answer $'#!/bin/sh\ncat > /dev/null\ncat prompts/refund.md'
  blob 100644 prompts/refund.md "Annual plans are refunded pro-rata. v0"
  blob 100644 evals/regression/refund_regressions/dataset.yml "owners: [prompts/refund.md]"
  blob 100644 evals/regression/refund_regressions/cases.jsonl \
    '{"id":"reg-1","input":"Refund?","expected_output":"pro-rata"}'
  for ((k = 1; k <= COMMITS; k++)); do
    if ((k % 10 == 0)); then
      commit "$k" "bench: prompt v$k"
      if ((k < BREAK)); then text="Annual plans are refunded pro-rata. v$k"; else text="Annual plans are not refundable. v$k"; fi
      blob 100644 prompts/refund.md "$text"
    else
      commit "$k" "bench: unrelated change $k"
      blob 100644 "src/file_$k.txt" "unrelated change $k"
    fi
  done
} >"$TMP/stream"
git init -q -b main "$REPO"
git -C "$REPO" fast-import --quiet <"$TMP/stream"
git -C "$REPO" checkout -q -f main
FIRST=$(git -C "$REPO" rev-list --max-parents=0 HEAD)
EXPECTED=$(git -C "$REPO" rev-list --reverse HEAD | sed -n "$((BREAK + 1))p")
git -C "$REPO" show -s --format=%s "$EXPECTED" | grep -qx "bench: prompt v$BREAK" || die "commit $BREAK is not where expected"
git clone -q "$REPO" "$CLONE"

# ---- the two tools, each timed by hyperfine; deadbolt's answer cache emptied before every run ---
DB_CMD="$DEADBOLT bisect -C $REPO reg-1 --good $FIRST --bad HEAD --format json >$TMP/deadbolt.json 2>$TMP/deadbolt.err"
TEST='echo {} | bin/answer | grep -q pro-rata'
GIT_CMD="cd $CLONE && git bisect start main $FIRST >/dev/null && git bisect run sh -c '$TEST' >$TMP/git.out 2>&1"
echo "== hyperfine: $RUNS runs of each ($(basename "$(dirname "$DEADBOLT")") binary $DEADBOLT)"
hyperfine --warmup 1 --runs "$RUNS" --export-json "$TMP/hyperfine.json" \
  --prepare "rm -rf $REPO/.git/deadbolt/cache; git -C $CLONE bisect reset >/dev/null 2>&1 || true" \
  -n "deadbolt bisect" "$DB_CMD" -n "git bisect run" "$GIT_CMD" >"$TMP/hyperfine.out" 2>&1 ||
  { cat "$TMP/hyperfine.out" "$TMP/deadbolt.err" >&2 2>/dev/null; die "hyperfine failed"; }

# ---- what each found, and how many commits it tested (from the last run) -----------------------
read -r DB_FOUND DB_TESTED DB_CANDIDATES < <(python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
print(o["first_bad"] or "none", len(o["tested"]), o["candidates"])' "$TMP/deadbolt.json")
GIT_FOUND=$(sed -n 's/^\([0-9a-f]\{40\}\) is the first bad commit$/\1/p' "$TMP/git.out")
GIT_TESTED=$(git -C "$CLONE" bisect log | grep -cE '^git bisect (good|bad) ')
[ "$DB_FOUND" = "$EXPECTED" ] || die "deadbolt bisect found ${DB_FOUND}, not commit $BREAK ($EXPECTED)"
[ "$GIT_FOUND" = "$EXPECTED" ] || die "git bisect run found ${GIT_FOUND:-nothing}, not commit $BREAK ($EXPECTED)"

read -r DB_MEAN DB_SD GIT_MEAN GIT_SD RATIO < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print("%.1f %.1f %.1f %.1f %.2f" % (r[0]["mean"] * 1e3, r[0]["stddev"] * 1e3, r[1]["mean"] * 1e3,
      r[1]["stddev"] * 1e3, r[0]["mean"] / r[1]["mean"]))' "$TMP/hyperfine.json")

echo
echo "$COMMITS commits after the first, $DB_CANDIDATES of them prompt edits; first bad: commit $BREAK ${EXPECTED:0:12}"
printf '%-16s | %-22s | %-15s | %s\n' tool "wall time (mean ± sd)" "commits tested" "found"
printf '%-16s | %-22s | %-15s | %s\n' "deadbolt bisect" "$DB_MEAN ± $DB_SD ms" "$DB_TESTED" "${DB_FOUND:0:12}"
printf '%-16s | %-22s | %-15s | %s\n' "git bisect run" "$GIT_MEAN ± $GIT_SD ms" "$GIT_TESTED" "${GIT_FOUND:0:12}"
echo "ratio deadbolt/git (means): $RATIO"
echo "deadbolt's count includes the good and bad ends it checks first; each of its steps materialises the"
echo "commit's tree and runs the case through its runner, but it tests only commits that changed what the"
echo "case depends on. git bisect run checks out each step in one work tree and runs the provider by hand."
