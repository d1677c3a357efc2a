#!/usr/bin/env python3
"""Fetch by sendfile, by copy, or by size (`fjord serve --fetch-transfer auto|sendfile|copy`): the same stored log read back by
librdkafka (confluent-kafka) and by `fjord bench consume`, against a broker started in each mode,
alternating, with the broker's CPU time from /proc.

    swift build -c release
    .venv/bin/python scripts/bench_fetch_transfer.py --fjord-bin .build/release/fjord --rounds 3

The log (2,000,000 x 100 B in topic `t`, 8,000 x 64 KiB in topic `big`, 6 partitions each) is
written once into --data-dir (kept between runs; delete it to start over). Brokers run with
`--flush never` so the write phase is quick; the read side does not depend on it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_librdkafka as lib  # noqa: E402

SMALL, LARGE = 2_000_000, 8_000


def start(binary: str, data_dir: str, mode: str) -> lib.FjordBroker:
    return lib.FjordBroker(binary, ["--flush", "never", "--fetch-transfer", mode], data_dir=data_dir)


def cpu_seconds(pid: int) -> float:
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def write_log(binary: str, data_dir: str) -> None:
    broker = start(binary, data_dir, "sendfile")
    bootstrap = broker.bootstrap
    try:
        lib.create_topic(bootstrap, "t", 6)
        lib.create_topic(bootstrap, "big", 6)
        conf = {"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5, "batch.size": 1_000_000}
        lib.produce_bulk(conf, "t", SMALL, 100)
        lib.produce_bulk({**conf, "message.max.bytes": 2_000_000}, "big", LARGE, 65536)
    finally:
        broker.stop()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fjord-bin", default=".build/release/fjord")
    ap.add_argument("--data-dir", default="/tmp/fjord-fetch-transfer")
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    if not Path(args.data_dir).exists():
        write_log(args.fjord_bin, args.data_dir)
    for _ in range(args.rounds):
        for mode in ("auto", "sendfile", "copy"):
            broker = start(args.fjord_bin, args.data_dir, mode)
            bootstrap = broker.bootstrap
            try:
                c0 = cpu_seconds(broker.pid)
                s_small, n_small = lib.consume_all({"bootstrap.servers": bootstrap}, "t", 6, SMALL)
                c1 = cpu_seconds(broker.pid)
                s_large, n_large = lib.consume_all({"bootstrap.servers": bootstrap}, "big", 6, LARGE)
                c2 = cpu_seconds(broker.pid)
                own = subprocess.run([args.fjord_bin, "bench", "consume", "--bootstrap-server", bootstrap, "--topic", "t",
                                      "--no-progress", "--results", os.devnull], capture_output=True, text=True)
                c3 = cpu_seconds(broker.pid)
            finally:
                broker.stop()
            summary = next((line for line in own.stdout.splitlines() if line.startswith("consume:")), own.stdout.strip())
            print(f"{mode:8}  librdkafka 100 B: {n_small / s_small:,.0f} rec/s, broker CPU {c1 - c0:.2f} s"
                  f" | librdkafka 64 KiB: {n_large * 65536 / s_large / 1e6:,.0f} MB/s, broker CPU {c2 - c1:.2f} s"
                  f" | fjord bench consume: broker CPU {c3 - c2:.2f} s ({summary})", flush=True)


if __name__ == "__main__":
    main()
