"""Consumer-group helpers for the test_groups*.py modules (issue 3, section 4).

Each group member runs in its own thread and polls continuously, so rebalances are never held up by
a member nobody polls. The tests' main thread only observes: member assignments, what each member
consumed, the AdminClient's view of the group.

Every wait is bounded (deadline and poll count). Timings are measured and printed (run with -s)
and appended to tests/integration/.group-timings.json (gitignored); nothing asserts on them.

Client settings used throughout: session.timeout.ms=6000 (the broker's minimum),
heartbeat.interval.ms=1000, max.poll.interval.ms=20000 (the rebalance timeout).
"""

from __future__ import annotations

import asyncio
import json
import os
import struct
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Callable

import pytest
from confluent_kafka import Consumer, KafkaException, TopicPartition

import kwire
from clients import Rec, admin, create_topic, make_records, produce_confluent

TOPIC = "orders"
PARTS = 6
SESSION_MS = 6000
HEARTBEAT_MS = 1000
MAX_POLL_MS = 20000
SETTLE_TIMEOUT_S = 45.0
TIMINGS_FILE = Path(__file__).with_name(".group-timings.json")


def record_timing(name: str, seconds: float, **extra) -> None:
    """Print a measured figure and append it to the (gitignored) timings file."""
    extra_s = " ".join(f"{k}={v}" for k, v in extra.items())
    print(f"\n[group-timing] {name}: {seconds:.3f}s {extra_s}".rstrip())
    entry = {"name": name, "seconds": round(seconds, 3), "at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
             "fjord_bin": os.environ.get("FJORD_BIN", ".build/debug/fjord"), **extra}
    try:
        with open(TIMINGS_FILE, "a") as f:
            f.write(json.dumps(entry) + "\n")
    except OSError:
        pass


