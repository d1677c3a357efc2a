"""The broker's Prometheus endpoint: lag under kafka_exporter's names, traffic counters, health.

Each test scrapes a live `fjord serve` (metrics on an ephemeral port found in its log) and parses
the page with prometheus_client's own parser, so a format error fails here before Prometheus sees it.
"""

from __future__ import annotations

import json
import subprocess
import time
import urllib.error
import urllib.request

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic
from prometheus_client.parser import text_string_to_metric_families

from conftest import fjord_bin

TIMEOUT_S = 30.0
FAST_GROUPS = ["--group-initial-rebalance-delay-ms", "0"]


def http_get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def scrape(broker) -> dict[str, list[tuple[dict[str, str], float]]]:
    """Every sample of the page by sample name (`x_total`, `x_bucket`, ...), with its labels."""
    status, headers, text = http_get(broker.metrics_url() + "/metrics")
    assert status == 200, text
    assert headers["Content-Type"].startswith("text/plain; version=0.0.4")
    samples: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples.setdefault(sample.name, []).append((dict(sample.labels), sample.value))
    return samples


def value(samples, name: str, **labels: str) -> float | None:
    """The one sample of `name` whose labels include `labels`, or None if there is none."""
    matches = [v for (have, v) in samples.get(name, []) if all(have.get(k) == x for k, x in labels.items())]
    assert len(matches) <= 1, f"{name}{labels} matches {len(matches)} series"
    return matches[0] if matches else None


def create_topic(bootstrap: str, topic: str, partitions: int) -> None:
    admin = AdminClient({"bootstrap.servers": bootstrap})
    admin.create_topics([NewTopic(topic, num_partitions=partitions, replication_factor=1)])[topic].result(TIMEOUT_S)


def produce(bootstrap: str, topic: str, count: int, partitions: int) -> None:
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5})
    for i in range(count):
        producer.produce(topic, value=f"record-{i:05d}".encode(), partition=i % partitions)
    assert producer.flush(TIMEOUT_S) == 0


def consume_and_commit(bootstrap: str, topic: str, group: str, count: int) -> tuple[Consumer, dict[int, int]]:
    """Reads `count` records as a member of `group` and commits exactly what it read; the consumer is
    returned still in the group, with the committed offset of each partition."""
    consumer = Consumer({
        "bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest",
        "enable.auto.commit": False, "session.timeout.ms": 10000,
    })
    consumer.subscribe([topic])
    next_offsets: dict[int, int] = {}
    read = 0
    deadline = time.monotonic() + TIMEOUT_S
    while read < count:
        assert time.monotonic() < deadline, f"read only {read} of {count} records"
        message = consumer.poll(0.5)
        if message is None or message.error():
            continue
        next_offsets[message.partition()] = message.offset() + 1
        read += 1
    commits = [TopicPartition(topic, p, o) for p, o in sorted(next_offsets.items())]
    consumer.commit(offsets=commits, asynchronous=False)
    return consumer, next_offsets


def test_lag_and_traffic_after_1005_produced_and_1000_committed(broker_factory):
    broker = broker_factory(FAST_GROUPS)
    topic, group = "metered", "metered-readers"
    create_topic(broker.bootstrap, topic, 1)
    produce(broker.bootstrap, topic, 1005, 1)
    consumer, committed = consume_and_commit(broker.bootstrap, topic, group, 1000)
    try:
        assert committed == {0: 1000}
        m = scrape(broker)
        assert value(m, "kafka_consumergroup_lag", consumergroup=group, topic=topic, partition="0") == 5
        assert value(m, "kafka_consumergroup_lag_sum", consumergroup=group, topic=topic) == 5
        assert value(m, "kafka_consumergroup_current_offset", consumergroup=group, topic=topic, partition="0") == 1000
        assert value(m, "kafka_topic_partition_current_offset", topic=topic, partition="0") == 1005
        assert value(m, "kafka_topic_partition_oldest_offset", topic=topic, partition="0") == 0
        assert value(m, "kafka_topic_partitions", topic=topic) == 1
        assert value(m, "fjord_consumergroup_members", consumergroup=group) == 1
        assert value(m, "fjord_consumergroup_recommended_consumers", consumergroup=group, topic=topic) == 1
        assert value(m, "fjord_topic_records_in_total", topic=topic) == 1005
        assert value(m, "fjord_topic_bytes_in_total", topic=topic) > 1005 * len("record-00000")
        assert value(m, "fjord_topic_records_out_total", topic=topic) >= 1000
        assert value(m, "fjord_topic_bytes_out_total", topic=topic) > 1000 * len("record-00000")
        assert value(m, "fjord_log_size_bytes", topic=topic, partition="0") >= value(m, "fjord_topic_bytes_in_total", topic=topic)
        assert value(m, "fjord_requests_total", api="Produce") >= 1
        assert value(m, "fjord_request_duration_seconds_count", api="Fetch") >= 1
        assert value(m, "fjord_request_duration_seconds_bucket", api="Produce", le="+Inf") == value(m, "fjord_requests_total", api="Produce")
        assert value(m, "fjord_connections") >= 1
        # __consumer_offsets is hosted too; its partitions count.
        assert value(m, "fjord_partitions") > 1
    finally:
        consumer.close()

    # The member has left: the group is Empty but keeps its offsets and its lag.
    m = scrape(broker)
    assert value(m, "fjord_consumergroup_members", consumergroup=group) == 0
    assert value(m, "kafka_consumergroup_lag", consumergroup=group, topic=topic, partition="0") == 5


