"""Retention, DeleteRecords and LogAppendTime through real clients."""

from __future__ import annotations

import time

import pytest
from confluent_kafka import OFFSET_BEGINNING, TopicPartition

from clients import (admin, confluent_consumer, consume_confluent, create_topic, make_records, produce,
                     segment_data_bytes)


def watermarks(bootstrap: str, topic: str, partition: int = 0) -> tuple[int, int]:
    c = confluent_consumer(bootstrap)
    try:
        return c.get_watermark_offsets(TopicPartition(topic, partition), timeout=10, cached=False)
    finally:
        c.close()


def first_offset_read(bootstrap: str, topic: str) -> int:
    """Offset of the first record a consumer with auto.offset.reset=earliest receives from offset 0."""
    c = confluent_consumer(bootstrap)
    try:
        # Offset 0 is below the log start: the broker answers OFFSET_OUT_OF_RANGE and the client resets.
        c.assign([TopicPartition(topic, 0, 0)])
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            for m in c.consume(num_messages=10, timeout=0.5):
                if m.error() is None:
                    return m.offset()
        raise AssertionError("no record consumed")
    finally:
        c.close()


def test_retention_deletes_old_segments_and_consumers_reset_to_log_start(broker_factory):
    b = broker_factory(["--log-retention-check-interval-ms", "300"])
    create_topic(b.bootstrap, "short", 1, config={"retention.ms": "2000", "segment.bytes": "2000"})
    old = produce("confluent", b.bootstrap, "short", make_records(200, "old"))
    assert max(r.offset for r in old) == 199
    time.sleep(2.5)
    # New records (fresh timestamps) roll the old segments out of the active one.
    produce("confluent", b.bootstrap, "short", make_records(30, "new"))
    deadline = time.monotonic() + 20
    low, high = watermarks(b.bootstrap, "short")
    while low < 150 and time.monotonic() < deadline:
        time.sleep(0.3)
        low, high = watermarks(b.bootstrap, "short")
    assert high == 230
    assert 150 <= low <= 200, f"old segments not deleted: low watermark {low}"
    assert first_offset_read(b.bootstrap, "short") == low
    segments = sorted(p.name for p in (b.data_dir / "short-0").glob("*.log"))
    assert int(segments[0][:20]) <= low
    assert "retention deleted segments" in b.log_text()

    # The start survives a restart.
    b.kill9()
    b.start()
    assert watermarks(b.bootstrap, "short")[0] == low


def test_delete_records_moves_the_low_watermark(broker):
    create_topic(broker.bootstrap, "dr", 2)
    produce("confluent", broker.bootstrap, "dr", make_records(100, "dr"))
    a = admin(broker.bootstrap)
    if not hasattr(a, "delete_records"):
        pytest.skip("confluent-kafka without AdminClient.delete_records")
    _, high0 = watermarks(broker.bootstrap, "dr", 0)
    _, high1 = watermarks(broker.bootstrap, "dr", 1)
    assert high0 > 10
    fs = a.delete_records([TopicPartition("dr", 0, 10), TopicPartition("dr", 1, -1)], request_timeout=15)
    results = {tp.partition: f.result(timeout=15) for tp, f in fs.items()}
    assert results[0].low_watermark == 10
    assert results[1].low_watermark == high1
    assert watermarks(broker.bootstrap, "dr", 0) == (10, high0)
    assert watermarks(broker.bootstrap, "dr", 1) == (high1, high1)
    assert first_offset_read(broker.bootstrap, "dr") == 10

    # Beyond the high watermark: OFFSET_OUT_OF_RANGE.
    fs = a.delete_records([TopicPartition("dr", 0, high0 + 5)], request_timeout=15)
    with pytest.raises(Exception) as err:
        list(fs.values())[0].result(timeout=15)
    assert "OFFSET_OUT_OF_RANGE" in str(err.value) or "out of range" in str(err.value).lower()

    # ListOffsets earliest keeps answering the new start after a clean restart.
    broker.stop()
    broker.start()
    assert watermarks(broker.bootstrap, "dr", 0) == (10, high0)


