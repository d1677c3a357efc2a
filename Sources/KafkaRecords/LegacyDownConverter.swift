import KafkaModel
import NIOCore

/// Turns v2 batches as stored in segments into a message set of magic 1 (Fetch v2–3) or magic 0
/// (Fetch v0–1), as Kafka's `RecordsUtil.downConvert` does (docs/message-format.md, "Down-conversion"):
/// - control batches (transaction markers) are left out; aborted records are not, because Fetch before
///   v4 has no isolation level and reads uncommitted, as Kafka's old consumers did;
/// - headers are dropped (the old formats have no place for them);
/// - an uncompressed batch becomes one message per record; a compressed batch becomes one wrapper message
///   compressed again with the batch's own codec (Kafka does the same, rather than sending the records
///   decompressed); zstd cannot be expressed and is refused;
/// - offsets are kept; timestamps too in magic 1 (LogAppendTime batches give every message the append
///   time), dropped in magic 0;
/// - in an uncompressed batch, records before `fetchOffset` are skipped; a compressed batch is sent whole
///   and the consumer skips them, as with Kafka.
///
/// Bounded: the output stops before the first message (or wrapper) that would take it past `maxBytes`,
/// except that the first one is always returned whole, so a consumer can always make progress (Fetch's
/// rule for the first batch). Messages are never cut. A partial batch at the end of the input is ignored,
/// as is anything after it. Each compressed batch is decompressed alone, within `maxUncompressedBytes`.
public enum LegacyDownConverter {
    /// Converts `batches` (whole v2 batches, possibly followed by a partial one) to `toMagic` (0 or 1).
    /// `scratch` keeps the decompressors' contexts from one call to the next (one per thread, as for
    /// `BatchValidator`); without one, a call with compressed batches makes its own.
    public static func convert(
        _ batches: ByteBuffer, toMagic: Int8, maxBytes: Int, fetchOffset: Int64 = .min,
        maxUncompressedBytes: Int = Compression.defaultMaxOutputBytes, scratch: DecompressionScratch? = nil,
        allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) throws(LegacyDownConversionError) -> (records: ByteBuffer, stats: LegacyConversionStats) {
        precondition(toMagic == 0 || toMagic == 1, "down-conversion targets magic 0 or 1")
        var output = allocator.buffer(capacity: min(max(0, maxBytes), batches.readableBytes + batches.readableBytes / 2) + 64)
        var stats = LegacyConversionStats()
        var buffers: WrapperBuffers? = nil
        var at = batches.readerIndex
        let end = batches.writerIndex
        while end - at >= RecordBatch.headerSize {
            let length = Int(batches.getInteger(at: at + RecordBatchHeader.Layout.batchLength, as: Int32.self)!)
            // A batch running past the end is where a segment read was cut: not an error.
            guard length <= end - at - RecordBatch.logOverhead else { break }
            let magic = batches.getInteger(at: at + RecordBatchHeader.Layout.magic, as: Int8.self)!
            guard magic == RecordBatch.magic, length >= RecordBatch.headerSize - RecordBatch.logOverhead else {
                throw .init(.corruptBatch, "magic \(magic), length \(length) at byte \(at - batches.readerIndex): not a v2 batch")
            }
            let size = length + RecordBatch.logOverhead
            let batch = try! RecordBatch(buffer: batches.getSlice(at: at, length: size)!)
            let attributes = batch.attributes
            if attributes.isControl {
                at += size
                stats.inputBytes += size
                continue
            }
            guard let codec = attributes.compression, codec != .zstd else {
                // Kafka answers UNSUPPORTED_COMPRESSION_TYPE; once something is converted, send that and let
                // the next fetch, starting at this batch, get the error.
                if output.readableBytes > 0 { break }
                throw .init(.unsupportedCompression, "a \(attributes.compression.map { "\($0)" } ?? "unknown-codec") batch cannot be down-converted")
            }
            let complete: Bool
            if codec == .none {
                complete = try writePlain(batch, toMagic: toMagic, maxBytes: maxBytes, fetchOffset: fetchOffset, into: &output, stats: &stats)
            } else {
                if buffers == nil {
                    buffers = WrapperBuffers(
                        decompressor: scratch ?? DecompressionScratch(), payload: allocator.buffer(capacity: 0),
                        inner: allocator.buffer(capacity: 0))
                }
                complete = try writeWrapper(
                    batch, codec: codec, toMagic: toMagic, maxBytes: maxBytes, maxUncompressedBytes: maxUncompressedBytes,
                    buffers: &buffers!, into: &output, stats: &stats)
            }
            guard complete else { break }
            at += size
            stats.inputBytes += size
        }
        stats.outputBytes = output.readableBytes
        return (output, stats)
    }

