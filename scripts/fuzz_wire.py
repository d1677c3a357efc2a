#!/usr/bin/env python3
"""Black-box wire fuzzer for Fjord: mutated request frames against a running broker, with periodic
liveness, memory, idle-CPU and log-offset invariant checks, and minimisation of what breaks them.

Inputs are frames from the seed corpus (Fuzz/Corpus/wire/*.bin, made by capture_corpus.py), mutated:
bit flips, interesting values (0, -1, 0x7F.., 0x80.., large int16/int32/int64) at random and at
field-aligned positions, truncation, chunk insert/delete/duplicate, splicing of two frames. With
--structure P a Produce mutation is structure-aware with chance P (a record batch's BaseOffset,
BatchLength, PartitionLeaderEpoch, Magic or CRC: the bytes outside the CRC; or the partition index);
with --generate P a share P of inputs are well-formed admin requests aimed at live topics (topic
configs set to edge values through AlterConfigs / IncrementalAlterConfigs / CreateTopics,
DeleteRecords, CreatePartitions, DeleteTopics, Metadata auto-creation). Most of the time the 4-byte size prefix is fixed up so the body gets parsed; sometimes it is
left wrong. Several connections; some requests are pipelined (sent without waiting for the answer).

Every --check-every inputs (default 200) the fuzzer closes its connections and checks:
  liveness   ApiVersions on a fresh connection answered within --liveness-timeout seconds;
  memory     the broker's VmRSS (/proc/<pid>/status) stays under --max-rss-mb;
  idle CPU   with no client connected, utime+stime over ~1 s (/proc/<pid>/stat) stays under
             --max-idle-cpu cores (re-measured a few times before it counts);
  offsets    for every partition of every topic (Metadata, ListOffsets earliest/latest, Fetch from the
             log start to the end): batches contiguous (next base = previous last + 1, except on
             compacted topics), each batch's record count = LastOffsetDelta + 1 (uncompacted; no batch
             spans a million offsets it has no records for), the last batch's last offset + 1 = log end
             offset, and high watermark = log end offset;
  disk       (own broker) the segment files hold whole CRC-valid batches back to back, the index
             files whole entries: bytes written into the wrong file show up here at once;
  restarts   with --restart-every N the broker is stopped (SIGTERM or SIGKILL, at random) every N
             inputs and restarted on its data directory; no partition's log end offset may go back.
A failure saves the inputs since the last passing check (and the whole journal since the broker
started), the broker log and a listing of the data directory under fuzz-out/<time>/, then replays them
against a fresh broker with a fresh data directory and delta-debugs them down to a minimal sequence
(reproducer.bin + reproducer.txt). Exit code 1 if any failure was found, 0 otherwise.

    .venv/bin/python scripts/fuzz_wire.py --fjord-bin .build/release/fjord --seconds 1200 --seed 1
    .venv/bin/python scripts/fuzz_wire.py --fjord-bin .build/release/fjord --seconds 2400 --seed 7 \
        --restart-every 3000 --partition-budget 1000
    .venv/bin/python scripts/fuzz_wire.py --bootstrap 127.0.0.1:9092 --pid 1234 --inputs 20000
    .venv/bin/python scripts/fuzz_wire.py --fjord-bin .build/release/fjord --replay fuzz-out/X/reproducer.bin

The broker it starts runs under RLIMIT_NOFILE --nofile (4096): a CreateTopics asking for millions of
partitions then fails fast instead of creating directories for minutes (a known defect). A broker that
stops answering right after such a request is recorded as "known", restarted, and the run goes on.
"""

from __future__ import annotations

import argparse
import ctypes
import datetime as dt
import os
import random
import resource
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import kafka_wire as kw  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT / "Fuzz" / "Corpus" / "wire"

# -- journal -------------------------------------------------------------------------------------
# One record per event: type u8, connection u8, flags u8, length u32, bytes. Types: SEND (a frame),
# RESTART (flags: 0 = SIGTERM, 1 = SIGKILL). SEND flags: bit 0 = pipelined (no wait for an answer).

SEND, RESTART = 1, 2
PIPELINED = 1


@dataclass
class Event:
    kind: int
    conn: int = 0
    flags: int = 0
    data: bytes = b""

    def encode(self) -> bytes:
        return struct.pack(">BBBI", self.kind, self.conn, self.flags, len(self.data)) + self.data


def write_journal(path: Path, events: list[Event]) -> None:
    with open(path, "wb") as f:
        for e in events:
            f.write(e.encode())


def read_journal(path: Path) -> list[Event]:
    data = path.read_bytes()
    out, pos = [], 0
    while pos + 7 <= len(data):
        kind, conn, flags, n = struct.unpack_from(">BBBI", data, pos)
        pos += 7
        out.append(Event(kind, conn, flags, data[pos:pos + n]))
        pos += n
    return out


def describe_event(e: Event) -> str:
    if e.kind == RESTART:
        return f"RESTART {'SIGKILL' if e.flags else 'SIGTERM'}"
    h = kw.parse_request_header(e.data) if len(e.data) >= 12 else None
    what = f"{kw.api_name(h.api_key)} v{h.api_version}" if h else "unparseable"
    size = struct.unpack_from(">i", e.data)[0] if len(e.data) >= 4 else None
    fixed = "size ok" if size == len(e.data) - 4 else f"size prefix {size} != {len(e.data) - 4}"
    return f"conn {e.conn}{' pipelined' if e.flags & PIPELINED else ''}: {what}, {len(e.data)} bytes, {fixed}"


# -- the broker under test -----------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _child_setup(nofile: int):
    def setup():
        if nofile > 0:
            resource.setrlimit(resource.RLIMIT_NOFILE, (nofile, nofile))
        try:
            ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG: no orphans
        except OSError:
            pass
    return setup


class Broker:
    """A `fjord serve` of our own: free port, own data dir, low descriptor limit."""

    def __init__(self, binary: str, workdir: Path, nofile: int, extra: list[str]):
        self.binary = binary
        self.workdir = workdir
        self.data = workdir / "data"
        self.log_path = workdir / "broker.log"
        self.port = free_port()
        self.nofile = nofile
        self.extra = extra
        self.proc: subprocess.Popen | None = None
        self.starts = 0

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def start(self, timeout: float = 60) -> bool:
        self.starts += 1
        self.data.mkdir(parents=True, exist_ok=True)
        cmd = [self.binary, "serve", "--listen", self.bootstrap, "--advertised-listener", self.bootstrap,
               "--data-dir", str(self.data), "--node-id", "1", "--metrics-listen", "127.0.0.1:0",
               "--log-level", "info"] + self.extra
        with open(self.log_path, "ab") as log:
            log.write(f"\n===== start #{self.starts} {time.strftime('%H:%M:%S')}: {' '.join(cmd)}\n".encode())
            log.flush()
            self.proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         preexec_fn=_child_setup(self.nofile))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            if kw.api_versions_ok(self.bootstrap, timeout=1)[0]:
                break
            time.sleep(0.05)
        else:
            return False
        # Group requests answer COORDINATOR_LOAD_IN_PROGRESS until __consumer_offsets is loaded; a
        # replay that starts sending before then would not meet the broker the run met.
        settle = time.monotonic() + 15
        while time.monotonic() < settle and self.proc.poll() is None:
            text = self.log_path.read_text(errors="replace")
            if "group coordinator loaded" in text[text.rfind("===== start #"):]:
                break
            time.sleep(0.05)
        return self.proc.poll() is None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def exit_status(self) -> str:
        if self.proc is None or self.proc.poll() is None:
            return "running"
        code = self.proc.returncode
        return f"killed by signal {-code} ({signal.Signals(-code).name})" if code < 0 else f"exit code {code}"

    def stop(self, kill: bool = False, timeout: float = 20) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            if kill:
                self.proc.kill()
            else:
                self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        with open(self.log_path, "ab") as log:
            log.write(f"===== stopped ({'SIGKILL' if kill else 'SIGTERM'}): {self.exit_status()}\n".encode())

    def wipe(self) -> None:
        shutil.rmtree(self.data, ignore_errors=True)


