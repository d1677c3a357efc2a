"""A small Kafka wire codec for the fuzzing and capture scripts: frames, a few requests, and the
decoders the log-offset invariant check needs.

Only what the scripts use, in the non-flexible versions where possible, so a reader can check each
layout against the broker's own codecs (Sources/KafkaProtocol/APIs/*.swift; the record batch layout is
Sources/KafkaRecords/RecordBatchHeader.swift) without a generator:

    ApiVersions v0      liveness
    Metadata v1         every topic (null topic array) with its partitions
    ListOffsets v1      earliest (-2) and latest (-1) offsets
    Fetch v4            record sets, read back batch by batch
    DescribeConfigs v1  cleanup.policy (compacted topics may have offset gaps)
    CreateTopics v2, DeleteTopics v1, DeleteRecords v0, CreatePartitions v0, AlterConfigs v0,
    Produce v3          for hand-made reproducers

Everything here is plain `struct` packing; no third-party package is needed.
"""

from __future__ import annotations

import socket
import struct
import time
from dataclasses import dataclass, field

# -- API keys ------------------------------------------------------------------------------------

API_NAMES = {
    0: "Produce", 1: "Fetch", 2: "ListOffsets", 3: "Metadata", 8: "OffsetCommit", 9: "OffsetFetch",
    10: "FindCoordinator", 11: "JoinGroup", 12: "Heartbeat", 13: "LeaveGroup", 14: "SyncGroup",
    15: "DescribeGroups", 16: "ListGroups", 17: "SaslHandshake", 18: "ApiVersions", 19: "CreateTopics",
    20: "DeleteTopics", 21: "DeleteRecords", 22: "InitProducerId", 23: "OffsetForLeaderEpoch",
    24: "AddPartitionsToTxn", 25: "AddOffsetsToTxn", 26: "EndTxn", 28: "TxnOffsetCommit",
    29: "DescribeAcls", 32: "DescribeConfigs", 33: "AlterConfigs", 35: "DescribeLogDirs",
    36: "SaslAuthenticate", 37: "CreatePartitions", 42: "DeleteGroups", 44: "IncrementalAlterConfigs",
    47: "OffsetDelete", 48: "DescribeClientQuotas", 50: "DescribeUserScramCredentials",
    60: "DescribeCluster", 61: "DescribeProducers", 68: "ConsumerGroupHeartbeat", 75: "DescribeTopicPartitions",
}

# First flexible request version per API key (KIP-482): header v2 from here on. Taken from the
# broker's own declarations in Sources/KafkaProtocol/APIs/*.swift, plus the spec's for APIs the
# broker does not implement (a client may still send them).
FIRST_FLEXIBLE = {
    0: 9, 1: 12, 2: 6, 3: 9, 8: 8, 9: 6, 10: 3, 11: 6, 12: 4, 13: 4, 14: 4, 15: 5, 16: 3, 18: 3, 19: 5,
    20: 4, 21: 2, 22: 2, 23: 4, 24: 3, 25: 3, 26: 3, 28: 3, 29: 2, 32: 4, 33: 2, 35: 2, 36: 2, 37: 2,
    42: 2, 44: 1, 47: 99, 48: 1, 50: 0, 60: 0, 61: 0, 68: 0, 75: 0,
}


def api_name(key: int) -> str:
    return API_NAMES.get(key, f"Api{key}")


# -- primitives ----------------------------------------------------------------------------------

def i8(v: int) -> bytes: return struct.pack(">b", v)
def i16(v: int) -> bytes: return struct.pack(">h", v)
def i32(v: int) -> bytes: return struct.pack(">i", v)
def i64(v: int) -> bytes: return struct.pack(">q", v)


def string(s: str | None) -> bytes:
    if s is None:
        return i16(-1)
    raw = s.encode()
    return i16(len(raw)) + raw


def nbytes(b: bytes | None) -> bytes:
    if b is None:
        return i32(-1)
    return i32(len(b)) + b


def array(items: list[bytes]) -> bytes:
    return i32(len(items)) + b"".join(items)


def uvarint(n: int) -> bytes:
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def varint(n: int) -> bytes:
    """Zig-zag varint, as inside records."""
    return uvarint((n << 1) ^ (n >> 63))


