"""One request must never take the broker down or leave a data directory it cannot open.

Partition budgets are checked before any work; a topic change that fails part-way leaves nothing
behind; a partition that cannot be opened at start-up is served as offline while everything else
works; running out of descriptors or disk fails the request at hand and leaves the broker idle,
not spinning. Faults are real: a descriptor limit set on the broker process, and an LD_PRELOAD
library (faults/fault_inject.c) that makes chosen file-system calls fail with a chosen errno.
"""

from __future__ import annotations

import os
import shutil
import socket
import struct
import subprocess
import time
from pathlib import Path

import pytest
from confluent_kafka import KafkaError, TopicPartition
from confluent_kafka.admin import NewPartitions, NewTopic

import kwire
from clients import Rec, admin, confluent_consumer, create_topic, produce
from test_metrics import scrape, value

INVALID_PARTITIONS = 37
KAFKA_STORAGE_ERROR = 56
LEADER_NOT_AVAILABLE = 5
ENOSPC, EACCES = 28, 13

# The 53-byte frame the fuzzing found: CreateTopics v4, topic `cap-tmp`, num_partitions
# 16,711,682, replication factor 1. It used to make the broker create partition directories until
# it ran out of descriptors, and to leave metadata that stopped every later start.
CAP_TMP_FRAME = bytes.fromhex(
    "00000031001300040000000e000772646b61666b610000000100076361702d746d7000ff0002000100000000000000000000ea6000")

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="session")
def fault_library(tmp_path_factory) -> str:
    """faults/fault_inject.c built as a shared library, for LD_PRELOAD into a broker."""
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    assert compiler, "no C compiler to build the fault injector (apt-get install gcc)"
    out = tmp_path_factory.mktemp("faults") / "fault_inject.so"
    subprocess.run([compiler, "-shared", "-fPIC", "-O1", "-o", str(out), str(HERE / "faults" / "fault_inject.c"), "-ldl"],
                   check=True)
    return str(out)


def faults(library: str, path: str, errno: int) -> dict[str, str]:
    return {"LD_PRELOAD": library, "FJORD_FAULT_PATH": path, "FJORD_FAULT_ERRNO": str(errno)}


def parse_create_topics_v4(body: bytes) -> list[tuple[str, int, str | None]]:
    """ThrottleTimeMs, then [Name, ErrorCode, ErrorMessage] (v4 is not flexible)."""
    pos = 4
    (count,) = struct.unpack_from(">i", body, pos)
    pos += 4
    out = []
    for _ in range(count):
        (length,) = struct.unpack_from(">h", body, pos)
        pos += 2
        name = body[pos:pos + length].decode()
        pos += length
        code, mlen = struct.unpack_from(">hh", body, pos)
        pos += 4
        message = None
        if mlen >= 0:
            message = body[pos:pos + mlen].decode()
            pos += mlen
        out.append((name, code, message))
    return out


