"""Every client produces keyed records with headers into a 6-partition topic; every client reads
every other client's topic back exactly (the 4x4 matrix shares one broker and one topic per producer)."""

from __future__ import annotations

import pytest

from clients import (CLIENTS, Rec, assert_offsets_dense, assert_same_records, consume, create_topic,
                     end_offsets_confluent, kcat_records, make_records, produce)

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


# protocol-compat §2.8: Java's murmur2, toPositive, % 6.
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
