#!/usr/bin/env bash
# deadbolt benchmarks: each deadbolt command is timed next to its git (or xargs) floor, in the same
# hyperfine run, so the ratio holds on whatever machine runs this.
#
#   bash bench/run.sh [--deadbolt PATH] [--runs N] [--regen]
#
#   --deadbolt PATH  use this binary (default: swift build -c release --static-swift-stdlib)
#   --runs N         pass --runs N to hyperfine (default: hyperfine decides, at least 10 runs)
#   --regen          regenerate the benchmark repositories even if they exist
#   BENCH_DATA=DIR   where the generated repositories live (default /work/bench-data)
#
# Results: hyperfine JSON in bench/out/*.json, the summary in bench/out/summary.md (also printed).
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
OUT=$HERE/out
DATA=${BENCH_DATA:-/work/bench-data}
BIG=$DATA/big
RUNREPO=$DATA/run
DEADBOLT=""
RUNS=()
REGEN=0
WARMUP=3
RSS_RUNS=5

die() { echo "run.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --deadbolt) [ $# -ge 2 ] || die "--deadbolt needs a path"; DEADBOLT=$2; shift 2 ;;
    --deadbolt=*) DEADBOLT=${1#*=}; shift ;;
    --runs) [ $# -ge 2 ] || die "--runs needs a number"; RUNS=(--runs "$2"); shift 2 ;;
    --regen) REGEN=1; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

command -v hyperfine >/dev/null || die "hyperfine is not installed (apt-get install -y hyperfine)"
command -v python3 >/dev/null || die "python3 is not installed"
if [ ! -x /usr/bin/time ]; then
  echo "== installing /usr/bin/time (apt package 'time') for peak memory"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && apt-get install -y -qq time >/dev/null || die "could not install 'time'"
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq time >/dev/null || die "could not install 'time'"
  fi
fi

# ---- the binary -------------------------------------------------------------------------------
if [ -z "$DEADBOLT" ]; then
  echo "== building deadbolt (release, static Swift stdlib)"
  (cd "$ROOT" && swift build -c release --static-swift-stdlib --product deadbolt) || die "swift build failed"
  DEADBOLT="$(cd "$ROOT" && swift build -c release --static-swift-stdlib --show-bin-path)/deadbolt"
fi
[ -x "$DEADBOLT" ] || die "not an executable: $DEADBOLT"
DEADBOLT=$(cd "$(dirname "$DEADBOLT")" && pwd)/$(basename "$DEADBOLT")

# ---- the repositories -------------------------------------------------------------------------
mkdir -p "$DATA" "$OUT"
if [ "$REGEN" = 1 ] || [ ! -f "$BIG/.git/deadbolt-bench.json" ]; then
  echo "== generating the big repository in $BIG"
  python3 "$HERE/gen_repo.py" "$BIG" --force || die "gen_repo.py failed"
fi
if [ "$REGEN" = 1 ] || [ ! -f "$RUNREPO/requests.list" ] || [ ! -d "$RUNREPO/.git" ]; then
  echo "== generating the run repository in $RUNREPO"
  python3 "$HERE/gen_run_repo.py" "$RUNREPO" --force || die "gen_run_repo.py failed"
fi
GEN_INFO=$(python3 - "$BIG/.git/deadbolt-bench.json" <<'EOF'
import json, sys
i = json.load(open(sys.argv[1]))
c = i["counts"]
print(f"{c['files']} files, {c['prompts']} prompts + {c['partials']} partials, {c['datasets']} datasets "
      f"({c['smoke_datasets']} smoke), {c['cases']} cases; generated in {i['seconds']['total']} s")
print(f"B modifies {i['b_file']}")
print(f"C modifies {i['c_prompt']}, owner of: {', '.join(i['c_datasets'])}")
print(f"D modifies {i['d_partial']}, included by {len(i['d_includers'])} prompts owning "
      f"{len(i['d_datasets'])} datasets")
EOF
) || die "cannot read $BIG/.git/deadbolt-bench.json"
echo "$GEN_INFO" | sed 's/^/   /'

# ---- helpers ----------------------------------------------------------------------------------
q() { printf '%q ' "$@"; }   # argv -> one command string for hyperfine -N (POSIX-style words)

