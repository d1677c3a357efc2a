#!/usr/bin/env python3
"""Quick produce/consume throughput with confluent-kafka against a running broker.

    .venv/bin/python scripts/perf_confluent.py --bootstrap 127.0.0.1:9092 --records 200000 --size 100

Creates a fresh topic, produces --records values of --size bytes (keyed, murmur2), waits for every
delivery report, then consumes everything back by assigning all partitions from the beginning.
Prints records/s and MB/s for both phases. Not a benchmark harness: one run, wall-clock time.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bootstrap", default="127.0.0.1:9092")
    ap.add_argument("--topic", default=None, help="default: perf-<unix time>")
    ap.add_argument("--partitions", type=int, default=6)
    ap.add_argument("--records", type=int, default=200_000)
    ap.add_argument("--size", type=int, default=100, help="value bytes")
    ap.add_argument("--acks", default="all")
    ap.add_argument("--codec", default="none", choices=["none", "gzip", "snappy", "lz4", "zstd"])
    ap.add_argument("--linger-ms", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=300.0)
    args = ap.parse_args()
    topic = args.topic or f"perf-{int(time.time())}"

    admin = AdminClient({"bootstrap.servers": args.bootstrap})
    admin.create_topics([NewTopic(topic, args.partitions, 1)])[topic].result(timeout=30)

    payload = os.urandom(args.size // 2).hex().encode().ljust(args.size, b"x")[: args.size]
    p = Producer({
        "bootstrap.servers": args.bootstrap, "acks": args.acks, "linger.ms": args.linger_ms,
        "compression.type": args.codec, "partitioner": "murmur2_random",
        "queue.buffering.max.messages": 1_000_000, "batch.size": 1_000_000,
    })
    failures = 0

    def on_delivery(err, _msg):
        nonlocal failures
        if err is not None:
            failures += 1

    start = time.perf_counter()
    for i in range(args.records):
        while True:
            try:
                p.produce(topic, key=b"key-%d" % (i % 1000), value=payload, on_delivery=on_delivery)
                break
            except BufferError:
                p.poll(0.01)
        if i % 1000 == 0:
            p.poll(0)
    left = p.flush(args.timeout)
    produce_s = time.perf_counter() - start
    if left or failures:
        print(f"produce: {left} undelivered, {failures} failed", file=sys.stderr)
        return 1

    c = Consumer({"bootstrap.servers": args.bootstrap, "group.id": "fjord-perf", "enable.auto.commit": False,
                  "fetch.max.bytes": 52428800, "max.partition.fetch.bytes": 10485760})
    c.assign([TopicPartition(topic, p_, OFFSET_BEGINNING) for p_ in range(args.partitions)])
    got = 0
    start = time.perf_counter()
    deadline = time.monotonic() + args.timeout
    while got < args.records and time.monotonic() < deadline:
        for m in c.consume(num_messages=10000, timeout=0.5):
            if m.error() is None:
                got += 1
    consume_s = time.perf_counter() - start
    c.close()
    if got < args.records:
        print(f"consume: only {got} of {args.records} records", file=sys.stderr)
        return 1

    mb = args.records * args.size / 1e6
    print(f"topic {topic}: {args.records} records x {args.size} B, {args.partitions} partitions, "
          f"acks={args.acks}, codec={args.codec}")
    print(f"produce: {args.records / produce_s:12,.0f} records/s  {mb / produce_s:8.1f} MB/s  ({produce_s:.2f} s)")
    print(f"consume: {args.records / consume_s:12,.0f} records/s  {mb / consume_s:8.1f} MB/s  ({consume_s:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
