#!/usr/bin/env bash
# deadbolt persistent workers (`provider.protocol: jsonl`) against one process per case.
#
#   bash bench/workers.sh [--deadbolt PATH] [--runs N] [--regen]
#
#   --deadbolt PATH  use this binary (default: swift build -c release --static-swift-stdlib)
#   --runs N         timed runs of each 2,000-case command (default 10; the once-mode run of the
#                    slow provider gets a third of them, at least 2)
#   --regen          regenerate the benchmark repositories even if they exist
#   BENCH_DATA=DIR   where the generated repositories live (default /work/bench-data)
#
# a. a no-op worker (bench/providers/noop_worker.c: answers each line at once), 2,000 cases,
#    8 jobs: cases per second of the run phase (DEADBOLT_TRACE's "run N cases" line, from the
#    first case to the last worker's end), on the median run. Target: >= 20,000 cases/s. The
#    same line gives the run phase's CPU, which other work on the machine does not change.
# b. a Python provider that sleeps 300 ms at start (bench/providers/slow_start.py), 8 jobs:
#    jsonl on 2,000 cases against once on 200 cases scaled by 10 (once on 2,000 would take about
#    80 s a run). Target: jsonl >= 50 times faster, on whole-command wall time.
#
# Results: bench/out/workers.md (also printed), hyperfine JSON in bench/out/workers-*.json.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
OUT=$HERE/out
DATA=${BENCH_DATA:-/work/bench-data}/workers
DEADBOLT=""
RUNS=10
REGEN=0
CASES=2000
ONCE_CASES=200
JOBS=8

die() { echo "workers.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --deadbolt) [ $# -ge 2 ] || die "--deadbolt needs a path"; DEADBOLT=$2; shift 2 ;;
    --deadbolt=*) DEADBOLT=${1#*=}; shift ;;
    --runs) [ $# -ge 2 ] || die "--runs needs a number"; RUNS=$2; shift 2 ;;
    --regen) REGEN=1; shift ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

command -v hyperfine >/dev/null || die "hyperfine is not installed (apt-get install -y hyperfine)"
command -v python3 >/dev/null || die "python3 is not installed"
command -v cc >/dev/null || die "no C compiler (cc) for bench/providers/noop_worker.c"

if [ -z "$DEADBOLT" ]; then
  echo "== building deadbolt (release, static Swift stdlib)"
  (cd "$ROOT" && swift build -c release --static-swift-stdlib --product deadbolt) || die "swift build failed"
  DEADBOLT="$(cd "$ROOT" && swift build -c release --static-swift-stdlib --show-bin-path)/deadbolt"
fi
[ -x "$DEADBOLT" ] || die "not an executable: $DEADBOLT"
DEADBOLT=$(cd "$(dirname "$DEADBOLT")" && pwd)/$(basename "$DEADBOLT")

# The interpreter itself, not a shim (pyenv's is a shell script that would add its own start to
# every once-mode case).
PY=$(python3 -c 'import sys; print(sys.executable)')
mkdir -p "$DATA" "$OUT"
cc -O2 -o "$DATA/noop_worker" "$HERE/providers/noop_worker.c" || die "cannot compile noop_worker.c"

# repo NAME CASES COMMAND PROTOCOL: a run repository (bench/gen_run_repo.py) answered by COMMAND
# (a YAML flow list).
repo() {
  local dir=$DATA/$1 cases=$2 command=$3 protocol=$4
  if [ "$REGEN" = 1 ] || [ ! -d "$dir/.git" ] || [ "$(cat "$dir/.cases" 2>/dev/null)" != "$cases" ]; then
    python3 "$HERE/gen_run_repo.py" "$dir" --cases "$cases" --force >/dev/null || die "gen_run_repo.py failed"
    echo "$cases" >"$dir/.cases"
  fi
  printf 'version: 1\nprompts: ["prompts/**"]\nguardrails: ["guardrails/**"]\ndatasets: evals/regression\n%s\n' \
    "provider:" >"$dir/deadbolt.yml"
  printf '  command: %s\n  protocol: %s\n  timeout: 30s\n  jobs: %s\n' "$command" "$protocol" "$JOBS" \
    >>"$dir/deadbolt.yml"
}
echo "== repositories in $DATA"
repo noop "$CASES" "[\"$DATA/noop_worker\"]" jsonl
repo cat "$CASES" '["cat"]' once
repo slow-jsonl "$CASES" "[\"$PY\", \"$HERE/providers/slow_start.py\", \"--jsonl\"]" jsonl
repo slow-once "$ONCE_CASES" "[\"$PY\", \"$HERE/providers/slow_start.py\"]" once