# ms mean|median|stddev FILE INDEX -> milliseconds with one decimal
ms() {
  python3 -c 'import json,sys; r=json.load(open(sys.argv[2]))["results"][int(sys.argv[3])]; print(f"{r[sys.argv[1]]*1000:.1f}")' "$@"
}
# nonzero FILE INDEX -> how many timed runs exited non-zero (only with hyperfine -i)
nonzero() {
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]; print(sum(1 for c in r.get("exit_codes") or [] if c))' "$@"
}
# cells FILE: sets D G (means), DM GM (medians), R (ratio of means), RM (ratio of medians) for results 0 and 1
cells() {
  D=$(ms mean "$1" 0); G=$(ms mean "$1" 1); DM=$(ms median "$1" 0); GM=$(ms median "$1" 1)
  R=$(ratio "$D" "$G"); RM=$(ratio "$DM" "$GM")
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; }

# preflight NAME DIR CMD... : run once, keep stdout/stderr in out/NAME.{stdout,stderr}, set RC.
preflight() {
  local name=$1 dir=$2; shift 2
  (cd "$dir" && "$@" </dev/null >"$OUT/$name.stdout" 2>"$OUT/$name.stderr")
  RC=$?
  echo "   preflight $name: exit $RC, $(wc -l <"$OUT/$name.stdout") lines of output"
  sed -n '1,4p' "$OUT/$name.stdout" | cut -c1-160 | sed 's/^/     | /'
}
report_failure() {
  local name=$1
  echo "!! $name FAILED with exit $RC: not timed. Its stderr:" >&2
  sed -n '1,60p' "$OUT/$name.stderr" | sed 's/^/!!   /' >&2
}

