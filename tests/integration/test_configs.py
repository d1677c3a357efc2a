"""Broker and topic settings declared once (docs/configuration.md): DescribeConfigs derived from the
tables, INVALID_CONFIG for anything unknown or unsupported wherever a config is accepted, and the
topic configs that are accepted being honoured: compression.type recompresses on append, the
timestamp bounds refuse records, min.insync.replicas is validated and stored."""

from __future__ import annotations

import subprocess
import time

import pytest
from confluent_kafka import KafkaError, KafkaException, Producer
from confluent_kafka.admin import (AlterConfigOpType, ConfigEntry, ConfigResource, ConfigSource, NewTopic,
                                   ResourceType)

from clients import (admin, assert_same_records, consume, create_topic, make_records, produce,
                     stored_batches)
from conftest import fjord_bin

CODEC_IDS = {"none": 0, "gzip": 1, "snappy": 2, "lz4": 3, "zstd": 4}
HOUR_MS = 3_600_000


def describe(bootstrap: str, kind: ResourceType, name: str) -> dict[str, ConfigEntry]:
    a = admin(bootstrap)
    res = ConfigResource(kind, name)
    return a.describe_configs([res], request_timeout=15)[res].result(timeout=15)


def create_error(bootstrap: str, name: str, config: dict[str, str]) -> KafkaError:
    a = admin(bootstrap)
    fs = a.create_topics([NewTopic(name, num_partitions=1, replication_factor=1, config=config)], request_timeout=15)
    with pytest.raises(KafkaException) as raised:
        fs[name].result(timeout=15)
    return raised.value.args[0]


def incremental_error(bootstrap: str, kind: ResourceType, name: str, entries: list[ConfigEntry]) -> KafkaError:
    a = admin(bootstrap)
    res = ConfigResource(kind, name, incremental_configs=entries)
    with pytest.raises(KafkaException) as raised:
        a.incremental_alter_configs([res])[res].result(timeout=15)
    return raised.value.args[0]


def codecs_on_disk(broker, topic: str) -> set[int]:
    logs = sorted((broker.data_dir / f"{topic}-0").glob("*.log"))
    assert logs, f"no segment of {topic}-0 in {broker.data_dir}"
    return {attributes & 7 for log in logs for _, _, attributes in stored_batches(log)}


def test_broker_describe_configs_comes_from_the_settings_table(broker_factory):
    broker = broker_factory(["--num-partitions", "3", "--max-connections", "500"])
    entries = describe(broker.bootstrap, ResourceType.BROKER, "1")
    assert entries["num.partitions"].value == "3"
    assert entries["num.partitions"].source == ConfigSource.STATIC_BROKER_CONFIG.value
    assert entries["max.connections"].value == "500"
    assert entries["socket.request.max.bytes"].source == ConfigSource.DEFAULT_CONFIG.value
    assert entries["listeners"].value == f"PLAINTEXT://{broker.bootstrap}"
    assert entries["default.replication.factor"].value == "1"
    assert entries["log.retention.ms"].value == "604800000"
    assert all(e.is_read_only and not e.is_sensitive for e in entries.values())

    # Every Kafka name the README table lists is described.
    table = subprocess.run([str(fjord_bin()), "serve", "--print-config-table", "broker"],
                           capture_output=True, text=True, timeout=30, check=True).stdout
    names = [cell.strip().strip("`") for line in table.splitlines()[2:] for cell in [line.split(" | ")[1]] if cell.strip()]
    assert names and all(name in entries for name in names), [n for n in names if n not in entries]


def test_topic_describe_configs_types_and_synonyms(broker):
    from kafka.admin import ConfigResource as KPResource, ConfigResourceType, KafkaAdminClient

    create_topic(broker.bootstrap, "typed", 1, config={"retention.ms": "3600000", "min.insync.replicas": "2"})
    client = KafkaAdminClient(bootstrap_servers=broker.bootstrap, request_timeout_ms=15000)
    try:
        got = client.describe_configs([KPResource(ConfigResourceType.TOPIC, "typed")], include_synonyms=True,
                                      config_filter="all")["topic"]["typed"]
    finally:
        client.close()
    assert got["retention.ms"]["value"] == "3600000"
    assert got["retention.ms"]["config_source"] == "DYNAMIC_TOPIC_CONFIG"
    assert got["retention.ms"]["config_type"] == "LONG"
    assert [s["name"] for s in got["retention.ms"]["synonyms"]] == ["retention.ms", "log.retention.ms"]
    assert got["min.insync.replicas"]["value"] == "2" and got["min.insync.replicas"]["config_type"] == "INT"
    assert got["cleanup.policy"]["config_type"] == "LIST"
    assert got["segment.bytes"]["config_source"] == "DEFAULT_CONFIG"


