#!/usr/bin/env python3
"""A deterministic stand-in for a model, speaking deadbolt's provider protocol.

deadbolt runs it in the repository root (or in a materialised tree of another
revision) and writes one JSON object to its standard input:

    {"case": {"id": "...", "input": {...}, "tags": {...}}, "dataset": "...",
     "prompts": {"prompts/refund.md": "<blob id>"}, "revision": "<commit id>"}

It answers on standard output with {"output": ..., "model": ..., "latency_ms": ...}.

The answers are built from the prompt files as they are on disk, with
`{{> path}}` includes expanded, so editing a prompt really changes the answers.
Like a careless model, it repeats card numbers and email addresses it was given;
the PII guardrail (guardrails/pii.yaml) then redacts them from every answer.
Standard library only.
"""

import json
import os
import re
import sys

MODEL = "demo-model-1"
LATENCY_MS = 42
REFUND_PROMPT = "prompts/refund.md"
SHIPPING_PROMPT = "prompts/shipping.md"
PII_GUARDRAIL = "guardrails/pii.yaml"
INCLUDE = re.compile(r"\{\{>\s*([^}\s]+)\s*\}\}")


class ProviderError(Exception):
    pass


def read_text(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError as error:
        raise ProviderError(f"cannot read {path} in {os.getcwd()}: {error.strerror}")


def load_prompt(path, seen=()):
    """The prompt's text with every {{> path}} include expanded (paths from the repository root)."""
    if path in seen:
        raise ProviderError(f"include cycle: {' -> '.join(seen + (path,))}")
    text = read_text(path)
    return INCLUDE.sub(lambda match: load_prompt(match.group(1), seen + (path,)), text)


def bullets(text):
    """The '- ...' lines of a prompt, without the dash."""
    return [line.strip()[2:].strip() for line in text.splitlines() if line.strip().startswith("- ")]


# --- refunds ---------------------------------------------------------------------------------------

def sign_off(prompt):
    match = re.search(r"sign off with ['\"\u2018\u201c]([^'\"\u2019\u201d]+)['\"\u2019\u201d]", prompt, re.I)
    return match.group(1) if match else None


def plan_of(question, plan):
    words = f"{question} {plan}".lower()
    if "annual" in words or "yearly" in words:
        return "annual"
    if "monthly" in words:
        return "monthly"
    return None


def days_since_charge(question):
    match = re.search(r"\b(\d+)\s+days?\b", question, re.I)
    return int(match.group(1)) if match else None


def applies(rule, days):
    """Whether a policy line applies after `days` days (lines without a day limit always do)."""
    if days is None:
        return True
    within = re.search(r"within (\d+) days", rule, re.I)
    after = re.search(r"after (\d+) days", rule, re.I)
    if within:
        return days <= int(within.group(1))
    if after:
        return days > int(after.group(1))
    return True


def refund_answer(question, plan):
    prompt = load_prompt(REFUND_PROMPT)
    rules = bullets(prompt)
    lowered = question.lower()
    sentences = []

    if "polite" in prompt.lower():
        sentences.append("Thanks for reaching out.")

    asks_for_date = any(word in lowered for word in ("guarantee", "promise", "by friday", "by monday", "exact date"))
    which = plan_of(question, plan)
    if asks_for_date:
        timing = [rule for rule in rules if "business days" in rule.lower()]
        if re.search(r"never promise a date", prompt, re.I):
            sentences.append("I can't promise a specific date.")
            sentences.extend(timing or ["Refunds take a few business days."])
        else:
            sentences.append("Yes, I guarantee your refund will be back by then.")
    elif which:
        days = days_since_charge(question)
        matching = [rule for rule in rules if which in rule.lower() and applies(rule, days)]
        if matching:
            sentences.extend(matching)
        else:
            sentences.append(f"{which.capitalize()} plans are not refundable.")
    else:
        policy = [rule for rule in rules if "plans" in rule.lower() or "refund" in rule.lower()]
        sentences.append("Here is our refund policy:")
        sentences.extend(policy)

    # A careless model repeats the personal details it was given.
    shared = re.findall(r"(?:\d[ -]?){11,}\d|[^\s,;:()<>]+@[^\s,;:()<>]+[A-Za-z]", question)
    if shared:
        sentences.append("I have noted the details you shared: " + ", ".join(shared) + ".")

    closing = sign_off(prompt)
    if closing:
        sentences.append(closing)
    return " ".join(sentences)


# --- shipping --------------------------------------------------------------------------------------

def shipping_answer(question):
    prompt = load_prompt(SHIPPING_PROMPT)
    regions = []  # (name, aliases, time)
    for rule in bullets(prompt):
        match = re.match(r"(?P<name>[^(:]+?)\s*(?:\((?P<aliases>[^)]*)\))?\s*:\s*(?P<time>.+)$", rule)
        if match:
            aliases = [alias.strip() for alias in (match.group("aliases") or "").split(",") if alias.strip()]
            regions.append((match.group("name").strip(), aliases, match.group("time").strip()))
    if not regions:
        return "I don't have delivery times for any region."

    for name, aliases, time in regions:
        for word in [name] + aliases:
            if re.search(r"\b" + re.escape(word) + r"\b", question, re.I):
                return f"Orders to {word} arrive in {time} after dispatch."
    rest = [time for name, _, time in regions if "rest of the world" in name.lower()]
    if rest:
        return f"Orders to your destination arrive in {rest[0]} after dispatch."
    return "I don't have a delivery time for that destination."


# --- the guardrail ---------------------------------------------------------------------------------

def yaml_scalar(raw):
    raw = raw.strip()
    if raw.startswith("'"):
        return raw[1:raw.rindex("'")].replace("''", "'")
    if raw.startswith('"'):
        return json.loads(raw[: raw.rindex('"') + 1])
    return raw.split(" #")[0].strip()


def redact(answer):
    """Applies every `pattern:` of the PII guardrail (a deliberately tiny YAML reader)."""
    if not os.path.exists(PII_GUARDRAIL):
        return answer
    replacement = "[REDACTED]"
    for line in read_text(PII_GUARDRAIL).splitlines():
        key = re.match(r"\s*(?:-\s+)?(pattern|replacement):\s*(.+)$", line)
        if not key:
            continue
        value = yaml_scalar(key.group(2))
        if key.group(1) == "replacement":
            replacement = value
        else:
            try:
                answer = re.sub(value, replacement, answer)
            except re.error as error:
                raise ProviderError(f"{PII_GUARDRAIL}: bad pattern {value!r}: {error}")
    return answer


# --- the protocol ----------------------------------------------------------------------------------

def route(request, question):
    named = [path for path in (REFUND_PROMPT, SHIPPING_PROMPT) if path in (request.get("prompts") or {})]
    if len(named) == 1:
        return named[0]
    if re.search(r"\b(ship|shipping|shipped|deliver|delivery|delivered)\b", question, re.I):
        return SHIPPING_PROMPT
    return REFUND_PROMPT


def main():
    try:
        request = json.load(sys.stdin)
    except json.JSONDecodeError as error:
        print(f"provider: standard input is not one JSON object: {error}", file=sys.stderr)
        return 2
    case = request.get("case") or {}
    fields = case.get("input") or {}
    if not isinstance(fields, dict):
        fields = {"question": str(fields)}
    question = str(fields.get("question", ""))
    plan = str(fields.get("plan", ""))

    try:
        if route(request, question) == SHIPPING_PROMPT:
            answer = shipping_answer(question)
        else:
            answer = refund_answer(question, plan)
        answer = redact(answer)
    except ProviderError as error:
        print(f"provider: {error}", file=sys.stderr)
        return 1

    json.dump({"output": answer, "model": MODEL, "latency_ms": LATENCY_MS}, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
