"""Uniform produce/consume helpers over confluent-kafka, kafka-python, aiokafka and kcat.

Every consumer uses manual assignment (no consumer groups) of all partitions from the beginning and
reads until it has reached the end offset (high watermark) of every partition, measured through the
same client's ListOffsets, so duplicates and extra records are visible, not just missing ones.
All loops are bounded by a deadline.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import struct
import subprocess
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from confluent_kafka import Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

CLIENTS = ("confluent", "kafka-python", "aiokafka", "kcat")
CODECS = ("none", "gzip", "snappy", "lz4", "zstd")
DEFAULT_TIMEOUT_S = 60.0

# kafka-python and aiokafka log connection noise at WARNING/ERROR while a broker restarts.
logging.getLogger("kafka").setLevel(logging.CRITICAL)
logging.getLogger("aiokafka").setLevel(logging.CRITICAL)

Header = tuple[str, bytes]


@dataclass(frozen=True)
class Rec:
    """A record as produced (partition/offset None until known) or as consumed."""
    key: bytes | None
    value: bytes
    headers: tuple[Header, ...] = ()
    partition: int | None = None
    offset: int | None = None

    def content(self) -> tuple:
        return (self.key, self.value, self.headers)


# -- segment files --------------------------------------------------------------------------------

def stored_batches(log: Path) -> Iterable[tuple[int, int, int]]:
    """(position, batch length incl. the 12-byte prefix, attributes) of each batch in a `.log` file,
    in order. Stops at the active segment's preallocated zero tail (topic config `preallocate`)."""
    data = log.read_bytes()
    pos = 0
    while pos + 23 <= len(data):
        length = struct.unpack_from(">i", data, pos + 8)[0]
        if length <= 0 or pos + 12 + length > len(data):
            break
        magic = data[pos + 16]
        assert magic == 2, f"{log}: magic {magic} at {pos}"
        yield pos, 12 + length, struct.unpack_from(">h", data, pos + 21)[0]
        pos += 12 + length


def segment_data_bytes(log: Path) -> int:
    """Bytes of record batches in a `.log` file: its size less any reserved tail."""
    return sum(size for _, size, _ in stored_batches(log))


# -- record sets ----------------------------------------------------------------------------------

def make_records(n: int, tag: str, keys: int = 37, with_headers: bool = True) -> list[Rec]:
    """n keyed records. Value carries the tag and a sequence number (per-key order check).

    Only characters that survive kcat's text formats: no ':', ',', '=', tabs or newlines.
    """
    out = []
    for i in range(n):
        key = f"key-{i % keys}".encode()
        value = f"{tag}-seq-{i:06d}-" .encode() + b"x" * (i % 50)
        headers: tuple[Header, ...] = ()
        if with_headers:
            headers = (("origin", tag.encode()), ("seq", str(i).encode()))
        out.append(Rec(key, value, headers))
    return out


def kcat_records(n: int, tag: str, keys: int = 37) -> list[Rec]:
    """kcat's -H applies the same headers to every record it produces."""
    return [Rec(r.key, r.value, (("origin", tag.encode()), ("client", b"kcat"))) for r in make_records(n, tag, keys, False)]


def seq_of(value: bytes) -> int:
    return int(value.split(b"-seq-")[1].split(b"-")[0])


def assert_same_records(produced: Sequence[Rec], consumed: Sequence[Rec]) -> None:
    """Exact multiset equality of (key, value, headers), then per-key order within one partition."""
    want = Counter(r.content() for r in produced)
    got = Counter(r.content() for r in consumed)
    missing = want - got
    extra = got - want
    assert not missing and not extra, (
        f"produced {len(produced)}, consumed {len(consumed)}: {sum(missing.values())} missing "
        f"(e.g. {list(missing)[:3]}), {sum(extra.values())} extra/duplicated (e.g. {list(extra)[:3]})"
    )
    assert_per_key_order(consumed)


def assert_per_key_order(consumed: Iterable[Rec]) -> None:
    """A key lives in one partition, and each producer run's records of a key (same value tag)
    appear there in the order they were produced."""
    by_key: dict[bytes | None, list[Rec]] = defaultdict(list)
    for r in consumed:
        by_key[r.key].append(r)
    for key, recs in by_key.items():
        parts = {r.partition for r in recs}
        assert len(parts) == 1, f"key {key!r} spread over partitions {sorted(parts)}"
        recs.sort(key=lambda r: r.offset)
        by_run: dict[bytes, list[int]] = defaultdict(list)
        for r in recs:
            by_run[r.value.split(b"-seq-")[0]].append(seq_of(r.value))
        for run, seqs in by_run.items():
            assert seqs == sorted(seqs), f"key {key!r} ({run!r}) out of order: {seqs[:20]}"