    /// One message per record, checked against `maxBytes` before it is written. False when it stopped early.
    private static func writePlain(
        _ batch: RecordBatch, toMagic: Int8, maxBytes: Int, fetchOffset: Int64,
        into output: inout ByteBuffer, stats: inout LegacyConversionStats
    ) throws(LegacyDownConversionError) -> Bool {
        let logAppendTime = batch.attributes.timestampType == .logAppendTime && toMagic > 0
        let attributes = logAppendTime ? LegacyMessageLayout.logAppendTimeBit : 0
        let baseOffset = batch.baseOffset
        let baseTimestamp = batch.baseTimestamp
        let maxTimestamp = batch.maxTimestamp
        var cursor = RecordCursor(buffer: batch.recordsPayload)
        for _ in 0..<max(0, Int(batch.recordCount)) {
            let fields: LegacyFields
            do throws(RecordBatchError) { fields = try cursor.readLegacyFields() } catch {
                throw .init(.corruptBatch, "batch at offset \(baseOffset): \(error)")
            }
            let offset = baseOffset &+ Int64(fields.offsetDelta)
            if offset < fetchOffset { continue }
            let size = LegacyMessageWriter.size(
                magic: toMagic, keyLength: fields.key?.readableBytes ?? -1, valueLength: fields.value?.readableBytes ?? -1)
            if output.readableBytes > 0 && output.readableBytes + size > maxBytes { return false }
            LegacyMessageWriter.write(
                into: &output, magic: toMagic, offset: offset, attributes: attributes,
                timestamp: logAppendTime ? maxTimestamp : baseTimestamp &+ fields.timestampDelta,
                key: fields.key, value: fields.value)
            stats.records += 1
        }
        return true
    }

    /// What compressed batches reuse from one to the next within a call (and, through the caller's
    /// `DecompressionScratch`, from one call to the next): the decompressor's contexts, the decompressed
    /// records and the wrapper's inner set. Each is grown by the first batch and then only reused.
    private struct WrapperBuffers {
        let decompressor: DecompressionScratch
        var payload: ByteBuffer
        var inner: ByteBuffer?
    }

