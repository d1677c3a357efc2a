"""`fjord produce` and `fjord consume` against a live broker: murmur2 placement matching the Java
partitioner (as kafka-python implements it), exact console output, group resume, and the bad-input
rules of issue 4 (one line on stderr, non-zero exit, nothing half written)."""

from __future__ import annotations

import json
import subprocess
import time

from confluent_kafka import Consumer, TopicPartition
from kafka.partitioner.default import murmur2

from clients import create_topic, end_offsets_confluent
from conftest import fjord_bin, free_port

CLI_TIMEOUT_S = 60


def fjord(broker, *args: str, stdin: str = "", bootstrap: str | None = None, timeout: float = CLI_TIMEOUT_S):
    cmd = [str(fjord_bin()), *args, "--bootstrap-server", bootstrap or broker.bootstrap]
    return subprocess.run(cmd, input=stdin.encode(), capture_output=True, timeout=timeout)


def java_partition(key: bytes, partitions: int) -> int:
    return (murmur2(key) & 0x7FFFFFFF) % partitions


def records_by_partition(bootstrap: str, topic: str, partitions: int) -> dict[int, list[tuple[bytes, bytes]]]:
    ends = end_offsets_confluent(bootstrap, topic, partitions)
    c = Consumer({"bootstrap.servers": bootstrap, "group.id": "verify", "enable.auto.commit": False,
                  "enable.partition.eof": False})
    try:
        c.assign([TopicPartition(topic, p, 0) for p in range(partitions)])
        got: dict[int, list[tuple[bytes, bytes]]] = {p: [] for p in range(partitions)}
        deadline = time.monotonic() + 30
        while sum(len(v) for v in got.values()) < sum(ends.values()):
            assert time.monotonic() < deadline, f"read {got} of {ends}"
            for m in c.consume(num_messages=500, timeout=0.5):
                assert not m.error(), m.error()
                got[m.partition()].append((m.key(), m.value()))
        return got
    finally:
        c.close()


def test_key_field_places_records_like_the_java_partitioner(broker):
    create_topic(broker.bootstrap, "orders", partitions=6)
    ids = ["order-1", "order-2", "order-42", "order-1001", "ORD-0001"] + [f"o{i}" for i in range(60)]
    lines = [json.dumps({"orderId": oid, "amount": i}) for i, oid in enumerate(ids)]
    lines.append(json.dumps({"orderId": 12345, "amount": -1}))  # a number key is its decimal text
    r = fjord(broker, "produce", "orders", "--key-field", "orderId", stdin="\n".join(lines) + "\n")
    assert r.returncode == 0, r.stderr
    got = records_by_partition(broker.bootstrap, "orders", 6)
    placed = {key: p for p, recs in got.items() for key, _ in recs}
    expected_keys = [oid.encode() for oid in ids] + [b"12345"]
    assert sorted(placed) == sorted(expected_keys)
    for key in expected_keys:
        assert placed[key] == java_partition(key, 6), key
    # Per partition, records keep their input order.
    for recs in got.values():
        amounts = [json.loads(v)["amount"] for _, v in recs]
        order = [a if a >= 0 else len(ids) for a in amounts]
        assert order == sorted(order)


def test_consume_prints_exact_values_keys_headers_and_json(broker):
    create_topic(broker.bootstrap, "plain", partitions=1)
    r = fjord(broker, "produce", "plain", "--key", "k1", "--header", "src=cli", "--header", "n=1",
              stdin="first\nsecond line\n\nthird\n")
    assert r.returncode == 0, r.stderr
    out = fjord(broker, "consume", "plain", "--from-beginning", "--timeout-ms", "1500")
    assert out.returncode == 0, out.stderr
    assert out.stdout.decode() == "first\nsecond line\n\nthird\n"
    out = fjord(broker, "consume", "plain", "--from-beginning", "--max-messages", "2", "--print-key", "--print-headers")
    assert out.returncode == 0, out.stderr
    assert out.stdout.decode() == "src:cli,n:1\tk1\tfirst\nsrc:cli,n:1\tk1\tsecond line\n"
    out = fjord(broker, "consume", "plain", "--partition", "0", "--offset", "3", "--format", "json", "--timeout-ms", "1000")
    assert out.returncode == 0, out.stderr
    [line] = out.stdout.decode().splitlines()
    obj = json.loads(line)
    assert {k: obj[k] for k in ("topic", "partition", "offset", "key", "value", "headers")} == {
        "topic": "plain", "partition": 0, "offset": 3, "key": "k1", "value": "third", "headers": {"src": "cli", "n": "1"}}
    assert abs(obj["timestamp"] / 1000 - time.time()) < 300