class Reader:
    """Cursor over a response body; raises struct.error / IndexError on short input."""

    def __init__(self, data: bytes, pos: int = 0):
        self.data = data
        self.pos = pos

    def take(self, fmt: str):
        v = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += struct.calcsize(fmt)
        return v[0] if len(v) == 1 else v

    def i8(self) -> int: return self.take(">b")
    def i16(self) -> int: return self.take(">h")
    def i32(self) -> int: return self.take(">i")
    def i64(self) -> int: return self.take(">q")

    def string(self) -> str | None:
        n = self.i16()
        if n < 0:
            return None
        s = self.data[self.pos:self.pos + n]
        if len(s) != n:
            raise struct.error("short string")
        self.pos += n
        return s.decode(errors="replace")

    def nbytes(self) -> bytes | None:
        n = self.i32()
        if n < 0:
            return None
        b = self.data[self.pos:self.pos + n]
        if len(b) != n:
            raise struct.error("short bytes")
        self.pos += n
        return b

    def array_len(self) -> int:
        n = self.i32()
        if n > len(self.data):
            raise struct.error(f"array length {n} past the body")
        return n


# -- frames --------------------------------------------------------------------------------------

def request_frame(api_key: int, api_version: int, correlation_id: int, body: bytes, client_id: str | None = "fjord-fuzz") -> bytes:
    """Size-prefixed request; header v2 (tagged fields) for flexible versions, else v1."""
    header = struct.pack(">hhi", api_key, api_version, correlation_id) + string(client_id)
    if api_version >= FIRST_FLEXIBLE.get(api_key, 99):
        header += b"\x00"
    payload = header + body
    return i32(len(payload)) + payload


@dataclass
class FrameHeader:
    api_key: int
    api_version: int
    correlation_id: int
    client_id: str | None
    body_offset: int  # offset of the body in the frame (size prefix included)


def parse_request_header(frame: bytes) -> FrameHeader | None:
    """Header of a size-prefixed request frame, or None if it does not parse."""
    try:
        r = Reader(frame, 4)
        key, version, corr = r.take(">hhi")
        client = r.string()
        if version >= FIRST_FLEXIBLE.get(key, 99):
            ntags = r.data[r.pos]
            r.pos += 1
            if ntags != 0:  # skip tagged fields (uvarint tag, uvarint size, data)
                return FrameHeader(key, version, corr, client, r.pos)
        return FrameHeader(key, version, corr, client, r.pos)
    except (struct.error, IndexError):
        return None


def recv_exact(s: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise ConnectionError(f"connection closed after {len(buf)} of {n} bytes")
        buf += chunk
    return bytes(buf)


def read_response(s: socket.socket) -> tuple[int, bytes]:
    """(correlation id, body after a v0 response header)."""
    size = struct.unpack(">i", recv_exact(s, 4))[0]
    payload = recv_exact(s, size)
    return struct.unpack(">i", payload[:4])[0], payload[4:]


class Connection:
    """A blocking client connection that sends one request and waits for its answer."""

    def __init__(self, bootstrap: str, timeout: float = 10.0):
        host, port = bootstrap.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=timeout)
        self.sock.settimeout(timeout)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.correlation = 0

    def call(self, api_key: int, api_version: int, body: bytes) -> bytes:
        self.correlation += 1
        corr = self.correlation
        self.sock.sendall(request_frame(api_key, api_version, corr, body))
        got, rest = read_response(self.sock)
        if got != corr:
            raise ConnectionError(f"correlation id {got}, expected {corr}")
        return rest

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# -- ApiVersions v0 ------------------------------------------------------------------------------

def api_versions_ok(bootstrap: str, timeout: float = 5.0) -> tuple[bool, float, str]:
    """(answered, seconds, error) for an ApiVersions v0 on a fresh connection."""
    start = time.monotonic()
    try:
        with Connection(bootstrap, timeout=timeout) as c:
            body = c.call(18, 0, b"")
            err = struct.unpack(">h", body[:2])[0]
            return err == 0, time.monotonic() - start, "" if err == 0 else f"error code {err}"
    except (OSError, ConnectionError, struct.error) as e:
        return False, time.monotonic() - start, f"{type(e).__name__}: {e}"


# -- Metadata v1 ---------------------------------------------------------------------------------

@dataclass
class TopicInfo:
    name: str
    error: int
    internal: bool
    partitions: list[int] = field(default_factory=list)


