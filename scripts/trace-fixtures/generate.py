"""Produce deadbolt capture fixtures from the real instrumentation libraries.

Usage: python generate.py SCENARIO OUTDIR

Each scenario runs in its own process (the instrumentations read their
environment variables and patch `openai` once), inside the venv that holds
the library it exercises — see generate.sh.  Every scenario starts the fake
OpenAI server and the receiver, configures the library to export to the
receiver, calls the real `openai` client pointed at the fake server, flushes,
and writes what the receiver got.
"""

from __future__ import annotations

import json
import os
import sys
import time
from contextlib import contextmanager

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from fake_openai import FakeOpenAI  # noqa: E402
from otlp_receiver import Receiver, reassemble_langsmith_multipart  # noqa: E402

SYSTEM_PROMPT = "You are the support assistant for Acme. Answer refund questions from the policy."
USER_QUESTION = "Can I get a refund on my annual plan after 45 days?"
WRONG_ANSWER = "Yes, annual plans can be refunded at any time."
MODEL = "gpt-4o-mini"

APP_ATTRIBUTES = {
    "app.feature": "refunds",
    "app.intent": "refund_request",
    "app.customer_tier": "enterprise",
    "user.id": "u_8812",
    "session.id": "s_77",
}
APP_METADATA = {"feature": "refunds", "intent": "refund_request", "customer_tier": "enterprise"}
TAGS = ["refunds"]

MESSAGES = [
    {"role": "system", "content": SYSTEM_PROMPT},
    {"role": "user", "content": USER_QUESTION},
]

POLICY_TEXT = ("Annual plans: full refund within 30 days of purchase. After 30 days, "
               "no refund; the plan can be cancelled to stop renewal.")


# -- helpers -----------------------------------------------------------------

def log(msg):
    print(f"[generate] {msg}", file=sys.stderr, flush=True)


def write_json(outdir, name, obj):
    path = os.path.join(outdir, name)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2, ensure_ascii=False)
        f.write("\n")
    log(f"wrote {path}")


def single(records, what):
    if len(records) != 1:
        raise SystemExit(f"expected exactly one {what} request, got {len(records)}")
    return records[0]["json"]


def openai_client(fake):
    import openai

    return openai.OpenAI(base_url=fake.base_url, api_key="sk-fake-deadbolt-fixtures", max_retries=0)


def otel_setup(receiver, path_prefix="", with_logs=True):
    """Global TracerProvider (+ LoggerProvider) exporting OTLP/HTTP protobuf to the receiver.

    Batch processors with a huge delay and batch size, so that the single
    force_flush at the end sends everything in one request per signal.
    """
    from opentelemetry import trace
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor

    resource = Resource.create({
        "service.name": "support-api",
        "service.version": "1.4.2",
        "deployment.environment.name": "production",
    })
    tp = TracerProvider(resource=resource)
    tp.add_span_processor(BatchSpanProcessor(
        OTLPSpanExporter(endpoint=receiver.url + path_prefix + "/v1/traces"),
        max_queue_size=8192, max_export_batch_size=8192, schedule_delay_millis=600_000))
    trace.set_tracer_provider(tp)
    lp = None
    if with_logs:
        from opentelemetry._logs import set_logger_provider
        from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter
        from opentelemetry.sdk._logs import LoggerProvider
        from opentelemetry.sdk._logs.export import BatchLogRecordProcessor

        lp = LoggerProvider(resource=resource)
        lp.add_log_record_processor(BatchLogRecordProcessor(
            OTLPLogExporter(endpoint=receiver.url + path_prefix + "/v1/logs"),
            max_queue_size=8192, max_export_batch_size=8192, schedule_delay_millis=600_000))
        set_logger_provider(lp)
    return tp, lp


def otel_flush(tp, lp):
    if lp is not None:
        lp.force_flush()
    tp.force_flush()
    if lp is not None:
        lp.shutdown()
    tp.shutdown()


def app_tracer():
    from opentelemetry import trace

    return trace.get_tracer("support-api", "1.4.2")


