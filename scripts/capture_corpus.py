#!/usr/bin/env python3
"""Capture a seed corpus of request frames from real Kafka clients talking to a real broker.

Starts `fjord serve` (binary from --fjord-bin or $FJORD_BIN) on a free loopback port with a
temporary data directory, and a recording TCP proxy in front of it. The broker advertises the
proxy's address (--advertised-listener), so every connection a client opens after bootstrap goes
through the proxy too. Then it drives workloads with confluent-kafka (librdkafka), kafka-python
and aiokafka: producers (plain and idempotent, every codec), group consumers with commits,
assign+seek consumers, and each client's admin API. Every request frame the clients send is
recorded whole (4-byte size prefix included).

Kept: for each (API key, version, client) up to --per-key distinct frames (--per-produce-key for
Produce, so every codec and the idempotent variants survive), chosen for variety, never larger
than --max-frame bytes. Written to Fuzz/Corpus/wire/<api>-v<version>-<client>-<n>.bin (raw bytes;
the directory is libFuzzer's seed directory, so it holds frames only) and indexed in
Fuzz/Corpus/wire-index.tsv (file, api key, version, client, size, sha1, note).

    .venv/bin/python scripts/capture_corpus.py --fjord-bin .build/release/fjord
    .venv/bin/python scripts/capture_corpus.py --only confluent      # one client's workloads

Existing files in the output directory are replaced (the corpus is regenerated as a whole).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import logging
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import kafka_wire as kw  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "Fuzz" / "Corpus" / "wire"
INDEX = ROOT / "Fuzz" / "Corpus" / "wire-index.tsv"
CODECS = ("none", "gzip", "snappy", "lz4", "zstd")

logging.getLogger("kafka").setLevel(logging.CRITICAL)
logging.getLogger("aiokafka").setLevel(logging.CRITICAL)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# -- the recording proxy -------------------------------------------------------------------------

class Recorder:
    """Collects request frames per client label, thread-safe."""

    def __init__(self):
        self.lock = threading.Lock()
        self.frames: list[tuple[str, bytes]] = []
        self.label = "unlabelled"

    def add(self, label: str, frame: bytes) -> None:
        with self.lock:
            self.frames.append((label, frame))


class Proxy:
    """Accepts client connections on `port` and pipes each to the broker, splitting the client's
    byte stream into frames for the recorder. A connection is labelled with the workload running
    when it was accepted."""

    def __init__(self, port: int, upstream: tuple[str, int], recorder: Recorder):
        self.recorder = recorder
        self.upstream = upstream
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", port))
        self.listener.listen(128)
        self.port = port
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self.closed = True
        try:
            self.listener.close()
        except OSError:
            pass

    def _accept(self) -> None:
        while not self.closed:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            label = self.recorder.label
            try:
                server = socket.create_connection(self.upstream, timeout=10)
                server.settimeout(None)
            except OSError:
                client.close()
                continue
            threading.Thread(target=self._client_to_server, args=(client, server, label), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client), daemon=True).start()

    def _client_to_server(self, client: socket.socket, server: socket.socket, label: str) -> None:
        pending = bytearray()
        try:
            while True:
                data = client.recv(65536)
                if not data:
                    break
                server.sendall(data)
                pending += data
                while len(pending) >= 4:
                    size = struct.unpack_from(">i", pending)[0]
                    if size < 0 or len(pending) < 4 + size:
                        break
                    self.recorder.add(label, bytes(pending[:4 + size]))
                    del pending[:4 + size]
        except OSError:
            pass
        finally:
            for s in (client, server):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


# -- the broker ----------------------------------------------------------------------------------

class BrokerProcess:
    def __init__(self, binary: str, port: int, advertised: str, workdir: Path):
        self.data = workdir / "data"
        self.log_path = workdir / "broker.log"
        cmd = [binary, "serve", "--listen", f"127.0.0.1:{port}", "--advertised-listener", advertised,
               "--data-dir", str(self.data), "--node-id", "1", "--metrics-listen", "127.0.0.1:0",
               "--log-level", "info"]
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while not kw.api_versions_ok(f"127.0.0.1:{port}", timeout=1)[0]:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"broker did not start; see {self.log_path}")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


# -- workloads -----------------------------------------------------------------------------------

def step(name: str, fn, *args, **kwargs):
    """Runs one workload step; a client error is reported and the capture goes on."""
    started = time.monotonic()
    try:
        fn(*args, **kwargs)
        print(f"  ok    {name} ({time.monotonic() - started:.1f}s)", flush=True)
    except Exception as e:  # noqa: BLE001 - any client failure is only a missing seed
        print(f"  FAIL  {name}: {type(e).__name__}: {str(e)[:200]}", flush=True)
        if os.environ.get("CAPTURE_DEBUG"):
            traceback.print_exc()


def values(n: int, tag: str) -> list[tuple[bytes, bytes]]:
    return [(f"key-{i % 7}".encode(), f"{tag}-{i:04d}-".encode() + b"v" * (i % 40)) for i in range(n)]


# confluent-kafka ---------------------------------------------------------------------------------

def confluent_workloads(bootstrap: str) -> list[tuple[str, object]]:
    from confluent_kafka import Consumer, Producer, TopicPartition, ConsumerGroupTopicPartitions
    from confluent_kafka.admin import (AdminClient, AlterConfigOpType, ConfigEntry, ConfigResource,
                                       NewPartitions, NewTopic, OffsetSpec)

    admin = AdminClient({"bootstrap.servers": bootstrap})

    def wait(futures: dict, timeout: float = 20):
        for f in futures.values():
            f.result(timeout=timeout)

    def create():
        wait(admin.create_topics([
            NewTopic("cap-cf", num_partitions=3, replication_factor=1),
            NewTopic("cap-cf-compact", num_partitions=1, replication_factor=1,
                     config={"cleanup.policy": "compact", "segment.bytes": "1048576"}),
            NewTopic("cap-cf-doomed", num_partitions=2, replication_factor=1),
        ]))

    def produce(codec: str, idempotent: bool):
        conf = {"bootstrap.servers": bootstrap, "compression.type": codec, "linger.ms": 5}
        if idempotent:
            conf["enable.idempotence"] = True
        p = Producer(conf)
        for k, v in values(30, f"cf-{codec}"):
            p.produce("cap-cf", v, key=k)
        p.produce("cap-cf-compact", b"value", key=b"k1")
        p.produce("cap-cf-compact", None, key=b"k2")  # tombstone
        if p.flush(20) != 0:
            raise RuntimeError("records left unflushed")

    def group_consume():
        c = Consumer({"bootstrap.servers": bootstrap, "group.id": "cap-cf-group", "auto.offset.reset": "earliest",
                      "enable.auto.commit": False, "session.timeout.ms": 6000})
        c.subscribe(["cap-cf"])
        got, deadline = 0, time.monotonic() + 25
        while got < 60 and time.monotonic() < deadline:
            m = c.poll(0.5)
            if m is not None and not m.error():
                got += 1
                if got % 20 == 0:
                    c.commit(message=m, asynchronous=False)
        if got == 0:
            raise RuntimeError("the group consumer received nothing")
        c.committed([TopicPartition("cap-cf", p) for p in range(3)], timeout=10)
        c.close()

    def assign_seek():
        c = Consumer({"bootstrap.servers": bootstrap, "group.id": "cap-cf-assign", "enable.auto.commit": False})
        tps = [TopicPartition("cap-cf", p, 0) for p in range(3)]
        c.assign(tps)
        c.poll(2)
        c.seek(TopicPartition("cap-cf", 1, 5))
        c.poll(2)
        c.get_watermark_offsets(TopicPartition("cap-cf", 0), timeout=10)
        c.offsets_for_times([TopicPartition("cap-cf", 0, int(time.time() * 1000) - 60000)], timeout=10)
        c.commit(offsets=[TopicPartition("cap-cf", 0, 3)], asynchronous=False)
        c.close()

    def configs():
        res = ConfigResource(ConfigResource.Type.TOPIC, "cap-cf")
        wait(admin.describe_configs([res]))
        wait(admin.alter_configs([ConfigResource(ConfigResource.Type.TOPIC, "cap-cf",
                                                 set_config={"retention.ms": "86400000", "segment.bytes": "1048576"})]))
        wait(admin.incremental_alter_configs([ConfigResource(
            ConfigResource.Type.TOPIC, "cap-cf", incremental_configs=[
                ConfigEntry("index.interval.bytes", "1024", incremental_operation=AlterConfigOpType.SET),
                ConfigEntry("retention.ms", None, incremental_operation=AlterConfigOpType.DELETE),
            ])]))
        wait(admin.describe_configs([ConfigResource(ConfigResource.Type.BROKER, "1")]))

    def partitions():
        wait(admin.create_partitions([NewPartitions("cap-cf-doomed", 4)]))

    def delete_records():
        wait(admin.delete_records([TopicPartition("cap-cf", 0, 2), TopicPartition("cap-cf", 2, -1)]))

    def list_offsets():
        wait(admin.list_offsets({TopicPartition("cap-cf", 0): OffsetSpec.earliest(),
                                 TopicPartition("cap-cf", 1): OffsetSpec.latest(),
                                 TopicPartition("cap-cf", 2): OffsetSpec.max_timestamp()}))

    def groups():
        admin.list_consumer_groups().result(timeout=20)
        wait(admin.describe_consumer_groups(["cap-cf-group", "cap-cf-assign"]))
        wait(admin.list_consumer_group_offsets([ConsumerGroupTopicPartitions("cap-cf-group")]))
        wait(admin.alter_consumer_group_offsets([ConsumerGroupTopicPartitions(
            "cap-cf-assign", [TopicPartition("cap-cf", 0, 1)])]))
        wait(admin.delete_consumer_groups(["cap-cf-assign"]))

    def metadata():
        admin.list_topics(timeout=10)
        admin.describe_cluster().result(timeout=10)

    def delete():
        wait(admin.delete_topics(["cap-cf-doomed"]))

    steps: list[tuple[str, object]] = [("create topics", create)]
    for codec in CODECS:
        steps.append((f"producer {codec}", lambda c=codec: produce(c, False)))
        steps.append((f"idempotent producer {codec}", lambda c=codec: produce(c, True)))
    steps += [("group consumer", group_consume), ("assign+seek consumer", assign_seek), ("configs", configs),
              ("create partitions", partitions), ("delete records", delete_records), ("list offsets", list_offsets),
              ("groups admin", groups), ("metadata", metadata), ("delete topics", delete)]
    return steps


# kafka-python ------------------------------------------------------------------------------------

def kafka_python_workloads(bootstrap: str) -> list[tuple[str, object]]:
    import kafka
    from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient, NewPartitions, NewTopic
    from kafka.structs import TopicPartition

    def admin():
        return KafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15000)

    def create():
        a = admin()
        a.create_topics([NewTopic("cap-kp", 2, 1), NewTopic("cap-kp-doomed", 1, 1)])
        a.close()

    def produce(codec: str | None, idempotent: bool):
        p = kafka.KafkaProducer(bootstrap_servers=bootstrap, compression_type=codec, linger_ms=5,
                                enable_idempotence=idempotent, acks="all" if idempotent else 1,
                                request_timeout_ms=15000)
        for k, v in values(30, f"kp-{codec}"):
            p.send("cap-kp", v, key=k)
        p.flush(20)
        p.close(5)

    def group_consume():
        c = kafka.KafkaConsumer("cap-kp", bootstrap_servers=bootstrap, group_id="cap-kp-group",
                                auto_offset_reset="earliest", enable_auto_commit=False, request_timeout_ms=15000)
        got, deadline = 0, time.monotonic() + 25
        while got < 40 and time.monotonic() < deadline:
            for recs in c.poll(timeout_ms=500).values():
                got += len(recs)
        c.commit()
        c.committed(TopicPartition("cap-kp", 0))
        c.close()

    def assign_seek():
        c = kafka.KafkaConsumer(bootstrap_servers=bootstrap, group_id="cap-kp-assign", enable_auto_commit=False,
                                request_timeout_ms=15000)
        tp = TopicPartition("cap-kp", 0)
        c.assign([tp])
        c.seek(tp, 2)
        c.poll(timeout_ms=2000)
        c.seek_to_beginning(tp)
        c.poll(timeout_ms=1000)
        c.end_offsets([tp])
        c.beginning_offsets([tp])
        c.offsets_for_times({tp: int(time.time() * 1000) - 60000})
        c.commit({tp: kafka.OffsetAndMetadata(3, None, -1)})
        c.close()

    def admin_ops():
        a = admin()
        tp = TopicPartition("cap-kp", 0)
        for name, call in [
            ("describe_configs", lambda: a.describe_configs([ConfigResource(ConfigResourceType.TOPIC, "cap-kp")])),
            ("alter_configs", lambda: a.alter_configs([ConfigResource(ConfigResourceType.TOPIC, "cap-kp",
                                                                      configs={"retention.ms": "86400000"})])),
            ("incremental alter_configs", lambda: a.alter_configs([ConfigResource(
                ConfigResourceType.TOPIC, "cap-kp", configs={"segment.ms": "3600000"})], incremental=True)),
            ("create_partitions", lambda: a.create_partitions({"cap-kp-doomed": NewPartitions(3)})),
            ("list_groups", lambda: a.list_groups()),
            ("describe_groups", lambda: a.describe_groups(["cap-kp-group"])),
            ("list_group_offsets", lambda: a.list_group_offsets({"cap-kp-group": None})),
            ("list_partition_offsets", lambda: a.list_partition_offsets({tp: -1, TopicPartition("cap-kp", 1): -2})),
            ("delete_records", lambda: a.delete_records({tp: 1})),
            ("delete_group_offsets", lambda: a.delete_group_offsets("cap-kp-assign", [tp])),
            ("delete_groups", lambda: a.delete_groups(["cap-kp-assign"])),
            ("delete_topics", lambda: a.delete_topics(["cap-kp-doomed"])),
        ]:
            try:
                call()
            except Exception as e:  # noqa: BLE001
                print(f"        kafka-python admin {name}: {type(e).__name__}: {str(e)[:120]}")
        a.close()

    steps: list[tuple[str, object]] = [("create topics", create)]
    for codec in (None, "gzip", "snappy", "lz4", "zstd"):
        steps.append((f"producer {codec}", lambda c=codec: produce(c, False)))
    steps.append(("idempotent producer gzip", lambda: produce("gzip", True)))
    steps.append(("idempotent producer none", lambda: produce(None, True)))
    steps += [("group consumer", group_consume), ("assign+seek consumer", assign_seek), ("admin", admin_ops)]
    return steps


# aiokafka ----------------------------------------------------------------------------------------

def aiokafka_workloads(bootstrap: str) -> list[tuple[str, object]]:
    import aiokafka
    from aiokafka.admin import AIOKafkaAdminClient, NewPartitions, NewTopic, RecordsToDelete
    from aiokafka.admin.config_resource import ConfigResource, ConfigResourceType
    from aiokafka.structs import TopicPartition

    def run(coro):
        asyncio.run(asyncio.wait_for(coro, 40))

    async def create():
        a = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15000)
        await a.start()
        try:
            await a.create_topics([NewTopic("cap-aio", 2, 1), NewTopic("cap-aio-doomed", 1, 1)])
        finally:
            await a.close()

    async def produce(codec: str | None, idempotent: bool):
        p = aiokafka.AIOKafkaProducer(bootstrap_servers=bootstrap, compression_type=codec, linger_ms=5,
                                      enable_idempotence=idempotent, request_timeout_ms=15000)
        await p.start()
        try:
            futures = [await p.send("cap-aio", v, key=k) for k, v in values(30, f"aio-{codec}")]
            await asyncio.gather(*futures)
        finally:
            await p.stop()

    async def group_consume():
        c = aiokafka.AIOKafkaConsumer("cap-aio", bootstrap_servers=bootstrap, group_id="cap-aio-group",
                                      auto_offset_reset="earliest", enable_auto_commit=False, request_timeout_ms=15000)
        await c.start()
        try:
            got, deadline = 0, time.monotonic() + 25
            while got < 40 and time.monotonic() < deadline:
                batch = await c.getmany(timeout_ms=500)
                got += sum(len(v) for v in batch.values())
            await c.commit()
            await c.committed(TopicPartition("cap-aio", 0))
        finally:
            await c.stop()

    async def assign_seek():
        c = aiokafka.AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id="cap-aio-assign",
                                      enable_auto_commit=False, request_timeout_ms=15000)
        await c.start()
        try:
            tp = TopicPartition("cap-aio", 0)
            c.assign([tp])
            c.seek(tp, 2)
            await c.getmany(timeout_ms=1500)
            await c.seek_to_beginning(tp)
            await c.end_offsets([tp])
            await c.offsets_for_times({tp: int(time.time() * 1000) - 60000})
            await c.commit({tp: 3})
        finally:
            await c.stop()

    async def admin_ops():
        a = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=15000)
        await a.start()
        try:
            for name, call in [
                ("describe_configs", lambda: a.describe_configs([ConfigResource(ConfigResourceType.TOPIC, "cap-aio")])),
                ("alter_configs", lambda: a.alter_configs([ConfigResource(ConfigResourceType.TOPIC, "cap-aio",
                                                                          configs={"retention.ms": "86400000"})])),
                ("create_partitions", lambda: a.create_partitions({"cap-aio-doomed": NewPartitions(3)})),
                ("list_consumer_groups", lambda: a.list_consumer_groups()),
                ("describe_consumer_groups", lambda: a.describe_consumer_groups(["cap-aio-group"])),
                ("list_consumer_group_offsets", lambda: a.list_consumer_group_offsets("cap-aio-group")),
                ("delete_records", lambda: a.delete_records({TopicPartition("cap-aio", 0): RecordsToDelete(1)})),
                ("delete_topics", lambda: a.delete_topics(["cap-aio-doomed"])),
            ]:
                try:
                    await asyncio.wait_for(call(), 15)
                except Exception as e:  # noqa: BLE001
                    print(f"        aiokafka admin {name}: {type(e).__name__}: {str(e)[:120]}")
        finally:
            await a.close()

    steps: list[tuple[str, object]] = [("create topics", lambda: run(create()))]
    for codec in (None, "gzip", "snappy", "lz4", "zstd"):
        steps.append((f"producer {codec}", lambda c=codec: run(produce(c, False))))
    steps.append(("idempotent producer none", lambda: run(produce(None, True))))
    steps.append(("idempotent producer lz4", lambda: run(produce("lz4", True))))
    steps += [("group consumer", lambda: run(group_consume())), ("assign+seek consumer", lambda: run(assign_seek())),
              ("admin", lambda: run(admin_ops()))]
    return steps


CLIENTS = {"confluent": confluent_workloads, "kafka-python": kafka_python_workloads, "aiokafka": aiokafka_workloads}


# -- selection -----------------------------------------------------------------------------------

def normalized(frame: bytes) -> bytes:
    """The frame with its correlation id zeroed, so retries of one request count once."""
    return frame[:8] + b"\0\0\0\0" + frame[12:] if len(frame) >= 12 else frame


def select(frames: list[tuple[str, bytes]], per_key: int, per_produce_key: int, max_frame: int):
    """{(api, version, client): [(frame, note)]}: distinct frames, varied by note, then by size."""
    candidates: dict[tuple[int, int, str], dict[bytes, tuple[bytes, str]]] = defaultdict(dict)
    for label, frame in frames:
        if len(frame) > max_frame:
            continue
        h = kw.parse_request_header(frame)
        if h is None:
            continue
        note = kw.first_batch_note(frame) if h.api_key == 0 else ""
        candidates[(h.api_key, h.api_version, label)].setdefault(normalized(frame), (frame, note))
    chosen = {}
    for key, found in sorted(candidates.items()):
        limit = per_produce_key if key[0] == 0 else per_key
        by_note: dict[str, list[tuple[bytes, str]]] = defaultdict(list)
        for frame, note in found.values():
            by_note[note].append((frame, note))
        for group in by_note.values():
            group.sort(key=lambda fn: len(fn[0]))
            # Smallest, largest, then the middle: the spread a mutator benefits from.
            if len(group) > 2:
                group[:] = [group[0], group[-1]] + group[1:-1]
        picked: list[tuple[bytes, str]] = []
        while len(picked) < limit and any(by_note.values()):
            for note in sorted(by_note):
                if by_note[note] and len(picked) < limit:
                    picked.append(by_note[note].pop(0))
        chosen[key] = picked
    return chosen


def write_corpus(chosen, out_dir: Path, index: Path) -> tuple[int, int]:
    if out_dir.exists():
        for old in out_dir.glob("*.bin"):
            old.unlink()
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = ["file\tapi_key\tversion\tclient\tbytes\tsha1\tnote"]
    total = 0
    count = 0
    for (api, version, client), picked in sorted(chosen.items()):
        for n, (frame, note) in enumerate(picked):
            name = f"{kw.api_name(api)}-v{version}-{client}-{n}.bin"
            (out_dir / name).write_bytes(frame)
            rows.append(f"{name}\t{api}\t{version}\t{client}\t{len(frame)}\t{hashlib.sha1(frame).hexdigest()}\t{note}")
            total += len(frame)
            count += 1
    index.write_text("\n".join(rows) + "\n")
    return count, total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fjord-bin", default=os.environ.get("FJORD_BIN", str(ROOT / ".build/release/fjord")))
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    ap.add_argument("--index", type=Path, default=INDEX)
    ap.add_argument("--only", choices=sorted(CLIENTS), action="append", help="run only these clients' workloads")
    ap.add_argument("--per-key", type=int, default=3, help="frames kept per (api, version, client)")
    ap.add_argument("--per-produce-key", type=int, default=20, help="frames kept per Produce (version, client)")
    ap.add_argument("--max-frame", type=int, default=16384, help="larger frames are not kept")
    ap.add_argument("--keep-workdir", action="store_true")
    args = ap.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="fjord-capture-"))
    broker_port, proxy_port = free_port(), free_port()
    recorder = Recorder()
    proxy = Proxy(proxy_port, ("127.0.0.1", broker_port), recorder)
    broker = BrokerProcess(args.fjord_bin, broker_port, f"127.0.0.1:{proxy_port}", workdir)
    bootstrap = f"127.0.0.1:{proxy_port}"
    print(f"broker 127.0.0.1:{broker_port}, proxy {bootstrap}, workdir {workdir}")
    try:
        for client in args.only or list(CLIENTS):
            print(f"{client}:")
            recorder.label = client
            for name, fn in CLIENTS[client](bootstrap):
                step(name, fn)
            time.sleep(1.0)  # let the client's last connections close while still labelled
    finally:
        recorder.label = "after"
        broker.stop()
        proxy.close()
    frames = [(label, f) for label, f in recorder.frames if label != "after"]
    chosen = select(frames, args.per_key, args.per_produce_key, args.max_frame)
    count, total = write_corpus(chosen, args.out, args.index)
    apis = sorted({kw.api_name(k[0]) for k in chosen})
    print(f"recorded {len(frames)} frames; kept {count} files, {total} bytes, {len(apis)} APIs: {', '.join(apis)}")
    print(f"corpus: {args.out}\nindex:  {args.index}")
    if args.keep_workdir:
        print(f"workdir kept: {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
