#!/usr/bin/env python3
"""Generate the big deadbolt benchmark repository with `git fast-import`.

    python3 bench/gen_repo.py OUT_DIR [--files 100000] [--prompts 5000]
                              [--datasets 2000] [--cases 200000] [--force]

Layout (defaults):
  deadbolt.yml                                  config, provider ["cat"], jobs 8
  prompts/area_NNN/p_NNNNN.md                   5,000 prompts (~100 per folder)
  prompts/partials/part_NNN.md                  200 partials, included via {{> prompts/partials/part_NNN.md}}
  guardrails/*.yaml                             a few guardrails
  evals/regression/ds_NNNN_<behaviour>/         2,000 datasets: dataset.yml + cases.jsonl (100 cases each)
  src/group_N/module_N/pkg_N/file_NNNNN.<ext>   application files filling up to --files in total

History (all with a fixed identity and fixed dates, so the output is reproducible):
  bench-a  everything
  bench-b  one application file modified                  (for `changes`)
  bench-c  one prompt modified that owns 1-2 datasets       (for `select`)
  bench-d  one partial modified that a few prompts include  (for `select` through includes)
  main     = bench-d, checked out into the work tree

Everything is derived from a fixed seed. A summary of what was chosen for B/C/D is written to
OUT_DIR/.git/deadbolt-bench.json (inside .git so it never shows up as an untracked file).
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time

SEED = 20260101
IDENT = "Bench Bot <bench@example.com>"
BASE_TIME = 1767225600  # 2026-01-01T00:00:00Z

BEHAVIOURS = [
    "refund_policy_regressions", "json_contract_regressions", "safety_boundary_cases",
    "pii_redaction_regressions", "tool_router_invariants", "competitor_code_refusals",
    "tone_escalation_regressions", "pricing_quote_regressions", "citation_format_invariants",
    "language_switch_regressions", "date_parsing_regressions", "medical_advice_boundaries",
    "legal_advice_boundaries", "sql_generation_invariants", "summary_length_regressions",
    "greeting_style_regressions", "account_deletion_policy", "shipping_eta_regressions",
    "coupon_abuse_refusals", "markdown_table_invariants", "prompt_injection_cases",
    "handoff_to_human_regressions", "currency_rounding_regressions", "timezone_regressions",
]
FEATURES = ["refunds", "billing", "search", "support", "onboarding", "shipping", "accounts", "tools"]
INTENTS = ["refund_request", "price_question", "complaint", "how_to", "cancel", "bug_report", "chit_chat"]
WORDS = ("account plan refund invoice annual monthly enterprise starter upgrade downgrade cancel "
         "order shipping delivery coupon discount price quote tax receipt email password login "
         "export report table summary json schema tool router answer policy customer agent "
         "weather calendar meeting timezone currency euro dollar partial credit trial").split()
CATEGORIES = ["prod-bug", "policy", "invariant"]
APP_EXTS = ["txt", "swift", "py", "ts", "go", "md"]


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out_dir")
    p.add_argument("--files", type=int, default=100_000, help="total number of files (default 100000)")
    p.add_argument("--prompts", type=int, default=5_000, help="prompt files, partials not counted (default 5000)")
    p.add_argument("--partials", type=int, default=200, help="partials under prompts/partials (default 200)")
    p.add_argument("--datasets", type=int, default=2_000, help="datasets (default 2000)")
    p.add_argument("--cases", type=int, default=200_000, help="total cases over all datasets (default 200000)")
    p.add_argument("--force", action="store_true", help="delete OUT_DIR first if it exists")
    return p.parse_args()


class Stream:
    """Buffered writer for a fast-import stream."""

    def __init__(self, f):
        self.f = f
        self.mark = 0

    def blob(self, data: bytes) -> int:
        self.mark += 1
        self.f.write(b"blob\nmark :%d\ndata %d\n" % (self.mark, len(data)))
        self.f.write(data)
        self.f.write(b"\n")
        return self.mark

    def commit(self, ref, when, message, parent, files, delete_all=False):
        self.mark += 1
        msg = message.encode()
        who = ("%s %d +0000" % (IDENT, when)).encode()
        out = [b"commit %s\nmark :%d\n" % (ref.encode(), self.mark),
               b"author " + who + b"\n", b"committer " + who + b"\n",
               b"data %d\n" % len(msg), msg, b"\n"]
        if parent is not None:
            out.append(b"from :%d\n" % parent)
        if delete_all:
            out.append(b"deleteall\n")
        for path, mark in files:
            out.append(b"M 100644 :%d %s\n" % (mark, path.encode()))
        out.append(b"\n")
        self.f.write(b"".join(out))
        return self.mark

    def reset(self, ref, mark):
        self.f.write(b"reset %s\nfrom :%d\n\n" % (ref.encode(), mark))


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def deadbolt_yml() -> bytes:
    return (
        "version: 1\n"
        'prompts: ["prompts/**"]\n'
        'guardrails: ["guardrails/**"]\n'
        "datasets: evals/regression\n"
        "provider:\n"
        '  command: ["cat"]\n'
        "  timeout: 30s\n"
        "  jobs: 8\n"
    ).encode()


def prompt_text(rng, idx, partial):
    lines = [f"# Prompt {idx:05d}", "",
             f"You are the assistant for area {idx % 97}. Answer the customer's question precisely.",
             sentence(rng, 24) + ".", ""]
    if partial is not None:
        lines += [f"{{{{> {partial}}}}}", ""]
    lines += ["Rules:", "- " + sentence(rng, 10), "- " + sentence(rng, 12), "- " + sentence(rng, 8)]
    return ("\n".join(lines) + "\n").encode()


def partial_text(rng, idx):
    s = f"<!-- partial {idx:03d} -->\nTone: {sentence(rng, 12)}.\nFormat: {sentence(rng, 8)}.\n"
    return s.encode()


def main():
    args = parse_args()
    out = os.path.abspath(args.out_dir)
    if os.path.exists(out):
        if not args.force:
            sys.exit(f"gen_repo: {out} exists (use --force to replace it)")
        shutil.rmtree(out)
    t0 = time.monotonic()

    rng = random.Random(SEED)
    n_prompts, n_partials, n_ds = args.prompts, args.partials, args.datasets
    cases_per_ds = [args.cases // n_ds + (1 if i < args.cases % n_ds else 0) for i in range(n_ds)]

    # ---- prompts and partials -------------------------------------------------------------
    partial_paths = [f"prompts/partials/part_{i:03d}.md" for i in range(n_partials)]
    n_areas = max(1, (n_prompts + 99) // 100)
    prompt_paths = [f"prompts/area_{i % n_areas:03d}/p_{i:05d}.md" for i in range(n_prompts)]
    # ~40% of prompts include one partial; a skewed choice so some partials have few includers.
    prompt_partial = []
    for i in range(n_prompts):
        if n_partials and rng.random() < 0.4:
            prompt_partial.append(partial_paths[min(int(rng.expovariate(1 / (n_partials / 3))), n_partials - 1)])
        else:
            prompt_partial.append(None)
    prompt_index = {p: i for i, p in enumerate(prompt_paths)}
    includers = {p: [] for p in partial_paths}
    for i, part in enumerate(prompt_partial):
        if part is not None:
            includers[part].append(prompt_paths[i])

    guardrail_paths = ["guardrails/pii.yaml", "guardrails/competitor_code.yaml",
                       "guardrails/medical.yaml", "guardrails/legal.yaml", "guardrails/refusals.yaml"]

    # ---- datasets ---------------------------------------------------------------------------
    ds_names, ds_owners, ds_tier = [], [], []
    owned_by = {}  # prompt path -> list of dataset indices
    for d in range(n_ds):
        ds_names.append(f"ds_{d:04d}_{BEHAVIOURS[d % len(BEHAVIOURS)]}")
        owners = rng.sample(prompt_paths, rng.randint(1, min(3, n_prompts)))
        if rng.random() < 0.05:
            owners.append(rng.choice(guardrail_paths))
        ds_owners.append(owners)
        ds_tier.append("smoke" if rng.random() < 0.2 else "full")
        for o in owners:
            owned_by.setdefault(o, []).append(d)

    # ---- choose what commits C and D change -------------------------------------------------
    # C: a prompt owning exactly 1 or 2 datasets, preferably one of them smoke (so pre-push selects it),
    #    and not including a partial (so the change is purely the prompt itself).
    cands = [p for p in prompt_paths if 1 <= len(owned_by.get(p, [])) <= 2]
    good = [p for p in cands if any(ds_tier[d] == "smoke" for d in owned_by[p])
            and prompt_partial[prompt_index[p]] is None]
    c_prompt = (good or cands or prompt_paths)[0]
    # D: a partial included by a few prompts (3-6), preferring includers that own datasets.
    def d_score(part):
        inc = includers[part]
        return (not 3 <= len(inc) <= 6, -sum(len(owned_by.get(p, [])) for p in inc), part)
    d_partial = min(partial_paths, key=d_score) if partial_paths else None

    # ---- application files fill up the rest -------------------------------------------------
    fixed = 1 + n_prompts + n_partials + len(guardrail_paths) + 2 * n_ds
    n_app = max(0, args.files - fixed)
    app_paths = [f"src/group_{i // 10000:02d}/module_{(i // 1000) % 10}/pkg_{(i // 100) % 10}/"
                 f"file_{i:06d}.{APP_EXTS[i % len(APP_EXTS)]}" for i in range(n_app)]
    b_file = app_paths[len(app_paths) // 2] if app_paths else None

    # ---- write the stream --------------------------------------------------------------------
    subprocess.run(["git", "init", "-q", "-b", "main", out], check=True)
    env = dict(os.environ, GIT_DIR=os.path.join(out, ".git"))
    fi = subprocess.Popen(["git", "fast-import", "--quiet", "--done"], stdin=subprocess.PIPE, env=env,
                          cwd=out)
    s = Stream(fi.stdin)
    tree = []  # (path, mark) of commit A

    tree.append(("deadbolt.yml", s.blob(deadbolt_yml())))
    original = {}  # the texts commits C and D modify
    for i, p in enumerate(partial_paths):
        data = partial_text(rng, i)
        if p == d_partial:
            original[p] = data
        tree.append((p, s.blob(data)))
    for i, p in enumerate(prompt_paths):
        data = prompt_text(rng, i, prompt_partial[i])
        if p == c_prompt:
            original[p] = data
        tree.append((p, s.blob(data)))
    for g in guardrail_paths:
        tree.append((g, s.blob(f"# {g}\nblock:\n  - {sentence(rng, 4)}\n  - {sentence(rng, 4)}\n"
                               f"message: {sentence(rng, 10)}\n".encode())))

    case_no = 0
    for d in range(n_ds):
        base = f"evals/regression/{ds_names[d]}"
        owners = ", ".join(ds_owners[d])
        yml = (f"description: {BEHAVIOURS[d % len(BEHAVIOURS)].replace('_', ' ')} (benchmark dataset {d})\n"
               f"owners: [{owners}]\n"
               f"tier: {ds_tier[d]}\n"
               "assert:\n"
               '  - {type: contains, value: "{{input.q}}"}\n'
               "version: 1\n")
        tree.append((base + "/dataset.yml", s.blob(yml.encode())))
        lines = []
        for _ in range(cases_per_ds[d]):
            # a bijection of the case number onto 24 bits gives unique 6-hex suffixes
            h = (case_no * 0x9E3779 + 0x1234) & 0xFFFFFF
            day = 1 + case_no % 28
            month = 1 + (case_no // 28) % 12
            # q holds only characters every JSON encoder leaves as they are (no / \ " or non-ASCII),
            # so `cat` echoing the request contains it verbatim.
            q = f"case {case_no} {sentence(rng, 6)}?"
            tier = ds_tier[d] if ds_tier[d] == "smoke" or rng.random() >= 0.1 else "smoke"
            rec = {"id": f"reg-2025-{month:02d}-{day:02d}-{h:06x}",
                   "input": {"q": q},
                   "expected_output": sentence(rng, 3),
                   "category": CATEGORIES[case_no % 3],
                   "tier": tier,
                   "tags": {"feature": FEATURES[case_no % len(FEATURES)],
                            "intent": INTENTS[case_no % len(INTENTS)]}}
            lines.append(json.dumps(rec, separators=(",", ":")))
            case_no += 1
        tree.append((base + "/cases.jsonl", s.blob(("\n".join(lines) + "\n").encode())))

    for i, p in enumerate(app_paths):
        tree.append((p, s.blob(f"// {p}\n// application file {i}, not a prompt\n{sentence(rng, 16)}\n"
                               f"value_{i} = {rng.randint(0, 1 << 30)}\n".encode())))

    a = s.commit("refs/heads/main", BASE_TIME, "Initial import of the benchmark repository\n", None,
                 tree, delete_all=True)
    b = s.commit("refs/heads/main", BASE_TIME + 3600, "Tweak an application file\n", a,
                 [(b_file, s.blob(b"// modified in commit B\n" + rng.randbytes(8).hex().encode() + b"\n"))]
                 if b_file else [])
    c = s.commit("refs/heads/main", BASE_TIME + 7200,
                 "Fix refund wording in one prompt\n\nBug: https://tracker.example.com/BUG-142\n", b,
                 [(c_prompt, s.blob(original[c_prompt]
                                    + b"- Never promise a refund that the policy does not allow.\n"))])
    d_files = []
    if d_partial:
        d_files = [(d_partial, s.blob(original[d_partial] + b"Keep answers under 120 words.\n"))]
    dm = s.commit("refs/heads/main", BASE_TIME + 10800, "Shorten answers in a shared partial\n", c, d_files)
    for tag, mark in (("bench-a", a), ("bench-b", b), ("bench-c", c), ("bench-d", dm)):
        s.reset(f"refs/tags/{tag}", mark)
    fi.stdin.write(b"done\n")
    fi.stdin.close()
    if fi.wait() != 0:
        sys.exit("gen_repo: git fast-import failed")
    t_import = time.monotonic() - t0

    git = ["git", "-C", out]
    subprocess.run(git + ["repack", "-adq"], check=True)
    t_repack = time.monotonic() - t0
    # parallel checkout (one worker per core) only speeds up generation; it changes nothing in the result
    subprocess.run(git + ["-c", "checkout.workers=0", "reset", "-q", "--hard", "main"], check=True)
    subprocess.run(git + ["config", "user.name", "Bench Bot"], check=True)
    subprocess.run(git + ["config", "user.email", "bench@example.com"], check=True)
    subprocess.run(git + ["update-index", "-q", "--refresh"], check=True)
    t_total = time.monotonic() - t0

    info = {
        "params": {"files": args.files, "prompts": n_prompts, "partials": n_partials,
                   "datasets": n_ds, "cases": args.cases},
        "counts": {"files": len(tree), "prompts": n_prompts, "partials": n_partials,
                   "guardrails": len(guardrail_paths), "datasets": n_ds, "cases": case_no,
                   "app_files": n_app, "smoke_datasets": ds_tier.count("smoke")},
        "b_file": b_file,
        "c_prompt": c_prompt,
        "c_datasets": [ds_names[d] + (" (smoke)" if ds_tier[d] == "smoke" else " (full)")
                       for d in owned_by.get(c_prompt, [])],
        "d_partial": d_partial,
        "d_includers": includers.get(d_partial, []),
        "d_datasets": sorted({ds_names[d] for p in includers.get(d_partial, []) for d in owned_by.get(p, [])}),
        "seconds": {"fast_import": round(t_import, 1), "repack": round(t_repack - t_import, 1),
                    "checkout": round(t_total - t_repack, 1), "total": round(t_total, 1)},
    }
    with open(os.path.join(out, ".git", "deadbolt-bench.json"), "w") as f:
        json.dump(info, f, indent=2)
        f.write("\n")
    print(f"gen_repo: {out}: {len(tree)} files, {n_prompts} prompts + {n_partials} partials, "
          f"{n_ds} datasets, {case_no} cases")
    print(f"gen_repo: B changes {b_file}; C changes {c_prompt} (owner of {len(owned_by.get(c_prompt, []))} "
          f"dataset(s)); D changes {d_partial} (included by {len(includers.get(d_partial, []))} prompts)")
    print(f"gen_repo: generated in {t_total:.1f} s (fast-import {t_import:.1f} s, "
          f"repack {t_repack - t_import:.1f} s, checkout {t_total - t_repack:.1f} s)")


if __name__ == "__main__":
    main()
