#!/usr/bin/env python3
"""A chat-completions server for bench/http_provider.sh: every POST .../chat/completions is
answered after --delay seconds with the last user message as the content, a fixed snapshot model
and usage. Stdlib only: one asyncio event loop with a minimal HTTP/1.1 keep-alive reader, so that
32 requests asleep at once cost nothing and the server is not what a benchmark measures (a
thread per connection, as http.server does, fought over the GIL and halved the throughput).

    python3 bench/openai_server.py [--delay 0.05] [--port 0]

Prints the port on the first line of stdout, then serves until killed. `GET /stats` says how many
requests were answered and the most held at once; `GET /stats?reset` also starts both again.
"""

import argparse
import asyncio
import json

stats = {"served": 0, "peak_concurrency": 0}
busy = 0


def response(status, payload):
    head = (f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(payload)}\r\n\r\n")
    return head.encode() + payload


async def serve(reader, writer, delay):
    global busy
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, path = lines[0].split(" ")[:2]
            length = 0
            for line in lines[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            body = await reader.readexactly(length) if length else b""
            if method == "GET":
                payload = json.dumps(stats).encode()
                if "reset" in path:
                    stats.update(served=0, peak_concurrency=0)
                writer.write(response("200 OK", payload))
                await writer.drain()
                continue
            busy += 1
            stats["peak_concurrency"] = max(stats["peak_concurrency"], busy)
            await asyncio.sleep(delay)
            messages = json.loads(body).get("messages") or [{}]
            payload = json.dumps({
                "id": "chatcmpl-bench", "object": "chat.completion", "model": "bench-model-2025-01-01",
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": messages[-1].get("content", "")}}],
                "usage": {"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15},
            }).encode()
            busy -= 1
            stats["served"] += 1
            writer.write(response("200 OK", payload))
            await writer.drain()
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--delay", type=float, default=0.05)
    p.add_argument("--port", type=int, default=0)
    args = p.parse_args()
    server = await asyncio.start_server(
        lambda r, w: serve(r, w, args.delay), "127.0.0.1", args.port, backlog=256)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
