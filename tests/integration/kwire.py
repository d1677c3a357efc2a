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
