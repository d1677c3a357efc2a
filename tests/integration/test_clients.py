"""Every client produces keyed records with headers into a 6-partition topic; every client reads
every other client's topic back exactly (the 4x4 matrix shares one broker and one topic per producer)."""

from __future__ import annotations

import asyncio
import time

import pytest
from confluent_kafka import OFFSET_BEGINNING, OFFSET_END, TopicPartition

from clients import (CLIENTS, Rec, headers_of, assert_offsets_dense, assert_same_records, confluent_consumer,
                     consume, create_topic, end_offsets_confluent, kcat_records, make_records, produce)

RECORDS_PER_PRODUCER = 1200
PARTITIONS = 6


@pytest.fixture(scope="module")
def produced_topics():
    """producer -> (topic, produced records) or the exception its production raised; filled lazily."""
    return {}


def produced_by(producer: str, broker, cache: dict) -> tuple[str, list[Rec]]:
    if producer not in cache:
        topic = f"matrix-{producer}"
        try:
            create_topic(broker.bootstrap, topic, PARTITIONS)
            if producer == "kcat":
                records = kcat_records(RECORDS_PER_PRODUCER, f"by-{producer}")
            else:
                records = make_records(RECORDS_PER_PRODUCER, f"by-{producer}")
            acked = produce(producer, broker.bootstrap, topic, records)
            assert len(acked) == len(records)
            cache[producer] = (topic, acked)
        except Exception as e:  # every consumer of this producer reports the same failure
            cache[producer] = e
    result = cache[producer]
    if isinstance(result, Exception):
        pytest.fail(f"producing with {producer} failed: {result!r}")
    return result


@pytest.mark.parametrize("consumer", CLIENTS)
@pytest.mark.parametrize("producer", CLIENTS)
def test_roundtrip(shared, produced_topics, producer, consumer):
    topic, produced = produced_by(producer, shared, produced_topics)
    consumed = consume(consumer, shared.bootstrap, topic, PARTITIONS)
    assert_same_records(produced, consumed)
    assert_offsets_dense(consumed, end_offsets_confluent(shared.bootstrap, topic, PARTITIONS))
    # Where the producer reported (partition, offset), the record is exactly there.
    reported = {(r.partition, r.offset): r.content() for r in produced if r.offset is not None}
    if reported:
        at = {(r.partition, r.offset): r.content() for r in consumed}
        wrong = [po for po, content in reported.items() if at.get(po) != content]
        assert not wrong, f"{len(wrong)} records not at the offset the producer was told, e.g. {wrong[:5]}"


# docs/kafka-behaviour.md, "Java's murmur2 partitioner": Java's murmur2, toPositive, % 6.
EXPECTED_PARTITION = {b"order-1": 4, b"ORD-0001": 5}


@pytest.mark.parametrize("producer", CLIENTS)
def test_murmur2_placement(shared, producer):
    """kafka-python and aiokafka hash with murmur2 by default; confluent-kafka and kcat are set to murmur2_random."""
    topic = f"murmur2-{producer}"
    create_topic(shared.bootstrap, topic, PARTITIONS)
    records = [Rec(k, f"v-seq-{i:06d}-".encode(), (("h", b"1"),)) for i, k in enumerate(EXPECTED_PARTITION)]
    acked = produce(producer, shared.bootstrap, topic, records)
    for r in acked:
        if r.partition is not None:
            assert r.partition == EXPECTED_PARTITION[r.key], f"{producer} put {r.key!r} in {r.partition}"
    consumed = consume("confluent", shared.bootstrap, topic, PARTITIONS)
    assert {r.key: r.partition for r in consumed} == EXPECTED_PARTITION


def test_tailing_consumer_is_woken_by_new_records(shared):
    """A consumer parked at the end (Fetch long poll) receives records produced afterwards."""
    topic = "tail"
    create_topic(shared.bootstrap, topic, 2)
    c = confluent_consumer(shared.bootstrap, **{"fetch.wait.max.ms": 5000})
    try:
        c.assign([TopicPartition(topic, p, OFFSET_END) for p in range(2)])
        c.poll(1.0)  # let it reach the end and start long-polling
        records = make_records(20, "tail")
        produce("kafka-python", shared.bootstrap, topic, records)
        got = []
        deadline = time.monotonic() + 30
        while len(got) < len(records):
            assert time.monotonic() < deadline, f"tailing consumer got {len(got)} of {len(records)}"
            m = c.poll(0.5)
            if m is not None and m.error() is None:
                got.append(Rec(m.key(), m.value(), headers_of(m.headers()), m.partition(), m.offset()))
        assert_same_records(records, got)
    finally:
        c.close()


