import KafkaRecords
import NIOCore

/// Produce v0–2 with message format v0 and v1 (docs/message-format.md, "Up-conversion").
extension ProduceHandler {
    /// Whether a Produce v0–2 partition's records are a v2 record batch rather than a message set: the
    /// magic sits at byte 16 in every format. Kafka 3.9 takes a v2 batch in these versions and appends it
    /// like Produce v3's (its `ProduceRequest.validateRecords` checks the magic only from v3, keeping
    /// clients that sent the newer format with an older request working), so Fjord does the same.
    static func carriesRecordBatch(_ records: ByteBuffer) -> Bool {
        records.getInteger(at: records.readerIndex + LegacyMessageLayout.magic, as: Int8.self) == RecordBatch.magic
    }

    /// The single v2 batch a message set of magic 0 or 1 becomes, checked with the topic's rules by
    /// `LegacyUpConverter` (CRC-32, wrappers, bounded decompression, then `BatchValidator`); a defect
    /// refuses this partition only. It runs on the event loop like the v3+ validation it replaces: the
    /// partition's driver queues appends in the order the event loop hands them over, which keeps a
    /// connection's pipelined requests in order, and a conversion moved to the pool would lose that.
    static func upConvert(
        _ records: ByteBuffer, rules: BatchValidator.Rules, now: Int64, metrics: BrokerMetrics
    ) throws(LegacyMessageSetError) -> RecordBatch {
        let result = try LegacyUpConverter.convert(records, rules: rules, now: now, scratch: ThreadScratch.current)
        metrics.upConversions.converted(magic: result.sourceMagic, records: result.stats.records, legacyBytes: result.stats.inputBytes)
        return result.batch.batch
    }
}
