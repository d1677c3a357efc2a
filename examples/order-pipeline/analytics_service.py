"""analytics-service: reads all four topics and keeps counts.

Its group (analytics-service-group) is separate from the services' groups, so it receives every
record of `orders`, `payments`, `inventory` and `shipping` no matter how the services split the
partitions among themselves: a consumer group per application turns one topic into a broadcast.

    python analytics_service.py [--run-id ID] [--stats FILE]

Counts orders whose id starts with `ID-` (all orders without --run-id) and writes them as JSON to
FILE every second and when stopped; run.sh builds its final line from that file.
"""

import argparse
import json
import os
from collections import Counter

from common import OrderSequence, decode, replica_name, run_service

NAME = replica_name("analytics-service")
STAGES = {"payments": "paid", "inventory": "reserved", "shipping": "shipped"}

parser = argparse.ArgumentParser()
parser.add_argument("--run-id", default="")
parser.add_argument("--stats", help="JSON file to keep up to date with the counts")
args = parser.parse_args()
prefix = f"{args.run_id}-" if args.run_id else ""

sequence = OrderSequence(NAME)
events = Counter()                               # (topic, type) -> records, every run
orders: set[str] = set()                         # this run's orders seen in `orders`
done = {stage: set() for stage in STAGES.values()}  # stage -> this run's orders that reached it
duplicates = Counter()                           # stage -> records beyond the first per order
highest: dict[tuple[str, int], int] = {}         # partition -> highest offset counted


def handle(msg):
    # A record redelivered to analytics itself (after a commit failed) must not be counted twice.
    where = (msg.topic(), msg.partition())
    if msg.offset() <= highest.get(where, -1):
        return []
    highest[where] = msg.offset()

    event = decode(msg)
    events[(msg.topic(), event["type"])] += 1
    if msg.topic() == "orders":
        sequence.check(msg, event)
    order = event["orderId"]
    if not order.startswith(prefix):
        return []
    if msg.topic() == "orders":
        orders.add(order)
    else:
        stage = STAGES[msg.topic()]
        if order in done[stage]:
            duplicates[stage] += 1  # at-least-once: an upstream service processed it twice
        done[stage].add(order)
    return []


def write_stats():
    if not args.stats:
        return
    complete = orders & done["paid"] & done["reserved"] & done["shipped"]
    stats = {
        "run_id": args.run_id,
        "orders": len(orders),
        **{stage: len(ids) for stage, ids in done.items()},
        "complete": len(complete),
        "duplicated": sum(duplicates.values()),
        "duplicates_by_stage": dict(duplicates),
        "ordering_violations": sequence.violations,
        "events": {f"{topic}/{kind}": n for (topic, kind), n in sorted(events.items())},
    }
    tmp = args.stats + ".tmp"
    with open(tmp, "w") as f:
        json.dump(stats, f, indent=1)
    os.replace(tmp, args.stats)  # readers never see a half-written file


if __name__ == "__main__":
    run_service(NAME, "analytics-service-group", ["orders", "payments", "inventory", "shipping"], handle,
                sequence=sequence, every_second=write_stats,
                summary=lambda: f"orders {len(orders)}, " + ", ".join(f"{s} {len(ids)}" for s, ids in done.items()))
