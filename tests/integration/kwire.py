"""Just enough of the Kafka wire protocol to send hand-made (and deliberately bad) requests.

Used by the bad-input tests: raw frames, ApiVersions v0 and the KIP-511 answer, and a Produce v3
request carrying a RecordBatch v2 whose CRC32C we can get right or wrong; and by the batch validation
tests: a RecordBatch v2 builder that can make each defect behind a correct CRC, and Produce v8/v9
requests with several partitions, whose answers carry record_errors and error_message.
"""

from __future__ import annotations

import socket
import struct
import time

# -- CRC32C (Castagnoli), table driven ------------------------------------------------------------

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


assert crc32c(b"123456789") == 0xE3069283  # the standard check value


# -- primitives -----------------------------------------------------------------------------------

def varint(n: int) -> bytes:
    """Zig-zag varint (signed), as used inside records."""
    z = (n << 1) ^ (n >> 63)
    out = bytearray()
    while True:
        b = z & 0x7F
        z >>= 7
        if z:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def string(s: str | None) -> bytes:
    if s is None:
        return struct.pack(">h", -1)
    raw = s.encode()
    return struct.pack(">h", len(raw)) + raw


def request(api_key: int, api_version: int, correlation_id: int, body: bytes, client_id: str | None = "fjord-it") -> bytes:
    """Size-prefixed request with header v1 (non-flexible); fine for the requests below."""
    header = struct.pack(">hhi", api_key, api_version, correlation_id) + string(client_id)
    payload = header + body
    return struct.pack(">i", len(payload)) + payload


# -- connection helpers ---------------------------------------------------------------------------

def connect(bootstrap: str, timeout: float = 10.0) -> socket.socket:
    host, port = bootstrap.rsplit(":", 1)
    s = socket.create_connection((host, int(port)), timeout=timeout)
    s.settimeout(timeout)
    return s


def recv_exact(s: socket.socket, n: int) -> bytes:
    buf = bytearray()
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise ConnectionError(f"connection closed after {len(buf)} of {n} bytes")
        buf += chunk
    return bytes(buf)


def read_response(s: socket.socket) -> tuple[int, bytes]:
    """Returns (correlation id, rest of the response after a v0 header)."""
    size = struct.unpack(">i", recv_exact(s, 4))[0]
    payload = recv_exact(s, size)
    return struct.unpack(">i", payload[:4])[0], payload[4:]


def wait_closed(s: socket.socket, timeout: float = 10.0) -> tuple[bool, bytes]:
    """Read until EOF/reset or timeout. Returns (closed, bytes received before that)."""
    deadline = time.monotonic() + timeout
    got = bytearray()
    while time.monotonic() < deadline:
        s.settimeout(max(0.05, deadline - time.monotonic()))
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            break
        except (ConnectionResetError, BrokenPipeError):
            return True, bytes(got)
        if not chunk:
            return True, bytes(got)
        got += chunk
    return False, bytes(got)


def send_quietly(s: socket.socket, data: bytes) -> None:
    """Send, ignoring a reset: the broker may close before it has read everything we send."""
    try:
        s.sendall(data)
    except (BrokenPipeError, ConnectionResetError):
        pass


# -- ApiVersions ----------------------------------------------------------------------------------

API_VERSIONS = 18
PRODUCE = 0
METADATA = 3


def parse_api_versions_v0(body: bytes) -> tuple[int, dict[int, tuple[int, int]]]:
    """ErrorCode int16, [ApiKey int16, Min int16, Max int16] (v0 shape; v1+ appends throttle)."""
    err, n = struct.unpack(">hi", body[:6])
    apis = {}
    pos = 6
    for _ in range(n):
        k, lo, hi = struct.unpack(">hhh", body[pos:pos + 6])
        apis[k] = (lo, hi)
        pos += 6
    return err, apis


# -- RecordBatch v2 and Produce v3 ----------------------------------------------------------------

