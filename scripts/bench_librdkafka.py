#!/usr/bin/env python3
"""The issue-6 targets measured with librdkafka (confluent-kafka), an external client, against a
release `fjord serve` that this script starts itself, and against librdkafka's in-process mock
cluster for the produce/consume comparison.

    swift build -c release
    .venv/bin/python scripts/bench_librdkafka.py --fjord-bin .build/release/fjord

Each phase starts a fresh broker (own data dir under /tmp, free port, metrics off) and kills it by
PID afterwards, so the /proc figures (CPU time, RSS) belong to that phase alone. Prints one table
and appends every figure as a JSON line to --results (the same file `fjord bench` writes).

Phases (--only to pick some): throughput, mock, latency, large, large-mock, idle, startup.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone

from confluent_kafka import OFFSET_BEGINNING, Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

CLK_TCK = os.sysconf("SC_CLK_TCK")


def proc_sample(pid: int) -> dict:
    """CPU seconds (user, system) from /proc/<pid>/stat and RSS/peak from /proc/<pid>/status."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    user, system = int(fields[11]) / CLK_TCK, int(fields[12]) / CLK_TCK
    mem = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                mem[key] = int(value.split()[0]) * 1024
    return {"user": user, "system": system, "cpu": user + system, "rss": mem.get("VmRSS", 0), "peak": mem.get("VmHWM", 0)}


def usage(before: dict, after: dict) -> dict:
    return {"brokerCpuSeconds": round(after["cpu"] - before["cpu"], 3),
            "brokerUserSeconds": round(after["user"] - before["user"], 3),
            "brokerSystemSeconds": round(after["system"] - before["system"], 3),
            "brokerRssBytes": after["rss"], "brokerPeakRssBytes": after["peak"]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api_versions_answered(port: int) -> bool:
    """One ApiVersions v0 round trip: the broker is ready to serve, not just accepting."""
    body = struct.pack(">hhih", 18, 0, 1, -1)
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(struct.pack(">i", len(body)) + body)
            head = s.recv(8)
            return len(head) == 8 and struct.unpack(">ii", head)[1] == 1
    except OSError:
        return False


class FjordBroker:
    """A release broker on a free port with an empty data dir (or `data_dir`, kept); stopped by PID."""

    extra_default: list[str] = []

    def __init__(self, binary: str, extra: list[str] | None = None, data_dir: str | None = None):
        self.keep_data = data_dir is not None
        self.data_dir = data_dir or tempfile.mkdtemp(prefix="fjord-bench-")
        self.port = free_port()
        self.bootstrap = f"127.0.0.1:{self.port}"
        cmd = [binary, "serve", "--listen", self.bootstrap, "--data-dir", self.data_dir, "--metrics-listen", "none",
               "--log-level", "warning", "--group-initial-rebalance-delay-ms", "0", *self.extra_default, *(extra or [])]
        self.started = time.perf_counter()
        log = os.path.join(tempfile.gettempdir(), f"fjord-bench-{self.port}.log")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=open(log, "w"))
        deadline = time.monotonic() + 30
        while not api_versions_answered(self.port):
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"broker did not start (exit {self.proc.poll()})")
            time.sleep(0.002)
        self.ready_s = time.perf_counter() - self.started

    @property
    def pid(self) -> int:
        return self.proc.pid

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        if not self.keep_data:
            shutil.rmtree(self.data_dir, ignore_errors=True)


