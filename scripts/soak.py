#!/usr/bin/env python3
"""Crash soak: SIGKILL the broker again and again under acks=all load and check every acknowledged record.

Each round starts the broker (recovering from the previous kill), lets a confluent-kafka producer with
acks=all (and idempotence, so retries after the kill do not duplicate) write for a random moment,
kills the broker with SIGKILL while requests are in flight, restarts it, lets the producer deliver or
fail what it still holds, and then reads every partition from the log start to the high watermark. A
record the producer saw acknowledged must be found at its (partition, offset) with its value; a value
stored twice counts as duplicated.

    make soak                 # 100 kills
    SOAK_KILLS=5 make soak    # a quick run

Exit status 1 if anything acknowledged was lost.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "integration"))

from confluent_kafka import OFFSET_BEGINNING, Consumer, Producer, TopicPartition  # noqa: E402

from clients import create_topic  # noqa: E402
from conftest import Broker  # noqa: E402

TOPIC = "soak"


class Load:
    """A producer thread writing numbered values until stopped; remembers what was acknowledged."""

    def __init__(self, bootstrap: str, partitions: int, first: int):
        self.producer = Producer({
            "bootstrap.servers": bootstrap, "acks": "all", "enable.idempotence": True, "linger.ms": 2,
            "message.timeout.ms": 60000, "reconnect.backoff.max.ms": 200, "partitioner": "murmur2_random",
        })
        self.partitions = partitions
        self.next = first
        self.acked: dict[bytes, tuple[int, int]] = {}
        self.failed = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def on_delivery(self, err, msg) -> None:
        if err is None:
            self.acked[msg.value()] = (msg.partition(), msg.offset())
        else:
            self.failed += 1

    def run(self) -> None:
        while not self.stop.is_set():
            value = f"soak-{self.next:09d}".encode()
            try:
                self.producer.produce(TOPIC, value=value, partition=self.next % self.partitions, on_delivery=self.on_delivery)
                self.next += 1
            except BufferError:
                pass
            self.producer.poll(0 if self.next % 64 else 0.001)

    def finish(self, timeout: float) -> None:
        self.stop.set()
        self.thread.join()
        self.producer.flush(timeout)


def read_all(bootstrap: str, partitions: int) -> dict[tuple[int, int], bytes]:
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "soak-unused", "enable.auto.commit": False,
                  "auto.offset.reset": "earliest", "enable.partition.eof": True})
    try:
        ends = {p: c.get_watermark_offsets(TopicPartition(TOPIC, p), timeout=10, cached=False)[1] for p in range(partitions)}
        c.assign([TopicPartition(TOPIC, p, OFFSET_BEGINNING) for p in range(partitions)])
        out: dict[tuple[int, int], bytes] = {}
        done = {p for p, end in ends.items() if end == 0}
        deadline = time.monotonic() + 120
        while len(done) < partitions:
            if time.monotonic() > deadline:
                raise RuntimeError(f"reading back timed out; ends {ends}")
            for m in c.consume(num_messages=5000, timeout=0.5):
                if m.error():
                    continue
                out[(m.partition(), m.offset())] = m.value()
                if m.offset() + 1 >= ends[m.partition()]:
                    done.add(m.partition())
        return out
    finally:
        c.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--partitions", type=int, default=3)
    parser.add_argument("--min-load-s", type=float, default=0.3)
    parser.add_argument("--max-load-s", type=float, default=1.5)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--serve-arg", action="append", default=[], help="extra `fjord serve` flag (repeatable)")
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    print(f"soak: {args.kills} kills, {args.partitions} partitions, seed {seed}", flush=True)

    workdir = Path(tempfile.mkdtemp(prefix="fjord-soak-"))
    broker = Broker(workdir, args.serve_arg, name="soak-broker")
    broker.start()
    create_topic(broker.bootstrap, TOPIC, args.partitions)
    acked: dict[bytes, tuple[int, int]] = {}
    next_value = 0
    total_failed = 0
    lost_total = 0
    try:
        for round_no in range(1, args.kills + 1):
            load = Load(broker.bootstrap, args.partitions, next_value)
            load.thread.start()
            time.sleep(rng.uniform(args.min_load_s, args.max_load_s))
            broker.kill9()
            broker.start()
            load.finish(timeout=60)
            next_value = load.next
            total_failed += load.failed
            acked.update(load.acked)

            stored = read_all(broker.bootstrap, args.partitions)
            counts = Counter(stored.values())
            duplicated = sum(n - 1 for n in counts.values() if n > 1)
            found = sum(1 for value, where in acked.items() if stored.get(where) == value)
            lost = len(acked) - found
            lost_total = lost
            print(f"round {round_no:3d}: acknowledged {len(acked)}, found {found}, lost {lost}, duplicated {duplicated}, "
                  f"unacknowledged {total_failed}, stored {len(stored)}", flush=True)
            if lost:
                missing = [(v, w) for v, w in acked.items() if stored.get(w) != v][:5]
                print(f"  lost, e.g.: {missing}", flush=True)
    finally:
        broker.stop()
    print(f"TOTAL: kills {args.kills}, acknowledged {len(acked)}, found {len(acked) - lost_total}, lost {lost_total}, "
          f"duplicated {duplicated}, unacknowledged {total_failed}; broker log {broker.log_path} (kept only on loss)", flush=True)
    if lost_total:
        return 1
    shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