def test_recommended_consumers_follow_the_lag_threshold(broker_factory):
    broker = broker_factory(FAST_GROUPS + ["--lag-threshold-per-consumer", "2"])
    topic, group = "scaled", "scaled-readers"
    create_topic(broker.bootstrap, topic, 3)
    produce(broker.bootstrap, topic, 1005, 3)
    consumer, committed = consume_and_commit(broker.bootstrap, topic, group, 1000)
    try:
        m = scrape(broker)
        lags = {}
        for partition in range(3):
            end = value(m, "kafka_topic_partition_current_offset", topic=topic, partition=str(partition))
            assert end == 335
            lag = value(m, "kafka_consumergroup_lag", consumergroup=group, topic=topic, partition=str(partition))
            if partition in committed:
                assert lag == 335 - committed[partition]
                lags[partition] = lag
            else:
                # No commit, no lag series (the CLI shows "-" for such a partition).
                assert lag is None
        assert value(m, "kafka_consumergroup_lag_sum", consumergroup=group, topic=topic) == sum(lags.values())
        # 1005 produced, 1000 read: lag 5 unless a partition got no commit at all.
        if len(committed) == 3:
            assert sum(lags.values()) == 5
        lag_sum = sum(lags.values())
        expected = min(3, -(-lag_sum // 2))
        assert value(m, "fjord_consumergroup_recommended_consumers", consumergroup=group, topic=topic) == expected
    finally:
        consumer.close()


def test_deleted_groups_and_topics_leave_the_page(broker_factory):
    broker = broker_factory(FAST_GROUPS)
    topic, group = "fleeting", "fleeting-readers"
    create_topic(broker.bootstrap, topic, 1)
    produce(broker.bootstrap, topic, 20, 1)
    consumer, _ = consume_and_commit(broker.bootstrap, topic, group, 10)
    consumer.close()
    m = scrape(broker)
    assert value(m, "kafka_consumergroup_lag", consumergroup=group, topic=topic, partition="0") == 10
    assert value(m, "fjord_topic_records_in_total", topic=topic) == 20

    admin = AdminClient({"bootstrap.servers": broker.bootstrap})
    admin.delete_consumer_groups([group], request_timeout=TIMEOUT_S)[group].result(TIMEOUT_S)
    m = scrape(broker)
    assert value(m, "fjord_consumergroup_members", consumergroup=group) is None
    assert value(m, "kafka_consumergroup_lag", consumergroup=group, topic=topic, partition="0") is None

    admin.delete_topics([topic], operation_timeout=TIMEOUT_S)[topic].result(TIMEOUT_S)
    m = scrape(broker)
    for name in ("kafka_topic_partition_current_offset", "fjord_log_size_bytes", "fjord_topic_records_in_total",
                 "fjord_topic_bytes_in_total", "kafka_topic_partitions"):
        assert value(m, name, topic=topic) is None, name


def test_health_and_unknown_paths(broker):
    status, _, body = http_get(broker.metrics_url() + "/health")
    deadline = time.monotonic() + TIMEOUT_S
    # 503 is allowed only while __consumer_offsets is still loading, just after start.
    while status == 503 and time.monotonic() < deadline:
        time.sleep(0.1)
        status, _, body = http_get(broker.metrics_url() + "/health")
    assert (status, body) == (200, "ok\n")
    status, _, _ = http_get(broker.metrics_url() + "/nope")
    assert status == 404



def has_subcommand(name: str) -> bool:
    try:
        listing = subprocess.run([str(fjord_bin()), "--help"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return False  # no binary: the broker fixtures report that with a clear message
    return any(line.split()[:1] == [name] for line in listing.splitlines())


@pytest.mark.skipif(not has_subcommand("groups"), reason="this fjord build has no `groups` command yet")
def test_lag_series_match_the_cli(broker_factory):
    """`/metrics` and `fjord groups describe --format json` report the same offsets and lag."""
    broker = broker_factory(FAST_GROUPS)
    topic, group = "compared", "compared-readers"
    create_topic(broker.bootstrap, topic, 3)
    produce(broker.bootstrap, topic, 1005, 3)
    consumer, _ = consume_and_commit(broker.bootstrap, topic, group, 1000)
    consumer.close()
    described = subprocess.run(
        [str(fjord_bin()), "groups", "describe", group, "--bootstrap-server", broker.bootstrap, "--format", "json"],
        capture_output=True, text=True, timeout=60)
    assert described.returncode == 0, described.stderr
    rows = [row for row in json.loads(described.stdout) if row["topic"] == topic]
    assert len(rows) == 3
    m = scrape(broker)
    for row in rows:
        labels = {"consumergroup": group, "topic": topic, "partition": str(row["partition"])}
        assert value(m, "kafka_topic_partition_current_offset", topic=topic, partition=labels["partition"]) == row["log_end_offset"]
        if row["current_offset"] is None:
            assert value(m, "kafka_consumergroup_lag", **labels) is None
        else:
            assert value(m, "kafka_consumergroup_current_offset", **labels) == row["current_offset"]
            assert value(m, "kafka_consumergroup_lag", **labels) == row["lag"]
    assert value(m, "kafka_consumergroup_lag_sum", consumergroup=group, topic=topic) == sum(
        row["lag"] for row in rows if row["lag"] is not None)
