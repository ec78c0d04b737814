"""Runs shell commands round-robin, so that every command sees the same machine state, and
prints each one's mean and median wall time in milliseconds as JSON.

    python3 bench/interleave.py --runs N --warmup W --cwd DIR NAME=COMMAND ...

Each run is `sh -c COMMAND` started with posix_spawn and waited for; the spawn of sh is the same
for every command, so the differences are the commands'. A command that exits non-zero stops
the script with exit 1.
"""
import argparse, json, os, statistics, sys, time

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--cwd", default=".")
    parser.add_argument("commands", nargs="+")
    args = parser.parse_args()
    if args.runs < 1 or args.warmup < 0:
        sys.exit("interleave.py: --runs must be positive and --warmup not negative")
    named = []
    for item in args.commands:
        name, sep, command = item.partition("=")
        if not sep or not name:
            sys.exit(f"interleave.py: {item!r} is not NAME=COMMAND")
        named.append((name, command))
    os.chdir(args.cwd)
    times = {name: [] for name, _ in named}
    for round_ in range(args.warmup + args.runs):
        # Alternate the order too, so that neither always runs first after the other.
        order = named if round_ % 2 == 0 else list(reversed(named))
        for name, command in order:
            start = time.perf_counter()
            pid = os.posix_spawn("/bin/sh", ["sh", "-c", command], os.environ)
            _, status = os.waitpid(pid, 0)
            elapsed = (time.perf_counter() - start) * 1000
            if os.waitstatus_to_exitcode(status) != 0:
                sys.exit(f"interleave.py: {name} exited {os.waitstatus_to_exitcode(status)}: {command}")
            if round_ >= args.warmup:
                times[name].append(elapsed)
    print(json.dumps({name: {"mean": statistics.fmean(t), "median": statistics.median(t), "runs": len(t)}
                      for name, t in times.items()}))

main()
