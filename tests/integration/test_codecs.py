"""Every compression codec from every producer that can write it, read back exactly by
confluent-kafka (librdkafka) and kafka-python (pure Python decoders)."""

from __future__ import annotations

import pytest

from clients import (CODECS, assert_offsets_dense, assert_same_records, consume, create_topic,
                     end_offsets_confluent, kcat_records, make_records, produce)

RECORDS = 400
PARTITIONS = 6


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
    for consumer in ("confluent", "kafka-python"):
        consumed = consume(consumer, shared.bootstrap, topic, PARTITIONS)
        assert_same_records(produced, consumed)
        assert_offsets_dense(consumed, ends)
