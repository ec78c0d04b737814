#!/usr/bin/env bash
# What history costs: recording 2,000 results at the end of a run, the per-case comparison of a
# check over 2,000 cases, and `deadbolt history --case` over 1,000,000 records, each timed beside
# the same command without history (round-robin, bench/interleave.py: hyperfine runs all of one
# command and then all of the other, so a machine whose speed drifts in between moves the
# difference) or, for the query, beside the sqlite3 shell running the same query (hyperfine).
#
#   bash bench/history.sh [--deadbolt PATH] [--runs N] [--records N]
#
#   --deadbolt PATH  use this binary (default: swift build -c release --static-swift-stdlib)
#   --runs N         runs of each command (default 10, after 2 warmups)
#   --records N      records in the large store (default 1000000)
#   BENCH_DATA=DIR   where the generated repositories live (default /work/bench-data)
#
# Results: JSON in bench/out/history.*.json, the summary in bench/out/history.md.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
OUT=$HERE/out
DATA=${BENCH_DATA:-/work/bench-data}
DEADBOLT=""
RUNS=10
RECORDS=1000000
CASES=2000

die() { echo "history.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --deadbolt) [ $# -ge 2 ] || die "--deadbolt needs a path"; DEADBOLT=$2; shift 2 ;;
    --runs) [ $# -ge 2 ] || die "--runs needs a number"; RUNS=$2; shift 2 ;;
    --records) [ $# -ge 2 ] || die "--records needs a number"; RECORDS=$2; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

command -v hyperfine >/dev/null || die "hyperfine is not installed (apt-get install -y hyperfine)"
command -v sqlite3 >/dev/null || die "sqlite3 is not installed (apt-get install -y sqlite3)"

if [ -z "$DEADBOLT" ]; then
  echo "== building deadbolt (release, static Swift stdlib)"
  (cd "$ROOT" && swift build -c release --static-swift-stdlib --product deadbolt) || die "swift build failed"
  DEADBOLT="$(cd "$ROOT" && swift build -c release --static-swift-stdlib --show-bin-path)/deadbolt"
fi
[ -x "$DEADBOLT" ] || die "not an executable: $DEADBOLT"
DEADBOLT=$(cd "$(dirname "$DEADBOLT")" && pwd)/$(basename "$DEADBOLT")
mkdir -p "$DATA" "$OUT"

# ---- the repository: 2,000 cases of one dataset, provider cat, two commits --------------------
REPO=$DATA/history-$CASES
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=b@example.com GIT_COMMITTER_NAME=bench \
  GIT_COMMITTER_EMAIL=b@example.com
rm -rf "$REPO"
echo "== generating $REPO ($CASES cases)"
mkdir -p "$REPO/evals/regression/echo_cases" "$REPO/prompts"
git -C "$REPO" init -q -b main
echo "Repeat the question back." >"$REPO/prompts/echo.md"
printf 'prompt: prompts/echo.md\ntier: smoke\n' >"$REPO/evals/regression/echo_cases/dataset.yml"
python3 - "$REPO/evals/regression/echo_cases/cases.jsonl" "$CASES" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(int(sys.argv[2])):
        f.write(json.dumps({"id": f"case-{i:05d}", "input": {"question": f"What is order {i:05d}?"},
                            "expected_output": f"{i:05d}", "tags": {"feature": "echo"}}) + "\n")
PY
printf 'version: 1\nprovider: {command: [cat], jobs: 8}\n' >"$REPO/deadbolt.yml"
git -C "$REPO" add -A && git -C "$REPO" commit -qm "bench: $CASES echo cases"
echo "Repeat the question back, word for word." >"$REPO/prompts/echo.md"
git -C "$REPO" commit -qam "bench: reword the prompt"
STORE=$REPO/.git/deadbolt/history.sqlite

# The baseline: every case recorded at the first commit (and the cache filled for both commits).
git -C "$REPO" checkout -q HEAD~1
(cd "$REPO" && "$DEADBOLT" run --all >/dev/null) || die "the baseline run failed"
git -C "$REPO" checkout -q main
(cd "$REPO" && "$DEADBOLT" run --all >/dev/null) || die "the second run failed"
echo "   $(sqlite3 "$STORE" 'SELECT COUNT(*) FROM eval_records_all') records after two runs"

# paired FILE NAME -> mean and median in ms, from bench/interleave.py's JSON
paired() {
  python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))[sys.argv[2]]
print("%.1f %.1f" % (r["mean"], r["median"]))' "$1" "$2"
}

# times FILE INDEX -> mean and median in ms, from hyperfine's JSON
times() {
  python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]
print("%.1f %.1f" % (r["mean"] * 1000, r["median"] * 1000))' "$1" "$2"
}
ROWS=()
row() { ROWS+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); }

# ---- 1. recording 2,000 results: run --all with and without history (answers cached) -----------
echo "== 1. deadbolt run --all ($CASES cases, cached answers): history vs --no-history"
python3 "$HERE/interleave.py" --runs "$RUNS" --warmup 2 \
  "history=$DEADBOLT run -C $REPO --all >/dev/null" \
  "no-history=$DEADBOLT run -C $REPO --all --no-history >/dev/null" >"$OUT/history.run.json" ||
  die "interleave.py failed"
