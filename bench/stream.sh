#!/usr/bin/env bash
# A big JSON Lines OTLP export through `deadbolt capture --where`: throughput and peak memory.
#
# `deadbolt capture --dataset refunds --trace EXPORT --where outcome=complaint --bug B-1
# --expected pro-rata` over an export of --size-mb MB (one OTLP export request a line, 50 traces a
# request, every 1000th trace a complaint), beside a Python loop that reads the same file line by
# line and json.loads each line, and `wc -l` as the floor; interleaved, 3 runs each, medians.
# Checks that capture exits 0 and adds one case per complaint trace. Target: peak RSS < 200 MB.
#
#   bash bench/stream.sh [--deadbolt PATH] [--size-mb N] [--python PATH] [--runs N]
#
#   --deadbolt PATH  use this binary (default .build/release/deadbolt; it is not built here)
#   --size-mb N      size of the export in MiB (default 1024)
#   --python PATH    the interpreter for the generator and the reference (default /usr/bin/python3)
#   --runs N         runs of each command (default 3)
#   BENCH_DATA=DIR   where the export and the repository live (default /work/bench-data)
#
# Results: the table in bench/out/stream.md; one run's output in bench/out/stream.deadbolt.*.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
OUT=$HERE/out
DATA=${BENCH_DATA:-/work/bench-data}/stream
DEADBOLT=$ROOT/.build/release/deadbolt
SIZE_MB=1024
PYTHON=/usr/bin/python3
RUNS=3
EVERY=1000
PER_REQUEST=50

