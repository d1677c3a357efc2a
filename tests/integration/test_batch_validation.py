"""Produced batches are validated as Kafka validates them before anything is appended
(docs/validation.md): each defect, behind a correct CRC, gets Kafka's error code, the partition's log
end offset does not move, and the other partitions of the same Produce request are appended anyway.

Raw frames (kwire) make the defects; real clients check that what they send still passes.
"""

from __future__ import annotations

import time

import pytest
from confluent_kafka import KafkaError, Producer

import kwire
from clients import (CODECS, confluent_producer_conf, consume_confluent, create_topic, end_offsets_confluent,
                     make_records, produce)

CORRUPT_MESSAGE = 2
MESSAGE_TOO_LARGE = 10
INVALID_TIMESTAMP = 32
UNSUPPORTED_COMPRESSION_TYPE = 76
INVALID_RECORD = 87

HOUR_MS = 3_600_000


def now_ms() -> int:
    return int(time.time() * 1000)


def good_batch(n: int = 2, tag: bytes = b"good") -> bytes:
    return kwire.batch_v2(kwire.records_v2(n, tag), now_ms())


def defect(name: str):
    """(batch bytes, expected code, expected record_errors indexes) for the named defect."""
    ts = now_ms()
    recs = kwire.records_v2(3, b"bad")
    b = kwire.batch_v2
    cases = {
        "crc": (b(recs, ts, corrupt_crc=True), CORRUPT_MESSAGE, []),
        "last-offset-delta-too-big": (b(recs, ts, last_offset_delta=5), INVALID_RECORD, []),
        "last-offset-delta-too-small": (b(recs, ts, last_offset_delta=1), INVALID_RECORD, []),
        "empty-batch-huge-delta": (b([], ts, record_count=0, last_offset_delta=1_000_000), INVALID_RECORD, []),
        "offset-delta-gap": (b(recs[:2] + [kwire.record_v2(3, b"gap")], ts), INVALID_RECORD, [2]),
        "record-past-end": (b(recs[:2] + [kwire.record_v2(2, length_adjust=4)], ts), INVALID_RECORD, []),
        "record-fields-overrun-length": (b([kwire.record_v2(0, length_adjust=-2)] + recs[1:], ts), INVALID_RECORD, []),
        "bytes-after-last-record": (b(recs, ts, payload=b"".join(recs) + b"\x00\x00"), INVALID_RECORD, []),
        "fewer-records-than-counted": (b(recs[:2], ts, record_count=3), INVALID_RECORD, []),
        "bytes-after-batch": (b(recs, ts, trailing=b"\x00" * 5), INVALID_RECORD, []),
        "batch-length-past-end": (b(recs, ts, length_adjust=7), INVALID_RECORD, []),
        "control-batch": (b(recs, ts, flags=kwire.ATTR_CONTROL, producer_id=1, producer_epoch=0, base_sequence=0),
                          INVALID_RECORD, []),
        "producer-id-without-sequence": (b(recs, ts, producer_id=7, producer_epoch=0), INVALID_RECORD, []),
        "transactional-without-producer-id": (b(recs, ts, flags=kwire.ATTR_TRANSACTIONAL), INVALID_RECORD, []),
        "base-offset-not-zero": (b(recs, ts, base_offset=42), INVALID_RECORD, []),
        "magic-1": (b(recs, ts, magic=1), INVALID_RECORD, []),
        "magic-3": (b(recs, ts, magic=3), CORRUPT_MESSAGE, []),
        "unknown-codec": (b(recs, ts, flags=6), UNSUPPORTED_COMPRESSION_TYPE, []),
    }
    for codec in CODECS[1:]:
        cases[f"{codec}-inner-count-disagrees"] = (b(recs[:2], ts, codec=codec, record_count=3), INVALID_RECORD, [])
        cases[f"{codec}-header-claims-a-million"] = (b(recs[:2], ts, codec=codec, record_count=1_000_000),
                                                      INVALID_RECORD, [])
        cases[f"{codec}-inner-offset-gap"] = (b(recs[:2] + [kwire.record_v2(7)], ts, codec=codec), INVALID_RECORD, [2])
        cases[f"{codec}-bytes-after-inner-records"] = (
            b(recs, ts, codec=codec, payload=b"".join(recs) + b"\x01"), INVALID_RECORD, [])
        cases[f"{codec}-corrupt-payload"] = (b(recs, ts, codec=codec, compressed=bytes(range(7, 200))), INVALID_RECORD, [])
    return cases[name]


DEFECTS = [
    "crc", "last-offset-delta-too-big", "last-offset-delta-too-small", "empty-batch-huge-delta", "offset-delta-gap",
    "record-past-end", "record-fields-overrun-length", "bytes-after-last-record", "fewer-records-than-counted",
    "bytes-after-batch", "batch-length-past-end", "control-batch", "producer-id-without-sequence",
    "transactional-without-producer-id", "base-offset-not-zero", "magic-1", "magic-3", "unknown-codec",
] + [f"{codec}-{kind}" for codec in CODECS[1:] for kind in
     ("inner-count-disagrees", "header-claims-a-million", "inner-offset-gap", "bytes-after-inner-records",
      "corrupt-payload")]


