"""Restarts, kill -9, graceful shutdown, idempotence and acks=0."""

from __future__ import annotations

import signal
import time

import pytest
from confluent_kafka import Producer, TopicCollection
from confluent_kafka.admin import ConfigResource, ResourceType

from clients import (admin, assert_offsets_dense, assert_same_records, confluent_producer_conf,
                     consume, consume_confluent, create_topic, end_offsets_confluent, make_records,
                     produce)


def topic_ids(bootstrap: str, names: list[str]) -> dict[str, str]:
    a = admin(bootstrap)  # keep the client alive until the futures resolve
    fs = a.describe_topics(TopicCollection(names), request_timeout=15)
    return {name: str(f.result(timeout=15).topic_id) for name, f in fs.items()}


def topic_partitions(bootstrap: str) -> dict[str, int]:
    md = admin(bootstrap).list_topics(timeout=10)
    return {name: len(t.partitions) for name, t in md.topics.items() if not name.startswith("__")}


@pytest.mark.parametrize("how", ["sigterm", "kill9"])
def test_restart_keeps_topics_ids_configs_and_data(broker, how):
    create_topic(broker.bootstrap, "orders", 6)
    create_topic(broker.bootstrap, "audit", 3, config={"retention.ms": "3600000"})
    orders = produce("confluent", broker.bootstrap, "orders", make_records(1000, "orders"))
    audit = produce("kafka-python", broker.bootstrap, "audit", make_records(300, "audit"))
    ids_before = topic_ids(broker.bootstrap, ["orders", "audit"])
    assert len(set(ids_before.values())) == 2
    assert "AAAAAAAAAAAAAAAAAAAAAA" not in ids_before.values(), f"zero topic id: {ids_before}"
    ends_before = end_offsets_confluent(broker.bootstrap, "orders", 6)

    if how == "sigterm":
        assert broker.stop() == 0, "broker did not exit cleanly on SIGTERM"
    else:
        broker.kill9()
    broker.start()

    assert topic_partitions(broker.bootstrap) == {"orders": 6, "audit": 3}
    assert topic_ids(broker.bootstrap, ["orders", "audit"]) == ids_before
    a = admin(broker.bootstrap)
    cfg = a.describe_configs([ConfigResource(ResourceType.TOPIC, "audit")])
    entries = list(cfg.values())[0].result(timeout=15)
    assert entries["retention.ms"].value == "3600000"
    assert end_offsets_confluent(broker.bootstrap, "orders", 6) == ends_before
    assert_same_records(orders, consume_confluent(broker.bootstrap, "orders", 6))
    assert_same_records(audit, consume_confluent(broker.bootstrap, "audit", 3))

    # Appends continue after the recovered end: no offset is handed out twice.
    more = produce("confluent", broker.bootstrap, "orders", make_records(200, "more"))
    for r in more:
        assert r.offset >= ends_before[r.partition], f"offset {r.offset} reused in partition {r.partition}"
    consumed = consume("confluent", broker.bootstrap, "orders", 6)
    assert_same_records(orders + more, consumed)
    assert_offsets_dense(consumed, end_offsets_confluent(broker.bootstrap, "orders", 6))


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_shuts_down_gracefully(broker, sig):
    create_topic(broker.bootstrap, "t", 2)
    produce("confluent", broker.bootstrap, "t", make_records(100, "t"))
    broker.proc.send_signal(sig)
    code = broker.proc.wait(timeout=15)
    broker.proc = None
    assert code == 0, f"exit code {code} after {sig.name}"


