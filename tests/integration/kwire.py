"""Just enough of the Kafka wire protocol to send hand-made (and deliberately bad) requests.

Used by the bad-input tests: raw frames, ApiVersions v0 and the KIP-511 answer, and a Produce v3
request carrying a RecordBatch v2 whose CRC32C we can get right or wrong.
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