def payload(size: int) -> bytes:
    return (os.urandom(size // 2).hex().encode() + b"x" * size)[:size]


def produce_bulk(conf: dict, topic: str, records: int, size: int, keys: int = 1000) -> tuple[float, int]:
    """Keyed records as fast as librdkafka takes them; returns (seconds, failures)."""
    p = Producer({**conf, "partitioner": "murmur2_random", "queue.buffering.max.messages": 1_000_000,
                  "queue.buffering.max.kbytes": 2_000_000})
    failures = 0

    def on_delivery(err, _msg):
        nonlocal failures
        if err is not None:
            failures += 1

    value = payload(size)
    key_bytes = [b"order-%d" % i for i in range(keys)]
    start = time.perf_counter()
    for i in range(records):
        while True:
            try:
                p.produce(topic, key=key_bytes[i % keys], value=value, on_delivery=on_delivery)
                break
            except BufferError:
                p.poll(0.005)
        if i % 5000 == 0:
            p.poll(0)
    left = p.flush(300)
    return time.perf_counter() - start, failures + left


def consume_all(bootstrap_conf: dict, topic: str, partitions: int, records: int, partial_ok: bool = False) -> tuple[float, int]:
    """Reads from the beginning until `records` arrived; returns (seconds to the last record, records).
    With partial_ok, stops after 3 s without a record (the mock cluster keeps only a bounded log)."""
    c = Consumer({**bootstrap_conf, "group.id": f"bench-{time.time_ns()}", "enable.auto.commit": False,
                  "fetch.max.bytes": 52428800, "max.partition.fetch.bytes": 10485760, "auto.offset.reset": "earliest"})
    c.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in range(partitions)])
    got = 0
    start = time.perf_counter()
    last = start
    deadline = time.monotonic() + 300
    while got < records and time.monotonic() < deadline:
        batch = c.consume(num_messages=10000, timeout=0.5)
        for m in batch:
            if m.error() is None:
                got += 1
        if batch:
            last = time.perf_counter()
        elif partial_ok and got and time.perf_counter() - last > 3:
            break
    c.close()
    if got < records and not partial_ok:
        raise RuntimeError(f"consumed {got} of {records}")
    return last - start, got


def create_topic(bootstrap: str, topic: str, partitions: int) -> None:
    admin = AdminClient({"bootstrap.servers": bootstrap})  # kept alive until the future resolves
    admin.create_topics([NewTopic(topic, partitions, 1)])[topic].result(timeout=30)


def phase_throughput(args, out: list) -> None:
    b = FjordBroker(args.fjord_bin)
    try:
        create_topic(b.bootstrap, "t", 6)
        conf = {"bootstrap.servers": b.bootstrap, "acks": "all", "linger.ms": 5, "batch.size": 1_000_000,
                "compression.type": args.compression}
        before = proc_sample(b.pid)
        seconds, failed = produce_bulk(conf, "t", args.records, 100)
        mid = proc_sample(b.pid)
        target = "fjord" if args.compression == "none" else f"fjord, {args.compression}"
        out.append({"phase": "produce", "target": target, "compression": args.compression,
                    "records": args.records, "recordSize": 100, "seconds": seconds,
                    "recordsPerSecond": args.records / seconds, "megabytesPerSecond": args.records * 100 / seconds / 1e6,
                    "failed": failed, **usage(before, mid)})
        seconds, _ = consume_all({"bootstrap.servers": b.bootstrap}, "t", 6, args.records)
        out.append({"phase": "consume", "target": "fjord", "records": args.records, "recordSize": 100, "seconds": seconds,
                    "recordsPerSecond": args.records / seconds, "megabytesPerSecond": args.records * 100 / seconds / 1e6,
                    **usage(mid, proc_sample(b.pid))})
    finally:
        b.stop()