def test_compressed_produce_round_trips(broker):
    create_topic(broker.bootstrap, "packed", partitions=3)
    lines = [f"value-{i:04d}" for i in range(300)]
    for codec in ("gzip", "snappy", "lz4", "zstd"):
        r = fjord(broker, "produce", "packed", "--compression", codec, "--acks", "1", stdin="\n".join(lines) + "\n")
        assert r.returncode == 0, (codec, r.stderr)
    # acks=0 gets no response at all; the records must still land.
    r = fjord(broker, "produce", "packed", "--acks", "0", stdin="\n".join(lines) + "\n")
    assert r.returncode == 0, r.stderr
    deadline = time.monotonic() + 10
    while sum(end_offsets_confluent(broker.bootstrap, "packed", 3).values()) < 5 * len(lines):
        assert time.monotonic() < deadline, end_offsets_confluent(broker.bootstrap, "packed", 3)
        time.sleep(0.2)
    out = fjord(broker, "consume", "packed", "--from-beginning", "--timeout-ms", "1500")
    assert out.returncode == 0, out.stderr
    assert sorted(out.stdout.decode().splitlines()) == sorted(lines * 5)


def test_group_consumer_resumes_after_what_it_printed(broker):
    create_topic(broker.bootstrap, "events", partitions=3)
    lines = [json.dumps({"id": f"e{i}"}) for i in range(30)]
    assert fjord(broker, "produce", "events", "--key-field", "id", stdin="\n".join(lines) + "\n").returncode == 0
    first = fjord(broker, "consume", "events", "--group", "g1", "--from-beginning", "--max-messages", "10")
    assert first.returncode == 0, first.stderr
    second = fjord(broker, "consume", "events", "--group", "g1", "--from-beginning", "--timeout-ms", "2000")
    assert second.returncode == 0, second.stderr
    a, b = first.stdout.decode().splitlines(), second.stdout.decode().splitlines()
    assert len(a) == 10
    assert sorted(a + b) == sorted(lines), "the second run must print exactly what the first did not"
    # Without --from-beginning a fresh group starts at the end; a committed group ignores the flag.
    third = fjord(broker, "consume", "events", "--group", "g1", "--timeout-ms", "1000")
    assert third.returncode == 0 and third.stdout == b""
    fresh = fjord(broker, "consume", "events", "--group", "g2", "--timeout-ms", "1000")
    assert fresh.returncode == 0 and fresh.stdout == b""
    # The commits are visible to a Kafka client: every partition at its end offset.
    c = Consumer({"bootstrap.servers": broker.bootstrap, "group.id": "g1"})
    try:
        committed = c.committed([TopicPartition("events", p) for p in range(3)], timeout=10)
        ends = end_offsets_confluent(broker.bootstrap, "events", 3)
        assert {tp.partition: tp.offset for tp in committed} == ends
    finally:
        c.close()


def test_unreachable_broker_fails_fast_with_one_line(broker):
    port = free_port()
    start = time.monotonic()
    r = fjord(broker, "produce", "t", "--connect-timeout-ms", "1500", bootstrap=f"127.0.0.1:{port}", stdin="x\n")
    elapsed = time.monotonic() - start
    assert r.returncode == 1
    assert r.stderr.decode() == f"Error: cannot reach broker 127.0.0.1:{port}: connection refused (after 1.5 s)\n"
    assert elapsed < 10
    r = fjord(broker, "consume", "t", "--connect-timeout-ms", "1000", bootstrap=f"127.0.0.1:{port}")
    assert r.returncode == 1 and b"cannot reach broker" in r.stderr


