"""Old request versions, answered as Kafka 3.9 answers them (issue 12, docs/protocol.md "Old versions").

Each request is encoded and each answer decoded by kafka-python 3's protocol classes (oldwire.py),
which are built from Kafka's own message definitions, so the layout is checked independently of
Fjord's schema; the values are checked field by field. Where kafka-python sends the version on its
own (an `api_version` below ApiVersions), the test drives the client instead.
"""

from __future__ import annotations

import time

import pytest
from kafka.protocol.admin.configs import DescribeConfigsRequest, DescribeConfigsResponse
from kafka.protocol.admin.topics import CreateTopicsRequest, CreateTopicsResponse, DeleteTopicsRequest, DeleteTopicsResponse
from kafka.protocol.consumer.group import OffsetCommitRequest, OffsetCommitResponse, OffsetFetchRequest, OffsetFetchResponse
from kafka.protocol.consumer.offsets import (ListOffsetsRequest, ListOffsetsResponse, OffsetForLeaderEpochRequest,
                                             OffsetForLeaderEpochResponse)
from kafka.protocol.metadata.api_versions import ApiVersionsRequest, ApiVersionsResponse
from kafka.protocol.metadata.find_coordinator import FindCoordinatorRequest, FindCoordinatorResponse
from kafka.protocol.metadata.metadata import MetadataRequest, MetadataResponse
from kafka.protocol.producer.transaction import InitProducerIdRequest, InitProducerIdResponse

import oldwire
from clients import create_topic, make_records, produce

UNKNOWN_TOPIC_OR_PARTITION = 3
UNSUPPORTED_VERSION = 35
INVALID_REQUEST = 42
COORDINATOR_NOT_AVAILABLE = 15
UNKNOWN_SERVER_ERROR = -1


def partitions_of(answer: dict) -> dict[tuple[str, int], dict]:
    return {(t["name"], p["partition_index"]): p for t in answer["topics"] for p in t["partitions"]}


def list_offsets(bootstrap: str, version: int, topic: str, wanted: list[tuple[int, int, int]]) -> dict[int, dict]:
    """`wanted`: (partition, timestamp, max_num_offsets) on one topic."""
    answer = oldwire.call(bootstrap, ListOffsetsRequest, ListOffsetsResponse, version, replica_id=-1, topics=[{
        "name": topic,
        "partitions": [{"partition_index": p, "timestamp": ts, "max_num_offsets": n} for p, ts, n in wanted]}])
    return {p["partition_index"]: p for t in answer["topics"] for p in t["partitions"]}


# -- ApiVersions ------------------------------------------------------------------------------------

def test_api_versions_advertises_every_version_kafka_39_accepts(shared):
    answer = oldwire.call(shared.bootstrap, ApiVersionsRequest, ApiVersionsResponse, 0)
    ranges = {k["api_key"]: (k["min_version"], k["max_version"]) for k in answer["api_keys"]}
    assert answer["error_code"] == 0
    expected = {0: (0, 11), 1: (0, 17), 2: (0, 9), 3: (0, 12), 8: (0, 9), 9: (0, 9), 10: (0, 6), 11: (0, 9),
                12: (0, 4), 13: (0, 5), 14: (0, 5), 15: (0, 5), 16: (0, 5), 18: (0, 4), 19: (0, 7), 20: (0, 6),
                21: (0, 2), 22: (0, 5), 23: (0, 4), 32: (0, 4), 33: (0, 2), 37: (0, 3), 42: (0, 2), 44: (0, 1),
                47: (0, 0)}
    assert ranges == expected


# -- ListOffsets v0 ---------------------------------------------------------------------------------

def test_list_offsets_v0_old_style_offsets(shared):
    topic = "old-list-offsets"
    create_topic(shared.bootstrap, topic, 2)
    produce("confluent", shared.bootstrap, topic, make_records(40, "lo"))
    v1 = list_offsets(shared.bootstrap, 1, topic, [(0, -1, 1), (1, -1, 1)])
    ends = {p: v1[p]["offset"] for p in (0, 1)}
    assert sum(ends.values()) == 40
    latest = list_offsets(shared.bootstrap, 0, topic, [(0, -1, 1), (1, -1, 10)])
    # One segment each: latest is the log end, then the segment base 0, newest first.
    assert latest[0]["error_code"] == 0 and latest[0]["old_style_offsets"] == [ends[0]]
    assert latest[1]["error_code"] == 0 and latest[1]["old_style_offsets"] == [ends[1], 0]
    earliest = list_offsets(shared.bootstrap, 0, topic, [(0, -2, 10)])
    assert earliest[0]["old_style_offsets"] == [0]
    # A time before every segment was written: nothing; far in the future: the log end and the base.
    now = int(time.time() * 1000)
    assert list_offsets(shared.bootstrap, 0, topic, [(0, now - 3_600_000, 10)])[0]["old_style_offsets"] == []
    assert list_offsets(shared.bootstrap, 0, topic, [(0, now + 3_600_000, 10)])[0]["old_style_offsets"] == [ends[0], 0]
    # max_num_offsets 0 is an empty answer, a negative one Kafka's UNKNOWN_SERVER_ERROR.
    assert list_offsets(shared.bootstrap, 0, topic, [(0, -1, 0)])[0] == {
        "partition_index": 0, "error_code": 0, "old_style_offsets": []}
    assert list_offsets(shared.bootstrap, 0, topic, [(0, -1, -1)])[0]["error_code"] == UNKNOWN_SERVER_ERROR


