#!/usr/bin/env bash
# Start-up: the no-op pre-push hook (the installed script, as git runs it) beside
# `git diff --name-only` on the same range of the 100,000-file repository, and
# `deadbolt --version` beside a C program that does nothing; with --baseline, a second binary
# (another build) in the same rounds, interleaved (bench/interleave.py), so the ratios between builds hold.
#
#   bash bench/startup.sh [--deadbolt PATH] [--baseline PATH] [--runs N]
#
#   --deadbolt PATH  the binary to measure (default .build/release/deadbolt; not built here)
#   --baseline PATH  another build to measure beside it (e.g. the previous recipe)
#   --runs N         interleaved rounds (default 200, after 20 warmups)
#   BENCH_DATA=DIR   where bench/run.sh keeps the big repository (default /work/bench-data)
#
# Targets (issue "Start in half the time"): the hook within 3 times git diff --name-only.
# Results: bench/out/startup.md and the JSON beside it.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
OUT=$HERE/out
DATA=${BENCH_DATA:-/work/bench-data}
BIG=$DATA/big
DEADBOLT=$ROOT/.build/release/deadbolt
BASELINE=""
RUNS=200

die() { echo "startup.sh: $*" >&2; exit 2; }
number() { case "$2" in ''|*[!0-9]*) die "$1 needs a positive number, not '$2'" ;; esac; [ "$2" -gt 0 ] || die "$1 needs a positive number"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --deadbolt) [ $# -ge 2 ] || die "--deadbolt needs a path"; DEADBOLT=$2; shift 2 ;;
    --baseline) [ $# -ge 2 ] || die "--baseline needs a path"; BASELINE=$2; shift 2 ;;
    --runs) [ $# -ge 2 ] || die "--runs needs a number"; number --runs "$2"; RUNS=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) die "unknown argument '$1' (see --help)" ;;
  esac
done
command -v cc >/dev/null || die "a C compiler (cc) is needed for the no-op program"
[ -x "$DEADBOLT" ] || die "no deadbolt binary at $DEADBOLT: run \`swift build -c release --static-swift-stdlib --product deadbolt\`, or pass --deadbolt PATH"
[ -z "$BASELINE" ] || [ -x "$BASELINE" ] || die "no binary at $BASELINE"
[ -f "$BIG/.git/deadbolt-bench.json" ] || die "no benchmark repository at $BIG: run bash bench/run.sh once (it generates it), or python3 bench/gen_repo.py $BIG"
mkdir -p "$OUT"
DEADBOLT=$(cd "$(dirname "$DEADBOLT")" && pwd)/$(basename "$DEADBOLT")
[ -z "$BASELINE" ] || BASELINE=$(cd "$(dirname "$BASELINE")" && pwd)/$(basename "$BASELINE")

# The no-op C program, the floor of any process start.
NOOP=$OUT/noop
printf 'int main(void) { return 0; }\n' > "$OUT/noop.c"
cc -O2 -o "$NOOP" "$OUT/noop.c" || die "cc failed"

# The installed hook, as `deadbolt install` writes it, in a copy of the hooks folder's place:
# git runs .git/hooks/pre-push with the remote's name and URL and the pushed refs on stdin.
HOOK=$OUT/startup-pre-push
"$DEADBOLT" install --help >/dev/null 2>&1 || die "$DEADBOLT has no install command"
(cd "$BIG" && "$DEADBOLT" install >/dev/null 2>&1) || die "deadbolt install failed in $BIG"
cp "$BIG/.git/hooks/pre-push" "$HOOK"
PUSH_LINE=$OUT/startup-push.txt
(cd "$BIG" && echo "refs/heads/main $(git rev-parse bench-b) refs/heads/main $(git rev-parse bench-a)") > "$PUSH_LINE" \
  || die "the big repository has no bench-a/bench-b"

q() { printf '%q ' "$@"; }
hook_cmd() { echo "DEADBOLT_BIN=$(q "$1") $(q "$HOOK") origin https://example.com/bench.git < $(q "$PUSH_LINE") > /dev/null"; }
GIT_CMD="git diff --name-only bench-a bench-b < $(q "$PUSH_LINE") > /dev/null"
for bin in "$DEADBOLT" ${BASELINE:+"$BASELINE"}; do
  (cd "$BIG" && sh -c "$(hook_cmd "$bin")") || die "the hook fails with $bin (exit $?)"
done

# Round-robin, not hyperfine: hyperfine runs each command's runs back to back, and on this VM the
# order alone moved a command by 10%. bench/interleave.py alternates the commands (and their order).
echo "== hook: installed pre-push script vs git diff --name-only (in $BIG), $RUNS rounds"
ARGS=("hook=$(hook_cmd "$DEADBOLT")")
[ -z "$BASELINE" ] || ARGS+=("hook (baseline)=$(hook_cmd "$BASELINE")")
ARGS+=("git diff --name-only=$GIT_CMD")
/usr/bin/python3 "$HERE/interleave.py" --runs "$RUNS" --warmup 20 --cwd "$BIG" "${ARGS[@]}" > "$OUT/startup-hook.json" \
  || die "interleave.py failed"
echo "== --version vs a no-op C program, $RUNS rounds"
ARGS=("deadbolt --version=$(q "$DEADBOLT") --version > /dev/null")
[ -z "$BASELINE" ] || ARGS+=("deadbolt --version (baseline)=$(q "$BASELINE") --version > /dev/null")
ARGS+=("no-op C program=$(q "$NOOP")")
/usr/bin/python3 "$HERE/interleave.py" --runs "$RUNS" --warmup 20 "${ARGS[@]}" > "$OUT/startup-version.json" \
  || die "interleave.py failed"

/usr/bin/python3 - "$OUT" "$DEADBOLT" "${BASELINE:-}" "$RUNS" <<'PY' | tee "$OUT/startup.md"
import json, subprocess, sys, datetime
out, deadbolt, baseline, runs = sys.argv[1:5]
def load(name):
    return json.load(open(f"{out}/{name}"))
def ms(r): return r["mean"], r["median"]
commit = subprocess.run(["git", "-C", out, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
print("# deadbolt benchmark: start-up\n")
print(f"- {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC, commit {commit}, {runs} interleaved rounds after 20 warmups; every command runs through `sh -c` (about 3 ms here, the same for each)")
print(f"- deadbolt: {deadbolt}" + (f"; baseline: {baseline}" if baseline else ""))
print()
print("| measurement | mean ms | median ms | reference | reference mean ms | ratio (means) |")
print("|---|---|---|---|---|---|")
hook = load("startup-hook.json"); version = load("startup-version.json")
g = ms(hook["git diff --name-only"]); n = ms(version["no-op C program"])
rows = [("hook", hook, "git diff --name-only", g), ("hook (baseline)", hook, "git diff --name-only", g),
        ("deadbolt --version", version, "no-op C program", n), ("deadbolt --version (baseline)", version, "no-op C program", n)]
ratios = {}
for name, table, ref, refms in rows:
    if name not in table: continue
    m = ms(table[name]); ratios[name] = m[0]
    print(f"| {name} | {m[0]:.2f} | {m[1]:.2f} | {ref} | {refms[0]:.2f} | {m[0] / refms[0]:.2f} |")
print()
if "hook (baseline)" in ratios:
    print(f"- this build / baseline: hook {ratios['hook'] / ratios['hook (baseline)']:.2f}, --version {ratios['deadbolt --version'] / ratios['deadbolt --version (baseline)']:.2f}")
h = ratios["hook"] / g[0]
print(f"- hook within 3 times git diff --name-only: {'ok' if h <= 3 else 'MISSED'} ({h:.2f})")
PY
