#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets (Fuzz/corpus/TARGET/), from what the tests and the
repository already hold: the trace fixtures the real instrumentation libraries wrote, the example
repository's files, the string literals of the Swift tests that feed each parser, this repository's
own commit messages, and (with a deadbolt binary) the JSON verdicts it writes for the example.

    python3 scripts/fuzz-seeds.py [--deadbolt PATH]

Files are named by the SHA-1 of their content, as libFuzzer names what it adds, so running this
again adds only what is new and never duplicates an input. The seeds are committed; the fuzzer's
own finds stay out of the repository unless one is a finding (Fuzz/regressions/TARGET/).
"""
import argparse
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "Fuzz", "corpus")
MAX_SEED = 64 * 1024  # libFuzzer's default -max_len is 4096; larger seeds are cut, not refused
written = {}


def add(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if not data or not data.strip() or len(data) > MAX_SEED:
        return
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, hashlib.sha1(data).hexdigest())
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(data)
        written[target] = written.get(target, 0) + 1


def read(path):
    with open(path, "rb") as f:
        return f.read()


# Swift string literals, multi-line ("""...""") and single-line ("..."), decoded well enough to be
# seeds: escapes resolved, interpolations \(...) replaced by "x".
MULTI = re.compile(r'"""\n(.*?)\n\s*"""', re.S)
SINGLE = re.compile(r'(?<!")"((?:[^"\\\n]|\\.)*)"(?!")')


def decode(literal, multiline):
    if multiline:
        lines = literal.split("\n")
        indent = min((len(l) - len(l.lstrip(" ")) for l in lines if l.strip()), default=0)
        literal = "\n".join(l[indent:] for l in lines) + "\n"
    out, i = [], 0
    while i < len(literal):
        c = literal[i]
        if c != "\\" or i + 1 == len(literal):
            out.append(c)
            i += 1
            continue
        n = literal[i + 1]
        if n == "(":
            depth, j = 1, i + 2
            while j < len(literal) and depth:
                depth += {"(": 1, ")": -1}.get(literal[j], 0)
                j += 1
            out.append("x")
            i = j
        elif n == "u" and literal[i + 2 : i + 3] == "{":
            end = literal.index("}", i)
            out.append(chr(int(literal[i + 3 : end], 16)))
            i = end + 1
        else:
            out.append({"n": "\n", "t": "\t", "r": "\r", "0": "\0", '"': '"', "\\": "\\", "'": "'"}.get(n, n))
            i += 2
    return "".join(out)


def literals(pattern):
    for path in sorted(glob.glob(os.path.join(ROOT, pattern), recursive=True)):
        text = read(path).decode("utf-8")
        for m in MULTI.finditer(text):
            yield decode(m.group(1), True)
        for m in SINGLE.finditer(text):
            yield decode(m.group(1), False)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deadbolt", help="a deadbolt binary, to add the verdicts it writes")
    args = parser.parse_args()
    tests = "Tests/**/*.swift"
    example = os.path.join(ROOT, "examples", "support-bot")

    # deadbolt.yml and dataset.yml
    for path in [os.path.join(example, "deadbolt.yml"), os.path.join(ROOT, "ci/github/deadbolt.yml")]:
        add("config", read(path))
    for text in literals(tests):
        if text.startswith("version: 1") or "\nprompts:" in text or "\nprovider:" in text:
            add("config", text)
        if re.search(r"^(owners|tier|assert|input_fields|prompt|messages):", text, re.M) and "version: 1\nprompts" not in text:
            add("dataset", text)
        if "lock_version" in text or text.lstrip().startswith('{"datasets"'):
            add("pins", text)
    for path in sorted(glob.glob(os.path.join(example, "evals/regression/*/dataset.yml"))):
        add("dataset", read(path))

    # cases.jsonl: the example's files, each line, and the tests' case lines
    for path in sorted(glob.glob(os.path.join(example, "evals/regression/*/cases.jsonl"))):
        data = read(path)
        add("cases", data)
        for line in data.splitlines():
            add("cases", line + b"\n")
    for text in literals(tests):
        if text.lstrip().startswith("{") and '"id"' in text:
            add("cases", text)

    # commit messages: this repository's own, and the tests' messages with trailers and keywords
    try:
        log = subprocess.run(
            ["git", "-C", ROOT, "log", "-n", "60", "--format=%B%x00"], capture_output=True, check=True
        ).stdout
        for message in log.split(b"\0"):
            add("commit-message", message.strip(b"\n") + b"\n")
    except (OSError, subprocess.CalledProcessError):
        print("fuzz-seeds: no git history here; commit-message seeds from the tests only", file=sys.stderr)
    for text in literals(tests):
        if re.search(r"^(Bug|Fixes|Closes|Resolves|Issue|No-Lock|No-Bug):", text, re.M) or re.search(
            r"\b(fixes|closes|resolves) #\d", text, re.I
        ):
            add("commit-message", text)

    # pre-push lines: git's format with real object names, a new branch, a deletion, a tag
    zero = "0" * 40
    try:
        heads = subprocess.run(
            ["git", "-C", ROOT, "rev-list", "-n", "3", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        heads = []
    heads = (heads + ["1" * 40, "2" * 40, "3" * 40])[:3]
    a, b, c = heads
    add("pre-push", f"refs/heads/main {a} refs/heads/main {b}\n")
    add("pre-push", f"refs/heads/topic {a} refs/heads/topic {zero}\n")
    add("pre-push", f"(delete) {zero} refs/heads/old {c}\n")
    add("pre-push", f"refs/heads/main {a} refs/heads/main {b}\nrefs/tags/v1 {c} refs/tags/v1 {zero}\n")
    for text in literals(tests):
        if re.search(r"refs/\S+ \S+ refs/", text):
            add("pre-push", text)

    # GitHub event files, shards
    for text in literals(tests):
        if text.lstrip().startswith("{") and re.search(r'"(pull_request|number|head_commit|merge_group)"', text):
            add("ci-event", text)
    for event in [
        {"number": 7, "pull_request": {"number": 7, "base": {"sha": "a" * 40, "repo": {"full_name": "acme/bot"}},
                                       "head": {"sha": "b" * 40, "repo": {"full_name": "fork/bot"}}}},
        {"before": "a" * 40, "after": "b" * 40, "forced": True},
        {"merge_group": {"base_sha": "a" * 40, "head_sha": "b" * 40}},
    ]:
        add("ci-event", json.dumps(event))
    for shard in ["1/1", "2/4", "4/4", "0/2", "3/2", "1/10000", "1/10001", "a/b", "1/", "/3", " 1/2 "]:
        add("shard", shard)

    # provider answers: exec output lines and chat completion bodies
    for text in literals(tests):
        if text.lstrip().startswith("{") and re.search(r'"(output|answer|error)"', text):
            add("provider-answer", text)
        if "choices" in text and text.lstrip().startswith("{"):
            add("openai-answer", text)
    for answer in ['{"output": "Refunds take 5 days."}', '"plain text"', "plain text\n", '{"output": {"a": 1}}']:
        add("provider-answer", answer)
    add("openai-answer", json.dumps({
        "id": "chatcmpl-1", "object": "chat.completion", "model": "gpt-4o-mini-2024-07-18",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": "Refunds take 5 days."},
                     "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 12, "completion_tokens": 5, "total_tokens": 17}}))

    # partial verdicts: the tests' JSON, and what deadbolt writes for the example
    for text in literals(tests):
        if text.lstrip().startswith("{") and '"verdict"' in text:
            add("partial-verdict", text)
    if args.deadbolt:
        with tempfile.TemporaryDirectory() as work:
            repo = os.path.join(work, "support-bot")
            shutil.copytree(example, repo)
            git = ["git", "-C", repo, "-c", "user.name=seeds", "-c", "user.email=seeds@example.com"]
            subprocess.run(git[:3] + ["init", "-q", "-b", "main"], check=True)
            subprocess.run(git[:3] + ["add", "-A"], check=True)
            subprocess.run(git + ["commit", "-q", "-m", "example"], check=True)
            out = subprocess.run([args.deadbolt, "run", "--all", "--format", "json"], cwd=repo, capture_output=True)
            add("partial-verdict", out.stdout)
            # A change to a prompt, checked in two shards as a sharded CI job would.
            with open(os.path.join(repo, "prompts", "refund.md"), "a") as f:
                f.write("\nAlways name the refund window.\n")
            subprocess.run(git + ["commit", "-q", "-am", "Tighten the refund prompt"], check=True)
            for shard in ["1/2", "2/2"]:
                out = subprocess.run(
                    [args.deadbolt, "check", "--base", "HEAD~1", "--head", "HEAD", "--shard", shard, "--format", "json"],
                    cwd=repo, capture_output=True)
                add("partial-verdict", out.stdout)
            subprocess.run([args.deadbolt, "pin"], cwd=repo, capture_output=True)
            if os.path.exists(os.path.join(repo, "deadbolt.lock")):
                lock = read(os.path.join(repo, "deadbolt.lock"))
                add("pins", lock)
                # Edits a hand or a merge makes: a dataset gone, a version bumped, a count out of range.
                pins = json.loads(lock)
                name = sorted(pins["datasets"])[0]
                add("pins", json.dumps({**pins, "datasets": {k: v for k, v in pins["datasets"].items() if k != name}}))
                pins["datasets"][name]["version"] += 1
                add("pins", json.dumps(pins))
                pins["datasets"][name]["cases"] = -1
                add("pins", json.dumps(pins))

    # globs and include patterns, each with what it is matched against
    globs = re.findall(r'Glob\("((?:[^"\\]|\\.)*)"\)', "".join(read(p).decode() for p in glob.glob(
        os.path.join(ROOT, tests), recursive=True)))
    paths = ["prompts/refund.md", "prompts/partials/tone.md", "app/x/llm_a1.py", "evals/regression/d/cases.jsonl",
             "deadbolt.yml", "a/b/c/d.md"]
    for i, pattern in enumerate(sorted(set(globs))):
        add("glob", decode(pattern, False) + "\n" + paths[i % len(paths)])
    for pattern in ["prompts/**", "**/*.md", "prompts/*.{md,txt}", "[!a]*/**/x?.md", "guardrails/**"]:
        add("glob", pattern + "\nprompts/partials/tone.md")
    prompts = [read(p).decode("utf-8") for p in sorted(glob.glob(os.path.join(example, "prompts/**/*.md"),
                                                                  recursive=True))]
    for pattern in [r"\{\{>\s*([^}\s]+)\s*\}\}", r"\{%\s*include\s+['\"]([^'\"]+)['\"]\s*%\}", r"@include\((.+?)\)"]:
        for prompt in prompts:
            add("include", pattern + "\n" + prompt)
        add("include", pattern + "\n{{> prompts/partials/tone.md}} {% include 'a.md' %} @include(b.md)")

    # template expansion: assertion values with placeholders, against a case's input
    for text in literals("Tests/DeadboltCoreTests/Assertions/*.swift"):
        if "{{" in text:
            add("template", text + "\n" + '{"question": "Where is my refund?", "order": {"id": 42}}')
    add("template", '{"type": "contains", "value": "{{expected_output}}"}\nRefunds take 5 days.')
    add("template", '"{{input.order.id}} and {{input.missing}}"\n{"order": {"id": 42}}')

    # traces: every fixture, whole, as capture reads them
    for path in sorted(glob.glob(os.path.join(ROOT, "Tests/DeadboltCoreTests/Capture/Fixtures/Traces/**/*"),
                            recursive=True)):
        if os.path.isfile(path):
            data = read(path)
            add("trace", data)
            add("trace-batch", data)

    # promptfoo suites: promptfoo's own examples (config, ====, the tests file it names) and the tests' suites
    examples = os.path.join(ROOT, "Tests", "Fixtures", "promptfoo")
    for folder in sorted(glob.glob(os.path.join(examples, "*"))):
        configs = sorted(glob.glob(os.path.join(folder, "*.yaml")))
        extras = sorted(p for p in glob.glob(os.path.join(folder, "**", "*"), recursive=True)
                        if os.path.isfile(p) and p not in configs and not p.endswith(".md"))
        for config in configs:
            text = read(config).decode("utf-8")
            # The fuzz tree holds one of each file name the target offers.
            for old, new in [("cases.jsonl", "tests.jsonl"), ("prompts.txt", "prompt.txt"),
                             ("prompts/chat_prompt.json", "chat.json")]:
                text = text.replace(old, new)
            add("promptfoo", text)
            for extra in extras:
                add("promptfoo", text.encode("utf-8") + b"\n====\n" + read(extra))
    for text in literals("Tests/**/*Promptfoo*.swift"):
        if "prompts:" in text or "vars:" in text or "__expected" in text:
            add("promptfoo", text)
    add("promptfoo", "prompts: [file://prompt.txt]\ntests: file://tests.csv\n====\n"
        "question,__expected1,__expected2,__threshold\nRefund?,icontains: pro-rata,levenshtein(3): x,0.5\n")

    # coverage's production rows: the tests' CSV and JSON Lines exports, and a few generated rows
    for text in literals("Tests/**/*Coverage*.swift"):
        if "trace_id" in text:
            add("production-rows", text)
    add("production-rows", "trace_id,time,feature,plan_tier,prompt_version,outcome\n"
        "t1,2026-11-03T10:00:00Z,refunds,enterprise,refund-v4,complaint\n"
        't2,1762164245,"refunds, annual",pro,,ok\n')
    add("production-rows", '{"trace_id": "a", "time": "2026-11-03", "outcome": "bad", '
        '"metadata": {"feature": "refunds", "plan_tier": "enterprise"}}\n{"trace_id": "b", "feature": "x"}\n')

    for target in sorted(os.listdir(CORPUS)):
        count = len(os.listdir(os.path.join(CORPUS, target)))
        print(f"{target}: {count} seeds ({written.get(target, 0)} new)")


if __name__ == "__main__":
    main()
