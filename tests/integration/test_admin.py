"""Metadata, auto-creation, ListOffsets, DescribeConfigs, CreatePartitions and DeleteTopics."""

from __future__ import annotations

import json
import subprocess
import time

from confluent_kafka import Producer, TopicPartition
from confluent_kafka.admin import ConfigResource, ConfigSource, NewPartitions, OffsetSpec, ResourceType

from clients import (admin, confluent_consumer, confluent_producer_conf, create_topic, kcat_bin,
                     make_records, produce, wait_topic)


def test_metadata_advertises_the_listener(broker):
    """docs/kafka-behaviour.md, "Clients connect where Metadata tells them": clients connect to the address in Metadata, not the bootstrap one."""
    create_topic(broker.bootstrap, "md", 4)
    out = subprocess.run([kcat_bin(), "-L", "-J", "-b", broker.bootstrap, "-m", "10"],
                         capture_output=True, timeout=30, check=True).stdout
    md = json.loads(out)
    assert [(b["id"], b["name"]) for b in md["brokers"]] == [(1, broker.bootstrap)]
    topic = next(t for t in md["topics"] if t["topic"] == "md")
    assert sorted(p["partition"] for p in topic["partitions"]) == [0, 1, 2, 3]
    assert all(p["leader"] == 1 for p in topic["partitions"])


def test_auto_create_uses_num_partitions(broker_factory):
    broker = broker_factory(["--num-partitions", "3", "--auto-create-topics", "true"])
    subprocess.run([kcat_bin(), "-P", "-b", broker.bootstrap, "-t", "auto-orders", "-K", ":",
                    "-X", "message.timeout.ms=20000"],
                   input=b"k1:v1\nk2:v2\n", capture_output=True, timeout=40, check=True)
    wait_topic(broker.bootstrap, "auto-orders", 3)


def test_auto_create_disabled(broker_factory):
    broker = broker_factory(["--auto-create-topics", "false"])
    proc = subprocess.run([kcat_bin(), "-P", "-b", broker.bootstrap, "-t", "never-made", "-K", ":",
                           "-X", "message.timeout.ms=3000", "-X", "topic.metadata.refresh.interval.ms=500"],
                          input=b"k1:v1\n", capture_output=True, timeout=40)
    assert proc.returncode != 0, "kcat delivered to a topic that should not exist"
    assert "never-made" not in admin(broker.bootstrap).list_topics(timeout=10).topics


def test_list_offsets_earliest_latest_by_timestamp_and_max_timestamp(broker):
    topic = "times"
    create_topic(broker.bootstrap, topic, 1)
    base = int(time.time() * 1000) - 3_600_000  # an hour ago: well inside retention
    p = Producer(confluent_producer_conf(broker.bootstrap, **{"linger.ms": 0}))
    for i in range(100):
        ts = base + 1_000_000 if i == 60 else base + i * 1000   # record 60 carries the max timestamp
        p.produce(topic, key=b"k", value=f"t-{i}".encode(), partition=0, timestamp=ts)
        if i % 10 == 9:
            p.flush(10)   # several batches, so lookups have to look inside the log
    assert p.flush(30) == 0

    c = confluent_consumer(broker.bootstrap)
    try:
        assert c.get_watermark_offsets(TopicPartition(topic, 0), timeout=10, cached=False) == (0, 100)
        # One query per call: librdkafka merges repeats of one partition within a single request.
        got = [c.offsets_for_times([TopicPartition(topic, 0, t)], timeout=10)[0].offset
               for t in (base - 5000, base + 50 * 1000, base + 50 * 1000 + 1, base + 2_000_000)]
        # first offset whose timestamp >= t; none -> -1 (end)
        assert got[0] == 0
        assert got[1] == 50
        assert got[2] == 51
        assert got[3] == -1
    finally:
        c.close()

    tp = TopicPartition(topic, 0)
    a = admin(broker.bootstrap)
    for spec, want in ((OffsetSpec.earliest(), 0), (OffsetSpec.latest(), 100), (OffsetSpec.max_timestamp(), 60)):
        res = a.list_offsets({tp: spec}, request_timeout=15)[tp].result(timeout=15)
        assert res.offset == want, f"{spec}: {res.offset}"


