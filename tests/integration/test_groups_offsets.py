"""Consumer groups: committed offsets under churn and restarts, and the AdminClient view."""

from __future__ import annotations

import struct
import threading
import time
from collections import Counter

import pytest
from confluent_kafka import OFFSET_INVALID, Consumer, ConsumerGroupTopicPartitions, ConsumerGroupState, KafkaError, KafkaException, Producer, TopicPartition

import kwire
from clients import Rec, confluent_producer_conf, make_records, produce_confluent
from groupclients import (
    HEARTBEAT_MS,
    PARTS,
    SESSION_MS,
    TOPIC,
    ConfluentMember,
    Member,
    check_members,
    committed_offsets,
    raw_call,
    record_timing,
    group_admin,
    setup_topic,
    start_members,
    stop_all,
    unique_group,
    values,
    wait_consumed,
    wait_described,
    wait_settled,
)
from groupclients import _drop_admins, members  # noqa: F401  (fixtures)


@pytest.mark.parametrize("strategy", ["range", "cooperative-sticky"])
def test_churn_with_sync_commits_consumes_everything_and_commits_never_go_back(broker, members, strategy):
    """Members join and leave three times (once an original member leaves) while a producer runs."""
    setup_topic(broker)
    group = unique_group("churn")
    conf = {"partition.assignment.strategy": strategy}
    base = start_members(ConfluentMember, 2, broker.bootstrap, group, commit=True, **conf)
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
        live = list(base)
        for round_ in range(3):
            extra = ConfluentMember(broker.bootstrap, group, client_id=f"it-churn-{round_}", commit=True, **conf)
            members.append(extra)
            churners.append(extra)
            extra.start()
            wait_settled(live + [extra], [2, 2, 2])
            observe()
            leaver = live[0] if round_ == 1 else extra
            leaver.stop()
            live = [m for m in live + [extra] if m is not leaver]
            wait_settled(live, [3, 3])
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
    print(f"\n[groups] churn ({strategy}): produced {len(produced)}, consumed {sum(got.values())} ({dupes} redelivered), "
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
        # No commit yet: OffsetFetch answers offset -1 without an error (the client shows OFFSET_INVALID).
        assert set(committed_offsets(c).values()) == {OFFSET_INVALID}
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
    # The group's committed offsets went with it.
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": group})
    try:
        assert set(committed_offsets(c).values()) == {OFFSET_INVALID}
    finally:
        c.close()

    with pytest.raises(KafkaException) as ei:
        a.delete_consumer_groups(["it-no-such-group"], request_timeout=15)["it-no-such-group"].result(timeout=20)
    assert ei.value.args[0].code() == KafkaError.GROUP_ID_NOT_FOUND, ei.value


# -- admin offset APIs: list, alter (simple commits), OffsetDelete ------------------------------

OFFSET_DELETE = 47
GROUP_SUBSCRIBED_TO_TOPIC = 86


def offset_delete_v0(bootstrap: str, group: str, topic: str, parts: list[int]) -> tuple[int, dict[int, int]]:
    """Raw OffsetDelete v0 (confluent-kafka's Python AdminClient has no call for it).
    Returns (top-level error, {partition: error})."""
    body = (kwire.string(group) + struct.pack(">i", 1) + kwire.string(topic)
            + struct.pack(">i", len(parts)) + b"".join(struct.pack(">i", p) for p in parts))
    resp = raw_call(bootstrap, OFFSET_DELETE, 0, body)
    top, _throttle, ntopics = struct.unpack_from(">hii", resp, 0)
    pos, out = 10, {}
    for _ in range(ntopics):
        (ln,) = struct.unpack_from(">h", resp, pos); pos += 2 + ln
        (np_,) = struct.unpack_from(">i", resp, pos); pos += 4
        for _ in range(np_):
            p, err = struct.unpack_from(">ih", resp, pos); pos += 6
            out[p] = err
    return top, out


def list_group_offsets(a, group: str) -> dict[int, int]:
    req = ConsumerGroupTopicPartitions(group, [TopicPartition(TOPIC, p) for p in range(PARTS)])
    res = a.list_consumer_group_offsets([req], request_timeout=15)[group].result(timeout=20)
    return {tp.partition: tp.offset for tp in res.topic_partitions}


def test_admin_offsets_list_alter_and_offset_delete(broker, members):
    produced = setup_topic(broker, 300, "adminoff")
    ends = Counter(r.partition for r in produced)
    group = unique_group("adminoff")
    ms = start_members(ConfluentMember, 2, broker.bootstrap, group, commit=True)
    members += ms
    wait_settled(ms, [3, 3])
    deadline = time.monotonic() + 30
    a = group_admin(broker.bootstrap)
    while list_group_offsets(a, group) != {p: ends[p] for p in range(PARTS)}:
        check_members(ms)
        assert time.monotonic() < deadline, f"commits never reached the end: {list_group_offsets(a, group)}"
        time.sleep(0.2)

    # While members are subscribed: OffsetDelete is refused per partition, and an admin
    # ("simple", generation -1) commit is refused for the group has members.
    top, per_part = offset_delete_v0(broker.bootstrap, group, TOPIC, [0, 1])
    assert (top, per_part) == (0, {0: GROUP_SUBSCRIBED_TO_TOPIC, 1: GROUP_SUBSCRIBED_TO_TOPIC}), (top, per_part)
    alter = ConsumerGroupTopicPartitions(group, [TopicPartition(TOPIC, 0, 1)])
    try:
        res = a.alter_consumer_group_offsets([alter], request_timeout=15)[group].result(timeout=20)
        errs = [tp.error for tp in res.topic_partitions]
        assert all(e is not None for e in errs), f"admin commit accepted on a group with members: {res.topic_partitions}"
        codes = [e.code() for e in errs]
    except KafkaException as e:
        codes = [e.args[0].code()]
    print(f"\n[groups] alter offsets on an active group -> {codes}")
    assert set(codes) <= {KafkaError.UNKNOWN_MEMBER_ID}, codes

    stop_all(ms)
    wait_described(broker.bootstrap, group, lambda d: d.state == ConsumerGroupState.EMPTY)
    res = a.alter_consumer_group_offsets([ConsumerGroupTopicPartitions(group, [TopicPartition(TOPIC, 0, 1), TopicPartition(TOPIC, 1, 2)])],
                                         request_timeout=15)[group].result(timeout=20)
    assert all(tp.error is None for tp in res.topic_partitions), res.topic_partitions
    got = list_group_offsets(a, group)
    assert (got[0], got[1]) == (1, 2) and all(got[p] == ends[p] for p in range(2, PARTS)), got

    top, per_part = offset_delete_v0(broker.bootstrap, group, TOPIC, [0, 2])
    assert (top, per_part) == (0, {0: 0, 2: 0}), (top, per_part)
    got = list_group_offsets(a, group)
    assert got[0] < 0 and got[2] < 0 and got[1] == 2, got  # deleted: OFFSET_INVALID (-1001)
    # Deleted offsets stay deleted across a restart (tombstones in __consumer_offsets).
    broker.restart()
    for _ in range(50):
        try:
            got = list_group_offsets(a, group)
            break
        except KafkaException:
            time.sleep(0.2)
    assert got[0] < 0 and got[2] < 0 and got[1] == 2 and got[3] == ends[3], got
    assert offset_delete_v0(broker.bootstrap, "it-no-such-group", TOPIC, [0])[0] == KafkaError.GROUP_ID_NOT_FOUND


@pytest.mark.parametrize("how", ["graceful", "kill9"])
def test_active_group_keeps_consuming_across_a_broker_restart(broker, members, how):
    """Members stay up while the broker restarts under them: they come back to the same group,
    nothing produced afterwards is missed and nothing committed before is consumed again.

    Records produced after the restart may be redelivered: if a member's coordinator connection is
    still in reconnect backoff when librdkafka's own session timer runs out, the client drops its
    member id, its next commit fails with UNKNOWN_MEMBER_ID and the group rebalances (seen in about
    one run in four with librdkafka's default reconnect.backoff.max.ms; 1000 here keeps it rarer)."""
    produced = setup_topic(broker, 300, "before")
    ends = Counter(r.partition for r in produced)
    group = unique_group("live-restart")
    ms = start_members(ConfluentMember, 2, broker.bootstrap, group, commit=True, **{"reconnect.backoff.max.ms": 1000})
    members += ms
    wait_settled(ms, [3, 3])
    wait_consumed(ms, len(produced))
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": group})
    try:
        deadline = time.monotonic() + 20
        while committed_offsets(c) != {p: ends[p] for p in range(PARTS)}:
            assert time.monotonic() < deadline, f"commits never reached the end: {committed_offsets(c)}"
            time.sleep(0.1)
        events = [m.assign_events for m in ms]
        t0 = time.monotonic()
        if how == "graceful":
            broker.restart()
        else:
            broker.kill9()
            broker.start()
        after = produce_confluent(broker.bootstrap, TOPIC, make_records(300, "after", with_headers=False))
        want = values(produced) + values(after)
        deadline = time.monotonic() + 45
        for _ in range(1000):
            check_members(ms)
            got = values(r for m in ms for r in m.consumed())
            if not (want - got):
                break
            assert time.monotonic() < deadline, f"{sum((want - got).values())} records never consumed after {how} restart"
            time.sleep(0.1)
        record_timing(f"group_resumed_after_{how}_restart", time.monotonic() - t0,
                      note="restart + produce 300 + consume them")
        wait_settled(ms, [3, 3])
        d = wait_described(broker.bootstrap, group, lambda d: d.state == ConsumerGroupState.STABLE and len(d.members) == 2)
        assert sorted(m.client_id for m in d.members) == sorted(m.client_id for m in ms)
        redelivered = got - want
        again = Counter(v.split(b"-seq-")[0].decode() for v in redelivered.elements())
        print(f"\n[groups] {how} restart under a live group: rebalances {[m.assign_events - e for m, e in zip(ms, events)]}, "
              f"redelivered {dict(again)}, commit errors {[m.commit_errors[:2] for m in ms]}")
        assert not again.get("before"), "records committed before the restart were consumed again"
    finally:
        c.close()


def test_kafka_python_admin_view_of_a_confluent_group(broker, members):
    """kafka-python's admin client (other API versions than librdkafka's: OffsetFetch with a null
    topic list, DescribeGroups, ListGroups, DeleteGroups, OffsetDelete) sees the same group."""
    from kafka import KafkaAdminClient
    from kafka import TopicPartition as KTP
    from kafka.errors import GroupSubscribedToTopicError

    produced = setup_topic(broker, 120, "kpadmin")
    ends = Counter(r.partition for r in produced)
    group = unique_group("kpadmin")
    ms = start_members(ConfluentMember, 2, broker.bootstrap, group, commit=True)
    members += ms
    wait_settled(ms, [3, 3])
    a = KafkaAdminClient(bootstrap_servers=broker.bootstrap, request_timeout_ms=15000)
    try:
        deadline = time.monotonic() + 30
        while True:
            offs = a.list_group_offsets(group)[group]  # null topic list: every committed partition
            if {tp.partition: om.offset for tp, om in offs.items() if tp.topic == TOPIC} == {p: ends[p] for p in range(PARTS)}:
                break
            check_members(ms)
            assert time.monotonic() < deadline, f"committed offsets never reached the end: {offs}"
            time.sleep(0.2)
        assert {g["group_id"]: g["group_state"] for g in a.list_groups()}.get(group) == "Stable"
        d = a.describe_groups([group])[group]
        assert (d["group_state"], d["protocol_type"], d["error"]) == ("Stable", "consumer", None), d
        got = {m["client_id"]: (m["client_host"], sorted(p for t in m["member_assignment"]["assigned_partitions"]
                                                       for p in t["partitions"]))
               for m in d["members"]}
        assert got == {m.client_id: ("/127.0.0.1", sorted(m.snapshot()[0])) for m in ms}, got
        assert a.delete_group_offsets(group, [KTP(TOPIC, 0)]) == {KTP(TOPIC, 0): GroupSubscribedToTopicError}
        stop_all(ms)
        wait_described(broker.bootstrap, group, lambda d: d.state == ConsumerGroupState.EMPTY)
        assert a.describe_groups([group])[group]["group_state"] == "Empty"
        assert a.delete_groups([group, "it-no-such-group"]) == {group: "OK", "it-no-such-group": "GroupIdNotFoundError"}
    finally:
        a.close()
