"""`fjord topics` and `fjord groups` against a live `fjord serve`, with exact expected output.

The CLI is the binary under test ($FJORD_BIN); confluent-kafka plays the application whose lag is
reported, so the numbers come from a real client's commits rather than from the CLI itself.
"""

from __future__ import annotations

import datetime
import json
import os
import subprocess
import time

import pytest
from confluent_kafka import Consumer, Producer, TopicPartition

from conftest import fjord_bin, free_port

CLI_TIMEOUT_S = 30


def cli(broker, *args: str, check: bool = False, bootstrap: str | None = None) -> subprocess.CompletedProcess:
    """Runs `fjord ARGS…` with $FJORD_BOOTSTRAP pointing at the broker (so the default is exercised)."""
    env = dict(os.environ, FJORD_BOOTSTRAP=bootstrap or broker.bootstrap)
    proc = subprocess.run([str(fjord_bin()), *args], capture_output=True, text=True, env=env, timeout=CLI_TIMEOUT_S)
    if check:
        assert proc.returncode == 0, f"fjord {' '.join(args)} exited {proc.returncode}: {proc.stderr}"
    return proc


def table(*lines: str) -> str:
    """Kafka's tools start a table with an empty line and end every line with a newline."""
    return "\n" + "".join(line + "\n" for line in lines)


def fails_with(proc: subprocess.CompletedProcess, message: str) -> None:
    assert proc.returncode != 0
    assert proc.stderr == message + "\n"
    assert proc.stdout == ""


def produce_to(bootstrap: str, topic: str, partition: int, count: int, timestamp_of=None) -> None:
    p = Producer({"bootstrap.servers": bootstrap, "linger.ms": 5})
    for i in range(count):
        kwargs = {"timestamp": timestamp_of(i)} if timestamp_of else {}
        p.produce(topic, value=b"v%d" % i, partition=partition, **kwargs)
    assert p.flush(30) == 0


def joined_consumer(bootstrap: str, group: str, topic: str) -> Consumer:
    """A group member that owns every partition of `topic` (bounded wait for the assignment)."""
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "client.id": "lag-app",
                  "enable.auto.commit": False, "auto.offset.reset": "earliest", "session.timeout.ms": 10000})
    c.subscribe([topic])
    deadline = time.monotonic() + 30
    while not c.assignment():
        assert time.monotonic() < deadline, "consumer never got an assignment"
        c.poll(0.2)
    return c


@pytest.fixture
def lag_setup(broker):
    """Topic `lag` (2 partitions), 1,005 records in partition 0, group `app` committed at 1,000 there."""
    cli(broker, "topics", "create", "lag", "--partitions", "2", check=True)
    produce_to(broker.bootstrap, "lag", 0, 1005)
    c = joined_consumer(broker.bootstrap, "app", "lag")
    c.commit(offsets=[TopicPartition("lag", 0, 1000)], asynchronous=False)
    return c


def test_lag_of_an_active_group_matches_kafka_consumer_groups(broker, lag_setup):
    consumer = lag_setup
    try:
        rows = json.loads(cli(broker, "groups", "describe", "app", "--format", "json", check=True).stdout)
        member = rows[0]["consumer_id"]
        assert member.startswith("lag-app-")
        assert rows == [
            {"group": "app", "topic": "lag", "partition": 0, "current_offset": 1000, "log_end_offset": 1005, "lag": 5,
             "consumer_id": member, "host": "/127.0.0.1", "client_id": "lag-app"},
            {"group": "app", "topic": "lag", "partition": 1, "current_offset": None, "log_end_offset": 0, "lag": None,
             "consumer_id": member, "host": "/127.0.0.1", "client_id": "lag-app"},
        ]
        out = cli(broker, "groups", "describe", "app", check=True)
        pad = " " * (len(member) - len("CONSUMER-ID"))
        assert out.stdout == table(
            "GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             "
            f"CONSUMER-ID{pad} HOST            CLIENT-ID",
            f"app             lag             0          1000            1005            5               {member} /127.0.0.1      lag-app",
            f"app             lag             1          -               0               -               {member} /127.0.0.1      lag-app",
        )
        assert out.stderr == ""

        assert cli(broker, "groups", "list", check=True).stdout == "GROUP           STATE\napp             Stable\n"
        assert json.loads(cli(broker, "groups", "list", "--format", "json", check=True).stdout) == [{"group": "app", "state": "Stable"}]

        members = cli(broker, "groups", "describe", "app", "--members", check=True).stdout
        assert members == table(
            f"GROUP           CONSUMER-ID{pad} HOST            CLIENT-ID       #PARTITIONS",
            f"app             {member} /127.0.0.1      lag-app         2",
        )
        state = cli(broker, "groups", "describe", "app", "--state", check=True).stdout
        assert state == table(
            "GROUP                     COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE           #MEMBERS",
            f"app                       {broker.bootstrap + '  (1)':<25} range                Stable          1",
        )

        # Kafka refuses to reset a group whose members would overwrite the new offsets.
        fails_with(cli(broker, "groups", "reset-offsets", "app", "--topic", "lag", "--to-earliest", "--execute"),
                   "Error: Assignments can only be reset if the group 'app' is inactive, but the current state is Stable.")
        fails_with(cli(broker, "groups", "delete", "app"), "Error: Deletion of consumer group 'app' failed: the group is not empty.")
    finally:
        consumer.close()

    # Without members only committed partitions remain, owned by nobody.
    out = cli(broker, "groups", "describe", "app", check=True)
    assert out.stdout == table(
        "GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID",
        "app             lag             0          1000            1005            5               -               -               -",
    )
    assert out.stderr == "\nConsumer group 'app' has no active members.\n"


