#!/usr/bin/env python3
"""Checks the documentation a user reads: README.md and docs/*.md.

- Every relative Markdown link points at a file or folder of the repository, and a `#fragment`
  on a Markdown file names one of its headings (GitHub's anchor rules).
- No tracked file mentions the files that live outside the repository (the product contract,
  the style notes, the shared folder): a user has only the repository.

Standard library only; runs from any folder; exits 1 with `file:line: message` for each problem.
Usage: python3 scripts/check-docs.py
"""

import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Spelled in pieces so that this file does not mention them itself.
FORBIDDEN = ["PRODUCT" + ".md", "STYLE" + ".md", ".." + "/shared"]

LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s.*)?$")
FENCE = re.compile(r"^\s{0,3}(```+|~~~+)")
HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")


def documents():
    """README.md and docs/*.md, as paths from the repository root."""
    paths = ["README.md"]
    docs = os.path.join(ROOT, "docs")
    if os.path.isdir(docs):
        paths += sorted("docs/" + name for name in os.listdir(docs) if name.endswith(".md"))
    return paths


def prose_lines(text):
    """(line number, line) outside fenced code blocks, with code spans blanked."""
    fence = None
    for number, line in enumerate(text.splitlines(), 1):
        match = FENCE.match(line)
        if match:
            marker = match.group(1)
            if fence is None:
                fence = marker[0] * len(marker)
            elif marker.startswith(fence):
                fence = None
            continue
        if fence is None:
            yield number, CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


def slug(heading):
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"`([^`]*)`", r"\1", heading)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.strip().lower()
    text = "".join(ch for ch in text if ch.isalnum() or ch in " -_")
    return text.replace(" ", "-")


def anchors(path, cache={}):
    """Every heading anchor of the Markdown file at `path`, duplicates numbered as GitHub does."""
    if path not in cache:
        seen = {}
        found = set()
        with open(path, encoding="utf-8") as handle:
            for _, line in prose_lines(handle.read()):
                match = HEADING.match(line)
                if not match:
                    continue
                base = slug(match.group(2))
                count = seen.get(base, 0)
                seen[base] = count + 1
                found.add(base if count == 0 else f"{base}-{count}")
        cache[path] = found
    return cache[path]


def check_links(document, problems):
    full = os.path.join(ROOT, document)
    with open(full, encoding="utf-8") as handle:
        text = handle.read()
    for number, line in prose_lines(text):
        targets = [m.group(1) for m in LINK.finditer(line)]
        reference = REFERENCE.match(line)
        if reference:
            targets.append(reference.group(1))
        for target in targets:
            if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target) or target.startswith("//"):
                continue  # https:, mailto:, ...
            path, _, fragment = target.partition("#")
            if path.startswith("/"):
                problems.append(f"{document}:{number}: link `{target}` is absolute; make it relative")
                continue
            resolved = os.path.normpath(os.path.join(os.path.dirname(full), path)) if path else full
            if not (resolved == ROOT or resolved.startswith(ROOT + os.sep)):
                problems.append(f"{document}:{number}: link `{target}` leaves the repository")
                continue
            if not os.path.exists(resolved):
                problems.append(f"{document}:{number}: link `{target}`: no such file")
                continue
            if fragment and resolved.endswith(".md") and os.path.isfile(resolved):
                if fragment.lower() not in anchors(resolved):
                    name = os.path.relpath(resolved, ROOT)
                    problems.append(f"{document}:{number}: link `{target}`: {name} has no heading `#{fragment}`")


def tracked_files():
    """The files git tracks, else (outside git) README.md and docs/*.md."""
    try:
        listed = subprocess.run(
            ["git", "-C", ROOT, "ls-files", "-z"], capture_output=True, check=True
        ).stdout.decode("utf-8", "replace")
        return [name for name in listed.split("\0") if name]
    except (OSError, subprocess.CalledProcessError):
        return documents()


def check_mentions(paths, problems):
    for name in paths:
        full = os.path.join(ROOT, name)
        if not os.path.isfile(full) or os.path.getsize(full) > 4 << 20:
            continue
        with open(full, "rb") as handle:
            data = handle.read()
        if b"\0" in data[:8192]:
            continue  # binary
        for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
            for word in FORBIDDEN:
                if word in line:
                    problems.append(
                        f"{name}:{number}: mentions `{word}`, which is not in the repository; "
                        "say what the reader needs here or in docs/"
                    )


def main():
    problems = []
    for document in documents():
        check_links(document, problems)
    # New documents count before they are committed.
    check_mentions(sorted(set(tracked_files()) | set(documents())), problems)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"check-docs: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
