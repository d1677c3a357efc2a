#!/usr/bin/env python3
"""Capture golden request frames from real Kafka clients.

Acts as a minimal fake broker on a loopback port. It answers ApiVersions (listing a few APIs) and Metadata
(one broker, itself, and one topic "golden" with one partition it leads), and records the first request of
each kind every client sends: ApiVersions, Metadata, then Produce from a producer and Fetch from a consumer
that is assigned partition 0 at offset 0. Other requests are left unanswered. Frames are saved whole (size
prefix included) as hex under Tests/KafkaProtocolTests/Fixtures/<api>/request-v<N>-<client>.hex.
It also answers FindCoordinator with itself, so that a consumer subscribing with a group.id goes on to send
JoinGroup, the first request of a group member (recorded under join_group/).

Run with the probe virtualenv, which has confluent-kafka, kafka-python and aiokafka:
    /tmp/probe-venv/bin/python scripts/capture_golden.py              # everything
    /tmp/probe-venv/bin/python scripts/capture_golden.py join_group   # only the group consumers' JoinGroup
"""
import os
import socket
import struct
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(ROOT, "Tests", "KafkaProtocolTests", "Fixtures")
API_DIRS = {0: "produce", 1: "fetch", 3: "metadata", 11: "join_group", 18: "api_versions"}
TOPIC = "golden"
TOPIC_ID = bytes(range(1, 17))

# What the fake broker claims to support. Fetch stops at 12 so that no client needs topic IDs to fetch.
# librdkafka enables its group consumer only when all the classic group APIs are listed.
ADVERTISED = [
    (0, 0, 11), (1, 4, 12), (2, 1, 7), (3, 0, 12), (8, 2, 9), (9, 1, 9), (10, 0, 4), (11, 0, 9), (12, 0, 4),
    (13, 0, 5), (14, 0, 5), (18, 0, 4),
]

PRODUCERS = {
    "librdkafka": (
        "import sys, confluent_kafka\n"
        "p = confluent_kafka.Producer({'bootstrap.servers': sys.argv[1], 'linger.ms': 0})\n"
        "p.produce('golden', b'golden-value', key=b'golden-key')\n"
        "p.flush(8)\n"
    ),
    "kafka-python": (
        "import sys, kafka\n"
        "p = kafka.KafkaProducer(bootstrap_servers=sys.argv[1], enable_idempotence=False, acks=1, request_timeout_ms=8000)\n"
        "p.send('golden', b'golden-value', key=b'golden-key')\n"
        "p.flush(8)\n"
    ),
    "aiokafka": (
        "import sys, asyncio, aiokafka\n"
        "async def main():\n"
        "    p = aiokafka.AIOKafkaProducer(bootstrap_servers=sys.argv[1], request_timeout_ms=8000)\n"
        "    await p.start()\n"
        "    await p.send_and_wait('golden', b'golden-value', key=b'golden-key')\n"
        "asyncio.run(main())\n"
    ),
}

CONSUMERS = {
    "librdkafka": (
        "import sys, confluent_kafka\n"
        "c = confluent_kafka.Consumer({'bootstrap.servers': sys.argv[1], 'group.id': 'golden-group', 'enable.auto.commit': False})\n"
        "c.assign([confluent_kafka.TopicPartition('golden', 0, 0)])\n"
        "c.poll(8)\n"
    ),
    "kafka-python": (
        "import sys, kafka\n"
        "c = kafka.KafkaConsumer(bootstrap_servers=sys.argv[1], request_timeout_ms=8000)\n"
        "tp = kafka.TopicPartition('golden', 0)\n"
        "c.assign([tp]); c.seek(tp, 0)\n"
        "c.poll(timeout_ms=8000)\n"
    ),
    "aiokafka": (
        "import sys, asyncio, aiokafka\n"
        "async def main():\n"
        "    c = aiokafka.AIOKafkaConsumer(bootstrap_servers=sys.argv[1], request_timeout_ms=8000)\n"
        "    await c.start()\n"
        "    tp = aiokafka.TopicPartition('golden', 0)\n"
        "    c.assign([tp]); c.seek(tp, 0)\n"
        "    await asyncio.wait_for(c.getone(), 8)\n"
        "asyncio.run(main())\n"
    ),
}