def test_watch_redraws_with_a_trend_column(broker, lag_setup):
    lag_setup.close()
    out = cli(broker, "groups", "describe", "app", "--watch", "1", "--watch-count", "2", check=True).stdout
    frame = table(
        "GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID       TREND",
        "app             lag             0          1000            1005            5               -               -               -               =",
    )
    assert out == frame + frame


def reset(broker, *args: str) -> subprocess.CompletedProcess:
    return cli(broker, "groups", "reset-offsets", "resettable", "--topic", "lag", *args)


def reset_table(p0: int, p1: int) -> str:
    return table(
        "GROUP                          TOPIC                          PARTITION  NEW-OFFSET",
        f"resettable                     lag                            0          {p0}",
        f"resettable                     lag                            1          {p1}",
    )


def committed(broker, group: str) -> dict[int, int | None]:
    rows = json.loads(cli(broker, "groups", "describe", group, "--format", "json", check=True).stdout)
    return {r["partition"]: r["current_offset"] for r in rows}


def test_reset_offsets_every_mode_dry_run_and_execute(broker):
    cli(broker, "topics", "create", "lag", "--partitions", "2", check=True)
    base = int(time.time() * 1000) - 600_000
    produce_to(broker.bootstrap, "lag", 0, 100, timestamp_of=lambda i: base + i * 1000)
    produce_to(broker.bootstrap, "lag", 1, 10, timestamp_of=lambda i: base + i * 1000)

    # A group that never existed has nothing to shift from; every partition is checked before any write.
    fails_with(reset(broker, "--shift-by", "5", "--execute"),
               "Error: Cannot shift offset for partition lag-0 since there is no current committed offset")
    assert cli(broker, "groups", "describe", "resettable").returncode != 0

    # Out-of-range targets are clamped into each log, as Kafka does.
    out = reset(broker, "--to-offset", "50", "--execute")
    assert (out.returncode, out.stdout) == (0, reset_table(50, 10))
    assert committed(broker, "resettable") == {0: 50, 1: 10}

    at_ts = datetime.datetime.fromtimestamp((base + 42_000) / 1000, tz=datetime.timezone.utc)
    iso = at_ts.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at_ts.microsecond // 1000:03d}Z"
    cases = [
        (("--to-earliest",), (0, 0)),
        (("--to-latest",), (100, 10)),
        (("--to-offset", "7"), (7, 7)),
        (("--shift-by", "-20"), (30, 0)),
        (("--shift-by", "5"), (55, 10)),
        (("--to-datetime", iso), (42, 10)),
    ]
    for args, (p0, p1) in cases:
        dry = reset(broker, *args, "--dry-run")
        assert (dry.returncode, dry.stdout, dry.stderr) == (0, reset_table(p0, p1), ""), args
        assert committed(broker, "resettable") == {0: 50, 1: 10}, f"--dry-run {args} changed offsets"
    for args, (p0, p1) in cases:
        reset(broker, "--to-offset", "50", "--execute")
        done = reset(broker, *args, "--execute")
        assert (done.returncode, done.stdout) == (0, reset_table(p0, p1)), args
        assert committed(broker, "resettable") == {0: p0, 1: p1}, args

    js = json.loads(reset(broker, "--to-latest", "--dry-run", "--format", "json").stdout)
    assert js == [{"group": "resettable", "topic": "lag", "partition": 0, "new_offset": 100},
                  {"group": "resettable", "topic": "lag", "partition": 1, "new_offset": 10}]

    bad = reset(broker, "--to-datetime", "yesterday", "--execute")
    assert bad.returncode != 0 and "Invalid --to-datetime 'yesterday'" in bad.stderr

    # Deleting the offsets of one topic, then the group.
    out = cli(broker, "groups", "delete-offsets", "resettable", "--topic", "lag", check=True)
    assert out.stdout == table(
        "TOPIC                          PARTITION  STATUS",
        "lag                            0          Successful",
        "lag                            1          Successful",
    )
    assert cli(broker, "groups", "delete", "resettable", check=True).stdout == \
        "Deletion of requested consumer groups ('resettable') was successful.\n"
    fails_with(cli(broker, "groups", "delete", "resettable"), "Error: Consumer group 'resettable' does not exist.")