def unique_group(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


# -- members --------------------------------------------------------------------------------------

class Member(threading.Thread):
    """One group member polling in its own thread until stop() (then close()) or abandon()."""

    kind = "?"

    def __init__(self, bootstrap: str, group: str, topic: str = TOPIC, client_id: str | None = None,
                 commit: bool = False, **conf):
        super().__init__(daemon=True, name=client_id or f"{self.kind}-member")
        self.bootstrap, self.group, self.topic = bootstrap, group, topic
        self.client_id = client_id or f"it-{self.kind}-{uuid.uuid4().hex[:6]}"
        self.commit = commit
        self.conf = conf
        self.lock = threading.Lock()
        self.records: list[Rec] = []
        self.assigned: frozenset[int] = frozenset()
        self.assign_events = 0
        self.errors: list[str] = []
        self.commit_errors: list[str] = []
        self.commits = 0
        self.subscribed_at: float | None = None
        self.first_record_at: float | None = None
        self.closed_at: float | None = None
        self.exc: BaseException | None = None
        self._halt = threading.Event()
        self._close = True
        self.polls = 0

    # lifecycle
    def stop(self, timeout: float = 30.0) -> None:
        self._halt.set()
        self.join(timeout)
        assert not self.is_alive(), f"{self.client_id} did not close within {timeout}s"

    def snapshot(self) -> tuple[frozenset[int], int]:
        with self.lock:
            return self.assigned, len(self.records)

    def consumed(self) -> list[Rec]:
        with self.lock:
            return list(self.records)

    def _got(self, recs: list[Rec], assigned: frozenset[int]) -> None:
        now = time.monotonic()
        with self.lock:
            if recs and self.first_record_at is None:
                self.first_record_at = now
            self.records.extend(recs)
            self.assigned = assigned
            self.polls += 1

    def run(self) -> None:
        try:
            self.loop()
        except BaseException as e:  # surfaced by the test through check_members()
            self.exc = e


class ConfluentMember(Member):
    kind = "confluent"

    def loop(self) -> None:
        conf = {
            "bootstrap.servers": self.bootstrap, "group.id": self.group, "client.id": self.client_id,
            "auto.offset.reset": "earliest", "enable.auto.commit": False, "enable.auto.offset.store": False,
            "session.timeout.ms": SESSION_MS, "heartbeat.interval.ms": HEARTBEAT_MS,
            "max.poll.interval.ms": MAX_POLL_MS, "socket.timeout.ms": 10000,
            "enable.partition.eof": False,
        }
        conf.update(self.conf)
        c = Consumer(conf)

        def on_assign(consumer, parts):
            with self.lock:
                self.assign_events += 1

        self.subscribed_at = time.monotonic()
        c.subscribe([self.topic], on_assign=on_assign)
        try:
            polls = 0
            while not self._halt.is_set():
                polls += 1
                assert polls < 100_000, "poll loop bound"
                msgs = c.consume(num_messages=500, timeout=0.1)
                recs, next_offsets = [], {}
                for m in msgs:
                    if m.error():
                        with self.lock:
                            self.errors.append(f"{m.error().code()}:{m.error()}")
                        continue
                    recs.append(Rec(m.key(), m.value(), (), m.partition(), m.offset()))
                    next_offsets[m.partition()] = m.offset() + 1
                if self.commit and next_offsets:
                    try:
                        c.commit(offsets=[TopicPartition(self.topic, p, o) for p, o in next_offsets.items()],
                                 asynchronous=False)
                        self.commits += 1
                    except KafkaException as e:
                        with self.lock:
                            self.commit_errors.append(str(e.args[0]))
                self._got(recs, frozenset(tp.partition for tp in c.assignment() if tp.topic == self.topic))
        finally:
            if self._close:
                c.close()
                self.closed_at = time.monotonic()


class KafkaPythonMember(Member):
    kind = "kafka-python"

    def loop(self) -> None:
        from kafka import KafkaConsumer

        c = KafkaConsumer(bootstrap_servers=self.bootstrap, group_id=self.group, client_id=self.client_id,
                          auto_offset_reset="earliest", enable_auto_commit=False,
                          session_timeout_ms=SESSION_MS, heartbeat_interval_ms=HEARTBEAT_MS,
                          max_poll_interval_ms=MAX_POLL_MS, **self.conf)
        self.subscribed_at = time.monotonic()
        c.subscribe([self.topic])
        try:
            polls = 0
            while not self._halt.is_set():
                polls += 1
                assert polls < 100_000, "poll loop bound"
                recs = []
                for tp, msgs in c.poll(timeout_ms=100, max_records=500).items():
                    recs += [Rec(m.key, m.value, (), m.partition, m.offset) for m in msgs]
                self._got(recs, frozenset(tp.partition for tp in c.assignment() if tp.topic == self.topic))
            if self.commit:  # commit the consumed positions once, synchronously, before leaving
                c.commit()
                self.commits += 1
        finally:
            c.close()


class AiokafkaMember(Member):
    kind = "aiokafka"

    def loop(self) -> None:
        asyncio.run(self._aloop())

    async def _aloop(self) -> None:
        from aiokafka import AIOKafkaConsumer

        c = AIOKafkaConsumer(self.topic, bootstrap_servers=self.bootstrap, group_id=self.group,
                             client_id=self.client_id, auto_offset_reset="earliest", enable_auto_commit=False,
                             session_timeout_ms=SESSION_MS, heartbeat_interval_ms=HEARTBEAT_MS,
                             max_poll_interval_ms=MAX_POLL_MS, **self.conf)
        self.subscribed_at = time.monotonic()
        await c.start()
        try:
            polls = 0
            while not self._halt.is_set():
                polls += 1
                assert polls < 100_000, "poll loop bound"
                recs = []
                for tp, msgs in (await c.getmany(timeout_ms=100, max_records=500)).items():
                    recs += [Rec(m.key, m.value, (), m.partition, m.offset) for m in msgs]
                self._got(recs, frozenset(tp.partition for tp in c.assignment() if tp.topic == self.topic))
            if self.commit:
                await c.commit()
                self.commits += 1
        finally:
            await c.stop()


def start_members(cls, n: int, bootstrap: str, group: str, **kw) -> list[Member]:
    ms = [cls(bootstrap, group, client_id=f"it-{cls.kind}-{i}", **kw) for i in range(n)]
    for m in ms:
        m.start()
    return ms


def check_members(members: list[Member]) -> None:
    for m in members:
        assert m.exc is None, f"{m.client_id} failed: {m.exc!r}"


def stop_all(members: list[Member]) -> None:
    for m in members:
        if m.is_alive():
            m._halt.set()
    for m in members:
        m.join(30)


@pytest.fixture
def members():
    """Collects every Member a test starts; all are stopped (closed) at teardown."""
    started: list[Member] = []
    yield started
    stop_all(started)


def assignments(members: list[Member]) -> list[frozenset[int]]:
    return [m.snapshot()[0] for m in members]


def is_settled(assigned: list[frozenset[int]], parts: int = PARTS, sizes: list[int] | None = None) -> bool:
    """Every partition owned by exactly one member (and, if given, the sorted per-member counts)."""
    owned = Counter(p for a in assigned for p in a)
    if set(owned) != set(range(parts)) or any(n != 1 for n in owned.values()):
        return False
    return sizes is None or sorted(len(a) for a in assigned) == sorted(sizes)


def wait_settled(members: list[Member], sizes: list[int] | None = None, parts: int = PARTS,
                 timeout: float = SETTLE_TIMEOUT_S, stable_for: float = 0.5) -> float:
    """Bounded wait until the members' assignments cover every partition once (and match `sizes`)
    continuously for `stable_for` seconds. Returns the time the settled state was first seen."""
    start = time.monotonic()
    deadline = start + timeout
    since: float | None = None
    for _ in range(int(timeout / 0.05) + 10):
        check_members(members)
        now = time.monotonic()
        if is_settled(assignments(members), parts, sizes):
            since = since or now
            if now - since >= stable_for:
                return since
        else:
            since = None
        if now > deadline:
            break
        time.sleep(0.05)
    raise AssertionError(f"group did not settle within {timeout}s: "
                         f"{[(m.client_id, sorted(a)) for m, a in zip(members, assignments(members))]} want sizes {sizes}")


def wait_consumed(members: list[Member], n: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    for _ in range(int(timeout / 0.05) + 10):
        check_members(members)
        if sum(m.snapshot()[1] for m in members) >= n:
            return
        if time.monotonic() > deadline:
            break
        time.sleep(0.05)
    raise AssertionError(f"consumed {[m.snapshot()[1] for m in members]} (sum < {n}) after {timeout}s")


_ADMINS: dict[str, object] = {}


@pytest.fixture(autouse=True)
def _drop_admins():
    yield
    _ADMINS.clear()  # the test's broker is gone; don't let its clients keep reconnecting


def group_admin(bootstrap: str):
    """One AdminClient per broker address, kept referenced (a collected client never resolves its futures)."""
    if bootstrap not in _ADMINS:
        _ADMINS[bootstrap] = admin(bootstrap)
    return _ADMINS[bootstrap]


def describe(bootstrap: str, group: str):
    return group_admin(bootstrap).describe_consumer_groups([group], request_timeout=15)[group].result(timeout=20)


def wait_described(bootstrap: str, group: str, pred: Callable, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    d = None
    for _ in range(int(timeout / 0.2) + 5):
        d = describe(bootstrap, group)
        if pred(d):
            return d
        if time.monotonic() > deadline:
            break
        time.sleep(0.2)
    raise AssertionError(f"group {group} never matched: state={d.state} members="
                         f"{[(m.client_id, m.assignment.topic_partitions) for m in d.members]}")


def values(recs) -> Counter:
    return Counter(r.value for r in recs)


def setup_topic(broker, n_records: int = 0, tag: str = "g") -> list[Rec]:
    create_topic(broker.bootstrap, TOPIC, PARTS)
    return produce_confluent(broker.bootstrap, TOPIC, make_records(n_records, tag, with_headers=False)) if n_records else []


def committed_offsets(c: Consumer, topic: str = TOPIC, parts: int = PARTS) -> dict[int, int]:
    return {tp.partition: tp.offset for tp in c.committed([TopicPartition(topic, p) for p in range(parts)], timeout=10)}


# -- raw requests (kwire) -------------------------------------------------------------------------

JOIN_GROUP, HEARTBEAT, DESCRIBE_GROUPS = 11, 12, 15
INVALID_GROUP_ID, INVALID_SESSION_TIMEOUT, UNKNOWN_MEMBER_ID = 24, 26, 25


def join_group_v0(group: str, session_ms: int = SESSION_MS, metadata: bytes = struct.pack(">hii", 0, 0, -1),
                  member_id: str = "") -> bytes:
    """JoinGroup v0: GroupId, SessionTimeoutMs, MemberId, ProtocolType, [Name, Metadata]."""
    return (kwire.string(group) + struct.pack(">i", session_ms) + kwire.string(member_id) + kwire.string("consumer")
            + struct.pack(">i", 1) + kwire.string("range") + struct.pack(">i", len(metadata)) + metadata)


COORDINATOR_LOAD_IN_PROGRESS = 14


def raw_call(bootstrap: str, api: int, version: int, body: bytes, timeout: float = 20.0, err_at: int = 0) -> bytes:
    """One raw request; retried (bounded) while the coordinator is still loading, as clients do.
    `err_at` is where the error code sits in the response body."""
    for attempt in range(100):
        with kwire.connect(bootstrap, timeout) as s:
            s.sendall(kwire.request(api, version, 77, body))
            corr, resp = kwire.read_response(s)
        assert corr == 77
        if struct.unpack_from(">h", resp, err_at)[0] != COORDINATOR_LOAD_IN_PROGRESS:
            return resp
        time.sleep(0.1)
    raise AssertionError("coordinator still loading after 100 attempts")


def error_code(resp: bytes) -> int:
    return struct.unpack(">h", resp[:2])[0]
