import KafkaModel
import KafkaRecords
import KafkaStorage
import NIOCore

/// Fetch v0–3 with message format v0 and v1 (docs/message-format.md, "Down-conversion").
extension FetchHandler {
    /// The message set of magic `toMagic` for one partition's read, and the records in it. Runs on the
    /// I/O pool, where `assemble` reads partitions (ARCHITECTURE.md: nothing on an event loop waits for
    /// a disk): the slice is read into memory, its batches decompressed and converted there.
    ///
    /// Bounded by `maxBytes` (the partition's max bytes, and what is left of Fetch v3's max_bytes): the
    /// slice holds at most that much of v2 batches, and the converter stops before the first message that
    /// would pass it, except that the first message of the response goes whole (`minOneMessage`), as the
    /// first batch does from v4. A partition after the first whose first message alone does not fit sends
    /// nothing, so the response keeps to max_bytes. A conversion error (a zstd batch, which the old formats
    /// cannot carry) is the partition's error code, with no records.
    static func downConvert(
        _ slice: FileSlice?, toMagic: Int8, fetchOffset: Int64, maxBytes: Int, minOneMessage: Bool, metrics: BrokerMetrics
    ) throws(StorageError) -> (records: ByteBuffer, count: Int, errorCode: KafkaErrorCode) {
        guard let slice else { return (ByteBuffer(), 0, .none) }
        defer { slice.close() }
        guard slice.length > 0 else { return (ByteBuffer(), 0, .none) }
        var stored = ByteBuffer()
        stored.reserveCapacity(slice.length)
        try slice.copy(into: &stored)
        let converted: ByteBuffer
        let stats: LegacyConversionStats
        do throws(LegacyDownConversionError) {
            (converted, stats) = try LegacyDownConverter.convert(
                stored, toMagic: toMagic, maxBytes: maxBytes, fetchOffset: fetchOffset, scratch: ThreadScratch.current)
        } catch {
            return (ByteBuffer(), 0, error.errorCode)
        }
        if !minOneMessage && converted.readableBytes > maxBytes { return (ByteBuffer(), 0, .none) }
        if stats.records > 0 {
            metrics.downConversions.converted(magic: toMagic, records: stats.records, legacyBytes: converted.readableBytes)
        }
        return (converted, stats.records, .none)
    }
}
