import KafkaModel
import NIOCore

/// A view of one RecordBatch v2 (magic 2) over its bytes, which stay exactly as the producer sent them.
///
/// Layout (docs/kafka-behaviour.md, "Record batch, magic 2"): BaseOffset int64 @0 | BatchLength int32 @8 | PartitionLeaderEpoch
/// int32 @12 | Magic int8 @16 | CRC uint32 @17 (CRC-32C over byte 21 to the end) | Attributes int16 @21 |
/// LastOffsetDelta int32 @23 | BaseTimestamp int64 @27 | MaxTimestamp int64 @35 | ProducerId int64 @43 |
/// ProducerEpoch int16 @51 | BaseSequence int32 @53 | RecordCount int32 @57 | Records @61.
///
/// BaseOffset and PartitionLeaderEpoch sit outside the CRC, which is what lets the broker assign offsets
/// in place without touching the checksum.
public struct RecordBatch: Sendable {
    public static let headerSize = RecordBatchHeader.size
    /// Bytes before BatchLength's count starts: BaseOffset + BatchLength.
    public static let logOverhead = 12
    public static let magic: Int8 = 2

    /// The whole batch, from BaseOffset to the end of its records.
    public private(set) var buffer: ByteBuffer

    /// Wraps bytes that hold exactly one batch. Checks only that the header fits and that BatchLength
    /// matches the bytes given; call `validate()` for the full check.
    public init(buffer: ByteBuffer) throws(RecordBatchError) {
        guard buffer.readableBytes >= Self.headerSize else { throw .truncated }
        self.buffer = buffer
        guard Int(batchLength) + Self.logOverhead == buffer.readableBytes else { throw .lengthMismatch }
    }

    @inline(__always)
    private func field<T: FixedWidthInteger>(_ offset: Int, as: T.Type = T.self) -> T {
        buffer.getInteger(at: buffer.readerIndex + offset, as: T.self)!
    }

    public var baseOffset: Int64 { field(RecordBatchHeader.Layout.baseOffset) }
    public var batchLength: Int32 { field(RecordBatchHeader.Layout.batchLength) }
    public var partitionLeaderEpoch: Int32 { field(RecordBatchHeader.Layout.partitionLeaderEpoch) }
    public var magic: Int8 { field(RecordBatchHeader.Layout.magic) }
    public var crc: UInt32 { field(RecordBatchHeader.Layout.crc) }
    public var attributes: RecordBatchAttributes { RecordBatchAttributes(rawValue: field(RecordBatchHeader.Layout.attributes)) }
    public var lastOffsetDelta: Int32 { field(RecordBatchHeader.Layout.lastOffsetDelta) }
    public var baseTimestamp: Int64 { field(RecordBatchHeader.Layout.baseTimestamp) }
    public var maxTimestamp: Int64 { field(RecordBatchHeader.Layout.maxTimestamp) }
    public var producerID: Int64 { field(RecordBatchHeader.Layout.producerID) }
    public var producerEpoch: Int16 { field(RecordBatchHeader.Layout.producerEpoch) }
    public var baseSequence: Int32 { field(RecordBatchHeader.Layout.baseSequence) }
    public var recordCount: Int32 { field(RecordBatchHeader.Layout.recordCount) }

    /// All header fields at once, or nil if they are not a plausible v2 header (see `RecordBatchHeader`).
    public var header: RecordBatchHeader? { RecordBatchHeader(buffer, at: buffer.readerIndex) }

    /// Wrapping, since the view may hold bytes nobody checked (a Fetch answer, a fuzzer's input): a
    /// BaseOffset near Int64.max gives a meaningless offset rather than a trap. Storage only ever sees
    /// BaseOffsets within `RecordBatchHeader.maxBaseOffset`, where these cannot wrap.
    public var lastOffset: Int64 { baseOffset &+ Int64(lastOffsetDelta) }
    public var nextOffset: Int64 { lastOffset &+ 1 }
    public var sizeInBytes: Int { buffer.readableBytes }
    public var isIdempotent: Bool { producerID >= 0 }
    /// The last sequence number, wrapping at Int32.max as Kafka does.
    public var lastSequence: Int32 {
        baseSequence < 0 ? -1 : Int32(truncatingIfNeeded: (Int64(baseSequence) + Int64(lastOffsetDelta)) % (Int64(Int32.max) + 1))
    }

    /// The records part (compressed or not), as a slice.
    public var recordsPayload: ByteBuffer {
        buffer.getSlice(at: buffer.readerIndex + Self.headerSize, length: buffer.readableBytes - Self.headerSize)!
    }

    /// The CRC-32C the batch's bytes actually have.
    public var computedCRC: UInt32 {
        CRC32C.checksum(buffer.getSlice(
            at: buffer.readerIndex + RecordBatchHeader.Layout.attributes,
            length: buffer.readableBytes - RecordBatchHeader.Layout.attributes)!)
    }