def assert_offsets_dense(consumed: Sequence[Rec], end_offsets: dict[int, int]) -> None:
    """Each partition holds offsets 0..end-1 exactly once (fresh topic, no deletes)."""
    by_part: dict[int, list[int]] = defaultdict(list)
    for r in consumed:
        by_part[r.partition].append(r.offset)
    for p, end in end_offsets.items():
        assert sorted(by_part.get(p, [])) == list(range(end)), f"partition {p}: offsets not 0..{end - 1}"


# -- admin (confluent-kafka) ----------------------------------------------------------------------

def admin(bootstrap: str) -> AdminClient:
    return AdminClient({"bootstrap.servers": bootstrap, "socket.timeout.ms": 10000})


def create_topic(bootstrap: str, name: str, partitions: int = 6, config: dict | None = None,
                 timeout: float = 30.0) -> None:
    a = admin(bootstrap)
    fs = a.create_topics([NewTopic(name, num_partitions=partitions, replication_factor=1, config=config or {})],
                         operation_timeout=timeout, request_timeout=timeout)
    fs[name].result(timeout=timeout)
    wait_topic(bootstrap, name, partitions, a=a)


def wait_topic(bootstrap: str, name: str, partitions: int, timeout: float = 20.0, a: AdminClient | None = None) -> None:
    a = a or admin(bootstrap)
    deadline = time.monotonic() + timeout
    while True:
        md = a.list_topics(topic=name, timeout=10)
        t = md.topics.get(name)
        if t is not None and t.error is None and len(t.partitions) == partitions:
            return
        assert time.monotonic() < deadline, f"topic {name} not visible with {partitions} partitions: {t}"
        time.sleep(0.2)


# -- producers ------------------------------------------------------------------------------------

def produce(client: str, bootstrap: str, topic: str, records: Sequence[Rec], codec: str = "none",
            acks: str = "all", **extra) -> list[Rec]:
    """Produce with `client`; returns the records with partition/offset where the client reports them."""
    fn = {
        "confluent": produce_confluent,
        "kafka-python": produce_kafka_python,
        "aiokafka": produce_aiokafka,
        "kcat": produce_kcat,
    }[client]
    return fn(bootstrap, topic, records, codec=codec, acks=acks, **extra)


def confluent_producer_conf(bootstrap: str, codec: str = "none", acks: str = "all", **extra) -> dict:
    conf = {
        "bootstrap.servers": bootstrap,
        "partitioner": "murmur2_random",
        "linger.ms": 5,
        "compression.type": codec,
        "acks": acks,
        "message.timeout.ms": 30000,
    }
    conf.update(extra)
    return conf


def produce_confluent(bootstrap: str, topic: str, records: Sequence[Rec], codec: str = "none",
                      acks: str = "all", timeout: float = DEFAULT_TIMEOUT_S, **extra) -> list[Rec]:
    p = Producer(confluent_producer_conf(bootstrap, codec, acks, **extra))
    results: list[Rec | None] = [None] * len(records)
    errors: list[str] = []

    def on_delivery(i: int, r: Rec):
        def cb(err, msg):
            if err is not None:
                errors.append(f"record {i}: {err}")
            else:
                results[i] = Rec(r.key, r.value, r.headers, msg.partition(), msg.offset())
        return cb

    for i, r in enumerate(records):
        while True:
            try:
                p.produce(topic, key=r.key, value=r.value, headers=list(r.headers) or None,
                          on_delivery=on_delivery(i, r))
                break
            except BufferError:
                p.poll(0.1)
        p.poll(0)
    remaining = p.flush(timeout)
    assert remaining == 0, f"confluent-kafka: {remaining} records not delivered after {timeout}s"
    assert not errors, f"confluent-kafka delivery errors: {errors[:5]} ({len(errors)} total)"
    return [r for r in results if r is not None]


def produce_kafka_python(bootstrap: str, topic: str, records: Sequence[Rec], codec: str = "none",
                         acks: str = "all", timeout: float = DEFAULT_TIMEOUT_S, **extra) -> list[Rec]:
    from kafka import KafkaProducer

    conf = dict(bootstrap_servers=bootstrap, linger_ms=5, request_timeout_ms=30000,
                compression_type=None if codec == "none" else codec,
                acks=acks if acks == "all" else int(acks))
    if acks != "all":
        conf["enable_idempotence"] = False
    conf.update(extra)
    p = KafkaProducer(**conf)
    try:
        futures = [p.send(topic, key=r.key, value=r.value, headers=list(r.headers)) for r in records]
        p.flush(timeout=timeout)
        out = []
        for r, f in zip(records, futures):
            md = f.get(timeout=timeout)
            out.append(Rec(r.key, r.value, r.headers, md.partition, md.offset))
        return out
    finally:
        p.close(timeout=10)