def test_bad_json_line_names_the_line_and_sends_nothing(broker):
    create_topic(broker.bootstrap, "strict", partitions=2)
    stdin = '{"orderId":"a"}\n{"orderId":"b"}\nnot json\n{"orderId":"c"}\n'
    r = fjord(broker, "produce", "strict", "--key-field", "orderId", stdin=stdin)
    assert r.returncode == 1
    err = r.stderr.decode().splitlines()
    assert len(err) == 1 and err[0].startswith("Error: line 3: invalid JSON"), err
    assert sum(end_offsets_confluent(broker.bootstrap, "strict", 2).values()) == 0
    r = fjord(broker, "produce", "strict", "--key-field", "orderId", "--skip-bad-lines", stdin=stdin)
    assert r.returncode == 0, r.stderr
    assert "line 3" in r.stderr.decode()
    assert sum(end_offsets_confluent(broker.bootstrap, "strict", 2).values()) == 3


def test_record_above_max_message_bytes_is_refused(broker):
    create_topic(broker.bootstrap, "small", partitions=1, config={"max.message.bytes": "2000"})
    r = fjord(broker, "produce", "small", stdin="ok\n" + "x" * 5000 + "\n")
    assert r.returncode == 1
    err = r.stderr.decode().splitlines()
    assert len(err) == 1 and "line 2" in err[0] and "max.message.bytes (2000)" in err[0], err
    assert end_offsets_confluent(broker.bootstrap, "small", 1) == {0: 0}


def test_unknown_topic_exits_non_zero(broker):
    r = fjord(broker, "consume", "no-such-topic", "--timeout-ms", "500")
    assert r.returncode == 1
    assert r.stderr.decode() == "Error: unknown topic 'no-such-topic'\n"
    r = fjord(broker, "produce", "no-such-topic", stdin="x\n")
    assert r.returncode == 1 and r.stderr.decode() == "Error: unknown topic 'no-such-topic'\n"


def test_interrupted_group_consumer_commits_and_leaves(broker):
    import signal

    from confluent_kafka.admin import AdminClient

    create_topic(broker.bootstrap, "live", partitions=2)
    lines = [f"v{i}" for i in range(8)]
    assert fjord(broker, "produce", "live", stdin="\n".join(lines) + "\n").returncode == 0
    proc = subprocess.Popen([str(fjord_bin()), "consume", "live", "--group", "ctrlc", "--from-beginning",
                             "--bootstrap-server", broker.bootstrap], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        seen: list[bytes] = []
        deadline = time.monotonic() + 30
        while len(seen) < len(lines):
            assert time.monotonic() < deadline, f"consumer printed only {seen}"
            seen.append(proc.stdout.readline().rstrip(b"\n"))
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=15) == 0, proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
    assert sorted(seen) == sorted(line.encode() for line in lines)
    # It left the group (Empty at once, not after the session timeout) with everything committed.
    a = AdminClient({"bootstrap.servers": broker.bootstrap})
    group = a.describe_consumer_groups(["ctrlc"])["ctrlc"].result(timeout=10)
    assert group.state.name == "EMPTY"
    again = fjord(broker, "consume", "live", "--group", "ctrlc", "--from-beginning", "--timeout-ms", "1000")
    assert again.returncode == 0 and again.stdout == b""


def test_two_group_members_share_the_partitions(broker):
    create_topic(broker.bootstrap, "shared", partitions=4)
    lines = [json.dumps({"id": f"k{i}"}) for i in range(200)]
    assert fjord(broker, "produce", "shared", "--key-field", "id", stdin="\n".join(lines) + "\n").returncode == 0
    cmd = [str(fjord_bin()), "consume", "shared", "--group", "pair", "--from-beginning", "--timeout-ms", "4000",
           "--bootstrap-server", broker.bootstrap]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outs = [p.communicate(timeout=60) for p in procs]
    for p, (_, err) in zip(procs, outs):
        assert p.returncode == 0, err
    printed = [line for out, _ in outs for line in out.decode().splitlines()]
    assert sorted(set(printed)) == sorted(lines)
    # Every record printed once: commits follow what was printed, so a rebalance hands partitions over
    # at the committed offset.
    assert len(printed) == len(lines)