def proc_rss_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def proc_cpu_seconds(pid: int) -> float | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
        fields = text[text.rindex(")") + 2:].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def proc_fd_count(pid: int) -> int | None:
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None


# -- corpus and mutation -------------------------------------------------------------------------

@dataclass
class Seed:
    name: str
    frame: bytes
    api_key: int
    body_offset: int


def load_corpus(directory: Path) -> list[Seed]:
    seeds = []
    for path in sorted(directory.glob("*.bin")):
        frame = path.read_bytes()
        h = kw.parse_request_header(frame)
        if h is None:
            continue
        seeds.append(Seed(path.name, frame, h.api_key, h.body_offset))
    return seeds


INT8 = [0, 1, 0x7F, 0x80, 0xFF, 0x10, 0x20, 0x40, 0x7E, 0xFE]
INT16 = [0, 1, -1, 0x7FFF, -0x8000, 0xFF, 0x100, 0x7FFE, 16, 32, 64, 100, 1000, 0x2000, 0x4000]
INT32 = [0, 1, -1, 2, 0x7FFFFFFF, -0x80000000, 0xFFFF, 0x10000, 0x7FFFFFFE, 100, 1000, 65535, 1 << 24,
         16711682, 1_000_000, 0x01000000, 0x00FF0000, 255, 4096, 1 << 20]
INT64 = [0, 1, -1, -2, -3, (1 << 63) - 1, -(1 << 63), 1 << 31, (1 << 31) - 1, 1 << 32, 1 << 40, 1000, 1 << 56]

# Topic configs that change how storage works, with edge values (LogConfig's bounds included).
CONFIG_EDGES = {
    "segment.bytes": ["14", "100", "1000", "4096", "16384", "1048576", "2147483647"],
    "segment.index.bytes": ["4", "8", "12", "16", "24", "100", "4096"],
    "index.interval.bytes": ["0", "1", "64", "4096", "2147483647"],
    "segment.ms": ["1", "10", "1000", "604800000"],
    "message.timestamp.type": ["LogAppendTime", "CreateTime"],
    "cleanup.policy": ["compact", "delete", "compact,delete"],
    "preallocate": ["true", "false"],
    "retention.ms": ["-1", "0", "1", "1000"],
    "retention.bytes": ["-1", "0", "1", "100", "10000"],
    "max.message.bytes": ["0", "100", "1000", "1048588"],
    "min.cleanable.dirty.ratio": ["0", "0.01", "0.5", "1"],
    "delete.retention.ms": ["0", "1", "86400000"],
    "file.delete.delay.ms": ["0", "1", "60000"],
    "flush.messages": ["1", "2", "9223372036854775807"],
    "min.compaction.lag.ms": ["0", "1000"],
    "max.compaction.lag.ms": ["1", "1000"],
}


def pack_int(value: int, size: int) -> bytes:
    return (value & ((1 << (8 * size)) - 1)).to_bytes(size, "big")


