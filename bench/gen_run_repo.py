#!/usr/bin/env python3
"""Generate the small repository for the `deadbolt run` benchmark.

    python3 bench/gen_run_repo.py OUT_DIR [--cases 2000] [--force]

Creates a git repository (git init + one commit) with:
  deadbolt.yml                              provider ["cat"], jobs 8
  prompts/echo.md                           the prompt that owns the dataset
  evals/regression/echo_cases/dataset.yml   tier smoke, assert contains "{{input.q}}"
  evals/regression/echo_cases/cases.jsonl   --cases cases (default 2000)
  requests/req_NNNNN.json                   one provider request (one JSON line) per case, the input
                                            of the `xargs -P 8 -n 1 cat` reference
  requests.list                             the request file names, one a line (committed too, so the
                                            work tree stays clean)

`cat` echoes the request, which contains the case's input verbatim, so every case passes.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

IDENT_ENV = {
    "GIT_AUTHOR_NAME": "Bench Bot", "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00+0000",
    "GIT_COMMITTER_NAME": "Bench Bot", "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00+0000",
}
WORDS = ("account plan refund invoice annual monthly enterprise starter upgrade downgrade cancel "
         "order shipping delivery coupon discount price quote tax receipt email password").split()


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out_dir")
    p.add_argument("--cases", type=int, default=2000)
    p.add_argument("--force", action="store_true", help="delete OUT_DIR first if it exists")
    args = p.parse_args()
    t0 = time.monotonic()
    out = os.path.abspath(args.out_dir)
    if os.path.exists(out):
        if not args.force:
            sys.exit(f"gen_run_repo: {out} exists (use --force to replace it)")
        shutil.rmtree(out)

    subprocess.run(["git", "init", "-q", "-b", "main", out], check=True)
    ds = os.path.join(out, "evals", "regression", "echo_cases")
    os.makedirs(ds)
    os.makedirs(os.path.join(out, "prompts"))
    os.makedirs(os.path.join(out, "requests"))
    with open(os.path.join(out, "deadbolt.yml"), "w") as f:
        f.write('version: 1\nprompts: ["prompts/**"]\nguardrails: ["guardrails/**"]\n'
                'datasets: evals/regression\nprovider:\n  command: ["cat"]\n  timeout: 30s\n  jobs: 8\n')
    with open(os.path.join(out, "prompts", "echo.md"), "w") as f:
        f.write("# Echo\n\nRepeat the question back.\n")
    with open(os.path.join(ds, "dataset.yml"), "w") as f:
        f.write("description: provider overhead benchmark, every case passes with cat\n"
                "owners: [prompts/echo.md]\n"
                "tier: smoke\n"
                "assert:\n"
                '  - {type: contains, value: "{{input.q}}"}\n'
                "version: 1\n")
    names = []
    with open(os.path.join(ds, "cases.jsonl"), "w") as cases:
        for i in range(args.cases):
            cid = f"reg-2026-01-01-{(i * 0x9E3779 + 0x4321) & 0xFFFFFF:06x}"
            # only characters no JSON encoder escapes, so the echoed request contains q verbatim
            q = f"question {i} {' '.join(WORDS[(i * k) % len(WORDS)] for k in (1, 3, 7, 11))}?"
            tags = {"feature": "echo", "intent": "benchmark"}
            cases.write(json.dumps({"id": cid, "input": {"q": q}, "expected_output": q,
                                    "category": "invariant", "tier": "smoke", "tags": tags},
                                   separators=(",", ":")) + "\n")
            # the provider request deadbolt writes on the provider's stdin (docs/provider-protocol.md)
            req = {"case": {"id": cid, "input": {"q": q}, "tags": tags}, "dataset": "echo_cases",
                   "prompts": {"prompts/echo.md": "0" * 40}, "revision": "0" * 40}
            name = f"requests/req_{i:05d}.json"
            with open(os.path.join(out, name), "w") as f:
                f.write(json.dumps(req, separators=(",", ":")) + "\n")
            names.append(name)
    with open(os.path.join(out, "requests.list"), "w") as f:
        f.write("\n".join(names) + "\n")

    env = dict(os.environ, **IDENT_ENV)
    git = ["git", "-C", out]
    subprocess.run(git + ["add", "-A"], check=True, env=env)
    subprocess.run(git + ["commit", "-q", "-m", "Benchmark repository for deadbolt run"], check=True, env=env)
    subprocess.run(git + ["config", "user.name", "Bench Bot"], check=True)
    subprocess.run(git + ["config", "user.email", "bench@example.com"], check=True)
    print(f"gen_run_repo: {out}: {args.cases} cases, {len(names)} request files, "
          f"generated in {time.monotonic() - t0:.1f} s")


if __name__ == "__main__":
    main()