# hf JSON DIR [hyperfine options...] -- NAME CMD [NAME CMD...]   (commands as strings for -N)
hf() {
  local json=$1 dir=$2; shift 2
  local opts=()
  while [ "$1" != "--" ]; do opts+=("$1"); shift; done; shift
  local cmds=()
  while [ $# -gt 0 ]; do cmds+=(-n "$1" "$2"); shift 2; done
  (cd "$dir" && hyperfine -N --warmup "$WARMUP" ${RUNS[@]+"${RUNS[@]}"} ${opts[@]+"${opts[@]}"} \
     --export-json "$OUT/$json" "${cmds[@]}") || { echo "!! hyperfine failed for $json" >&2; return 1; }
}

# hf_interleaved NAME DIR [hyperfine options...] -- NAME1 CMD1 NAME2 CMD2
# For slow, noisy pairs (line c: 2,000 fork/execs on a small VM drift by +-30% over a minute, even
# for identical commands): INTERLEAVE_BLOCKS short hyperfine runs, alternating which command goes
# first, merged into out/NAME.json (same shape as a hyperfine export, results in the given order).
# Total runs per command: --runs if given, else 20.
INTERLEAVE_BLOCKS=5
hf_interleaved() {
  local name=$1 dir=$2; shift 2
  local opts=()
  while [ "$1" != "--" ]; do opts+=("$1"); shift; done; shift
  local n1=$1 c1=$2 n2=$3 c2=$4
  local total=${RUNS[1]:-20} k per files=() w
  per=$(( (total + INTERLEAVE_BLOCKS - 1) / INTERLEAVE_BLOCKS ))
  for k in $(seq "$INTERLEAVE_BLOCKS"); do
    w=1; [ "$k" -eq 1 ] && w=$WARMUP
    echo "   block $k/$INTERLEAVE_BLOCKS ($per runs each)"
    if [ $((k % 2)) -eq 1 ]; then set -- -n "$n1" "$c1" -n "$n2" "$c2"; else set -- -n "$n2" "$c2" -n "$n1" "$c1"; fi
    (cd "$dir" && hyperfine -N --style basic --warmup "$w" --runs "$per" ${opts[@]+"${opts[@]}"} \
       --export-json "$OUT/$name.block$k.json" "$@" | grep -E '^(Benchmark|  Time|  Range)') \
      || { echo "!! hyperfine failed for $name block $k" >&2; return 1; }
    files+=("$OUT/$name.block$k.json")
  done
  python3 - "$OUT/$name.json" "$n1" "$n2" "${files[@]}" <<'EOF'
import json, statistics, sys
out, names, files = sys.argv[1], sys.argv[2:4], sys.argv[4:]
merged = {n: {"command": n, "times": [], "exit_codes": []} for n in names}
for f in files:
    for r in json.load(open(f))["results"]:
        m = merged[r["command"]]
        m["times"] += r["times"]
        m["exit_codes"] += r.get("exit_codes") or []
results = []
for n in names:
    m, t = merged[n], merged[n]["times"]
    m.update(mean=statistics.mean(t), stddev=statistics.stdev(t) if len(t) > 1 else 0.0,
             median=statistics.median(t), min=min(t), max=max(t))
    results.append(m)
json.dump({"results": results, "interleaved_blocks": files}, open(out, "w"), indent=1)
for m in results:
    print(f"   {m['command']}: mean {m['mean']:.3f} s, median {m['median']:.3f} s, "
          f"stddev {m['stddev']:.3f} s over {len(m['times'])} runs (interleaved)")
EOF
}

# peak_rss DIR CMD... -> max RSS in KB over RSS_RUNS runs
peak_rss() {
  local dir=$1; shift
  local max=0 kb i tmp
  tmp=$(mktemp)
  for i in $(seq "$RSS_RUNS"); do
    (cd "$dir" && /usr/bin/time -f %M -o "$tmp" "$@" </dev/null >/dev/null 2>&1)
    kb=$(tail -n 1 "$tmp")
    [ "$kb" -gt "$max" ] 2>/dev/null && max=$kb
  done
  rm -f "$tmp"
  echo "$max"
}
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

ROWS=()
row() { ROWS+=("| $1 | $2 | $3 | $4 | $5 | $6 |"); }
FAILURES=0

# ---- a. changes vs git diff -------------------------------------------------------------------
echo
echo "== a. deadbolt changes vs git diff --name-status -M (big repository, A..B: one app file)"
GIT_A=(git diff --name-status -M bench-a bench-b)
DB_A=("$DEADBOLT" changes --base bench-a --head bench-b)
preflight changes "$BIG" "${DB_A[@]}"
if [ "$RC" -eq 0 ]; then
  if hf changes.json "$BIG" -- deadbolt "$(q "${DB_A[@]}")" git "$(q "${GIT_A[@]}")"; then
    cells "$OUT/changes.json"
    lt "$D" 20 && ok=ok || ok=MISSED
    echo "   deadbolt $D ms, git $G ms, ratio $R (medians $DM / $GM ms, ratio $RM)"
    row "a. changes A..B" "$D ms (median $DM)" "git diff: $G ms (median $GM)" "$R ($RM)" "< 20 ms" "$ok"
  fi
else
  report_failure changes; FAILURES=$((FAILURES + 1))
  g=""; hf changes.json "$BIG" -- git "$(q "${GIT_A[@]}")" && g=$(ms mean "$OUT/changes.json" 0)
  row "a. changes A..B" "FAILED (exit $RC)" "git diff: ${g:-?} ms" "" "< 20 ms" "FAILED"
fi

# ---- b. select vs git diff --------------------------------------------------------------------
for range in "b c" "c d"; do
  set -- $range
  base=bench-$1 head=bench-$2 tag="$1_$2"
  case $2 in c) what="one prompt" ;; d) what="one partial" ;; esac
  label="b. select pre-push ${1^^}..${2^^} ($what)"
  echo
  echo "== $label vs git diff --name-status -M"
  GIT_B=(git diff --name-status -M "$base" "$head")
  DB_B=("$DEADBOLT" select --gate pre-push --base "$base" --head "$head")
  preflight "select_$tag" "$BIG" "${DB_B[@]}"
  if [ "$RC" -eq 0 ]; then
    if hf "select_$tag.json" "$BIG" -- deadbolt "$(q "${DB_B[@]}")" git "$(q "${GIT_B[@]}")"; then
      cells "$OUT/select_$tag.json"
      kb=$(peak_rss "$BIG" "${DB_B[@]}"); m=$(mb "$kb")
      gkb=$(peak_rss "$BIG" "${GIT_B[@]}")
      lt "$D" 100 && lt "$m" 100 && ok=ok || ok=MISSED
      echo "   deadbolt $D ms, peak RSS $m MB; git $G ms, peak RSS $(mb "$gkb") MB; ratio $R (medians $DM / $GM ms, ratio $RM)"
      row "$label" "$D ms (median $DM), peak $m MB" "git diff: $G ms (median $GM), peak $(mb "$gkb") MB" "$R ($RM)" "< 100 ms, < 100 MB" "$ok"
    fi
  else
    report_failure "select_$tag"; FAILURES=$((FAILURES + 1))
    g=""; hf "select_$tag.json" "$BIG" -- git "$(q "${GIT_B[@]}")" && g=$(ms mean "$OUT/select_$tag.json" 0)
    row "$label" "FAILED (exit $RC)" "git diff: ${g:-?} ms" "" "< 100 ms, < 100 MB" "FAILED"
  fi
done

