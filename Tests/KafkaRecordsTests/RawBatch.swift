import NIOCore

@testable import KafkaRecords

/// One record's bytes, written field by field so that each field can be made wrong on purpose.
struct RawRecord {
    var attributes: UInt8 = 0
    var timestampDelta: Int64 = 0
    var offsetDelta: Int64
    /// nil writes length -1 (null).
    var key: [UInt8]? = Array("key".utf8)
    var value: [UInt8]? = Array("value".utf8)
    var headers: [(key: [UInt8], value: [UInt8]?)] = []
    /// Written instead of the key's real length when set.
    var keyLengthOverride: Int64?
    /// Written instead of the header count when set.
    var headerCountOverride: Int64?
    /// Added to the record's Length after it is computed.
    var lengthAdjustment: Int64 = 0
    /// Appended inside the record, after its fields (and counted in its Length).
    var trailer: [UInt8] = []

    init(offsetDelta: Int64, timestampDelta: Int64 = 0, key: [UInt8]? = Array("key".utf8), value: [UInt8]? = Array("value".utf8)) {
        self.offsetDelta = offsetDelta
        self.timestampDelta = timestampDelta
        self.key = key
        self.value = value
    }

    var bytes: [UInt8] {
        var body: [UInt8] = [attributes]
        body += varint(timestampDelta)
        body += varint(offsetDelta)
        if let key {
            body += varint(keyLengthOverride ?? Int64(key.count)) + key
        } else {
            body += varint(keyLengthOverride ?? -1)
        }
        if let value { body += varint(Int64(value.count)) + value } else { body += varint(-1) }
        body += varint(headerCountOverride ?? Int64(headers.count))
        for header in headers {
            body += varint(Int64(header.key.count)) + header.key
            if let value = header.value { body += varint(Int64(value.count)) + value } else { body += varint(-1) }
        }
        body += trailer
        return varint(Int64(body.count) + lengthAdjustment) + body
    }
}

/// Zigzag varint as records use it.
func varint(_ value: Int64) -> [UInt8] {
    var rest = UInt64(bitPattern: (value << 1) ^ (value >> 63))
    var out: [UInt8] = []
    while rest >= 0x80 {
        out.append(UInt8(truncatingIfNeeded: rest) | 0x80)
        rest >>= 7
    }
    out.append(UInt8(truncatingIfNeeded: rest))
    return out
}

/// A magic-2 batch assembled field by field with a correct CRC (unless asked otherwise), so that every
/// header and record defect can be produced on its own.
struct RawBatch {
    static let now: Int64 = 1_700_000_000_000

    var records: [RawRecord] = (0..<3).map { RawRecord(offsetDelta: Int64($0), timestampDelta: Int64($0)) }
    /// Used instead of `records` when set: the exact (uncompressed) payload.
    var payload: [UInt8]?
    var codec: CompressionCodec = .none
    /// Used instead of compressing `payload` when set.
    var compressedPayload: [UInt8]?
    var baseOffset: Int64 = 0
    var partitionLeaderEpoch: Int32 = -1
    var magic: Int8 = 2
    /// Attribute bits besides the codec (timestamp type, transactional, control).
    var flags: Int16 = 0
    var lastOffsetDelta: Int32?
    var baseTimestamp: Int64 = RawBatch.now
    var maxTimestamp: Int64?
    var producerID: Int64 = -1
    var producerEpoch: Int16 = -1
    var baseSequence: Int32 = -1
    var recordCount: Int32?
    var corruptCRC = false
    var batchLengthAdjustment: Int32 = 0
    /// Bytes after the batch.
    var trailing: [UInt8] = []

    static let logAppendTime: Int16 = 0x08
    static let transactional: Int16 = 0x10
    static let control: Int16 = 0x20

    var uncompressedPayload: [UInt8] { payload ?? records.flatMap(\.bytes) }

    var buffer: ByteBuffer {
        let records = uncompressedPayload
        let body: [UInt8]
        if let compressedPayload {
            body = compressedPayload
        } else {
            let compressed = try! Compression.compress(codec, ByteBuffer(bytes: records))
            body = Array(compressed.readableBytesView)
        }
        let count = recordCount ?? Int32(self.records.count)
        let maxTimestamp =
            self.maxTimestamp ?? self.records.map { baseTimestamp + $0.timestampDelta }.max() ?? baseTimestamp
        var crcCovered = ByteBuffer()
        crcCovered.writeInteger(Int16(codec.rawValue) | flags)
        crcCovered.writeInteger(lastOffsetDelta ?? count - 1)
        crcCovered.writeInteger(baseTimestamp)
        crcCovered.writeInteger(maxTimestamp)
        crcCovered.writeInteger(producerID)
        crcCovered.writeInteger(producerEpoch)
        crcCovered.writeInteger(baseSequence)
        crcCovered.writeInteger(count)
        crcCovered.writeBytes(body)
        var crc = CRC32C.checksum(crcCovered)
        if corruptCRC { crc ^= 0xDEAD_BEEF }
        var buffer = ByteBuffer()
        buffer.writeInteger(baseOffset)
        buffer.writeInteger(Int32(4 + 1 + 4 + crcCovered.readableBytes) + batchLengthAdjustment)
        buffer.writeInteger(partitionLeaderEpoch)
        buffer.writeInteger(magic)
        buffer.writeInteger(crc)
        buffer.writeImmutableBuffer(crcCovered)
        buffer.writeBytes(trailing)
        return buffer
    }
}