def metadata_v1(conn: Connection, topics: list[str] | None = None) -> list[TopicInfo]:
    body = i32(-1) if topics is None else array([string(t) for t in topics])
    r = Reader(conn.call(3, 1, body))
    for _ in range(r.array_len()):  # brokers: node id, host, port, rack
        r.i32(); r.string(); r.i32(); r.string()
    r.i32()  # controller id
    out = []
    for _ in range(r.array_len()):
        err = r.i16(); name = r.string(); internal = r.i8() != 0
        info = TopicInfo(name or "", err, internal)
        for _ in range(r.array_len()):
            r.i16(); part = r.i32(); r.i32()
            for _ in range(r.array_len()): r.i32()
            for _ in range(r.array_len()): r.i32()
            info.partitions.append(part)
        out.append(info)
    return out


# -- ListOffsets v1 ------------------------------------------------------------------------------

EARLIEST = -2
LATEST = -1


def list_offsets_v1(conn: Connection, wanted: dict[str, list[int]], timestamp: int) -> dict[tuple[str, int], tuple[int, int]]:
    """{(topic, partition): (error, offset)}"""
    body = i32(-1) + array([
        string(t) + array([i32(p) + i64(timestamp) for p in parts]) for t, parts in wanted.items()
    ])
    r = Reader(conn.call(2, 1, body))
    out = {}
    for _ in range(r.array_len()):
        name = r.string()
        for _ in range(r.array_len()):
            part = r.i32(); err = r.i16(); r.i64(); off = r.i64()
            out[(name, part)] = (err, off)
    return out


# -- Fetch v4 ------------------------------------------------------------------------------------

@dataclass
class FetchedPartition:
    error: int
    high_watermark: int
    records: bytes


def fetch_v4(conn: Connection, wanted: dict[str, list[tuple[int, int]]], max_bytes: int = 8 << 20,
             partition_max_bytes: int = 4 << 20) -> dict[tuple[str, int], FetchedPartition]:
    """wanted: {topic: [(partition, offset)]}; no waiting (MaxWaitMs 0, MinBytes 0)."""
    body = i32(-1) + i32(0) + i32(0) + i32(max_bytes) + i8(0) + array([
        string(t) + array([i32(p) + i64(o) + i32(partition_max_bytes) for p, o in parts]) for t, parts in wanted.items()
    ])
    r = Reader(conn.call(1, 4, body))
    r.i32()  # throttle
    out = {}
    for _ in range(r.array_len()):
        name = r.string()
        for _ in range(r.array_len()):
            part = r.i32(); err = r.i16(); hw = r.i64(); r.i64()
            n = r.i32()
            for _ in range(max(0, n)):
                r.i64(); r.i64()
            records = r.nbytes() or b""
            out[(name, part)] = FetchedPartition(err, hw, records)
    return out


@dataclass
class BatchInfo:
    base_offset: int
    batch_length: int
    magic: int
    attributes: int
    last_offset_delta: int
    record_count: int

    @property
    def last_offset(self) -> int:
        return self.base_offset + self.last_offset_delta

    @property
    def size(self) -> int:
        return self.batch_length + 12


def split_batches(records: bytes) -> tuple[list[BatchInfo], int]:
    """Headers of the whole v2 batches in a record set, and how many trailing bytes were left."""
    out = []
    pos = 0
    while len(records) - pos >= 61:
        base, length, _epoch, magic = struct.unpack_from(">qiib", records, pos)
        if length < 49 or pos + 12 + length > len(records):
            break
        attributes, delta = struct.unpack_from(">hi", records, pos + 21)
        (count,) = struct.unpack_from(">i", records, pos + 57)
        out.append(BatchInfo(base, length, magic, attributes, delta, count))
        pos += 12 + length
    return out, len(records) - pos


# -- DescribeConfigs v1 --------------------------------------------------------------------------

def describe_topic_configs_v1(conn: Connection, topics: list[str], keys: list[str] | None = None) -> dict[str, dict[str, str]]:
    body = array([i8(2) + string(t) + (i32(-1) if keys is None else array([string(k) for k in keys])) for t in topics]) + i8(0)
    r = Reader(conn.call(32, 1, body))
    r.i32()
    out: dict[str, dict[str, str]] = {}
    for _ in range(r.array_len()):
        err = r.i16(); r.string(); r.i8(); name = r.string() or ""
        configs = {}
        for _ in range(r.array_len()):
            k = r.string(); v = r.string(); r.i8(); r.i8(); r.i8()
            for _ in range(r.array_len()):
                r.string(); r.string(); r.i8()
            if k is not None:
                configs[k] = v or ""
        if err == 0:
            out[name] = configs
    return out