# ---- c. run vs xargs -P 8 cat -----------------------------------------------------------------
NREQ=$(wc -l <"$RUNREPO/requests.list")
echo
echo "== c. deadbolt run --all --jobs 8 --no-cache vs xargs -P 8 -n 1 cat ($NREQ requests, run repository)"
# --no-cache: the result cache (on by default, .git/deadbolt/cache) would answer every run after the
# first without starting cat, so the timed runs would measure cache reads, not the provider overhead.
DB_C=("$DEADBOLT" run --all --jobs 8 --no-cache)
REF_C=(xargs -a requests.list -P 8 -n 1 cat)
preflight run "$RUNREPO" "${DB_C[@]}"
if [ "$RC" -le 1 ]; then
  note=""
  if [ "$RC" -eq 1 ]; then
    note=" (exit 1: verdict fail)"
    echo "!! deadbolt run exited 1 (verdict fail) although provider cat should pass every case;" \
      "timed anyway (hyperfine -i). Its stderr, then the end of its stdout (out/run.stdout):" >&2
    sed -n '1,20p' "$OUT/run.stderr" | cut -c1-200 | sed 's/^/!!   /' >&2
    tail -n 5 "$OUT/run.stdout" | cut -c1-200 | sed 's/^/!!   | /' >&2
  fi
  if hf_interleaved run "$RUNREPO" -i -- deadbolt "$(q "${DB_C[@]}")" "xargs -P 8" "$(q "${REF_C[@]}")"; then
    cells "$OUT/run.json"
    bad=$(nonzero "$OUT/run.json" 0)
    if [ "$bad" -gt 0 ]; then
      note="$note (exit non-zero in $bad timed runs)"
      echo "!! deadbolt run exited non-zero in $bad of the timed runs" >&2
    fi
    le "$R" 1.3 && ok=ok || ok=MISSED
    [ -n "$note" ] && ok="$ok, see note"
    echo "   deadbolt $D ms, xargs $G ms, ratio $R (medians $DM / $GM ms, ratio $RM)$note"
    row "c. run --all --jobs 8 --no-cache ($NREQ cases)" "$D ms (median $DM)$note" "xargs -P 8 cat: $G ms (median $GM)" "$R ($RM)" "<= 1.3" "$ok"
  fi
else
  report_failure run; FAILURES=$((FAILURES + 1))
  x=""; hf run.json "$RUNREPO" -- "xargs -P 8" "$(q "${REF_C[@]}")" && x=$(ms mean "$OUT/run.json" 0)
  row "c. run --all --jobs 8 --no-cache ($NREQ cases)" "FAILED (exit $RC)" "xargs -P 8 cat: ${x:-?} ms" "" "<= 1.3" "FAILED"
fi

# ---- d. hook pre-push no-op -------------------------------------------------------------------
echo
echo "== d. deadbolt hook pre-push for a push of B (no prompt touched) vs git diff --name-only A..B"
# git writes the pushed refs on the hook's stdin; hyperfine 1.15 has no --input, so both sides
# run through the same `sh -c '... < file'` and pay the same shell.
PUSH_LINE="$OUT/push-b.txt"
(cd "$BIG" && echo "refs/heads/main $(git rev-parse bench-b) refs/heads/main $(git rev-parse bench-a)") > "$PUSH_LINE"
DB_D=(sh -c "exec $(q "$DEADBOLT") hook pre-push origin https://example.com/bench.git < $(q "$PUSH_LINE")")
GIT_D=(sh -c "exec git diff --name-only bench-a bench-b < $(q "$PUSH_LINE")")
preflight hook "$BIG" "${DB_D[@]}"
if [ "$RC" -eq 0 ]; then
  if hf hook.json "$BIG" -- deadbolt "$(q "${DB_D[@]}")" git "$(q "${GIT_D[@]}")"; then
    cells "$OUT/hook.json"
    echo "   deadbolt $D ms, git $G ms, ratio $R (medians $DM / $GM ms, ratio $RM)"
    row "d. hook pre-push, push touching no prompt" "$D ms (median $DM)" "git diff --name-only: $G ms (median $GM)" "$R ($RM)" "< 20 ms" "$( awk -v d="$D" 'BEGIN { print (d < 20) ? "ok" : "MISSED" }' )"
  fi
elif [ "$RC" -ge 2 ] && grep -qiE 'unknown|unexpected argument|unrecognized|no such (sub)?command|invalid (sub)?command' "$OUT/hook.stderr"; then
  echo "   skipped: deadbolt has no 'hook' subcommand yet (exit $RC: $(head -n 1 "$OUT/hook.stderr"))"
  g=""; hf hook.json "$BIG" -- git "$(q "${GIT_D[@]}")" && g=$(ms mean "$OUT/hook.json" 0)
  row "d. hook pre-push, nothing pushed" "skipped (no hook subcommand)" "git diff --name-only: ${g:-?} ms" "" "none (no-op)" "skipped"