CMD=("$DEADBOLT" run --all --jobs "$JOBS" --no-cache)
q() { printf '%q ' "$@"; }

# phase NAME RUNS: runs the command RUNS times with DEADBOLT_TRACE=1 and prints the run phase of
# each in microseconds, one a line; any exit but 0 (every case passes) is fatal.
phase() {
  local dir=$DATA/$1 runs=$2 i rc
  for i in $(seq "$runs"); do
    (cd "$dir" && DEADBOLT_TRACE=1 "${CMD[@]}" </dev/null >"$OUT/workers-$1.stdout" 2>"$OUT/workers-$1.stderr")
    rc=$?
    if [ "$rc" -ne 0 ]; then
      echo "!! $1: deadbolt run exited $rc; its stderr and the end of its stdout:" >&2
      sed -n '1,20p' "$OUT/workers-$1.stderr" | sed 's/^/!!   /' >&2
      tail -n 20 "$OUT/workers-$1.stdout" | sed 's/^/!!   | /' >&2
      exit 1
    fi
    # "trace: run 2000 cases (cpu: deadbolt N µs, providers N µs) +N µs" -> "wall own children"
    local n='\([0-9]*\)'
    sed -n "s/^trace: run [0-9]* cases (cpu: deadbolt $n µs, providers $n µs) +$n µs\$/\\3 \\1 \\2/p" \
      "$OUT/workers-$1.stderr"
  done
}

# stats: "wall own children" lines (µs) on stdin -> "mean median min" of the wall in ms, then the
# median CPU of deadbolt and of the providers in ms
stats() {
  python3 -c '
import statistics, sys
rows = [[int(x) / 1000 for x in line.split()] for line in sys.stdin if line.strip()]
wall = [r[0] for r in rows]
own = statistics.median(r[1] for r in rows)
children = statistics.median(r[2] for r in rows)
print(f"{statistics.mean(wall):.1f} {statistics.median(wall):.1f} {min(wall):.1f} {own:.1f} {children:.1f}")'
}

# wall NAME RUNS: hyperfine mean of the whole command, in ms
wall() {
  local dir=$DATA/$1 runs=$2
  (cd "$dir" && hyperfine -N --warmup 1 --runs "$runs" --export-json "$OUT/workers-$1.json" "$(q "${CMD[@]}")" \
    >/dev/null) || die "hyperfine failed for $1"
  python3 - "$OUT/workers-$1.json" <<'EOF2'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"{r['mean'] * 1000:.1f} {r['median'] * 1000:.1f}")
