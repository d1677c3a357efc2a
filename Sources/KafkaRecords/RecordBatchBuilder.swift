import NIOCore

/// Encodes records into one v2 batch, the way Java's `MemoryRecordsBuilder` lays them out: BaseTimestamp is
/// the first record's timestamp, offset deltas count from 0, and the CRC-32C covers Attributes to the end.
///
/// Records are written straight after a reserved header in one buffer, so an uncompressed `build()` only
/// fills in the header: no second copy of the records.
public struct RecordBatchBuilder: Sendable {
    public var compression: CompressionCodec
    /// nil means the codec's default level.
    public var compressionLevel: Int?
    public var baseOffset: Int64
    public var partitionLeaderEpoch: Int32
    public var producerID: Int64
    public var producerEpoch: Int16
    public var baseSequence: Int32
    public var isTransactional: Bool
    public var timestampType: RecordBatchAttributes.TimestampType

    private var buffer: ByteBuffer
    private var allocator: ByteBufferAllocator
    private let initialCapacity: Int
    private var count: Int32 = 0
    private var firstTimestamp: Int64 = -1
    private var maxTimestamp: Int64 = -1

    public init(
        compression: CompressionCodec = .none,
        compressionLevel: Int? = nil,
        baseOffset: Int64 = 0,
        partitionLeaderEpoch: Int32 = -1,
        producerID: Int64 = -1,
        producerEpoch: Int16 = -1,
        baseSequence: Int32 = -1,
        isTransactional: Bool = false,
        timestampType: RecordBatchAttributes.TimestampType = .createTime,
        initialCapacity: Int = 1024,
        allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) {
        self.compression = compression
        self.compressionLevel = compressionLevel
        self.baseOffset = baseOffset
        self.partitionLeaderEpoch = partitionLeaderEpoch
        self.producerID = producerID
        self.producerEpoch = producerEpoch
        self.baseSequence = baseSequence
        self.isTransactional = isTransactional
        self.timestampType = timestampType
        self.allocator = allocator
        self.initialCapacity = max(initialCapacity, RecordBatch.headerSize)
        self.buffer = allocator.buffer(capacity: self.initialCapacity)
        self.buffer.writeRepeatingByte(0, count: RecordBatch.headerSize)
    }

    public var recordCount: Int { Int(count) }
    public var isEmpty: Bool { count == 0 }
    /// Size of the batch if built uncompressed now, for producers that cut batches at a byte size.
    public var uncompressedSizeInBytes: Int { buffer.readableBytes }