def test_topics_create_list_describe_alter_delete(broker):
    assert cli(broker, "topics", "create", "orders", "--partitions", "3", "--config", "retention.ms=3600000",
               check=True).stdout == "Created topic orders.\n"
    again = cli(broker, "topics", "create", "orders", "--partitions", "3")
    assert again.returncode != 0 and again.stderr.count("\n") == 1 and "already exists" in again.stderr
    assert cli(broker, "topics", "create", "orders", "--partitions", "3", "--if-not-exists", check=True).stdout == ""
    produce_to(broker.bootstrap, "orders", 1, 7)

    assert cli(broker, "topics", "list", check=True).stdout == "orders\n"

    described = json.loads(cli(broker, "topics", "describe", "orders", "--format", "json", check=True).stdout)
    topic_id = described[0]["topic_id"]
    assert len(topic_id) == 22
    assert described == [{
        "name": "orders", "topic_id": topic_id, "internal": False,
        "partitions": [
            {"partition": 0, "leader": 1, "log_start_offset": 0, "log_end_offset": 0},
            {"partition": 1, "leader": 1, "log_start_offset": 0, "log_end_offset": 7},
            {"partition": 2, "leader": 1, "log_start_offset": 0, "log_end_offset": 0},
        ],
        "configs": {"retention.ms": "3600000"},
    }]

    # A decrease is refused with the reason and changes nothing.
    fails_with(cli(broker, "topics", "alter", "orders", "--partitions", "2"),
               "Error: The number of partitions for topic 'orders' can only be increased (it has 3, 2 requested).")
    assert cli(broker, "topics", "alter", "orders", "--partitions", "4", check=True).stdout == \
        "Topic 'orders' now has 4 partitions.\n"

    assert cli(broker, "topics", "alter", "orders", "--config", "cleanup.policy=compact", check=True).stdout == \
        "Updated config for topic 'orders': cleanup.policy=compact.\n"
    fails_with(cli(broker, "topics", "alter", "orders", "--config", "retention.ms=soon"),
               "Error while altering configs of 'orders': Invalid value soon for configuration retention.ms")
    fails_with(cli(broker, "topics", "alter", "orders", "--config", "retention.ms"),
               "Error: Invalid --config 'retention.ms': expected key=value")
    # With both flags, a wrong count stops the config change too.
    fails_with(cli(broker, "topics", "alter", "orders", "--partitions", "1", "--config", "retention.ms=1000"),
               "Error: The number of partitions for topic 'orders' can only be increased (it has 4, 1 requested).")

    out = cli(broker, "topics", "describe", "orders", check=True).stdout
    assert out == (
        f"Topic: orders\tTopicId: {topic_id}\tPartitionCount: 4\tReplicationFactor: 1\t"
        "Configs: cleanup.policy=compact,retention.ms=3600000\n"
        "\tTopic: orders\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\tLogStartOffset: 0\tLogEndOffset: 0\n"
        "\tTopic: orders\tPartition: 1\tLeader: 1\tReplicas: 1\tIsr: 1\tLogStartOffset: 0\tLogEndOffset: 7\n"
        "\tTopic: orders\tPartition: 2\tLeader: 1\tReplicas: 1\tIsr: 1\tLogStartOffset: 0\tLogEndOffset: 0\n"
        "\tTopic: orders\tPartition: 3\tLeader: 1\tReplicas: 1\tIsr: 1\tLogStartOffset: 0\tLogEndOffset: 0\n"
    )

    assert cli(broker, "topics", "delete", "orders", check=True).stdout == "Deleted topic orders.\n"
    assert cli(broker, "topics", "list", check=True).stdout == ""