def record_batch(values: list[bytes], base_timestamp: int, corrupt_crc: bool = False) -> bytes:
    records = b""
    for i, v in enumerate(values):
        body = (b"\x00" + varint(0) + varint(i)        # attributes, timestampDelta, offsetDelta
                + varint(-1)                           # null key
                + varint(len(v)) + v
                + varint(0))                           # no headers
        records += varint(len(body)) + body
    after_crc = (struct.pack(">hiqqqhii", 0, len(values) - 1, base_timestamp, base_timestamp,
                             -1, -1, -1, len(values))  # attributes..records count
                 + records)
    crc = crc32c(after_crc)
    if corrupt_crc:
        crc ^= 0xDEADBEEF
    # partitionLeaderEpoch, magic, crc, then the CRC-covered part
    after_length = struct.pack(">ibI", -1, 2, crc) + after_crc
    return struct.pack(">qi", 0, len(after_length)) + after_length


def produce_v3(topic: str, partition: int, batch: bytes, acks: int = 1, timeout_ms: int = 10000) -> bytes:
    return (string(None) + struct.pack(">hi", acks, timeout_ms)
            + struct.pack(">i", 1) + string(topic)
            + struct.pack(">i", 1) + struct.pack(">i", partition)
            + struct.pack(">i", len(batch)) + batch)


def parse_produce_v3(body: bytes) -> list[tuple[str, int, int, int]]:
    """[(topic, partition, error code, base offset)]"""
    out = []
    pos = 0
    (nt,) = struct.unpack_from(">i", body, pos); pos += 4
    for _ in range(nt):
        (ln,) = struct.unpack_from(">h", body, pos); pos += 2
        name = body[pos:pos + ln].decode(); pos += ln
        (np_,) = struct.unpack_from(">i", body, pos); pos += 4
        for _ in range(np_):
            part, err, base, _log_append = struct.unpack_from(">ihqq", body, pos); pos += 22
            out.append((name, part, err, base))
    return out


# -- RecordBatch v2 with any defect, and Produce v8/v9 with several partitions --------------------

CODEC_IDS = {"none": 0, "gzip": 1, "snappy": 2, "lz4": 3, "zstd": 4}
ATTR_LOG_APPEND_TIME = 0x08
ATTR_TRANSACTIONAL = 0x10
ATTR_CONTROL = 0x20


def compress(codec: str, data: bytes) -> bytes:
    """The records part compressed as Java writes it (kafka-python's codecs: gzip, xerial snappy, LZ4 frame, zstd)."""
    if codec == "none":
        return data
    from kafka import codec as kc
    encoders = {
        "gzip": kc.gzip_encode,
        "snappy": lambda d: kc.snappy_encode(d, xerial_compatible=True),
        "lz4": kc.lz4_encode,
        "zstd": kc.zstd_encode,
    }
    return encoders[codec](data)


def record_v2(offset_delta: int, value: bytes | None = b"value", key: bytes | None = b"key", ts_delta: int = 0,
              headers: tuple[tuple[bytes, bytes | None], ...] = (), length_adjust: int = 0,
              trailer: bytes = b"") -> bytes:
    """One record; `length_adjust` makes its Length lie, `trailer` adds bytes after its fields."""
    body = b"\x00" + varint(ts_delta) + varint(offset_delta)
    body += varint(-1) if key is None else varint(len(key)) + key
    body += varint(-1) if value is None else varint(len(value)) + value
    body += varint(len(headers))
    for hk, hv in headers:
        body += varint(len(hk)) + hk
        body += varint(-1) if hv is None else varint(len(hv)) + hv
    body += trailer
    return varint(len(body) + length_adjust) + body


def records_v2(n: int, tag: bytes = b"r", ts_step: int = 0) -> list[bytes]:
    return [record_v2(i, value=tag + b"-%d" % i, key=b"k%d" % i, ts_delta=i * ts_step) for i in range(n)]