def produce_aiokafka(bootstrap: str, topic: str, records: Sequence[Rec], codec: str = "none",
                     acks: str = "all", timeout: float = DEFAULT_TIMEOUT_S, **extra) -> list[Rec]:
    from aiokafka import AIOKafkaProducer

    async def run() -> list[Rec]:
        conf = dict(bootstrap_servers=bootstrap, linger_ms=5, request_timeout_ms=30000,
                    compression_type=None if codec == "none" else codec,
                    acks=acks if acks == "all" else int(acks))
        conf.update(extra)
        p = AIOKafkaProducer(**conf)
        await p.start()
        try:
            futs = [await p.send(topic, key=r.key, value=r.value, headers=list(r.headers)) for r in records]
            mds = await asyncio.wait_for(asyncio.gather(*futs), timeout)
            return [Rec(r.key, r.value, r.headers, md.partition, md.offset) for r, md in zip(records, mds)]
        finally:
            await p.stop()

    return asyncio.run(run())


def kcat_bin() -> str:
    path = shutil.which("kcat") or shutil.which("kafkacat")
    assert path, "kcat not found on PATH (run `make deps`)"
    return path


def produce_kcat(bootstrap: str, topic: str, records: Sequence[Rec], codec: str = "none",
                 acks: str = "all", timeout: float = DEFAULT_TIMEOUT_S, **extra) -> list[Rec]:
    """kcat -P reads `key:value` lines; its -H headers apply to every record, so they must agree."""
    headers = {r.headers for r in records}
    assert len(headers) == 1, "kcat can only give every record the same headers"
    cmd = [kcat_bin(), "-P", "-b", bootstrap, "-t", topic, "-K", ":", "-z", codec,
           "-X", "partitioner=murmur2_random", "-X", f"acks={acks}", "-X", "linger.ms=5"]
    for name, val in headers.pop():
        cmd += ["-H", f"{name}={val.decode()}"]
    for k, v in extra.items():
        cmd += ["-X", f"{k}={v}"]
    data = b"".join(r.key + b":" + r.value + b"\n" for r in records)
    proc = subprocess.run(cmd, input=data, capture_output=True, timeout=timeout)
    assert proc.returncode == 0, f"kcat -P failed ({proc.returncode}): {proc.stderr.decode(errors='replace')[-2000:]}"
    return list(records)


# -- consumers ------------------------------------------------------------------------------------

def consume(client: str, bootstrap: str, topic: str, partitions: int = 6,
            timeout: float = DEFAULT_TIMEOUT_S) -> list[Rec]:
    fn = {
        "confluent": consume_confluent,
        "kafka-python": consume_kafka_python,
        "aiokafka": consume_aiokafka,
        "kcat": consume_kcat,
    }[client]
    return fn(bootstrap, topic, partitions, timeout=timeout)


def headers_of(h) -> tuple[Header, ...]:
    if not h:
        return ()
    return tuple((k if isinstance(k, str) else k.decode(), bytes(v) if v is not None else b"") for k, v in h)


def confluent_consumer(bootstrap: str, **extra) -> Consumer:
    conf = {
        "bootstrap.servers": bootstrap,
        "group.id": "fjord-it-unused",  # required by librdkafka; never joined (assign only)
        "enable.auto.commit": False,
        "enable.auto.offset.store": False,
        "auto.offset.reset": "earliest",
        "enable.partition.eof": False,
        "socket.timeout.ms": 10000,
    }
    conf.update(extra)
    return Consumer(conf)


def end_offsets_confluent(bootstrap: str, topic: str, partitions: int, c: Consumer | None = None) -> dict[int, int]:
    own = c is None
    c = c or confluent_consumer(bootstrap)
    try:
        return {p: c.get_watermark_offsets(TopicPartition(topic, p), timeout=10, cached=False)[1]
                for p in range(partitions)}
    finally:
        if own:
            c.close()


