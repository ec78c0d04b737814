"""An OTLP/HTTP (+ Langfuse + LangSmith) receiver on 127.0.0.1 (stdlib http.server).

OTLP paths: /v1/traces, /v1/logs, /v1/metrics and Langfuse's
/api/public/otel/v1/traces (and .../v1/logs).  Protobuf bodies
(application/x-protobuf, optionally gzip/deflate Content-Encoding) are decoded
with the opentelemetry-proto classes and converted to OTLP JSON as the OTLP
spec defines it (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding):

  * lowerCamelCase keys (protobuf JSON mapping),
  * traceId / spanId / parentSpanId as lowercase hex, not base64,
  * enums as integers (kind, status.code, severityNumber),
  * int64 / fixed64 as decimal strings (protobuf JSON mapping does that),
  * fields at their default value left out.

JSON bodies (application/json) are kept as sent.

LangSmith: GET /info is answered with a LangSmithInfo document (multipart on,
zstd compression off); POST /runs/multipart, /runs/batch, /runs, PATCH /runs/<id>
are recorded raw (body + headers).  ``reassemble_langsmith_multipart`` turns a
multipart body back into the {"post": [...], "patch": [...]} JSON that the SDK
posts to /runs/batch when multipart is off.

Anything else is answered 200 ``{}`` and logged, so SDKs never crash on it.
"""

from __future__ import annotations

import base64
import gzip
import json
import sys
import threading
import time
import zlib
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OTLP_TRACE_PATHS = ("/v1/traces", "/api/public/otel/v1/traces")
OTLP_LOG_PATHS = ("/v1/logs", "/api/public/otel/v1/logs")
OTLP_METRIC_PATHS = ("/v1/metrics", "/api/public/otel/v1/metrics")

_HEX_ID_KEYS = {"traceId", "spanId", "parentSpanId"}

LANGSMITH_INFO = {
    "version": "0.10.0",
    "license_expiration_time": None,
    "batch_ingest_config": {
        "use_multipart_endpoint": True,
        "scale_up_qsize_trigger": 1000,
        "scale_up_nthreads_limit": 16,
        "scale_down_nempty_trigger": 4,
        "size_limit": 100,
        "size_limit_bytes": 20971520,
    },
    "instance_flags": {
        "zstd_compression_enabled": False,
        "dataset_examples_multipart_enabled": True,
        "examples_multipart_enabled": True,
    },
}


def _ids_to_hex(obj):
    """Recursively turn base64 traceId/spanId/parentSpanId into lowercase hex."""
    if isinstance(obj, dict):
        out = {}
        for k, v in obj.items():
            if k in _HEX_ID_KEYS and isinstance(v, str):
                out[k] = base64.b64decode(v).hex()
            else:
                out[k] = _ids_to_hex(v)
        return out
    if isinstance(obj, list):
        return [_ids_to_hex(v) for v in obj]
    return obj


def otlp_protobuf_to_json(kind: str, body: bytes) -> dict:
    from google.protobuf import json_format

    if kind == "traces":
        from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest as Req
    elif kind == "logs":
        from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest as Req
    else:
        from opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import ExportMetricsServiceRequest as Req
    msg = Req()
    msg.ParseFromString(body)
    d = json_format.MessageToDict(
        msg,
        preserving_proto_field_name=False,  # lowerCamelCase
        use_integers_for_enums=True,
    )
    return _ids_to_hex(d)


def _decode_body(raw: bytes, encoding: str) -> bytes:
    encoding = (encoding or "").strip().lower()
    if encoding == "gzip":
        return gzip.decompress(raw)
    if encoding == "deflate":
        return zlib.decompress(raw)
    if encoding == "zstd":
        import zstandard  # only present where the langsmith SDK pulled it in

        return zstandard.ZstdDecompressor().decompressobj().decompress(raw)
    return raw