@contextmanager
def server_span(route="/v1/support/chat"):
    from opentelemetry.trace import SpanKind

    attrs = {
        "http.request.method": "POST",
        "http.route": route,
        "url.path": route,
        "url.scheme": "https",
        "server.address": "support.acme.example",
        "user_agent.original": "acme-web/7.3.0",
        **APP_ATTRIBUTES,
    }
    with app_tracer().start_as_current_span(f"POST {route}", kind=SpanKind.SERVER, attributes=attrs) as span:
        yield span
        span.set_attribute("http.response.status_code", 200)


def start_servers(**fake_kwargs):
    fake = FakeOpenAI(**fake_kwargs)
    fake.start()
    receiver = Receiver()
    receiver.start()
    return fake, receiver


def ask(client, messages=MESSAGES, **kw):
    resp = client.chat.completions.create(model=MODEL, messages=messages, **kw)
    log(f"openai answered model={resp.model} id={resp.id} finish={resp.choices[0].finish_reason}")
    return resp


def instrument_openai_v2(tp, lp):
    from opentelemetry.instrumentation.openai_v2 import OpenAIInstrumentor

    OpenAIInstrumentor().instrument(tracer_provider=tp, logger_provider=lp)


def set_env(**env):
    for k, v in env.items():
        os.environ[k] = v
        log(f"env {k}={v}")


# -- opentelemetry-instrumentation-openai-v2 -------------------------------------

def _otel_single_call(outdir, traces_name, logs_name=None, require_logs=False):
    fake, receiver = start_servers()
    tp, lp = otel_setup(receiver)
    instrument_openai_v2(tp, lp)
    client = openai_client(fake)
    with server_span():
        ask(client)
    otel_flush(tp, lp)
    write_json(outdir, traces_name, single(receiver.of_kind("traces"), "traces"))
    logs = receiver.of_kind("logs")
    if logs:
        write_json(outdir, logs_name or traces_name.replace(".traces.json", ".logs.json"), single(logs, "logs"))
    elif require_logs:
        raise SystemExit("expected a logs request, got none")
    else:
        log("no logs were exported")


def scenario_span_only(outdir):
    set_env(OTEL_SEMCONV_STABILITY_OPT_IN="gen_ai_latest_experimental",
            OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT="SPAN_ONLY")
    _otel_single_call(outdir, "otel-openai-v2-span-only.json", "otel-openai-v2-span-only.logs.json")


def scenario_event_only(outdir):
    set_env(OTEL_SEMCONV_STABILITY_OPT_IN="gen_ai_latest_experimental",
            OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT="EVENT_ONLY")
    _otel_single_call(outdir, "otel-openai-v2-event-only.traces.json", require_logs=True)


def scenario_default(outdir):
    for k in ("OTEL_SEMCONV_STABILITY_OPT_IN", "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT",
              "OTEL_INSTRUMENTATION_GENAI_EMIT_EVENT"):
        os.environ.pop(k, None)
    _otel_single_call(outdir, "otel-openai-v2-default.traces.json")


def scenario_v23(outdir):
    set_env(OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT="true")
    _otel_single_call(outdir, "otel-openai-v2-2.3.traces.json", require_logs=True)


