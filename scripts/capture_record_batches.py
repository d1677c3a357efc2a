#!/usr/bin/env python3
"""Writes golden RecordBatch v2 fixtures produced by kafka-python's own batch builder.

Run with an interpreter that has kafka-python, lz4, zstandard and python-snappy (or cramjam):
    /tmp/probe-venv/bin/python scripts/capture_record_batches.py

One file per codec, Tests/KafkaRecordsTests/Fixtures/batch-<codec>-kafka-python.hex, holding the batch as
lower-case hex on one line. KafkaRecordsTests/GoldenBatchTests.swift checks the same records listed here,
so change both together.
"""
import gzip
import os

import kafka
from kafka.codec import snappy_encode
from kafka.record.default_records import DefaultRecordBatch, DefaultRecordBatchBuilder

FIXTURES = os.path.join(os.path.dirname(__file__), "..", "Tests", "KafkaRecordsTests", "Fixtures")

CODECS = {
    "none": 0,
    "gzip": DefaultRecordBatch.CODEC_GZIP,
    "snappy": DefaultRecordBatch.CODEC_SNAPPY,
    "lz4": DefaultRecordBatch.CODEC_LZ4,
    "zstd": DefaultRecordBatch.CODEC_ZSTD,
}

BASE_TIMESTAMP = 1_700_000_000_000
RECORDS = [
    # (timestamp, key, value, headers)
    (BASE_TIMESTAMP, b"key-0", b"value-0", [("h1", b"v1")]),
    (BASE_TIMESTAMP + 5, None, b"value-1", []),
    (BASE_TIMESTAMP + 3, b"key-2", None, [("a", None), ("b", b"")]),
    (BASE_TIMESTAMP + 10, b"", b"x" * 200, []),
]


def build(codec):
    builder = DefaultRecordBatchBuilder(
        magic=2, compression_type=codec, is_transactional=False,
        producer_id=1234, producer_epoch=5, base_sequence=42, batch_size=1 << 20)
    for offset, (timestamp, key, value, headers) in enumerate(RECORDS):
        builder.append(offset, timestamp=timestamp, key=key, value=value, headers=headers)
    return bytes(builder.build())


def write(name, data):
    with open(os.path.join(FIXTURES, name), "w") as f:
        f.write(data.hex() + "\n")


def main():
    os.makedirs(FIXTURES, exist_ok=True)
    for name, codec in CODECS.items():
        write(f"batch-{name}-kafka-python.hex", build(codec))
    # Codec streams on their own, from the writers other clients use.
    sample = b"Fjord fixture: " + b"abcdefgh" * 64
    write("payload-gzip-python.hex", gzip.compress(sample, mtime=0))
    write("payload-snappy-xerial-kafka-python.hex", snappy_encode(sample, xerial_compatible=True))
    write("payload-snappy-raw-kafka-python.hex", snappy_encode(sample, xerial_compatible=False))
    print("kafka-python", kafka.__version__, "fixtures written to", os.path.normpath(FIXTURES))


if __name__ == "__main__":
    main()
