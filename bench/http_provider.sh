#!/usr/bin/env bash
# deadbolt's built-in OpenAI-compatible provider (`provider: {type: openai}`) against a local
# chat-completions server that answers every request after 50 ms: 2,000 cases, 32 jobs. The floor
# is what the server allows, 2000 x 50 ms / 32 = 3.125 s; the target is within 1.2x of it. A
# minimal asyncio client on 32 connections times the same 2,000 requests first, so a slow server
# (or a busy machine) shows as a slow floor, not as a slow deadbolt.
#
#   bash bench/http_provider.sh [--deadbolt PATH] [--runs N] [--cases N] [--jobs N] [--delay S]
#
#   --deadbolt PATH  use this binary (default: swift build -c release --static-swift-stdlib)
#   --runs N         hyperfine runs (default 5, after 1 warmup)
#   --cases N        cases in the dataset (default 2000)
#   --jobs N         provider.jobs (default 32)
#   --delay S        the server's answer time in seconds (default 0.05)
#   BENCH_DATA=DIR   where the generated repository lives (default /work/bench-data)
#
# Results: hyperfine JSON in bench/out/http_provider.json, the summary in bench/out/http_provider.md.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
OUT=$HERE/out
DATA=${BENCH_DATA:-/work/bench-data}
DEADBOLT=""
RUNS=5
CASES=2000
JOBS=32
DELAY=0.05

die() { echo "http_provider.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --deadbolt) [ $# -ge 2 ] || die "--deadbolt needs a path"; DEADBOLT=$2; shift 2 ;;
    --runs) [ $# -ge 2 ] || die "--runs needs a number"; RUNS=$2; shift 2 ;;
    --cases) [ $# -ge 2 ] || die "--cases needs a number"; CASES=$2; shift 2 ;;
    --jobs) [ $# -ge 2 ] || die "--jobs needs a number"; JOBS=$2; shift 2 ;;
    --delay) [ $# -ge 2 ] || die "--delay needs seconds"; DELAY=$2; shift 2 ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

command -v hyperfine >/dev/null || die "hyperfine is not installed (apt-get install -y hyperfine)"
command -v python3 >/dev/null || die "python3 is not installed"

# ---- the binary -------------------------------------------------------------------------------
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
python3 "$HERE/openai_server.py" --delay "$DELAY" >"$SERVER_OUT" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -f "$SERVER_OUT"' EXIT
for _ in $(seq 50); do [ -s "$SERVER_OUT" ] && break; sleep 0.1; done
PORT=$(head -n 1 "$SERVER_OUT")
[ -n "$PORT" ] || die "the chat-completions server did not start"
BASE=http://127.0.0.1:$PORT/v1
# stats [?reset] -> what the server answered so far, and the most requests it held at once
stats() {
  python3 -c 'import json,sys,urllib.request; print(json.load(urllib.request.urlopen(sys.argv[1])))' "$BASE/stats$1"
}
echo "== server on $BASE, answering after $DELAY s"

# ---- the repository ---------------------------------------------------------------------------
REPO=$DATA/http-provider-$CASES
if [ ! -d "$REPO/.git" ]; then
  echo "== generating $REPO ($CASES cases)"
  mkdir -p "$REPO/evals/regression/echo_cases" "$REPO/prompts"
  git -C "$REPO" init -q -b main
  echo "Repeat the question back." >"$REPO/prompts/echo.md"
  printf 'owners: [prompts/echo.md]\ntier: smoke\n' >"$REPO/evals/regression/echo_cases/dataset.yml"
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
fi
# `run` reads the work tree: the server's port goes into deadbolt.yml, uncommitted.
cat >"$REPO/deadbolt.yml" <<YML
version: 1
provider:
  type: openai
  base_url: $BASE
  model: bench-model
  api_key_env: BENCH_OPENAI_KEY
  temperature: 0
  timeout: 30s
  jobs: $JOBS
YML
export BENCH_OPENAI_KEY=bench-key-not-a-secret

# ---- the floor: the same requests from a minimal asyncio client, JOBS connections -------------
echo "== floor: $CASES requests over $JOBS keep-alive connections from a minimal asyncio client"
FLOOR=$(python3 - "$PORT" "$CASES" "$JOBS" <<'PY'
import asyncio, json, sys, time
port, cases, jobs = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
todo = iter(range(cases))
async def worker():
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    for i in todo:
        body = json.dumps({"model": "bench-model", "messages": [{"role": "user", "content": f"order {i}"}]}).encode()
        writer.write(b"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     + b"Content-Length: %d\r\n\r\n" % len(body) + body)
        head = await reader.readuntil(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200"), head
        length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
        await reader.readexactly(length)
    writer.close()
async def main():
    start = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(jobs)))
    print(f"{time.monotonic() - start:.3f}")
asyncio.run(main())
PY
) || die "the floor client failed"
echo "   $FLOOR s; server: $(stats '?reset')"

# ---- deadbolt ---------------------------------------------------------------------------------
# Timed with the text report, as a person runs it; the preflight's JSON verdict shows that every
# case passed and what was recorded. --no-cache: every run asks the server, none replays answers.
CMD=("$DEADBOLT" run --all --no-cache)
echo "== preflight: deadbolt run --all --format json ($CASES cases, jobs $JOBS)"
(cd "$REPO" && "${CMD[@]}" --format json >"$OUT/http_provider.stdout" 2>"$OUT/http_provider.stderr")
RC=$?
python3 - "$OUT/http_provider.stdout" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))
r = v["results"][0]
print(f"   verdict {v['verdict']}, counts {v['counts']}; first result: model {r.get('model')}, "
      f"usage {r.get('usage')}, latency {r.get('latency_ms')} ms")