    /// The whole batch as one wrapper, withdrawn again if it does not fit. False when it did not.
    private static func writeWrapper(
        _ batch: RecordBatch, codec: CompressionCodec, toMagic: Int8, maxBytes: Int, maxUncompressedBytes: Int,
        buffers: inout WrapperBuffers, into output: inout ByteBuffer, stats: inout LegacyConversionStats
    ) throws(LegacyDownConversionError) -> Bool {
        try decompress(
            codec, batch.recordsPayload, limit: maxUncompressedBytes, using: buffers.decompressor, into: &buffers.payload,
            batchOffset: batch.baseOffset)
        let payloadSize = buffers.payload.readableBytes
        let timestampType = batch.attributes.timestampType
        var inner = buffers.inner ?? ByteBuffer()
        buffers.inner = nil
        // RecordCount is not trusted for sizing (each record takes at least 7 bytes); a legacy message costs
        // up to 26 bytes more than its v2 record.
        inner.reserveCapacity(payloadSize + min(Int(max(0, batch.recordCount)), payloadSize / 7 + 1) * 26)
        var builder = LegacyMessageSetBuilder(
            magic: toMagic, compression: codec, timestampType: timestampType, logAppendTime: batch.maxTimestamp,
            buffer: inner)
        defer { buffers.inner = builder.takeBuffer() }
        let logAppendTime = timestampType == .logAppendTime
        do {
            // Scoped, so that no slice of the payload outlives the batch and the next one reuses it in place.
            var cursor = RecordCursor(buffer: buffers.payload)
            for _ in 0..<max(0, Int(batch.recordCount)) {
                let fields: LegacyFields
                do throws(RecordBatchError) { fields = try cursor.readLegacyFields() } catch {
                    throw LegacyDownConversionError(.corruptBatch, "batch at offset \(batch.baseOffset): \(error)")
                }
                builder.append(
                    offset: batch.baseOffset &+ Int64(fields.offsetDelta),
                    timestamp: logAppendTime ? batch.maxTimestamp : batch.baseTimestamp &+ fields.timestampDelta,
                    key: fields.key, value: fields.value)
            }
        }
        let count = builder.count
        let uncompressed = builder.uncompressedBytes
        let mark = output.writerIndex
        let wasEmpty = output.readableBytes == 0
        do throws(RecordBatchError) { try builder.build(into: &output) } catch {
            throw .init(.corruptBatch, "re-compressing the batch at offset \(batch.baseOffset) failed: \(error)")
        }
        if !wasEmpty && output.readableBytes > maxBytes {
            output.moveWriterIndex(to: mark)
            return false
        }
        stats.records += count
        stats.temporaryMemoryBytes += payloadSize + uncompressed
        return true
    }

    /// Streams the batch's payload through the reused decompressor (Sources/CKafkaShims/inflate_stream.c)
    /// into `payload`, at most `limit` bytes of it.
    private static func decompress(
        _ codec: CompressionCodec, _ compressed: ByteBuffer, limit: Int, using scratch: DecompressionScratch,
        into payload: inout ByteBuffer, batchOffset: Int64
    ) throws(LegacyDownConversionError) {
        payload.clear()
        let result = compressed.withUnsafeReadableBytes { raw in
            scratch.stream(codec, raw, limit: limit) { chunks -> Result<Void, BatchValidationError> in
                do throws(ScanFailure) {
                    while let chunk = try chunks.nextChunk() { payload.writeBytes(chunk) }
                    return .success(())
                } catch {
                    return .failure(error.describe(record: 0, of: 0))
                }
            }
        }
        if case .failure(let error) = result {
            throw .init(.corruptBatch, "batch at offset \(batchOffset): \(error.message)")
        }
    }
}

/// Why a range of stored batches could not be down-converted.
public struct LegacyDownConversionError: Error, Equatable, Sendable {
    public enum Reason: Sendable, Equatable, CaseIterable {
        /// zstd (or an unknown codec) has no encoding in magic 0 or 1.
        case unsupportedCompression
        /// A batch that is not v2 or whose records do not decode.
        case corruptBatch
    }

    public var reason: Reason
    public var message: String

    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    /// The partition's error in the Fetch response, as Kafka answers.
    public var errorCode: KafkaErrorCode {
        switch reason {
        case .unsupportedCompression: .unsupportedCompressionType
        case .corruptBatch: .corruptMessage
        }
    }
}

/// What down-conversion needs of a v2 record: headers are skipped without being decoded.
struct LegacyFields {
    var offsetDelta: Int32
    var timestampDelta: Int64
    var key: ByteBuffer?
    var value: ByteBuffer?
}

extension RecordCursor {
    /// `readRecord` without building headers (no allocation): the legacy formats have none to fill.
    mutating func readLegacyFields() throws(RecordBatchError) -> LegacyFields {
        let outer = try enterRecord()
        _ = try readByte()
        let timestampDelta = try readVarlong()
        let offsetDelta = try readVarint()
        let key = try readLength(allowNull: true).map { readSlice(length: $0) }
        let value = try readLength(allowNull: true).map { readSlice(length: $0) }
        try skipHeaders()
        try leaveRecord(outer: outer)
        return LegacyFields(offsetDelta: offsetDelta, timestampDelta: timestampDelta, key: key, value: value)
    }
}