def phase_mock(args, out: list) -> None:
    """librdkafka's built-in mock cluster: the same client work with a broker that stores nothing on disk."""
    mock = {"test.mock.num.brokers": 1, "bootstrap.servers": "unused:9092"}
    # The mock cluster lives inside one client instance; the producer creates it and exposes its
    # bootstrap address, which the consumer then uses.
    p_conf = {**mock, "acks": "all", "linger.ms": 5, "batch.size": 1_000_000, "partitioner": "murmur2_random",
              "queue.buffering.max.messages": 1_000_000, "queue.buffering.max.kbytes": 2_000_000}
    holder = Producer(p_conf)
    # The mock cluster does not answer CreateTopics here; the topic is auto-created on first use
    # with the mock's default partition count, which is read back and reported.
    conf = {"bootstrap.servers": mock_bootstrap(holder)}
    seconds, failed = produce_bulk({**conf, "acks": "all", "linger.ms": 5, "batch.size": 1_000_000}, "t", args.records, 100)
    partitions = len(holder.list_topics("t", timeout=10).topics["t"].partitions)
    out.append({"phase": "produce", "target": f"librdkafka mock ({partitions} partitions)", "records": args.records, "recordSize": 100,
                "seconds": seconds, "recordsPerSecond": args.records / seconds, "megabytesPerSecond": args.records * 100 / seconds / 1e6,
                "failed": failed})
    # The mock keeps a bounded log per partition, so only its retained tail can be read back.
    seconds, got = consume_all(conf, "t", partitions, args.records, partial_ok=True)
    out.append({"phase": "consume (retained tail)", "target": f"librdkafka mock ({partitions} partitions)", "records": got, "recordSize": 100,
                "seconds": seconds, "recordsPerSecond": got / seconds, "megabytesPerSecond": got * 100 / seconds / 1e6})
    holder.flush(1)
    del holder


def mock_bootstrap(client) -> str:
    """The mock cluster's listener, read from the metadata the client already holds."""
    md = client.list_topics(timeout=10)
    broker = next(iter(md.brokers.values()))
    return f"{broker.host}:{broker.port}"


def phase_latency(args, out: list) -> None:
    """acks=all, one record in flight at a time; the broker's default --flush always fsyncs before acking."""
    b = FjordBroker(args.fjord_bin)
    try:
        create_topic(b.bootstrap, "lat", 1)
        p = Producer({"bootstrap.servers": b.bootstrap, "acks": "all", "linger.ms": 0, "max.in.flight": 1})
        value = payload(100)
        for _ in range(50):  # warm-up: connection, metadata
            p.produce("lat", key=b"k", value=value)
            p.flush(10)
        samples = []
        before = proc_sample(b.pid)
        for i in range(args.latency_records):
            start = time.perf_counter_ns()
            p.produce("lat", key=b"order-%d" % i, value=value)
            p.flush(10)
            samples.append((time.perf_counter_ns() - start) / 1000)
        samples.sort()

        def pct(q: float) -> float:
            return samples[min(len(samples) - 1, int(q * len(samples)))]

        out.append({"phase": "latency acks=all fsync", "target": "fjord", "records": len(samples), "recordSize": 100,
                    "p50Micros": pct(0.50), "p99Micros": pct(0.99), "p999Micros": pct(0.999), "maxMicros": samples[-1],
                    **usage(before, proc_sample(b.pid))})
    finally:
        b.stop()


def phase_large(args, out: list) -> None:
    b = FjordBroker(args.fjord_bin)
    try:
        create_topic(b.bootstrap, "big", 6)
        n = args.large_records
        conf = {"bootstrap.servers": b.bootstrap, "acks": "all", "linger.ms": 5, "batch.size": 1_000_000,
                "message.max.bytes": 2_000_000}
        before = proc_sample(b.pid)
        seconds, failed = produce_bulk(conf, "big", n, 65536)
        out.append({"phase": "produce 64 KiB", "target": "fjord", "records": n, "recordSize": 65536, "seconds": seconds,
                    "recordsPerSecond": n / seconds, "megabytesPerSecond": n * 65536 / seconds / 1e6, "failed": failed,
                    **usage(before, proc_sample(b.pid))})
    finally:
        b.stop()


def phase_large_mock(args, out: list) -> None:
    """64 KiB records into librdkafka's mock cluster: the client's own ceiling for the large phase."""
    holder = Producer({"test.mock.num.brokers": 1, "bootstrap.servers": "unused:9092"})
    conf = {"bootstrap.servers": mock_bootstrap(holder), "acks": "all", "linger.ms": 5, "batch.size": 1_000_000,
            "message.max.bytes": 2_000_000}
    n = args.large_records
    seconds, failed = produce_bulk(conf, "big", n, 65536)
    out.append({"phase": "produce 64 KiB", "target": "librdkafka mock", "records": n, "recordSize": 65536, "seconds": seconds,
                "recordsPerSecond": n / seconds, "megabytesPerSecond": n * 65536 / seconds / 1e6, "failed": failed})
    holder.flush(1)
    del holder