@pytest.mark.parametrize("config", [
    {"no.such.config": "1"},
    {"remote.storage.enable": "true"},
    {"segment.jitter.ms": "1000"},
    {"min.insync.replicas": "0"},
    {"compression.type": "brotli"},
    {"message.timestamp.before.max.ms": "-1"},
], ids=["unknown", "tiered-storage", "segment-jitter", "min-isr-zero", "unknown-codec", "negative-bound"])
def test_create_topics_refuses_unknown_and_unsupported_configs(broker, config):
    err = create_error(broker.bootstrap, "refused", config)
    assert err.code() == KafkaError.INVALID_CONFIG, err
    assert "refused" not in admin(broker.bootstrap).list_topics(timeout=10).topics


@pytest.mark.filterwarnings("ignore:alter_configs has been deprecated")
def test_alter_configs_refuse_unknown_and_unsupported_configs_and_change_nothing(broker):
    create_topic(broker.bootstrap, "kept", 1, config={"retention.ms": "3600000"})
    for entries in ([ConfigEntry("no.such.config", "1", incremental_operation=AlterConfigOpType.SET)],
                    [ConfigEntry("retention.ms", "60000", incremental_operation=AlterConfigOpType.SET),
                     ConfigEntry("local.retention.ms", "1000", incremental_operation=AlterConfigOpType.SET)],
                    [ConfigEntry("min.insync.replicas", "many", incremental_operation=AlterConfigOpType.SET)],
                    [ConfigEntry("retention.ms", "1", incremental_operation=AlterConfigOpType.APPEND)]):
        err = incremental_error(broker.bootstrap, ResourceType.TOPIC, "kept", entries)
        assert err.code() == KafkaError.INVALID_CONFIG, err

    a = admin(broker.bootstrap)
    res = ConfigResource(ResourceType.TOPIC, "kept", set_config={"retention.ms": "60000", "bogus": "x"})
    with pytest.raises(KafkaException) as raised:
        a.alter_configs([res])[res].result(timeout=15)
    assert raised.value.args[0].code() == KafkaError.INVALID_CONFIG
    assert describe(broker.bootstrap, ResourceType.TOPIC, "kept")["retention.ms"].value == "3600000"

    # Broker settings are static: named or unknown, a change is INVALID_CONFIG.
    for name in ("num.partitions", "log.retention.ms", "no.such.broker.config"):
        err = incremental_error(broker.bootstrap, ResourceType.BROKER, "1",
                                [ConfigEntry(name, "2", incremental_operation=AlterConfigOpType.SET)])
        assert err.code() == KafkaError.INVALID_CONFIG, err


def test_min_insync_replicas_is_validated_and_stored(broker):
    create_topic(broker.bootstrap, "isr", 1, config={"min.insync.replicas": "2"})
    assert describe(broker.bootstrap, ResourceType.TOPIC, "isr")["min.insync.replicas"].value == "2"
    broker.restart()
    assert describe(broker.bootstrap, ResourceType.TOPIC, "isr")["min.insync.replicas"].value == "2"
    err = incremental_error(broker.bootstrap, ResourceType.TOPIC, "isr",
                            [ConfigEntry("min.insync.replicas", "-3", incremental_operation=AlterConfigOpType.SET)])
    assert err.code() == KafkaError.INVALID_CONFIG
    # Stored only: with one replica per partition nothing enforces it yet (docs/configuration.md).
    produce("confluent", broker.bootstrap, "isr", make_records(10, "isr"), acks="all")


