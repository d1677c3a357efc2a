"""Debian's other Go Kafka clients, each with its default settings (tests/go): segmentio/kafka-go
0.2.1 (Writer; Reader on a partition and with a group), optiopay/kafka 2.1.1 (produce, consume) and
confluent-kafka-go 0.11.6 on the system librdkafka (produce, consume in a group).

Records written by a Go client are read back with confluent-kafka (Python), and records a Go client
reads were produced with confluent-kafka, so each test exercises one client's side only. kafka-go and
optiopay's producer speak message format v1 (Produce v2, Fetch v2), which the broker converts
(docs/message-format.md).
"""

from __future__ import annotations

from clients import consume_confluent, create_topic
from goclients import check_group_resume, committed_offsets, produce_plain, record_tuples

PARTITIONS = 3
RECORDS = 30


def read_back(bootstrap: str, topic: str) -> list[tuple]:
    return sorted((r.partition, r.offset, r.key.decode(), r.value.decode())
                  for r in consume_confluent(bootstrap, topic, PARTITIONS))


def expected_pairs(tag: str, n: int = RECORDS) -> list[tuple[str, str]]:
    return sorted((f"k{i}", f"{tag}-{i}") for i in range(n))


# -- segmentio/kafka-go 0.2.1 ---------------------------------------------------------------------

def test_kafkago_writer(shared, go_clients):
    """The Writer spreads RECORDS records round-robin over the partitions; all arrive, once."""
    topic = "kafkago-writer"
    create_topic(shared.bootstrap, topic, PARTITIONS)
    go_clients.run("kafkago", "-mode", "write", "-brokers", shared.bootstrap, "-topic", topic,
                   "-n", str(RECORDS), "-tag", "kgw").check()
    got = read_back(shared.bootstrap, topic)
    assert sorted((k, val) for _, _, k, val in got) == expected_pairs("kgw")
    assert sorted(sum(1 for r in got if r[0] == p) for p in range(PARTITIONS)) == [RECORDS // PARTITIONS] * PARTITIONS


def test_kafkago_reader_partition(shared, go_clients):
    """A Reader on each partition (no group) reads that partition's records from offset 0."""
    topic = "kafkago-reader"
    create_topic(shared.bootstrap, topic, PARTITIONS)
    produced = produce_plain(shared.bootstrap, topic, RECORDS, "kgr")
    for p in range(PARTITIONS):
        mine = [r for r in produced if r[0] == p]
        run = go_clients.run("kafkago", "-mode", "read", "-brokers", shared.bootstrap, "-topic", topic,
                             "-partition", str(p), "-n", str(len(mine))).check()
        assert record_tuples(run.records) == mine


def test_kafkago_reader_group_resumes(shared, go_clients):
    """A Reader with a GroupID reads 12 records (ReadMessage commits each) and closes; a new one
    reads the other 18 from the committed offsets.

    Slow by kafka-go 0.2.1's defaults, as against Kafka: its Close sends no LeaveGroup, so the second
    member's JoinGroup waits for the first one's 30 s session to expire, and every Fetch waits its
    full MaxWait (9 s) because MinBytes defaults to MaxBytes (1 MB). Hence the 75 s budget."""
    topic = group = "kafkago-group"
    create_topic(shared.bootstrap, topic, PARTITIONS)
    produced = produce_plain(shared.bootstrap, topic, RECORDS, "kgg")
    common = ["-mode", "group", "-brokers", shared.bootstrap, "-topic", topic, "-group", group]
    first = record_tuples(go_clients.run("kafkago", *common, "-n", "12", timeout=75).check().records)
    after_first = committed_offsets(shared.bootstrap, group, topic, PARTITIONS)
    second = record_tuples(go_clients.run("kafkago", *common, "-n", "18", timeout=75).check().records)
    after_second = committed_offsets(shared.bootstrap, group, topic, PARTITIONS)
    check_group_resume(first, second, produced, after_first, after_second, PARTITIONS)


# -- optiopay/kafka 2.1.1 -------------------------------------------------------------------------

# Produce v2 (message format v1): the highest it knows, negotiated from ApiVersions.
def test_optiopay_produce(shared, go_clients):
    topic = "optiopay-produce"
    create_topic(shared.bootstrap, topic, PARTITIONS)
    run = go_clients.run("optiopay", "-mode", "produce", "-brokers", shared.bootstrap, "-topic", topic,
                         "-partitions", str(PARTITIONS), "-n", str(RECORDS), "-tag", "op").check()
    want = record_tuples(run.records)
    assert sorted((k, val) for _, _, k, val in want) == expected_pairs("op")
    assert read_back(shared.bootstrap, topic) == want


def test_optiopay_consume(shared, go_clients):
    """Each partition read from the oldest offset (Fetch v5, ListOffsets v2, Metadata v5)."""
    topic = "optiopay-consume"
    create_topic(shared.bootstrap, topic, PARTITIONS)
    produced = produce_plain(shared.bootstrap, topic, RECORDS, "opc")
    run = go_clients.run("optiopay", "-mode", "consume", "-brokers", shared.bootstrap, "-topic", topic,
                         "-partitions", str(PARTITIONS), "-n", str(RECORDS)).check()
    assert record_tuples(run.records) == produced


# -- confluent-kafka-go 0.11.6 (librdkafka 2.0.2) -------------------------------------------------

def test_confluentgo_produce_consume(shared, go_clients):
    """Produce RECORDS records, read them back with confluent-kafka (Python) and with a
    confluent-kafka-go consumer in a group."""
    topic = "confluentgo"
    create_topic(shared.bootstrap, topic, PARTITIONS)
    run = go_clients.run("confluentgo", "-mode", "produce", "-brokers", shared.bootstrap, "-topic", topic,
                         "-n", str(RECORDS), "-tag", "cg").check()
    want = record_tuples(run.records)
    assert sorted((k, val) for _, _, k, val in want) == expected_pairs("cg")
    assert read_back(shared.bootstrap, topic) == want
    consumed = go_clients.run("confluentgo", "-mode", "consume", "-brokers", shared.bootstrap, "-topic", topic,
                              "-group", "confluentgo", "-n", str(RECORDS)).check()
    assert record_tuples(consumed.records) == want
