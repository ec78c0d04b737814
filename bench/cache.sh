#!/usr/bin/env bash
# The result cache: a second run of an unchanged selection sends no request at all, and costs
# about what a run with the cheapest provider there is (`cat`, one process per case) costs.
#
# 2,000 cases with `provider: {type: openai}` against bench/openai_server.py (answers after 50 ms).
# One run with the cache fills it; then, in one hyperfine run, the cached `deadbolt run --all`
# is timed beside `deadbolt run --all --no-cache` in a copy of the repository whose provider is
# `cat`. The server counts what it was sent: the cached runs must send nothing.
#
#   bash bench/cache.sh [--deadbolt PATH] [--runs N] [--cases N]
#
#   --deadbolt PATH  use this binary (default: swift build -c release --static-swift-stdlib)
#   --runs N         hyperfine runs (default 10, after 2 warmups)
#   --cases N        cases in the dataset (default 2000)
#   BENCH_DATA=DIR   where the generated repositories live (default /work/bench-data)
#
# Results: hyperfine JSON in bench/out/cache.json, the summary in bench/out/cache.md.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
OUT=$HERE/out
DATA=${BENCH_DATA:-/work/bench-data}
DEADBOLT=""
RUNS=10
CASES=2000
JOBS=8

die() { echo "cache.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --deadbolt) [ $# -ge 2 ] || die "--deadbolt needs a path"; DEADBOLT=$2; shift 2 ;;
    --runs) [ $# -ge 2 ] || die "--runs needs a number"; RUNS=$2; shift 2 ;;
    --cases) [ $# -ge 2 ] || die "--cases needs a number"; CASES=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

command -v hyperfine >/dev/null || die "hyperfine is not installed (apt-get install -y hyperfine)"
command -v python3 >/dev/null || die "python3 is not installed"

if [ -z "$DEADBOLT" ]; then
  echo "== building deadbolt (release, static Swift stdlib)"
  (cd "$ROOT" && swift build -c release --static-swift-stdlib --product deadbolt) || die "swift build failed"
  DEADBOLT="$(cd "$ROOT" && swift build -c release --static-swift-stdlib --show-bin-path)/deadbolt"
fi
[ -x "$DEADBOLT" ] || die "not an executable: $DEADBOLT"
DEADBOLT=$(cd "$(dirname "$DEADBOLT")" && pwd)/$(basename "$DEADBOLT")

# ---- the server -------------------------------------------------------------------------------
mkdir -p "$DATA" "$OUT"
SERVER_OUT=$(mktemp)
python3 "$HERE/openai_server.py" --delay 0.05 >"$SERVER_OUT" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -f "$SERVER_OUT"' EXIT
for _ in $(seq 50); do [ -s "$SERVER_OUT" ] && break; sleep 0.1; done
PORT=$(head -n 1 "$SERVER_OUT")
[ -n "$PORT" ] || die "the chat-completions server did not start"
BASE=http://127.0.0.1:$PORT/v1
# served -> how many requests the server answered since the last call (and starts counting again)
served() {
  python3 -c 'import json,sys,urllib.request; print(json.load(urllib.request.urlopen(sys.argv[1]))["served"])' \
    "$BASE/stats?reset"
}

# ---- the repositories: one with the model, one with cat -------------------------------------
REPO=$DATA/cache-$CASES
CAT=$DATA/cache-$CASES-cat
if [ ! -d "$REPO/.git" ]; then
  echo "== generating $REPO ($CASES cases)"
  rm -rf "$REPO" "$CAT"
  mkdir -p "$REPO/evals/regression/echo_cases" "$REPO/prompts"
  git -C "$REPO" init -q -b main
  echo "Repeat the question back." >"$REPO/prompts/echo.md"
  printf 'prompt: prompts/echo.md\ntier: smoke\n' >"$REPO/evals/regression/echo_cases/dataset.yml"
  python3 - "$REPO/evals/regression/echo_cases/cases.jsonl" "$CASES" <<'PY'
import json, sys
with open(sys.argv[1], "w") as f:
    for i in range(int(sys.argv[2])):
        f.write(json.dumps({"id": f"case-{i:05d}", "input": {"question": f"What is order {i:05d}?"},
                            "expected_output": f"{i:05d}"}) + "\n")
PY
  printf 'version: 1\nprovider: {type: openai, base_url: "http://127.0.0.1:1/v1", model: bench-model}\n' \
    >"$REPO/deadbolt.yml"
  git -C "$REPO" add -A
  GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=b@example.com GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=b@example.com \
    git -C "$REPO" commit -qm "bench: $CASES echo cases"
  git clone -q "$REPO" "$CAT"
fi
# `run` reads the work tree: the settings go into deadbolt.yml, uncommitted. The port changes
# from one run of this script to the next, so it is not part of the provider's identity: the
# base URL is (a model behind another address may answer differently), which is why the first
# run below fills the cache anew each time the script starts.
cat >"$REPO/deadbolt.yml" <<YML
version: 1
provider:
  type: openai
  base_url: $BASE
  model: bench-model
  api_key_env: BENCH_OPENAI_KEY
  temperature: 0
  jobs: $JOBS
YML
printf 'version: 1\nprovider: {command: [cat], jobs: %s}\n' "$JOBS" >"$CAT/deadbolt.yml"
export BENCH_OPENAI_KEY=bench-key-not-a-secret

echo "== filling the cache: deadbolt run --all ($CASES cases against the server)"
(cd "$REPO" && "$DEADBOLT" run --all --format json >"$OUT/cache.fill.json" 2>"$OUT/cache.fill.stderr") ||
  { sed -n '1,20p' "$OUT/cache.fill.stderr" >&2; die "the first run failed"; }
FILLED=$(served)
echo "   the server answered $FILLED requests"

echo "== a second run: every answer from the cache"
(cd "$REPO" && "$DEADBOLT" run --all --format json >"$OUT/cache.second.json" 2>"$OUT/cache.second.stderr") ||
  { sed -n '1,20p' "$OUT/cache.second.stderr" >&2; die "the second run failed"; }
SECOND=$(served)
HITS=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["cache"]; print(c["hits"], "of", c["runs"])' \
  "$OUT/cache.second.json")
echo "   the server answered $SECOND requests; the verdict says $HITS runs came from the cache"

echo "== timed: cached run vs a run with provider cat (--no-cache), $RUNS runs each"
hyperfine -N --warmup 2 --runs "$RUNS" --export-json "$OUT/cache.json" \
  -n "cached" "$DEADBOLT run -C $REPO --all" \
  -n "cat" "$DEADBOLT run -C $CAT --all --no-cache" >/dev/null || die "hyperfine failed"
TIMED=$(served)

# times INDEX -> mean and median in ms of hyperfine result INDEX
times() {
  python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]
print("%.1f %.1f" % (r["mean"] * 1000, r["median"] * 1000))' "$OUT/cache.json" "$1"
}
read -r CMEAN CMEDIAN < <(times 0)
read -r KMEAN KMEDIAN < <(times 1)
RATIO=$(awk -v a="$CMEAN" -v b="$KMEAN" 'BEGIN { printf "%.2f", a / b }')
MRATIO=$(awk -v a="$CMEDIAN" -v b="$KMEDIAN" 'BEGIN { printf "%.2f", a / b }')
OK=MISSED
awk -v r="$RATIO" 'BEGIN { exit !(r <= 1.2) }' && [ "$SECOND" = 0 ] && [ "$TIMED" = 0 ] && OK=ok
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
{
  echo "# deadbolt benchmark: the result cache"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $COMMIT; $(nproc) cores; $(hyperfine --version)"
  echo "- $CASES cases, jobs $JOBS; the first run sent $FILLED requests, the second $SECOND ($HITS cached),"
  echo "  the $((RUNS * 2 + 2)) timed cached runs $TIMED"
  echo
  echo "| measurement | mean | median | ratio to cat (of medians) | target | result |"
  echo "|---|---|---|---|---|---|"
  echo "| deadbolt run --all, every answer cached | $CMEAN ms | $CMEDIAN ms | $RATIO ($MRATIO) | <= 1.2, 0 requests | $OK |"
  echo "| deadbolt run --all --no-cache, provider cat | $KMEAN ms | $KMEDIAN ms | | | |"
} >"$OUT/cache.md"
echo
cat "$OUT/cache.md"