def scenario_agent(outdir):
    from opentelemetry.trace import SpanKind

    set_env(OTEL_SEMCONV_STABILITY_OPT_IN="gen_ai_latest_experimental",
            OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT="SPAN_ONLY")
    fake, receiver = start_servers()
    tp, lp = otel_setup(receiver)
    instrument_openai_v2(tp, lp)
    client = openai_client(fake)
    agent_tracer = __import__("opentelemetry.trace", fromlist=["get_tracer"]).get_tracer("acme.agents", "0.9.1")
    tools = [{
        "type": "function",
        "function": {
            "name": "lookup_policy",
            "description": "Look up the Acme policy text for a topic.",
            "parameters": {"type": "object", "properties": {"topic": {"type": "string"}}, "required": ["topic"]},
        },
    }]
    call_id = "call_Qm3v1yJ8kT2pX0aLr5sN7dWe"
    with server_span():
        with agent_tracer.start_as_current_span("invoke_agent refund-agent", kind=SpanKind.INTERNAL, attributes={
            "gen_ai.operation.name": "invoke_agent",
            "gen_ai.agent.name": "refund-agent",
            "gen_ai.agent.id": "agt_refund_01",
            "gen_ai.provider.name": "openai",
            "gen_ai.request.model": MODEL,
        }):
            # The agent's planner decided to look the policy up first.
            with agent_tracer.start_as_current_span("execute_tool lookup_policy", kind=SpanKind.INTERNAL, attributes={
                "gen_ai.operation.name": "execute_tool",
                "gen_ai.tool.name": "lookup_policy",
                "gen_ai.tool.type": "function",
                "gen_ai.tool.call.id": call_id,
            }):
                time.sleep(0.01)
            messages = MESSAGES + [
                {"role": "assistant", "content": None, "tool_calls": [{
                    "id": call_id, "type": "function",
                    "function": {"name": "lookup_policy", "arguments": json.dumps({"topic": "annual plan refunds"})}}]},
                {"role": "tool", "tool_call_id": call_id, "content": POLICY_TEXT},
            ]
            ask(client, messages=messages, tools=tools)
    otel_flush(tp, lp)
    write_json(outdir, "otel-agent.json", single(receiver.of_kind("traces"), "traces"))


def scenario_two_calls(outdir):
    set_env(OTEL_SEMCONV_STABILITY_OPT_IN="gen_ai_latest_experimental",
            OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT="SPAN_ONLY")
    classify_system = "Classify the customer's message into one intent: refund_request, billing_question, bug_report, other. Reply with the intent only."
    fake, receiver = start_servers(answers=[("Classify the customer's message", "refund_request")])
    tp, lp = otel_setup(receiver)
    instrument_openai_v2(tp, lp)
    client = openai_client(fake)
    with server_span():
        ask(client, messages=[{"role": "system", "content": classify_system},
                              {"role": "user", "content": USER_QUESTION}], temperature=0)
        ask(client, temperature=0.2, max_tokens=300)
    otel_flush(tp, lp)
    write_json(outdir, "otel-two-calls.json", single(receiver.of_kind("traces"), "traces"))


def scenario_thousand(outdir):
    from opentelemetry.trace import SpanKind

    set_env(OTEL_SEMCONV_STABILITY_OPT_IN="gen_ai_latest_experimental",
            OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT="SPAN_ONLY")
    fake, receiver = start_servers()
    tp, lp = otel_setup(receiver)
    instrument_openai_v2(tp, lp)
    client = openai_client(fake)
    db = __import__("opentelemetry.trace", fromlist=["get_tracer"]).get_tracer(
        "opentelemetry.instrumentation.psycopg", "0.66b2")
    http = __import__("opentelemetry.trace", fromlist=["get_tracer"]).get_tracer(
        "opentelemetry.instrumentation.httpx", "0.66b2")
    tables = ["refund_policies", "subscriptions", "invoices", "customers", "tickets"]

    def child(i):
        if i % 3 == 2:
            with http.start_as_current_span("GET", kind=SpanKind.CLIENT, attributes={
                "http.request.method": "GET",
                "url.full": f"http://billing.internal:8080/v1/subscriptions/sub_{1000 + i}",
                "server.address": "billing.internal", "server.port": 8080,
                "http.response.status_code": 200,
            }):
                pass
        else:
            table = tables[i % len(tables)]
            with db.start_as_current_span(f"SELECT acme.{table}", kind=SpanKind.CLIENT, attributes={
                "db.system.name": "postgresql", "db.namespace": "acme",
                "db.operation.name": "SELECT", "db.collection.name": table,
                "db.query.text": f"SELECT * FROM {table} WHERE customer_id = %s LIMIT %s",
                "server.address": "db.internal", "server.port": 5432,
            }):
                pass

    with server_span():
        for i in range(499):
            child(i)
        ask(client)
        for i in range(499, 998):
            child(i)
    otel_flush(tp, lp)
    doc = single(receiver.of_kind("traces"), "traces")
    n = sum(len(ss.get("spans", [])) for rs in doc["resourceSpans"] for ss in rs.get("scopeSpans", []))
    if n != 1000:
        raise SystemExit(f"expected 1000 spans, got {n}")
    write_json(outdir, "otel-thousand-spans.json", doc)


