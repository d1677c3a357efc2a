import NIOCore

/// The 61-byte header of a RecordBatch v2, read once into plain values.
///
/// `RecordBatch` is a view for a batch held whole in memory; storage, in contrast, scans headers out of a
/// segment file through a read-ahead window and must not assume the records are there. Both read the same
/// layout, so the byte positions live here, once, and `RecordBatch`'s accessors use them too.
public struct RecordBatchHeader: Sendable, Equatable {
    /// Byte positions of the header's fields, from the start of the batch (docs/kafka-behaviour.md, "Record batch, magic 2").
    public enum Layout {
        public static let baseOffset = 0
        public static let batchLength = 8
        public static let partitionLeaderEpoch = 12
        public static let magic = 16
        public static let crc = 17
        /// The CRC-32C covers everything from here to the end of the batch.
        public static let attributes = 21
        public static let lastOffsetDelta = 23
        public static let baseTimestamp = 27
        public static let maxTimestamp = 35
        public static let producerID = 43
        public static let producerEpoch = 51
        public static let baseSequence = 53
        public static let recordCount = 57
        public static let records = 61
    }

    public static let size = Layout.records

    /// The largest BaseOffset a batch can have: its last offset, and that of any record in it (a delta
    /// is an int32), must fit an Int64.
    public static let maxBaseOffset = Int64.max - Int64(Int32.max) - 1

    public var baseOffset: Int64
    public var batchLength: Int32
    public var partitionLeaderEpoch: Int32
    public var magic: Int8
    public var crc: UInt32
    public var attributes: RecordBatchAttributes
    public var lastOffsetDelta: Int32
    public var baseTimestamp: Int64
    public var maxTimestamp: Int64
    public var producerID: Int64
    public var producerEpoch: Int16
    public var baseSequence: Int32
    public var recordCount: Int32

    /// Parses the header at `index` of `buffer` (ignoring the reader index), or nil when the bytes cannot
    /// start a v2 batch: fewer than 61 bytes, magic other than 2, a BatchLength too small to hold the rest of
    /// the header, a negative LastOffsetDelta, or a BaseOffset outside `0...maxBaseOffset` (BaseOffset is
    /// not covered by the CRC, and one near Int64.max would overflow `lastOffset`). These are the checks a
    /// log scan needs to find where a torn tail begins; the CRC and record count are the validator's business.
    @inlinable
    public init?(_ buffer: ByteBuffer, at index: Int) {
        guard index >= 0, index + Self.size <= buffer.writerIndex,
            let magic = buffer.getInteger(at: index + Layout.magic, as: Int8.self), magic == RecordBatch.magic,
            let length = buffer.getInteger(at: index + Layout.batchLength, as: Int32.self),
            length >= Int32(Self.size - RecordBatch.logOverhead),
            let delta = buffer.getInteger(at: index + Layout.lastOffsetDelta, as: Int32.self), delta >= 0,
            let base = buffer.getInteger(at: index + Layout.baseOffset, as: Int64.self), (0...Self.maxBaseOffset).contains(base)
        else { return nil }
        // The bounds check above covers every field, so the reads below cannot fail.
        self.magic = magic
        self.batchLength = length
        self.lastOffsetDelta = delta
        self.baseOffset = base
        self.partitionLeaderEpoch = buffer.getInteger(at: index + Layout.partitionLeaderEpoch)!
        self.crc = buffer.getInteger(at: index + Layout.crc)!
        self.attributes = RecordBatchAttributes(rawValue: buffer.getInteger(at: index + Layout.attributes)!)
        self.baseTimestamp = buffer.getInteger(at: index + Layout.baseTimestamp)!
        self.maxTimestamp = buffer.getInteger(at: index + Layout.maxTimestamp)!
        self.producerID = buffer.getInteger(at: index + Layout.producerID)!
        self.producerEpoch = buffer.getInteger(at: index + Layout.producerEpoch)!
        self.baseSequence = buffer.getInteger(at: index + Layout.baseSequence)!
        self.recordCount = buffer.getInteger(at: index + Layout.recordCount)!
    }

    /// The whole batch, BaseOffset and BatchLength included.
    public var sizeInBytes: Int { Int(batchLength) + RecordBatch.logOverhead }
    public var lastOffset: Int64 { baseOffset + Int64(lastOffsetDelta) }
    public var nextOffset: Int64 { lastOffset + 1 }
    /// The last sequence number, wrapping at Int32.max as Kafka does.
    public var lastSequence: Int32 {
        baseSequence < 0
            ? -1 : Int32(truncatingIfNeeded: (Int64(baseSequence) + Int64(lastOffsetDelta)) % (Int64(Int32.max) + 1))
    }
}
