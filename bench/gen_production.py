#!/usr/bin/env python3
"""Production trace summaries for the coverage benchmark and demo: one row per trace, as a warehouse
exports them, written as CSV and as JSON Lines with the same rows.

    python3 bench/gen_production.py OUT_PREFIX [--rows N] [--days D] [--seed S]

writes OUT_PREFIX.csv and OUT_PREFIX.jsonl. The rows follow the worked example: refund-v4 replaced
refund-v3 halfway through the period, and on v4 enterprise refund traffic goes bad far more often,
its complaints about contract terms and cut-off tool output (`comment`, without commas).
"""
import argparse
import json
import random
import time

FEATURES = ["refunds", "shipping", "billing", "account", "search"]
INTENTS = {
    "refunds": ["refund_request", "refund_status", "policy_question"],
    "shipping": ["delivery_time", "tracking"],
    "billing": ["invoice", "payment_failed"],
    "account": ["login", "delete_account"],
    "search": ["product_question", "other"],
}
TIERS = ["free", "pro", "team", "enterprise"]
COLUMNS = ["trace_id", "time", "feature", "intent", "plan_tier", "prompt_version", "model", "outcome",
           "latency_ms", "comment"]
# What people write when they complain, by feature; enterprise refunds on refund-v4 have their own.
COMMENTS = {
    "refunds": ["quoted the wrong refund amount", "said no refund although the policy allows one"],
    "shipping": ["tracking link pointed at another order", "promised delivery date was wrong"],
    "billing": ["invoice total did not match my plan", "could not explain the failed payment"],
    "account": ["login help sent me in circles", "delete account steps are outdated"],
    "search": ["recommended a product that is discontinued", "search answer was off topic"],
}
ENTERPRISE_V4 = ["ignored our enterprise contract terms for the annual refund",
                 "answer cut off after the invoice lookup tool returned"]
AROUND = ["", "", "again ", "twice now: ", "please fix: "]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("prefix")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--now", type=int, default=int(time.time()))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    start = args.now - args.days * 86_400
    switch = start + args.days * 86_400 // 2
    with open(args.prefix + ".csv", "w") as csv_file, open(args.prefix + ".jsonl", "w") as jsonl_file:
        csv_file.write(",".join(COLUMNS) + "\n")
        for n in range(args.rows):
            at = start + (n * args.days * 86_400) // args.rows
            feature = rng.choice(FEATURES)
            tier = rng.choices(TIERS, weights=[35, 25, 15, 25])[0]
            version = ("refund-v4" if at >= switch else "refund-v3") if feature == "refunds" else feature + "-v2"
            bad_rate = 0.04
            if feature == "refunds" and tier == "enterprise" and version == "refund-v4":
                bad_rate = 0.22
            roll = rng.random()
            outcome = "ok"
            comment = ""
            if roll < bad_rate:
                outcome = rng.choice(["complaint", "thumbs_down", "bad", "error"])
                if outcome in ("complaint", "thumbs_down"):
                    said = ENTERPRISE_V4 if bad_rate > 0.1 else COMMENTS[feature]
                    comment = rng.choice(AROUND) + rng.choice(said)
            row = {
                "trace_id": "%032x" % rng.getrandbits(128), "time": str(at), "feature": feature,
                "intent": rng.choice(INTENTS[feature]), "plan_tier": tier, "prompt_version": version,
                "model": "gpt-4o-mini-2024-07-18", "outcome": outcome, "latency_ms": str(rng.randint(200, 9000)),
                "comment": comment,
            }
            csv_file.write(",".join(row[c] for c in COLUMNS) + "\n")
            jsonl_file.write(json.dumps(row, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
