import NIOCore

/// Encodes messages of format v0/v1 the way Java's `MemoryRecordsBuilder` does for those magics, which is
/// what consumers of Fetch v0–3 expect (docs/message-format.md, "Down-conversion"):
/// - uncompressed: one message per record, absolute offsets;
/// - compressed: the records as an inner message set, compressed into the value of one wrapper message
///   that carries the codec and the absolute offset of the last record. Inner offsets are absolute in
///   magic 0 and relative to the first record in magic 1; the wrapper's timestamp is the largest inner
///   one (CreateTime) or the broker's append time (LogAppendTime).
public struct LegacyMessageSetBuilder: Sendable {
    public let magic: Int8
    public let compression: CompressionCodec
    public let timestampType: RecordBatchAttributes.TimestampType
    /// Under LogAppendTime, the time every message (and the wrapper) carries.
    public let logAppendTime: Int64

    /// Plain messages, or the inner set of the wrapper to come.
    private var buffer: ByteBuffer
    private var firstOffset: Int64 = -1
    private var lastOffset: Int64 = -1
    private var maxTimestamp: Int64 = -1
    public private(set) var count = 0

    /// `compression` must be none, gzip, snappy or lz4: zstd has no legacy encoding.
    public init(
        magic: Int8, compression: CompressionCodec = .none,
        timestampType: RecordBatchAttributes.TimestampType = .createTime, logAppendTime: Int64 = -1,
        initialCapacity: Int = 1024, allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) {
        self.init(
            magic: magic, compression: compression, timestampType: timestampType, logAppendTime: logAppendTime,
            buffer: allocator.buffer(capacity: initialCapacity))
    }

    /// Writes into `buffer` (cleared first), which `takeBuffer()` hands back for the next set: the
    /// down-converter keeps one from batch to batch.
    init(
        magic: Int8, compression: CompressionCodec, timestampType: RecordBatchAttributes.TimestampType,
        logAppendTime: Int64, buffer: ByteBuffer
    ) {
        precondition(magic == 0 || magic == 1, "legacy magic is 0 or 1")
        precondition(compression != .zstd, "zstd needs magic 2")
        self.magic = magic
        self.compression = compression
        self.timestampType = magic == 0 ? .createTime : timestampType
        self.logAppendTime = logAppendTime
        self.buffer = buffer
        self.buffer.clear()
    }

    /// The builder's buffer, emptied, leaving the builder unusable.
    mutating func takeBuffer() -> ByteBuffer {
        var taken = ByteBuffer()
        swap(&taken, &buffer)
        taken.clear()
        return taken
    }

    public var isEmpty: Bool { count == 0 }
    /// Bytes written so far (before compression).
    public var uncompressedBytes: Int { buffer.readableBytes }

    public mutating func append(offset: Int64, timestamp: Int64, key: ByteBuffer?, value: ByteBuffer?) {
        append(offset: offset, timestamp: timestamp, key: key, value: value, codecBits: 0)
    }

    /// `codecBits` lets tests build the nested wrappers that readers must refuse.
    mutating func append(offset: Int64, timestamp: Int64, key: ByteBuffer?, value: ByteBuffer?, codecBits: Int8) {
        if count == 0 { firstOffset = offset }
        lastOffset = offset
        count += 1
        let logAppend = timestampType == .logAppendTime
        if timestamp > maxTimestamp { maxTimestamp = timestamp }
        // Java keeps each record's own timestamp inside a wrapper and stamps only uncompressed messages.
        let stamped = logAppend && compression == .none ? logAppendTime : timestamp
        let relative = compression != .none && magic == 1
        LegacyMessageWriter.write(
            into: &buffer, magic: magic, offset: relative ? offset &- firstOffset : offset,
            attributes: codecBits | (logAppend ? LegacyMessageLayout.logAppendTimeBit : 0), timestamp: stamped,
            key: key, value: value)
    }