def consume_confluent(bootstrap: str, topic: str, partitions: int = 6,
                      timeout: float = DEFAULT_TIMEOUT_S) -> list[Rec]:
    from confluent_kafka import OFFSET_BEGINNING

    c = confluent_consumer(bootstrap)
    try:
        ends = end_offsets_confluent(bootstrap, topic, partitions, c)
        c.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in range(partitions)])
        out: list[Rec] = []
        next_off = {p: 0 for p in range(partitions)}
        deadline = time.monotonic() + timeout
        while any(next_off[p] < ends[p] for p in ends):
            assert time.monotonic() < deadline, f"confluent consume timed out: at {next_off}, ends {ends}"
            for m in c.consume(num_messages=1000, timeout=0.5):
                if m.error():
                    if m.error().code() == KafkaError._PARTITION_EOF:
                        continue
                    raise AssertionError(f"confluent consume error: {m.error()}")
                out.append(Rec(m.key(), m.value(), headers_of(m.headers()), m.partition(), m.offset()))
                next_off[m.partition()] = max(next_off[m.partition()], m.offset() + 1)
        return out
    finally:
        c.close()


def consume_kafka_python(bootstrap: str, topic: str, partitions: int = 6,
                         timeout: float = DEFAULT_TIMEOUT_S) -> list[Rec]:
    from kafka import KafkaConsumer
    from kafka import TopicPartition as KTP

    c = KafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                      auto_offset_reset="earliest", request_timeout_ms=30000)
    try:
        tps = [KTP(topic, p) for p in range(partitions)]
        c.assign(tps)
        c.seek_to_beginning(*tps)
        ends = {tp.partition: off for tp, off in c.end_offsets(tps).items()}
        out: list[Rec] = []
        next_off = {p: 0 for p in range(partitions)}
        deadline = time.monotonic() + timeout
        while any(next_off[p] < ends[p] for p in ends):
            assert time.monotonic() < deadline, f"kafka-python consume timed out: at {next_off}, ends {ends}"
            for tp, msgs in c.poll(timeout_ms=500, max_records=2000).items():
                for m in msgs:
                    out.append(Rec(m.key, m.value, headers_of(m.headers), m.partition, m.offset))
                    next_off[m.partition] = max(next_off[m.partition], m.offset + 1)
        return out
    finally:
        c.close()


def consume_aiokafka(bootstrap: str, topic: str, partitions: int = 6,
                     timeout: float = DEFAULT_TIMEOUT_S) -> list[Rec]:
    from aiokafka import AIOKafkaConsumer
    from aiokafka.structs import TopicPartition as ATP

    async def run() -> list[Rec]:
        c = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                             auto_offset_reset="earliest", request_timeout_ms=30000)
        await c.start()
        try:
            tps = [ATP(topic, p) for p in range(partitions)]
            c.assign(tps)
            await c.seek_to_beginning(*tps)
            ends = {tp.partition: off for tp, off in (await c.end_offsets(tps)).items()}
            out: list[Rec] = []
            next_off = {p: 0 for p in range(partitions)}
            deadline = time.monotonic() + timeout
            while any(next_off[p] < ends[p] for p in ends):
                assert time.monotonic() < deadline, f"aiokafka consume timed out: at {next_off}, ends {ends}"
                batches = await c.getmany(timeout_ms=500, max_records=2000)
                for tp, msgs in batches.items():
                    for m in msgs:
                        out.append(Rec(m.key, m.value, headers_of(m.headers), m.partition, m.offset))
                        next_off[m.partition] = max(next_off[m.partition], m.offset + 1)
            return out
        finally:
            await c.stop()

    return asyncio.run(run())


KCAT_SEP = "\x1f"  # unit separator: never in our keys, values or headers


def consume_kcat(bootstrap: str, topic: str, partitions: int = 6,
                 timeout: float = DEFAULT_TIMEOUT_S) -> list[Rec]:
    """kcat -C without -G assigns every partition; -e exits once each has reached its end."""
    fmt = KCAT_SEP.join(["%p", "%o", "%K", "%k", "%S", "%s", "%h"]) + "\n"
    cmd = [kcat_bin(), "-C", "-b", bootstrap, "-t", topic, "-o", "beginning", "-e", "-q", "-f", fmt]
    proc = subprocess.run(cmd, capture_output=True, timeout=timeout)
    assert proc.returncode == 0, f"kcat -C failed ({proc.returncode}): {proc.stderr.decode(errors='replace')[-2000:]}"
    out: list[Rec] = []
    for line in proc.stdout.split(b"\n"):
        if not line:
            continue
        fields = line.split(KCAT_SEP.encode())
        assert len(fields) == 7, f"unexpected kcat line: {line[:200]!r}"
        part, off, klen, key, _vlen, value, hdrs = fields
        headers: tuple[Header, ...] = ()
        if hdrs:
            headers = tuple((kv.split(b"=", 1)[0].decode(), kv.split(b"=", 1)[1]) for kv in hdrs.split(b","))
        out.append(Rec(key if int(klen) >= 0 else None, value, headers, int(part), int(off)))
    return out
