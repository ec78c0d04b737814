#!/usr/bin/env bash
# Regenerate deadbolt's capture fixtures from the real instrumentation libraries.
#
#   bash scripts/trace-fixtures/generate.sh [OUTDIR]
#
# OUTDIR defaults to Tests/DeadboltCoreTests/Capture/Fixtures/Traces/Real
# (relative to the repository root).  Needs python3.11 (or $PYTHON) and PyPI.
# Every venv lives in a throwaway directory under $TMPDIR, removed at exit.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
OUTDIR="${1:-$ROOT/Tests/DeadboltCoreTests/Capture/Fixtures/Traces/Real}"
mkdir -p "$OUTDIR"
OUTDIR="$(cd "$OUTDIR" && pwd)"
PYTHON="${PYTHON:-python3.11}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/deadbolt-trace-fixtures.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

# Run each scenario from the scratch dir, so no SDK picks up this repository's
# git revision (LangSmith records `revision_id` from the cwd's git) or files.
cd "$WORK"

# Scenarios must see only what they set themselves.
unset OTEL_SEMCONV_STABILITY_OPT_IN OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT \
      OTEL_INSTRUMENTATION_GENAI_EMIT_EVENT OTEL_EXPORTER_OTLP_ENDPOINT OTEL_SERVICE_NAME \
      OTEL_RESOURCE_ATTRIBUTES OPENAI_BASE_URL OPENAI_API_KEY \
      LANGFUSE_HOST LANGFUSE_BASE_URL LANGFUSE_PUBLIC_KEY LANGFUSE_SECRET_KEY \
      LANGSMITH_ENDPOINT LANGSMITH_API_KEY LANGSMITH_TRACING LANGCHAIN_TRACING_V2 || true
export PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1

venv() { # name requirements-file
  echo "== venv $1 ($(basename "$2"))" >&2
  "$PYTHON" -m venv "$WORK/$1"
  "$WORK/$1/bin/pip" install --quiet --no-deps --require-virtualenv -r "$2"
  "$WORK/$1/bin/pip" check >&2 || echo "(pip check reported the above; kept as pinned)" >&2
}

run() { # venv scenario
  echo "== scenario $2" >&2
  "$WORK/$1/bin/python" "$HERE/generate.py" "$2" "$OUTDIR"
}

# The installs are independent: do them in parallel.
venv current "$HERE/requirements-otel-openai-v2-current.txt" > "$WORK/current.log" 2>&1 &
venv v23     "$HERE/requirements-otel-openai-v2-2.3.txt"     > "$WORK/v23.log" 2>&1 &
venv oi      "$HERE/requirements-openinference.txt"          > "$WORK/oi.log" 2>&1 &
venv lf      "$HERE/requirements-langfuse.txt"               > "$WORK/lf.log" 2>&1 &
venv ls      "$HERE/requirements-langsmith.txt"              > "$WORK/ls.log" 2>&1 &
fail=0
for job in $(jobs -p); do wait "$job" || fail=1; done
cat "$WORK"/*.log >&2
[ "$fail" = 0 ] || { echo "a venv install failed" >&2; exit 1; }

# Drop what an earlier run left (file names may change between runs).
rm -f "$OUTDIR"/*.json "$OUTDIR"/*.jsonl "$OUTDIR"/*.raw

run current span-only
run current event-only
run current default
run current agent
run current two-calls
run current thousand
run current collector      # reads span-only and two-calls: keep it after them
run v23     v2.3
run oi      openinference
run lf      langfuse
run ls      langsmith

echo "== wrote:" >&2
ls -l "$OUTDIR" >&2