@pytest.mark.parametrize("consumer", ["confluent", "kafka-python", "aiokafka"])
def test_record_larger_than_fetch_limits_is_still_delivered(shared, consumer):
    """Fetch returns at least one whole batch even when it exceeds the partition/response limits
    (docs/kafka-behaviour.md, "Fetch works on whole batches"), or the consumer could never make progress."""
    topic = f"big-{consumer}"
    create_topic(shared.bootstrap, topic, 1)
    big = Rec(b"big", b"big-seq-000000-" + b"z" * 600_000, (("h", b"1"),))
    small = Rec(b"big", b"big-seq-000001-", (("h", b"1"),))
    produce("confluent", shared.bootstrap, topic, [big, small], **{"linger.ms": 0, "message.max.bytes": 1_000_000})
    limits = {
        "confluent": {"fetch.max.bytes": 100_000, "message.max.bytes": 100_000, "max.partition.fetch.bytes": 10_000,
                      "receive.message.max.bytes": 2_000_000},
        "kafka-python": {"fetch_max_bytes": 100_000, "max_partition_fetch_bytes": 10_000},
        "aiokafka": {"fetch_max_bytes": 100_000, "max_partition_fetch_bytes": 10_000},
    }[consumer]
    consumed = consume_with_limits(consumer, shared.bootstrap, topic, limits)
    assert [r.value for r in consumed] == [big.value, small.value]


def consume_with_limits(consumer: str, bootstrap: str, topic: str, limits: dict) -> list[Rec]:
    deadline = time.monotonic() + 30
    out: list[Rec] = []
    if consumer == "confluent":
        c = confluent_consumer(bootstrap, **limits)
        try:
            c.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
            while len(out) < 2:
                assert time.monotonic() < deadline, f"got {len(out)} of 2"
                m = c.poll(0.5)
                if m is not None:
                    assert m.error() is None, m.error()
                    out.append(Rec(m.key(), m.value(), (), m.partition(), m.offset()))
        finally:
            c.close()
    elif consumer == "kafka-python":
        from kafka import KafkaConsumer
        from kafka import TopicPartition as KTP
        c = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                          auto_offset_reset="earliest", **limits)
        try:
            c.assign([KTP(topic, 0)])
            while len(out) < 2:
                assert time.monotonic() < deadline, f"got {len(out)} of 2"
                for msgs in c.poll(timeout_ms=500).values():
                    out += [Rec(m.key, m.value, (), m.partition, m.offset) for m in msgs]
        finally:
            c.close()
    else:
        from aiokafka import AIOKafkaConsumer
        from aiokafka.structs import TopicPartition as ATP

        async def run():
            c = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                                 auto_offset_reset="earliest", **limits)
            await c.start()
            try:
                c.assign([ATP(topic, 0)])
                while len(out) < 2:
                    assert time.monotonic() < deadline, f"got {len(out)} of 2"
                    for msgs in (await c.getmany(timeout_ms=500)).values():
                        out.extend(Rec(m.key, m.value, (), m.partition, m.offset) for m in msgs)
            finally:
                await c.stop()
        asyncio.run(run())
    return out


def test_pipelined_produce_requests_keep_their_order(shared):
    """librdkafka pipelines produce requests on one connection (without idempotence up to a million
    in flight); the broker must append them in the order they arrived, or a partition's records
    come back reordered. Small batches make many requests for one partition."""
    from confluent_kafka import Producer

    topic = "pipelined"
    create_topic(shared.bootstrap, topic, 1)
    p = Producer({"bootstrap.servers": shared.bootstrap, "linger.ms": 0, "batch.num.messages": 5,
                  "max.in.flight.requests.per.connection": 1000, "enable.idempotence": False})
    count = 5000
    errors: list[str] = []
    for i in range(count):
        p.produce(topic, value=b"%d" % i, partition=0,
                  on_delivery=lambda err, _m: errors.append(str(err)) if err else None)
        if i % 100 == 0:
            p.poll(0)
    assert p.flush(60) == 0
    assert not errors, errors[:3]
    got = consume("confluent", shared.bootstrap, topic, 1)
    values = [int(r.value) for r in got]
    assert len(values) == count
    first_misplaced = next(((off, v) for off, v in enumerate(values) if off != v), None)
    assert first_misplaced is None, f"offset {first_misplaced[0]} holds record {first_misplaced[1]}"


@pytest.mark.parametrize("consumer", ["confluent", "kafka-python", "aiokafka"])
def test_fetch_by_copy_serves_the_same_records(broker_factory, consumer):
    """`--fetch-transfer copy` (pread into one response buffer instead of sendfile) hands every
    client the same records, read across many small segments of several partitions."""
    broker = broker_factory(["--fetch-transfer", "copy"])
    topic = "copied"
    create_topic(broker.bootstrap, topic, 3, config={"segment.bytes": "4096"})
    acked = produce("confluent", broker.bootstrap, topic, make_records(2000, "copy"),
                    **{"linger.ms": 0, "batch.num.messages": 20})
    segments = list(broker.data_dir.glob(f"{topic}-0/*.log"))
    assert len(segments) > 3, f"expected several segments, found {len(segments)}"
    assert_same_records(acked, consume(consumer, broker.bootstrap, topic, 3))