def test_log_append_time_is_stamped_by_the_broker(broker):
    from confluent_kafka import TIMESTAMP_LOG_APPEND_TIME

    create_topic(broker.bootstrap, "lat", 1, config={"message.timestamp.type": "LogAppendTime"})
    before = int(time.time() * 1000)
    # The producer claims a timestamp far in the past; the broker must replace it.
    from confluent_kafka import Producer
    p = Producer({"bootstrap.servers": broker.bootstrap, "acks": "all"})
    delivered = []
    p.produce("lat", value=b"v", timestamp=1_000, on_delivery=lambda err, msg: delivered.append((err, msg)))
    assert p.flush(30) == 0
    after = int(time.time() * 1000)
    err, msg = delivered[0]
    assert err is None
    kind, ts = msg.timestamp()
    # The produce response's LogAppendTimeMs reaches the delivery report.
    assert kind == TIMESTAMP_LOG_APPEND_TIME and before <= ts <= after, (kind, ts)
    consumed = consume_confluent(broker.bootstrap, "lat", 1)
    assert len(consumed) == 1
    c = confluent_consumer(broker.bootstrap)
    try:
        c.assign([TopicPartition("lat", 0, OFFSET_BEGINNING)])
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            got = [m for m in c.consume(num_messages=1, timeout=0.5) if m.error() is None]
            if got:
                assert got[0].timestamp() == (TIMESTAMP_LOG_APPEND_TIME, ts)
                break
        else:
            raise AssertionError("record not consumed")
    finally:
        c.close()


def test_delete_records_refused_on_compacted_topic(broker):
    create_topic(broker.bootstrap, "compacted", 1, config={"cleanup.policy": "compact"})
    produce("confluent", broker.bootstrap, "compacted", make_records(10, "c"))
    a = admin(broker.bootstrap)
    fs = a.delete_records([TopicPartition("compacted", 0, 5)], request_timeout=15)
    with pytest.raises(Exception) as err:
        list(fs.values())[0].result(timeout=15)
    assert "POLICY_VIOLATION" in str(err.value) or "policy" in str(err.value).lower()
    assert watermarks(broker.bootstrap, "compacted") == (0, 10)


def test_size_retention_and_quiet_partitions_expire(broker_factory):
    b = broker_factory(["--log-retention-check-interval-ms", "300"])
    create_topic(b.bootstrap, "sized", 1, config={"retention.bytes": "6000", "segment.bytes": "2000"})
    # A quiet partition: segment.ms rolls its only segment so retention.ms can retire it.
    create_topic(b.bootstrap, "quiet", 1, config={"retention.ms": "1500", "segment.ms": "1000"})
    for i in range(10):  # separate batches, so there are several segments to retire
        produce("confluent", b.bootstrap, "sized", make_records(30, f"sized{i}"))
    produce("confluent", b.bootstrap, "quiet", make_records(20, "quiet"))
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        sized, quiet = watermarks(b.bootstrap, "sized"), watermarks(b.bootstrap, "quiet")
        if sized[0] > 0 and quiet[0] == 20:
            break
        time.sleep(0.3)
    assert sized[1] == 300 and sized[0] > 0, sized
    # Kafka's rule: keep at least retention.bytes, and no segment whose removal would still leave that.
    files = sorted((b.data_dir / "sized-0").glob("*.log"))
    sizes = [segment_data_bytes(p) for p in files]
    kept = sum(sizes)
    assert kept >= 6000 and kept - sizes[0] < 6000, (kept, sizes)
    assert quiet == (20, 20)
    # The emptied partition takes new records at the old end.
    more = produce("confluent", b.bootstrap, "quiet", make_records(3, "again"))
    assert sorted(r.offset for r in more) == [20, 21, 22]