def phase_idle(args, out: list) -> None:
    b = FjordBroker(args.fjord_bin)
    try:
        create_topic(b.bootstrap, "idle", 100)
        time.sleep(2)
        s = proc_sample(b.pid)
        out.append({"phase": "RSS, 100 idle partitions", "target": "fjord", "brokerRssBytes": s["rss"], "brokerPeakRssBytes": s["peak"]})
    finally:
        b.stop()


def phase_startup(args, out: list) -> None:
    times = []
    for _ in range(5):
        b = FjordBroker(args.fjord_bin)
        times.append(b.ready_s)
        b.stop()
    times.sort()
    out.append({"phase": "start-up, empty data dir", "target": "fjord", "medianSeconds": times[len(times) // 2],
                "maxSeconds": times[-1], "runs": len(times)})


PHASES = {"throughput": phase_throughput, "mock": phase_mock, "latency": phase_latency, "large": phase_large,
          "large-mock": phase_large_mock, "idle": phase_idle, "startup": phase_startup}


def row(r: dict) -> str:
    bits = [f"{r['phase']:<26} {r['target']:<30}"]
    if "recordsPerSecond" in r:
        bits.append(f"{r['recordsPerSecond']:>12,.0f} rec/s {r['megabytesPerSecond']:>9,.1f} MB/s {r['seconds']:>7.2f} s")
    if "p50Micros" in r:
        bits.append(f"p50 {r['p50Micros']:.0f} µs  p99 {r['p99Micros']:.0f} µs  p999 {r['p999Micros']:.0f} µs  max {r['maxMicros']:.0f} µs")
    if "medianSeconds" in r:
        bits.append(f"median {r['medianSeconds'] * 1000:.0f} ms, max {r['maxSeconds'] * 1000:.0f} ms over {r['runs']} runs")
    if "brokerCpuSeconds" in r:
        bits.append(f"broker cpu {r['brokerCpuSeconds']:.2f} s (user {r['brokerUserSeconds']:.2f}, sys {r['brokerSystemSeconds']:.2f})")
    if "brokerRssBytes" in r:
        bits.append(f"rss {r['brokerRssBytes'] / 1048576:.0f} MB (peak {r['brokerPeakRssBytes'] / 1048576:.0f} MB)")
    return "  ".join(bits)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fjord-bin", default=".build/release/fjord")
    ap.add_argument("--records", type=int, default=2_000_000)
    ap.add_argument("--latency-records", type=int, default=2000)
    ap.add_argument("--large-records", type=int, default=8000, help="64 KiB records in the large phase")
    ap.add_argument("--only", default=",".join(PHASES), help="comma-separated phases")
    ap.add_argument("--results", default="bench-results.jsonl")
    ap.add_argument("--compression", default="none", choices=["none", "gzip", "snappy", "lz4", "zstd"],
                    help="producer codec in the throughput phase")
    ap.add_argument("--serve-args", default="", help="extra `fjord serve` flags, e.g. '--flush interval'")
    args = ap.parse_args()
    FjordBroker.extra_default = shlex.split(args.serve_args)
    out: list[dict] = []
    for name in args.only.split(","):
        PHASES[name.strip()](args, out)
        print(row(out[-1]) if name.strip() not in ("throughput", "mock") else "\n".join(row(r) for r in out[-2:]), flush=True)
    stamp = datetime.now(timezone.utc).isoformat(timespec="seconds")
    with open(args.results, "a") as f:
        for r in out:
            f.write(json.dumps({"kind": "librdkafka", "time": stamp, "serveArgs": args.serve_args, **r}, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
