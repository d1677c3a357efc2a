"""Message format v0/v1 as kafka-python reads it, without a broker.

Fjord's down-conversion of the v2 fixtures (Tests/KafkaRecordsTests/Fixtures/downconverted-*.hex, kept equal
to the converter's output by LegacyGoldenTests.swift) must parse with kafka-python's consumer-side reader into
the records the fixtures hold: the check of scripts/capture_legacy_message_sets.py --check, one test per file.
The broker path (Produce v0-2, Fetch v0-3) is tested where the handlers are.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from kafka.record.memory_records import MemoryRecords

REPO_ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("capture_legacy", REPO_ROOT / "scripts/capture_legacy_message_sets.py")
capture = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(capture)


@pytest.mark.parametrize("magic", [0, 1])
@pytest.mark.parametrize("codec", ["none", "gzip", "snappy", "lz4"])
def test_kafka_python_reads_fjord_down_conversion(magic: int, codec: str) -> None:
    path = Path(capture.FIXTURES) / f"downconverted-v{magic}-{codec}.hex"
    records = MemoryRecords(bytes.fromhex(path.read_text().strip()))
    got = []
    while records.has_next():
        batch = records.next_batch()
        assert batch.magic == magic
        for record in batch:
            assert record.validate_crc(), f"offset {record.offset}"
            got.append((record.offset, record.timestamp if magic == 1 else None, record.key, record.value))
    want = [(o, t if magic == 1 else None, k, v) for o, t, k, v in capture.RECORDS_V2]
    assert got == want
