"""Defects found by wire fuzzing (scripts/fuzz_wire.py), each reduced to raw frames against a real
broker. See docs/reliability.md, "Wire fuzzing", for how they were found.

Some need the broker to run out of file descriptors at an exact point. The test lowers the running
broker's RLIMIT_NOFILE (prlimit on its pid, as `prlimit --pid` does) to the descriptors it has open
plus a few, sends the request, then restores the limit.
"""

from __future__ import annotations

import os
import resource
import struct
import time
from pathlib import Path

import kwire


def now_ms() -> int:
    return int(time.time() * 1000)


def open_fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


class FdLimit:
    """Within the block the broker has only `spare` descriptors beyond those it holds."""

    def __init__(self, pid: int, spare: int):
        self.pid = pid
        self.spare = spare

    def __enter__(self):
        self.saved = resource.prlimit(self.pid, resource.RLIMIT_NOFILE)
        resource.prlimit(self.pid, resource.RLIMIT_NOFILE, (open_fds(self.pid) + self.spare, self.saved[1]))
        return self

    def __exit__(self, *exc):
        resource.prlimit(self.pid, resource.RLIMIT_NOFILE, self.saved)


def produce(c: kwire.Client, topic: str, value_size: int, partition: int = 0) -> tuple[int, int]:
    """(error code, base offset) of a one-record batch."""
    body = c.call(kwire.PRODUCE, 3, kwire.produce_v3(topic, partition, kwire.record_batch([b"v" * value_size], now_ms())))
    _topic, _part, err, base = kwire.parse_produce_v3(body)[0]
    return err, base


def log_end_offset(c: kwire.Client, topic: str, partition: int = 0) -> int:
    err, offset = kwire.parse_list_offsets_v1(c.call(kwire.LIST_OFFSETS, 1, kwire.list_offsets_v1(topic, partition, -1)))
    assert err == 0, f"ListOffsets {topic}-{partition}: error {err}"
    return offset


def records_really_stored(c: kwire.Client, topic: str, partition: int = 0) -> tuple[int, int]:
    """(offset after the last stored batch, records read), fetching from the log start."""
    err, offset = kwire.parse_list_offsets_v1(c.call(kwire.LIST_OFFSETS, 1, kwire.list_offsets_v1(topic, partition, -2)))
    assert err == 0
    end, records = offset, 0
    for _ in range(1000):
        err, _hw, data = kwire.parse_fetch_v4(c.call(kwire.FETCH, 4, kwire.fetch_v4(topic, partition, end)))
        batches = kwire.batch_headers(data) if err == 0 else []
        if not batches:
            return end, records
        for base, delta, count in batches:
            end = max(end, base + delta + 1)
            records += count
    return end, records


def segment_files(broker, topic: str, partition: int = 0) -> list[str]:
    return sorted(p.name for p in (Path(broker.data_dir) / f"{topic}-{partition}").glob("*.log"))


# -- a failed segment roll ------------------------------------------------------------------------

def test_failed_segment_roll_loses_no_acknowledged_records_at_restart(broker):
    """A roll that cannot open the new segment's index leaves its empty `<base>.log` behind
    (LogSegment.init creates the file first and does not remove it on failure). Appends go on in
    the old segment, past that base; a later roll succeeds. At the next start the stray file looks
    like a segment overlapping its predecessor, and loading deletes it *and every segment after
    it*: acknowledged records vanish and their offsets are handed out again."""
    c = kwire.Client(broker.bootstrap)
    err, msg = kwire.parse_create_topics_v2(c.call(kwire.CREATE_TOPICS, 2, kwire.create_topics_v2("rolls", 1, {"segment.bytes": "1000"})))
    assert err == 0, msg
    for _ in range(7):                       # ~7 x 90 bytes: the next 400-byte batch needs a roll
        assert produce(c, "rolls", 20)[0] == 0
    with FdLimit(broker.proc.pid, spare=1):  # the .log opens, its .index does not
        err, _ = produce(c, "rolls", 400)
    assert err != 0, "the roll was expected to fail for want of a descriptor"
    assert produce(c, "rolls", 5)[0] == 0    # fits in the old segment: the log end passes the stray base
    assert produce(c, "rolls", 400)[0] == 0  # rolls for real
    for _ in range(3):
        assert produce(c, "rolls", 5)[0] == 0
    acknowledged = log_end_offset(c, "rolls")
    before = segment_files(broker, "rolls")
    c.close()

    broker.restart()
    c = kwire.Client(broker.bootstrap)
    after_end = log_end_offset(c, "rolls")
    stored_end, _ = records_really_stored(c, "rolls")
    c.close()
    assert after_end == acknowledged and stored_end == acknowledged, (
        f"log end offset {acknowledged} before the restart, {after_end} after (records stored up to "
        f"{stored_end}); segments before {before}, after {segment_files(broker, 'rolls')}")


# -- OffsetCommit retention ------------------------------------------------------------------------

