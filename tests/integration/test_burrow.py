"""Burrow 1.2.1 (Debian's `burrow`, on Debian's ZooKeeper) monitoring a broker: the lag it reports
for a group is the lag the test made, partition by partition.

Burrow reads the group's commits from `__consumer_offsets` itself (Fetch; sarama at the client
profile's `kafka-version`) and the partitions' end offsets with ListOffsets v0, whatever that
version says (docs/clients.md). It stores a commit only for a partition whose end offset it already
knows, so the test commits after Burrow has seen the topic's end offsets.
"""

from __future__ import annotations

import time

import pytest

import burrowctl
from clients import create_topic

PARTITIONS = 3
PER_PARTITION = 335                       # 1,005 records
COMMITS = {0: 333, 1: 334, 2: 333}         # 1,000 committed: lag 2, 1, 2
LAG_TIMEOUT_S = 45.0

pytestmark = pytest.mark.skipif(burrowctl.available() is not None,
                                reason=f"not installed: {burrowctl.available()} (run `make deps`)")


@pytest.fixture(scope="module")
def zookeeper(tmp_path_factory):
    zk = burrowctl.ZooKeeper(tmp_path_factory.mktemp("zookeeper")).start()
    try:
        yield zk
    finally:
        zk.stop()


@pytest.fixture
def burrow_at(shared, zookeeper, tmp_path):
    """`burrow_at(kafka_version)`: a started Burrow whose client profile has that `kafka-version`."""
    started = []

    def start(kafka_version: str = "2.1.0"):
        b = burrowctl.Burrow(tmp_path / f"burrow-{kafka_version}", shared.bootstrap, zookeeper.address,
                             kafka_version=kafka_version)
        started.append(b)
        return b.start()
    try:
        yield start
    finally:
        for b in started:
            b.stop()


def produce_by_partition(bootstrap: str, topic: str) -> None:
    from confluent_kafka import Producer
    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5, "acks": "all"})
    for part in range(PARTITIONS):
        for i in range(PER_PARTITION):
            p.produce(topic, value=f"burrow-{part}-{i}".encode(), partition=part)
        p.poll(0)
    assert p.flush(30) == 0


def commit_kafka_python(bootstrap: str, group: str, topic: str, offsets: dict[int, int]) -> None:
    """Commit without joining the group (manual assignment, generation -1), as a tool would."""
    from kafka import KafkaConsumer, TopicPartition
    from kafka.structs import OffsetAndMetadata
    c = KafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False,
                      request_timeout_ms=15000)
    try:
        tps = [TopicPartition(topic, p) for p in offsets]
        c.assign(tps)
        c.commit({TopicPartition(topic, p): OffsetAndMetadata(o, "", -1) for p, o in offsets.items()})
    finally:
        c.close()


def wait_for(what: str, burrow, fetch, done, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = fetch()
        if done(last):
            return last
        time.sleep(0.5)
    pytest.fail(f"{what}: not after {timeout}s; last answer {last}\n--- Burrow log ---\n{burrow.log_tail()}")


def test_burrow_decodes_commits(shared, burrow_at):
    """Burrow's consumer module reads `__consumer_offsets` (sarama, Fetch v4 at kafka-version 2.1.0)
    and decodes the group's commits: its debug log has one "consumer offset" per commit."""
    burrow = burrow_at("2.1.0")
    topic, group = "burrow-decode", "burrow-decode-group"
    create_topic(shared.bootstrap, topic, PARTITIONS)
    produce_by_partition(shared.bootstrap, topic)
    commit_kafka_python(shared.bootstrap, group, topic, COMMITS)

    def decoded():
        return {e["partition"]: e["offset"] for e in burrow.log_events()
                if e.get("msg") == "consumer offset" and e.get("group") == group and e.get("topic") == topic}
    wait_for("Burrow's decoded commits", burrow, decoded, lambda d: d == COMMITS, LAG_TIMEOUT_S)


# Burrow's cluster module asks end offsets with ListOffsets v0 at every kafka-version. At its
# default kafka-version (0.8) sarama also reads `__consumer_offsets` with Metadata v0, ListOffsets v0
# and Fetch v0 (message format v0), and Burrow exits when that consumer cannot start.
@pytest.mark.parametrize("kafka_version", ["2.1.0", "0.8"])
def test_burrow_reports_lag_per_partition(shared, burrow_at, kafka_version):
    """1,005 records produced, 1,000 committed: Burrow's lag endpoint reports 2, 1 and 2."""
    burrow = burrow_at(kafka_version)
    topic, group = f"burrow-lag-{kafka_version}", f"burrow-group-{kafka_version}"
    create_topic(shared.bootstrap, topic, PARTITIONS)
    produce_by_partition(shared.bootstrap, topic)
    ends = [PER_PARTITION] * PARTITIONS

    # Burrow's view of the end offsets (its cluster module, ListOffsets v0 every offset-refresh).
    wait_for("Burrow's end offsets of the topic", burrow,
             lambda: burrow.get(f"/v3/kafka/{burrow.cluster}/topic/{topic}"),
             lambda r: r[0] == 200 and r[1].get("offsets") == ends, LAG_TIMEOUT_S)

    commit_kafka_python(shared.bootstrap, group, topic, COMMITS)

    status, body = wait_for(
        "Burrow's lag of the group", burrow,
        lambda: burrow.get(f"/v3/kafka/{burrow.cluster}/consumer/{group}/lag"),
        lambda r: r[0] == 200 and len((r[1].get("status") or {}).get("partitions") or []) == PARTITIONS,
        LAG_TIMEOUT_S)
    st = body["status"]
    lags = {p["partition"]: p["current_lag"] for p in st["partitions"] if p["topic"] == topic}
    assert lags == {p: PER_PARTITION - o for p, o in COMMITS.items()}, st
    assert st["totallag"] == 5, st
    ends_seen = {p["partition"]: p["end"]["offset"] for p in st["partitions"]}
    assert ends_seen == COMMITS, st