class Mutator:
    def __init__(self, rng: random.Random, seeds: list[Seed], structure: float):
        self.rng = rng
        self.seeds = seeds
        self.structure = structure
        self.topic_names = sorted({p.topic for s in seeds for p in kw.produce_partitions(s.frame)} |
                                  {"cap-cf", "cap-cf-compact", "cap-cf-doomed", "cap-kp", "cap-aio"})

    # Each op takes and returns a bytearray; `lo` is the first byte it may touch.
    def bit_flip(self, b: bytearray, lo: int) -> bytearray:
        for _ in range(self.rng.choice([1, 1, 1, 2, 4])):
            if len(b) > lo:
                i = self.rng.randrange(lo, len(b))
                b[i] ^= 1 << self.rng.randrange(8)
        return b

    def position(self, b: bytearray, lo: int, size: int) -> int | None:
        if len(b) - size < lo:
            return None
        if self.rng.random() < 0.5:
            # Field-aligned-ish: Kafka fields start at even offsets from the body more often than not.
            step = self.rng.choice([2, 4, 8])
            slots = (len(b) - size - lo) // step
            return lo + step * self.rng.randint(0, max(0, slots))
        return self.rng.randint(lo, len(b) - size)

    def interesting(self, b: bytearray, lo: int) -> bytearray:
        size, table = self.rng.choice([(1, INT8), (2, INT16), (4, INT32), (4, INT32), (8, INT64)])
        pos = self.position(b, lo, size)
        if pos is not None:
            b[pos:pos + size] = pack_int(self.rng.choice(table), size)
        return b

    def arith(self, b: bytearray, lo: int) -> bytearray:
        size = self.rng.choice([1, 2, 4, 8])
        pos = self.position(b, lo, size)
        if pos is not None:
            v = int.from_bytes(b[pos:pos + size], "big") + self.rng.randint(-35, 35)
            b[pos:pos + size] = pack_int(v, size)
        return b

    def random_bytes(self, b: bytearray, lo: int) -> bytearray:
        if len(b) > lo:
            pos = self.rng.randrange(lo, len(b))
            n = self.rng.randint(1, 8)
            b[pos:pos + n] = bytes(self.rng.randrange(256) for _ in range(min(n, len(b) - pos)))
        return b

    def truncate(self, b: bytearray, lo: int) -> bytearray:
        if len(b) > lo:
            del b[self.rng.randint(lo, len(b) - 1):]
        return b

    def insert_chunk(self, b: bytearray, lo: int) -> bytearray:
        pos = self.rng.randint(lo, len(b)) if len(b) >= lo else len(b)
        n = self.rng.choice([1, 2, 4, 8, 16, 64])
        if self.rng.random() < 0.5 and len(b) > n:
            src = self.rng.randint(0, len(b) - n)
            chunk = bytes(b[src:src + n])
        else:
            chunk = bytes(self.rng.randrange(256) for _ in range(n))
        b[pos:pos] = chunk
        return b

    def delete_chunk(self, b: bytearray, lo: int) -> bytearray:
        if len(b) > lo + 1:
            pos = self.rng.randrange(lo, len(b))
            del b[pos:pos + self.rng.choice([1, 2, 4, 8, 16, 64])]
        return b

    def duplicate_chunk(self, b: bytearray, lo: int) -> bytearray:
        if len(b) > lo + 1:
            pos = self.rng.randrange(lo, len(b))
            n = self.rng.choice([1, 2, 4, 8, 16, 64, 256])
            chunk = b[pos:pos + n]
            b[pos:pos] = chunk * self.rng.choice([1, 1, 2, 8])
        return b

    def splice(self, b: bytearray, lo: int) -> bytearray:
        other = self.rng.choice(self.seeds).frame
        if self.rng.random() < 0.5:
            # Same-API seeds splice into something the decoder gets further into.
            key = int.from_bytes(b[4:6], "big") if len(b) >= 6 else -1
            same = [s for s in self.seeds if s.api_key == key]
            if same:
                other = self.rng.choice(same).frame
        cut_a = self.rng.randint(min(lo, len(b)), len(b))
        cut_b = self.rng.randint(min(lo, len(other)), len(other))
        return bytearray(b[:cut_a] + other[cut_b:])

    # -- structure-aware --------------------------------------------------------------------------

    def batch_header_field(self, b: bytearray, lo: int) -> bytearray:
        """A Produce batch's BaseOffset, BatchLength, PartitionLeaderEpoch, Magic or CRC: the bytes
        the CRC-32C does not cover (CRC included), so the rest of the batch stays valid."""
        parts = [p for p in kw.produce_partitions(bytes(b)) if p.records_length >= 61]
        if not parts:
            return self.interesting(b, lo)
        p = self.rng.choice(parts)
        at, size = self.rng.choice([(0, 8), (8, 4), (12, 4), (16, 1), (17, 4)])
        pos = p.records_offset + at
        if self.rng.random() < 0.3:
            v = int.from_bytes(b[pos:pos + size], "big") + self.rng.choice([-1, 1, -12, 12])
        else:
            v = self.rng.choice({1: INT8, 4: INT32, 8: INT64}[size])
        b[pos:pos + size] = pack_int(v, size)
        return b

    def retarget_produce(self, b: bytearray, lo: int) -> bytearray:
        """Points a Produce partition's record set at another partition index of its topic."""
        parts = kw.produce_partitions(bytes(b))
        h = kw.parse_request_header(bytes(b))
        if not parts or h is None:
            return self.interesting(b, lo)
        p = self.rng.choice(parts)
        # The index (int32) sits right before the records length: int32, or a uvarint from v9 on.
        length_size = len(kw.uvarint(p.records_length + 1)) if h.api_version >= 9 else 4
        pos = p.records_offset - length_size - 4
        b[pos:pos + 4] = pack_int(self.rng.choice([0, 1, 2, 3, -1, 4, 100]), 4)
        return b

    def mutate(self, seed: Seed) -> tuple[bytes, str]:
        b = bytearray(seed.frame)
        # Keep the request header intact most of the time: otherwise almost everything dies in the
        # dispatcher (unknown API key, unsupported version) and never reaches a handler.
        lo = seed.body_offset if self.rng.random() < 0.85 else 4
        ops = [self.bit_flip, self.interesting, self.interesting, self.arith, self.random_bytes, self.truncate,
               self.insert_chunk, self.delete_chunk, self.duplicate_chunk, self.splice]
        names = []
        for _ in range(self.rng.choice([1, 1, 1, 2, 2, 3, 4])):
            if self.structure and self.rng.random() < self.structure and seed.api_key == 0:
                op = self.rng.choice([self.batch_header_field, self.batch_header_field, self.retarget_produce])
            else:
                op = self.rng.choice(ops)
            b = op(b, lo)
            names.append(op.__name__)
        if self.rng.random() < 0.9 and len(b) >= 4:
            b[0:4] = struct.pack(">i", len(b) - 4)
        return bytes(b), "+".join(names)

    def generate(self, live_topics: list[str]) -> tuple[bytes, str]:
        """A well-formed admin request aimed at a live topic: the storage-changing requests a
        random mutator reaches only rarely."""
        topic = self.rng.choice(live_topics or self.topic_names)
        corr = self.rng.randrange(1 << 31)
        choice = self.rng.random()
        if choice < 0.35:
            key = self.rng.choice(sorted(CONFIG_EDGES))
            configs = {key: self.rng.choice(CONFIG_EDGES[key])}
            if self.rng.random() < 0.3:
                k2 = self.rng.choice(sorted(CONFIG_EDGES))
                configs[k2] = self.rng.choice(CONFIG_EDGES[k2])
            if self.rng.random() < 0.5:
                body = kw.alter_configs_v0(topic, configs)
                return kw.request_frame(33, 0, corr, body), f"gen AlterConfigs {topic} {configs}"
            body = kw.array([kw.i8(2) + kw.string(topic) + kw.array(
                [kw.string(k) + kw.i8(0) + kw.string(v) for k, v in configs.items()])]) + kw.i8(0)
            return kw.request_frame(44, 0, corr, body), f"gen IncrementalAlterConfigs {topic} {configs}"
        if choice < 0.5:
            offset = self.rng.choice([-1, 0, 1, 2, 5, 10, 100, 1 << 31])
            part = self.rng.choice([0, 0, 1, 2])
            return kw.request_frame(21, 0, corr, kw.delete_records_v0(topic, [(part, offset)])), f"gen DeleteRecords {topic}-{part} {offset}"
        if choice < 0.6:
            count = self.rng.choice([2, 3, 4, 8, 30])
            return kw.request_frame(37, 0, corr, kw.create_partitions_v0(topic, count)), f"gen CreatePartitions {topic} {count}"
        if choice < 0.7:
            return kw.request_frame(20, 1, corr, kw.delete_topics_v1([topic])), f"gen DeleteTopics {topic}"
        if choice < 0.8:
            key = self.rng.choice(sorted(CONFIG_EDGES))
            configs = {key: self.rng.choice(CONFIG_EDGES[key])}
            parts = self.rng.choice([1, 1, 2, 3])
            return (kw.request_frame(19, 2, corr, kw.create_topics_v2([(topic, parts, configs)])),
                    f"gen CreateTopics {topic} {parts} {configs}")
        # Metadata with auto-creation for the topic (recreates it after a deletion).
        body = kw.array([kw.string(topic)])
        return kw.request_frame(3, 1, corr, body), f"gen Metadata {topic}"


# -- sending -------------------------------------------------------------------------------------

class FuzzConnection:
    def __init__(self, bootstrap: str):
        host, port = bootstrap.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=5)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.sock.setblocking(False)
        self.inbox = bytearray()
        self.outstanding = 0
        self.stalls = 0
        self.closed = False

    def send(self, data: bytes) -> bool:
        view = memoryview(data)
        deadline = time.monotonic() + 5
        while view:
            try:
                n = self.sock.send(view)
                view = view[n:]
            except BlockingIOError:
                if time.monotonic() > deadline:
                    return False
                select.select([], [self.sock], [], 0.05)
                self.drain(0)
            except OSError:
                self.closed = True
                return False
        self.outstanding += 1
        return True

    def drain(self, timeout: float, want: int = 0) -> int:
        """Reads what has arrived (waiting up to `timeout` for `want` answers); returns answers read."""
        answers = 0
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            readable, _, _ = select.select([self.sock], [], [], max(0.0, remaining) if answers < want else 0)
            if not readable:
                break
            try:
                data = self.sock.recv(1 << 20)
            except BlockingIOError:
                continue
            except OSError:
                self.closed = True
                break
            if not data:
                self.closed = True
                break
            self.inbox += data
            while len(self.inbox) >= 4:
                size = struct.unpack_from(">i", self.inbox)[0]
                if len(self.inbox) < 4 + size:
                    break
                del self.inbox[:4 + size]
                answers += 1
                self.outstanding = max(0, self.outstanding - 1)
            if answers >= want and time.monotonic() >= deadline:
                break
        return answers

    def close(self):
        self.closed = True
        try:
            self.sock.close()
        except OSError:
            pass


class Sender:
    """Owns the fuzzing connections; replays events exactly as the journal records them."""

    def __init__(self, bootstrap: str, connections: int, answer_timeout: float):
        self.bootstrap = bootstrap
        self.conns: list[FuzzConnection | None] = [None] * connections
        self.answer_timeout = answer_timeout
        self.reconnects = 0

    def conn(self, i: int) -> FuzzConnection | None:
        c = self.conns[i]
        if c is None or c.closed or c.outstanding > 16 or c.stalls >= 2:
            if c is not None:
                c.close()
                self.reconnects += 1
            try:
                c = FuzzConnection(self.bootstrap)
            except OSError:
                c = None
            self.conns[i] = c
        return c

    def send(self, e: Event) -> None:
        c = self.conn(e.conn % len(self.conns))
        if c is None:
            return
        if not c.send(e.data):
            c.close()
            return
        if e.flags & PIPELINED:
            c.drain(0)
            return
        got = c.drain(self.answer_timeout, want=1)
        if got == 0 and not c.closed:
            c.stalls += 1

    def close_all(self) -> None:
        for c in self.conns:
            if c is not None:
                c.close()
        self.conns = [None] * len(self.conns)


