"""Produce v0-2 and Fetch v0-3: message format v0/v1 converted at the broker's edge (docs/message-format.md).

kafka-python pinned to an old `api_version` speaks only the old versions: (0, 8, 2) sends Produce v0
and Fetch v0 with magic 0, (0, 10, 0) Produce v2 and Fetch v2 with magic 1, (0, 10, 1) Produce v2 and
Fetch v3 with magic 1. Its consumers here assign and seek to offset 0, because the ListOffsets v0 that
(0, 8, 2) and (0, 10, 0) send to find the earliest offset is not this file's subject. The broker
stores v2 batches only, so a modern client (confluent-kafka) reads what the old ones wrote, and the old
ones read what it wrote, headers dropped. Hand-made frames (legacywire.py) cover what clients do not
send: a corrupt CRC, a v2 batch in Produce v0, Fetch v3's max_bytes, zstd for an old reader.
"""

from __future__ import annotations

import threading
import time
import urllib.request

import pytest
from confluent_kafka import Producer, TopicPartition
from prometheus_client.parser import text_string_to_metric_families

import kwire
import legacywire
from clients import confluent_consumer, create_topic, end_offsets_confluent, headers_of, stored_batches
from legacywire import FETCH, PRODUCE

TIMEOUT_S = 30.0
PARTITIONS = 2
RECORDS = 30
OLD_CLIENTS = {(0, 8, 2): 0, (0, 10, 0): 1, (0, 10, 1): 1}  # api_version -> the magic it writes and reads


def slug(api_version: tuple[int, ...]) -> str:
    return "-".join(map(str, api_version))


def produce_old(bootstrap: str, topic: str, api_version, codec: str, n: int = RECORDS, base_ts: int = 1_700_000_000_000):
    """n records from kafka-python at `api_version`, partition i % PARTITIONS; returns
    (partition, offset, key, value, timestamp) as the producer was told, timestamps as sent."""
    from kafka import KafkaProducer

    p = KafkaProducer(bootstrap_servers=bootstrap, api_version=api_version, linger_ms=20,
                      compression_type=None if codec == "none" else codec, request_timeout_ms=20000)
    try:
        sent = []
        for i in range(n):
            key = None if i % 7 == 3 else f"k{i}".encode()
            value = f"{slug(api_version)}-{codec}-{i}".encode() + b"v" * (i % 40)
            sent.append((key, value, base_ts + i, p.send(topic, key=key, value=value, partition=i % PARTITIONS,
                                                          timestamp_ms=base_ts + i)))
        p.flush(timeout=TIMEOUT_S)
        out = []
        for key, value, ts, future in sent:
            md = future.get(timeout=TIMEOUT_S)
            out.append((md.partition, md.offset, key, value, ts))
        return sorted(out)
    finally:
        p.close(timeout=5)


def consume_old(bootstrap: str, topic: str, api_version, n: int):
    """n records read by kafka-python at `api_version` from offset 0 of every partition, as
    (partition, offset, key, value, timestamp or None, headers)."""
    from kafka import KafkaConsumer
    from kafka import TopicPartition as KTP

    c = KafkaConsumer(bootstrap_servers=bootstrap, api_version=api_version, group_id=None,
                      enable_auto_commit=False, request_timeout_ms=20000, fetch_max_wait_ms=200)
    try:
        tps = [KTP(topic, p) for p in range(PARTITIONS)]
        c.assign(tps)
        for tp in tps:
            c.seek(tp, 0)
        got = []
        deadline = time.monotonic() + TIMEOUT_S
        while len(got) < n:
            assert time.monotonic() < deadline, f"read {len(got)} of {n} records"
            for msgs in c.poll(timeout_ms=300).values():
                got += [(m.partition, m.offset, m.key, m.value, None if m.timestamp == -1 else m.timestamp,
                         list(m.headers or [])) for m in msgs]
        return sorted(got)
    finally:
        c.close()


def consume_modern(bootstrap: str, topic: str, partitions: int = PARTITIONS):
    """Everything in the topic read by confluent-kafka: (partition, offset, key, value, timestamp, headers)."""
    c = confluent_consumer(bootstrap)
    try:
        ends = end_offsets_confluent(bootstrap, topic, partitions, c)
        c.assign([TopicPartition(topic, p, 0) for p in range(partitions)])
        got = []
        deadline = time.monotonic() + TIMEOUT_S
        while len(got) < sum(ends.values()):
            assert time.monotonic() < deadline, f"read {len(got)} of {ends}"
            for m in c.consume(num_messages=1000, timeout=0.5):
                assert not m.error(), m.error()
                got.append((m.partition(), m.offset(), m.key(), m.value(), m.timestamp()[1], headers_of(m.headers())))
        return sorted(got)
    finally:
        c.close()


