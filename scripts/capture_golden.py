#!/usr/bin/env python3
"""Capture golden request frames from real Kafka clients.

Acts as a minimal fake broker on a loopback port: it lets each client connect, records the first request
frame (ApiVersions), answers it with an ApiVersions response listing a few APIs, and records the next
Metadata request too. Frames are saved whole (size prefix included) as hex under
Tests/KafkaProtocolTests/Fixtures/<api>/request-v<N>-<client>.hex.

Run with the probe virtualenv, which has confluent-kafka, kafka-python and aiokafka:
    /tmp/probe-venv/bin/python scripts/capture_golden.py
"""
import os
import socket
import struct
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "KafkaProtocolTests", "Fixtures")
API_DIRS = {18: "api_versions", 3: "metadata"}

# What the fake broker claims to support: enough for each client to go on to a Metadata request.
ADVERTISED = [(0, 0, 11), (1, 4, 12), (2, 1, 7), (3, 0, 12), (10, 0, 4), (18, 0, 4), (22, 0, 4)]

CLIENTS = {
    "librdkafka": (
        "import sys, confluent_kafka\n"
        "p = confluent_kafka.Producer({'bootstrap.servers': sys.argv[1], 'socket.timeout.ms': 3000})\n"
        "try: p.list_topics(topic='golden', timeout=5)\n"
        "except Exception: pass\n"
    ),
    "kafka-python": (
        "import sys, kafka\n"
        "try: kafka.KafkaConsumer(bootstrap_servers=sys.argv[1], request_timeout_ms=5000).partitions_for_topic('golden')\n"
        "except Exception: pass\n"
    ),
    "aiokafka": (
        "import sys, asyncio\n"
        "from aiokafka.client import AIOKafkaClient\n"
        "async def main():\n"
        "    client = AIOKafkaClient(bootstrap_servers=sys.argv[1], request_timeout_ms=5000)\n"
        "    try: await client.bootstrap()\n"
        "    except Exception: pass\n"
        "asyncio.run(main())\n"
    ),
}


def uvarint(value):
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def api_versions_response(correlation_id, version):
    """ApiVersions answers always use response header v0; the body is flexible from v3."""
    body = struct.pack(">h", 0)
    if version >= 3:
        body += uvarint(len(ADVERTISED) + 1)
        for key, low, high in ADVERTISED:
            body += struct.pack(">hhh", key, low, high) + b"\x00"
        body += struct.pack(">i", 0) + b"\x00"
    else:
        body += struct.pack(">i", len(ADVERTISED))
        for key, low, high in ADVERTISED:
            body += struct.pack(">hhh", key, low, high)
        if version >= 1:
            body += struct.pack(">i", 0)
    payload = struct.pack(">i", correlation_id) + body
    return struct.pack(">i", len(payload)) + payload


def read_exact(conn, count):
    data = b""
    while len(data) < count:
        chunk = conn.recv(count - len(data))
        if not chunk:
            raise EOFError("peer closed")
        data += chunk
    return data


def read_frame(conn):
    size_bytes = read_exact(conn, 4)
    (size,) = struct.unpack(">i", size_bytes)
    return size_bytes + read_exact(conn, size)


def save(frame, client):
    key, version = struct.unpack(">hh", frame[4:8])
    directory = os.path.join(FIXTURES, API_DIRS[key])
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, f"request-v{version}-{client}.hex")
    with open(path, "w") as handle:
        handle.write(frame.hex() + "\n")
    print(f"{client}: key {key} v{version}, {len(frame)} bytes -> {os.path.relpath(path, ROOT)}")
    return key, version


def capture(client, code):
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    server.settimeout(20)
    address = f"127.0.0.1:{server.getsockname()[1]}"
    process = subprocess.Popen([sys.executable, "-c", code, address], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        conn, _ = server.accept()
        conn.settimeout(20)
        frame = read_frame(conn)
        key, version = save(frame, client)
        if key != 18:
            return
        (correlation_id,) = struct.unpack(">i", frame[8:12])
        conn.sendall(api_versions_response(correlation_id, version))
        deadline = time.time() + 20
        while time.time() < deadline:
            frame = read_frame(conn)
            if struct.unpack(">h", frame[4:6])[0] == 3:
                save(frame, client)
                return
    finally:
        process.kill()
        process.wait()
        server.close()


def main():
    for client, code in CLIENTS.items():
        try:
            capture(client, code)
        except (OSError, EOFError) as error:
            print(f"{client}: capture failed: {error}")


if __name__ == "__main__":
    main()