PY
[ "$RC" -eq 0 ] || { sed -n '1,20p' "$OUT/http_provider.stderr" >&2; die "deadbolt run exited $RC"; }
echo "   server: $(stats '?reset')"
(cd "$REPO" && hyperfine -N --warmup 1 --runs "$RUNS" --export-json "$OUT/http_provider.json" \
  -n "deadbolt run --all" "$(printf '%q ' "${CMD[@]}")" \
  -n "deadbolt run --all --format json" "$(printf '%q ' "${CMD[@]}" --format json)") || die "hyperfine failed"
echo "   server: $(stats '?reset')"

# times INDEX -> mean and median in seconds of hyperfine result INDEX
times() {
  python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]
print("%.3f %.3f" % (r["mean"], r["median"]))' "$OUT/http_provider.json" "$1"
}
read -r MEAN MEDIAN < <(times 0)
read -r JMEAN JMEDIAN < <(times 1)
IDEAL=$(awk -v n="$CASES" -v d="$DELAY" -v j="$JOBS" 'BEGIN { printf "%.3f", n * d / j }')
RATIO=$(awk -v a="$MEAN" -v b="$IDEAL" 'BEGIN { printf "%.2f", a / b }')
JRATIO=$(awk -v a="$JMEAN" -v b="$IDEAL" 'BEGIN { printf "%.2f", a / b }')
FRATIO=$(awk -v a="$FLOOR" -v b="$IDEAL" 'BEGIN { printf "%.2f", a / b }')
awk -v r="$RATIO" 'BEGIN { exit !(r <= 1.2) }' && OK=ok || OK=MISSED
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
{
  echo "# deadbolt benchmark: the openai provider"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit $COMMIT; $(nproc) cores; $(hyperfine --version)"
  echo "- $CASES cases, $JOBS jobs, server answering after $DELAY s (bench/openai_server.py)"
  echo
  echo "| measurement | mean | median | ideal ($CASES x $DELAY s / $JOBS) | ratio to ideal | target | result |"
  echo "|---|---|---|---|---|---|---|"
  echo "| deadbolt run --all | $MEAN s | $MEDIAN s | $IDEAL s | $RATIO | <= 1.2 | $OK |"
  echo "| deadbolt run --all --format json | $JMEAN s | $JMEDIAN s | $IDEAL s | $JRATIO | | |"
  echo "| asyncio client, $JOBS connections (floor) | $FLOOR s | | $IDEAL s | $FRATIO | | |"
} >"$OUT/http_provider.md"
echo
cat "$OUT/http_provider.md"