    /// Appends one record with the next offset delta. Timestamps need not be ordered (Kafka allows it);
    /// MaxTimestamp tracks the largest.
    public mutating func append(
        timestamp: Int64, key: ByteBuffer?, value: ByteBuffer?, headers: [RecordHeader] = []
    ) {
        if count == 0 { firstTimestamp = timestamp }
        if count == 0 || timestamp > maxTimestamp { maxTimestamp = timestamp }
        let timestampDelta = timestamp &- firstTimestamp
        let offsetDelta = Int64(count)

        var body = 1 + ByteBuffer.recordVarintSize(timestampDelta) + ByteBuffer.recordVarintSize(offsetDelta)
        body += Self.fieldSize(key) + Self.fieldSize(value) + ByteBuffer.recordVarintSize(Int64(headers.count))
        for header in headers {
            let keyLength = header.key.utf8.count
            body += ByteBuffer.recordVarintSize(Int64(keyLength)) + keyLength + Self.fieldSize(header.value)
        }

        // One bounds-checked reservation per record, then plain stores: per-field `writeInteger` calls cost
        // a uniqueness and capacity check each, which dominated encoding time.
        let total = ByteBuffer.recordVarintSize(Int64(body)) + body
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: total) { raw in
            var at = ByteBuffer.putRecordVarint(Int64(body), into: raw, at: 0)
            raw[at] = 0
            at += 1
            at = ByteBuffer.putRecordVarint(timestampDelta, into: raw, at: at)
            at = ByteBuffer.putRecordVarint(offsetDelta, into: raw, at: at)
            at = Self.put(key, into: raw, at: at)
            at = Self.put(value, into: raw, at: at)
            at = ByteBuffer.putRecordVarint(Int64(headers.count), into: raw, at: at)
            for header in headers {
                let utf8 = header.key.utf8
                at = ByteBuffer.putRecordVarint(Int64(utf8.count), into: raw, at: at)
                UnsafeMutableRawBufferPointer(rebasing: raw[at...]).copyBytes(from: utf8)
                at += utf8.count
                at = Self.put(header.value, into: raw, at: at)
            }
            assert(at == total)
            return at
        }
        count += 1
    }

    /// Appends a decoded record, keeping its timestamp relative to `baseTimestamp`.
    public mutating func append(_ record: Record, baseTimestamp: Int64) {
        append(timestamp: baseTimestamp &+ record.timestampDelta, key: record.key, value: record.value, headers: record.headers)
    }

    /// Finishes the batch and leaves the builder empty, with the same settings, ready for the next one.
    public mutating func build() throws(RecordBatchError) -> RecordBatch {
        var batch = buffer
        // The next batch is likely the size of this one; starting there saves the regrowth.
        buffer = allocator.buffer(capacity: max(initialCapacity, batch.readableBytes))
        buffer.writeRepeatingByte(0, count: RecordBatch.headerSize)
        let records = count
        let baseTimestamp = firstTimestamp
        let maxTimestamp = self.maxTimestamp
        count = 0
        firstTimestamp = -1
        self.maxTimestamp = -1

        if compression != .none {
            let payload = batch.getSlice(at: batch.readerIndex + RecordBatch.headerSize, length: batch.readableBytes - RecordBatch.headerSize)!
            let compressed = try Compression.compress(compression, payload, level: compressionLevel)
            batch.moveWriterIndex(to: batch.readerIndex + RecordBatch.headerSize)
            batch.writeImmutableBuffer(compressed)
        }

        var attributes = RecordBatchAttributes(rawValue: 0)
        attributes.compression = compression
        attributes.timestampType = timestampType
        if isTransactional { attributes.rawValue |= 0x10 }

        let start = batch.readerIndex
        batch.setInteger(baseOffset, at: start)
        batch.setInteger(Int32(batch.readableBytes - RecordBatch.logOverhead), at: start + 8)
        batch.setInteger(partitionLeaderEpoch, at: start + 12)
        batch.setInteger(RecordBatch.magic, at: start + 16)
        batch.setInteger(attributes.rawValue, at: start + 21)
        batch.setInteger(records - 1, at: start + 23)
        batch.setInteger(baseTimestamp, at: start + 27)
        batch.setInteger(maxTimestamp, at: start + 35)
        batch.setInteger(producerID, at: start + 43)
        batch.setInteger(producerEpoch, at: start + 51)
        batch.setInteger(baseSequence, at: start + 53)
        batch.setInteger(records, at: start + 57)
        let crc = CRC32C.checksum(batch.getSlice(at: start + 21, length: batch.readableBytes - 21)!)
        batch.setInteger(crc, at: start + 17)
        return try RecordBatch(buffer: batch)
    }

    @inline(__always)
    private static func fieldSize(_ bytes: ByteBuffer?) -> Int {
        guard let bytes else { return 1 }
        return ByteBuffer.recordVarintSize(Int64(bytes.readableBytes)) + bytes.readableBytes
    }

    @inline(__always)
    private static func put(_ bytes: ByteBuffer?, into raw: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        guard let bytes else { return ByteBuffer.putRecordVarint(-1, into: raw, at: offset) }
        let at = ByteBuffer.putRecordVarint(Int64(bytes.readableBytes), into: raw, at: offset)
        bytes.withUnsafeReadableBytes { source in
            UnsafeMutableRawBufferPointer(rebasing: raw[at..<(at + source.count)]).copyMemory(from: source)
        }
        return at + bytes.readableBytes
    }
}