EOF2
}
rate() { awk -v n="$1" -v ms="$2" 'BEGIN { printf "%.0f", n / (ms / 1000) }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

ROWS=()

echo
echo "== a. no-op worker, $CASES cases, $JOBS jobs: the run phase ($RUNS runs)"
phase noop "$RUNS" >"$OUT/workers-noop.phase" || exit 1
read -r A_MEAN A_MEDIAN A_MIN A_CPU A_CPU_WORKER < <(stats <"$OUT/workers-noop.phase")
A_RATE=$(rate "$CASES" "$A_MEDIAN"); A_RATE_MEAN=$(rate "$CASES" "$A_MEAN"); A_RATE_BEST=$(rate "$CASES" "$A_MIN")
CORES=$(nproc)
A_PER_CASE=$(awk -v a="$A_CPU" -v b="$A_CPU_WORKER" -v n="$CASES" 'BEGIN { printf "%.1f", (a + b) * 1000 / n }')
A_CPU_RATE=$(awk -v a="$A_CPU" -v b="$A_CPU_WORKER" -v n="$CASES" -v c="$CORES" \
  'BEGIN { printf "%.0f", n / ((a + b) / 1000 / c) }')
wall noop "$RUNS" >"$OUT/workers-noop.wall" || exit 1
read -r A_WALL A_WALL_MEDIAN <"$OUT/workers-noop.wall"
echo "   run phase: median $A_MEDIAN ms -> $A_RATE cases/s (mean $A_MEAN ms: $A_RATE_MEAN/s;" \
  "best $A_MIN ms: $A_RATE_BEST/s)"
echo "   CPU (median): deadbolt $A_CPU ms + workers $A_CPU_WORKER ms = $A_PER_CASE µs a case;" \
  "$A_CPU_RATE cases/s if all $CORES cores were ours"
echo "   whole command: mean $A_WALL ms (median $A_WALL_MEDIAN)"
echo "== a'. reference: protocol once with cat, same cases ($RUNS runs)"
phase cat "$RUNS" >"$OUT/workers-cat.phase" || exit 1
read -r C_MEAN C_MEDIAN C_MIN C_CPU C_CPU_CAT < <(stats <"$OUT/workers-cat.phase")
C_RATE=$(rate "$CASES" "$C_MEDIAN")
echo "   run phase: median $C_MEDIAN ms (mean $C_MEAN) -> $C_RATE cases/s;" \
  "CPU: deadbolt $C_CPU ms + cat $C_CPU_CAT ms"
A_TARGET=$(ratio "$A_RATE" 20000)
awk -v r="$A_RATE" 'BEGIN { exit !(r >= 20000) }' && A_OK=ok || A_OK=MISSED
echo "   target 20,000 cases/s: $A_RATE / 20000 = $A_TARGET ($A_OK);" \
  "$(ratio "$C_MEDIAN" "$A_MEDIAN") times the once-mode cat rate"
ROW="| a. no-op worker (jsonl), $CASES cases, $JOBS jobs"
ROW+=" | run phase median $A_MEDIAN ms: **$A_RATE cases/s** (mean $A_RATE_MEAN/s, best $A_RATE_BEST/s);"
ROW+=" CPU $A_PER_CASE µs a case (deadbolt $A_CPU ms, workers $A_CPU_WORKER ms): $A_CPU_RATE/s on $CORES idle cores;"
ROW+=" whole command $A_WALL ms"
ROW+=" | once + cat: run phase $C_MEDIAN ms, $C_RATE cases/s | $A_TARGET of target | ≥ 20,000 cases/s (median)"
ROW+=" | $A_OK |"
ROWS+=("$ROW")

SLOW_RUNS=$(( RUNS / 3 )); [ "$SLOW_RUNS" -ge 2 ] || SLOW_RUNS=2
echo
echo "== b. Python provider sleeping 300 ms at start, $JOBS jobs: jsonl on $CASES cases ($RUNS runs)"
wall slow-jsonl "$RUNS" >"$OUT/workers-slow-jsonl.wall" || exit 1
read -r B_WALL B_WALL_MEDIAN <"$OUT/workers-slow-jsonl.wall"
phase slow-jsonl 3 >"$OUT/workers-slow-jsonl.phase" || exit 1
read -r B_MEAN B_MEDIAN B_MIN B_CPU B_CPU_WORKER < <(stats <"$OUT/workers-slow-jsonl.phase")
echo "   whole command: mean $B_WALL ms (median $B_WALL_MEDIAN); run phase median $B_MEDIAN ms"
echo "== b'. the same provider with protocol once, on $ONCE_CASES cases, scaled by" \
  "$((CASES / ONCE_CASES)) ($SLOW_RUNS runs)"
wall slow-once "$SLOW_RUNS" >"$OUT/workers-slow-once.wall" || exit 1
read -r O_WALL O_WALL_MEDIAN <"$OUT/workers-slow-once.wall"
O_SCALED=$(awk -v ms="$O_WALL" -v k="$((CASES / ONCE_CASES))" 'BEGIN { printf "%.0f", ms * k }')
echo "   whole command: mean $O_WALL ms for $ONCE_CASES cases -> $O_SCALED ms for $CASES"
B_RATIO=$(ratio "$O_SCALED" "$B_WALL")
awk -v r="$B_RATIO" 'BEGIN { exit !(r >= 50) }' && B_OK=ok || B_OK=MISSED
echo "   jsonl is $B_RATIO times faster (target 50: $B_OK)"
ROW="| b. 300 ms-start Python provider, $CASES cases, $JOBS jobs | jsonl: $B_WALL ms (median $B_WALL_MEDIAN)"
ROW+=" | once: $O_WALL ms for $ONCE_CASES cases, × $((CASES / ONCE_CASES)) = $O_SCALED ms | **$B_RATIO×** | ≥ 50×"
ROW+=" | $B_OK |"
ROWS+=("$ROW")

COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
MODEL=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
{
  echo "# deadbolt workers benchmark"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); deadbolt commit $COMMIT; binary \`$DEADBOLT\`"
  echo "- machine: $(nproc) cores, ${MODEL:-unknown CPU}, $(uname -sr); load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- $(hyperfine --version), $("$PY" --version 2>&1);" \
    "command: \`deadbolt run --all --jobs $JOBS --no-cache\`"
  echo
  echo "| measurement | deadbolt | reference | ratio | target | result |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
} >"$OUT/workers.md"
echo
cat "$OUT/workers.md"
