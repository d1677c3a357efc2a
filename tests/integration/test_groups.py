"""Consumer groups with real clients: membership and rebalancing (issue 3, section 4).

Helpers and client settings: groupclients.py. Timings print with -s.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections import Counter

import pytest
from confluent_kafka import Consumer, ConsumerGroupState

import kwire
from clients import make_records, produce_confluent
from groupclients import (
    HEARTBEAT_MS,
    MAX_POLL_MS,
    PARTS,
    SESSION_MS,
    SETTLE_TIMEOUT_S,
    TOPIC,
    AiokafkaMember,
    ConfluentMember,
    KafkaPythonMember,
    Member,
    assignments,
    check_members,
    committed_offsets,
    describe,
    error_code,
    join_group_v0,
    raw_call,
    JOIN_GROUP,
    is_settled,
    record_timing,
    setup_topic,
    start_members,
    unique_group,
    values,
    wait_consumed,
    wait_described,
    wait_settled,
)
from groupclients import _drop_admins, members  # noqa: F401  (fixtures)


# -- 1, 2: three members, one closes --------------------------------------------------------------

def form_three(broker, members, **conf) -> list[Member]:
    setup_topic(broker)
    ms = start_members(ConfluentMember, 3, broker.bootstrap, unique_group("three"), **conf)
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


@pytest.mark.parametrize("heartbeat_ms", [HEARTBEAT_MS, 3000], ids=["hb1000", "hb3000-default"])
def test_member_close_moves_its_partitions_to_the_others(broker, members, heartbeat_ms):
    """The others learn of the rebalance from their next heartbeat, so the figure is measured with the
    suite's 1 s heartbeat and with librdkafka's default 3 s."""
    ms = form_three(broker, members, **{"heartbeat.interval.ms": heartbeat_ms})
    leaver, rest = ms[0], ms[1:]
    t0 = time.monotonic()
    leaver.stop()
    settled = wait_settled(rest, [3, 3])
    record_timing("settle_after_close", settled - t0, close_s=round(leaver.closed_at - t0, 3),
                  heartbeat_ms=heartbeat_ms, members_left=2)
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
        # The two in-process members own 2 partitions each; the subprocess the other 2.
        def three_way(d) -> bool:
            if d.state != ConsumerGroupState.STABLE or len(d.members) != 3:
                return False
            doomed = [m for m in d.members if m.client_id == "it-doomed"]
            mine = assignments(ms)
            return (len(doomed) == 1 and sorted(len(a) for a in mine) == [2, 2]
                    and is_settled(mine + [frozenset(tp.partition for tp in doomed[0].assignment.topic_partitions)]))
        wait_described(broker.bootstrap, group, three_way)
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
        print(f"\n[groups] killed member's output: {proc.stdout.read().decode(errors='replace').strip()!r}")


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
        owned = Counter(p for s in a for p in s)
        if owned and max(owned.values()) > 1:
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
    """Also: their commits (made once, on the way out) are what confluent-kafka reads back."""
    setup_topic(broker)
    ms = start_members(cls, 2, broker.bootstrap, unique_group(cls.kind), commit=True)
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
    for m in ms:
        m.stop()
        check_members([m])
    ends = Counter(r.partition for r in produced)
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": ms[0].group})
    try:
        assert committed_offsets(c) == {p: ends[p] for p in range(PARTS)}
    finally:
        c.close()
    wait_described(broker.bootstrap, ms[0].group, lambda d: d.state == ConsumerGroupState.EMPTY and not d.members)


# -- static membership ----------------------------------------------------------------------------

def test_static_member_restart_gets_its_partitions_back_without_rebalancing_the_others(broker, members):
    """KIP-345: librdkafka sends no LeaveGroup for a static member; the replacement (same
    group.instance.id, new member id) rejoins within the session timeout and the group stays put."""
    setup_topic(broker)
    group = unique_group("static")
    ms = [ConfluentMember(broker.bootstrap, group, client_id=f"it-static-{i}", **{"group.instance.id": f"inst-{i}"})
          for i in range(2)]
    members += ms
    for m in ms:
        m.start()
    wait_settled(ms, [3, 3])
    d = wait_described(broker.bootstrap, group, lambda d: d.state == ConsumerGroupState.STABLE and len(d.members) == 2)
    old_ids = {m.group_instance_id: m.member_id for m in d.members}
    assert set(old_ids) == {"inst-0", "inst-1"}, old_ids
    before = ms[0].snapshot()[0]
    other_events = ms[1].assign_events
    ms[0].stop()
    t0 = time.monotonic()
    again = ConfluentMember(broker.bootstrap, group, client_id="it-static-0", **{"group.instance.id": "inst-0"})
    members.append(again)
    again.start()
    settled = wait_settled([again, ms[1]], [3, 3])
    record_timing("static_member_rejoin", settled - t0, session_timeout_ms=SESSION_MS)
    assert again.snapshot()[0] == before, f"static member came back with {sorted(again.snapshot()[0])}, had {sorted(before)}"
    d = wait_described(broker.bootstrap, group, lambda d: d.state == ConsumerGroupState.STABLE and len(d.members) == 2)
    new_ids = {m.group_instance_id: m.member_id for m in d.members}
    assert new_ids["inst-1"] == old_ids["inst-1"]
    assert new_ids["inst-0"] != old_ids["inst-0"], "the replacement got a new member id"
    print(f"\n[groups] static: other member's assign events {other_events} -> {ms[1].assign_events}")
    assert ms[1].assign_events == other_events, "the other static member was rebalanced"


# -- several groups at once ----------------------------------------------------------------------

def test_concurrent_groups_rebalance_independently_and_a_parked_join_blocks_no_other_group(broker, members):
    """Four groups (confluent eager, confluent cooperative, kafka-python, aiokafka) form at the same
    time on one topic, while a fifth group has a JoinGroup parked in its join phase: each of the four
    settles and consumes every record, and the parked join is still parked."""
    produced = setup_topic(broker, 600, "multi")
    # Group "parked": a raw v0 member joins (it leads); a second member's join is then held until the
    # first re-joins or the rebalance timeout (= session timeout for v0, 30 s here) passes.
    parked_group = unique_group("parked")
    first = raw_call(broker.bootstrap, JOIN_GROUP, 0, join_group_v0(parked_group, session_ms=30000))
    assert error_code(first) == 0
    parked = kwire.connect(broker.bootstrap, timeout=60)
    parked.sendall(kwire.request(JOIN_GROUP, 0, 99, join_group_v0(parked_group, session_ms=30000)))
    try:
        t0 = time.monotonic()
        groups = [
            start_members(ConfluentMember, 2, broker.bootstrap, unique_group("multi-eager")),
            start_members(ConfluentMember, 3, broker.bootstrap, unique_group("multi-coop"),
                          **{"partition.assignment.strategy": "cooperative-sticky"}),
            start_members(KafkaPythonMember, 2, broker.bootstrap, unique_group("multi-kp")),
            start_members(AiokafkaMember, 2, broker.bootstrap, unique_group("multi-aio")),
        ]
        for g in groups:
            members.extend(g)
        for g in groups:
            wait_consumed(g, len(produced), timeout=45)
        record_timing("four_groups_consumed_everything", time.monotonic() - t0, groups=4)
        for g in groups:
            wait_settled(g, [PARTS // len(g)] * len(g))
            got = values(r for m in g for r in m.consumed())
            assert not (values(produced) - got), f"{g[0].group}: records missing"
        parked.settimeout(0.2)
        with pytest.raises((TimeoutError, OSError)):
            parked.recv(1)  # still no answer: its group is in its join phase
        d = describe(broker.bootstrap, parked_group)
        assert d.state == ConsumerGroupState.PREPARING_REBALANCING, d.state
    finally:
        parked.close()


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