def test_list_offsets_v0_errors_per_partition(shared):
    topic = "old-list-offsets-errors"
    create_topic(shared.bootstrap, topic, 1)
    answer = list_offsets(shared.bootstrap, 0, topic, [(0, -3, 1), (7, -1, 1)])
    assert answer[0] == {"partition_index": 0, "error_code": UNSUPPORTED_VERSION, "old_style_offsets": []}
    assert answer[7]["error_code"] == UNKNOWN_TOPIC_OR_PARTITION
    missing = list_offsets(shared.bootstrap, 0, "old-no-such-topic", [(0, -1, 1)])
    assert missing[0]["error_code"] == UNKNOWN_TOPIC_OR_PARTITION


@pytest.mark.parametrize("version,timestamp,error", [(1, -3, UNSUPPORTED_VERSION), (6, -3, UNSUPPORTED_VERSION),
                                                     (7, -3, 0), (7, -4, UNSUPPORTED_VERSION), (8, -4, 0),
                                                     (8, -5, UNSUPPORTED_VERSION), (9, -5, 0), (9, -6, UNSUPPORTED_VERSION)])
def test_list_offsets_special_timestamps_need_their_version(shared, version, timestamp, error):
    topic = f"old-list-offsets-special-v{version}{timestamp}"
    create_topic(shared.bootstrap, topic, 1)
    answer = list_offsets(shared.bootstrap, version, topic, [(0, timestamp, 1)])[0]
    assert answer["error_code"] == error
    if error:
        assert (answer["timestamp"], answer["offset"]) == (-1, -1)
    if timestamp == -4 and not error:
        assert answer["offset"] == 0  # no tiered storage: the local log start is the log start
    if timestamp == -5 and not error:
        assert (answer["offset"], answer["leader_epoch"]) == (-1, -1)  # nothing tiered


def test_list_offsets_partition_named_twice_is_invalid(shared):
    topic = "old-list-offsets-twice"
    create_topic(shared.bootstrap, topic, 2)
    answer = list_offsets(shared.bootstrap, 1, topic, [(0, -1, 1), (1, -1, 1), (0, -2, 1)])
    assert answer[1]["error_code"] == 0
    assert answer[0]["error_code"] == INVALID_REQUEST


def test_kafka_python_at_0_10_0_reads_end_offsets_with_list_offsets_v0(shared):
    from kafka import KafkaConsumer
    from kafka import TopicPartition as KTP
    topic = "old-kp-end-offsets"
    create_topic(shared.bootstrap, topic, 2)
    produce("confluent", shared.bootstrap, topic, make_records(30, "kp"))
    consumer = KafkaConsumer(bootstrap_servers=shared.bootstrap, api_version=(0, 10, 0), request_timeout_ms=10000)
    try:
        ends = consumer.end_offsets([KTP(topic, 0), KTP(topic, 1)])
        begins = consumer.beginning_offsets([KTP(topic, 0), KTP(topic, 1)])
    finally:
        consumer.close()
    assert sum(ends.values()) == 30 and set(begins.values()) == {0}


# -- Metadata v0 ------------------------------------------------------------------------------------

def test_metadata_v0_empty_list_is_all_topics_and_unknown_names_are_created(shared):
    create_topic(shared.bootstrap, "old-metadata-a", 1)
    answer = oldwire.call(shared.bootstrap, MetadataRequest, MetadataResponse, 0, topics=[])
    names = {t["name"] for t in answer["topics"]}
    assert "old-metadata-a" in names
    # v0-3 have no allow_auto_topic_creation: asking for an unknown topic creates it (auto-creation is on).
    created = oldwire.call(shared.bootstrap, MetadataRequest, MetadataResponse, 3, topics=[{"name": "old-metadata-auto"}])
    assert [(t["name"], t["error_code"]) for t in created["topics"]] == [("old-metadata-auto", 0)]


# -- OffsetCommit v0/v1, OffsetFetch v0 ---------------------------------------------------------------

