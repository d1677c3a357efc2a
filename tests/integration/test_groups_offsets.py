"""Consumer groups: committed offsets under churn and restarts, and the AdminClient view."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from confluent_kafka import Consumer, ConsumerGroupState, KafkaError, KafkaException, Producer, TopicPartition

from clients import Rec, confluent_producer_conf
from groupclients import (
    HEARTBEAT_MS,
    PARTS,
    SESSION_MS,
    TOPIC,
    ConfluentMember,
    Member,
    check_members,
    committed_offsets,
    group_admin,
    setup_topic,
    start_members,
    stop_all,
    unique_group,
    values,
    wait_described,
    wait_settled,
)
from groupclients import _drop_admins, members  # noqa: F401  (fixtures)


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
