#!/usr/bin/env python3
"""Writes a JSON Lines OTLP trace export of a given size, for bench/stream.sh.

    python3 bench/gen_trace_export.py --size-mb 1024 --out FILE [--complaint-every 1000]
                                      [--spans-per-request 50] [--fixture PATH]

Each trace is a copy of the real one-trace export
Tests/DeadboltCoreTests/Capture/Fixtures/Traces/Real/otel-openai-v2-span-only.json
(opentelemetry-instrumentation-openai-v2: a server span with `app.feature`, and its chat span).
Trace n (from 1) gets:
  - traceId f"{n:032x}" on every span;
  - fresh 16-hex spanIds, with each parentSpanId mapped the same way, so the tree stays whole;
  - the user question in `gen_ai.input.messages` made its own: "... after 45 days? (ticket n)";
  - `app.outcome` on the server span (the span with `app.feature`): "complaint" for every
    --complaint-every-th trace, else "ok".
--spans-per-request traces go into one export request (their resourceSpans entries concatenated),
one compact JSON request a line. Lines are written as they are made; the file stops at the first
line that takes it to --size-mb (MiB). Prints the counts, and with --json-summary the same as JSON.
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(os.path.dirname(HERE), "Tests", "DeadboltCoreTests", "Capture", "Fixtures",
                       "Traces", "Real", "otel-openai-v2-span-only.json")
QUESTION = "Can I get a refund on my annual plan after 45 days?"


def positive(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"needs a positive number, not '{text}'")
    if value <= 0:
        raise argparse.ArgumentTypeError(f"needs a positive number, not '{text}'")
    return value


def template(fixture):
    """The fixture as compact JSON with placeholders, checked to be one trace we can renumber."""
    with open(fixture) as f:
        export = json.load(f)
    spans = [span for rs in export["resourceSpans"] for ss in rs.get("scopeSpans", []) for span in ss["spans"]]
    trace_ids = {span["traceId"] for span in spans}
    if len(trace_ids) != 1:
        sys.exit(f"gen_trace_export.py: {fixture} holds {len(trace_ids)} traces, not one")
    span_ids = {}
    for span in spans:
        span_ids.setdefault(span["spanId"], f"@@SPAN{len(span_ids)}@@")
    questions = servers = 0
    for span in spans:
        span["traceId"] = "@@TRACE@@"
        span["spanId"] = span_ids[span["spanId"]]
        if span.get("parentSpanId"):
            # A parent outside the trace keeps a fresh id of its own too (a dangling parent).
            span_ids.setdefault(span["parentSpanId"], f"@@SPAN{len(span_ids)}@@")
            span["parentSpanId"] = span_ids[span["parentSpanId"]]
        attributes = span.setdefault("attributes", [])
        for attribute in attributes:
            if attribute["key"] == "gen_ai.input.messages":
                messages = json.loads(attribute["value"]["stringValue"])
                for message in messages:
                    for part in message.get("parts", []):
                        if message.get("role") == "user" and part.get("content") == QUESTION:
                            part["content"] = QUESTION + " (ticket @@N@@)"
                            questions += 1
                attribute["value"]["stringValue"] = json.dumps(messages, separators=(",", ":"))
        if any(a["key"] == "app.feature" for a in attributes):
            attributes.append({"key": "app.outcome", "value": {"stringValue": "@@OUTCOME@@"}})
            servers += 1
    if questions != 1 or servers != 1:
        sys.exit(f"gen_trace_export.py: {fixture}: found {questions} user questions and {servers} spans "
                 "with app.feature, expected one of each")
    entries = json.dumps(export["resourceSpans"], separators=(",", ":"))
    assert entries.startswith("[") and entries.endswith("]")
    return entries[1:-1], len(span_ids)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=positive, required=True, help="target size in MiB")
    parser.add_argument("--out", required=True, help="the export to write")
    parser.add_argument("--complaint-every", type=positive, default=1000,
                        help="every N-th trace has app.outcome=complaint (default 1000)")
    parser.add_argument("--spans-per-request", "--traces-per-request", dest="per_request", type=positive,
                        default=50, help="traces in one export request, one request a line (default 50)")
    parser.add_argument("--fixture", default=FIXTURE, help="the one-trace OTLP export to copy")
    parser.add_argument("--json-summary", help="also write the counts here as JSON")
    args = parser.parse_args()

    entries, span_count = template(args.fixture)
    # Split once on the placeholders, so each trace is a join rather than a series of replaces.
    # Even pieces are literal text, odd ones placeholder names.
    pieces = entries.split("@@")
    names = set(pieces[1::2])
    if len(pieces) % 2 != 1 or not names <= {"TRACE", "N", "OUTCOME"} | {f"SPAN{i}" for i in range(span_count)}:
        sys.exit(f"gen_trace_export.py: {args.fixture} has '@@' of its own")

    target = args.size_mb * 1024 * 1024
    traces = complaints = lines = written = 0
    tmp = args.out + ".tmp"
    with open(tmp, "w", buffering=1 << 20) as out:
        while written < target:
            batch = []
            for _ in range(args.per_request):
                traces += 1
                n = traces
                complaint = n % args.complaint_every == 0
                complaints += complaint
                values = {"TRACE": f"{n:032x}", "N": str(n), "OUTCOME": "complaint" if complaint else "ok"}
                # Span i of trace n: 12 hex digits of n, 4 of i; unique across the file.
                for i in range(span_count):
                    values[f"SPAN{i}"] = f"{n:012x}{i:04x}"
                filled = pieces[:]
                filled[1::2] = [values[name] for name in pieces[1::2]]
                batch.append("".join(filled))
            line = '{"resourceSpans":[' + ",".join(batch) + "]}\n"
            out.write(line)
            lines += 1
            written += len(line)  # ASCII only: characters are bytes
    os.replace(tmp, args.out)
    size = os.path.getsize(args.out)
    summary = {"traces": traces, "complaints": complaints, "lines": lines, "bytes": size,
               "per_request": args.per_request, "complaint_every": args.complaint_every}
    print(f"{traces} traces, {complaints} complaint traces, {lines} lines, {size} bytes -> {args.out}")
    if args.json_summary:
        with open(args.json_summary, "w") as f:
            json.dump(summary, f)
            f.write("\n")


if __name__ == "__main__":
    main()