def test_describe_configs_topic_defaults_and_overrides(broker):
    create_topic(broker.bootstrap, "cfg", 2, config={"retention.ms": "3600000"})
    a = admin(broker.bootstrap)
    res = ConfigResource(ResourceType.TOPIC, "cfg")
    entries = a.describe_configs([res], request_timeout=15)[res].result(timeout=15)
    assert entries["retention.ms"].value == "3600000"
    assert entries["retention.ms"].source == ConfigSource.DYNAMIC_TOPIC_CONFIG.value
    assert not entries["retention.ms"].is_default
    for name, value in (("cleanup.policy", "delete"), ("segment.bytes", "1073741824")):
        assert name in entries, f"{name} missing from DescribeConfigs"
        assert entries[name].value == value
        assert entries[name].is_default or entries[name].source in (
            ConfigSource.DEFAULT_CONFIG.value, ConfigSource.STATIC_BROKER_CONFIG.value)

    res = ConfigResource(ResourceType.TOPIC, "cfg-default")
    create_topic(broker.bootstrap, "cfg-default", 1)
    entries = a.describe_configs([res], request_timeout=15)[res].result(timeout=15)
    assert entries["retention.ms"].value == "604800000"


def test_describe_configs_broker(broker):
    res = ConfigResource(ResourceType.BROKER, "1")
    a = admin(broker.bootstrap)  # keep the client alive until the future resolves
    entries = a.describe_configs([res], request_timeout=15)[res].result(timeout=15)
    assert entries, "no broker configs"


def test_create_partitions_and_delete_topics(broker):
    create_topic(broker.bootstrap, "grow", 2)
    a = admin(broker.bootstrap)
    a.create_partitions([NewPartitions("grow", 5)], request_timeout=15)["grow"].result(timeout=15)
    wait_topic(broker.bootstrap, "grow", 5)
    # New partitions take data.
    produce("confluent", broker.bootstrap, "grow", make_records(200, "grow"))

    create_topic(broker.bootstrap, "doomed", 2)
    a.delete_topics(["doomed"], request_timeout=15)["doomed"].result(timeout=15)
    deadline = time.monotonic() + 20
    while "doomed" in a.list_topics(timeout=10).topics:
        assert time.monotonic() < deadline, "deleted topic still listed"
        time.sleep(0.2)
    # Deletion survives a restart.
    broker.restart()
    topics = admin(broker.bootstrap).list_topics(timeout=10).topics
    assert "doomed" not in topics and len(topics["grow"].partitions) == 5


def test_config_file(broker_factory, tmp_path):
    """`--config FILE` takes `key = value` lines with the flags' names (underscores allowed)."""
    cfg = tmp_path / "fjord.conf"
    cfg.write_text("# test config\nnum-partitions = 4\nauto_create_topics = true\nflush = never\n")
    broker = broker_factory(["--config", str(cfg)])
    subprocess.run([kcat_bin(), "-P", "-b", broker.bootstrap, "-t", "from-config", "-K", ":",
                    "-X", "message.timeout.ms=20000"],
                   input=b"k1:v1\n", capture_output=True, timeout=40, check=True)
    wait_topic(broker.bootstrap, "from-config", 4)


def test_recreated_topic_starts_empty_with_a_new_id(broker):
    from confluent_kafka import TopicCollection

    from clients import end_offsets_confluent

    create_topic(broker.bootstrap, "again", 2)
    produce("confluent", broker.bootstrap, "again", make_records(50, "first"))
    a = admin(broker.bootstrap)
    first_id = str(a.describe_topics(TopicCollection(["again"]))["again"].result(timeout=15).topic_id)
    a.delete_topics(["again"], request_timeout=15)["again"].result(timeout=15)
    deadline = time.monotonic() + 20
    while True:
        try:
            create_topic(broker.bootstrap, "again", 3)
            break
        except Exception:  # deletion may still be in progress: Kafka answers TOPIC_ALREADY_EXISTS meanwhile
            assert time.monotonic() < deadline, "could not re-create a deleted topic"
            time.sleep(0.3)
    assert end_offsets_confluent(broker.bootstrap, "again", 3) == {0: 0, 1: 0, 2: 0}
    second_id = str(a.describe_topics(TopicCollection(["again"]))["again"].result(timeout=15).topic_id)
    assert second_id != first_id