# -- checks --------------------------------------------------------------------------------------

@dataclass
class Violation:
    kind: str      # crash, hang, offsets, rss, idle-cpu
    detail: str
    topic: str = ""

    def __str__(self):
        return f"[{self.kind}] {self.detail}"


PARTITION_CAP = 2000


CLEANER_CHECKPOINT = "cleaner-offset-checkpoint"  # written by a cleaning pass (Sources/KafkaStorage/LogCleaner.swift)
IMPLAUSIBLE_SPAN = 1_000_000  # no producer puts a million records in one batch


def check_offsets(bootstrap: str, timeout: float = 20.0, data_dir: Path | None = None) -> list[Violation]:
    """The log-offset invariant for every partition of every topic.

    A topic counts as compacted (gaps between batches and batches with fewer records than offsets
    allowed) if its cleanup.policy says so now, or, when `data_dir` is known, if the cleaner has
    ever rewritten the partition (its checkpoint file exists): a policy switched back to delete
    leaves the compacted data as it is. Even then a batch may not span a million offsets."""
    out: list[Violation] = []
    with kw.Connection(bootstrap, timeout=timeout) as c:
        topics = [t for t in kw.metadata_v1(c) if t.error == 0 and t.partitions]
        if not topics:
            return out
        compacted: set[str] = set()
        names = [t.name for t in topics]
        for i in range(0, len(names), 50):
            configs = kw.describe_topic_configs_v1(c, names[i:i + 50], ["cleanup.policy"])
            compacted |= {n for n, cfg in configs.items() if "compact" in cfg.get("cleanup.policy", "")}
        # A topic whose CreatePartitions failed half-way can list millions of partitions without logs;
        # the first PARTITION_CAP of each say whether its logs are sound.
        wanted = {t.name: sorted(t.partitions)[:PARTITION_CAP] for t in topics}
        earliest: dict = {}
        latest: dict = {}
        chunk: dict[str, list[int]] = {}
        size = 0
        for name, parts in list(wanted.items()) + [("", [])]:
            if name and size + len(parts) <= 500:
                chunk[name] = parts
                size += len(parts)
                continue
            if chunk:
                earliest.update(kw.list_offsets_v1(c, chunk, kw.EARLIEST))
                latest.update(kw.list_offsets_v1(c, chunk, kw.LATEST))
            chunk, size = ({name: parts}, len(parts)) if name else ({}, 0)
        # Fetch from each partition's start up to its end, batch headers only.
        state: dict[tuple[str, int], dict] = {}
        for name, parts in wanted.items():
            for p in parts:
                e_err, start = earliest.get((name, p), (-99, -1))
                l_err, end = latest.get((name, p), (-99, -1))
                where = f"{name}-{p}"
                if e_err or l_err:
                    if e_err != 3 and l_err != 3:  # UNKNOWN_TOPIC_OR_PARTITION: deleted meanwhile
                        out.append(Violation("unreadable", f"{where}: ListOffsets errors {e_err}/{l_err}", name))
                    continue
                if not 0 <= start <= end:
                    out.append(Violation("offsets", f"{where}: log start {start}, log end {end}", name))
                    continue
                was_cleaned = data_dir is not None and (data_dir / f"{name}-{p}" / CLEANER_CHECKPOINT).exists()
                state[(name, p)] = {"start": start, "end": end, "next": start, "last": None, "hw": None,
                                    "batches": 0, "records": 0, "done": start == end,
                                    "compacted": name in compacted or was_cleaned}
        for _round in range(2000):
            pending = {k: s for k, s in state.items() if not s["done"]}
            if not pending:
                break
            by_topic: dict[str, list[tuple[int, int]]] = {}
            for (name, p), s in list(pending.items())[:200]:
                by_topic.setdefault(name, []).append((p, s["next"]))
            answers = kw.fetch_v4(c, by_topic, max_bytes=16 << 20, partition_max_bytes=1 << 20)
            for (name, p), s in list(pending.items())[:200]:
                where = f"{name}-{p}"
                got = answers.get((name, p))
                if got is None:
                    out.append(Violation("offsets", f"{where}: no Fetch answer", name))
                    s["done"] = True
                    continue
                if got.error:
                    # KAFKA_STORAGE_ERROR and the like: the partition cannot be read at all (a log taken
                    # offline, descriptors exhausted), which is its own finding, not an offset mismatch.
                    out.append(Violation("offsets" if got.error == 1 else "unreadable",
                                         f"{where}: Fetch at {s['next']} (log {s['start']}..{s['end']}) "
                                         f"error {got.error}", name))
                    s["done"] = True
                    continue
                if got.high_watermark != s["end"]:
                    out.append(Violation("offsets", f"{where}: Fetch high watermark {got.high_watermark} != "
                                                    f"ListOffsets latest {s['end']}", name))
                batches, _rest = kw.split_batches(got.records)
                if not batches:
                    out.append(Violation("offsets", f"{where}: Fetch at {s['next']} returns no batch although the log "
                                                    f"end offset is {s['end']} (records really stored end at "
                                                    f"{s['next']}; {s['records']} records read from {s['start']})", name))
                    s["done"] = True
                    continue
                for b in batches:
                    prev = s["last"]
                    if b.magic != 2:
                        out.append(Violation("offsets", f"{where}: batch at {b.base_offset} has magic {b.magic}", name))
                    if prev is None:
                        if not (b.base_offset <= s["next"] <= b.last_offset or b.base_offset >= s["next"] and s["compacted"]):
                            out.append(Violation("offsets", f"{where}: first batch {b.base_offset}..{b.last_offset} does "
                                                            f"not hold the log start {s['next']}", name))
                    elif b.base_offset != prev + 1 and not (s["compacted"] and b.base_offset > prev):
                        out.append(Violation("offsets", f"{where}: batch {b.base_offset}..{b.last_offset} follows a batch "
                                                        f"ending at {prev}", name))
                    if (not s["compacted"] and b.record_count != b.last_offset_delta + 1) or (
                            b.last_offset_delta + 1 > IMPLAUSIBLE_SPAN and b.record_count < b.last_offset_delta + 1):
                        out.append(Violation("offsets", f"{where}: batch at {b.base_offset} holds {b.record_count} records "
                                                        f"but spans {b.last_offset_delta + 1} offsets", name))
                    if prev is not None and b.last_offset <= prev:
                        continue
                    s["last"] = b.last_offset
                    s["batches"] += 1
                    s["records"] += max(0, b.record_count)
                if s["last"] is not None:
                    s["next"] = s["last"] + 1
                if s["next"] >= s["end"]:
                    s["done"] = True
                    if s["last"] is not None and s["last"] + 1 != s["end"]:
                        out.append(Violation("offsets", f"{where}: last batch ends at {s['last']} but the log end offset "
                                                        f"is {s['end']}", name))
    # Offset mismatches first (they name the failure), then one violation per partition.
    out.sort(key=lambda v: v.kind != "offsets")
    seen, unique = set(), []
    for v in out:
        key = v.detail.split(":")[0]
        if key not in seen:
            seen.add(key)
            unique.append(v)
    return unique