@pytest.mark.parametrize("flush", ["always", "interval", "never"])
def test_kill9_during_acks_all_production_loses_no_acked_record(broker_factory, flush):
    """Acked (partition, offset, value) triples survive a kill -9 mid-production in every flush mode
    (kill -9 leaves the page cache intact; power loss is a different matter: docs/durability.md)."""
    broker = broker_factory(["--flush", flush])
    topic = "kill9"
    create_topic(broker.bootstrap, topic, 3)
    p = Producer(confluent_producer_conf(broker.bootstrap, acks="all", **{
        "linger.ms": 2, "message.timeout.ms": 60000, "reconnect.backoff.ms": 50,
        "reconnect.backoff.max.ms": 500, "retry.backoff.ms": 50}))
    acked: dict[tuple[int, int], bytes] = {}
    failed: list[str] = []

    def on_delivery(err, msg):
        if err is None:
            acked[(msg.partition(), msg.offset())] = msg.value()
        else:
            failed.append(str(err))

    kill_after, total_target = 3000, 6000
    killed = False
    i = 0
    deadline = time.monotonic() + 90
    while len(acked) < total_target:
        assert time.monotonic() < deadline, f"only {len(acked)} acked; errors: {failed[:5]}"
        if i < total_target * 2:
            try:
                p.produce(topic, key=f"k-{i % 17}".encode(), value=f"kill9-seq-{i:06d}-".encode(),
                          on_delivery=on_delivery)
                i += 1
            except BufferError:
                p.poll(0.05)
        p.poll(0 if i < total_target * 2 else 0.1)
        # Kill while records are outstanding (sent or queued, not yet acked), or give up waiting
        # for a backlog once well past the threshold.
        if not killed and len(acked) >= kill_after and (i - len(acked) >= 200 or len(acked) >= 2 * kill_after):
            broker.kill9()          # producer still has requests in flight
            acked_at_kill = len(acked)
            produced_at_kill = i
            killed = True
            broker.start()          # same port: the producer reconnects and retries
    assert p.flush(60) == 0
    assert killed and acked_at_kill >= kill_after
    print(f"flush={flush}: produced {produced_at_kill} and {acked_at_kill} acked when killed; "
          f"{len(acked)} acked in the end, {len(failed)} delivery errors")

    consumed = consume_confluent(broker.bootstrap, topic, 3)
    at = {(r.partition, r.offset): r.value for r in consumed}
    lost = [(po, v) for po, v in acked.items() if at.get(po) != v]
    assert not lost, f"{len(lost)} of {len(acked)} acked records lost or changed, e.g. {lost[:5]}"


def test_idempotent_producer_leaves_no_duplicates(broker):
    topic = "idem"
    create_topic(broker.bootstrap, topic, 6)
    records = make_records(5000, "idem")
    produced = produce("confluent", broker.bootstrap, topic, records,
                       **{"enable.idempotence": True, "linger.ms": 2})
    assert len(produced) == 5000
    consumed = consume_confluent(broker.bootstrap, topic, 6)
    assert_same_records(records, consumed)
    assert_offsets_dense(consumed, end_offsets_confluent(broker.bootstrap, topic, 6))


@pytest.mark.parametrize("producer", ["confluent", "kafka-python"])
def test_acks_0(broker, producer):
    topic = f"acks0-{producer}"
    create_topic(broker.bootstrap, topic, 6)
    records = make_records(500, "acks0")
    produce(producer, broker.bootstrap, topic, records, acks="0")
    # acks=0 gets no response: wait (bounded) until the broker has appended everything.
    deadline = time.monotonic() + 20
    while sum(end_offsets_confluent(broker.bootstrap, topic, 6).values()) < len(records):
        assert time.monotonic() < deadline, "acks=0 records did not all arrive"
        time.sleep(0.2)
    assert_same_records(records, consume_confluent(broker.bootstrap, topic, 6))


def test_concurrent_producers_share_grouped_fsyncs(broker):
    """Several acks=all producers at once on --flush always (fsyncs grouped): every record lands once."""
    import threading

    topic = "group-commit"
    create_topic(broker.bootstrap, topic, 2)
    runs = [make_records(800, f"writer{n}", keys=5) for n in range(4)]
    errors: list[BaseException] = []

    def writer(records):
        try:
            produce("confluent", broker.bootstrap, topic, records, **{"linger.ms": 0, "max.in.flight": 5})
        except BaseException as e:  # surfaced below
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(r,)) for r in runs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    assert not errors, errors
    consumed = consume_confluent(broker.bootstrap, topic, 2)
    assert_same_records([r for run in runs for r in run], consumed)
    assert_offsets_dense(consumed, end_offsets_confluent(broker.bootstrap, topic, 2))