def stored_codecs(data_dir, topic: str) -> set[int]:
    return {attributes & 7 for log in data_dir.glob(f"{topic}-*/*.log") for _, _, attributes in stored_batches(log)}


# -- real clients ---------------------------------------------------------------------------------

@pytest.mark.parametrize("codec", ["none", "gzip", "snappy", "lz4"])
@pytest.mark.parametrize("api_version", list(OLD_CLIENTS), ids=slug)
def test_old_client_reads_back_what_it_wrote(shared, api_version, codec):
    """The same records at the offsets the producer was told, timestamps kept in magic 1; stored as v2
    batches with the producer's codec, which confluent-kafka reads as the same records."""
    topic = f"old-{slug(api_version)}-{codec}"
    create_topic(shared.bootstrap, topic, PARTITIONS)
    magic = OLD_CLIENTS[api_version]
    produced = produce_old(shared.bootstrap, topic, api_version, codec)
    assert [(p, o) for p, o, *_ in produced] == sorted(
        (p, o) for p in range(PARTITIONS) for o in range(RECORDS // PARTITIONS))
    assert stored_codecs(shared.data_dir, topic) == {legacywire.CODECS[codec]}

    consumed = consume_old(shared.bootstrap, topic, api_version, RECORDS)
    assert consumed == [(p, o, k, v, ts if magic else None, []) for p, o, k, v, ts in produced]

    modern = consume_modern(shared.bootstrap, topic)
    assert [(p, o, k, v, ()) for p, o, k, v, _ in produced] == [(p, o, k, v, h) for p, o, k, v, _, h in modern]
    if magic:
        assert [ts for *_, ts in produced] == [ts for _, _, _, _, ts, _ in modern]


@pytest.mark.parametrize("api_version", [(0, 8, 2), (0, 10, 1)], ids=slug)
def test_old_client_reads_what_a_modern_client_wrote(shared, api_version):
    """confluent-kafka writes v2 batches with headers, uncompressed, gzip and lz4; an old reader gets
    the same keys, values and offsets (timestamps too in magic 1), and no headers."""
    topic = f"modern-to-{slug(api_version)}"
    create_topic(shared.bootstrap, topic, PARTITIONS)
    written = []
    for run, codec in enumerate(["none", "gzip", "lz4"]):
        p = Producer({"bootstrap.servers": shared.bootstrap, "compression.type": codec, "linger.ms": 20})
        for i in range(10):
            p.produce(topic, key=f"k{run}-{i}".encode(), value=f"{codec}-{i}".encode() * (1 + i),
                      partition=i % PARTITIONS, headers=[("h", f"{run}-{i}".encode())],
                      timestamp=1_700_000_100_000 + 100 * run + i)
        assert p.flush(TIMEOUT_S) == 0
    written = consume_modern(shared.bootstrap, topic)
    assert len(written) == 30 and all(h for *_, h in written)

    consumed = consume_old(shared.bootstrap, topic, api_version, 30)
    magic = OLD_CLIENTS[api_version]
    assert consumed == [(p, o, k, v, ts if magic else None, []) for p, o, k, v, ts, _ in written]


# -- hand-made frames -----------------------------------------------------------------------------

def test_corrupt_crc_in_produce_v0_refuses_only_that_partition(shared):
    """A message set whose CRC-32 is wrong gets CORRUPT_MESSAGE (2) for its partition; the other
    partition of the same request is appended, and nothing of the bad one is stored."""
    topic = "old-crc"
    create_topic(shared.bootstrap, topic, PARTITIONS)
    good = legacywire.message_set(0, [(b"a", b"good-1"), (None, b"good-2")])
    bad = legacywire.corrupt_crc(legacywire.message_set(0, [(b"b", b"bad-1")]))
    client = kwire.Client(shared.bootstrap)
    try:
        body = client.call(PRODUCE, 0, legacywire.produce({topic: [(0, good), (1, bad)]}))
    finally:
        client.close()
    answers, throttle = legacywire.parse_produce(body, 0)
    assert [(a.partition, a.error, a.base_offset) for a in answers] == [(0, 0, 0), (1, 2, -1)]
    assert throttle is None
    assert end_offsets_confluent(shared.bootstrap, topic, PARTITIONS) == {0: 2, 1: 0}
    assert [(k, v) for _, _, k, v, _, _ in consume_modern(shared.bootstrap, topic)] == [(b"a", b"good-1"), (None, b"good-2")]


def test_produce_v1_and_v2_responses_and_log_append_time(shared):
    """Produce v1 answers a throttle time after the topics; v2 adds log_append_time per partition: the
    broker's time on a LogAppendTime topic, -1 on a CreateTime one. Fetch v2 then gives each message
    of the LogAppendTime topic that time and the LogAppendTime attribute."""
    create_topic(shared.bootstrap, "old-lat", 1, config={"message.timestamp.type": "LogAppendTime"})
    create_topic(shared.bootstrap, "old-ct", 1)
    records = legacywire.message_set(1, [(b"k1", b"v1"), (b"k2", b"v2")], codec="gzip", timestamp=1_000)
    client = kwire.Client(shared.bootstrap)
    try:
        answers, throttle = legacywire.parse_produce(
            client.call(PRODUCE, 1, legacywire.produce({"old-ct": [(0, records)]})), 1)
        assert [(a.error, a.base_offset, a.log_append_time) for a in answers] == [(0, 0, None)] and throttle == 0
        before = int(time.time() * 1000)
        answers, throttle = legacywire.parse_produce(
            client.call(PRODUCE, 2, legacywire.produce({"old-lat": [(0, records)], "old-ct": [(0, records)]})), 2)
        after = int(time.time() * 1000)
        lat, ct = answers
        assert (lat.topic, lat.error, lat.base_offset) == ("old-lat", 0, 0) and before <= lat.log_append_time <= after
        assert (ct.topic, ct.error, ct.base_offset, ct.log_append_time) == ("old-ct", 0, 2, -1) and throttle == 0
        (fetched,) = legacywire.parse_fetch(client.call(FETCH, 2, legacywire.fetch({"old-lat": [(0, 0, 1 << 20)]}, 2)), 2)
    finally:
        client.close()
    assert (fetched.error, fetched.high_watermark) == (0, 2)
    messages = legacywire.read_message_set(fetched.records)
    assert [(m.offset, m.magic, m.key, m.value, m.timestamp, m.timestamp_type) for m in messages] == [
        (0, 1, b"k1", b"v1", lat.log_append_time, 1), (1, 1, b"k2", b"v2", lat.log_append_time, 1)]


def test_record_batch_in_produce_v0_is_appended(shared):
    """Kafka 3.9 checks the magic of Produce's records only from v3, so a v2 batch in Produce v0 is
    appended as Produce v3 would append it; Fjord does the same."""
    topic = "old-v2-in-v0"
    create_topic(shared.bootstrap, topic, 1)
    batch = kwire.record_batch([b"r1", b"r2"], int(time.time() * 1000))
    client = kwire.Client(shared.bootstrap)
    try:
        answers, _ = legacywire.parse_produce(client.call(PRODUCE, 0, legacywire.produce({topic: [(0, batch)]})), 0)
    finally:
        client.close()
    assert [(a.error, a.base_offset) for a in answers] == [(0, 0)]
    assert [v for _, _, _, v, _, _ in consume_modern(shared.bootstrap, topic, 1)] == [b"r1", b"r2"]


def test_zstd_batch_answers_unsupported_compression_to_old_fetches(shared):
    """The old formats cannot carry zstd: Fetch v0-3 answers UNSUPPORTED_COMPRESSION_TYPE (76) for a
    partition whose next batch is zstd, and the records of the other partition."""
    topic = "old-zstd"
    create_topic(shared.bootstrap, topic, PARTITIONS)
    p = Producer({"bootstrap.servers": shared.bootstrap, "compression.type": "zstd", "linger.ms": 5})
    p.produce(topic, value=b"z" * 100, partition=0)
    assert p.flush(TIMEOUT_S) == 0
    client = kwire.Client(shared.bootstrap)
    try:
        client.call(PRODUCE, 2, legacywire.produce({topic: [(1, legacywire.message_set(1, [(None, b"plain")]))]}))
        for version in range(4):
            got = legacywire.parse_fetch(
                client.call(FETCH, version, legacywire.fetch({topic: [(0, 0, 1 << 20), (1, 0, 1 << 20)]}, version)), version)
            assert [(f.partition, f.error, f.records) for f in got[:1]] == [(0, 76, b"")], version
            assert [m.value for m in legacywire.read_message_set(got[1].records)] == [b"plain"], version
    finally:
        client.close()


def test_fetch_v3_max_bytes_bounds_the_response(shared):
    """Fetch v3's max_bytes and the partition max bound the converted sets. v3: the response's first
    message goes whole even when larger, and a later partition that does not fit in what max_bytes
    leaves sends nothing. v0-2 have no max_bytes: every partition's first message goes whole, and
    the partition max bounds the rest (FetchPlan.oneMessagePerPartition)."""
    topic = "old-maxbytes"
    create_topic(shared.bootstrap, topic, PARTITIONS)
    values = [bytes([65 + i]) * 100 for i in range(20)]
    client = kwire.Client(shared.bootstrap)
    try:
        for partition in range(PARTITIONS):
            client.call(PRODUCE, 2, legacywire.produce({topic: [(partition, legacywire.message_set(1, [(None, v) for v in values]))]}))

        def fetch(version, max_bytes, partition_max):
            body = legacywire.fetch({topic: [(0, 0, partition_max), (1, 0, partition_max)]}, version, max_bytes=max_bytes)
            return [legacywire.read_message_set(f.records) for f in legacywire.parse_fetch(client.call(FETCH, version, body), version)]

        # A magic 1 message of a 100-byte value with no key is 134 bytes.
        first, second = fetch(3, 500, 1 << 20)
        assert [m.value for m in first] == values[:3] and second == []
        first, second = fetch(3, 10, 1 << 20)
        assert [m.value for m in first] == values[:1] and second == []
        first, second = fetch(3, 0x7FFFFFFF, 300)
        assert [m.value for m in first] == values[:2] and second == []
        first, second = fetch(2, 0, 300)
        assert [m.value for m in first] == values[:2] and [m.value for m in second] == values[:2]
        first, second = fetch(0, 0, 10)
        assert [m.value for m in first] == values[:1] and [m.value for m in second] == values[:1]
    finally:
        client.close()


def test_fetch_v0_long_poll_is_woken_by_an_append(shared):
    """A Fetch v0 at the log end with max_wait and min_bytes waits; an append wakes it with the new
    message, long before max_wait. Without an append it answers empty after max_wait."""
    topic = "old-longpoll"
    create_topic(shared.bootstrap, topic, 1)
    client = kwire.Client(shared.bootstrap)
    try:
        started = time.monotonic()
        (empty,) = legacywire.parse_fetch(client.call(FETCH, 0, legacywire.fetch({topic: [(0, 0, 1 << 20)]}, 0, 400, 1)), 0)
        assert empty.records == b"" and time.monotonic() - started >= 0.35

        def append_later():
            time.sleep(0.5)
            other = kwire.Client(shared.bootstrap)
            try:
                other.call(PRODUCE, 0, legacywire.produce({topic: [(0, legacywire.message_set(0, [(b"k", b"late")]))]}))
            finally:
                other.close()

        writer = threading.Thread(target=append_later)
        writer.start()
        started = time.monotonic()
        (woken,) = legacywire.parse_fetch(client.call(FETCH, 0, legacywire.fetch({topic: [(0, 0, 1 << 20)]}, 0, 10000, 1)), 0)
        waited = time.monotonic() - started
        writer.join()
    finally:
        client.close()
    assert [(m.offset, m.magic, m.key, m.value) for m in legacywire.read_message_set(woken.records)] == [(0, 0, b"k", b"late")]
    assert 0.4 <= waited < 5, waited


# -- metrics --------------------------------------------------------------------------------------

def conversion_samples(broker) -> dict[tuple[str, str], float]:
    with urllib.request.urlopen(broker.metrics_url() + "/metrics", timeout=10) as response:
        text = response.read().decode()
    return {(s.name, s.labels.get("magic", "")): s.value
            for family in text_string_to_metric_families(text) for s in family.samples
            if "_conver" in s.name}


def test_conversions_are_counted_in_metrics(broker):
    """Every series is there from the start at 0; Produce v0-2 and Fetch v0-3 move the counters of
    the magic they convert from or to, by partitions, records and bytes in the old format."""
    before = conversion_samples(broker)
    for direction in ("fjord_produce_up", "fjord_fetch_down"):
        for kind in ("conversions", "converted_records", "converted_bytes"):
            for magic in ("0", "1"):
                assert before[(f"{direction}_{kind}_total", magic)] == 0
    create_topic(broker.bootstrap, "counted", PARTITIONS)
    produce_old(broker.bootstrap, "counted", (0, 10, 1), "gzip", n=10)
    consume_old(broker.bootstrap, "counted", (0, 8, 2), 10)
    after = conversion_samples(broker)
    assert after[("fjord_produce_up_conversions_total", "1")] >= PARTITIONS
    assert after[("fjord_produce_up_converted_records_total", "1")] == 10
    assert after[("fjord_produce_up_converted_bytes_total", "1")] > 10 * 20
    assert after[("fjord_produce_up_converted_records_total", "0")] == 0
    assert after[("fjord_fetch_down_conversions_total", "0")] >= PARTITIONS
    assert after[("fjord_fetch_down_converted_records_total", "0")] >= 10
    assert after[("fjord_fetch_down_converted_bytes_total", "0")] > 10 * 20
    assert after[("fjord_fetch_down_converted_records_total", "1")] == 0