    /// The header checks Kafka's `LogValidator` makes before appending: magic, CRC, and record count
    /// consistent with the offset deltas (deltas inside compressed payloads are not decoded here).
    public func validate() throws(RecordBatchError) {
        guard magic == Self.magic else { throw .unsupportedMagic(magic) }
        guard crc == computedCRC else { throw .corrupt }
        guard recordCount >= 0, lastOffsetDelta >= 0 || recordCount == 0 else { throw .invalidRecordCount }
        if recordCount > 0 && Int64(lastOffsetDelta) != Int64(recordCount) - 1 && attributes.compression == CompressionCodec.none {
            // Uncompressed fresh batches have contiguous deltas; compacted ones may not, but no producer sends those.
            throw .invalidRecordCount
        }
        guard attributes.compression != nil else { throw .unknownCompression(attributes.rawValue & 0x7) }
    }

    /// Writes the assigned base offset into the batch's own bytes. Outside the CRC, so no recompute.
    public mutating func assignBaseOffset(_ offset: Int64) {
        buffer.setInteger(offset, at: buffer.readerIndex + RecordBatchHeader.Layout.baseOffset)
    }

    /// For LogAppendTime topics: sets the timestamp type bit and MaxTimestamp, then recomputes the CRC.
    public mutating func stampLogAppendTime(_ timestamp: Int64) {
        var attributes = self.attributes
        attributes.timestampType = .logAppendTime
        buffer.setInteger(attributes.rawValue, at: buffer.readerIndex + RecordBatchHeader.Layout.attributes)
        buffer.setInteger(timestamp, at: buffer.readerIndex + RecordBatchHeader.Layout.maxTimestamp)
        buffer.setInteger(computedCRC, at: buffer.readerIndex + RecordBatchHeader.Layout.crc)
    }

    /// Rewrites MaxTimestamp and the CRC that covers it; copies the bytes first if they are shared.
    public mutating func setMaxTimestamp(_ timestamp: Int64) {
        buffer.setInteger(timestamp, at: buffer.readerIndex + RecordBatchHeader.Layout.maxTimestamp)
        buffer.setInteger(computedCRC, at: buffer.readerIndex + RecordBatchHeader.Layout.crc)
    }

    /// Splits a run of concatenated batches (a Produce payload or a log read) into batch views, in order.
    /// Stops at a trailing partial batch, which it reports through `remainder`.
    public static func split(_ records: ByteBuffer) -> (batches: [RecordBatch], remainder: Int) {
        var batches: [RecordBatch] = []
        var buffer = records
        while buffer.readableBytes >= logOverhead {
            guard let length = buffer.getInteger(at: buffer.readerIndex + RecordBatchHeader.Layout.batchLength, as: Int32.self), length >= headerSize - logOverhead,
                Int(length) + logOverhead <= buffer.readableBytes,
                let slice = buffer.readSlice(length: Int(length) + logOverhead),
                let batch = try? RecordBatch(buffer: slice)
            else { break }
            batches.append(batch)
        }
        return (batches, buffer.readableBytes)
    }
}

public enum RecordBatchError: Error, Equatable, Sendable {
    case truncated
    case lengthMismatch
    case unsupportedMagic(Int8)
    case corrupt
    case invalidRecordCount
    case unknownCompression(Int16)
    case invalidRecord(String)
    case compression(String)

    /// The error code Kafka answers a producer with for this problem.
    public var errorCode: KafkaErrorCode {
        switch self {
        case .corrupt, .truncated, .lengthMismatch: .corruptMessage
        case .unsupportedMagic: .unsupportedForMessageFormat
        case .unknownCompression: .unsupportedCompressionType
        case .invalidRecordCount, .invalidRecord, .compression: .invalidRecord
        }
    }
}

/// The batch attributes: codec in bits 0–2, timestamp type bit 3, transactional bit 4, control bit 5.
public struct RecordBatchAttributes: RawRepresentable, Hashable, Sendable {
    public var rawValue: Int16
    public init(rawValue: Int16) { self.rawValue = rawValue }

    public var compression: CompressionCodec? {
        get { CompressionCodec(rawValue: Int8(rawValue & 0x7)) }
        set { rawValue = (rawValue & ~0x7) | Int16(newValue?.rawValue ?? 0) }
    }

    public enum TimestampType: Sendable { case createTime, logAppendTime }

    public var timestampType: TimestampType {
        get { rawValue & 0x8 != 0 ? .logAppendTime : .createTime }
        set { rawValue = newValue == .logAppendTime ? rawValue | 0x8 : rawValue & ~0x8 }
    }

    public var isTransactional: Bool { rawValue & 0x10 != 0 }
    public var isControl: Bool { rawValue & 0x20 != 0 }
}

public enum CompressionCodec: Int8, Sendable, CaseIterable {
    case none = 0
    case gzip = 1
    case snappy = 2
    case lz4 = 3
    case zstd = 4
}
