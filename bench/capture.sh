#!/usr/bin/env bash
# What a capture costs as a dataset grows, and many captures at once.
#
# 1. `deadbolt capture` of one plain trace into a dataset of 10,000 cases, timed beside the same
#    capture into an empty dataset, in one hyperfine run (each run captures a new question into a
#    fresh copy, so no run finds a twin). Target: within 1.2 times.
# 2. 8 processes × 500 captures at once into one dataset, with a Python provider (one process per
#    capture, as `capture` runs the case at HEAD first). Target: under 3 minutes, every line
#    present and valid.
#
#   bash bench/capture.sh [--deadbolt PATH] [--runs N] [--procs N] [--each N]
#
#   --deadbolt PATH  use this binary (default: swift build -c release --static-swift-stdlib)
#   --runs N         hyperfine runs of each command in part 1 (default 20, after 3 warmups)
#   --procs N        processes capturing at once in part 2 (default 8)
#   --each N         captures by each of them (default 500)
#   --python PATH    the provider's interpreter (default /usr/bin/python3, else python3's own path)
#   BENCH_DATA=DIR   where the generated repositories live (default /work/bench-data)
#
# Results: hyperfine JSON in bench/out/capture.json, the summary in bench/out/capture.md.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
OUT=$HERE/out
DATA=${BENCH_DATA:-/work/bench-data}
DEADBOLT=""
RUNS=20
PROCS=8
EACH=500
PYTHON=""