class Receiver:
    def __init__(self, log=None):
        self.records = []  # dicts: method, path, headers, raw, body, kind, json
        self._lock = threading.Lock()
        self._httpd = None
        self._log = log or (lambda msg: print(msg, file=sys.stderr, flush=True))

    # -- queries -----------------------------------------------------------
    def of_kind(self, kind):
        with self._lock:
            return [r for r in self.records if r["kind"] == kind]

    def wait_for(self, kind, count=1, timeout=30.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            got = self.of_kind(kind)
            if len(got) >= count:
                return got
            time.sleep(0.05)
        return self.of_kind(kind)

    def clear(self):
        with self._lock:
            self.records.clear()

    # -- server ------------------------------------------------------------
    def start(self) -> int:
        rcv = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _send(self, code, obj, content_type="application/json"):
                data = obj if isinstance(obj, bytes) else json.dumps(obj).encode()
                self.send_response(code)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _read(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                return raw, _decode_body(raw, self.headers.get("Content-Encoding", ""))

            def _record(self, kind, raw, body, js=None):
                rec = {
                    "method": self.command,
                    "path": self.path,
                    "headers": {k: v for k, v in self.headers.items()},
                    "raw": raw,
                    "body": body,
                    "kind": kind,
                    "json": js,
                    "time": time.time(),
                }
                with rcv._lock:
                    rcv.records.append(rec)
                rcv._log(f"[receiver] {self.command} {self.path} kind={kind} "
                         f"content-type={self.headers.get('Content-Type')} "
                         f"encoding={self.headers.get('Content-Encoding')} bytes={len(raw)}")

            def _otlp(self, kind):
                raw, body = self._read()
                ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip()
                if ctype == "application/json":
                    js = json.loads(body or b"{}")
                    self._record(kind, raw, body, js)
                    self._send(200, {})
                    return
                js = otlp_protobuf_to_json(kind, body)
                self._record(kind, raw, body, js)
                # Empty Export*ServiceResponse, protobuf-encoded.
                self._send(200, b"", content_type="application/x-protobuf")

            def do_POST(self):
                path = self.path.split("?", 1)[0]
                try:
                    if path in OTLP_TRACE_PATHS:
                        return self._otlp("traces")
                    if path in OTLP_LOG_PATHS:
                        return self._otlp("logs")
                    if path in OTLP_METRIC_PATHS:
                        return self._otlp("metrics")
                    raw, body = self._read()
                    if path.startswith("/runs") or path.startswith("/api/v1/runs"):
                        self._record("langsmith", raw, body)
                        self._send(202 if path.endswith("multipart") else 200, {})
                        return
                    self._record("other", raw, body)
                    self._send(200, {})
                except Exception as exc:  # never crash the client under test
                    rcv._log(f"[receiver] error on {self.command} {self.path}: {exc!r}")
                    self._send(500, {"error": repr(exc)})

            def do_PATCH(self):
                raw, body = self._read()
                self._record("langsmith" if "/runs" in self.path else "other", raw, body)
                self._send(200, {})

            do_PUT = do_PATCH

            def do_GET(self):
                path = self.path.split("?", 1)[0]
                self._record("get", b"", b"")
                if path in ("/info", "/api/v1/info"):
                    self._send(200, LANGSMITH_INFO)
                else:
                    self._send(200, {})

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def stop(self):
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None


# -- LangSmith multipart ------------------------------------------------------

def parse_multipart(body: bytes, content_type: str):
    """Return [(name, part_headers, payload_bytes)] of a multipart/form-data body."""
    msg = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\nMIME-Version: 1.0\r\n\r\n" + body)
    parts = []
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        parts.append((name, {k: str(v) for k, v in part.items()}, payload))
    return parts


def reassemble_langsmith_multipart(body: bytes, content_type: str) -> dict:
    """Merge post.<id>, post.<id>.inputs, post.<id>.outputs, ... back into runs.

    Returns {"post": [run, ...], "patch": [run, ...]} — the shape the SDK
    sends to /runs/batch when multipart is off.  Attachment parts
    (attachment.<id>.<name>) are listed under the run's "attachments" as
    {name: {"content_type": ..., "size": n}}.
    """
    runs = {"post": {}, "patch": {}}
    order = {"post": [], "patch": []}
    for name, headers, payload in parse_multipart(body, content_type):
        if name is None:
            continue
        bits = name.split(".")
        op = bits[0]
        if op in ("post", "patch") and len(bits) >= 2:
            run_id = bits[1]
            run = runs[op].get(run_id)
            if run is None:
                run = runs[op][run_id] = {}
                order[op].append(run_id)
            if len(bits) == 2:
                run.update(json.loads(payload))
            else:
                field = ".".join(bits[2:])
                run[field] = json.loads(payload)
        elif op == "attachment" and len(bits) >= 3:
            run_id = bits[1]
            for o in ("post", "patch"):
                if run_id in runs[o]:
                    runs[o][run_id].setdefault("attachments", {})[".".join(bits[2:])] = {
                        "content_type": headers.get("Content-Type"), "size": len(payload)}
                    break
    return {op: [runs[op][i] for i in order[op]] for op in ("post", "patch")}


if __name__ == "__main__":
    r = Receiver()
    port = r.start()
    print(f"receiver on http://127.0.0.1:{port} (Ctrl-C to stop)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        r.stop()
