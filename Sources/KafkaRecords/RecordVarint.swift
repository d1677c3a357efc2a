import NIOCore

/// A bounded reader over the records part of a batch.
///
/// Every read is checked against `end`, the end of the enclosing record or payload, and not only against the
/// buffer: a record whose Length claims fewer bytes than its fields take must fail, not read its neighbour.
/// Reading never allocates; key and value come back as slices of the same storage.
struct RecordCursor: Sendable {
    let buffer: ByteBuffer
    var index: Int
    var end: Int

    init(buffer: ByteBuffer) {
        self.buffer = buffer
        self.index = buffer.readerIndex
        self.end = buffer.writerIndex
    }

    @inline(__always) var remaining: Int { end - index }

    @inline(__always)
    mutating func readByte() throws(RecordBatchError) -> UInt8 {
        guard index < end, let byte = buffer.getInteger(at: index, as: UInt8.self) else {
            throw .invalidRecord("record is truncated")
        }
        index += 1
        return byte
    }

    @inline(__always)
    private mutating func readUnsigned(maxBytes: Int) throws(RecordBatchError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        for _ in 0..<maxBytes {
            let byte = try readByte()
            result |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
        throw .invalidRecord("varint is longer than \(maxBytes) bytes")
    }

    /// Zigzag varint, as Kafka's `ByteUtils.readVarint`.
    @inline(__always)
    mutating func readVarint() throws(RecordBatchError) -> Int32 {
        let raw = try readUnsigned(maxBytes: 5)
        guard raw <= UInt64(UInt32.max) else { throw .invalidRecord("varint overflows 32 bits") }
        let value = UInt32(truncatingIfNeeded: raw)
        return Int32(bitPattern: value >> 1) ^ -Int32(bitPattern: value & 1)
    }

    /// Zigzag varlong, as Kafka's `ByteUtils.readVarlong`.
    @inline(__always)
    mutating func readVarlong() throws(RecordBatchError) -> Int64 {
        let value = try readUnsigned(maxBytes: 10)
        return Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1)
    }

    /// A length field that allows -1 for null; any other negative or any length past `end` is malformed.
    @inline(__always)
    mutating func readLength(allowNull: Bool) throws(RecordBatchError) -> Int? {
        let length = try readVarint()
        if length == -1 && allowNull { return nil }
        guard length >= 0 else { throw .invalidRecord("negative length \(length)") }
        guard Int(length) <= remaining else { throw .invalidRecord("length \(length) exceeds the \(remaining) bytes left") }
        return Int(length)
    }

    @inline(__always)
    mutating func readSlice(length: Int) -> ByteBuffer {
        // `readLength` has already checked `length` against `remaining`.
        let slice = buffer.getSlice(at: index, length: length)!
        index += length
        return slice
    }

    @inline(__always)
    mutating func skip(_ length: Int) { index += length }

    mutating func readString(length: Int) -> String {
        let string = buffer.getString(at: index, length: length) ?? ""
        index += length
        return string
    }
}

extension ByteBuffer {
    @inline(__always)
    static func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    @inline(__always)
    static func unsignedVarintSize(_ value: UInt64) -> Int {
        // 1 byte per started group of 7 significant bits, and at least 1.
        let bits = 64 - (value | 1).leadingZeroBitCount
        return (bits + 6) / 7
    }

    @inline(__always)
    static func recordVarintSize(_ value: Int64) -> Int { unsignedVarintSize(zigzag(value)) }

    /// Writes a zigzag varint at `offset` and returns the offset after it. The caller has sized `raw`.
    @inline(__always)
    static func putRecordVarint(_ value: Int64, into raw: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        var rest = zigzag(value)
        var at = offset
        while rest >= 0x80 {
            raw[at] = UInt8(truncatingIfNeeded: rest) | 0x80
            rest >>= 7
            at += 1
        }
        raw[at] = UInt8(truncatingIfNeeded: rest)
        return at + 1
    }

    @inline(__always)
    mutating func writeRecordVarint(_ value: Int64) {
        var rest = Self.zigzag(value)
        while rest >= 0x80 {
            writeInteger(UInt8(truncatingIfNeeded: rest) | 0x80)
            rest >>= 7
        }
        writeInteger(UInt8(truncatingIfNeeded: rest))
    }
}