def batch_v2(records: list[bytes], base_timestamp: int, *, codec: str = "none", payload: bytes | None = None,
             compressed: bytes | None = None, base_offset: int = 0, magic: int = 2, flags: int = 0,
             last_offset_delta: int | None = None, record_count: int | None = None,
             max_timestamp: int | None = None, producer_id: int = -1, producer_epoch: int = -1,
             base_sequence: int = -1, corrupt_crc: bool = False, length_adjust: int = 0,
             trailing: bytes = b"") -> bytes:
    """A batch with a correct CRC (unless `corrupt_crc`) around whatever records and header fields are asked for.

    `payload` replaces the concatenated `records` (uncompressed); `compressed` replaces the compressed payload.
    Counts default to agreeing with `records`; MaxTimestamp defaults to `base_timestamp` (records' deltas 0).
    """
    raw = payload if payload is not None else b"".join(records)
    body = compressed if compressed is not None else compress(codec, raw)
    count = len(records) if record_count is None else record_count
    lod = count - 1 if last_offset_delta is None else last_offset_delta
    max_ts = base_timestamp if max_timestamp is None else max_timestamp
    after_crc = (struct.pack(">hiqqqhii", CODEC_IDS[codec] | flags, lod, base_timestamp, max_ts,
                             producer_id, producer_epoch, base_sequence, count) + body)
    crc = crc32c(after_crc)
    if corrupt_crc:
        crc ^= 0xDEADBEEF
    after_length = struct.pack(">ibI", -1, magic, crc) + after_crc
    return struct.pack(">qi", base_offset, len(after_length) + length_adjust) + after_length + trailing


def uvarint(n: int) -> bytes:
    out = bytearray()
    while n >= 0x80:
        out.append((n & 0x7F) | 0x80)
        n >>= 7
    out.append(n)
    return bytes(out)


def read_uvarint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        b = data[pos]
        pos += 1
        value |= (b & 0x7F) << shift
        if not b & 0x80:
            return value, pos
        shift += 7


def flexible_request(api_key: int, api_version: int, correlation_id: int, body: bytes,
                     client_id: str | None = "fjord-it") -> bytes:
    """Request header v2: v1's fields (client id still a plain nullable string) plus empty tagged fields."""
    header = struct.pack(">hhi", api_key, api_version, correlation_id) + string(client_id) + uvarint(0)
    payload = header + body
    return struct.pack(">i", len(payload)) + payload


def produce_request(version: int, partitions: list[tuple[str, int, bytes | None]], correlation_id: int,
                    acks: int = -1, timeout_ms: int = 10000) -> bytes:
    """A whole Produce v8 (classic encoding) or v9 (flexible) frame; partitions grouped by topic in order."""
    assert version in (8, 9)
    flexible = version >= 9
    topics: dict[str, list[tuple[int, bytes | None]]] = {}
    for topic, partition, records in partitions:
        topics.setdefault(topic, []).append((partition, records))

    def array_len(n: int) -> bytes:
        return uvarint(n + 1) if flexible else struct.pack(">i", n)

    def name(s: str) -> bytes:
        raw = s.encode()
        return uvarint(len(raw) + 1) + raw if flexible else struct.pack(">h", len(raw)) + raw

    def records_field(records: bytes | None) -> bytes:
        if records is None:
            return uvarint(0) if flexible else struct.pack(">i", -1)
        return (uvarint(len(records) + 1) if flexible else struct.pack(">i", len(records))) + records

    tags = uvarint(0) if flexible else b""
    body = (uvarint(0) if flexible else struct.pack(">h", -1))  # transactional_id: null
    body += struct.pack(">hi", acks, timeout_ms) + array_len(len(topics))
    for topic, parts in topics.items():
        body += name(topic) + array_len(len(parts))
        for partition, records in parts:
            body += struct.pack(">i", partition) + records_field(records) + tags
        body += tags
    body += tags
    if flexible:
        return flexible_request(PRODUCE, version, correlation_id, body)
    return request(PRODUCE, version, correlation_id, body)