# -- admin requests for reproducers -------------------------------------------------------------

def create_topics_v2(topics: list[tuple[str, int, dict[str, str]]], timeout_ms: int = 30000) -> bytes:
    return array([
        string(name) + i32(parts) + i16(1) + array([]) + array([string(k) + string(v) for k, v in configs.items()])
        for name, parts, configs in topics
    ]) + i32(timeout_ms) + i8(0)


def delete_topics_v1(names: list[str], timeout_ms: int = 30000) -> bytes:
    return array([string(n) for n in names]) + i32(timeout_ms)


def delete_records_v0(topic: str, offsets: list[tuple[int, int]], timeout_ms: int = 30000) -> bytes:
    return array([string(topic) + array([i32(p) + i64(o) for p, o in offsets])]) + i32(timeout_ms)


def create_partitions_v0(topic: str, count: int, timeout_ms: int = 30000) -> bytes:
    return array([string(topic) + i32(count) + i32(-1)]) + i32(timeout_ms) + i8(0)


def alter_configs_v0(topic: str, configs: dict[str, str]) -> bytes:
    return array([i8(2) + string(topic) + array([string(k) + string(v) for k, v in configs.items()])]) + i8(0)


def record_batch(values: list[bytes], keys: list[bytes | None] | None = None, base_timestamp: int = 0,
                 producer_id: int = -1, producer_epoch: int = -1, base_sequence: int = -1,
                 last_offset_delta: int | None = None, record_count: int | None = None,
                 base_offset: int = 0, leader_epoch: int = -1, attributes: int = 0) -> bytes:
    """An uncompressed v2 batch with a correct CRC-32C; header fields may be overridden."""
    records = b""
    for i, v in enumerate(values):
        key = keys[i] if keys else None
        body = (b"\x00" + varint(0) + varint(i)
                + (varint(-1) if key is None else varint(len(key)) + key)
                + varint(len(v)) + v + varint(0))
        records += varint(len(body)) + body
    delta = len(values) - 1 if last_offset_delta is None else last_offset_delta
    count = len(values) if record_count is None else record_count
    after_crc = struct.pack(">hiqqqhii", attributes, delta, base_timestamp, base_timestamp,
                            producer_id, producer_epoch, base_sequence, count) + records
    after_length = struct.pack(">ibI", leader_epoch, 2, crc32c(after_crc)) + after_crc
    return struct.pack(">qi", base_offset, len(after_length)) + after_length


def produce_v3(topic: str, partition: int, batch: bytes, acks: int = 1, timeout_ms: int = 10000) -> bytes:
    return (string(None) + i16(acks) + i32(timeout_ms)
            + array([string(topic) + array([i32(partition) + nbytes(batch)])]))


def parse_produce_v3(body: bytes) -> list[tuple[str, int, int, int]]:
    """[(topic, partition, error code, base offset)]"""
    r = Reader(body)
    out = []
    for _ in range(r.array_len()):
        name = r.string()
        for _ in range(r.array_len()):
            part = r.i32(); err = r.i16(); base = r.i64(); r.i64()
            out.append((name, part, err, base))
    return out


# -- CRC-32C -------------------------------------------------------------------------------------

_CRC32C_TABLE = []
for _n in range(256):
    _c = _n
    for _ in range(8):
        _c = (_c >> 1) ^ 0x82F63B78 if _c & 1 else _c >> 1
    _CRC32C_TABLE.append(_c)


def crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for b in data:
        crc = _CRC32C_TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


assert crc32c(b"123456789") == 0xE3069283


# -- request decoding (for corpus notes and structure-aware mutation) ---------------------------