# Consumers in one group subscribing to the topic: each sends FindCoordinator, then JoinGroup.
GROUP_CONSUMERS = {
    "librdkafka": (
        "import sys, confluent_kafka\n"
        "c = confluent_kafka.Consumer({'bootstrap.servers': sys.argv[1], 'group.id': 'golden-group'})\n"
        "c.subscribe(['golden'])\n"
        "c.poll(8)\n"
    ),
    "kafka-python": (
        "import sys, kafka\n"
        "c = kafka.KafkaConsumer('golden', bootstrap_servers=sys.argv[1], group_id='golden-group', request_timeout_ms=8000)\n"
        "c.poll(timeout_ms=8000)\n"
    ),
    "aiokafka": (
        "import sys, asyncio, aiokafka\n"
        "async def main():\n"
        "    c = aiokafka.AIOKafkaConsumer('golden', bootstrap_servers=sys.argv[1], group_id='golden-group', request_timeout_ms=8000)\n"
        "    await c.start()\n"
        "    await asyncio.wait_for(c.getone(), 8)\n"
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


def string(value, flexible):
    data = value.encode()
    return (uvarint(len(data) + 1) if flexible else struct.pack(">h", len(data))) + data


def null_string(flexible):
    return b"\x00" if flexible else struct.pack(">h", -1)


def array(items, flexible):
    return (uvarint(len(items) + 1) if flexible else struct.pack(">i", len(items))) + b"".join(items)


def tags(flexible):
    return b"\x00" if flexible else b""


def frame(correlation_id, body, header_tags):
    payload = struct.pack(">i", correlation_id) + (b"\x00" if header_tags else b"") + body
    return struct.pack(">i", len(payload)) + payload


def api_versions_response(correlation_id, version):
    """ApiVersions answers always use response header v0; the body is flexible from v3."""
    flexible = version >= 3
    entries = [struct.pack(">hhh", key, low, high) + tags(flexible) for key, low, high in ADVERTISED]
    body = struct.pack(">h", 0) + array(entries, flexible)
    if version >= 1:
        body += struct.pack(">i", 0)
    return frame(correlation_id, body + tags(flexible), header_tags=False)


def metadata_response(correlation_id, version, port):
    """Field order per MetadataResponse.json; the caller is the only broker and leads partition 0."""
    flexible = version >= 9
    body = struct.pack(">i", 0) if version >= 3 else b""
    broker = struct.pack(">i", 1) + string("127.0.0.1", flexible) + struct.pack(">i", port)
    if version >= 1:
        broker += null_string(flexible)
    body += array([broker + tags(flexible)], flexible)
    if version >= 2:
        body += string("golden-cluster", flexible)
    if version >= 1:
        body += struct.pack(">i", 1)
    partition = struct.pack(">hii", 0, 0, 1)
    if version >= 7:
        partition += struct.pack(">i", 0)
    partition += array([struct.pack(">i", 1)], flexible) * 2
    if version >= 5:
        partition += array([], flexible)
    topic = struct.pack(">h", 0) + string(TOPIC, flexible)
    if version >= 10:
        topic += TOPIC_ID
    if version >= 1:
        topic += b"\x00"
    topic += array([partition + tags(flexible)], flexible)
    if version >= 8:
        topic += struct.pack(">i", -(2**31))
    body += array([topic + tags(flexible)], flexible)
    if 8 <= version <= 10:
        body += struct.pack(">i", -(2**31))
    return frame(correlation_id, body + tags(flexible), header_tags=flexible)


def read_uvarint(data, offset):
    value, shift = 0, 0
    while True:
        byte = data[offset]
        offset += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, offset
        shift += 7


def find_coordinator_response(request, version, port):
    """Names the caller itself as coordinator. v4 answers per key, so the keys are read from the request."""
    flexible = version >= 3
    body = struct.pack(">i", 0) if version >= 1 else b""
    if version >= 4:
        (client_id_length,) = struct.unpack(">h", request[12:14])
        offset = 14 + max(client_id_length, 0)
        header_tag_count, offset = read_uvarint(request, offset)
        assert header_tag_count == 0, "tagged fields in the request header"
        offset += 1  # KeyType
        count, offset = read_uvarint(request, offset)
        entries = []
        for _ in range(count - 1):
            length, offset = read_uvarint(request, offset)
            key = request[offset:offset + length - 1].decode()
            offset += length - 1
            entries.append(string(key, True) + struct.pack(">i", 1) + string("127.0.0.1", True) + struct.pack(">ih", port, 0)
                           + null_string(True) + tags(True))
        body += array(entries, True)
    else:
        body += struct.pack(">h", 0)
        if version >= 1:
            body += null_string(flexible)
        body += struct.pack(">i", 1) + string("127.0.0.1", flexible) + struct.pack(">i", port)
    return frame(struct.unpack(">i", request[8:12])[0], body + tags(flexible), header_tags=flexible)


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


class FakeBroker:
    def __init__(self, client):
        self.client = client
        self.saved = set()
        self.lock = threading.Lock()
        self.server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(8)
        self.port = self.server.getsockname()[1]
        threading.Thread(target=self.accept_loop, daemon=True).start()

    def accept_loop(self):
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    def serve(self, conn):
        try:
            while True:
                request = read_frame(conn)
                key, version, correlation_id = struct.unpack(">hhi", request[4:12])
                self.save(request, key, version)
                if key == 18:
                    conn.sendall(api_versions_response(correlation_id, version))
                elif key == 3:
                    conn.sendall(metadata_response(correlation_id, version, self.port))
                elif key == 10:
                    conn.sendall(find_coordinator_response(request, version, self.port))
        except (OSError, EOFError):
            pass
        finally:
            conn.close()

    def save(self, request, key, version):
        with self.lock:
            if key not in API_DIRS or key in self.saved:
                return
            self.saved.add(key)
        directory = os.path.join(FIXTURES, API_DIRS[key])
        os.makedirs(directory, exist_ok=True)
        path = os.path.join(directory, f"request-v{version}-{self.client}.hex")
        with open(path, "w") as handle:
            handle.write(request.hex() + "\n")
        print(f"{self.client}: key {key} v{version}, {len(request)} bytes -> {os.path.relpath(path, ROOT)}")

    def run(self, code, wanted_key):
        process = subprocess.Popen(
            [sys.executable, "-c", code, f"127.0.0.1:{self.port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.time() + 15
        while time.time() < deadline and wanted_key not in self.saved and process.poll() is None:
            time.sleep(0.1)
        process.kill()
        process.wait()
        if wanted_key not in self.saved:
            print(f"{self.client}: no request with key {wanted_key} captured")

    def close(self):
        self.server.close()


def main():
    only_groups = sys.argv[1:] == ["join_group"]
    for client in PRODUCERS:
        if only_groups:
            break
        broker = FakeBroker(client)
        broker.run(PRODUCERS[client], 0)
        broker.close()
        broker = FakeBroker(client)
        broker.saved.update({3, 18})  # already captured from the producer
        broker.run(CONSUMERS[client], 1)
        broker.close()
    for client in GROUP_CONSUMERS:
        broker = FakeBroker(client)
        broker.saved.update(key for key in API_DIRS if key != 11)
        broker.run(GROUP_CONSUMERS[client], 11)
        broker.close()


if __name__ == "__main__":
    main()
