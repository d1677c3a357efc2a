"""Malformed, oversized and invalid requests close (or fail) only the offending connection or
request; the broker stays up and other clients keep working."""

from __future__ import annotations

import struct
import time

import pytest
from confluent_kafka import KafkaError, KafkaException, TopicPartition
from confluent_kafka.admin import NewTopic

import kwire
from clients import admin, confluent_consumer, consume_confluent, create_topic, make_records, produce


def assert_healthy(broker) -> None:
    assert broker.is_alive(), f"broker died (exit {broker.proc.returncode if broker.proc else None})"
    # A fresh raw connection gets a well-formed ApiVersions answer ...
    with kwire.connect(broker.bootstrap) as s:
        s.sendall(kwire.request(kwire.API_VERSIONS, 0, 4242, b""))
        corr, body = kwire.read_response(s)
        assert corr == 4242
        err, apis = kwire.parse_api_versions_v0(body)
        assert err == 0 and kwire.PRODUCE in apis
    # ... and a real client still lists topics.
    admin(broker.bootstrap).list_topics(timeout=10)


def assert_closed(s, what: str, timeout: float = 10.0) -> None:
    closed, got = kwire.wait_closed(s, timeout)
    assert closed, f"{what}: connection still open after {timeout}s (received {got[:64]!r})"


@pytest.mark.parametrize("size", [0x7FFFFFFF, 0x80000000, 0xFFFFFFFF],
                         ids=["2GiB-1", "2GiB(negative)", "minus-1"])
def test_oversized_frame_closes_only_that_connection(broker, size):
    bystander = kwire.connect(broker.bootstrap)
    with kwire.connect(broker.bootstrap) as bad:
        kwire.send_quietly(bad, struct.pack(">I", size) + b"\x00" * 64)
        assert_closed(bad, f"size {size:#x}")
    # The connection opened before the bad one is unaffected.
    bystander.sendall(kwire.request(kwire.API_VERSIONS, 0, 7, b""))
    assert kwire.read_response(bystander)[0] == 7
    bystander.close()
    assert_healthy(broker)


def test_frame_over_max_request_bytes_is_rejected_before_buffering(broker_factory):
    broker = broker_factory(["--max-request-bytes", "1048576"])
    with kwire.connect(broker.bootstrap) as bad:
        kwire.send_quietly(bad, struct.pack(">i", 2 * 1048576) + b"\x00" * 1024)
        assert_closed(bad, "frame of 2 MiB with --max-request-bytes 1 MiB")
    assert_healthy(broker)


@pytest.mark.parametrize("frame", [
    pytest.param(struct.pack(">i", 3) + b"abc", id="shorter-than-header"),
    pytest.param(struct.pack(">i", 0), id="empty"),
    pytest.param(kwire.request(kwire.METADATA, 1, 1, struct.pack(">i", 0x7FFFFFF0)), id="metadata-huge-array-count"),
    pytest.param(kwire.request(kwire.METADATA, 1, 1, struct.pack(">i", 1) + struct.pack(">h", 30000) + b"x"),
                 id="metadata-string-past-end"),
    pytest.param(struct.pack(">i", 64) + bytes(range(200, 256)) + bytes(8), id="garbage"),
])
def test_malformed_frame_closes_only_that_connection(broker, frame):
    bystander = kwire.connect(broker.bootstrap)
    with kwire.connect(broker.bootstrap) as bad:
        kwire.send_quietly(bad, frame)
        assert_closed(bad, "malformed frame")
    bystander.sendall(kwire.request(kwire.API_VERSIONS, 0, 8, b""))
    assert kwire.read_response(bystander)[0] == 8
    bystander.close()
    assert_healthy(broker)


def test_unknown_api_key_closes_connection(broker):
    with kwire.connect(broker.bootstrap) as s:
        kwire.send_quietly(s, kwire.request(1000, 0, 9, b""))
        assert_closed(s, "unknown API key 1000")
    assert_healthy(broker)


def test_unsupported_version_of_known_api_is_refused(broker):
    """Kafka closes the connection; answering UNSUPPORTED_VERSION (35) is accepted too (issue: 'as Kafka does')."""
    with kwire.connect(broker.bootstrap) as s:
        kwire.send_quietly(s, kwire.request(kwire.METADATA, 99, 10, b""))
        closed, got = kwire.wait_closed(s, 10)
        if not closed:
            assert len(got) >= 8 and struct.unpack(">i", got[4:8])[0] == 10, \
                f"Metadata v99: neither closed nor answered ({got[:64]!r})"
    assert_healthy(broker)


def test_api_versions_too_new_gets_v0_answer_with_unsupported_version(broker):
    """KIP-511 (docs/kafka-behaviour.md): v0-shaped body, error 35, and key 18's range."""
    with kwire.connect(broker.bootstrap) as s:
        s.sendall(kwire.request(kwire.API_VERSIONS, 99, 11, b""))
        corr, body = kwire.read_response(s)
    assert corr == 11
    err, apis = kwire.parse_api_versions_v0(body)
    assert err == 35
    assert kwire.API_VERSIONS in apis and apis[kwire.API_VERSIONS][0] == 0