def assert_answers_api_versions(broker, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with kwire.connect(broker.bootstrap, timeout=2) as s:
                s.sendall(kwire.request(kwire.API_VERSIONS, 0, 77, b""))
                assert kwire.read_response(s)[0] == 77
                return
        except (OSError, ConnectionError):
            assert time.monotonic() < deadline, f"broker not answering ApiVersions after {timeout}s"
            time.sleep(0.2)


def assert_idle(broker, seconds: float = 2.0, limit: float = 0.5) -> None:
    """The broker uses next to no CPU while nothing is asked of it: no thread spins on a failure."""
    time.sleep(0.5)
    before = broker.cpu_seconds()
    time.sleep(seconds)
    used = broker.cpu_seconds() - before
    assert used < limit, f"broker used {used:.2f} s of CPU in {seconds} s of idleness"


def partition_dirs(broker, topic: str) -> list[str]:
    return sorted(e for e in os.listdir(broker.data_dir) if e.startswith(topic + "-"))


def create_error(bootstrap: str, topics: list[NewTopic]) -> dict[str, KafkaError | None]:
    client = admin(bootstrap)  # kept alive until the futures are done
    results = client.create_topics(topics, operation_timeout=30, request_timeout=30)
    out = {}
    for name, future in results.items():
        try:
            future.result(timeout=30)
            out[name] = None
        except Exception as e:  # KafkaException wrapping the KafkaError
            out[name] = e.args[0]
    return out


def high_watermark(bootstrap: str, topic: str, partition: int) -> int:
    c = confluent_consumer(bootstrap)
    try:
        return c.get_watermark_offsets(TopicPartition(topic, partition), timeout=10)[1]
    finally:
        c.close()


def error_lines(broker, message: str) -> list[str]:
    return [line for line in broker.log_text().splitlines() if " error " in line and message in line]


def test_the_cap_tmp_frame_is_refused_and_the_broker_restarts_cleanly(broker_factory):
    b = broker_factory()
    create_topic(b.bootstrap, "orders", 3)
    produce("confluent", b.bootstrap, "orders", [Rec(b"k%d" % i, b"v%d" % i) for i in range(30)])
    before = {p: high_watermark(b.bootstrap, "orders", p) for p in range(3)}

    started = time.monotonic()
    with kwire.connect(b.bootstrap) as s:
        s.sendall(CAP_TMP_FRAME)
        correlation, body = kwire.read_response(s)
    assert correlation == 14
    [(name, code, message)] = parse_create_topics_v4(body)
    assert (name, code) == ("cap-tmp", INVALID_PARTITIONS)
    assert "16711682" in message and "limit of" in message, message
    assert time.monotonic() - started < 10, "refused before any work, not after"

    assert_answers_api_versions(b)
    assert partition_dirs(b, "cap-tmp") == []
    assert not (b.data_dir / "__topics" / "cap-tmp.meta").exists()
    b.restart()
    assert "cap-tmp" not in admin(b.bootstrap).list_topics(timeout=10).topics
    assert {p: high_watermark(b.bootstrap, "orders", p) for p in range(3)} == before


def test_the_broker_wide_budget_counts_every_partition(broker_factory):
    # __consumer_offsets takes 50 of the 60.
    b = broker_factory(["--max-partitions", "60"])
    assert create_error(b.bootstrap, [NewTopic("orders", num_partitions=8, replication_factor=1)]) == {"orders": None}
    refused = create_error(b.bootstrap, [NewTopic("payments", num_partitions=3, replication_factor=1)])["payments"]
    assert refused is not None and refused.code() == INVALID_PARTITIONS, refused
    assert "limit of 60 partitions" in refused.str(), refused.str()
    client = admin(b.bootstrap)
    grown = client.create_partitions([NewPartitions("orders", 11)], request_timeout=30)
    with pytest.raises(Exception) as raised:
        grown["orders"].result(timeout=30)
    assert raised.value.args[0].code() == INVALID_PARTITIONS
    assert partition_dirs(b, "payments") == []
    assert len(partition_dirs(b, "orders")) == 8
    # Deleting frees the budget again.
    client.delete_topics(["orders"], operation_timeout=30)["orders"].result(timeout=30)
    assert create_error(b.bootstrap, [NewTopic("payments", num_partitions=3, replication_factor=1)]) == {"payments": None}
    assert value(scrape(b), "fjord_partitions_max") == 60


def test_one_request_may_add_at_most_the_per_request_cap(broker_factory):
    b = broker_factory(["--max-partitions-per-request", "10"])
    errors = create_error(b.bootstrap, [NewTopic("orders", num_partitions=6, replication_factor=1),
                                        NewTopic("payments", num_partitions=6, replication_factor=1)])
    assert errors["orders"] is None
    assert errors["payments"] is not None and errors["payments"].code() == INVALID_PARTITIONS
    assert "10 partitions per request" in errors["payments"].str()
    assert partition_dirs(b, "payments") == []


def test_running_out_of_descriptors_mid_creation_rolls_back_and_the_broker_goes_quiet(broker_factory):
    # A budget far above what 400 descriptors hold (the operator overrode it), so the creation
    # really runs out of descriptors part-way.
    b = broker_factory(["--max-partitions", "100000"], nofile=400)
    errors = create_error(b.bootstrap, [NewTopic("big", num_partitions=300, replication_factor=1)])
    assert errors["big"] is not None and errors["big"].code() == KAFKA_STORAGE_ERROR, errors
    assert "Too many open files" in errors["big"].str()
    assert_answers_api_versions(b)
    assert_idle(b)
    assert partition_dirs(b, "big") == []
    assert not (b.data_dir / "__topics" / "big.meta").exists()
    assert len(error_lines(b, "creating a topic failed")) == 1
    # What was opened was closed again: a smaller topic fits.
    create_topic(b.bootstrap, "small", 5)
    produce("confluent", b.bootstrap, "small", [Rec(b"k", b"v")])
    b.restart()
    assert sorted(t for t in admin(b.bootstrap).list_topics(timeout=10).topics if not t.startswith("__")) == ["small"]


def test_a_full_disk_mid_creation_rolls_back_and_the_broker_goes_quiet(broker_factory, fault_library):
    # Partitions 0-2 are made, partition 3 finds the disk full.
    b = broker_factory(env=faults(fault_library, "enospc-3/", ENOSPC))
    errors = create_error(b.bootstrap, [NewTopic("enospc", num_partitions=5, replication_factor=1)])
    assert errors["enospc"] is not None and errors["enospc"].code() == KAFKA_STORAGE_ERROR, errors
    assert "No space left on device" in errors["enospc"].str()
    assert_answers_api_versions(b)
    assert_idle(b)
    assert partition_dirs(b, "enospc") == []
    assert not (b.data_dir / "__topics" / "enospc.meta").exists()
    assert len(error_lines(b, "creating a topic failed")) == 1
    create_topic(b.bootstrap, "orders", 3)
    b.restart()
    assert "enospc" not in admin(b.bootstrap).list_topics(timeout=10).topics
    assert "orders" in admin(b.bootstrap).list_topics(timeout=10).topics


def test_a_partition_that_cannot_be_opened_is_offline_and_everything_else_is_served(broker_factory, fault_library):
    b = broker_factory()
    create_topic(b.bootstrap, "orders", 2)
    create_topic(b.bootstrap, "payments", 1)
    produce("confluent", b.bootstrap, "payments", [Rec(b"p%d" % i, b"v") for i in range(5)])
    b.stop()
    broken = b.data_dir / "orders-1"
    # Root reads through permissions, so as root the same refusal comes from the fault injector.
    os.chmod(broken, 0)
    if os.geteuid() == 0:
        b.env.update(faults(fault_library, "orders-1/", EACCES))
    try:
        b.start()
        lines = error_lines(b, "partition offline")
        assert len(lines) == 1 and "orders-1" in lines[0] and "Permission denied" in lines[0], lines

        samples = scrape(b)
        assert value(samples, "fjord_offline_partitions") == 1
        assert value(samples, "fjord_partition_offline", topic="orders", partition="1") == 1

        topic = admin(b.bootstrap).list_topics("orders", timeout=10).topics["orders"]
        assert topic.partitions[1].leader == -1 and topic.partitions[1].error.code() == LEADER_NOT_AVAILABLE
        assert topic.partitions[0].leader == 1

        with kwire.connect(b.bootstrap) as s:
            s.sendall(kwire.request(kwire.PRODUCE, 3, 5, kwire.produce_v3("orders", 1, kwire.record_batch([b"x"], 1000))))
            [(_, _, code, _)] = kwire.parse_produce_v3(kwire.read_response(s)[1])
        assert code == KAFKA_STORAGE_ERROR

        # Everything else works as before.
        produce("confluent", b.bootstrap, "payments", [Rec(b"p", b"after")])
        assert high_watermark(b.bootstrap, "payments", 0) == 6
        with kwire.connect(b.bootstrap) as s:
            s.sendall(kwire.request(kwire.PRODUCE, 3, 6, kwire.produce_v3("orders", 0, kwire.record_batch([b"x"], 1000))))
            [(_, _, code, offset)] = kwire.parse_produce_v3(kwire.read_response(s)[1])
        assert (code, offset) == (0, 0)
        assert broken.exists(), "the offline partition's data is left for the operator"
    finally:
        os.chmod(broken, 0o755)


def test_accepting_backs_off_instead_of_spinning_when_descriptors_run_out(broker_factory):
    b = broker_factory(nofile=256)
    baseline = b.open_descriptors()
    clients = []
    try:
        # More connections than descriptors are left: the kernel queues them, accept() gets EMFILE.
        for _ in range(256 - baseline + 20):
            clients.append(socket.create_connection((b.host, b.port), timeout=5))
        time.sleep(1.0)
        assert b.is_alive()
        assert_idle(b)
        assert 1 <= len(error_lines(b, "accepting connections failed")) <= 2
    finally:
        for c in clients:
            c.close()
    # Once descriptors are free again, new connections are served without a restart.
    assert_answers_api_versions(b, timeout=15)
    admin(b.bootstrap).list_topics(timeout=10)


def offsets_partition(group: str, partitions: int = 50) -> int:
    """The `__consumer_offsets` partition of a group: Java's String.hashCode, made non-negative, mod 50."""
    h = 0
    for ch in group:
        h = (31 * h + ord(ch)) & 0xFFFFFFFF
    if h >= 1 << 31:
        h -= 1 << 32
    return (h & 0x7FFFFFFF) % partitions


def test_groups_of_an_offline_offsets_partition_wait_instead_of_looking_empty(broker_factory, fault_library):
    lost = next(f"billing-{i}" for i in range(1000) if offsets_partition(f"billing-{i}") == 0)
    kept = next(f"shipping-{i}" for i in range(1000) if offsets_partition(f"shipping-{i}") != 0)
    b = broker_factory()
    create_topic(b.bootstrap, "orders", 1)
    for group in (lost, kept):
        c = confluent_consumer(b.bootstrap, **{"group.id": group})
        c.commit(offsets=[TopicPartition("orders", 0, 7)], asynchronous=False)
        c.close()
    b.stop()
    broken = b.data_dir / "__consumer_offsets-0"
    os.chmod(broken, 0)
    if os.geteuid() == 0:
        b.env.update(faults(fault_library, "__consumer_offsets-0/", EACCES))
    try:
        b.start()
        assert error_lines(b, "groups of an offline __consumer_offsets partition are unavailable")
        c = confluent_consumer(b.bootstrap, **{"group.id": kept})
        assert c.committed([TopicPartition("orders", 0)], timeout=10)[0].offset == 7
        c.close()
        # Not "no committed offset", which would send the group's consumers to auto.offset.reset.
        c = confluent_consumer(b.bootstrap, **{"group.id": lost})
        with pytest.raises(Exception):
            c.committed([TopicPartition("orders", 0)], timeout=3)
        c.close()
    finally:
        os.chmod(broken, 0o755)