def commit(bootstrap: str, version: int, group: str, topic: str, offsets: dict[int, int], **extra) -> dict:
    partition_extra = extra.pop("partition_extra", {})
    answer = oldwire.call(bootstrap, OffsetCommitRequest, OffsetCommitResponse, version, group_id=group, topics=[{
        "name": topic,
        "partitions": [{"partition_index": p, "committed_offset": o, "committed_metadata": "m", **partition_extra}
                       for p, o in offsets.items()]}], **extra)
    return {p["partition_index"]: p["error_code"] for t in answer["topics"] for p in t["partitions"]}


def fetch(bootstrap: str, version: int, group: str, topic: str, partitions: list[int]) -> dict[int, dict]:
    answer = oldwire.call(bootstrap, OffsetFetchRequest, OffsetFetchResponse, version, group_id=group,
                          topics=[{"name": topic, "partition_indexes": partitions}])
    return {p["partition_index"]: p for t in answer["topics"] for p in t["partitions"]}


def test_offset_commit_v0_is_a_simple_commit_that_every_version_reads(shared):
    topic = "old-commit-v0"
    create_topic(shared.bootstrap, topic, 2)
    assert commit(shared.bootstrap, 0, "old-g0", topic, {0: 5}) == {0: 0}
    v0 = fetch(shared.bootstrap, 0, "old-g0", topic, [0, 1])
    # v0 answers as it did from ZooKeeper: no metadata, and a partition without a commit is unknown.
    assert v0[0] == {"partition_index": 0, "committed_offset": 5, "metadata": "", "error_code": 0}
    assert v0[1] == {"partition_index": 1, "committed_offset": -1, "metadata": "", "error_code": UNKNOWN_TOPIC_OR_PARTITION}
    v1 = fetch(shared.bootstrap, 1, "old-g0", topic, [0, 1])
    assert v1[0] == {"partition_index": 0, "committed_offset": 5, "metadata": "m", "error_code": 0}
    assert v1[1] == {"partition_index": 1, "committed_offset": -1, "metadata": "", "error_code": 0}
    # An unknown topic is refused and not stored.
    assert commit(shared.bootstrap, 0, "old-g0", "old-no-such-topic", {0: 1}) == {0: UNKNOWN_TOPIC_OR_PARTITION}


def test_offset_commit_v1_with_commit_timestamp(shared):
    topic = "old-commit-v1"
    create_topic(shared.bootstrap, topic, 1)
    stamp = int(time.time() * 1000) - 60_000
    errors = commit(shared.bootstrap, 1, "old-g1", topic, {0: 9}, generation_id_or_member_epoch=-1, member_id="",
                    partition_extra={"commit_timestamp": stamp})
    assert errors == {0: 0}
    assert fetch(shared.bootstrap, 1, "old-g1", topic, [0])[0]["committed_offset"] == 9
    assert fetch(shared.bootstrap, 0, "old-g1", topic, [0])[0]["committed_offset"] == 9
    # A member commit of a group that does not exist: ILLEGAL_GENERATION, as for v2+.
    assert commit(shared.bootstrap, 1, "old-g1-none", topic, {0: 1}, generation_id_or_member_epoch=3,
                  member_id="m-1") == {0: 22}


# -- FindCoordinator --------------------------------------------------------------------------------

@pytest.mark.parametrize("version", [0, 1, 2])
def test_find_coordinator_before_v3(shared, version):
    extra = {"key_type": 0} if version >= 1 else {}
    answer = oldwire.call(shared.bootstrap, FindCoordinatorRequest, FindCoordinatorResponse, version, key="g", **extra)
    host, port = shared.bootstrap.rsplit(":", 1)
    assert (answer["error_code"], answer["node_id"], answer["host"], answer["port"]) == (0, 1, host, int(port))
    if version >= 1:
        assert answer["error_message"] == "NONE"  # Kafka writes Errors.NONE's message


@pytest.mark.parametrize("version", [4, 5, 6])
def test_find_coordinator_batched_and_share_groups(shared, version):
    answer = oldwire.call(shared.bootstrap, FindCoordinatorRequest, FindCoordinatorResponse, version,
                          key_type=0, coordinator_keys=["g1", "g2"])
    assert [(c["key"], c["error_code"], c["node_id"]) for c in answer["coordinators"]] == [("g1", 0, 1), ("g2", 0, 1)]
    share = oldwire.call(shared.bootstrap, FindCoordinatorRequest, FindCoordinatorResponse, version,
                         key_type=2, coordinator_keys=["s"])
    expected = COORDINATOR_NOT_AVAILABLE if version >= 6 else INVALID_REQUEST
    assert [(c["error_code"], c["node_id"], c["host"], c["port"]) for c in share["coordinators"]] == [(expected, -1, "", -1)]


