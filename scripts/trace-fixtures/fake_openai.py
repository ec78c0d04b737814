"""A tiny OpenAI-compatible chat-completions server (stdlib only).

It listens on 127.0.0.1 on a random free port and answers
POST /v1/chat/completions and POST /chat/completions, non-streaming.

Requests ask for the alias (e.g. ``gpt-4o-mini``); the response's ``model``
is a snapshot (``gpt-4o-mini-2024-07-18``), the way the real API answers.

Answer selection:
  * if the request carries ``tools`` and the last message is from the user
    and the server was started with ``tool_calls=True``, the answer is a
    ``tool_calls`` message calling the first tool;
  * otherwise the answer is text: the first ``(key, text)`` of ``answers``
    whose key occurs in the request's messages, else ``default_answer``.

Every request is kept in ``server.requests`` (path + parsed JSON body).
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SNAPSHOTS = {
    "gpt-4o-mini": "gpt-4o-mini-2024-07-18",
    "gpt-4o": "gpt-4o-2024-08-06",
}

DEFAULT_ANSWER = "Yes, annual plans can be refunded at any time."


def _count_tokens(text: str) -> int:
    # Rough stand-in for a tokenizer: ~4 characters per token, at least 1.
    return max(1, (len(text) + 3) // 4)


class FakeOpenAI:
    def __init__(self, default_answer: str = DEFAULT_ANSWER, answers=None,
                 tool_calls: bool = False, tool_arguments=None):
        self.default_answer = default_answer
        self.answers = list(answers or [])
        self.tool_calls = tool_calls
        self.tool_arguments = tool_arguments or {}
        self.requests = []
        self._httpd = None
        self._thread = None

    # -- answer building -------------------------------------------------
    def _answer(self, body: dict) -> dict:
        req_model = body.get("model", "gpt-4o-mini")
        model = SNAPSHOTS.get(req_model, req_model)
        messages = body.get("messages") or []
        prompt_text = json.dumps(messages)
        last = messages[-1] if messages else {}
        last_user = next((m for m in reversed(messages) if m.get("role") == "user"), {})
        user_text = last_user.get("content") if isinstance(last_user.get("content"), str) else ""

        if self.tool_calls and body.get("tools") and last.get("role") == "user":
            fn = body["tools"][0]["function"]["name"]
            args = self.tool_arguments.get(fn, {"query": user_text})
            message = {
                "role": "assistant",
                "content": None,
                "tool_calls": [{
                    "id": "call_" + uuid.uuid4().hex[:24],
                    "type": "function",
                    "function": {"name": fn, "arguments": json.dumps(args)},
                }],
                "refusal": None,
                "annotations": [],
            }
            finish = "tool_calls"
            completion_text = json.dumps(message["tool_calls"])
        else:
            text = self.default_answer
            for key, value in self.answers:
                if key in prompt_text:
                    text = value
                    break
            message = {"role": "assistant", "content": text, "refusal": None, "annotations": []}
            finish = "stop"
            completion_text = text

        prompt_tokens = _count_tokens(prompt_text)
        completion_tokens = _count_tokens(completion_text)
        return {
            "id": "chatcmpl-" + uuid.uuid4().hex[:29],
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [{
                "index": 0,
                "message": message,
                "logprobs": None,
                "finish_reason": finish,
            }],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
                "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                "completion_tokens_details": {
                    "reasoning_tokens": 0, "audio_tokens": 0,
                    "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0,
                },
            },
            "service_tier": "default",
            "system_fingerprint": "fp_0ba0d124f1",
        }

    # -- server ----------------------------------------------------------
    def start(self) -> int:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep stdout clean
                pass

            def _send(self, code, obj, extra_headers=None):
                data = json.dumps(obj).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("x-request-id", "req_" + uuid.uuid4().hex)
                self.send_header("openai-processing-ms", "412")
                for k, v in (extra_headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                path = self.path.split("?", 1)[0]
                try:
                    body = json.loads(raw or b"{}")
                except ValueError:
                    self._send(400, {"error": {"message": "invalid JSON", "type": "invalid_request_error"}})
                    return
                fake.requests.append({"path": path, "body": body})
                if path not in ("/v1/chat/completions", "/chat/completions"):
                    self._send(404, {"error": {"message": f"unknown path {path}", "type": "invalid_request_error"}})
                    return
                if body.get("stream"):
                    self._send(400, {"error": {"message": "streaming is not supported by the fake", "type": "invalid_request_error"}})
                    return
                self._send(200, fake._answer(body))

            def do_GET(self):
                if self.path.split("?", 1)[0] in ("/v1/models", "/models"):
                    self._send(200, {"object": "list", "data": [
                        {"id": k, "object": "model", "created": 1721172741, "owned_by": "system"} for k in SNAPSHOTS]})
                else:
                    self._send(404, {"error": {"message": "not found"}})

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def stop(self):
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None


if __name__ == "__main__":
    srv = FakeOpenAI()
    port = srv.start()
    print(f"fake OpenAI on http://127.0.0.1:{port}/v1 (Ctrl-C to stop)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        srv.stop()