def log_end_offsets(bootstrap: str, timeout: float = 20.0) -> dict[tuple[str, int], int]:
    """{(topic, partition): log end offset} of every partition that answers ListOffsets."""
    out: dict[tuple[str, int], int] = {}
    with kw.Connection(bootstrap, timeout=timeout) as c:
        wanted = {t.name: sorted(t.partitions)[:PARTITION_CAP] for t in kw.metadata_v1(c) if t.error == 0 and t.partitions}
        names = list(wanted)
        for i in range(0, len(names), 50):
            chunk = {n: wanted[n] for n in names[i:i + 50]}
            for key, (err, offset) in kw.list_offsets_v1(c, chunk, kw.LATEST).items():
                if err == 0:
                    out[key] = offset
    return out


def compare_across_restart(before: dict[tuple[str, int], int], after: dict[tuple[str, int], int], how: str) -> list[Violation]:
    """Acknowledged records survive a restart: no partition's log end offset goes back."""
    out = []
    for (topic, p), end in sorted(before.items()):
        now = after.get((topic, p))
        if now is not None and now < end:
            out.append(Violation("lost", f"{topic}-{p}: log end offset {end} before the {how} restart, {now} after", topic))
    return out


def check_disk(data_dir: Path) -> list[Violation]:
    """What is in the segment files, read directly: from the start of each `<base>.log`, whole v2
    batches with a correct CRC-32C, back to back, up to the end of the data (a reserved tail of
    zeros may follow: topic config `preallocate`); and index files of whole entries (8 bytes in
    `.index`, 12 in `.timeindex`). A broker that writes one partition's bytes into another's
    file (a reused descriptor) fails this at once, long before a restart would trust the bytes."""
    out: list[Violation] = []
    if not data_dir.is_dir():
        return out
    for part in sorted(data_dir.iterdir()):
        if not part.is_dir() or part.name == "__topics":
            continue
        topic = part.name.rsplit("-", 1)[0]
        for f in sorted(part.glob("*.log")):
            if len(f.name) != 24:
                continue
            try:
                data = f.read_bytes()
            except OSError:
                continue
            pos = 0
            while pos + 12 <= len(data):
                base, length = struct.unpack_from(">qi", data, pos)
                if base == 0 and length == 0 and not any(data[pos:pos + 61]):
                    if any(data[pos:]):
                        out.append(Violation("disk", f"{part.name}/{f.name}: non-zero bytes in the reserved tail after {pos}", topic))
                    break
                bad = None
                if length < 49 or pos + 12 + length > len(data):
                    bad = f"batch length {length} at {pos} (file {len(data)} bytes)"
                elif data[pos + 16] != 2:
                    bad = f"magic {data[pos + 16]} at {pos}"
                else:
                    crc = struct.unpack_from(">I", data, pos + 17)[0]
                    if kw.crc32c(data[pos + 21:pos + 12 + length]) != crc:
                        bad = f"CRC mismatch in the batch at {pos} (base offset {base})"
                if bad:
                    out.append(Violation("disk", f"{part.name}/{f.name}: {bad}", topic))
                    break
                pos += 12 + length
        for suffix, size in ((".index", 8), (".timeindex", 12)):
            for f in part.glob("*" + suffix):
                try:
                    n = f.stat().st_size
                except OSError:
                    continue
                if n % size:
                    out.append(Violation("disk", f"{part.name}/{f.name}: {n} bytes, not whole {size}-byte entries", topic))
    return out


def measure_idle_cpu(pid: int, seconds: float = 1.0) -> float | None:
    a = proc_cpu_seconds(pid)
    time.sleep(seconds)
    b = proc_cpu_seconds(pid)
    if a is None or b is None:
        return None
    return (b - a) / seconds


def crash_site(log: str, fallback: str) -> str:
    """The reason and the crashed thread's first Fjord frame of the last crash report in a broker
    log, numbers masked: e.g. 'Swift runtime failure: arithmetic overflow @
    GroupCoordinator+Offsets.swift:N'."""
    import re
    text = log[log.rfind("===== start #"):]
    reason = re.search(r"(Fatal error: [^\n]*|Precondition failed[^\n]*|Swift runtime failure: [^\n*]*)", text)
    frame = ""
    crashed = text.find("crashed:")
    if crashed >= 0:
        thread = text[crashed:]
        for stop in ("\n\nThread ", "\nRegisters:"):
            cut = thread.find(stop)
            if cut > 0:
                thread = thread[:cut]
        found = re.search(r"/Sources/([^\s:]+):(\d+)", thread)
        if found:
            frame = f" @ {found.group(1).split('/')[-1]}:N"
    head = re.sub(r"\d+", "N", reason.group(1).strip()) if reason else fallback
    return head + frame


# -- the run -------------------------------------------------------------------------------------

@dataclass
class Stats:
    inputs: int = 0
    generated: int = 0
    checks: int = 0
    restarts: int = 0
    known: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    max_rss_kb: int = 0
    idle_cpu: list[float] = field(default_factory=list)
    max_fds: int = 0
    over_budget: int = 0


