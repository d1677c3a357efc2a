import NIOCore

/// What a conversion did, for the broker's down- and up-conversion metrics (Kafka's
/// `RecordValidationStats`: records converted and the temporary memory it took).
public struct LegacyConversionStats: Sendable, Equatable {
    /// Records re-encoded.
    public var records: Int
    /// Bytes of input consumed (for down-conversion: whole batches up to where conversion stopped).
    public var inputBytes: Int
    /// Bytes produced.
    public var outputBytes: Int
    /// Bytes held uncompressed along the way: decompressed payloads and sets built before compression.
    public var temporaryMemoryBytes: Int

    public init(records: Int = 0, inputBytes: Int = 0, outputBytes: Int = 0, temporaryMemoryBytes: Int = 0) {
        self.records = records
        self.inputBytes = inputBytes
        self.outputBytes = outputBytes
        self.temporaryMemoryBytes = temporaryMemoryBytes
    }
}

/// Turns one partition's message set from Produce v0–2 into the single v2 batch Fjord stores, as Kafka's
/// `LogValidator` converts old formats on append (docs/message-format.md, "Up-conversion"):
/// - every message becomes one record, offset deltas 0…n−1, in the order sent (inner offsets that old
///   clients got wrong are reassigned, never refused, as Kafka does);
/// - timestamps are kept; magic 0 has none, so its records get -1 (NO_TIMESTAMP), which no timestamp rule
///   applies to; inside a LogAppendTime wrapper every record has the wrapper's time;
/// - keys and values are kept byte for byte; magic 0/1 have no headers;
/// - the producer's codec is kept (Kafka's `compression.type=producer`), so an lz4 wrapper becomes an lz4
///   batch; an uncompressed set becomes one uncompressed batch, however many messages it had;
/// - the batch is CreateTime with no producer id: on a LogAppendTime topic the broker stamps it at append
///   like any v2 batch (`RecordBatch.stampLogAppendTime`).
///
/// The result then goes through `BatchValidator` with the topic's rules, so keys on compacted topics,
/// timestamp bounds and `max.message.bytes` (of the converted batch, as Kafka rechecks after conversion)
/// get exactly the v2 path's answers.
public enum LegacyUpConverter {
    public struct Result: Sendable {
        /// Ready to append, like `BatchValidator.validate`'s result.
        public var batch: ValidatedBatch
        public var sourceMagic: Int8
        public var sourceCompression: CompressionCodec
        public var stats: LegacyConversionStats
    }

    /// Checks and converts `records` (one partition's records field, magic 0 or 1). `now` is the broker's
    /// clock in milliseconds for the timestamp rules; `scratch` is passed on to `BatchValidator`.
    public static func convert(
        _ records: ByteBuffer, rules: BatchValidator.Rules, now: Int64, scratch: DecompressionScratch? = nil,
        allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) throws(LegacyMessageSetError) -> Result {
        // Kafka checks every shallow message's size and CRC before looking inside any (its
        // `analyzeAndValidateRecords`, then `LogValidator`); one pass first keeps that order of answers.
        let shallow = try scanShallow(records, maxMessageBytes: rules.maxBatchBytes)
        var reader = LegacyMessageSetReader(
            records,
            options: .init(mode: .produce, maxMessageBytes: rules.maxBatchBytes, maxUncompressedBytes: rules.maxUncompressedBytes))
        reader.verifiesShallowCRC = false

        let estimate = shallow.codec == .none ? records.readableBytes : min(records.readableBytes * 4, rules.maxUncompressedBytes)
        var builder = RecordBatchBuilder(
            compression: shallow.codec, timestampType: .createTime,
            initialCapacity: RecordBatch.headerSize + estimate, allocator: allocator)
        var timestampErrors: [RecordValidationError] = []
        var index: Int32 = 0
        while let record = try reader.next() {
            // Kafka's `validateTimestamp`: the LogAppendTime bit is the producer's mistake unless the topic
            // is CreateTime and the record has a timestamp, in which case the range check decides.
            if record.timestampType == .logAppendTime && !(rules.timestampType == .createTime && record.timestamp != -1) {
                timestampErrors.append(.init(
                    index: index, problem: .logAppendTimeFromProducer,
                    message: "record \(index) arrived with the LogAppendTime type, which only the broker may set"))
            }
            builder.append(timestamp: record.timestamp, key: record.key, value: record.value)
            index &+= 1
        }
        if let first = timestampErrors.first {
            throw .init(
                .logAppendTimeFromProducer, first.message,
                underlying: .init(.invalidTimestamps, first.message, recordErrors: timestampErrors))
        }
        let uncompressed = builder.uncompressedSizeInBytes
        let batch: RecordBatch
        do throws(RecordBatchError) {
            batch = try builder.build()
        } catch {
            throw .init(.decompressionFailed, "re-encoding as a v2 batch failed: \(error)")
        }
        let validated: ValidatedBatch
        do throws(BatchValidationError) {
            validated = try BatchValidator.validate(batch.buffer, rules: rules, now: now, scratch: scratch)
        } catch {
            throw .init(.rejectedAfterConversion, error.message, underlying: error)
        }
        let stats = LegacyConversionStats(
            records: Int(index), inputBytes: records.readableBytes, outputBytes: validated.batch.sizeInBytes,
            temporaryMemoryBytes: reader.decompressedBytes + (shallow.codec == .none ? 0 : uncompressed))
        return Result(batch: validated, sourceMagic: shallow.magic, sourceCompression: shallow.codec, stats: stats)
    }

    struct ShallowSummary {
        var count: Int
        var magic: Int8
        var codec: CompressionCodec
    }

    /// Sizes, magic and CRC of every shallow message, then the set-level rules of Kafka's `LogValidator`:
    /// a compressed message must be alone, and all messages share the first one's magic.
    static func scanShallow(_ records: ByteBuffer, maxMessageBytes: Int) throws(LegacyMessageSetError) -> ShallowSummary {
        var at = records.readerIndex
        var count = 0
        var magic: Int8 = -1
        var mixed = false
        var codec = CompressionCodec.none
        while at < records.writerIndex {
            let view = try LegacyMessageView.read(records, at: at, end: records.writerIndex)
            guard view.size <= maxMessageBytes else {
                throw .init(.messageTooLarge, "a message of \(view.size) bytes is above max.message.bytes \(maxMessageBytes)")
            }
            if view.codecBits != 0 {
                guard let found = CompressionCodec(rawValue: view.codecBits), found != .zstd else {
                    throw .init(.unsupportedCompression, "codec \(view.codecBits) is not one of message format v\(view.magic)")
                }
                codec = found
            }
            if count == 0 { magic = view.magic } else if view.magic != magic { mixed = true }
            count += 1
            at += view.size
        }
        guard count > 0 else { throw .init(.empty, "the message set holds no message") }
        if codec != .none && count > 1 {
            throw .init(.moreThanOneWrapper, "a compressed message must be the only message of a produced set, not one of \(count)")
        }
        if mixed { throw .init(.magicMismatch, "the set mixes messages of magic 0 and 1") }
        return ShallowSummary(count: count, magic: magic, codec: codec)
    }
}