# -- CreateTopics v0/v1, DeleteTopics v0 --------------------------------------------------------------

def test_create_topics_v0_v1_and_delete_topics_v0(shared):
    created = oldwire.call(shared.bootstrap, CreateTopicsRequest, CreateTopicsResponse, 0, timeout_ms=10000, topics=[
        {"name": "old-create-v0", "num_partitions": 3, "replication_factor": 1}])
    assert created["topics"] == [{"name": "old-create-v0", "error_code": 0}]
    again = oldwire.call(shared.bootstrap, CreateTopicsRequest, CreateTopicsResponse, 0, timeout_ms=10000, topics=[
        {"name": "old-create-v0", "num_partitions": 3, "replication_factor": 1}])
    assert again["topics"] == [{"name": "old-create-v0", "error_code": 36}]  # TOPIC_ALREADY_EXISTS, no message in v0
    validated = oldwire.call(shared.bootstrap, CreateTopicsRequest, CreateTopicsResponse, 1, timeout_ms=10000,
                             validate_only=True, topics=[{"name": "old-create-v1", "num_partitions": 2, "replication_factor": 1}])
    assert validated["topics"] == [{"name": "old-create-v1", "error_code": 0, "error_message": None}]
    bad = oldwire.call(shared.bootstrap, CreateTopicsRequest, CreateTopicsResponse, 1, timeout_ms=10000,
                       topics=[{"name": "old-create-v1", "num_partitions": 2, "replication_factor": 3}])
    assert bad["topics"][0]["error_code"] == 38 and "replicat" in bad["topics"][0]["error_message"]
    listed = oldwire.call(shared.bootstrap, MetadataRequest, MetadataResponse, 1, topics=None)
    names = {t["name"]: len(t["partitions"]) for t in listed["topics"]}
    assert names.get("old-create-v0") == 3 and "old-create-v1" not in names
    deleted = oldwire.call(shared.bootstrap, DeleteTopicsRequest, DeleteTopicsResponse, 0, timeout_ms=10000,
                           topic_names=["old-create-v0", "old-no-such-topic"])
    assert sorted((r["name"], r["error_code"]) for r in deleted["responses"]) == [
        ("old-create-v0", 0), ("old-no-such-topic", UNKNOWN_TOPIC_OR_PARTITION)]


# -- DescribeConfigs v0 -----------------------------------------------------------------------------

def test_describe_configs_v0_says_is_default(shared):
    topic = "old-describe-v0"
    create_topic(shared.bootstrap, topic, 1, config={"retention.ms": "3600000"})
    answer = oldwire.call(shared.bootstrap, DescribeConfigsRequest, DescribeConfigsResponse, 0, resources=[
        {"resource_type": 2, "resource_name": topic, "configuration_keys": None}])
    [result] = answer["results"]
    configs = {c["name"]: c for c in result["configs"]}
    assert configs["retention.ms"] == {"name": "retention.ms", "value": "3600000", "read_only": False,
                                       "is_default": False, "is_sensitive": False}
    assert configs["cleanup.policy"]["is_default"] is True and configs["cleanup.policy"]["value"] == "delete"
    broker = oldwire.call(shared.bootstrap, DescribeConfigsRequest, DescribeConfigsResponse, 0, resources=[
        {"resource_type": 4, "resource_name": "1", "configuration_keys": ["num.partitions"]}])
    [entry] = broker["results"][0]["configs"]
    assert entry["name"] == "num.partitions" and entry["read_only"] is True


# -- OffsetForLeaderEpoch v0/v1, InitProducerId v5 -----------------------------------------------------

@pytest.mark.parametrize("version", [0, 1])
def test_offset_for_leader_epoch_v0_v1(shared, version):
    topic = f"old-epoch-v{version}"
    create_topic(shared.bootstrap, topic, 1)
    produce("confluent", shared.bootstrap, topic, make_records(7, "ep"))
    answer = oldwire.call(shared.bootstrap, OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse, version, topics=[
        {"topic": topic, "partitions": [{"partition": 0, "leader_epoch": 0}, {"partition": 4, "leader_epoch": 0}]}])
    parts = {p["partition"]: p for t in answer["topics"] for p in t["partitions"]}
    assert (parts[0]["error_code"], parts[0]["end_offset"]) == (0, 7)
    assert parts[4]["error_code"] == UNKNOWN_TOPIC_OR_PARTITION
    if version >= 1:
        assert parts[0]["leader_epoch"] == 0


def test_init_producer_id_v5(shared):
    answer = oldwire.call(shared.bootstrap, InitProducerIdRequest, InitProducerIdResponse, 5,
                          transactional_id=None, transaction_timeout_ms=60000)
    assert answer["error_code"] == 0 and answer["producer_id"] >= 0 and answer["producer_epoch"] == 0
