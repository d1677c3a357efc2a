"""Log compaction seen through real clients: a compacted topic keeps the latest value per key,
refuses keyless records, and `__consumer_offsets` commits survive compaction and a restart."""

from __future__ import annotations

import time

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.admin import AlterConfigOpType, ConfigEntry, ConfigResource, ResourceType

from clients import admin, consume_confluent, create_topic, end_offsets_confluent, segment_data_bytes

CLEANER_FLAGS = ["--log-cleaner-interval-ms", "200"]
KEYS = [f"key-{i}".encode() for i in range(8)]


def produce_versions(bootstrap: str, topic: str, versions: int) -> dict[bytes, bytes]:
    """`versions` values for each key, interleaved; returns the latest value per key."""
    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 0, "batch.num.messages": 10})
    errors: list[str] = []
    latest: dict[bytes, bytes] = {}
    for v in range(versions):
        for key in KEYS:
            value = key + b"=v%d" % v
            latest[key] = value
            p.produce(topic, key=key, value=value, partition=0,
                      on_delivery=lambda err, _m: errors.append(str(err)) if err else None)
        p.poll(0)
    assert p.flush(30) == 0
    assert not errors, errors[:3]
    return latest


def wait_compacted(bootstrap: str, topic: str, produced: int, timeout: float = 60.0):
    """Consumes until the cleaner has removed most old versions (bounded by `timeout`)."""
    deadline = time.monotonic() + timeout
    while True:
        records = consume_confluent(bootstrap, topic, 1)
        if len(records) < produced // 3:
            return records
        assert time.monotonic() < deadline, f"not compacted after {timeout}s: {len(records)} of {produced} left"
        time.sleep(0.5)


def test_compacted_topic_keeps_latest_value_per_key(broker_factory):
    broker = broker_factory(CLEANER_FLAGS)
    create_topic(broker.bootstrap, "profiles", 1,
                 config={"cleanup.policy": "compact", "segment.bytes": "4096"})
    versions = 150
    latest = produce_versions(broker.bootstrap, "profiles", versions)
    produced = versions * len(KEYS)
    end_before = end_offsets_confluent(broker.bootstrap, "profiles", 1)[0]
    assert end_before == produced

    records = wait_compacted(broker.bootstrap, "profiles", produced)
    offsets = [r.offset for r in records]
    assert offsets == sorted(set(offsets)), "offsets must stay strictly increasing"
    last_by_key = {}
    for r in records:
        last_by_key[r.key] = r.value
    assert last_by_key == latest, "the latest value of every key must survive"
    # Compaction never moves the log end; appends continue after it.
    assert end_offsets_confluent(broker.bootstrap, "profiles", 1)[0] == end_before
    produce_versions(broker.bootstrap, "profiles", 1)
    assert end_offsets_confluent(broker.bootstrap, "profiles", 1)[0] == end_before + len(KEYS)

    # And the compacted log reads the same after a restart.
    broker.restart()
    again = consume_confluent(broker.bootstrap, "profiles", 1)
    assert [r.offset for r in again][:len(records)] == offsets


def test_keyless_record_on_compacted_topic_is_refused(broker_factory):
    broker = broker_factory(CLEANER_FLAGS)
    create_topic(broker.bootstrap, "keyed", 1, config={"cleanup.policy": "compact"})
    p = Producer({"bootstrap.servers": broker.bootstrap, "retries": 0})
    results: list = []
    p.produce("keyed", value=b"no key", partition=0, on_delivery=lambda err, _m: results.append(err))
    assert p.flush(30) == 0  # Kafka fails a whole batch, so the keyed record goes in its own
    p.produce("keyed", key=b"k", value=b"keyed", partition=0, on_delivery=lambda err, _m: results.append(err))
    assert p.flush(30) == 0
    assert results[0] is not None and results[0].code() == KafkaError.INVALID_RECORD, results
    assert results[1] is None, results


def test_consumer_offsets_commits_compact_and_survive_restart(broker_factory):
    broker = broker_factory(CLEANER_FLAGS)
    create_topic(broker.bootstrap, "orders", 4)
    a = admin(broker.bootstrap)
    res = ConfigResource(ResourceType.TOPIC, "__consumer_offsets",
                         incremental_configs=[ConfigEntry("segment.bytes", "4096",
                                                          incremental_operation=AlterConfigOpType.SET)])
    a.incremental_alter_configs([res])[res].result(timeout=20)

    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "compaction-group",
                  "enable.auto.commit": False})
    expected = {}
    try:
        for i in range(300):
            tps = [TopicPartition("orders", p, i * 10 + p) for p in range(4)]
            c.commit(offsets=tps, asynchronous=False)
            expected = {tp.partition: tp.offset for tp in tps}
    finally:
        c.close()

    offsets_dir = broker.data_dir
    def offsets_bytes() -> int:
        return sum(segment_data_bytes(f) for f in offsets_dir.glob("__consumer_offsets-*/*.log"))

    deadline = time.monotonic() + 60
    grown = offsets_bytes()
    while offsets_bytes() > grown // 3:
        assert time.monotonic() < deadline, f"__consumer_offsets not compacted: {offsets_bytes()} of {grown} bytes"
        time.sleep(0.5)

    broker.restart()
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "compaction-group"})
    try:
        deadline = time.monotonic() + 30
        while True:
            committed = c.committed([TopicPartition("orders", p) for p in range(4)], timeout=10)
            got = {tp.partition: tp.offset for tp in committed}
            if got == expected or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert got == expected
    finally:
        c.close()