die() { echo "capture.sh: $*" >&2; exit 2; }
number() { case "$2" in ''|*[!0-9]*) die "$1 needs a positive number, not '$2'" ;; esac; [ "$2" -gt 0 ] || die "$1 needs a positive number"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --deadbolt) [ $# -ge 2 ] || die "--deadbolt needs a path"; DEADBOLT=$2; shift 2 ;;
    --runs) [ $# -ge 2 ] || die "--runs needs a number"; number --runs "$2"; RUNS=$2; shift 2 ;;
    --procs) [ $# -ge 2 ] || die "--procs needs a number"; number --procs "$2"; PROCS=$2; shift 2 ;;
    --each) [ $# -ge 2 ] || die "--each needs a number"; number --each "$2"; EACH=$2; shift 2 ;;
    --python) [ $# -ge 2 ] || die "--python needs a path"; PYTHON=$2; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

command -v hyperfine >/dev/null || die "hyperfine is not installed (apt-get install -y hyperfine)"
if [ -z "$DEADBOLT" ]; then
  echo "== building deadbolt (release, static Swift stdlib)"
  (cd "$ROOT" && swift build -c release --static-swift-stdlib --product deadbolt) || die "swift build failed"
  DEADBOLT="$(cd "$ROOT" && swift build -c release --static-swift-stdlib --show-bin-path)/deadbolt"
fi
[ -x "$DEADBOLT" ] || die "not an executable: $DEADBOLT"
DEADBOLT=$(cd "$(dirname "$DEADBOLT")" && pwd)/$(basename "$DEADBOLT")
mkdir -p "$DATA" "$OUT"
# The interpreter itself, not a version manager's shim (pyenv's costs more than the capture).
if [ -z "$PYTHON" ]; then
  if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=$(python3 -c 'import sys; print(sys.executable)'); fi
fi
[ -x "$PYTHON" ] || die "not an executable: $PYTHON"
export GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=b@example.com GIT_COMMITTER_NAME=bench \
  GIT_COMMITTER_EMAIL=b@example.com

# make_repo DIR CASES: a repository whose dataset has CASES cases and a Python provider.
make_repo() {
  local dir=$1 cases=$2
  rm -rf "$dir"
  mkdir -p "$dir/evals/regression/refunds" "$dir/prompts" "$dir/app"
  git -C "$dir" init -q -b main
  echo "Answer refund questions from the policy." >"$dir/prompts/refund.md"
  printf 'prompt: prompts/refund.md\ntier: smoke\ninput_fields: [question]\n' >"$dir/evals/regression/refunds/dataset.yml"
  cat >"$dir/app/provider.py" <<'PY'
import json, sys
request = json.load(sys.stdin)
json.dump({"output": "Refunds are pro-rata: " + request["case"]["input"]["question"]}, sys.stdout)
PY
  python3 - "$dir/evals/regression/refunds/cases.jsonl" "$cases" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(int(sys.argv[2])):
        f.write(json.dumps({"id": f"case-{i:05d}", "input": {"question": f"What about order {i:05d}?"},
                            "expected_output": "pro-rata", "tags": {"feature": "refunds"}}) + "\n")
PY
  printf 'version: 1\nprovider: {command: [%s, app/provider.py]}\nhistory: {url: off}\n' "$PYTHON" >"$dir/deadbolt.yml"
  git -C "$dir" add -A && git -C "$dir" commit -qm "bench: $cases cases"
}

# A trace per run: a counter file gives each capture a question no case has.
TRACES=$DATA/capture-traces
rm -rf "$TRACES" && mkdir -p "$TRACES"
cat >"$TRACES/capture-one.sh" <<SH
#!/usr/bin/env bash
# capture-one.sh REPO: captures the next numbered question into REPO.
set -e
n=\$(( \$(cat "\$1.counter" 2>/dev/null || echo 0) + 1 )); echo \$n >"\$1.counter"
printf '{"input": {"question": "Can I get a refund, ticket %s?"}, "output": "No."}' "\$n" >"\$1.trace.json"
exec "$DEADBOLT" capture -C "\$1" --dataset refunds --trace "\$1.trace.json" --bug BUG-1 --expected pro-rata >/dev/null
SH
chmod +x "$TRACES/capture-one.sh"

echo "== 1. capture into 10,000 cases vs into an empty dataset"
make_repo "$DATA/capture-10000" 10000
make_repo "$DATA/capture-0" 0
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$OUT/capture.json" \
  -n "into 10000 cases" "$TRACES/capture-one.sh $DATA/capture-10000" \
  -n "into an empty dataset" "$TRACES/capture-one.sh $DATA/capture-0" >/dev/null || die "hyperfine failed"
read -r BIG SMALL BIGMED SMALLMED < <(python3 - "$OUT/capture.json" <<'PY'
import json, statistics, sys
r = json.load(open(sys.argv[1]))["results"]
print(*(f"{x['mean']*1000:.1f}" for x in r), *(f"{statistics.median(x['times'])*1000:.1f}" for x in r))
PY
)
RATIO=$(python3 -c "print(f'{$BIGMED/$SMALLMED:.2f}')")

echo "== 2. $PROCS processes × $EACH captures at once"
make_repo "$DATA/capture-many" 0
MANY=$DATA/capture-many
cat >"$TRACES/many.sh" <<SH
#!/usr/bin/env bash
# many.sh WHO: $EACH captures by process WHO, each of its own question.
for i in \$(seq 1 $EACH); do
  printf '{"input": {"question": "Refund for %s-%s?"}, "output": "No."}' "\$1" "\$i" >"$TRACES/many-\$1.json"
  "$DEADBOLT" capture -C "$MANY" --dataset refunds --trace "$TRACES/many-\$1.json" --bug BUG-1 --expected pro-rata \
    >/dev/null 2>>"$TRACES/many-\$1.err" || echo "failed \$1-\$i" >>"$TRACES/many-\$1.err"
done
SH
chmod +x "$TRACES/many.sh"
# The floor: the provider's own start, once a capture, spread over the cores.
hyperfine -N --warmup 3 --runs 20 --export-json "$OUT/capture-python.json" "$PYTHON -c 'import json'" >/dev/null \
  || die "hyperfine failed"
PYSTART=$(python3 -c "import json; print(f\"{json.load(open('$OUT/capture-python.json'))['results'][0]['mean']*1000:.1f}\")")
FLOOR=$(python3 -c "print(f'{$PYSTART * $PROCS * $EACH / 1000 / $(nproc):.1f}')")
START=$(date +%s.%N)
for who in $(seq 1 "$PROCS"); do "$TRACES/many.sh" "$who" & done
wait
ELAPSED=$(python3 -c "print(f'{$(date +%s.%N) - $START:.1f}')")
CHECK=$(python3 - "$MANY/evals/regression/refunds/cases.jsonl" "$PROCS" "$EACH" <<'PY'
import json, sys
path, procs, each = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
questions, bad = set(), 0
for line in open(path):
    try:
        questions.add(json.loads(line)["input"]["question"])
    except Exception:
        bad += 1
want = {f"Refund for {p}-{i}?" for p in range(1, procs + 1) for i in range(1, each + 1)}
print(f"{len(want & questions)} of {len(want)} present, {bad} invalid lines")
PY
)
FAILED=$(cat "$TRACES"/many-*.err 2>/dev/null | grep -c '^failed' || true)

SUMMARY=$OUT/capture.md
{
  echo "# deadbolt benchmark: capture"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git -C "$ROOT" rev-parse --short HEAD); $(nproc) cores; $(hyperfine --version)"
  echo
  echo "| measurement | deadbolt | reference | ratio or time | target |"
  echo "|---|---|---|---|---|"
  echo "| 1. capture into 10,000 cases | $BIG ms (median $BIGMED) | into an empty dataset: $SMALL ms (median $SMALLMED) | $RATIO (medians) | ≤ 1.2 |"
  echo "| 2. $PROCS × $EACH captures at once, Python provider | $CHECK; $FAILED failed | the provider's start alone ($PYTHON, $PYSTART ms a case) × $((PROCS * EACH)) / $(nproc) cores: $FLOOR s | $ELAPSED s | < 180 s, all present |"
} >"$SUMMARY"
cat "$SUMMARY"