def test_internal_topics_only_on_request(broker, lag_setup):
    lag_setup.close()
    assert cli(broker, "topics", "list", check=True).stdout == "lag\n"
    assert cli(broker, "topics", "list", "--include-internal", check=True).stdout == "__consumer_offsets\nlag\n"
    assert json.loads(cli(broker, "topics", "list", "--format", "json", check=True).stdout) == ["lag"]


def test_unknown_topics_and_groups_exit_non_zero(broker):
    fails_with(cli(broker, "topics", "describe", "nope"), "Error: Topic 'nope' does not exist.")
    fails_with(cli(broker, "topics", "alter", "nope", "--partitions", "3"), "Error: Topic 'nope' does not exist.")
    fails_with(cli(broker, "topics", "alter", "nope", "--config", "retention.ms=1"), "Error: Topic 'nope' does not exist.")
    fails_with(cli(broker, "topics", "delete", "nope"), "Error: Topic 'nope' does not exist.")
    fails_with(cli(broker, "groups", "describe", "ghost"), "Error: Consumer group 'ghost' does not exist.")
    fails_with(cli(broker, "groups", "delete", "ghost"), "Error: Consumer group 'ghost' does not exist.")
    fails_with(cli(broker, "groups", "reset-offsets", "ghost", "--topic", "nope", "--to-earliest", "--dry-run"),
               "Error: Topic 'nope' does not exist.")


def test_unreachable_broker_is_one_line_within_the_timeout(broker):
    dead = f"127.0.0.1:{free_port()}"
    started = time.monotonic()
    proc = cli(broker, "topics", "list", "--connect-timeout-ms", "2000", bootstrap=dead)
    elapsed = time.monotonic() - started
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.startswith(f"Error: cannot reach broker {dead}") and proc.stderr.count("\n") == 1
    assert elapsed < 10, f"took {elapsed:.1f}s with a 2 s timeout"


@pytest.mark.filterwarnings("ignore:alter_configs has been deprecated")
def test_alter_configs_apis_from_a_real_admin_client(broker):
    """The broker side of `topics alter --config`: IncrementalAlterConfigs and legacy AlterConfigs."""
    from confluent_kafka.admin import AdminClient, AlterConfigOpType, ConfigEntry, ConfigResource, ResourceType
    from confluent_kafka import KafkaException

    cli(broker, "topics", "create", "cfg", "--partitions", "1", "--config", "retention.ms=3600000", check=True)
    a = AdminClient({"bootstrap.servers": broker.bootstrap})

    def incremental(*entries):
        res = ConfigResource(ResourceType.TOPIC, "cfg", incremental_configs=list(entries))
        return a.incremental_alter_configs([res])[res].result(timeout=20)

    def overrides():
        return json.loads(cli(broker, "topics", "describe", "cfg", "--format", "json", check=True).stdout)[0]["configs"]

    incremental(ConfigEntry("cleanup.policy", "compact", incremental_operation=AlterConfigOpType.APPEND))
    assert overrides() == {"cleanup.policy": "delete,compact", "retention.ms": "3600000"}
    incremental(ConfigEntry("cleanup.policy", "delete", incremental_operation=AlterConfigOpType.SUBTRACT),
                ConfigEntry("retention.ms", None, incremental_operation=AlterConfigOpType.DELETE))
    assert overrides() == {"cleanup.policy": "compact"}

    # APPEND is for list configs only (INVALID_CONFIG, as Kafka's controller answers); a bad value
    # rejects the whole request.
    with pytest.raises(KafkaException) as err:
        incremental(ConfigEntry("retention.ms", "5", incremental_operation=AlterConfigOpType.APPEND))
    assert err.value.args[0].code() == 40  # INVALID_CONFIG
    with pytest.raises(KafkaException) as err:
        incremental(ConfigEntry("segment.ms", "60000", incremental_operation=AlterConfigOpType.SET),
                    ConfigEntry("retention.ms", "never", incremental_operation=AlterConfigOpType.SET))
    assert err.value.args[0].code() == 40  # INVALID_CONFIG
    assert overrides() == {"cleanup.policy": "compact"}

    # Legacy AlterConfigs replaces the whole override set.
    res = ConfigResource(ResourceType.TOPIC, "cfg", set_config={"segment.ms": "60000"})
    a.alter_configs([res])[res].result(timeout=20)
    assert overrides() == {"segment.ms": "60000"}

    missing = ConfigResource(ResourceType.TOPIC, "nope", set_config={"segment.ms": "60000"})
    with pytest.raises(KafkaException) as err:
        a.alter_configs([missing])[missing].result(timeout=20)
    assert err.value.args[0].code() == 3  # UNKNOWN_TOPIC_OR_PARTITION