def scenario_collector(outdir):
    """Collector `file` exporter output: one ExportTraceServiceRequest JSON per line.

    Lines 1 and 2 are the requests of otel-openai-v2-span-only.json and
    otel-two-calls.json (run those first); line 3 is a fresh request of
    another conversation, received here.
    """
    set_env(OTEL_SEMCONV_STABILITY_OPT_IN="gen_ai_latest_experimental",
            OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT="SPAN_ONLY")
    docs = []
    for name in ("otel-openai-v2-span-only.json", "otel-two-calls.json"):
        with open(os.path.join(outdir, name), encoding="utf-8") as f:
            docs.append(json.load(f))
    question = "How do I change the billing email on my account?"
    fake, receiver = start_servers(default_answer="Go to Settings > Billing, choose Edit next to the billing email, and save.")
    tp, lp = otel_setup(receiver)
    instrument_openai_v2(tp, lp)
    client = openai_client(fake)
    with server_span():
        ask(client, messages=[{"role": "system", "content": SYSTEM_PROMPT.replace("refund questions", "account questions")},
                              {"role": "user", "content": question}])
    otel_flush(tp, lp)
    docs.append(single(receiver.of_kind("traces"), "traces"))
    path = os.path.join(outdir, "collector-file-export.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, separators=(",", ":"), ensure_ascii=False) + "\n")
    log(f"wrote {path}")


# -- openinference ------------------------------------------------------------------

def scenario_openinference(outdir):
    from openinference.instrumentation import using_attributes
    from openinference.instrumentation.openai import OpenAIInstrumentor

    fake, receiver = start_servers()
    tp, lp = otel_setup(receiver, with_logs=False)
    OpenAIInstrumentor().instrument(tracer_provider=tp)
    client = openai_client(fake)
    with server_span():
        with using_attributes(session_id="s_77", user_id="u_8812", metadata=APP_METADATA, tags=TAGS):
            ask(client)
    otel_flush(tp, lp)
    write_json(outdir, "openinference-openai.json", single(receiver.of_kind("traces"), "traces"))


# -- langfuse ---------------------------------------------------------------------

def scenario_langfuse(outdir):
    fake, receiver = start_servers()
    set_env(LANGFUSE_PUBLIC_KEY="pk-lf-00000000-fake-fake-fake-000000000000",
            LANGFUSE_SECRET_KEY="sk-lf-00000000-fake-fake-fake-000000000000",
            LANGFUSE_HOST=receiver.url, LANGFUSE_BASE_URL=receiver.url,
            LANGFUSE_FLUSH_AT="512", LANGFUSE_FLUSH_INTERVAL="600",
            LANGFUSE_TRACING_ENVIRONMENT="production")
    # The app's own provider (resource service.name=support-api), no exporter:
    # Langfuse attaches its span processor (OTLP/HTTP to /api/public/otel/v1/traces) to it.
    from opentelemetry import trace
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider

    trace.set_tracer_provider(TracerProvider(resource=Resource.create({
        "service.name": "support-api", "service.version": "1.4.2", "deployment.environment.name": "production"})))

    from langfuse import get_client, propagate_attributes
    from langfuse.openai import OpenAI

    langfuse = get_client()
    client = OpenAI(base_url=fake.base_url, api_key="sk-fake-deadbolt-fixtures", max_retries=0)
    with server_span():
        with langfuse.start_as_current_span(name="answer-refund-question", input={"question": USER_QUESTION}) as span:
            with propagate_attributes(user_id="u_8812", session_id="s_77", tags=TAGS, metadata=APP_METADATA,
                                      trace_name="support-chat"):
                resp = client.chat.completions.create(model=MODEL, messages=MESSAGES, name="refund-answer")
                log(f"openai answered model={resp.model} id={resp.id}")
            span.update(output={"answer": resp.choices[0].message.content})
    langfuse.flush()
    langfuse.shutdown()
    trace.get_tracer_provider().shutdown()
    write_json(outdir, "langfuse-otel.json", single(receiver.of_kind("traces"), "traces"))
    others = [r for r in receiver.records if r["kind"] not in ("traces",)]
    for r in others:
        log(f"langfuse also called {r['method']} {r['path']}")


# -- langsmith --------------------------------------------------------------------

def scenario_langsmith(outdir):
    fake, receiver = start_servers()
    set_env(LANGSMITH_TRACING="true", LANGSMITH_ENDPOINT=receiver.url,
            LANGSMITH_API_KEY="lsv2_pt_00000000000000000000000000000000_fakefakef",
            LANGSMITH_PROJECT="support-api")
    import openai
    from langsmith import traceable
    from langsmith.run_trees import get_cached_client
    from langsmith.wrappers import wrap_openai

    client = wrap_openai(openai.OpenAI(base_url=fake.base_url, api_key="sk-fake-deadbolt-fixtures", max_retries=0))

    @traceable(name="answer_refund_question", run_type="chain", tags=TAGS, metadata=APP_METADATA)
    def answer(question):
        resp = client.chat.completions.create(model=MODEL, messages=[
            {"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": question}])
        log(f"openai answered model={resp.model} id={resp.id}")
        return resp.choices[0].message.content

    answer(USER_QUESTION, langsmith_extra={"metadata": {"user_id": "u_8812", "session_id": "s_77"}})
    # langsmith 0.15 has no wait_for_all_tracers(); Client.flush() blocks until
    # the background thread has sent everything queued.
    get_cached_client().flush()
    time.sleep(0.5)
    runs = receiver.wait_for("langsmith", 1, timeout=10)
    for r in receiver.records:
        log(f"langsmith called {r['method']} {r['path']} content-type={r['headers'].get('Content-Type')}")
    if not runs:
        raise SystemExit("langsmith posted no runs")
    multipart = [r for r in runs if r["path"].split("?")[0].endswith("/runs/multipart")]
    if not multipart or len(multipart) != len(runs):
        raise SystemExit(f"expected only /runs/multipart requests, got {[(r['method'], r['path']) for r in runs]}")
    # The SDK's background thread sends the parent run's post as soon as it
    # starts, then the rest in a later request: keep each request, in order.
    merged = {"post": [], "patch": []}
    for i, rec in enumerate(multipart, 1):
        with open(os.path.join(outdir, f"langsmith-run.multipart.{i}.raw"), "wb") as f:
            f.write(rec["raw"])
        write_json(outdir, f"langsmith-run.multipart.{i}.headers.json", {
            "method": rec["method"], "path": rec["path"],
            **{k: v for k, v in rec["headers"].items()
               if k.lower() in ("content-type", "content-encoding", "content-length", "user-agent",
                                "x-pre-compressed-size", "x-post-compressed-size")},
        })
        part = reassemble_langsmith_multipart(rec["body"], rec["headers"]["Content-Type"])
        merged["post"] += part["post"]
        merged["patch"] += part["patch"]
    write_json(outdir, "langsmith-run.json", merged)


SCENARIOS = {
    "span-only": scenario_span_only,
    "event-only": scenario_event_only,
    "default": scenario_default,
    "v2.3": scenario_v23,
    "agent": scenario_agent,
    "two-calls": scenario_two_calls,
    "thousand": scenario_thousand,
    "collector": scenario_collector,
    "openinference": scenario_openinference,
    "langfuse": scenario_langfuse,
    "langsmith": scenario_langsmith,
}

if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in SCENARIOS:
        raise SystemExit(f"usage: {sys.argv[0]} {{{'|'.join(SCENARIOS)}}} OUTDIR")
    os.makedirs(sys.argv[2], exist_ok=True)
    SCENARIOS[sys.argv[1]](sys.argv[2])