else
  report_failure hook; FAILURES=$((FAILURES + 1))
  g=""; hf hook.json "$BIG" -- git "$(q "${GIT_D[@]}")" && g=$(ms mean "$OUT/hook.json" 0)
  row "d. hook pre-push, nothing pushed" "FAILED (exit $RC)" "git diff --name-only: ${g:-?} ms" "" "none (no-op)" "FAILED"
fi

# ---- e. the installed hook script vs a no-op hook through the pre-commit framework -------------
echo
echo "== e. installed hooks/pre-push script vs a no-op pre-push hook run by the pre-commit framework"
if ! command -v pre-commit >/dev/null 2>&1; then
  # A throwaway venv: Debian's own python3 refuses a plain `pip install` (externally managed).
  PC_VENV=$DATA/pre-commit-venv
  if [ ! -x "$PC_VENV/bin/pre-commit" ]; then
    echo "   installing pre-commit (pip, into $PC_VENV)"
    python3 -m venv "$PC_VENV" >/dev/null 2>&1 && "$PC_VENV/bin/pip" install -q pre-commit >/dev/null 2>&1
  fi
  [ -x "$PC_VENV/bin/pre-commit" ] && PATH=$PC_VENV/bin:$PATH
fi
if command -v pre-commit >/dev/null 2>&1; then
  PC_REPO=$DATA/precommit
  if [ ! -d "$PC_REPO/.git" ]; then
    git clone -q "$BIG" "$PC_REPO"
    printf '%s\n' 'repos:' '  - repo: local' '    hooks:' '      - id: noop' '        name: noop' '        entry: "true"' \
      '        language: system' '        pass_filenames: false' '        always_run: true' '        stages: [pre-push]' > "$PC_REPO/.pre-commit-config.yaml"
    (cd "$PC_REPO" && pre-commit install -t pre-push >/dev/null)
  fi
  HOOK_SCRIPT="$ROOT/hooks/pre-push"
  DB_E=(sh -c "DEADBOLT_BIN=$(q "$DEADBOLT") exec $(q "$HOOK_SCRIPT") origin https://example.com/bench.git < $(q "$PUSH_LINE")")
  PC_E=(sh -c "exec .git/hooks/pre-push origin https://example.com/bench.git < $(q "$PUSH_LINE")")
  if hf precommit.json "$PC_REPO" -- "deadbolt hook script" "$(q "${DB_E[@]}")" "pre-commit no-op" "$(q "${PC_E[@]}")"; then
    cells "$OUT/precommit.json"
    echo "   deadbolt hook $D ms, pre-commit no-op $G ms"
    row "e. installed pre-push hook, push touching no prompt" "$D ms (median $DM)" "pre-commit no-op hook: $G ms (median $GM)" "$R ($RM)" "< 20 ms" "$( awk -v d="$D" 'BEGIN { print (d < 20) ? "ok" : "MISSED" }' )"
  fi
else
  row "e. installed pre-push hook" "skipped (pre-commit not installable)" "" "" "< 20 ms" "skipped"
fi

# ---- summary ----------------------------------------------------------------------------------
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
MODEL=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
{
  echo "# deadbolt benchmark"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- deadbolt commit: $COMMIT; binary: \`$DEADBOLT\`"
  echo "- machine: $(nproc) cores, ${MODEL:-unknown CPU}, $(uname -sr)"
  echo "- tools: $(git --version), $(hyperfine --version), warmup $WARMUP${RUNS[1]:+, runs ${RUNS[1]}}, peak RSS = max of $RSS_RUNS runs"
  echo "- big repository ($BIG): $(echo "$GEN_INFO" | head -n 1)"
  echo "$GEN_INFO" | tail -n +2 | sed 's/^/  - /'
  echo
  echo "| measurement | deadbolt (mean) | reference (mean) | ratio of means (of medians) | target (on the mean) | result |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "Raw hyperfine results: bench/out/*.json; each deadbolt command's output: bench/out/*.stdout, *.stderr."
} >"$OUT/summary.md"
echo
cat "$OUT/summary.md"
[ "$FAILURES" -eq 0 ] || { echo "run.sh: $FAILURES deadbolt command(s) failed, see above" >&2; exit 1; }
exit 0
