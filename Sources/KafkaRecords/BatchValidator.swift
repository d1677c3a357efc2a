import KafkaModel
import NIOCore

/// The checks a broker makes on one partition's records from a Produce request before appending them, with
/// the error codes Kafka answers (its `LogValidator`, `UnifiedLog.analyzeAndValidateRecords` and
/// `ProduceRequest.validateRecords`); docs/validation.md lists them with where Fjord differs.
///
/// Why this exists apart from `RecordBatch.validate()`: the header alone cannot be trusted. A batch whose
/// LastOffsetDelta disagrees with its records, or that claims records it does not hold, would move the log
/// end offset by the header's count while consumers find something else. So every record is walked, also
/// inside compressed payloads, which are decompressed a window at a time (`DecompressionScratch`) rather
/// than into one buffer as large as the payload expands to.
///
/// Cost: uncompressed batches are walked in place, in the request's own bytes, allocating nothing when
/// they are valid. Allocation happens only to describe a refusal.
public enum BatchValidator {
    /// What the topic and the request allow. Built by the broker from the topic's config (`LogConfig`) and
    /// the Produce version.
    public struct Rules: Sendable, Equatable {
        /// The topic's `message.timestamp.type`.
        public var timestampType: RecordBatchAttributes.TimestampType
        /// How far before the broker's clock a CreateTime timestamp may be (`message.timestamp.before.max.ms`,
        /// or the deprecated `message.timestamp.difference.max.ms` while the former is left at its default).
        public var timestampBeforeMaxMs: Int64
        /// How far after the broker's clock (`message.timestamp.after.max.ms`, same fallback).
        public var timestampAfterMaxMs: Int64
        /// Compacted topics refuse records without a key: compaction keeps the latest record per key, so a
        /// keyless one could never be superseded or kept meaningfully.
        public var requiresKeys: Bool
        /// The topic's `max.message.bytes`, against the batch as sent (compressed).
        public var maxBatchBytes: Int
        /// Produce v7 introduced zstd; older requests may not carry it (KIP-110).
        public var allowsZstd: Bool
        /// Ceiling on what one compressed payload may expand to. Nothing is held at this size (payloads are
        /// streamed); it bounds the CPU time a small hostile payload can cost.
        public var maxUncompressedBytes: Int

        public init(
            timestampType: RecordBatchAttributes.TimestampType = .createTime,
            timestampBeforeMaxMs: Int64 = .max,
            timestampAfterMaxMs: Int64 = .max,
            requiresKeys: Bool = false,
            maxBatchBytes: Int = .max,
            allowsZstd: Bool = true,
            maxUncompressedBytes: Int = Compression.defaultMaxOutputBytes
        ) {
            self.timestampType = timestampType
            self.timestampBeforeMaxMs = timestampBeforeMaxMs
            self.timestampAfterMaxMs = timestampAfterMaxMs
            self.requiresKeys = requiresKeys
            self.maxBatchBytes = maxBatchBytes
            self.allowsZstd = allowsZstd
            self.maxUncompressedBytes = maxUncompressedBytes
        }
    }

    /// Checks one partition's `records` field, which must hold exactly one magic-2 batch, and returns it
    /// ready to append, or throws the refusal to send back.
    ///
    /// `now` is the broker's wall clock in milliseconds, for the timestamp bounds. `scratch` is reused for
    /// compressed batches; without one, a compressed batch gets a temporary one.
    public static func validate(
        _ records: ByteBuffer, rules: Rules, now: Int64, scratch: DecompressionScratch? = nil
    ) throws(BatchValidationError) -> ValidatedBatch {
        let batch = try frame(records, rules: rules)
        try checkHeader(batch)
        let walk = try walkRecords(of: batch, rules: rules, now: now, scratch: scratch)
        var validated = ValidatedBatch(batch: batch, maxTimestamp: walk.maxTimestamp, maxTimestampCorrected: false)
        // Kafka writes the largest record timestamp into MaxTimestamp instead of trusting the producer's;
        // the time index and retention read it. A LogAppendTime topic stamps its own time at append.
        if rules.timestampType == .createTime && walk.maxTimestamp != batch.maxTimestamp {
            validated.batch.setMaxTimestamp(walk.maxTimestamp)
            validated.maxTimestampCorrected = true
        }
        return validated
    }

    /// The same for a batch already cut out of its request.
    public static func validate(
        _ batch: RecordBatch, rules: Rules, now: Int64, scratch: DecompressionScratch? = nil
    ) throws(BatchValidationError) -> ValidatedBatch {
        try validate(batch.buffer, rules: rules, now: now, scratch: scratch)
    }

