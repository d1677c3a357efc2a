"""Every compression codec from every producer that can write it, read back exactly by
confluent-kafka (librdkafka) and kafka-python (pure Python decoders)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from clients import (CODECS, assert_offsets_dense, assert_same_records, consume, create_topic,
                     end_offsets_confluent, kcat_records, make_records, produce, stored_batches)

RECORDS = 400
PARTITIONS = 6
CODEC_ID = {"none": 0, "gzip": 1, "snappy": 2, "lz4": 3, "zstd": 4}


def stored_batch_codecs(data_dir: Path, topic: str) -> Counter:
    """Codec ids (attributes & 7) of every RecordBatch in the topic's segment files.

    The broker stores batches as received, so this shows what the client really sent; e.g. old
    librdkafka (Debian's kcat) silently stops compressing if Produce v0 is not advertised
    (docs/kafka-behaviour.md).
    """
    codecs: Counter = Counter()
    logs = sorted(data_dir.glob(f"{topic}-*/*.log"))
    assert logs, f"no segment files for {topic} under {data_dir}"
    for log in logs:
        for _, _, attributes in stored_batches(log):
            codecs[attributes & 7] += 1
    return codecs


@pytest.mark.parametrize("codec", CODECS)
@pytest.mark.parametrize("producer", ["confluent", "kafka-python", "aiokafka", "kcat"])
def test_codec_roundtrip(shared, producer, codec):
    topic = f"codec-{producer}-{codec}"
    create_topic(shared.bootstrap, topic, PARTITIONS)
    tag = f"{producer}-{codec}"
    records = kcat_records(RECORDS, tag) if producer == "kcat" else make_records(RECORDS, tag)
    produced = produce(producer, shared.bootstrap, topic, records, codec=codec)
    ends = end_offsets_confluent(shared.bootstrap, topic, PARTITIONS)
    assert sum(ends.values()) == RECORDS
    codecs = stored_batch_codecs(shared.data_dir, topic)
    # librdkafka sends a batch uncompressed when compression would not shrink it, so "none" may
    # appear next to the codec; any other codec may not, and the codec must really be used.
    assert codecs[CODEC_ID[codec]] > 0 and set(codecs) <= {0, CODEC_ID[codec]}, f"stored batch codecs {dict(codecs)}"
    for consumer in ("confluent", "kafka-python"):
        consumed = consume(consumer, shared.bootstrap, topic, PARTITIONS)
        assert_same_records(produced, consumed)
        assert_offsets_dense(consumed, ends)
