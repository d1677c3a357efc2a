#!/usr/bin/env python3
"""Golden message sets of format v0/v1 (magic 0 and 1) from kafka-python's own legacy builder, offline.

    .venv/bin/python scripts/capture_legacy_message_sets.py           # write the fixtures
    .venv/bin/python scripts/capture_legacy_message_sets.py --check   # read Fjord's down-converted ones back

Writing: one file per magic and codec, Tests/KafkaRecordsTests/Fixtures/legacy-v<magic>-<codec>-kafka-python.hex,
plus legacy-v<magic>-snappy-raw-kafka-python.hex with raw (unframed) snappy as librdkafka writes it, each
holding the message set a kafka-python producer sends in Produce v0 (api_version (0, 8, 2): magic 0) or
Produce v2 (api_version (0, 10, 0): magic 1), as lower-case hex on one line. KafkaRecordsTests/
LegacyGoldenTests.swift expects the records listed in RECORDS below, so change both together.

Checking: the files Tests/KafkaRecordsTests/Fixtures/downconverted-v<magic>-<codec>.hex are what Fjord's
LegacyDownConverter makes of the v2 fixtures batch-<codec>-kafka-python.hex (LegacyGoldenTests.swift keeps
them current); --check parses each with kafka-python's consumer-side reader (MemoryRecords, whose batches
are LegacyRecordBatch for these magics) and compares the records with RECORDS_V2 of
capture_record_batches.py, minus headers (the old formats have none) and, for magic 0, timestamps.

kafka-python writes magic 0 LZ4 with Kafka 0.8/0.9's wrong frame-header checksum (KAFKA-3160), which needs
the `xxhash` module; when it is missing, a stand-in over the system libxxhash (ctypes) takes its place.
"""
import ctypes
import ctypes.util
import os
import struct
import sys

import kafka.codec
import kafka.record.legacy_records as legacy_records
from kafka.record.legacy_records import LegacyRecordBatchBuilder
from kafka.record.memory_records import MemoryRecords

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "Tests", "KafkaRecordsTests", "Fixtures")

CODECS = {"none": 0, "gzip": 1, "snappy": 2, "lz4": 3}

BASE_TIMESTAMP = 1_700_000_000_000
RECORDS = [
    # (offset, timestamp, key, value)
    (0, BASE_TIMESTAMP, b"key-0", b"value-0"),
    (1, BASE_TIMESTAMP + 5, None, b"value-1"),
    (2, BASE_TIMESTAMP + 3, b"key-2", None),
    (3, BASE_TIMESTAMP + 10, b"", b"x" * 200),
]

# The v2 fixtures' records (scripts/capture_record_batches.py), as the old formats can carry them.
RECORDS_V2 = [
    (0, BASE_TIMESTAMP, b"key-0", b"value-0"),
    (1, BASE_TIMESTAMP + 5, None, b"value-1"),
    (2, BASE_TIMESTAMP + 3, b"key-2", None),
    (3, BASE_TIMESTAMP + 10, b"", b"x" * 200),
]


class _SystemXXHash:
    """The part of the xxhash module kafka-python uses: xxh32(data).digest(), big-endian."""

    def __init__(self):
        name = ctypes.util.find_library("xxhash") or "libxxhash.so.0"
        self._lib = ctypes.CDLL(name)
        self._lib.XXH32.restype = ctypes.c_uint32
        self._lib.XXH32.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint32]

    def xxh32(self, data):
        value = self._lib.XXH32(bytes(data), len(data), 0)

        class Digest:
            def digest(self):
                return struct.pack(">I", value)

        return Digest()


if getattr(kafka.codec, "xxhash", None) is None:
    kafka.codec.xxhash = _SystemXXHash()


def build(magic, codec):
    builder = LegacyRecordBatchBuilder(magic=magic, compression_type=codec, batch_size=1 << 20)
    for offset, timestamp, key, value in RECORDS:
        builder.append(offset, timestamp=timestamp, key=key, value=value)
    return bytes(builder.build())


def build_raw_snappy(magic):
    """Snappy as librdkafka writes it in old message sets: one raw block, no xerial framing."""
    original = legacy_records.snappy_encode
    legacy_records.snappy_encode = lambda data: original(data, xerial_compatible=False)
    try:
        return build(magic, CODECS["snappy"])
    finally:
        legacy_records.snappy_encode = original


def write_fixture(name, data):
    path = os.path.join(FIXTURES, name)
    with open(path, "w") as f:
        f.write(data.hex() + "\n")
    print("wrote", os.path.relpath(path))


def write():
    os.makedirs(FIXTURES, exist_ok=True)
    for magic in (0, 1):
        for name, codec in CODECS.items():
            write_fixture(f"legacy-v{magic}-{name}-kafka-python.hex", build(magic, codec))
        write_fixture(f"legacy-v{magic}-snappy-raw-kafka-python.hex", build_raw_snappy(magic))


def check():
    failures = 0
    for magic in (0, 1):
        for name in CODECS:
            path = os.path.join(FIXTURES, f"downconverted-v{magic}-{name}.hex")
            with open(path) as f:
                data = bytes.fromhex(f.read().strip())
            records = MemoryRecords(data)
            got = []
            while records.has_next():
                batch = records.next_batch()
                if batch.magic != magic:
                    raise SystemExit(f"{path}: magic {batch.magic}, expected {magic}")
                for record in batch:
                    if not record.validate_crc():
                        raise SystemExit(f"{path}: CRC of offset {record.offset} does not verify")
                    got.append((record.offset, record.timestamp, record.key, record.value))
            want = [(o, t if magic == 1 else None, k, v) for o, t, k, v in RECORDS_V2]
            got = [(o, t if magic == 1 else None, k, v) for o, t, k, v in got]
            status = "ok" if got == want else "MISMATCH"
            failures += status != "ok"
            print(f"{status:8} {os.path.basename(path)}: {len(got)} records")
            if status != "ok":
                print("  want", want)
                print("  got ", got)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    check() if "--check" in sys.argv[1:] else write()