class Fuzzer:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.seeds = load_corpus(args.corpus)
        if not self.seeds:
            raise SystemExit(f"no seeds in {args.corpus} (run scripts/capture_corpus.py)")
        self.mutator = Mutator(self.rng, self.seeds, args.structure)
        self.stats = Stats()
        self.out_root = args.out
        self.workdir = Path(tempfile.mkdtemp(prefix="fjord-fuzz-"))
        self.broker: Broker | None = None
        self.bootstrap = args.bootstrap
        self.pid = args.pid
        if args.fjord_bin and not args.bootstrap:
            self.broker = Broker(args.fjord_bin, self.workdir / "broker", args.nofile, args.broker_arg)
            if not self.broker.start():
                raise SystemExit(f"broker did not start: {self.broker.log_path}")
            self.bootstrap, self.pid = self.broker.bootstrap, self.broker.pid
        if not self.bootstrap:
            raise SystemExit("give --fjord-bin or --bootstrap")
        self.sender = Sender(self.bootstrap, args.connections, args.answer_timeout)
        self.journal: list[Event] = []   # since the broker's data directory was created
        self.window_start = 0            # journal index after the last passing check
        self.live_topics: list[str] = []
        self.rss_baseline: int | None = None
        self.seen_signatures: set[str] = set()

    def log(self, text: str) -> None:
        print(f"{time.strftime('%H:%M:%S')} {text}", flush=True)

    # -- input generation ------------------------------------------------------------------------

    def next_event(self) -> Event:
        r = self.rng.random()
        conn = self.rng.randrange(self.args.connections)
        flags = PIPELINED if self.rng.random() < self.args.pipeline else 0
        if r < self.args.generate:
            data, _ = self.mutator.generate(self.live_topics)
            self.stats.generated += 1
        elif r < self.args.generate + self.args.unmutated:
            data = self.rng.choice(self.seeds).frame
        else:
            data, _ = self.mutator.mutate(self.rng.choice(self.seeds))
        if self.args.partition_budget and any(n > self.args.partition_budget for n in kw.requested_partition_counts(data)) and (
                not self.args.budget_create_partitions_only or data[4:6] == b"\x00\x25"):
            # Stands in for the partition budget another branch adds: without it such a request
            # exhausts the descriptors (a known defect) and everything after fails for that reason.
            self.stats.over_budget += 1
            data = self.rng.choice(self.seeds).frame
        return Event(SEND, conn, flags, data)

    def seed_pass(self) -> None:
        """Every seed once, unmutated, creations first: the corpus topics and groups exist before
        mutants start referring to them."""
        order = {19: 0, 3: 1, 37: 2, 0: 3}
        for s in sorted(self.seeds, key=lambda s: (order.get(s.api_key, 5), s.api_key == 20, s.name)):
            if s.api_key == 20:  # DeleteTopics would undo the pass
                continue
            e = Event(SEND, 0, 0, s.frame)
            self.journal.append(e)
            self.sender.send(e)

    # -- checks ----------------------------------------------------------------------------------

    def alive(self) -> bool:
        if self.broker is not None:
            return self.broker.alive()
        return self.pid is None or Path(f"/proc/{self.pid}").exists()

    def run_checks(self) -> list[Violation]:
        self.stats.checks += 1
        self.sender.close_all()
        if not self.alive():
            return [Violation("crash", f"broker died: {self.broker.exit_status() if self.broker else 'gone'}")]
        ok, took, err = kw.api_versions_ok(self.bootstrap, timeout=self.args.liveness_timeout)
        if not ok:
            # A huge CreateTopics/CreatePartitions can keep the broker busy for a while (known).
            deadline = time.monotonic() + self.args.hang_grace
            while time.monotonic() < deadline and self.alive() and not ok:
                time.sleep(1)
                ok, took, err = kw.api_versions_ok(self.bootstrap, timeout=self.args.liveness_timeout)
            if not self.alive():
                return [Violation("crash", f"broker died: {self.broker.exit_status() if self.broker else 'gone'}")]
            if not ok:
                return [Violation("hang", f"no ApiVersions answer within {self.args.liveness_timeout}s "
                                          f"(and {self.args.hang_grace}s grace): {err}")]
            self.log(f"liveness: answered only after a wait ({err})")
        out: list[Violation] = []
        if self.pid:
            rss = proc_rss_kb(self.pid) or 0
            self.stats.max_rss_kb = max(self.stats.max_rss_kb, rss)
            self.stats.max_fds = max(self.stats.max_fds, proc_fd_count(self.pid) or 0)
            if rss > self.args.max_rss_mb * 1024:
                out.append(Violation("rss", f"VmRSS {rss // 1024} MiB > {self.args.max_rss_mb} MiB"))
            cpu = None
            for _attempt in range(4 if self.stats.checks % self.args.cpu_every_checks == 0 else 0):
                time.sleep(0.3)
                cpu = measure_idle_cpu(self.pid, 1.0)
                if cpu is None or cpu <= self.args.max_idle_cpu:
                    break
                time.sleep(2)
            if cpu is not None:
                self.stats.idle_cpu.append(cpu)
                if cpu > self.args.max_idle_cpu:
                    out.append(Violation("idle-cpu", f"{cpu:.2f} cores busy with no client connected"))
        for attempt in range(2):
            try:
                data_dir = self.broker.data if self.broker else None
                violations = check_offsets(self.bootstrap, data_dir=data_dir)
                if violations:
                    # Re-check once: a coordinator write or a retention pass may have raced the first look.
                    time.sleep(1.0)
                    again = {v.detail.split(":")[0] for v in check_offsets(self.bootstrap, data_dir=data_dir)}
                    violations = [v for v in violations if v.detail.split(":")[0] in again]
                out += violations
                break
            except (OSError, ConnectionError, struct.error, IndexError) as e:
                if not self.alive():
                    return [Violation("crash", f"broker died during the offset check: {self.broker.exit_status() if self.broker else 'gone'}")]
                # Busy (say, a huge CreateTopics still rolling back): wait as for liveness, then retry once.
                ok, _, err = kw.api_versions_ok(self.bootstrap, timeout=self.args.liveness_timeout)
                deadline = time.monotonic() + self.args.hang_grace
                while not ok and time.monotonic() < deadline and self.alive():
                    time.sleep(1)
                    ok, _, err = kw.api_versions_ok(self.bootstrap, timeout=self.args.liveness_timeout)
                if not ok:
                    return out + [Violation("hang", f"stopped answering during the offset check ({type(e).__name__}: {e}; "
                                                    f"then ApiVersions: {err})")]
                if attempt == 1:
                    out.append(Violation("check", f"offset check could not complete: {type(e).__name__}: {e}"))
        if self.broker is not None and not self.args.no_disk_check:
            out += check_disk(self.broker.data)
        try:
            with kw.Connection(self.bootstrap, timeout=10) as c:
                self.live_topics = [t.name for t in kw.metadata_v1(c) if t.error == 0 and not t.internal][:200]
        except (OSError, ConnectionError, struct.error, IndexError):
            pass
        return out

    def recent_apis(self) -> set[int]:
        apis = set()
        for e in self.journal[self.window_start:]:
            h = kw.parse_request_header(e.data) if e.kind == SEND else None
            if h:
                apis.add(h.api_key)
        return apis

    # -- failures --------------------------------------------------------------------------------

    def save_failure(self, violations: list[Violation]) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        out = self.out_root / stamp
        n = 1
        while out.exists():
            out = self.out_root / f"{stamp}-{n}"
            n += 1
        out.mkdir(parents=True)
        window = self.journal[self.window_start:]
        write_journal(out / "window.bin", window)
        write_journal(out / "journal.bin", self.journal)
        with open(out / "window.txt", "w") as f:
            for i, e in enumerate(window):
                f.write(f"{i}\t{describe_event(e)}\t{e.data.hex()}\n")
        (out / "violations.txt").write_text("\n".join(str(v) for v in violations) + "\n")
        if self.broker is not None:
            shutil.copy(self.broker.log_path, out / "broker.log")
            listing = subprocess.run(["ls", "-lR", "--time-style=+%T", str(self.broker.data)],
                                     capture_output=True, text=True).stdout
            (out / "data-listing.txt").write_text(listing)
            # The partitions named in the violations, as they are on disk (small ones only).
            for topic in {v.topic for v in violations if v.topic}:
                for d in self.broker.data.glob(f"{topic}-*"):
                    if sum(f.stat().st_size for f in d.rglob("*") if f.is_file()) < 32 << 20:
                        shutil.copytree(d, out / "data" / d.name, dirs_exist_ok=True)
        (out / "README.txt").write_text(
            f"seed {self.args.seed}; inputs so far {self.stats.inputs}; journal {len(self.journal)} events since the data "
            f"directory was created; window {len(window)} events since the last passing check.\n"
            f"Replay: scripts/fuzz_wire.py --fjord-bin BIN --replay {out}/window.bin (or journal.bin)\n")
        return out

    def reset_broker(self, fresh: bool) -> None:
        if self.broker is None:
            return
        self.sender.close_all()
        self.broker.stop(kill=True)
        if fresh:
            self.broker.wipe()
            self.journal = []
        elif self.journal:
            self.journal.append(Event(RESTART, 0, 1))
        if not self.broker.start():
            self.log("broker did not come back on its data directory; starting fresh")
            self.broker.stop(kill=True)
            self.broker.wipe()
            self.journal = []
            if not self.broker.start():
                raise SystemExit(f"broker does not start any more: {self.broker.log_path}")
        self.pid = self.broker.pid
        self.window_start = len(self.journal)
        self.stats.restarts += 1

    # -- main loop -------------------------------------------------------------------------------

    def run(self) -> int:
        args = self.args
        started = time.monotonic()
        self.log(f"fuzzing {self.bootstrap} (pid {self.pid}) with {len(self.seeds)} seeds, seed {args.seed}")
        self.seed_pass()
        last_report = started
        next_check = args.check_every
        next_restart = args.restart_every
        while True:
            elapsed = time.monotonic() - started
            if args.inputs and self.stats.inputs >= args.inputs:
                break
            if args.seconds and elapsed >= args.seconds:
                break
            if args.restart_every and self.broker and self.stats.inputs >= next_restart:
                next_restart += args.restart_every
                kill = self.rng.random() < 0.5
                self.sender.close_all()
                try:
                    ends_before = log_end_offsets(self.bootstrap)
                except (OSError, ConnectionError, struct.error, IndexError):
                    ends_before = {}
                self.broker.stop(kill=kill)
                self.journal.append(Event(RESTART, 0, 1 if kill else 0))
                how = "SIGKILL" if kill else "SIGTERM"
                if not self.broker.start():
                    v = [Violation("crash", f"broker does not start on its data directory after {how}: "
                                            f"{self.broker.exit_status()}")]
                    self.handle_failure(v)
                    self.reset_broker(fresh=True)
                    continue
                self.pid = self.broker.pid
                self.stats.restarts += 1
                # What recovery made of the data is checked at once.
                violations = self.run_checks()
                try:
                    violations = compare_across_restart(ends_before, log_end_offsets(self.bootstrap), how) + violations
                except (OSError, ConnectionError, struct.error, IndexError):
                    pass
                if violations:
                    self.handle_failure([Violation(v.kind, f"after {how} restart: {v.detail}", v.topic) for v in violations])
                    if args.stop_on_failure:
                        break
                    self.reset_broker(fresh=True)
                    continue
                self.window_start = len(self.journal)
            e = self.next_event()
            self.journal.append(e)
            self.sender.send(e)
            self.stats.inputs += 1
            if self.stats.inputs >= next_check:
                next_check += args.check_every
                violations = self.run_checks()
                if violations:
                    if all(v.kind == "hang" for v in violations) and self.recent_apis() & {19, 37}:
                        note = f"input {self.stats.inputs}: unresponsive after CreateTopics/CreatePartitions (known); restarted"
                        self.log(note)
                        self.stats.known.append(note)
                        self.reset_broker(fresh=False)
                        continue
                    self.handle_failure(violations)
                    if args.stop_on_failure:
                        break
                    self.reset_broker(fresh=True)
                    continue
                self.window_start = len(self.journal)
            if time.monotonic() - last_report > args.report_every:
                last_report = time.monotonic()
                rate = self.stats.inputs / max(1e-9, time.monotonic() - started)
                self.log(f"{self.stats.inputs} inputs, {rate:.0f}/s, {self.stats.checks} checks, "
                         f"{len(self.stats.failures)} failures, max RSS {self.stats.max_rss_kb // 1024} MiB, "
                         f"fds {self.stats.max_fds}, reconnects {self.sender.reconnects}, topics {len(self.live_topics)}")
        if self.stats.inputs % args.check_every:
            violations = self.run_checks()
            if violations:
                self.handle_failure(violations)
        elapsed = time.monotonic() - started
        self.summary(elapsed)
        self.sender.close_all()
        if self.broker:
            self.broker.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)
        return 1 if self.stats.failures else 0

    def signature(self, violations: list[Violation]) -> str:
        """What makes two failures the same for minimisation: the kind, and for a crash the broker's
        fatal-error line with its numbers masked; for offsets, the kind of break."""
        import re
        v = violations[0]
        if v.kind == "crash" and self.broker is not None:
            return "crash: " + crash_site(self.broker.log_path.read_text(errors="replace"), v.detail)
        if v.kind == "offsets":
            return "offsets: " + re.sub(r"-?\d+", "N", v.detail.split(": ", 1)[-1])[:60]
        return v.kind

    def handle_failure(self, violations: list[Violation]) -> None:
        out = self.save_failure(violations)
        summary = "; ".join(str(v) for v in violations[:5])
        sig = self.signature(violations)
        repeat = sig in self.seen_signatures
        self.seen_signatures.add(sig)
        (out / "signature.txt").write_text(sig + "\n")
        self.log(f"FAILURE at input {self.stats.inputs}{' (seen before)' if repeat else ''}: {summary} -> {out}")
        self.stats.failures.append(f"input {self.stats.inputs}: {sig}{' (repeat)' if repeat else ''} :: {summary[:300]} ({out})")
        if self.args.no_minimize or not self.args.fjord_bin or repeat:
            return
        kind = violations[0].kind
        if kind == "check":
            return
        minimizer = Minimizer(self.args, out, kind, self.log)
        minimizer.run(self.journal[self.window_start:], self.journal)

    def summary(self, elapsed: float) -> None:
        s = self.stats
        idle = f"max {max(s.idle_cpu):.2f}, median {sorted(s.idle_cpu)[len(s.idle_cpu) // 2]:.2f} cores" if s.idle_cpu else "n/a"
        print("\n== fuzz_wire summary ==")
        print(f"seed {self.args.seed}; {s.inputs} inputs ({s.generated} generated) in {elapsed:.0f}s "
              f"= {s.inputs / max(elapsed, 1e-9):.0f}/s; {s.checks} checks; {s.restarts} broker restarts")
        print(f"max RSS {s.max_rss_kb // 1024} MiB; max open fds {s.max_fds}; idle CPU {idle}")
        if self.args.partition_budget:
            print(f"over the partition budget ({self.args.partition_budget}), replaced: {s.over_budget}")
        print(f"known: {len(s.known)}")
        for k in s.known:
            print(f"  {k}")
        print(f"failures: {len(s.failures)}")
        for f in s.failures:
            print(f"  {f}")