class PartitionAnswer(tuple):
    """(topic, partition, error, base_offset, record_errors [(index, message)], error_message)"""

    topic = property(lambda self: self[0])
    partition = property(lambda self: self[1])
    error = property(lambda self: self[2])
    base_offset = property(lambda self: self[3])
    record_errors = property(lambda self: self[4])
    error_message = property(lambda self: self[5])


def parse_produce_response(version: int, body: bytes) -> list[PartitionAnswer]:
    """A Produce v8/v9 response after its correlation id (as `read_response` returns it)."""
    flexible = version >= 9
    pos = 0

    def skip_tags(p: int) -> int:
        n, p = read_uvarint(body, p)
        for _ in range(n):
            _tag, p = read_uvarint(body, p)
            size, p = read_uvarint(body, p)
            p += size
        return p

    def array_len(p: int) -> tuple[int, int]:
        if flexible:
            n, p = read_uvarint(body, p)
            return n - 1, p
        return struct.unpack_from(">i", body, p)[0], p + 4

    def text(p: int, nullable: bool = False) -> tuple[str | None, int]:
        if flexible:
            n, p = read_uvarint(body, p)
            n -= 1
        else:
            n = struct.unpack_from(">h", body, p)[0]
            p += 2
        if n < 0:
            assert nullable
            return None, p
        return body[p:p + n].decode(), p + n

    if flexible:
        pos = skip_tags(pos)  # response header v1
    out = []
    n_topics, pos = array_len(pos)
    for _ in range(n_topics):
        topic, pos = text(pos)
        n_parts, pos = array_len(pos)
        for _ in range(n_parts):
            part, err, base, _append_time, _log_start = struct.unpack_from(">ihqqq", body, pos)
            pos += 30
            n_errors, pos = array_len(pos)
            errors = []
            for _ in range(n_errors):
                (index,) = struct.unpack_from(">i", body, pos)
                pos += 4
                message, pos = text(pos, nullable=True)
                if flexible:
                    pos = skip_tags(pos)
                errors.append((index, message))
            message, pos = text(pos, nullable=True)
            if flexible:
                pos = skip_tags(pos)
            out.append(PartitionAnswer((topic, part, err, base, errors, message)))
        if flexible:
            pos = skip_tags(pos)
    return out


def produce(bootstrap: str, version: int, partitions: list[tuple[str, int, bytes | None]],
            correlation_id: int = 1) -> list[PartitionAnswer]:
    """One Produce request on a fresh connection; its per-partition answers."""
    with connect(bootstrap) as s:
        s.sendall(produce_request(version, partitions, correlation_id))
        corr, body = read_response(s)
    assert corr == correlation_id
    return parse_produce_response(version, body)

# -- more requests, for test_fuzz_regressions.py ----------------------------------------------------
# Non-flexible versions only (header v1), laid out as the broker decodes them (Sources/KafkaProtocol/APIs/).

CREATE_TOPICS = 19
CREATE_PARTITIONS = 37
LIST_OFFSETS = 2
FETCH = 1
OFFSET_COMMIT = 8


class Client:
    """One connection; `call` sends a request and returns the response body after its header."""

    def __init__(self, bootstrap: str, timeout: float = 30.0):
        self.sock = connect(bootstrap, timeout)
        self.correlation = 0

    def call(self, api_key: int, api_version: int, body: bytes) -> bytes:
        self.correlation += 1
        self.sock.sendall(request(api_key, api_version, self.correlation, body))
        corr, rest = read_response(self.sock)
        assert corr == self.correlation, f"correlation id {corr}, expected {self.correlation}"
        return rest

    def close(self) -> None:
        self.sock.close()


def _array(items: list[bytes]) -> bytes:
    return struct.pack(">i", len(items)) + b"".join(items)


def create_topics_v2(name: str, partitions: int, configs: dict[str, str] | None = None) -> bytes:
    entries = [string(k) + string(v) for k, v in (configs or {}).items()]
    return (_array([string(name) + struct.pack(">ih", partitions, 1) + _array([]) + _array(entries)])
            + struct.pack(">ib", 30000, 0))