read -r HM HMED < <(paired "$OUT/history.run.json" history)
read -r NM NMED < <(paired "$OUT/history.run.json" no-history)
ADD=$(awk -v a="$HMED" -v b="$NMED" 'BEGIN { printf "%.1f", a - b }')
OK=$(awk -v d="$ADD" 'BEGIN { print (d <= 50) ? "ok" : "MISSED" }')
row "1. run --all, $CASES cases: recording" "$HM ms (median $HMED)" "--no-history: $NM ms (median $NMED)" \
  "+$ADD ms (medians)" "<= +50 ms" "$OK"

# ---- 2. check over 2,000 cases: compare with the baseline, find flakes, record -----------------
echo "== 2. deadbolt check --base HEAD~1 ($CASES cases, cached answers): history vs --no-history"
python3 "$HERE/interleave.py" --runs "$RUNS" --warmup 2 \
  "history=$DEADBOLT check -C $REPO --base HEAD~1 --head HEAD >/dev/null" \
  "no-history=$DEADBOLT check -C $REPO --base HEAD~1 --head HEAD --no-history >/dev/null" \
  >"$OUT/history.check.json" || die "interleave.py failed"
(cd "$REPO" && "$DEADBOLT" check --base HEAD~1 --head HEAD --format json >"$OUT/history.check.stdout")
LABELS=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("changes"))' "$OUT/history.check.stdout")
read -r HM HMED < <(paired "$OUT/history.check.json" history)
read -r NM NMED < <(paired "$OUT/history.check.json" no-history)
ADD=$(awk -v a="$HMED" -v b="$NMED" 'BEGIN { printf "%.1f", a - b }')
OK=$(awk -v d="$ADD" 'BEGIN { print (d <= 50) ? "ok" : "MISSED" }')
row "2. check, $CASES cases: compare + flakes + record" "$HM ms (median $HMED)" \
  "--no-history: $NM ms (median $NMED)" "+$ADD ms (medians)" "<= +50 ms" "$OK"

# ---- 3. history --case over a large store ------------------------------------------------------
BIG=$DATA/history-$RECORDS.sqlite
if [ ! -s "$BIG" ] || [ "$(sqlite3 "$BIG" 'SELECT COUNT(*) FROM eval_records_all' 2>/dev/null)" != "$RECORDS" ]; then
  echo "== generating $BIG ($RECORDS records over $CASES cases)"
  rm -f "$BIG" "$BIG-wal" "$BIG-shm"
  cp "$STORE" "$BIG"
  sqlite3 "$BIG" "PRAGMA journal_mode=DELETE;" >/dev/null
  python3 - "$BIG" "$RECORDS" "$CASES" <<'PY'
import sqlite3, sys
path, total, cases = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
db = sqlite3.connect(path)
columns = [r[1] for r in db.execute("PRAGMA table_info(eval_records)") if r[1] != "id"]
template = db.execute(f"SELECT {', '.join(columns)} FROM eval_records_all LIMIT 1").fetchone()
index = {name: i for i, name in enumerate(columns)}
db.execute("DELETE FROM eval_records")
start = 1_700_000_000_000
def rows():
    for n in range(total):
        row = list(template)
        row[index["case_id"]] = f"case-{n % cases:05d}"
        row[index["run_id"]] = f"run-{n // cases:06d}"
        row[index["recorded_at_ms"]] = start + (n // cases) * 3_600_000
        row[index["status"]] = "failed" if n % 97 == 0 else "passed"
        yield row
db.executemany(f"INSERT INTO eval_records ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows())
db.commit()
db.execute("PRAGMA journal_mode=WAL")
db.close()
PY
fi
# The query deadbolt makes: the case index is by epoch of 10,000 ids, so it names every epoch.
EPOCHS=$(sqlite3 "$BIG" "SELECT MAX(id) / 10000 FROM eval_records" | python3 -c 'import sys; print(", ".join(map(str, range(int(sys.stdin.read()) + 1))))')
QUERY="SELECT * FROM eval_records WHERE id / 10000 IN ($EPOCHS) AND case_id = 'case-00042' ORDER BY recorded_at_ms, id"
PER_CASE=$(sqlite3 "$BIG" "SELECT COUNT(*) FROM eval_records WHERE case_id = 'case-00042'")
echo "== 3. deadbolt history --case case-00042 over $RECORDS records ($PER_CASE of that case) vs sqlite3"
hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$OUT/history.case.json" \
  -n "deadbolt history --case" \
  "env DEADBOLT_HISTORY_URL=sqlite:$BIG $DEADBOLT history -C $REPO --case case-00042" \
  -n "sqlite3" "sqlite3 $BIG \"$QUERY\"" >/dev/null || die "hyperfine failed"
read -r HM HMED < <(times "$OUT/history.case.json" 0)
read -r SM SMED < <(times "$OUT/history.case.json" 1)
RATIO=$(awk -v a="$HMED" -v b="$SMED" 'BEGIN { printf "%.2f", a / b }')
OK=$(awk -v d="$HM" 'BEGIN { print (d <= 50) ? "ok" : "MISSED" }')
row "3. history --case over $RECORDS records" "$HM ms (median $HMED)" "sqlite3, same query: $SM ms (median $SMED)" \
  "$RATIO (medians)" "<= 50 ms" "$OK"

COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
{
  echo "# deadbolt benchmark: history"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $COMMIT; $(nproc) cores; $(hyperfine --version)"
  echo "- $CASES cases, provider cat, answers from the result cache; the check's changes: $LABELS"
  echo "- 1. and 2.: $RUNS runs of each, round-robin with the command without history (bench/interleave.py); 3.: hyperfine"
  echo
  echo "| measurement | with history (mean) | reference (mean) | difference or ratio | target | result |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
} >"$OUT/history.md"
echo
cat "$OUT/history.md"