@pytest.mark.parametrize("topic_codec,producer_codec,client", [
    ("zstd", "gzip", "confluent"),
    ("zstd", "none", "kafka-python"),
    ("uncompressed", "lz4", "confluent"),
    ("gzip", "snappy", "kafka-python"),
    ("producer", "gzip", "confluent"),
    ("lz4", "lz4", "confluent"),
])
def test_compression_type_recompresses_on_append(broker, topic_codec, producer_codec, client):
    topic = f"cmp-{topic_codec}-{producer_codec}"
    create_topic(broker.bootstrap, topic, 1, config={"compression.type": topic_codec})
    records = make_records(300, topic)
    produce(client, broker.bootstrap, topic, records, codec=producer_codec)
    want = CODEC_IDS[producer_codec] if topic_codec == "producer" else CODEC_IDS.get(topic_codec, 0)
    assert codecs_on_disk(broker, topic) == {want}
    for reader in ("confluent", "kafka-python"):
        assert_same_records(records, consume(reader, broker.bootstrap, topic, partitions=1))


def test_compression_type_change_applies_to_later_batches(broker):
    topic = "cmp-altered"
    create_topic(broker.bootstrap, topic, 1)
    first = make_records(50, "before")
    produce("confluent", broker.bootstrap, topic, first, codec="gzip")
    a = admin(broker.bootstrap)
    res = ConfigResource(ResourceType.TOPIC, topic, incremental_configs=[
        ConfigEntry("compression.type", "zstd", incremental_operation=AlterConfigOpType.SET),
        ConfigEntry("compression.zstd.level", "19", incremental_operation=AlterConfigOpType.SET)])
    a.incremental_alter_configs([res])[res].result(timeout=15)
    second = make_records(50, "after")
    produce("confluent", broker.bootstrap, topic, second, codec="gzip")
    assert codecs_on_disk(broker, topic) == {CODEC_IDS["gzip"], CODEC_IDS["zstd"]}
    assert_same_records(first + second, consume("confluent", broker.bootstrap, topic, partitions=1))


@pytest.mark.parametrize("config,offset_ms", [
    ({"message.timestamp.before.max.ms": str(HOUR_MS)}, -2 * HOUR_MS),
    ({"message.timestamp.after.max.ms": str(HOUR_MS)}, 2 * HOUR_MS),
], ids=["before", "after"])
def test_timestamp_bounds_refuse_a_real_producers_records(broker, config, offset_ms):
    create_topic(broker.bootstrap, "bounded", 1, config=config)
    p = Producer({"bootstrap.servers": broker.bootstrap, "message.timeout.ms": 20000, "retries": 0})
    errors: list[KafkaError] = []
    now = int(time.time() * 1000)
    p.produce("bounded", value=b"out", partition=0, timestamp=now + offset_ms,
              on_delivery=lambda err, _msg: errors.append(err))
    # Its own batch: one refused record refuses the whole batch it is in, as Kafka does.
    assert p.flush(30) == 0
    p.produce("bounded", value=b"in", partition=0, timestamp=now,
              on_delivery=lambda err, _msg: errors.append(err))
    assert p.flush(30) == 0
    assert errors[0] is not None and errors[0].code() == KafkaError.INVALID_TIMESTAMP, errors
    assert errors[1] is None, errors


def test_serve_refuses_unknown_flags_and_config_keys(tmp_path):
    run = [str(fjord_bin()), "serve", "--data-dir", str(tmp_path / "d"), "--metrics-listen", "off",
           "--listen", "127.0.0.1:0"]
    out = subprocess.run(run + ["--no-such-flag", "1"], capture_output=True, text=True, timeout=30)
    assert out.returncode != 0 and "unknown option '--no-such-flag'" in out.stderr
    cfg = tmp_path / "bad.conf"
    cfg.write_text("num-partitions = 2\nno_such_key = 1\n")
    out = subprocess.run(run + ["--config", str(cfg)], capture_output=True, text=True, timeout=30)
    assert out.returncode != 0 and "unknown setting 'no-such-key'" in out.stderr
    out = subprocess.run([str(fjord_bin()), "serve", "--help"], capture_output=True, text=True, timeout=30)
    for flag in ("--listen", "--data-dir", "--log-cleaner-dedupe-buffer-bytes", "--print-config-table"):
        assert flag in out.stdout, flag