def test_api_versions_v0_lists_produce_from_0(broker):
    """docs/kafka-behaviour.md, "librdkafka looks for Produce v0": old librdkafka enables compression only if Produce v0 is listed."""
    with kwire.connect(broker.bootstrap) as s:
        s.sendall(kwire.request(kwire.API_VERSIONS, 0, 12, b""))
        corr, body = kwire.read_response(s)
    err, apis = kwire.parse_api_versions_v0(body)
    assert corr == 12 and err == 0
    assert apis[kwire.PRODUCE][0] == 0, f"Produce advertised as {apis[kwire.PRODUCE]}"
    for key in (1, 2, 3, 18, 19, 20, 22, 32, 37):  # Fetch ListOffsets Metadata ApiVersions CreateTopics DeleteTopics InitProducerId DescribeConfigs CreatePartitions
        assert key in apis, f"API key {key} not advertised"


def test_bad_crc_gets_corrupt_message_and_writes_nothing(broker):
    create_topic(broker.bootstrap, "crc", 1)
    ts = int(time.time() * 1000)
    with kwire.connect(broker.bootstrap) as s:
        bad = kwire.record_batch([b"bad-1", b"bad-2"], ts, corrupt_crc=True)
        s.sendall(kwire.request(kwire.PRODUCE, 3, 21, kwire.produce_v3("crc", 0, bad)))
        corr, body = kwire.read_response(s)
        assert corr == 21
        assert [(t, p, e) for t, p, e, _ in kwire.parse_produce_v3(body)] == [("crc", 0, 2)]  # CORRUPT_MESSAGE
        # Same connection, same batch with the right CRC: accepted at offset 0.
        good = kwire.record_batch([b"good-1", b"good-2"], ts)
        s.sendall(kwire.request(kwire.PRODUCE, 3, 22, kwire.produce_v3("crc", 0, good)))
        corr, body = kwire.read_response(s)
        assert corr == 22
        assert kwire.parse_produce_v3(body) == [("crc", 0, 0, 0)]
    assert [r.value for r in consume_confluent(broker.bootstrap, "crc", 1)] == [b"good-1", b"good-2"]
    assert_healthy(broker)


def create_error(broker, topic: NewTopic) -> int | None:
    a = admin(broker.bootstrap)  # keep the client alive until the future resolves
    fs = a.create_topics([topic], request_timeout=15)
    try:
        list(fs.values())[0].result(timeout=20)
        return None
    except KafkaException as e:
        return e.args[0].code()


@pytest.mark.parametrize("name", ["bad name", "a" * 250, ".", "..", "slash/topic", "t\u00fcrkis", "semi;colon"])
def test_create_topic_invalid_name(broker, name):
    assert create_error(broker, NewTopic(name, 1, 1)) == KafkaError.TOPIC_EXCEPTION  # 17
    assert_healthy(broker)


def test_create_topic_longest_valid_name(broker):
    name = "a-Z_0." + "b" * 243  # 249 characters, every allowed character class
    assert create_error(broker, NewTopic(name, 1, 1)) is None
    assert name in admin(broker.bootstrap).list_topics(timeout=10).topics


def test_create_topic_invalid_partitions_and_replication(broker):
    assert create_error(broker, NewTopic("zero-parts", 0, 1)) == KafkaError.INVALID_PARTITIONS  # 37
    assert create_error(broker, NewTopic("rf3", 1, 3)) == KafkaError.INVALID_REPLICATION_FACTOR  # 38
    assert create_error(broker, NewTopic("ok", 2, 1)) is None
    assert create_error(broker, NewTopic("ok", 2, 1)) == KafkaError.TOPIC_ALREADY_EXISTS  # 36
    topics = admin(broker.bootstrap).list_topics(timeout=10).topics
    assert "zero-parts" not in topics and "rf3" not in topics and "ok" in topics
    assert_healthy(broker)


def test_everything_still_works_after_a_barrage(broker):
    """All of the above on one broker, with a producer and consumer running alongside."""
    create_topic(broker.bootstrap, "alive", 3)
    for frame in (struct.pack(">I", 0x7FFFFFFF), struct.pack(">i", 3) + b"abc",
                  kwire.request(1000, 0, 1, b""), kwire.request(kwire.METADATA, 1, 1, struct.pack(">i", 0x7FFFFFF0))):
        with kwire.connect(broker.bootstrap) as s:
            kwire.send_quietly(s, frame)
            assert_closed(s, f"frame {frame[:12]!r}")
    records = make_records(300, "alive")
    produce("confluent", broker.bootstrap, "alive", records)
    assert len(consume_confluent(broker.bootstrap, "alive", 3)) == 300
    c = confluent_consumer(broker.bootstrap)
    try:
        assert sum(c.get_watermark_offsets(TopicPartition("alive", p), timeout=10)[1] for p in range(3)) == 300
    finally:
        c.close()
    assert_healthy(broker)
