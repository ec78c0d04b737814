#!/usr/bin/env bash
# Coverage-guided fuzzing of every parser of untrusted input (docs/fuzzing.md).
#
#   bash scripts/fuzz.sh build                      build deadbolt-fuzz with libFuzzer and AddressSanitizer
#   bash scripts/fuzz.sh list                       name the targets
#   bash scripts/fuzz.sh run TARGET|all [--time S] [--runs N] [--fork N] [--except TARGET]...
#
#   --time S   fuzz each target for S seconds (default 60)
#   --runs N   or stop each target after N inputs (libFuzzer's -runs)
#   --fork N   run N fuzzing processes per target (libFuzzer's -fork; default 1)
#   --except T leave target T out of `all` (a finding not fixed yet; say so in its issue)
#
# Each target starts from its committed seeds (Fuzz/corpus/TARGET) and the findings kept as
# regressions (Fuzz/regressions/TARGET), and grows a working corpus in .build-fuzz/corpus/TARGET.
# An input that crashes, trips the sanitizer, takes over 1 s or over 2 GB is a finding: it is
# written to .build-fuzz/findings/TARGET/, the run goes on to the next target, and the script
# exits 1 at the end. Reproduce one with the ordinary build: .build/debug/deadbolt-fuzz TARGET FILE.
set -uo pipefail
cd "$(dirname "$0")/.."

SCRATCH=.build-fuzz
BIN=$SCRATCH/release/deadbolt-fuzz
die() { echo "fuzz.sh: $*" >&2; exit 2; }
number() { case "$2" in ''|*[!0-9]*) die "$1 needs a positive whole number, not '$2'" ;; esac; [ "$2" -gt 0 ] || die "$1 needs a positive whole number"; }

build() {
  # SwiftPM hands swiftc `-sanitize=fuzzer -sanitize=address` as two flags, and the last one wins:
  # the Swift modules came out without coverage instrumentation. The joined flag, given last, keeps both.
  swift build -c release --product deadbolt-fuzz --scratch-path "$SCRATCH" \
    --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address -Xswiftc -DDEADBOLT_FUZZING
}

targets() {
  # The ordinary replay binary knows the names; the fuzzing one would start fuzzing instead. It is
  # brought up to date first: a stale one would not know a target added since it was built.
  swift build --product deadbolt-fuzz >/dev/null || die "cannot build deadbolt-fuzz"
  .build/debug/deadbolt-fuzz --list | cut -f1
}

run_one() {
  local target=$1 limit=$2 fork=$3
  local work=$SCRATCH/corpus/$target findings=$SCRATCH/findings/$target log=$SCRATCH/logs/$target.log
  mkdir -p "$work" "$findings" "$(dirname "$log")"
  local seeds=(Fuzz/corpus/"$target")
  [ -d Fuzz/regressions/"$target" ] && seeds+=(Fuzz/regressions/"$target")
  local extra=()
  [ "$fork" -gt 1 ] && extra+=(-fork="$fork" -ignore_crashes=0 -ignore_timeouts=0 -ignore_ooms=0)
  # detect_leaks=0: the Swift runtime keeps its metadata caches until exit, which LeakSanitizer
  # would report on every input. Memory is bounded by -rss_limit_mb and -malloc_limit_mb instead.
  # SWIFT_BACKTRACE=enable=no: with Swift's backtracer on, a trap under the fuzzer hung instead of exiting.
  DEADBOLT_FUZZ_TARGET=$target ASAN_OPTIONS=detect_leaks=0:abort_on_error=0 SWIFT_BACKTRACE=enable=no \
    "$BIN" "$work" "${seeds[@]}" $limit -timeout=1 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -max_len=65536 -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$findings/" \
    "${extra[@]}" >"$log" 2>&1
  local rc=$?
  local runs cov
  runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
  [ -n "$runs" ] || runs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
  local found
  found=$(find "$findings" -type f | head -5)
  if [ $rc -ne 0 ] || [ -n "$found" ]; then
    printf '%-16s FINDING (exit %s) after %s inputs; log %s\n' "$target" "$rc" "${runs:-?}" "$log"
    grep -m3 -E 'ERROR|Fatal error|panic|deadly signal|timeout' "$log" | sed 's/^/    /'
    for f in $found; do echo "    reproduce: .build/debug/deadbolt-fuzz $target $f"; done
    return 1
  fi
  printf '%-16s ok: %s inputs, coverage %s edges, corpus %s files\n' "$target" "${runs:-?}" "${cov:-?}" \
    "$(find "$work" -type f | wc -l)"
}

command=${1:-}
[ -n "$command" ] || die "usage: bash scripts/fuzz.sh build | list | run TARGET|all [--time S] [--runs N] [--fork N]"
shift
case "$command" in
  build) build ;;
  list) targets ;;
  run)
    [ $# -ge 1 ] || die "run needs a target name or all (see bash scripts/fuzz.sh list)"
    which=$1; shift
    time=60; runs=""; fork=1; except=""
    while [ $# -gt 0 ]; do
      case "$1" in
        --time) [ $# -ge 2 ] || die "--time needs seconds"; number --time "$2"; time=$2; shift 2 ;;
        --runs) [ $# -ge 2 ] || die "--runs needs a number"; number --runs "$2"; runs=$2; shift 2 ;;
        --fork) [ $# -ge 2 ] || die "--fork needs a number"; number --fork "$2"; fork=$2; shift 2 ;;
        --except) [ $# -ge 2 ] || die "--except needs a target name"; except="$except $2"; shift 2 ;;
        *) die "unknown argument '$1'" ;;
      esac
    done
    [ -x "$BIN" ] || die "no fuzzing build at $BIN: run bash scripts/fuzz.sh build"
    limit="-max_total_time=$time"
    [ -z "$runs" ] || limit="-runs=$runs"
    all=$(targets) || exit 2
    for name in $except; do echo "$all" | grep -qx -- "$name" || die "unknown target '$name' in --except"; done
    if [ "$which" = all ]; then
      list=$(for target in $all; do case " $except " in *" $target "*) echo "fuzz.sh: $target left out (--except)" >&2 ;; *) echo "$target" ;; esac; done)
    else
      echo "$all" | grep -qx -- "$which" || die "unknown target '$which'; the targets are: $(echo $all)"
      list=$which
    fi
    failed=0
    for target in $list; do run_one "$target" "$limit" "$fork" || failed=1; done
    [ $failed -eq 0 ] || { echo "fuzz.sh: findings above; fix each at its root and keep the input in Fuzz/regressions/TARGET/" >&2; exit 1; }
    ;;
  *) die "unknown command '$command' (build, list or run)" ;;
esac