# -- replay and minimisation ---------------------------------------------------------------------

class Minimizer:
    """Replays event sequences against fresh brokers and delta-debugs them (ddmin)."""

    def __init__(self, args, out: Path, kind: str, log):
        self.args = args
        self.out = out
        self.kind = kind
        self.log = log
        self.trials = 0
        self.deadline = time.monotonic() + args.minimize_seconds

    def replay(self, events: list[Event], keep: Path | None = None) -> list[Violation]:
        """Fresh broker, fresh data dir, events in order (each answer awaited briefly unless
        pipelined), then the checks. Returns the violations of `self.kind`'s family."""
        self.trials += 1
        workdir = Path(tempfile.mkdtemp(prefix="fjord-replay-"))
        broker = Broker(self.args.fjord_bin, workdir, self.args.nofile, self.args.broker_arg)
        try:
            if not broker.start():
                return [Violation("crash", "replay broker did not start")]
            sender = Sender(broker.bootstrap, self.args.connections, self.args.replay_answer_timeout)
            for e in events:
                if e.kind == RESTART:
                    sender.close_all()
                    try:
                        ends_before = log_end_offsets(broker.bootstrap)
                    except (OSError, ConnectionError, struct.error, IndexError):
                        ends_before = {}
                    broker.stop(kill=bool(e.flags))
                    if not broker.start():
                        return [Violation("crash", f"broker does not start after {'SIGKILL' if e.flags else 'SIGTERM'}")]
                    try:
                        lost = compare_across_restart(ends_before, log_end_offsets(broker.bootstrap), "replayed")
                    except (OSError, ConnectionError, struct.error, IndexError):
                        lost = []
                    if lost and self.kind == "lost":
                        return lost
                    continue
                sender.send(e)
                if not broker.alive():
                    break
            sender.close_all()
            # A crashing Swift process stays alive for seconds while it prints its backtrace, and
            # answers nothing meanwhile: only a broker that neither answers nor exits hangs.
            ok, err = False, ""
            deadline = time.monotonic() + self.args.liveness_timeout + 10
            while broker.alive() and time.monotonic() < deadline:
                ok, _, err = kw.api_versions_ok(broker.bootstrap, timeout=self.args.liveness_timeout)
                if ok:
                    break
            if not broker.alive():
                found = [Violation("crash", f"broker died: {broker.exit_status()}")]
            else:
                if not ok:
                    found = [Violation("hang", err)]
                else:
                    try:
                        found = check_offsets(broker.bootstrap, data_dir=broker.data)
                    except (OSError, ConnectionError, struct.error, IndexError) as e:
                        found = [Violation("check", f"{type(e).__name__}: {e}")]
                    if self.kind == "disk":
                        found += check_disk(broker.data)
                    if self.kind == "idle-cpu":
                        cpu = measure_idle_cpu(broker.pid, 1.5)
                        if cpu is not None and cpu > self.args.max_idle_cpu:
                            found.append(Violation("idle-cpu", f"{cpu:.2f} cores"))
                    if self.kind == "rss":
                        rss = proc_rss_kb(broker.pid) or 0
                        if rss > self.args.max_rss_mb * 1024:
                            found.append(Violation("rss", f"{rss // 1024} MiB"))
            if keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(broker.log_path, keep / "broker.log")
                (keep / "data-listing.txt").write_text(subprocess.run(
                    ["ls", "-lR", str(broker.data)], capture_output=True, text=True).stdout)
            return [v for v in found if v.kind == self.kind]
        finally:
            broker.stop(kill=True)
            shutil.rmtree(workdir, ignore_errors=True)

    def fails(self, events: list[Event]) -> bool:
        return bool(self.replay(events))

    def ddmin(self, events: list[Event]) -> list[Event]:
        n = 2
        while len(events) >= 2 and time.monotonic() < self.deadline:
            chunk = max(1, len(events) // n)
            subsets = [events[i:i + chunk] for i in range(0, len(events), chunk)]
            reduced = False
            for i in range(len(subsets)):
                if time.monotonic() > self.deadline:
                    break
                complement = [e for j, s in enumerate(subsets) if j != i for e in s]
                if self.fails(complement):
                    self.log(f"  ddmin: {len(events)} -> {len(complement)} events (trial {self.trials})")
                    events, n, reduced = complement, max(n - 1, 2), True
                    break
            if not reduced:
                if n >= len(events):
                    break
                n = min(len(events), n * 2)
        return events

    def run(self, window: list[Event], journal: list[Event]) -> list[Event] | None:
        self.log(f"minimising ({self.kind}): replaying the {len(window)}-event window on a fresh broker")
        start = None
        if self.fails(window):
            start = window
        else:
            # The window may depend on state built before it: grow the suffix of the journal.
            size = len(window) * 4
            while start is None and time.monotonic() < self.deadline:
                suffix = journal[-min(size, len(journal)):]
                self.log(f"  window alone does not reproduce; trying the last {len(suffix)} events")
                if self.fails(suffix):
                    start = suffix
                elif len(suffix) == len(journal):
                    break
                size *= 4
        if start is None:
            msg = (f"not reproduced by replay ({self.trials} trials): timing-dependent, or needs state from "
                   f"before the journal\n")
            (self.out / "minimize.txt").write_text(msg)
            self.log("  " + msg.strip())
            return None
        minimal = self.ddmin(start)
        violations = []
        for _ in range(3):  # the last word on flakiness
            violations = self.replay(minimal, keep=self.out / "reproducer-run")
            if violations:
                break
        write_journal(self.out / "reproducer.bin", minimal)
        with open(self.out / "reproducer.txt", "w") as f:
            f.write(f"# {len(minimal)} events, from {len(start)}, {self.trials} trials; still fails: "
                    f"{'; '.join(str(v) for v in violations) or 'NO (flaky)'}\n")
            for i, e in enumerate(minimal):
                f.write(f"{i}\t{describe_event(e)}\t{e.data.hex()}\n")
        self.log(f"  reproducer: {len(minimal)} events -> {self.out / 'reproducer.txt'}")
        return minimal


# -- command line --------------------------------------------------------------------------------

def parse_args(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fjord-bin", default=os.environ.get("FJORD_BIN"), help="start (and replay on) brokers of this binary")
    ap.add_argument("--bootstrap", help="attach to a running broker instead (no minimisation)")
    ap.add_argument("--pid", type=int, help="with --bootstrap: the broker's pid, for RSS and idle-CPU checks")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--inputs", type=int, default=0, help="stop after this many inputs (0: no limit)")
    ap.add_argument("--seconds", type=float, default=0, help="stop after this long (0: no limit)")
    ap.add_argument("--check-every", type=int, default=200)
    ap.add_argument("--connections", type=int, default=4)
    ap.add_argument("--pipeline", type=float, default=0.5, help="share of inputs sent without awaiting the answer")
    ap.add_argument("--unmutated", type=float, default=0.05, help="share of inputs that are seeds as captured")
    ap.add_argument("--generate", type=float, default=0.0, help="share of generated admin requests at live topics")
    ap.add_argument("--structure", type=float, default=0.0, help="chance a Produce mutation is structure-aware")
    ap.add_argument("--partition-budget", type=int, default=0,
                    help="replace CreateTopics/CreatePartitions asking for more partitions than this by a plain seed (0: off)")
    ap.add_argument("--budget-create-partitions-only", action="store_true",
                    help="apply --partition-budget to CreatePartitions only (a huge CreateTopics still exhausts the "
                         "descriptors, then rolls back)")
    ap.add_argument("--restart-every", type=int, default=0, help="restart the broker (SIGTERM or SIGKILL) every N inputs")
    ap.add_argument("--answer-timeout", type=float, default=0.1)
    ap.add_argument("--replay-answer-timeout", type=float, default=0.5)
    ap.add_argument("--liveness-timeout", type=float, default=5.0)
    ap.add_argument("--hang-grace", type=float, default=20.0, help="extra seconds a silent broker gets before it is a hang")
    ap.add_argument("--max-rss-mb", type=int, default=1024)
    ap.add_argument("--max-idle-cpu", type=float, default=0.3, help="cores")
    ap.add_argument("--cpu-every-checks", type=int, default=5, help="measure idle CPU at every Nth check (it takes ~1.3 s)")
    ap.add_argument("--nofile", type=int, default=4096, help="RLIMIT_NOFILE of the brokers started here")
    ap.add_argument("--broker-arg", action="append", default=[], help="extra `fjord serve` argument (repeatable)")
    ap.add_argument("--out", type=Path, default=ROOT / "fuzz-out")
    ap.add_argument("--no-minimize", action="store_true")
    ap.add_argument("--no-disk-check", action="store_true", help="skip reading the broker's segment files at each check")
    ap.add_argument("--minimize-seconds", type=float, default=900)
    ap.add_argument("--stop-on-failure", action="store_true")
    ap.add_argument("--report-every", type=float, default=30)
    ap.add_argument("--replay", type=Path, help="replay a saved journal on a fresh broker, check, and exit")
    ap.add_argument("--minimize", action="store_true", help="with --replay: also minimise it")
    ap.add_argument("--kind", default="offsets", help="with --replay --minimize: the failure kind to keep")
    return ap.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    if args.replay:
        if not args.fjord_bin:
            raise SystemExit("--replay needs --fjord-bin")
        events = read_journal(args.replay)
        out = args.out / ("replay-" + dt.datetime.now().strftime("%Y%m%d-%H%M%S"))
        out.mkdir(parents=True, exist_ok=True)
        m = Minimizer(args, out, args.kind, lambda t: print(t, flush=True))
        m.kind = args.kind
        found = m.replay(events, keep=out)
        print(f"replayed {len(events)} events: {len(found)} {args.kind} violations")
        for v in found:
            print(f"  {v}")
        if found and args.minimize:
            m.run(events, events)
        return 1 if found else 0
    return Fuzzer(args).run()


if __name__ == "__main__":
    sys.exit(main())