def assert_refused_alone(broker, topic: str, bad: bytes, code: int, record_errors: list[int], version: int,
                         other_topic: str | None = None) -> kwire.PartitionAnswer:
    """Partition 0 of `topic` gets `bad`, partition 1 and `other_topic` a good batch, in ONE request.

    Partition 0 already holds two records, so "unchanged" is not just "still empty".
    """
    first = kwire.produce(broker.bootstrap, version, [(topic, 0, good_batch(2, b"before"))])
    assert [(a.error, a.base_offset) for a in first] == [(0, 0)], first
    others = [(topic, 1)] + ([(other_topic, 0)] if other_topic else [])
    request = [(topic, 0, bad)] + [(t, p, good_batch(3, b"bystander")) for t, p in others]
    answers = kwire.produce(broker.bootstrap, version, request, correlation_id=2)
    by_partition = {(a.topic, a.partition): a for a in answers}
    refused = by_partition[(topic, 0)]
    assert refused.error == code, refused
    assert refused.base_offset == -1
    assert [index for index, _ in refused.record_errors] == record_errors, refused
    assert all(message for _, message in refused.record_errors)
    assert refused.error_message, refused
    for t, p in others:
        assert (by_partition[(t, p)].error, by_partition[(t, p)].base_offset) == (0, 0), by_partition[(t, p)]
    assert end_offsets_confluent(broker.bootstrap, topic, 2) == {0: 2, 1: 3}
    if other_topic:
        assert end_offsets_confluent(broker.bootstrap, other_topic, 1) == {0: 3}
    return refused


@pytest.mark.parametrize("name", DEFECTS)
def test_defect_is_refused_and_the_rest_of_the_request_appended(shared, name):
    bad, code, record_errors = defect(name)
    topic = f"defect-{name}"
    create_topic(shared.bootstrap, topic, 2)
    assert_refused_alone(shared, topic, bad, code, record_errors, version=9)
    # The log still reads back exactly the good records.
    values = sorted(r.value for r in consume_confluent(shared.bootstrap, topic, 2))
    assert values == sorted([b"before-0", b"before-1", b"bystander-0", b"bystander-1", b"bystander-2"])


@pytest.mark.parametrize("version", [8, 9])
def test_record_errors_and_message_in_both_encodings(shared, version):
    topic = f"encodings-v{version}"
    other = f"encodings-v{version}-other"
    create_topic(shared.bootstrap, topic, 2)
    create_topic(shared.bootstrap, other, 1)
    recs = kwire.records_v2(5, b"gappy")
    recs[1] = kwire.record_v2(9, b"x")
    recs[3] = kwire.record_v2(10, b"y")
    refused = assert_refused_alone(shared, topic, kwire.batch_v2(recs, now_ms()), INVALID_RECORD, [1, 3], version,
                                   other_topic=other)
    assert all("offset delta" in message for _, message in refused.record_errors)


def test_zstd_is_refused_before_produce_v7(shared):
    topic = "zstd-v6"
    create_topic(shared.bootstrap, topic, 1)
    batch = kwire.batch_v2(kwire.records_v2(2), now_ms(), codec="zstd")
    body = (kwire.string(None) + kwire.struct.pack(">hi", -1, 10000) + kwire.struct.pack(">i", 1) + kwire.string(topic)
            + kwire.struct.pack(">ii", 1, 0) + kwire.struct.pack(">i", len(batch)) + batch)
    with kwire.connect(shared.bootstrap) as s:
        s.sendall(kwire.request(kwire.PRODUCE, 6, 5, body))
        corr, answer = kwire.read_response(s)
    assert corr == 5
    assert [(t, p, e) for t, p, e, _ in kwire.parse_produce_v3(answer)] == [(topic, 0, UNSUPPORTED_COMPRESSION_TYPE)]
    assert end_offsets_confluent(shared.bootstrap, topic, 1) == {0: 0}


def test_batch_above_max_message_bytes_is_message_too_large(shared):
    topic = "small-messages"
    create_topic(shared.bootstrap, topic, 2, config={"max.message.bytes": "200"})
    bad = kwire.batch_v2(kwire.records_v2(1, b"x" * 300), now_ms())
    first = kwire.produce(shared.bootstrap, 9, [(topic, 0, good_batch(2, b"before"))])
    assert first[0].error == 0
    answers = kwire.produce(shared.bootstrap, 9, [(topic, 0, bad), (topic, 1, good_batch(3, b"bystander"))])
    assert [(a.partition, a.error) for a in answers] == [(0, MESSAGE_TOO_LARGE), (1, 0)]
    assert end_offsets_confluent(shared.bootstrap, topic, 2) == {0: 2, 1: 3}