    /// Appends the finished set (plain messages, or one wrapper) to `output`, returns the bytes added,
    /// and leaves the builder empty for the next set with the same settings.
    @discardableResult
    public mutating func build(into output: inout ByteBuffer) throws(RecordBatchError) -> Int {
        defer {
            buffer.clear()
            count = 0
            firstOffset = -1
            lastOffset = -1
            maxTimestamp = -1
        }
        guard count > 0 else { return 0 }
        guard compression != .none else { return output.writeBuffer(&buffer) }
        var compressed = try Compression.compress(compression, buffer)
        if compression == .lz4 && magic == 0 { LZ4LegacyFraming.breakForMagic0(&compressed) }
        let logAppend = timestampType == .logAppendTime
        return LegacyMessageWriter.write(
            into: &output, magic: magic, offset: lastOffset,
            attributes: Int8(compression.rawValue) | (logAppend ? LegacyMessageLayout.logAppendTimeBit : 0),
            timestamp: logAppend ? logAppendTime : maxTimestamp, key: nil, value: compressed)
    }

    /// The finished set in a buffer of its own.
    public mutating func build() throws(RecordBatchError) -> ByteBuffer {
        var output = ByteBufferAllocator().buffer(capacity: buffer.readableBytes + 64)
        try build(into: &output)
        return output
    }
}

/// One message, written with a single capacity check and its CRC-32 computed over the bytes in place.
enum LegacyMessageWriter {
    /// Full size of a message with these key and value lengths (-1 for null), log overhead included.
    @inline(__always)
    static func size(magic: Int8, keyLength: Int, valueLength: Int) -> Int {
        LegacyMessageLayout.logOverhead + LegacyMessageLayout.headerSize(magic: magic) + 8 + max(0, keyLength)
            + max(0, valueLength)
    }

    @discardableResult
    static func write(
        into output: inout ByteBuffer, magic: Int8, offset: Int64, attributes: Int8, timestamp: Int64,
        key: ByteBuffer?, value: ByteBuffer?
    ) -> Int {
        let total = size(magic: magic, keyLength: key?.readableBytes ?? -1, valueLength: value?.readableBytes ?? -1)
        return output.writeWithUnsafeMutableBytes(minimumWritableBytes: total) { raw in
            store(Int64(offset), into: raw, at: LegacyMessageLayout.offset)
            store(Int32(total - LegacyMessageLayout.logOverhead), into: raw, at: LegacyMessageLayout.messageSize)
            raw[LegacyMessageLayout.magic] = UInt8(bitPattern: magic)
            raw[LegacyMessageLayout.attributes] = UInt8(bitPattern: attributes)
            var at = LegacyMessageLayout.attributes + 1
            if magic > 0 {
                store(timestamp, into: raw, at: at)
                at += 8
            }
            at = put(key, into: raw, at: at)
            at = put(value, into: raw, at: at)
            assert(at == total)
            let crc = CRC32.checksum(UnsafeRawBufferPointer(rebasing: raw[LegacyMessageLayout.magic..<total]))
            store(crc, into: raw, at: LegacyMessageLayout.crc)
            return total
        }
    }

    @inline(__always)
    private static func store<T: FixedWidthInteger>(_ value: T, into raw: UnsafeMutableRawBufferPointer, at index: Int) {
        raw.storeBytes(of: value.bigEndian, toByteOffset: index, as: T.self)
    }

    @inline(__always)
    private static func put(_ bytes: ByteBuffer?, into raw: UnsafeMutableRawBufferPointer, at index: Int) -> Int {
        guard let bytes else {
            store(Int32(-1), into: raw, at: index)
            return index + 4
        }
        store(Int32(bytes.readableBytes), into: raw, at: index)
        let start = index + 4
        bytes.withUnsafeReadableBytes { source in
            UnsafeMutableRawBufferPointer(rebasing: raw[start..<(start + source.count)]).copyMemory(from: source)
        }
        return start + bytes.readableBytes
    }
}