die() { echo "stream.sh: $*" >&2; exit 2; }
fail() { echo "stream.sh: FAILED: $*" >&2; exit 1; }
number() { case "$2" in ''|*[!0-9]*) die "$1 needs a positive number, not '$2'" ;; esac; [ "$2" -gt 0 ] || die "$1 needs a positive number"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --deadbolt) [ $# -ge 2 ] || die "--deadbolt needs a path"; DEADBOLT=$2; shift 2 ;;
    --size-mb) [ $# -ge 2 ] || die "--size-mb needs a number"; number --size-mb "$2"; SIZE_MB=$2; shift 2 ;;
    --python) [ $# -ge 2 ] || die "--python needs a path"; PYTHON=$2; shift 2 ;;
    --runs) [ $# -ge 2 ] || die "--runs needs a number"; number --runs "$2"; RUNS=$2; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

if [ ! -e "$DEADBOLT" ]; then
  die "no deadbolt binary at $DEADBOLT: run \`swift build -c release --static-swift-stdlib --product deadbolt\` first, or pass --deadbolt PATH"
fi
[ -x "$DEADBOLT" ] || die "not an executable: $DEADBOLT"
DEADBOLT=$(cd "$(dirname "$DEADBOLT")" && pwd)/$(basename "$DEADBOLT")
[ -x "$PYTHON" ] || die "not an executable: $PYTHON (pass --python PATH)"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (apt-get install -y time)"
command -v git >/dev/null || die "git is not installed"
mkdir -p "$DATA" "$OUT" || die "cannot create $DATA or $OUT"

# 1. The export, made once per size.
EXPORT=$DATA/export-${SIZE_MB}mb-every${EVERY}-per${PER_REQUEST}.jsonl
COUNTS=$EXPORT.counts.json
if [ -s "$EXPORT" ] && [ -s "$COUNTS" ]; then
  echo "== reusing $EXPORT"
else
  echo "== generating a ${SIZE_MB} MiB export: $EXPORT"
  rm -f "$EXPORT" "$COUNTS"
  "$PYTHON" "$HERE/gen_trace_export.py" --size-mb "$SIZE_MB" --out "$EXPORT" --complaint-every "$EVERY" \
    --spans-per-request "$PER_REQUEST" --json-summary "$COUNTS" || fail "gen_trace_export.py failed"
fi
read -r TRACES COMPLAINTS LINES BYTES < <("$PYTHON" -c '
import json, sys
c = json.load(open(sys.argv[1]))
print(c["traces"], c["complaints"], c["lines"], c["bytes"])' "$COUNTS") || fail "cannot read $COUNTS"
[ "$(stat -c %s "$EXPORT")" = "$BYTES" ] || fail "$EXPORT is not the size $COUNTS records; delete both and run again"
[ "$COMPLAINTS" -gt 0 ] || fail "the export holds no complaint trace; use a larger --size-mb"
echo "   $TRACES traces, $COMPLAINTS complaints, $LINES lines, $BYTES bytes"

# 2. The repository the cases go into: its provider answers every case at once with the expected text.
REPO=$DATA/repo
CASES=$REPO/evals/regression/refunds/cases.jsonl
if [ ! -f "$REPO/.git/deadbolt-stream-bench" ]; then
  echo "== making the repository: $REPO"
  rm -rf "$REPO"
  mkdir -p "$REPO/bin" "$REPO/prompts" "$REPO/evals/regression/refunds" || fail "cannot create $REPO"
  git -C "$REPO" init -q -b main || fail "git init failed"
  printf 'version: 1\nprovider: {command: ["bin/answer"]}\n' >"$REPO/deadbolt.yml"
  printf '#!/bin/sh\ncat >/dev/null; echo "Refunds are pro-rata."\n' >"$REPO/bin/answer"
  chmod +x "$REPO/bin/answer"
  echo "Answer refund questions from the policy." >"$REPO/prompts/refund.md"
  printf 'owners: [prompts/refund.md]\nassert: [{type: icontains, value: "{{expected_output}}"}]\n' \
    >"$REPO/evals/regression/refunds/dataset.yml"
  : >"$CASES"
  git -C "$REPO" add -A && git -C "$REPO" -c user.email=b@b -c user.name=b commit -qm "bench: stream" \
    || fail "git commit failed"
  touch "$REPO/.git/deadbolt-stream-bench"
fi
reset_cases() { git -C "$REPO" checkout -q -- evals/regression/refunds/cases.jsonl || fail "cannot reset $CASES"; }

# measure NAME CMD...: one run under /usr/bin/time -v; appends "NAME wall_s rss_kb" to $RESULTS.
# stdout and stderr go to $OUT/stream.NAME.{stdout,stderr}; returns the command's exit status.
RESULTS=$DATA/results.txt
: >"$RESULTS"
measure() {
  local name=$1; shift
  local start end status rss
  start=$(date +%s%N)
  /usr/bin/time -v -o "$DATA/time.$name" "$@" >"$OUT/stream.$name.stdout" 2>"$OUT/stream.$name.stderr"
  status=$?
  end=$(date +%s%N)
  rss=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$DATA/time.$name")
  [ -n "$rss" ] || rss=0
  echo "$name $(( (end - start) / 1000 )) $rss" >>"$RESULTS"
  return $status
}

READER='import json, sys
entries = 0
with open(sys.argv[1], "rb") as f:
    for line in f:
        entries += len(json.loads(line)["resourceSpans"])
print(entries)'

cat "$EXPORT" >/dev/null  # the page cache holds it for every command alike
echo "== $RUNS runs each: deadbolt capture, $PYTHON json.loads, wc -l (interleaved)"
for run in $(seq 1 "$RUNS"); do
  reset_cases
  measure deadbolt "$DEADBOLT" capture -C "$REPO" --dataset refunds --trace "$EXPORT" \
    --where outcome=complaint --bug B-1 --expected pro-rata </dev/null
  status=$?
  if [ $status -ne 0 ]; then
    tail -n 20 "$OUT/stream.deadbolt.stderr" >&2
    fail "deadbolt capture exited $status on run $run (stderr: $OUT/stream.deadbolt.stderr)"
  fi
  added=$(wc -l <"$CASES")
  if [ "$added" -ne "$COMPLAINTS" ]; then
    tail -n 20 "$OUT/stream.deadbolt.stdout" "$OUT/stream.deadbolt.stderr" >&2
    fail "deadbolt capture added $added cases on run $run, but the export holds $COMPLAINTS complaint traces"
  fi
  measure python "$PYTHON" -c "$READER" "$EXPORT" </dev/null || fail "the Python reader failed: $(tail -n 5 "$OUT/stream.python.stderr")"
  entries=$(cat "$OUT/stream.python.stdout")
  [ "$entries" = "$TRACES" ] || fail "the Python reader found $entries resourceSpans entries, not $TRACES"
  measure wc wc -l "$EXPORT" </dev/null || fail "wc -l failed"
  echo "   run $run: deadbolt $(awk '$1=="deadbolt"{w=$2} END{printf "%.2f", w/1e6}' "$RESULTS") s, $added cases"
done
# Every case should be a complaint trace's question, once.
CHECK=$("$PYTHON" - "$CASES" "$EVERY" "$COMPLAINTS" <<'PY'
import json, re, sys
path, every, complaints = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
tickets, bad = [], 0
for line in open(path):
    try:
        text = json.dumps(json.loads(line)["input"])
        tickets.append(int(re.search(r"ticket (\d+)", text).group(1)))
    except Exception:
        bad += 1
want = {every * k for k in range(1, complaints + 1)}
print("ok" if sorted(tickets) == sorted(want) and not bad else
      f"{len(set(tickets) & want)} of {len(want)} complaint tickets present, {len(tickets) - len(set(tickets))} repeated, "
      f"{len(set(tickets) - want)} not complaints, {bad} lines unreadable")
PY
)
[ "$CHECK" = "ok" ] || fail "the cases are not the complaint traces: $CHECK"
reset_cases

SUMMARY=$OUT/stream.md
"$PYTHON" - "$RESULTS" "$BYTES" >"$DATA/table.md" <<'PY' || fail "cannot summarise $RESULTS"
import statistics, sys
results, size = sys.argv[1], int(sys.argv[2])
runs = {}
for line in open(results):
    name, wall_us, rss_kb = line.split()
    runs.setdefault(name, []).append((int(wall_us) / 1e6, int(rss_kb) * 1024 / 1e6))
med = {n: (statistics.median(w for w, _ in r), statistics.median(m for _, m in r), max(m for _, m in r), len(r))
       for n, r in runs.items()}
label = {"deadbolt": "deadbolt capture --where outcome=complaint", "python": "python3: json.loads each line",
         "wc": "wc -l"}
print("| command | bytes | wall s | MB/s | peak RSS MB |")
print("|---|---|---|---|---|")
for n in ("deadbolt", "python", "wc"):
    wall, rss, _, _ = med[n]
    rate = size / 1e6 / wall
    shown = f"{rate:.0f}" if rate >= 100 else f"{rate:.3g}"
    print(f"| {label[n]} | {size} | {wall:.2f} | {shown} | {rss:.1f} |")
d, p = med["deadbolt"], med["python"]
print()
print(f"- deadbolt / python: time {d[0] / p[0]:.2f}, peak RSS {d[1] / p[1]:.2f}")
print(f"- deadbolt / wc -l: time {d[0] / med['wc'][0]:.1f}")
print(f"- peak RSS under 200 MB: {'PASS' if d[2] < 200 else 'FAIL'} (largest of {d[3]} runs: {d[2]:.1f} MB)")
PY
{
  echo "# deadbolt benchmark: a big JSON Lines export through capture"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown); $(nproc) cores; $("$PYTHON" --version 2>&1)"
  echo "- deadbolt: $DEADBOLT"
  echo "- export: ${SIZE_MB} MiB, $LINES lines, $TRACES traces ($PER_REQUEST a line), $COMPLAINTS complaints (every $EVERY); each run added $COMPLAINTS cases"
  echo "- medians of $RUNS interleaved runs, file in the page cache; MB = 10^6 bytes"
  echo
  cat "$DATA/table.md"
} >"$SUMMARY"
cat "$SUMMARY"
