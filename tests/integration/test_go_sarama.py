"""Shopify/sarama 1.22 (Debian's golang-github-shopify-sarama-dev) at every `Version` it knows, with its
default configuration otherwise (tests/go/sarama): produce with each codec it offers at that
version and read the records back, a consumer group (or, below V0_10_2_0, the offset manager) whose
restarted member resumes from its commits, and the ClusterAdmin calls sarama makes at that version.

The version decides what sarama sends: V0_8_2_0 (its default) writes message format v0 with
Produce v0 and reads with Fetch v0; record batches and Produce v3 / Fetch v4 start at V0_11_0_0.
docs/clients.md lists the APIs and versions of each; the broker converts message format v0/v1
(docs/message-format.md).
"""

from __future__ import annotations

import time
from collections import Counter

import pytest

from clients import admin, create_topic, end_offsets_confluent, stored_batches
from goclients import (check_group_resume, committed_offsets, produce_plain, record_tuples)

# sarama 1.22's SupportedVersions, oldest first (test_versions_are_saramas_supported_versions checks the installed list).
VERSIONS = [
    "V0_8_2_0", "V0_8_2_1", "V0_8_2_2", "V0_9_0_0", "V0_9_0_1",
    "V0_10_0_0", "V0_10_0_1", "V0_10_1_0", "V0_10_1_1", "V0_10_2_0", "V0_10_2_1",
    "V0_11_0_0", "V0_11_0_1", "V0_11_0_2", "V1_0_0_0", "V1_1_0_0", "V1_1_1_0",
    "V2_0_0_0", "V2_0_1_0", "V2_1_0_0", "V2_2_0_0",
]
PARTITIONS = 3
RECORDS = 24
CODEC_ID = {"none": 0, "gzip": 1, "snappy": 2, "lz4": 3, "zstd": 4}


def v(name: str) -> tuple[int, ...]:
    return tuple(int(x) for x in name[1:].split("_"))


def at_least(version: str, floor: str) -> bool:
    return v(version) >= v(floor)


def slug(name: str) -> str:
    return name.lower().replace("_", "-")


# -- produce and consume --------------------------------------------------------------------------

def codecs_at(version: str) -> list[str]:
    """What sarama 1.22 compresses with at `version`: lz4 needs V0_10_0_0 (sarama refuses the
    configuration below). zstd is tested apart (test_zstd_needs_produce_v7)."""
    return ["none", "gzip", "snappy"] + (["lz4"] if at_least(version, "V0_10_0_0") else [])


def produce_consume_cases():
    for version in VERSIONS:
        for codec in codecs_at(version):
            # Below V0_11_0_0 sarama writes message format v0/v1 (Produce v0/v2) and reads it (Fetch v0-3),
            # which the broker converts; below V0_10_1_0 its consumer asks ListOffsets v0.
            yield pytest.param(version, codec, id=f"{version}-{codec}")


def stored_codecs(data_dir, topic: str) -> Counter:
    codecs: Counter = Counter()
    for log in sorted(data_dir.glob(f"{topic}-*/*.log")):
        for _, _, attributes in stored_batches(log):
            codecs[attributes & 7] += 1
    return codecs


def test_versions_are_saramas_supported_versions(go_clients):
    """The list above is the installed sarama's SupportedVersions, in order."""
    run = go_clients.run("sarama", "-mode", "versions").check()
    assert [e["name"] for e in run.of("version")] == VERSIONS


@pytest.mark.parametrize("version,codec", list(produce_consume_cases()))
def test_produce_consume(shared, go_clients, version, codec):
    """RECORDS keyed records in one SendMessages, read back by a consumer at the same version: the
    same records at the offsets the producer was told, each batch stored with the codec sent."""
    topic = f"sarama-{slug(version)}-{codec}"
    create_topic(shared.bootstrap, topic, PARTITIONS)
    common = ["-brokers", shared.bootstrap, "-version", version, "-topic", topic]
    produced = go_clients.run("sarama", "-mode", "produce", *common, "-codec", codec,
                              "-n", str(RECORDS), "-tag", f"{version}-{codec}", timeout=20).check()
    want = record_tuples(produced.records)
    assert len(want) == RECORDS
    assert sorted((k, val) for _, _, k, val in want) == sorted(
        (f"k{i}", f"{version}-{codec}-{i}") for i in range(RECORDS))
    ends = end_offsets_confluent(shared.bootstrap, topic, PARTITIONS)
    assert sum(ends.values()) == RECORDS
    codecs = stored_codecs(shared.data_dir, topic)
    assert set(codecs) == {CODEC_ID[codec]}, f"stored batch codecs {dict(codecs)}"

    consumed = go_clients.run("sarama", "-mode", "consume", *common, "-n", str(RECORDS), timeout=20).check()
    assert record_tuples(consumed.records) == want


@pytest.mark.parametrize("version", ["V2_1_0_0", "V2_2_0_0"])
def test_zstd_needs_produce_v7(shared, go_clients, version):
    """sarama 1.22 compresses with zstd but sends it in Produce v3; Kafka accepts zstd only from
    Produce v7 and answers UNSUPPORTED_COMPRESSION_TYPE (76) for the partition (KIP-110), which
    sarama reports as below. Nothing may be stored."""
    topic = f"sarama-{slug(version)}-zstd"
    create_topic(shared.bootstrap, topic, PARTITIONS)
    run = go_clients.run("sarama", "-mode", "produce", "-brokers", shared.bootstrap, "-version", version,
                         "-topic", topic, "-codec", "zstd", "-n", str(RECORDS), timeout=20)
    assert not run.ok, run.describe()
    assert any("does not support the compression type" in e for e in run.errors), run.describe()
    assert sum(end_offsets_confluent(shared.bootstrap, topic, PARTITIONS).values()) == 0


