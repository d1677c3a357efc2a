#!/usr/bin/env python3
"""Capture golden request frames of old API versions from real clients, through a broker.

Starts `fjord serve` behind a recording proxy (scripts/client_api_trace.py's, the broker advertising
it), drives clients that send old versions on their own and saves the first frame of each wanted
(API, version) whole (size prefix included) as hex under
Tests/KafkaProtocolTests/Fixtures/<api>/request-v<N>-<client>.hex, which OldVersionGoldenTests decodes
and re-encodes:

- sarama 1.22 ClusterAdmin at V0_10_1_0: CreateTopics v0, DeleteTopics v0;
- sarama 1.22 ClusterAdmin at V0_11_0_0: CreateTopics v1, DescribeConfigs v0;
- kafka-python 3.0.12 at api_version (0, 10, 0): ListOffsets v0 (end offsets), and at (0, 8, 2):
  OffsetCommit v1 and OffsetFetch v1 (a commit of a group without members);
- kafka-python 3.0.12 producing one keyed record uncompressed and consuming it: at (0, 8, 2) Produce v0
  and Fetch v0 (message format v0), at (0, 10, 0) Produce v2 and Fetch v2 (message format v1).

    make go-clients venv && .venv/bin/python scripts/capture_old_versions.py [--fjord .build/debug/fjord]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "integration"))
sys.path.insert(0, str(ROOT / "scripts"))

from client_api_trace import TraceProxy, free_port  # noqa: E402

FIXTURES = ROOT / "Tests" / "KafkaProtocolTests" / "Fixtures"
WANTED = {(19, 0): "create_topics", (19, 1): "create_topics", (20, 0): "delete_topics", (32, 0): "describe_configs",
          (2, 0): "list_offsets", (8, 1): "offset_commit", (9, 1): "offset_fetch",
          (0, 0): "produce", (0, 2): "produce", (1, 0): "fetch", (1, 2): "fetch"}


class FrameProxy(TraceProxy):
    """A TraceProxy that also keeps whole request frames: (api, version, client id, frame with size)."""

    def __init__(self, upstream: tuple[str, int]):
        self.frames: list[tuple[int, int, str, bytes]] = []
        super().__init__(upstream)

    def request_seen(self, api: int, version: int, client_id: str, frame: bytes) -> None:
        super().request_seen(api, version, client_id, frame)
        with self.lock:
            self.frames.append((api, version, client_id, frame))


def save(proxy: FrameProxy, client: str, prefix: str) -> list[str]:
    saved = []
    with proxy.lock:
        frames = list(proxy.frames)
    seen = set()
    for api, version, client_id, frame in frames:
        key = (api, version)
        if key not in WANTED or key in seen or not client_id.startswith(prefix):
            continue
        seen.add(key)
        path = FIXTURES / WANTED[key] / f"request-v{version}-{client}.hex"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(frame.hex() + "\n")
        saved.append(str(path.relative_to(ROOT)))
    return saved


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fjord", default=str(ROOT / ".build/debug/fjord"))
    args = ap.parse_args()

    import goclients
    from clients import create_topic, make_records, produce
    from conftest import _die_with_parent
    bins = goclients.GoClients(goclients.build_go_clients())

    work = Path(tempfile.mkdtemp(prefix="fjord-capture-"))
    bport = free_port()
    proxy = FrameProxy(("127.0.0.1", bport))
    paddr = f"127.0.0.1:{proxy.port}"
    broker = subprocess.Popen(
        [args.fjord, "serve", "--listen", f"127.0.0.1:{bport}", "--advertised-listener", paddr,
         "--data-dir", str(work / "data"), "--metrics-listen", "127.0.0.1:0"],
        stdout=open(work / "broker.log", "wb"), stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
    saved: list[str] = []
    try:
        deadline = time.monotonic() + 30
        while "group coordinator loaded" not in (work / "broker.log").read_text(errors="replace"):
            assert time.monotonic() < deadline and broker.poll() is None, (work / "broker.log").read_text()
            time.sleep(0.1)
        create_topic(paddr, "golden", 1, config={"retention.ms": "3600000"})
        produce("confluent", paddr, "golden", make_records(5, "g"))

        bins.run("sarama", "-mode", "admin", "-brokers", paddr, "-version", "V0_10_1_0", "-topic", "golden-v0",
                 "-partitions", "2", "-calls", "create", timeout=20).check()
        bins.run("sarama", "-mode", "admin", "-brokers", paddr, "-version", "V0_10_1_0", "-topic", "golden-v0",
                 "-calls", "delete", timeout=20).check()
        bins.run("sarama", "-mode", "admin", "-brokers", paddr, "-version", "V0_11_0_0", "-topic", "golden-v1",
                 "-partitions", "2", "-calls", "create", timeout=20).check()
        bins.run("sarama", "-mode", "admin", "-brokers", paddr, "-version", "V0_11_0_0", "-topic", "golden",
                 "-calls", "describe", timeout=20).check()
        saved += save(proxy, "sarama", "fjord-it-sarama")

        from kafka import KafkaConsumer, OffsetAndMetadata, TopicPartition
        tp = TopicPartition("golden", 0)
        consumer = KafkaConsumer(bootstrap_servers=paddr, api_version=(0, 10, 0), client_id="golden-kafka-python")
        try:
            consumer.end_offsets([tp])
        finally:
            consumer.close()
        consumer = KafkaConsumer(bootstrap_servers=paddr, api_version=(0, 8, 2), group_id="golden-group",
                                 client_id="golden-kafka-python", enable_auto_commit=False)
        try:
            consumer.assign([tp])
            consumer.commit({tp: OffsetAndMetadata(3, "meta", -1)})
            consumer.committed(tp)
        finally:
            consumer.close()
        from kafka import KafkaProducer
        for api_version, topic, timestamp in [((0, 8, 2), "golden-m0", None), ((0, 10, 0), "golden-m1", 1_700_000_000_000)]:
            create_topic(paddr, topic, 1)
            producer = KafkaProducer(bootstrap_servers=paddr, api_version=api_version, client_id="golden-kafka-python",
                                     acks=1, linger_ms=0, compression_type=None)
            try:
                producer.send(topic, key=b"order-1", value=b"paid", partition=0, timestamp_ms=timestamp).get(timeout=10)
            finally:
                producer.close()
            consumer = KafkaConsumer(bootstrap_servers=paddr, api_version=api_version, client_id="golden-kafka-python",
                                     auto_offset_reset="earliest", consumer_timeout_ms=5000)
            try:
                consumer.assign([TopicPartition(topic, 0)])
                consumer.seek(TopicPartition(topic, 0), 0)
                next(iter(consumer))
            finally:
                consumer.close()
        saved += save(proxy, "kafka-python", "golden-kafka-python")
    finally:
        broker.terminate()
        broker.wait(10)
    print("\n".join(saved))
    if len(saved) != len(WANTED):
        print(f"saved {len(saved)} of {len(WANTED)}; requests seen: "
              f"{sorted({(a, v, c) for a, v, c, _ in proxy.frames})}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