def parse_create_topics_v2(body: bytes) -> tuple[int, str | None]:
    """(error code, error message) of the first topic."""
    pos = 8  # throttle time, topic count
    (n,) = struct.unpack_from(">h", body, pos); pos += 2 + n
    err, mlen = struct.unpack_from(">hh", body, pos); pos += 4
    return err, body[pos:pos + mlen].decode() if mlen >= 0 else None


def create_partitions_v0(topic: str, count: int) -> bytes:
    return _array([string(topic) + struct.pack(">ii", count, -1)]) + struct.pack(">ib", 30000, 0)


def list_offsets_v1(topic: str, partition: int, timestamp: int) -> bytes:
    return struct.pack(">i", -1) + _array([string(topic) + _array([struct.pack(">iq", partition, timestamp)])])


def parse_list_offsets_v1(body: bytes) -> tuple[int, int]:
    """(error code, offset) of the first partition."""
    pos = 4
    (n,) = struct.unpack_from(">h", body, pos); pos += 2 + n
    pos += 4  # partition count
    _part, err, _ts, offset = struct.unpack_from(">ihqq", body, pos)
    return err, offset


def fetch_v4(topic: str, partition: int, offset: int, max_bytes: int = 1 << 20) -> bytes:
    return (struct.pack(">iiiib", -1, 0, 0, max_bytes, 0)
            + _array([string(topic) + _array([struct.pack(">iqi", partition, offset, max_bytes)])]))


def parse_fetch_v4(body: bytes) -> tuple[int, int, bytes]:
    """(error code, high watermark, record set) of the first partition."""
    pos = 8  # throttle time, topic count
    (n,) = struct.unpack_from(">h", body, pos); pos += 2 + n
    pos += 4  # partition count
    _part, err, hw, _lso, aborted = struct.unpack_from(">ihqqi", body, pos); pos += 26
    pos += 16 * max(0, aborted)
    (size,) = struct.unpack_from(">i", body, pos); pos += 4
    return err, hw, body[pos:pos + max(0, size)]


def batch_headers(records: bytes) -> list[tuple[int, int, int]]:
    """(base offset, last offset delta, record count) of each whole batch in a record set."""
    out, pos = [], 0
    while pos + 61 <= len(records):
        base, length = struct.unpack_from(">qi", records, pos)
        if pos + 12 + length > len(records):
            break
        (delta,) = struct.unpack_from(">i", records, pos + 23)
        (count,) = struct.unpack_from(">i", records, pos + 57)
        out.append((base, delta, count))
        pos += 12 + length
    return out


def offset_commit_v2(group: str, topic: str, partition: int, offset: int, retention_ms: int = -1) -> bytes:
    """A simple (groupless) commit: generation -1, empty member id."""
    return (string(group) + struct.pack(">i", -1) + string("") + struct.pack(">q", retention_ms)
            + _array([string(topic) + _array([struct.pack(">iq", partition, offset) + string(None)])]))


def raw_batch(records: bytes, record_count: int, last_offset_delta: int, attributes: int = 0,
              base_timestamp: int = 0) -> bytes:
    """A v2 batch around an already encoded (and, per `attributes`, compressed) records section,
    with any RecordCount and LastOffsetDelta, and a correct CRC-32C."""
    after_crc = struct.pack(">hiqqqhii", attributes, last_offset_delta, base_timestamp, base_timestamp,
                            -1, -1, -1, record_count) + records
    after_length = struct.pack(">ibI", -1, 2, crc32c(after_crc)) + after_crc
    return struct.pack(">qi", 0, len(after_length)) + after_length


def record(value: bytes, offset_delta: int = 0) -> bytes:
    """One record of a v2 batch: no key, no headers."""
    body = b"\x00" + varint(0) + varint(offset_delta) + varint(-1) + varint(len(value)) + value + varint(0)
    return varint(len(body)) + body