def _read_uvarint(data: bytes, pos: int) -> tuple[int, int]:
    shift = value = 0
    while True:
        b = data[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if not b & 0x80:
            return value, pos
        shift += 7
        if shift > 35:
            raise struct.error("varint too long")


def _skip_tags(data: bytes, pos: int) -> int:
    n, pos = _read_uvarint(data, pos)
    for _ in range(n):
        _, pos = _read_uvarint(data, pos)
        size, pos = _read_uvarint(data, pos)
        pos += size
    return pos


@dataclass
class ProducePartition:
    topic: str
    partition: int
    records_offset: int  # where the record set starts in the frame
    records_length: int


def produce_partitions(frame: bytes) -> list[ProducePartition]:
    """Where each partition's record set sits in a Produce v3-11 frame; [] if it does not parse."""
    h = parse_request_header(frame)
    if h is None or h.api_key != 0 or not 3 <= h.api_version <= 11:
        return []
    flexible = h.api_version >= 9
    data, pos = frame, h.body_offset
    out = []
    try:
        def length(nullable_bytes: bool = False) -> int:
            nonlocal pos
            if flexible:
                n, pos = _read_uvarint(data, pos)
                return n - 1
            fmt = ">i" if nullable_bytes else ">h"
            (n,) = struct.unpack_from(fmt, data, pos)
            pos += struct.calcsize(fmt)
            return n

        n = length()                      # transactional id
        pos += max(0, n)
        pos += 6                          # acks, timeout
        topics = _read_uvarint(data, pos)[0] - 1 if flexible else struct.unpack_from(">i", data, pos)[0]
        pos = _read_uvarint(data, pos)[1] if flexible else pos + 4
        for _ in range(max(0, topics)):
            n = length()
            name = data[pos:pos + n].decode(errors="replace")
            pos += n
            parts = _read_uvarint(data, pos)[0] - 1 if flexible else struct.unpack_from(">i", data, pos)[0]
            pos = _read_uvarint(data, pos)[1] if flexible else pos + 4
            for _ in range(max(0, parts)):
                (index,) = struct.unpack_from(">i", data, pos)
                pos += 4
                n = length(nullable_bytes=True)
                if n >= 0:
                    out.append(ProducePartition(name, index, pos, n))
                    pos += n
                if flexible:
                    pos = _skip_tags(data, pos)
            if flexible:
                pos = _skip_tags(data, pos)
    except (struct.error, IndexError):
        return out
    return out


def first_batch_note(frame: bytes) -> str:
    """'codec[+idempotent]' of a Produce frame's first record batch, or ''."""
    codecs = ["none", "gzip", "snappy", "lz4", "zstd"]
    for p in produce_partitions(frame):
        if p.records_length >= 61:
            attributes = struct.unpack_from(">h", frame, p.records_offset + 21)[0]
            pid = struct.unpack_from(">q", frame, p.records_offset + 43)[0]
            codec = attributes & 7
            return (codecs[codec] if codec < 5 else f"codec{codec}") + ("+idempotent" if pid >= 0 else "")
    return ""


def requested_partition_counts(frame: bytes) -> list[int]:
    """Partition counts a CreateTopics (v2-7) or CreatePartitions (v0-3) frame asks for, read as the
    broker would; [] for other APIs or when the body does not parse that far."""
    h = parse_request_header(frame)
    if h is None or h.api_key not in (19, 37):
        return []
    flexible = h.api_version >= FIRST_FLEXIBLE[h.api_key]
    data, pos = frame, h.body_offset
    counts: list[int] = []

    def count_of_array() -> int:
        """An array count, clamped to what the bytes left could hold (a mutated count must not
        make this loop run for billions of elements)."""
        nonlocal pos
        if flexible:
            n, pos = _read_uvarint(data, pos)
            n -= 1
        else:
            (n,) = struct.unpack_from(">i", data, pos)
            pos += 4
        if n > len(data) - pos:
            raise struct.error(f"array count {n} past the frame")
        return n

    def skip_string() -> None:
        nonlocal pos
        if flexible:
            n, pos = _read_uvarint(data, pos)
            pos += max(0, n - 1)
        else:
            (n,) = struct.unpack_from(">h", data, pos)
            pos += 2 + max(0, n)

    try:
        for _ in range(max(0, count_of_array())):
            skip_string()
            (n,) = struct.unpack_from(">i", data, pos)
            pos += 4
            counts.append(n)
            if h.api_key == 19:
                pos += 2  # replication factor
                for _ in range(max(0, count_of_array())):  # assignments
                    pos += 4
                    pos += 4 * max(0, count_of_array())
                for _ in range(max(0, count_of_array())):  # configs
                    skip_string()
                    skip_string()
                    if flexible:
                        pos = _skip_tags(data, pos)
            else:
                for _ in range(max(0, count_of_array())):  # assignments (nullable)
                    pos += 4 * max(0, count_of_array())
                    if flexible:
                        pos = _skip_tags(data, pos)
            if flexible:
                pos = _skip_tags(data, pos)
    except (struct.error, IndexError):
        pass
    return counts
