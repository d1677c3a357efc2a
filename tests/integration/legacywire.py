"""Produce v0-2 and Fetch v0-3 by hand, with message sets of magic 0 and 1 (docs/message-format.md).

The message sets come from kafka-python's own legacy builder and reader (kafka.record), so the bytes
are a real client's; the frames around them are written here, because the tests need what clients
will not send: a corrupt CRC, a v2 batch in Produce v0, a Fetch v3 with a small max_bytes.

kafka-python writes magic 0 LZ4 only with the `xxhash` module. scripts/capture_legacy_message_sets.py
puts a stand-in over the system's libxxhash in its place when it is missing; importing this module
loads that script, so kafka-python's producers in these tests can write magic 0 LZ4 too.
"""

from __future__ import annotations

import importlib.util
import struct
from dataclasses import dataclass
from pathlib import Path

from kafka.record.legacy_records import LegacyRecordBatchBuilder
from kafka.record.memory_records import MemoryRecords

from kwire import string

REPO_ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("capture_legacy", REPO_ROOT / "scripts/capture_legacy_message_sets.py")
_capture = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_capture)  # installs the xxhash stand-in into kafka.codec when needed

PRODUCE = 0
FETCH = 1
CODECS = {"none": 0, "gzip": 1, "snappy": 2, "lz4": 3}


def _array(items: list[bytes]) -> bytes:
    return struct.pack(">i", len(items)) + b"".join(items)


def _bytes(b: bytes | None) -> bytes:
    return struct.pack(">i", -1) if b is None else struct.pack(">i", len(b)) + b


# -- message sets ---------------------------------------------------------------------------------

def message_set(magic: int, records: list[tuple[bytes | None, bytes | None]], codec: str = "none",
                timestamp: int = 1_700_000_000_000) -> bytes:
    """kafka-python's message set of `records` (key, value), offsets 0.., one timestamp apart (magic 1)."""
    builder = LegacyRecordBatchBuilder(magic=magic, compression_type=CODECS[codec], batch_size=1 << 20)
    for i, (key, value) in enumerate(records):
        builder.append(i, timestamp + i if magic else None, key, value)
    return bytes(builder.build())


def corrupt_crc(message_set_bytes: bytes) -> bytes:
    """The same set with the first message's CRC-32 (bytes 12-15) flipped."""
    data = bytearray(message_set_bytes)
    data[12] ^= 0xFF
    return bytes(data)


@dataclass(frozen=True)
class Message:
    offset: int
    magic: int
    timestamp: int | None
    timestamp_type: int | None
    key: bytes | None
    value: bytes | None


def read_message_set(data: bytes) -> list[Message]:
    """Every message of a fetched set, wrappers unpacked, with each CRC checked (kafka-python's reader)."""
    records = MemoryRecords(data)
    out = []
    while records.has_next():
        batch = records.next_batch()
        assert batch is not None
        for record in batch:
            assert record.validate_crc(), f"offset {record.offset}: CRC"
            out.append(Message(record.offset, batch.magic, record.timestamp if batch.magic else None,
                               record.timestamp_type if batch.magic else None, record.key, record.value))
    return out


# -- Produce v0-2 ---------------------------------------------------------------------------------

def produce(partitions: dict[str, list[tuple[int, bytes]]], acks: int = 1, timeout_ms: int = 10000) -> bytes:
    """A Produce v0-2 body (the three share one layout): topic -> [(partition, records)]."""
    return struct.pack(">hi", acks, timeout_ms) + _array([
        string(topic) + _array([struct.pack(">i", p) + _bytes(records) for p, records in parts])
        for topic, parts in partitions.items()])


@dataclass(frozen=True)
class ProducePartition:
    topic: str
    partition: int
    error: int
    base_offset: int
    log_append_time: int | None  # v2+


def parse_produce(body: bytes, version: int) -> tuple[list[ProducePartition], int | None]:
    """The partitions of a Produce v0-2 response and its throttle time (v1+)."""
    pos = 0
    out = []
    (topics,) = struct.unpack_from(">i", body, pos); pos += 4
    for _ in range(topics):
        (n,) = struct.unpack_from(">h", body, pos); pos += 2
        topic = body[pos:pos + n].decode(); pos += n
        (count,) = struct.unpack_from(">i", body, pos); pos += 4
        for _ in range(count):
            partition, error, base = struct.unpack_from(">ihq", body, pos); pos += 14
            append_time = None
            if version >= 2:
                (append_time,) = struct.unpack_from(">q", body, pos); pos += 8
            out.append(ProducePartition(topic, partition, error, base, append_time))
    throttle = None
    if version >= 1:
        (throttle,) = struct.unpack_from(">i", body, pos); pos += 4
    assert pos == len(body), f"{len(body) - pos} bytes after the Produce v{version} response"
    return out, throttle


# -- Fetch v0-3 -----------------------------------------------------------------------------------

def fetch(partitions: dict[str, list[tuple[int, int, int]]], version: int, max_wait_ms: int = 0,
          min_bytes: int = 0, max_bytes: int = 0x7FFFFFFF) -> bytes:
    """A Fetch v0-3 body: topic -> [(partition, fetch offset, partition max bytes)]; max_bytes is v3's."""
    head = struct.pack(">iii", -1, max_wait_ms, min_bytes)
    if version >= 3:
        head += struct.pack(">i", max_bytes)
    return head + _array([
        string(topic) + _array([struct.pack(">iqi", p, offset, limit) for p, offset, limit in parts])
        for topic, parts in partitions.items()])


@dataclass(frozen=True)
class FetchPartition:
    topic: str
    partition: int
    error: int
    high_watermark: int
    records: bytes


def parse_fetch(body: bytes, version: int) -> list[FetchPartition]:
    pos = 4 if version >= 1 else 0  # throttle time
    out = []
    (topics,) = struct.unpack_from(">i", body, pos); pos += 4
    for _ in range(topics):
        (n,) = struct.unpack_from(">h", body, pos); pos += 2
        topic = body[pos:pos + n].decode(); pos += n
        (count,) = struct.unpack_from(">i", body, pos); pos += 4
        for _ in range(count):
            partition, error, high_watermark, size = struct.unpack_from(">ihqi", body, pos); pos += 18
            records = body[pos:pos + max(0, size)]; pos += max(0, size)
            out.append(FetchPartition(topic, partition, error, high_watermark, records))
    assert pos == len(body), f"{len(body) - pos} bytes after the Fetch v{version} response"
    return out
