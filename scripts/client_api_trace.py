#!/usr/bin/env python3
"""Which Kafka APIs, at which versions, each Go client and Burrow send, and which the broker refuses.

Starts `fjord serve` on a loopback port behind a recording TCP proxy (the broker advertises the
proxy, so every connection a client makes goes through it), runs the scenarios of the Go client
tests (tests/go programs, Burrow) against the proxy and prints, per scenario, every (API, version)
in the order first sent, and those the broker refused: it closes the connection on a version below
its floor and logs `unsupportedVersion(apiKey: K, version: V)`, which is read from its log. A
client stops at the first refusal, so what it would send after that is not seen: rerun this once
the versions land. docs/clients.md holds the result.

    make go-clients venv && .venv/bin/python scripts/client_api_trace.py [--fjord .build/debug/fjord] [--only sarama]

Helpers (topic creation, records produced with confluent-kafka, kafka-python commits) are left out
of the table by their client ids.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "integration"))

API_NAMES = {
    0: "Produce", 1: "Fetch", 2: "ListOffsets", 3: "Metadata", 8: "OffsetCommit", 9: "OffsetFetch",
    10: "FindCoordinator", 11: "JoinGroup", 12: "Heartbeat", 13: "LeaveGroup", 14: "SyncGroup",
    15: "DescribeGroups", 16: "ListGroups", 17: "SaslHandshake", 18: "ApiVersions", 19: "CreateTopics",
    20: "DeleteTopics", 21: "DeleteRecords", 22: "InitProducerId", 23: "OffsetForLeaderEpoch",
    32: "DescribeConfigs", 33: "AlterConfigs", 36: "SaslAuthenticate", 37: "CreatePartitions",
    42: "DeleteGroups", 44: "IncrementalAlterConfigs", 47: "OffsetDelete",
}
HELPER_CLIENT_IDS = ("rdkafka", "kafka-python", "fjord-it-ready", "fjord-trace-")


class TraceProxy:
    """Forwards loopback connections to the broker and records each request's header."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.lock = threading.Lock()
        self.requests: list[dict] = []
        self.conn_seq = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def reset(self) -> None:
        with self.lock:
            self.requests = []

    def snapshot(self) -> list[dict]:
        with self.lock:
            return [dict(r) for r in self.requests]

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            try:
                up = socket.create_connection(self.upstream, timeout=5)
                up.settimeout(None)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.conn_seq += 1
                conn = self.conn_seq
            threading.Thread(target=self._pipe, args=(client, up, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(up, client, False), daemon=True).start()

    def _pipe(self, src: socket.socket, dst: socket.socket, requests: bool) -> None:
        """Copies src to dst; on the client-to-broker side, records each request frame's header."""
        buf = b""
        while True:
            try:
                chunk = src.recv(65536)
            except OSError:
                break
            if not chunk:
                break
            try:
                dst.sendall(chunk)
            except OSError:
                break
            if not requests:
                continue
            buf += chunk
            while len(buf) >= 4:
                size = struct.unpack_from(">i", buf)[0]
                if size < 0 or len(buf) < 4 + size:
                    break
                frame, buf = buf[:4 + size], buf[4 + size:]
                if len(frame) >= 14:
                    api, version, _, id_len = struct.unpack_from(">hhih", frame, 4)
                    client_id = frame[14:14 + id_len].decode(errors="replace") if id_len > 0 else ""
                    self.request_seen(api, version, client_id, frame)
        for s in (src, dst):
            _close(s)

    def request_seen(self, api: int, version: int, client_id: str, frame: bytes) -> None:
        """Records one request's header; `frame` is the whole frame, size prefix included."""
        with self.lock:
            self.requests.append({"api": api, "version": version, "client_id": client_id})


def _close(s: socket.socket) -> None:
    try:
        s.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    s.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api_name(api: int, version: int) -> str:
    return f"{API_NAMES.get(api, 'key ' + str(api))} v{version}"


REFUSED = re.compile(r"unsupportedVersion\(apiKey: (\d+), version: (\d+)\)")


class BrokerLog:
    """The refusals the broker logged since the last `mark()`."""

    def __init__(self, path: Path):
        self.path = path
        self.pos = 0

    def mark(self) -> None:
        self.pos = self.path.stat().st_size

    def refused(self) -> list[str]:
        with open(self.path, "rb") as f:
            f.seek(self.pos)
            text = f.read().decode(errors="replace")
        out: list[str] = []
        for api, version in REFUSED.findall(text):
            name = api_name(int(api), int(version))
            if name not in out:
                out.append(name)
        return out


def summarize(requests: list[dict]) -> list[str]:
    """Every `API vN` in the order first sent, helpers left out."""
    sent: list[str] = []
    for r in requests:
        if r["client_id"].startswith(HELPER_CLIENT_IDS):
            continue
        name = api_name(r["api"], r["version"])
        if name not in sent:
            sent.append(name)
    return sent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--fjord", default=str(ROOT / ".build/debug/fjord"))
    ap.add_argument("--only", default="", help="run only scenarios whose label contains this")
    ap.add_argument("--timeout", type=float, default=8.0, help="seconds each client run gets")
    args = ap.parse_args()

    import goclients
    from clients import create_topic
    from conftest import _die_with_parent
    bins = goclients.GoClients(goclients.build_go_clients())

    work = Path(tempfile.mkdtemp(prefix="fjord-trace-"))
    bport = free_port()
    proxy = TraceProxy(("127.0.0.1", bport))
    paddr = f"127.0.0.1:{proxy.port}"
    broker = subprocess.Popen(
        [args.fjord, "serve", "--listen", f"127.0.0.1:{bport}", "--advertised-listener", paddr,
         "--data-dir", str(work / "data"), "--metrics-listen", "127.0.0.1:0"],
        stdout=open(work / "broker.log", "wb"), stderr=subprocess.STDOUT, preexec_fn=_die_with_parent)
    log = BrokerLog(work / "broker.log")
    zk = burrow = None
    try:
        deadline = time.monotonic() + 30
        while "group coordinator loaded" not in (work / "broker.log").read_text(errors="replace"):
            assert time.monotonic() < deadline and broker.poll() is None, (work / "broker.log").read_text()
            time.sleep(0.1)

        rows: list[tuple[str, list[str], list[str]]] = []
        seq = [0]

        def topic(partitions: int = 3, produce: int = 0) -> str:
            seq[0] += 1
            name = f"trace-{seq[0]}"
            create_topic(paddr, name, partitions)
            if produce:
                goclients.produce_plain(paddr, name, produce, "trace")
            return name

        def scenario(label: str, *runs: tuple[str, list[str]]) -> None:
            if args.only and args.only not in label:
                return
            time.sleep(0.3)
            proxy.reset()
            log.mark()
            for client, argv in runs:
                bins.run(client, *argv, timeout=args.timeout)
            time.sleep(0.3)
            sent, refused = summarize(proxy.snapshot()), log.refused()
            rows.append((label, sent, refused))
            print(f"{label}\n  sent:    {', '.join(sent)}\n  refused: {', '.join(refused) or '-'}", flush=True)

        from test_go_sarama import VERSIONS, at_least
        for v in VERSIONS:
            if args.only and args.only not in f"sarama {v}":
                continue
            common = ["-brokers", paddr, "-version", v]
            codec = "lz4" if at_least(v, "V0_10_0_0") else "gzip"
            t = topic()
            scenario(f"sarama {v} produce ({codec}) + consume",
                     ("sarama", ["-mode", "produce", *common, "-topic", t, "-codec", codec, "-n", "12"]),
                     ("sarama", ["-mode", "consume", *common, "-topic", t, "-n", "12"]))
            mode = "group" if at_least(v, "V0_10_2_0") else "offsets"
            t = topic(produce=12)
            scenario(f"sarama {v} {'ConsumerGroup' if mode == 'group' else 'OffsetManager'}",
                     ("sarama", ["-mode", mode, *common, "-topic", t, "-group", f"g-{t}", "-n", "6"]))
            calls = []
            if at_least(v, "V0_10_1_0"):
                calls.append("create")
            if at_least(v, "V0_11_0_0"):
                calls += ["list", "describe"]
            if at_least(v, "V0_10_1_0"):
                calls.append("delete")
            if calls:
                scenario(f"sarama {v} ClusterAdmin {','.join(calls)}",
                         ("sarama", ["-mode", "admin", *common, "-topic", f"admin-{v}", "-calls", ",".join(calls)]))

        t = topic()
        scenario("kafka-go 0.2.1 Writer", ("kafkago", ["-mode", "write", "-brokers", paddr, "-topic", t, "-n", "9"]))
        t = topic(produce=9)
        scenario("kafka-go 0.2.1 Reader (Partition)",
                 ("kafkago", ["-mode", "read", "-brokers", paddr, "-topic", t, "-partition", "0", "-n", "1"]))
        t = topic(produce=9)
        scenario("kafka-go 0.2.1 Reader (GroupID)",
                 ("kafkago", ["-mode", "group", "-brokers", paddr, "-topic", t, "-group", f"g-{t}", "-n", "3"]))
        t = topic()
        scenario("optiopay 2.1.1 produce", ("optiopay", ["-mode", "produce", "-brokers", paddr, "-topic", t, "-n", "9"]))
        t = topic(produce=9)
        scenario("optiopay 2.1.1 consume", ("optiopay", ["-mode", "consume", "-brokers", paddr, "-topic", t, "-n", "9"]))
        t = topic()
        scenario("confluent-kafka-go 0.11.6 (librdkafka 2.0.2) produce + group consume",
                 ("confluentgo", ["-mode", "produce", "-brokers", paddr, "-topic", t, "-n", "9"]),
                 ("confluentgo", ["-mode", "consume", "-brokers", paddr, "-topic", t, "-group", f"g-{t}", "-n", "9"]))

        import burrowctl
        if (not args.only or "Burrow" in args.only) and burrowctl.available() is None:
            zk = burrowctl.ZooKeeper(work / "zk").start()
            for kv in ("2.1.0", "0.8"):
                t = topic(produce=9)
                proxy.reset()
                log.mark()
                burrow = burrowctl.Burrow(work / f"burrow-{kv}", paddr, zk.address, kafka_version=kv)
                try:
                    burrow.start(attempts=1)
                    time.sleep(5)
                except RuntimeError:
                    print(f"Burrow (kafka-version {kv}) did not start: its module failed on a refusal", flush=True)
                burrow.stop()
                sent, refused = summarize(proxy.snapshot()), log.refused()
                label = f"Burrow 1.2.1 (kafka-version {kv})"
                rows.append((label, sent, refused))
                print(f"{label}\n  sent:    {', '.join(sent)}\n  refused: {', '.join(refused) or '-'}", flush=True)

        print("\n| Client and setting | APIs and versions sent (in order first sent) | Refused today |")
        print("|---|---|---|")
        for label, sent, refused in rows:
            print(f"| {label} | {', '.join(sent)} | {', '.join(refused) or '-'} |")
    finally:
        if burrow:
            burrow.stop()
        if zk:
            zk.stop()
        broker.terminate()
        broker.wait(timeout=15)
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
