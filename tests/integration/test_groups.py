"""Consumer groups with real clients against `fjord serve` (issue 3, section 4).

Each group member runs in its own thread (or, for the SIGKILL test, its own process) and polls
continuously, so rebalances are never held up by a member nobody polls. The main thread only
observes: member assignments, what each member consumed, the AdminClient's view of the group.

Every wait is bounded (deadline and poll count). Timings are measured and printed (run with -s)
and appended to tests/integration/.group-timings.json (gitignored); nothing asserts on them.

Client settings used throughout: session.timeout.ms=6000 (the broker's minimum),
heartbeat.interval.ms=1000, max.poll.interval.ms=20000 (the rebalance timeout).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import struct
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Callable

import pytest
from confluent_kafka import Consumer, ConsumerGroupState, KafkaError, KafkaException, Producer, TopicPartition

import kwire
from clients import Rec, admin, confluent_producer_conf, create_topic, make_records, produce_confluent

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


# -- 1, 2: three members, one closes --------------------------------------------------------------

def form_three(broker, members) -> list[Member]:
    setup_topic(broker)
    ms = start_members(ConfluentMember, 3, broker.bootstrap, unique_group("three"))
    members += ms
    wait_settled(ms, [2, 2, 2])
    return ms


def test_three_members_get_two_partitions_each_and_consume_everything_once(broker, members):
    ms = form_three(broker, members)
    before = [(m.snapshot()[0], m.assign_events) for m in ms]
    produced = produce_confluent(broker.bootstrap, TOPIC, make_records(1200, "three", with_headers=False))
    wait_consumed(ms, len(produced))
    time.sleep(0.5)  # a duplicate would show up as an extra record
    got = [r for m in ms for r in m.consumed()]
    assert values(got) == values(produced), "every record exactly once"
    for m, (assigned, events) in zip(ms, before):
        assert (m.snapshot()[0], m.assign_events) == (assigned, events), f"{m.client_id}: rebalanced while consuming"
        assert {r.partition for r in m.consumed()} <= assigned, f"{m.client_id} got records of partitions it does not own"
    print(f"\n[groups] 3 members: {[sorted(a) for a in assignments(ms)]}, consumed {[len(m.consumed()) for m in ms]}")


def test_member_close_moves_its_partitions_to_the_others(broker, members):
    ms = form_three(broker, members)
    leaver, rest = ms[0], ms[1:]
    t0 = time.monotonic()
    leaver.stop()
    settled = wait_settled(rest, [3, 3])
    record_timing("settle_after_close", settled - t0, close_s=round(leaver.closed_at - t0, 3),
                  heartbeat_ms=HEARTBEAT_MS, members_left=2)
    d = wait_described(broker.bootstrap, leaver.group, lambda d: d.state == ConsumerGroupState.STABLE and len(d.members) == 2)
    assert sorted(m.client_id for m in d.members) == sorted(m.client_id for m in rest)


# -- 3: a member killed with SIGKILL --------------------------------------------------------------

SUBPROCESS_CONSUMER = r"""
import sys, time
from confluent_kafka import Consumer
bootstrap, group, topic, client_id = sys.argv[1:5]
c = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "client.id": client_id,
              "auto.offset.reset": "earliest", "enable.auto.commit": False,
              "session.timeout.ms": %d, "heartbeat.interval.ms": %d, "max.poll.interval.ms": %d})
def on_assign(consumer, parts):
    print("ASSIGNED " + ",".join(str(p.partition) for p in parts), flush=True)
c.subscribe([topic], on_assign=on_assign)
deadline = time.monotonic() + 110
while time.monotonic() < deadline:
    c.poll(0.1)