def test_offset_commit_with_huge_retention_time_keeps_the_broker_up(broker):
    """OffsetCommit v2-v4 carry retention_time_ms; the coordinator adds it to the current time
    (GroupCoordinator+Offsets.swift), which traps on overflow and takes the broker down."""
    c = kwire.Client(broker.bootstrap)
    err, msg = kwire.parse_create_topics_v2(c.call(kwire.CREATE_TOPICS, 2, kwire.create_topics_v2("commits", 1)))
    assert err == 0, msg
    c.sock.sendall(kwire.request(kwire.OFFSET_COMMIT, 2, 99,
                                 kwire.offset_commit_v2("g", "commits", 0, 5, retention_ms=(1 << 63) - 1)))
    try:
        corr, _ = kwire.read_response(c.sock)
        assert corr == 99
    except (ConnectionError, OSError):
        pass
    c.close()
    # A crashing broker prints its backtrace for a few seconds before it exits: ask a fresh
    # connection, which it answers only if it is really up.
    answered = False
    try:
        with kwire.connect(broker.bootstrap, timeout=10) as s:
            s.sendall(kwire.request(kwire.API_VERSIONS, 0, 5, b""))
            answered = kwire.read_response(s)[0] == 5
    except (ConnectionError, OSError):
        pass
    assert answered and broker.is_alive(), f"broker down after the OffsetCommit\n{broker.log_tail(12)}"


# -- CreatePartitions that fails half-way ---------------------------------------------------------

def test_create_partitions_that_fails_half_way_leaves_the_topic_as_it_was(broker):
    """LogManager.createPartitions persists and publishes the new count before it opens the new
    logs and does not roll back when one cannot be opened: Metadata then lists partitions that
    have no log (every request to them fails), and with a large count it builds an answer of that
    many entries (2^31 - 1 aborts the broker on allocation)."""
    c = kwire.Client(broker.bootstrap)
    err, msg = kwire.parse_create_topics_v2(c.call(kwire.CREATE_TOPICS, 2, kwire.create_topics_v2("grows", 1)))
    assert err == 0, msg
    with FdLimit(broker.proc.pid, spare=12):  # room for a few partitions, not 50
        body = c.call(kwire.CREATE_PARTITIONS, 0, kwire.create_partitions_v0("grows", 50))
    # throttle, result count, name, error code
    (n,) = struct.unpack_from(">h", body, 8)
    (err,) = struct.unpack_from(">h", body, 10 + n)
    assert err != 0, "CreatePartitions was expected to fail for want of descriptors"
    meta = c.call(kwire.METADATA, 1, struct.pack(">i", 1) + kwire.string("grows"))
    c.close()
    # brokers array, controller, then topics[0]: error, name, internal, partition count
    pos = 0
    (brokers,) = struct.unpack_from(">i", meta, pos); pos += 4
    for _ in range(brokers):
        pos += 4
        (hl,) = struct.unpack_from(">h", meta, pos); pos += 2 + hl
        pos += 4
        (rl,) = struct.unpack_from(">h", meta, pos); pos += 2 + max(0, rl)
    pos += 4 + 4 + 2  # controller, topic count, error
    (nl,) = struct.unpack_from(">h", meta, pos); pos += 2 + nl + 1
    (partitions,) = struct.unpack_from(">i", meta, pos)
    assert partitions == 1, f"a failed CreatePartitions left Metadata listing {partitions} partitions"


# -- the log end offset far beyond the records -----------------------------------------------------

ISSUE_LOG_END = 0x2100000C  # the issue's hex value; its decimal 553,648,652 is 0x2100020C


def test_batch_claiming_more_offsets_than_records_leaves_log_end_at_the_records(broker):
    """The state the fuzzing run left: a dozen records, log start 0, high watermark 0x2100000C.

    One Produce frame gets there, with a correct CRC-32C: after 11 records, a batch whose
    LastOffsetDelta is 0x21000000 and whose RecordCount is 0. RecordBatch.validate()
    (Sources/KafkaRecords/RecordBatch.swift) compares LastOffsetDelta with RecordCount only when
    RecordCount > 0 and the batch is uncompressed, so this batch (and a compressed one carrying one
    record with the same LastOffsetDelta) is appended, and PartitionLog.append moves the log end by
    LastOffsetDelta + 1. No consumer can ever reach the log end: Fetch at offset 12 returns nothing."""
    c = kwire.Client(broker.bootstrap)
    err, msg = kwire.parse_create_topics_v2(c.call(kwire.CREATE_TOPICS, 2, kwire.create_topics_v2("holes", 1)))
    assert err == 0, msg
    body = c.call(kwire.PRODUCE, 3, kwire.produce_v3("holes", 0, kwire.record_batch([b"r%d" % i for i in range(11)], now_ms())))
    assert kwire.parse_produce_v3(body)[0][2] == 0
    empty = kwire.raw_batch(b"", record_count=0, last_offset_delta=ISSUE_LOG_END - 12, base_timestamp=now_ms())
    c.call(kwire.PRODUCE, 3, kwire.produce_v3("holes", 0, empty))
    end = log_end_offset(c, "holes")
    _, records = records_really_stored(c, "holes")
    c.close()
    # Log start 0 and an uncompacted topic: one offset per record.
    assert end == records, f"log end offset {end} ({end:#x}) with {records} records stored from offset 0"
