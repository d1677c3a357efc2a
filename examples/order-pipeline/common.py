"""What every service of the order pipeline shares: client settings, the consume-process-commit
loop, and the check that each order's events arrive in the order they were placed.

Only confluent-kafka is used, with settings that work the same against Apache Kafka.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from typing import Callable, Iterable

from confluent_kafka import Consumer, KafkaException, Message, Producer, TopicPartition

BOOTSTRAP = os.environ.get("BOOTSTRAP", "127.0.0.1:9092")

# A downstream write: (topic, key, event).
Output = tuple[str, str, dict]


def log(name: str, text: str) -> None:
    print(f"{name}: {text}", flush=True)


def encode(event: dict) -> bytes:
    return json.dumps(event, separators=(",", ":")).encode()


def decode(msg: Message) -> dict:
    return json.loads(msg.value())


def producer_config(client_id: str) -> dict:
    return {
        "bootstrap.servers": BOOTSTRAP,
        "client.id": client_id,
        # Hash keys the way the Java client does, so an orderId lands on the same partition
        # whichever client wrote it. librdkafka's own default (consistent_random) differs.
        "partitioner": "murmur2_random",
        # Idempotence keeps the events of one key in order even when a send has to be retried.
        "enable.idempotence": True,
        "linger.ms": 5,
    }


class OrderSequence:
    """Counts events of one order that arrive out of order (each event carries `seq` 1, 2, 3...).

    The check holds while this consumer owns the partition. After a rebalance the new owner may
    start in the middle of an order (the old owner processed and committed its first events), so
    the state of revoked partitions is dropped and the first event seen for an order is accepted.
    """

    LAST_TYPE = "confirmed"

    def __init__(self, name: str):
        self.name = name
        self.violations = 0
        self.expected: dict[tuple[str, int], dict[str, int]] = {}  # partition -> orderId -> next seq

    def check(self, msg: Message, event: dict) -> bool:
        orders = self.expected.setdefault((msg.topic(), msg.partition()), {})
        order, seq = event["orderId"], event["seq"]
        want = orders.get(order)
        in_order = want is None or seq == want
        if not in_order:
            self.violations += 1
            log(self.name, f"ORDERING VIOLATION {order}: got seq {seq}, expected {want} "
                           f"(partition {msg.partition()} offset {msg.offset()})")
        if event["type"] == self.LAST_TYPE:
            orders.pop(order, None)  # the order is complete; keep memory bounded
        else:
            orders[order] = seq + 1
        return in_order

    def forget(self, partitions: Iterable[TopicPartition]) -> None:
        for tp in partitions:
            self.expected.pop((tp.topic, tp.partition), None)


def run_service(
    name: str,
    group: str,
    topics: list[str],
    handle: Callable[[Message], list[Output]],
    sequence: OrderSequence | None = None,
    consumer_settings: dict | None = None,
    every_second: Callable[[], None] | None = None,
    summary: Callable[[], str] | None = None,
) -> None:
    """Consume `topics` as a member of `group` until SIGTERM or SIGINT.

    At-least-once: `handle` turns each record into downstream events; after each batch the
    producer is flushed (every downstream write acknowledged) and only then are the batch's
    offsets committed, synchronously. A crash in between redelivers the batch to whoever owns the
    partition next: duplicates are possible, losses are not.
    """
    stopping = False

    def stop(_signum, _frame):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    consumer = Consumer({
        "bootstrap.servers": BOOTSTRAP,
        "group.id": group,
        "client.id": name,
        "enable.auto.commit": False,      # we commit ourselves, after processing
        "auto.offset.reset": "earliest",  # a new group starts at the beginning of the topics
        **(consumer_settings or {}),
    })
    producer = Producer(producer_config(name))
    failed_deliveries: list[str] = []

    def delivered(err, msg):
        if err is not None:
            failed_deliveries.append(f"{msg.topic()}: {err}")

    def assigned(_consumer, partitions):
        log(name, "assigned " + describe(partitions))

    def revoked(_consumer, partitions):
        log(name, "revoked " + describe(partitions))
        if sequence is not None:
            sequence.forget(partitions)

    consumer.subscribe(topics, on_assign=assigned, on_revoke=revoked, on_lost=revoked)
    processed = written = failed_commits = 0
    next_tick = time.monotonic() + 1
    try:
        while not stopping:
            if every_second is not None and time.monotonic() >= next_tick:
                every_second()
                next_tick = time.monotonic() + 1
            batch = consumer.consume(num_messages=200, timeout=0.5)
            if not batch:
                continue
            next_offsets: dict[tuple[str, int], int] = {}
            for msg in batch:
                if msg.error():
                    raise KafkaException(msg.error())
                for topic, key, event in handle(msg):
                    producer.produce(topic, key=key, value=encode(event), on_delivery=delivered)
                    producer.poll(0)
                    written += 1
                next_offsets[(msg.topic(), msg.partition())] = msg.offset() + 1
                processed += 1
            producer.flush()
            if failed_deliveries:
                # Not committing means the batch is read again after a restart: nothing is lost.
                sys.exit(f"{name}: {len(failed_deliveries)} downstream writes failed, first: {failed_deliveries[0]}")
            try:
                consumer.commit(offsets=[TopicPartition(t, p, o) for (t, p), o in next_offsets.items()],
                                asynchronous=False)
            except KafkaException as e:
                # Typically a rebalance took the partitions away first. Their new owner starts from
                # the previous commit and processes this batch again: duplicates, not losses.
                failed_commits += 1
                log(name, f"commit failed ({e.args[0]}); the batch will be processed again")
    finally:
        consumer.close()  # leaves the group, so the others take over its partitions at once
        producer.flush()
        if every_second is not None:
            every_second()
        extra = f", {summary()}" if summary is not None else ""
        violations = sequence.violations if sequence is not None else 0
        log(name, f"stopped: processed {processed} records, wrote {written}, failed commits {failed_commits}, "
                  f"ordering violations {violations}{extra}")


def describe(partitions: Iterable[TopicPartition]) -> str:
    by_topic: dict[str, list[int]] = {}
    for tp in partitions:
        by_topic.setdefault(tp.topic, []).append(tp.partition)
    return " ".join(f"{t}{sorted(ps)}" for t, ps in sorted(by_topic.items())) or "nothing"


def replica_name(service: str) -> str:
    """`payment-service-2` when run with REPLICA=2, else just the service name."""
    replica = os.environ.get("REPLICA")
    return f"{service}-{replica}" if replica else service
