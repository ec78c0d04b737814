#!/usr/bin/env python3
"""A deadbolt worker: `protocol: jsonl`, Python 3 standard library only.

    provider:
      command: ["python3", "examples/providers/jsonl_worker.py"]
      protocol: jsonl

deadbolt starts one of these per job and keeps it running for the whole run, so whatever is
slow to set up (a client, a model, an index) is set up once per job, not once per case.

Each line on standard input is one request, the JSON object `protocol: once` writes, plus an
"id":

    {"id": "0-1", "case": {"id": "...", "input": {...}, "tags": {...}}, "dataset": "...",
     "prompts": {"prompts/refund.md": "<blob id>"}, "revision": "<commit id>"}

For each one, print exactly one line on standard output and flush it:

    {"id": "0-1", "output": "...", "model": "...", "latency_ms": 12}

"model", "latency_ms", "cost" and "usage" are optional. Anything else (logs, warnings, prints
from libraries) must go to standard error: a line on standard output that is not the answer to
the request in flight makes that case errored, and deadbolt replaces the worker.

When answer() raises, the worker writes the traceback to standard error and answers
{"id": ..., "error": "ValueError: ..."}: deadbolt reports that case as errored with the message
(and the end of standard error), and the worker goes on with the next case, its setup intact.
Exiting instead would also error the case, but deadbolt would then start a new worker, paying
the setup again.

The worker runs in the repository root (or in a materialised tree of the revision under test).
Its environment is provider.env; DEADBOLT_CASE_ID is not set (one process answers many cases):
the case is request["case"]["id"]. On end of input (deadbolt is done, or was stopped), it exits.
"""

import json
import sys
import time
import traceback

MODEL = "prompt-echo"


def setup():
    """Runs once per worker, before the first request: load the model or build the client here."""
    return None


def answer(request, state):
    """The answer to one case, as text. Edit this: call your model here.

    This stand-in answers with the text of the prompt files the case depends on, so editing a
    prompt changes the answer. A real one would send the prompt and request["case"]["input"] to a
    model, for example:

        reply = state.chat.completions.create(model=..., messages=[
            {"role": "system", "content": system_prompt},
            {"role": "user", "content": request["case"]["input"]["question"]},
        ])
        return reply.choices[0].message.content
    """
    texts = []
    for path in sorted(request.get("prompts") or {}):
        with open(path, encoding="utf-8") as handle:
            texts.append(handle.read())
    return "\n".join(texts)


def main():
    state = setup()
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        reply = {"id": request.get("id")}
        started = time.monotonic()
        try:
            reply["output"] = answer(request, state)
            reply["model"] = MODEL
            reply["latency_ms"] = round((time.monotonic() - started) * 1000)
        except Exception as error:  # one bad case must not end the worker
            case = (request.get("case") or {}).get("id")
            print(f"jsonl_worker: case {case}:\n{traceback.format_exc()}", file=sys.stderr, flush=True)
            reply["error"] = f"{type(error).__name__}: {error}"
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