    // MARK: Framing

    /// Bytes of a batch up to and including its magic: where the formats of all magics agree.
    static let headerUpToMagic = RecordBatchHeader.Layout.magic + 1
    /// The smallest BatchLength any magic allows (a v0 message with empty key and value), below which
    /// Kafka calls the bytes corrupt rather than merely short.
    static let minimumBatchLength: Int32 = 14

    /// Finds the one batch in `records` the way Kafka's batch iterator does, so that each framing defect
    /// gets Kafka's code: a short or truncated batch is "no batch" (INVALID_RECORD), an impossible length or
    /// magic is CORRUPT_MESSAGE, and a legacy magic is refused for Produce v3+ (INVALID_RECORD).
    static func frame(_ records: ByteBuffer, rules: Rules) throws(BatchValidationError) -> RecordBatch {
        let start = records.readerIndex
        let available = records.readableBytes
        guard available >= RecordBatch.logOverhead else {
            throw .init(.noBatch, "the records hold \(available) bytes, not a record batch")
        }
        let length = records.getInteger(at: start + RecordBatchHeader.Layout.batchLength, as: Int32.self)!
        guard length >= minimumBatchLength else {
            throw .init(.batchLengthTooSmall, "batch length \(length) is below the minimum of \(minimumBatchLength)")
        }
        guard available >= headerUpToMagic else {
            throw .init(.noBatch, "the records hold \(available) bytes, not a record batch")
        }
        let magic = records.getInteger(at: start + RecordBatchHeader.Layout.magic, as: Int8.self)!
        guard magic >= 0 && magic <= RecordBatch.magic else {
            throw .init(.invalidMagic, "magic \(magic) is not a record format")
        }
        let size = Int(length) + RecordBatch.logOverhead
        guard size <= available else {
            throw .init(.truncatedBatch, "batch length \(length) claims \(size) bytes but \(available) were sent")
        }
        guard magic == RecordBatch.magic else {
            throw .init(.unsupportedMagic, "Produce v3 and later carry only magic 2 batches, not magic \(magic)")
        }
        guard size == available else {
            throw .init(.trailingBytes, "\(available - size) bytes follow the batch; a partition takes exactly one")
        }
        if !rules.allowsZstd && size > RecordBatchHeader.Layout.attributes + 1 {
            let attributes = RecordBatchAttributes(rawValue: records.getInteger(at: start + RecordBatchHeader.Layout.attributes)!)
            if attributes.compression == .zstd {
                throw .init(.zstdBeforeProduceV7, "zstd needs Produce v7 or later")
            }
        }
        // Kafka refuses producers' batches that do not start at 0, so that offsets can be assigned in place.
        let baseOffset = records.getInteger(at: start + RecordBatchHeader.Layout.baseOffset, as: Int64.self)!
        guard baseOffset == 0 else {
            throw .init(.nonZeroBaseOffset, "base offset is \(baseOffset); a produced batch must start at 0")
        }
        guard size <= rules.maxBatchBytes else {
            throw .init(.batchTooLarge, "the batch is \(size) bytes, above max.message.bytes \(rules.maxBatchBytes)")
        }
        guard size >= RecordBatch.headerSize else {
            throw .init(.batchTooSmall, "the batch is \(size) bytes, smaller than a v2 header (\(RecordBatch.headerSize))")
        }
        // Cannot fail: the slice is at least a header long and BatchLength matches it.
        return try! RecordBatch(buffer: records)
    }

    // MARK: Header

    /// CRC first (nothing after it can be trusted otherwise), then the rules Kafka's `validateBatch` applies
    /// to batches from clients.
    static func checkHeader(_ batch: RecordBatch) throws(BatchValidationError) {
        let computed = batch.computedCRC
        guard computed == batch.crc else {
            throw .init(.crcMismatch, "CRC-32C is \(computed) but the batch says \(batch.crc)")
        }
        let attributes = batch.attributes
        guard attributes.compression != nil else {
            throw .init(.unknownCompression, "compression codec \(attributes.rawValue & 0x7) is unknown")
        }
        let lastOffsetDelta = batch.lastOffsetDelta
        let count = batch.recordCount
        guard lastOffsetDelta >= 0 else {
            throw .init(.invalidOffsetRange, "last offset delta \(lastOffsetDelta) gives an empty offset range")
        }
        // Kafka refuses empty batches from producers: only the log cleaner writes them.
        guard count > 0 else {
            throw .init(.emptyBatch, "record count is \(count); a produced batch holds at least one record")
        }
        guard Int64(lastOffsetDelta) + 1 == Int64(count) else {
            throw .init(
                .recordCountMismatch,
                "last offset delta \(lastOffsetDelta) spans \(Int64(lastOffsetDelta) + 1) offsets but the batch counts \(count) records")
        }
        guard !attributes.isControl else {
            throw .init(.controlBatch, "clients may not write control batches")
        }
        let producerID = batch.producerID
        if producerID >= 0 && batch.baseSequence < 0 {
            throw .init(.missingSequence, "base sequence \(batch.baseSequence) with producer id \(producerID)")
        }
        // Transaction markers and the last stable offset need a producer id to attach the batch to.
        if attributes.isTransactional && producerID < 0 {
            throw .init(.transactionalWithoutProducerID, "a transactional batch needs a producer id, not \(producerID)")
        }
    }
}