""" % (SESSION_MS, HEARTBEAT_MS, MAX_POLL_MS)


def test_sigkilled_member_is_evicted_after_session_timeout(broker, members):
    setup_topic(broker)
    group = unique_group("kill")
    proc = subprocess.Popen([sys.executable, "-c", SUBPROCESS_CONSUMER, broker.bootstrap, group, TOPIC, "it-doomed"],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        ms = start_members(ConfluentMember, 2, broker.bootstrap, group)
        members += ms
        # The two in-process members own 4 partitions; the subprocess the other 2.
        wait_described(broker.bootstrap, group, lambda d: d.state == ConsumerGroupState.STABLE and len(d.members) == 3
                       and sum(len(m.assignment.topic_partitions) for m in d.members) == PARTS)
        wait_settled_partial = [m.snapshot()[0] for m in ms]
        assert sorted(len(a) for a in wait_settled_partial) == [2, 2], wait_settled_partial
        t0 = time.monotonic()
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        settled = wait_settled(ms, [3, 3], timeout=SESSION_MS / 1000 + 30)
        record_timing("settle_after_sigkill", settled - t0, session_timeout_ms=SESSION_MS, heartbeat_ms=HEARTBEAT_MS)
        d = wait_described(broker.bootstrap, group, lambda d: d.state == ConsumerGroupState.STABLE and len(d.members) == 2)
        assert "it-doomed" not in {m.client_id for m in d.members}
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)


# -- 4: more members than partitions --------------------------------------------------------------

def test_seven_members_on_six_partitions_leave_one_idle(broker, members):
    setup_topic(broker)
    ms = start_members(ConfluentMember, 7, broker.bootstrap, unique_group("seven"))
    members += ms
    wait_settled(ms, [0, 1, 1, 1, 1, 1, 1])
    d = wait_described(broker.bootstrap, ms[0].group, lambda d: d.state == ConsumerGroupState.STABLE and len(d.members) == 7)
    assert sorted(m.client_id for m in d.members) == sorted(m.client_id for m in ms)
    assert sorted(len(m.assignment.topic_partitions) for m in d.members) == [0, 1, 1, 1, 1, 1, 1]


# -- 5: cooperative-sticky ------------------------------------------------------------------------

def test_cooperative_sticky_third_member_takes_two_without_double_ownership(broker, members):
    setup_topic(broker)
    group = unique_group("coop")
    coop = {"partition.assignment.strategy": "cooperative-sticky"}
    ms = [ConfluentMember(broker.bootstrap, group, client_id=f"it-coop-{i}", **coop) for i in range(3)]
    members += ms
    for m in ms[:2]:
        m.start()
    wait_settled(ms[:2], [3, 3])
    first = assignments(ms[:2])
    ms[2].start()
    overlaps = 0
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    for _ in range(int(SETTLE_TIMEOUT_S / 0.05) + 10):
        check_members(ms)
        a = assignments(ms)
        if Counter(p for s in a for p in s).most_common(1)[0][1] > 1 if any(a) else False:
            overlaps += 1
        if is_settled(a, sizes=[2, 2, 2]):
            break
        assert time.monotonic() < deadline, f"cooperative group did not reach 2/2/2: {[sorted(s) for s in a]}"
        time.sleep(0.05)
    wait_settled(ms, [2, 2, 2])
    final = assignments(ms)
    print(f"\n[groups] cooperative: first {[sorted(s) for s in first]} -> final {[sorted(s) for s in final]}, "
          f"sampled overlaps while rebalancing: {overlaps}")
    assert is_settled(final, sizes=[2, 2, 2])
    for before, after in zip(first, final[:2]):
        assert after <= before, f"sticky: an old member gained a partition it did not own ({sorted(before)} -> {sorted(after)})"
    d = wait_described(broker.bootstrap, group, lambda d: d.state == ConsumerGroupState.STABLE and len(d.members) == 3)
    assert d.partition_assignor == "cooperative-sticky"


# -- 6: kafka-python and aiokafka groups of two ---------------------------------------------------

@pytest.mark.parametrize("cls", [KafkaPythonMember, AiokafkaMember], ids=["kafka-python", "aiokafka"])
def test_python_client_group_of_two_splits_and_consumes_everything(broker, members, cls):
    setup_topic(broker)
    ms = start_members(cls, 2, broker.bootstrap, unique_group(cls.kind))
    members += ms
    wait_settled(ms, [3, 3])
    produced = produce_confluent(broker.bootstrap, TOPIC, make_records(600, cls.kind, with_headers=False))
    wait_consumed(ms, len(produced))
    time.sleep(0.5)
    assert values(r for m in ms for r in m.consumed()) == values(produced)
    for m in ms:
        assert {r.partition for r in m.consumed()} <= m.snapshot()[0]
    d = wait_described(broker.bootstrap, ms[0].group, lambda d: d.state == ConsumerGroupState.STABLE and len(d.members) == 2)
    assert sorted(m.client_id for m in d.members) == sorted(m.client_id for m in ms)


# -- 7: producing while the group churns ----------------------------------------------------------

def committed_offsets(c: Consumer, topic: str = TOPIC, parts: int = PARTS) -> dict[int, int]:
    return {tp.partition: tp.offset for tp in c.committed([TopicPartition(topic, p) for p in range(parts)], timeout=10)}


def test_churn_with_sync_commits_consumes_everything_and_commits_never_go_back(broker, members):
    setup_topic(broker)
    group = unique_group("churn")
    base = start_members(ConfluentMember, 2, broker.bootstrap, group, commit=True)
    members += base
    wait_settled(base, [3, 3])

    produced: list[Rec] = []
    stop_producing = threading.Event()
    producer_error: list[BaseException] = []

    def produce_loop():
        try:
            p = Producer(confluent_producer_conf(broker.bootstrap))
            for i in range(100_000):
                if stop_producing.is_set():
                    break
                r = Rec(f"k{i % 29}".encode(), f"churn-seq-{i:06d}-".encode())
                p.produce(TOPIC, key=r.key, value=r.value)
                produced.append(r)
                p.poll(0)
                time.sleep(0.005)
            assert p.flush(30) == 0
        except BaseException as e:
            producer_error.append(e)

    prod = threading.Thread(target=produce_loop, daemon=True)
    prod.start()

    # Committed offsets are sampled continuously by a thread of their own (OffsetFetch through a
    # consumer that never joins the group) and once more at each step of the churn.
    observer = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": group, "enable.auto.commit": False})
    history: list[dict[int, int]] = []
    observer_lock = threading.Lock()
    stop_observing = threading.Event()
    observer_error: list[BaseException] = []

    def observe():
        with observer_lock:
            history.append(committed_offsets(observer))

    def observe_loop():
        try:
            for _ in range(3000):
                if stop_observing.wait(0.05):
                    break
                observe()
        except BaseException as e:
            observer_error.append(e)

    obs = threading.Thread(target=observe_loop, daemon=True)
    obs.start()
    churners: list[Member] = []
    try:
        for round_ in range(3):
            extra = ConfluentMember(broker.bootstrap, group, client_id=f"it-churn-{round_}", commit=True)
            members.append(extra)
            churners.append(extra)
            extra.start()
            wait_settled(base + [extra], [2, 2, 2])
            observe()
            extra.stop()
            wait_settled(base, [3, 3])
            observe()
        stop_producing.set()
        prod.join(40)
        assert not producer_error, producer_error
        want = values(produced)
        everyone = base + churners
        deadline = time.monotonic() + 40
        for _ in range(2000):
            check_members(everyone)
            got = values(r for m in everyone for r in m.consumed())
            if not (want - got):
                break
            assert time.monotonic() < deadline, f"{sum((want - got).values())} of {len(produced)} records never consumed"
            time.sleep(0.1)
        # The last commits land right after the last records are processed.
        with observer_lock:
            ends = {p: observer.get_watermark_offsets(TopicPartition(TOPIC, p), timeout=10, cached=False)[1]
                    for p in range(PARTS)}
        for _ in range(200):
            observe()
            if history[-1] == ends:
                break
            time.sleep(0.1)
        assert history[-1] == ends, f"final committed {history[-1]} != end offsets {ends}"
    finally:
        stop_observing.set()
        obs.join(20)
        observer.close()
    assert not observer_error, observer_error

    got = values(r for m in everyone for r in m.consumed())
    dupes = sum(got.values()) - len(produced)
    print(f"\n[groups] churn: produced {len(produced)}, consumed {sum(got.values())} ({dupes} redelivered), "
          f"observations {len(history)}, commit errors {[len(m.commit_errors) for m in everyone]}, "
          f"commits {[m.commits for m in everyone]}")
    for p in range(PARTS):
        seq = [h[p] for h in history]
        assert all(b >= a for a, b in zip(seq, seq[1:])), f"partition {p}: committed offset went backwards: {seq}"


# -- 8: committed offsets survive restarts --------------------------------------------------------

@pytest.mark.parametrize("how", ["graceful", "kill9"])
def test_committed_offsets_survive_broker_restart(broker, how):
    produced = setup_topic(broker, 600, "restart")
    ends = Counter(r.partition for r in produced)
    group = unique_group("restart")
    want = {p: min(ends[p], 7 + 3 * p) for p in range(PARTS)}
    conf = {"bootstrap.servers": broker.bootstrap, "group.id": group, "enable.auto.commit": False,
            "auto.offset.reset": "earliest", "session.timeout.ms": SESSION_MS, "heartbeat.interval.ms": HEARTBEAT_MS}
    c = Consumer(conf)
    try:
        c.commit(offsets=[TopicPartition(TOPIC, p, o) for p, o in want.items()], asynchronous=False)
        assert committed_offsets(c) == want
    finally:
        c.close()
    if how == "graceful":
        broker.restart()
    else:
        broker.kill9()
        broker.start()

    c = Consumer(conf)
    try:
        got = None
        for _ in range(50):  # COORDINATOR_LOAD_IN_PROGRESS is retried by the client; bound it anyway
            try:
                got = committed_offsets(c)
                break
            except KafkaException:
                time.sleep(0.2)
        assert got == want, f"committed after {how} restart: {got}, want {want}"
        c.subscribe([TOPIC])
        first: dict[int, int] = {}
        deadline = time.monotonic() + 30
        while len(first) < PARTS:
            assert time.monotonic() < deadline, f"first offsets seen: {first}"
            for m in c.consume(500, 0.2):
                if not m.error():
                    first.setdefault(m.partition(), m.offset())
        assert first == want, f"resumed at {first}, committed {want}"
    finally:
        c.close()


# -- 9: AdminClient view ---------------------------------------------------------------------------

def test_admin_describe_list_and_delete_groups(broker, members):
    setup_topic(broker)
    group = unique_group("admin")
    ms = [ConfluentMember(broker.bootstrap, group, client_id=cid) for cid in ("it-alpha", "it-beta")]
    members += ms
    for m in ms:
        m.start()
    wait_settled(ms, [3, 3])
    d = wait_described(broker.bootstrap, group, lambda d: d.state == ConsumerGroupState.STABLE and len(d.members) == 2)
    assert d.group_id == group and not d.is_simple_consumer_group
    assert d.partition_assignor in ("range", "roundrobin")
    assert d.coordinator.id == 1
    by_client = {m.client_id: m for m in d.members}
    assert set(by_client) == {"it-alpha", "it-beta"}
    for m in ms:
        desc = by_client[m.client_id]
        assert desc.host == "/127.0.0.1", desc.host
        assert desc.member_id.startswith(m.client_id + "-"), desc.member_id
        assert {(tp.topic, tp.partition) for tp in desc.assignment.topic_partitions} == {(TOPIC, p) for p in m.snapshot()[0]}

    a = group_admin(broker.bootstrap)
    listed = a.list_consumer_groups(request_timeout=15).result(timeout=20)
    assert not listed.errors, listed.errors
    states = {g.group_id: g.state for g in listed.valid}
    assert states.get(group) == ConsumerGroupState.STABLE, states
    only_empty = a.list_consumer_groups(states={ConsumerGroupState.EMPTY}, request_timeout=15).result(timeout=20)
    assert group not in {g.group_id for g in only_empty.valid}

    with pytest.raises(KafkaException) as ei:
        a.delete_consumer_groups([group], request_timeout=15)[group].result(timeout=20)
    assert ei.value.args[0].code() == KafkaError.NON_EMPTY_GROUP, ei.value

    stop_all(ms)
    wait_described(broker.bootstrap, group, lambda d: d.state == ConsumerGroupState.EMPTY and not d.members)
    a.delete_consumer_groups([group], request_timeout=15)[group].result(timeout=20)
    listed = a.list_consumer_groups(request_timeout=15).result(timeout=20)
    assert group not in {g.group_id for g in listed.valid}

    with pytest.raises(KafkaException) as ei:
        a.delete_consumer_groups(["it-no-such-group"], request_timeout=15)["it-no-such-group"].result(timeout=20)
    assert ei.value.args[0].code() == KafkaError.GROUP_ID_NOT_FOUND, ei.value


# -- 10: bad input ----------------------------------------------------------------------------------

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


def test_empty_group_id_is_invalid(broker):
    assert error_code(raw_call(broker.bootstrap, JOIN_GROUP, 0, join_group_v0(""))) == INVALID_GROUP_ID
    hb = kwire.string("") + struct.pack(">i", 1) + kwire.string("someone")
    assert error_code(raw_call(broker.bootstrap, HEARTBEAT, 0, hb)) == INVALID_GROUP_ID


@pytest.mark.parametrize("session_ms", [1000, SESSION_MS - 1, 1_800_001])
def test_session_timeout_out_of_range_raw(broker, session_ms):
    resp = raw_call(broker.bootstrap, JOIN_GROUP, 0, join_group_v0(unique_group("badsession"), session_ms))
    assert error_code(resp) == INVALID_SESSION_TIMEOUT


def test_confluent_consumer_with_too_small_session_timeout_gets_an_error(broker):
    setup_topic(broker)
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": unique_group("short"),
                  "session.timeout.ms": 1000, "heartbeat.interval.ms": 300, "auto.offset.reset": "earliest"})
    try:
        c.subscribe([TOPIC])
        errors = []
        deadline = time.monotonic() + 20
        while not errors and time.monotonic() < deadline:
            m = c.poll(0.2)
            if m is not None and m.error():
                errors.append(m.error())
        assert errors, "no consumer error within 20s"
        assert errors[0].code() == KafkaError.INVALID_SESSION_TIMEOUT, errors
        assert not c.assignment()
    finally:
        c.close()


def test_oversized_member_metadata_is_refused(broker):
    resp = raw_call(broker.bootstrap, JOIN_GROUP, 0, join_group_v0(unique_group("huge"), metadata=b"\x00" * (2 << 20)))
    assert error_code(resp) != 0, "2 MiB of member metadata accepted"
    print(f"\n[groups] 2 MiB JoinGroup metadata -> error {error_code(resp)}")
    # The broker is still fine.
    with kwire.connect(broker.bootstrap) as s:
        s.sendall(kwire.request(kwire.API_VERSIONS, 0, 5, b""))
        assert kwire.parse_api_versions_v0(kwire.read_response(s)[1])[0] == 0


def test_describe_unknown_group_is_dead_with_no_members(broker):
    # Raw DescribeGroups v0: [ErrorCode, GroupId, GroupState, ProtocolType, ProtocolData, [members]]
    resp = raw_call(broker.bootstrap, DESCRIBE_GROUPS, 0, struct.pack(">i", 1) + kwire.string("it-nobody"), err_at=4)
    pos = 4
    err = struct.unpack_from(">h", resp, pos)[0]; pos += 2
    fields = []
    for _ in range(4):
        (ln,) = struct.unpack_from(">h", resp, pos); pos += 2
        fields.append(resp[pos:pos + max(ln, 0)].decode()); pos += max(ln, 0)
    (nmembers,) = struct.unpack_from(">i", resp, pos)
    assert struct.unpack_from(">i", resp, 0)[0] == 1
    assert (err, fields[0], fields[1], nmembers) == (0, "it-nobody", "Dead", 0), (err, fields, nmembers)
    # The AdminClient either shows it as Dead or reports the group as not found.
    try:
        d = describe(broker.bootstrap, "it-nobody")
        assert d.state == ConsumerGroupState.DEAD and not d.members, (d.state, d.members)
    except KafkaException as e:
        assert e.args[0].code() == KafkaError.GROUP_ID_NOT_FOUND, e


def test_member_that_never_heartbeats_is_evicted(broker):
    """A raw v0 member joins and syncs, then goes silent: after its session it is gone."""
    group = unique_group("silent")
    resp = raw_call(broker.bootstrap, JOIN_GROUP, 0, join_group_v0(group))
    assert error_code(resp) == 0
    pos = 2
    (gen,) = struct.unpack_from(">i", resp, pos); pos += 4
    strs = []
    for _ in range(3):  # protocol, leader, member id
        (ln,) = struct.unpack_from(">h", resp, pos); pos += 2
        strs.append(resp[pos:pos + ln].decode()); pos += ln
    member = strs[2]
    assert strs[1] == member, "the only member leads"
    sync = kwire.string(group) + struct.pack(">i", gen) + kwire.string(member) + struct.pack(">i", 0)
    assert error_code(raw_call(broker.bootstrap, 14, 0, sync)) == 0  # SyncGroup v0, empty assignment map
    d = describe(broker.bootstrap, group)
    assert d.state == ConsumerGroupState.STABLE and len(d.members) == 1
    t0 = time.monotonic()
    d = wait_described(broker.bootstrap, group, lambda d: d.state == ConsumerGroupState.EMPTY, timeout=SESSION_MS / 1000 + 20)
    record_timing("silent_member_evicted", time.monotonic() - t0, session_timeout_ms=SESSION_MS)
    hb = kwire.string(group) + struct.pack(">i", gen) + kwire.string(member)
    assert error_code(raw_call(broker.bootstrap, HEARTBEAT, 0, hb)) == UNKNOWN_MEMBER_ID, "stale member's heartbeat"


# -- 11: subscribe to first record -----------------------------------------------------------------

def test_time_from_subscribe_to_first_record(broker, members):
    setup_topic(broker, 300, "first")
    figures = []
    for i in range(3):
        m = ConfluentMember(broker.bootstrap, unique_group(f"first{i}"), client_id=f"it-first-{i}")
        members.append(m)
        m.start()
        deadline = time.monotonic() + 30
        while m.first_record_at is None:
            check_members([m])
            assert time.monotonic() < deadline, "no record within 30s of subscribe"
            time.sleep(0.01)
        figures.append(m.first_record_at - m.subscribed_at)
        m.stop()
    figures.sort()
    record_timing("subscribe_to_first_record", figures[len(figures) // 2], runs=[round(f, 3) for f in figures],
                  note="median of 3 single-member groups, topic pre-filled")
