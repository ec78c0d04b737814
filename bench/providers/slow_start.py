#!/usr/bin/env python3
"""A provider that takes 300 ms to start (a client or model being loaded), then answers at once.

    python3 bench/providers/slow_start.py          # protocol: once: one request on stdin, echoed
    python3 bench/providers/slow_start.py --jsonl  # protocol: jsonl: one answer line per request

Either way the output is the request itself, so `contains {{input.q}}` passes, as with `cat`.
"""
import json
import sys
import time

time.sleep(0.3)

if "--jsonl" in sys.argv:
    for line in sys.stdin:
        request = json.loads(line)
        sys.stdout.write(json.dumps({"id": request["id"], "output": line}) + "\n")
        sys.stdout.flush()
else:
    sys.stdout.write(sys.stdin.read())
