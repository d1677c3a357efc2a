"""Tells run.sh whether the pipeline has drained, and prints its final line.

    python report.py --stats FILE --placed N --fjord PATH           # progress; exit 0 once drained
    python report.py --stats FILE --placed N --fjord PATH --final   # the final line; exit 0 if nothing was lost

Drained means: every placed order has been paid, reserved and shipped (as counted by
analytics-service), and no group has lag left on any partition.
"""

import argparse
import json
import os
import subprocess
import sys

GROUPS = ["payment-service-group", "inventory-service-group", "shipping-service-group", "analytics-service-group"]

parser = argparse.ArgumentParser()
parser.add_argument("--stats", required=True)
parser.add_argument("--placed", type=int, required=True)
parser.add_argument("--fjord", required=True)
parser.add_argument("--final", action="store_true")
args = parser.parse_args()


def read_stats() -> dict:
    try:
        with open(args.stats) as f:
            return json.load(f)
    except FileNotFoundError:
        return {"paid": 0, "reserved": 0, "shipped": 0, "complete": 0, "duplicated": 0}


def group_lag(group: str) -> int | None:
    """Lag summed over the group's partitions; None while it cannot be told (no commit yet, rebalancing)."""
    out = subprocess.run(
        [args.fjord, "groups", "describe", group, "--format", "json",
         "--bootstrap-server", os.environ.get("BOOTSTRAP", "127.0.0.1:9092")],
        capture_output=True, text=True)
    if out.returncode != 0:
        return None
    rows = json.loads(out.stdout)
    if not rows or any(row["lag"] is None and row["log_end_offset"] > 0 for row in rows):
        return None
    return sum(row["lag"] or 0 for row in rows)


stats = read_stats()
n = args.placed
if args.final:
    lost = n - stats["complete"]
    print(f"orders: {n} placed, {stats['paid']} paid, {stats['reserved']} reserved, {stats['shipped']} shipped, "
          f"lost {lost}, duplicated {stats['duplicated']}")
    sys.exit(0 if lost == 0 else 1)

lags = {group: group_lag(group) for group in GROUPS}
print(f"progress: {stats['paid']}/{n} paid, {stats['reserved']}/{n} reserved, {stats['shipped']}/{n} shipped; lag "
      + ", ".join(f"{g.removesuffix('-group')} {'?' if lag is None else lag}" for g, lag in lags.items()))
drained = stats["complete"] >= n and all(lag == 0 for lag in lags.values())
sys.exit(0 if drained else 1)