/// A batch that passed `BatchValidator`, as it should be appended.
public struct ValidatedBatch: Sendable {
    /// The request's own bytes, unless `maxTimestampCorrected`, in which case a copy with MaxTimestamp
    /// (and the CRC) rewritten.
    public var batch: RecordBatch
    /// The largest record timestamp, -1 when no record has one.
    public var maxTimestamp: Int64
    /// The producer's MaxTimestamp was not the largest record timestamp; Kafka corrects it rather than
    /// refusing the batch, and so do we.
    public var maxTimestampCorrected: Bool
}

/// A refusal: the code and message for the partition's response and, for problems with individual
/// records, which records (Produce v8+ `record_errors`).
public struct BatchValidationError: Error, Equatable, Sendable {
    public enum Reason: Sendable, Equatable, CaseIterable {
        // Framing.
        case noBatch
        case batchLengthTooSmall
        case invalidMagic
        case truncatedBatch
        case unsupportedMagic
        case trailingBytes
        case zstdBeforeProduceV7
        case nonZeroBaseOffset
        case batchTooLarge
        case batchTooSmall
        // Header.
        case crcMismatch
        case unknownCompression
        case invalidOffsetRange
        case emptyBatch
        case recordCountMismatch
        case controlBatch
        case missingSequence
        case transactionalWithoutProducerID
        // Records.
        case decompressionFailed
        case decompressedTooLarge
        case malformedRecord
        case bytesAfterLastRecord
        /// One or more records broke a per-record rule; see `recordErrors`.
        case invalidRecords
        /// One or more records have a timestamp the topic refuses; see `recordErrors`.
        case invalidTimestamps

        /// The code Kafka answers with.
        public var errorCode: KafkaErrorCode {
            switch self {
            case .batchLengthTooSmall, .invalidMagic, .batchTooSmall, .crcMismatch: .corruptMessage
            case .batchTooLarge: .messageTooLarge
            case .zstdBeforeProduceV7, .unknownCompression: .unsupportedCompressionType
            case .invalidTimestamps: .invalidTimestamp
            case .noBatch, .truncatedBatch, .unsupportedMagic, .trailingBytes, .nonZeroBaseOffset, .invalidOffsetRange,
                .emptyBatch, .recordCountMismatch, .controlBatch, .missingSequence, .transactionalWithoutProducerID,
                .decompressionFailed, .decompressedTooLarge, .malformedRecord, .bytesAfterLastRecord, .invalidRecords:
                .invalidRecord
            }
        }
    }

    public var reason: Reason
    public var message: String
    /// Empty unless `reason` is `.invalidRecords` or `.invalidTimestamps`.
    public var recordErrors: [RecordValidationError]

    public var errorCode: KafkaErrorCode { reason.errorCode }

    public init(_ reason: Reason, _ message: String, recordErrors: [RecordValidationError] = []) {
        self.reason = reason
        self.message = message
        self.recordErrors = recordErrors
    }
}

/// One refused record: its position in the batch (0-based) and why.
public struct RecordValidationError: Equatable, Sendable {
    public enum Problem: Sendable, Equatable {
        /// Its offset delta is not its position: the batch's offsets would not be dense.
        case offsetDelta
        /// No key, on a compacted topic.
        case missingKey
        /// CreateTime timestamp outside the topic's bounds.
        case timestampOutOfRange
        /// The producer set the LogAppendTime bit, which only the broker may set.
        case logAppendTimeFromProducer
    }

    public var index: Int32
    public var problem: Problem
    public var message: String

    public init(index: Int32, problem: Problem, message: String) {
        self.index = index
        self.problem = problem
        self.message = message
    }
}