# -- consumer groups ------------------------------------------------------------------------------

def group_resume(shared, go_clients, mode: str, version: str) -> None:
    topic = f"sarama-{mode}-{slug(version)}"
    group = f"sarama-{mode}-{slug(version)}"
    create_topic(shared.bootstrap, topic, PARTITIONS)
    produced = produce_plain(shared.bootstrap, topic, 30, f"{mode}-{version}")
    common = ["-mode", mode, "-brokers", shared.bootstrap, "-version", version, "-topic", topic, "-group", group]
    first = record_tuples(go_clients.run("sarama", *common, "-n", "12", timeout=30).check().records)
    after_first = committed_offsets(shared.bootstrap, group, topic, PARTITIONS)
    second = record_tuples(go_clients.run("sarama", *common, "-n", "18", timeout=30).check().records)
    after_second = committed_offsets(shared.bootstrap, group, topic, PARTITIONS)
    check_group_resume(first, second, produced, after_first, after_second, PARTITIONS)


# sarama's offset manager commits with OffsetCommit v1 (Consumer.Offsets.Retention 0, the default)
# at every version; V0_10_2_x fetch with Fetch v3 (message format v1).
@pytest.mark.parametrize("version", [x for x in VERSIONS if at_least(x, "V0_10_2_0")])
def test_consumer_group_resumes(shared, go_clients, version):
    """A ConsumerGroup member reads and marks 12 of 30 records and leaves (the session's end
    commits); a new member reads the other 18 from the committed offsets."""
    group_resume(shared, go_clients, "group", version)


@pytest.mark.parametrize("version", [x for x in VERSIONS if not at_least(x, "V0_10_2_0")])
def test_offset_manager_resumes(shared, go_clients, version):
    """Below V0_10_2_0 sarama has no ConsumerGroup: partition consumers with an OffsetManager
    (ConsumerMetadata, OffsetFetch v1, OffsetCommit v1 with generation -1). 12 records marked and
    committed on close, then a new manager resumes from them."""
    group_resume(shared, go_clients, "offsets", version)


# -- ClusterAdmin ---------------------------------------------------------------------------------
# NewClusterAdmin needs V0_10_0_0 (sarama asks Metadata v1 for the controller); CreateTopic and
# DeleteTopic need V0_10_1_0; ListTopics and DescribeConfig need V0_11_0_0 (sarama refuses the call
# itself below those). CreateTopics is v0 below V0_11_0_0, v1 below V1_0_0_0, then v2; DeleteTopics
# v0 below V0_11_0_0, then v1; DescribeConfigs is v0 at every version.

@pytest.mark.parametrize("version", [x for x in VERSIONS if at_least(x, "V0_10_1_0")])
def test_admin_create_delete_topic(shared, go_clients, version):
    """CreateTopic with 4 partitions, seen in confluent-kafka's metadata; DeleteTopic, then gone."""
    topic = f"sarama-admin-{slug(version)}"
    common = ["-mode", "admin", "-brokers", shared.bootstrap, "-version", version, "-topic", topic]
    run = go_clients.run("sarama", *common, "-partitions", "4", "-calls", "create", timeout=20).check()
    assert [c["call"] for c in run.of("call")] == ["create"]
    a = admin(shared.bootstrap)
    md = a.list_topics(topic=topic, timeout=10).topics[topic]
    assert md.error is None and len(md.partitions) == 4, md
    go_clients.run("sarama", *common, "-calls", "delete", timeout=20).check()
    deadline = time.monotonic() + 10
    while topic in a.list_topics(timeout=10).topics:
        assert time.monotonic() < deadline, f"{topic} still listed 10 s after DeleteTopic"
        time.sleep(0.2)


@pytest.mark.parametrize("version", [x for x in VERSIONS if at_least(x, "V0_11_0_0")])
def test_admin_list_topics_describe_config(shared, go_clients, version):
    """ListTopics (Metadata for all topics, then DescribeConfigs v0 of every topic: only values that
    are not defaults) and DescribeConfig of one topic."""
    topic = f"sarama-describe-{slug(version)}"
    create_topic(shared.bootstrap, topic, PARTITIONS, config={"retention.ms": "3600000"})
    run = go_clients.run("sarama", "-mode", "admin", "-brokers", shared.bootstrap, "-version", version,
                         "-topic", topic, "-calls", "list,describe", timeout=20).check()
    listed, described = run.of("call")
    mine = listed["topics"][topic]
    assert (mine["partitions"], mine["replication"]) == (PARTITIONS, 1)
    assert mine["configs"].get("retention.ms") == "3600000", mine  # ListTopics keeps only values that are not defaults
    configs = described["configs"]
    assert configs["retention.ms"]["value"] == "3600000" and configs["retention.ms"]["default"] is False
    assert configs["cleanup.policy"]["value"] == "delete" and configs["cleanup.policy"]["default"] is True
