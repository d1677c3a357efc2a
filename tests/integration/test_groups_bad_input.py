"""Consumer groups: bad input gets Kafka's error codes (raw requests through kwire where clients refuse)."""

from __future__ import annotations

import struct
import threading
import time
from collections import Counter

import pytest
from confluent_kafka import OFFSET_INVALID, Consumer, ConsumerGroupState, KafkaError, KafkaException, TopicPartition

import kwire
from groupclients import (
    DESCRIBE_GROUPS,
    HEARTBEAT,
    INVALID_GROUP_ID,
    INVALID_SESSION_TIMEOUT,
    JOIN_GROUP,
    SESSION_MS,
    TOPIC,
    UNKNOWN_MEMBER_ID,
    describe,
    error_code,
    join_group_v0,
    raw_call,
    record_timing,
    setup_topic,
    unique_group,
    wait_described,
)
from groupclients import _drop_admins, members  # noqa: F401  (fixtures)

MEMBER_ID_REQUIRED, GROUP_MAX_SIZE_REACHED = 79, 81


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


def join_group_v4(group: str, session_ms: int = SESSION_MS) -> bytes:
    """JoinGroup v4: GroupId, SessionTimeoutMs, RebalanceTimeoutMs, MemberId, ProtocolType, [Name, Metadata]."""
    metadata = struct.pack(">hii", 0, 0, -1)
    return (kwire.string(group) + struct.pack(">ii", session_ms, session_ms) + kwire.string("") + kwire.string("consumer")
            + struct.pack(">i", 1) + kwire.string("range") + struct.pack(">i", len(metadata)) + metadata)


def test_flood_of_member_id_required_joins_is_bounded(broker):
    """KIP-394 joins with an empty member id each allocate a pending member. A client looping on them
    must not grow the group without bound: past Fjord's cap (10 000 pending members per group) the
    coordinator answers GROUP_MAX_SIZE_REACHED, and other groups keep working meanwhile."""
    group = unique_group("flood")
    raw_call(broker.bootstrap, JOIN_GROUP, 4, join_group_v4(group), err_at=4)  # waits out COORDINATOR_LOAD_IN_PROGRESS
    n = 10_100
    codes: Counter = Counter()
    s = kwire.connect(broker.bootstrap, timeout=60)
    reader_error: list[BaseException] = []

    def read_all():
        try:
            for _ in range(n):
                _corr, body = kwire.read_response(s)
                codes[struct.unpack_from(">h", body, 4)[0]] += 1  # v4: ThrottleTimeMs, ErrorCode
        except BaseException as e:
            reader_error.append(e)

    t = threading.Thread(target=read_all, daemon=True)
    t.start()
    t0 = time.monotonic()
    # A long session timeout, so that no pending member expires while the flood is sent, however
    # slow the machine: the cap, not the clock, must be what answers GROUP_MAX_SIZE_REACHED.
    req = join_group_v4(group, session_ms=600_000)
    batch = 500
    for i in range(0, n, batch):
        s.sendall(b"".join(kwire.request(JOIN_GROUP, 4, 1000 + j, req) for j in range(i, min(n, i + batch))))
    t.join(90)
    s.close()
    assert not reader_error, reader_error
    print(f"\n[groups] {n} empty-id JoinGroup v4 in {time.monotonic() - t0:.2f}s -> {dict(codes)}")
    assert codes[MEMBER_ID_REQUIRED] + 1 <= 10_000 + 1, codes  # one pending member came from the first call
    assert codes[GROUP_MAX_SIZE_REACHED] >= n - 10_000, codes
    assert set(codes) <= {MEMBER_ID_REQUIRED, GROUP_MAX_SIZE_REACHED}, codes
    # Another group is unaffected.
    resp = raw_call(broker.bootstrap, JOIN_GROUP, 0, join_group_v0(unique_group("bystander")))
    assert error_code(resp) == 0


def join_group_v1(group: str, session_ms: int, rebalance_ms: int, member_id: str = "") -> bytes:
    metadata = struct.pack(">hii", 0, 0, -1)
    return (kwire.string(group) + struct.pack(">ii", session_ms, rebalance_ms) + kwire.string(member_id)
            + kwire.string("consumer") + struct.pack(">i", 1) + kwire.string("range")
            + struct.pack(">i", len(metadata)) + metadata)


def parse_join_v0_v1(resp: bytes) -> tuple[int, int, str, str, list[str]]:
    """(error, generation, leader, member id, member ids listed)"""
    err, gen = struct.unpack_from(">hi", resp, 0)
    pos, strs = 6, []
    for _ in range(3):  # protocol, leader, member id
        (ln,) = struct.unpack_from(">h", resp, pos); pos += 2
        strs.append(resp[pos:pos + max(ln, 0)].decode()); pos += max(ln, 0)
    (n,) = struct.unpack_from(">i", resp, pos); pos += 4
    listed = []
    for _ in range(n):
        (ln,) = struct.unpack_from(">h", resp, pos); pos += 2
        listed.append(resp[pos:pos + ln].decode()); pos += ln
        (ml,) = struct.unpack_from(">i", resp, pos); pos += 4 + ml
    return err, gen, strs[1], strs[2], listed


def test_member_that_does_not_rejoin_is_dropped_after_the_rebalance_timeout(broker):
    """A Stable member (long session, 2 s rebalance timeout) ignores a rebalance: the join completes
    without it once the rebalance timeout passes, long before its session would expire."""
    group = unique_group("norejoin")
    err, gen, leader, a, _ = parse_join_v0_v1(raw_call(broker.bootstrap, JOIN_GROUP, 1, join_group_v1(group, 30000, 2000)))
    assert err == 0 and leader == a
    sync = kwire.string(group) + struct.pack(">i", gen) + kwire.string(a) + struct.pack(">i", 0)
    assert error_code(raw_call(broker.bootstrap, 14, 0, sync)) == 0
    t0 = time.monotonic()
    err, gen2, leader2, b, listed = parse_join_v0_v1(
        raw_call(broker.bootstrap, JOIN_GROUP, 1, join_group_v1(group, 30000, 2000), timeout=40))
    waited = time.monotonic() - t0
    print(f"\n[groups] join answered {waited:.2f}s after it was sent (rebalance timeout 2 s, session 30 s)")
    assert (err, gen2, leader2, listed) == (0, gen + 1, b, [b]), (err, gen2, leader2, listed)
    assert waited < 25, "the join waited for the silent member's session instead of the rebalance timeout"
    hb = kwire.string(group) + struct.pack(">i", gen) + kwire.string(a)
    assert error_code(raw_call(broker.bootstrap, HEARTBEAT, 0, hb)) == UNKNOWN_MEMBER_ID


@pytest.mark.parametrize("topic,partition", [("it-no-such-topic", 0), (TOPIC, 99)], ids=["unknown-topic", "unknown-partition"])
def test_commit_for_unknown_topic_or_partition_is_refused(broker, topic, partition):
    setup_topic(broker)
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": unique_group("unknowntp")})
    try:
        try:
            res = c.commit(offsets=[TopicPartition(topic, partition, 5)], asynchronous=False)
            codes = [tp.error.code() if tp.error else 0 for tp in res]
        except KafkaException as e:
            codes = [e.args[0].code()]
        stored = c.committed([TopicPartition(topic, partition)], timeout=10)[0].offset
        print(f"\n[groups] commit to {topic}[{partition}] -> {codes}, committed() then reads {stored}")
        assert codes == [KafkaError.UNKNOWN_TOPIC_OR_PART], codes
        assert stored == OFFSET_INVALID, stored
    finally:
        c.close()