@pytest.mark.parametrize("config,offset_ms", [
    ({"message.timestamp.before.max.ms": str(HOUR_MS)}, -2 * HOUR_MS),
    ({"message.timestamp.after.max.ms": str(HOUR_MS)}, 2 * HOUR_MS),
    ({"message.timestamp.difference.max.ms": str(HOUR_MS)}, -2 * HOUR_MS),
    ({"message.timestamp.difference.max.ms": str(HOUR_MS)}, 2 * HOUR_MS),
], ids=["before", "after", "deprecated-difference-past", "deprecated-difference-future"])
def test_timestamp_out_of_bounds_is_invalid_timestamp_naming_each_record(shared, config, offset_ms):
    topic = f"ts-{'-'.join(config)}-{'past' if offset_ms < 0 else 'future'}".replace(".", "-")
    create_topic(shared.bootstrap, topic, 2, config=config)
    ts = now_ms()
    # Records 0 and 2 are out of bounds, record 1 is now.
    recs = [kwire.record_v2(0, ts_delta=0), kwire.record_v2(1, ts_delta=-offset_ms), kwire.record_v2(2, ts_delta=0)]
    bad = kwire.batch_v2(recs, ts + offset_ms, max_timestamp=max(ts + offset_ms, ts))
    refused = assert_refused_alone(shared, topic, bad, INVALID_TIMESTAMP, [0, 2], version=9)
    assert all("timestamp" in message for _, message in refused.record_errors)


def test_keyless_records_on_a_compacted_topic_are_named(shared):
    topic = "compacted-keys"
    create_topic(shared.bootstrap, topic, 2, config={"cleanup.policy": "compact"})
    recs = [kwire.record_v2(0, key=b"k"), kwire.record_v2(1, key=None), kwire.record_v2(2, key=None)]
    assert_refused_alone(shared, topic, kwire.batch_v2(recs, now_ms()), INVALID_RECORD, [1, 2], version=9)


def test_clients_cannot_append_to_internal_topics(shared):
    topic = "__consumer_offsets"
    before = end_offsets_confluent(shared.bootstrap, topic, 1)
    answers = kwire.produce(shared.bootstrap, 9, [(topic, 0, good_batch(2, b"forged"))])
    assert [(a.topic, a.partition, a.error) for a in answers] == [(topic, 0, 17)]  # INVALID_TOPIC_EXCEPTION
    assert end_offsets_confluent(shared.bootstrap, topic, 1) == before


def test_max_timestamp_is_corrected_to_the_largest_record_timestamp(shared):
    topic = "max-timestamp"
    create_topic(shared.bootstrap, topic, 1)
    ts = now_ms()
    recs = [kwire.record_v2(0, ts_delta=0), kwire.record_v2(1, ts_delta=500), kwire.record_v2(2, ts_delta=200)]
    lying = kwire.batch_v2(recs, ts, max_timestamp=ts + 10 * 365 * 24 * HOUR_MS)
    answers = kwire.produce(shared.bootstrap, 9, [(topic, 0, lying)])
    assert [(a.error, a.base_offset) for a in answers] == [(0, 0)]
    from clients import stored_batches
    logs = sorted(shared.data_dir.glob(f"{topic}-0/*.log"))
    data = logs[0].read_bytes()
    # MaxTimestamp sits 35 bytes into the batch.
    assert int.from_bytes(data[35:43], "big", signed=True) == ts + 500
    assert len(list(stored_batches(logs[0]))) == 1


@pytest.mark.parametrize("codec", CODECS)
@pytest.mark.parametrize("client", ["confluent", "kafka-python", "aiokafka"])
def test_real_clients_pass_on_bounded_and_compacted_topics(shared, client, codec):
    """What real producers send passes every rule, including timestamp bounds and keys on compacted topics."""
    config = {"cleanup.policy": "compact", "message.timestamp.before.max.ms": str(HOUR_MS),
              "message.timestamp.after.max.ms": str(HOUR_MS)}
    topic = f"strict-{client}-{codec}"
    create_topic(shared.bootstrap, topic, 3, config=config)
    records = make_records(200, f"{client}-{codec}")
    produce(client, shared.bootstrap, topic, records, codec=codec)
    assert sum(end_offsets_confluent(shared.bootstrap, topic, 3).values()) == 200


def test_librdkafka_reports_invalid_timestamp_for_a_record_outside_the_bounds(shared):
    topic = "librdkafka-old-timestamp"
    create_topic(shared.bootstrap, topic, 1, config={"message.timestamp.before.max.ms": str(HOUR_MS)})
    results: list = []
    p = Producer(confluent_producer_conf(shared.bootstrap))
    p.produce(topic, b"too old", key=b"k", partition=0, timestamp=now_ms() - 2 * HOUR_MS,
              on_delivery=lambda err, msg: results.append(err))
    p.produce(topic, b"fine", key=b"k", partition=0, on_delivery=lambda err, msg: results.append(err))
    assert p.flush(30) == 0
    codes = [err.code() if err else None for err in results]
    assert KafkaError.INVALID_TIMESTAMP in codes, codes
    assert end_offsets_confluent(shared.bootstrap, topic, 1)[0] == codes.count(None)
