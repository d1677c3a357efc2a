import Foundation
import NIOCore
import Testing

@testable import KafkaRecords

enum Hex {
    static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.filter { !$0.isWhitespace }.utf8)
        precondition(digits.count % 2 == 0, "odd hex length")
        func nibble(_ c: UInt8) -> UInt8 {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: preconditionFailure("not hex")
            }
        }
        return stride(from: 0, to: digits.count, by: 2).map { nibble(digits[$0]) << 4 | nibble(digits[$0 + 1]) }
    }

    static func buffer(_ hex: String) -> ByteBuffer { ByteBuffer(bytes: bytes(hex)) }
}

enum Fixtures {
    static func hex(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "hex", subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    static func buffer(_ name: String) throws -> ByteBuffer { Hex.buffer(try hex(name)) }
}

/// Deterministic bytes (a 64-bit LCG), mildly compressible so codecs do real work.
func pseudoRandomBytes(count: Int, seed: UInt64 = 0x5EED) -> [UInt8] {
    var state = seed
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count)
    for i in 0..<count {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        bytes.append(i % 3 == 0 ? UInt8(truncatingIfNeeded: state >> 59) : UInt8(truncatingIfNeeded: state >> 33))
    }
    return bytes
}

/// A batch around hand-written record bytes, with a correct CRC, so record-level checks can be reached.
func makeBatch(
    records payload: [UInt8], count: Int32, lastOffsetDelta: Int32, codec: CompressionCodec = .none
) throws -> RecordBatch {
    var buffer = ByteBuffer()
    buffer.writeInteger(Int64(0))
    buffer.writeInteger(Int32(RecordBatch.headerSize - RecordBatch.logOverhead + payload.count))
    buffer.writeInteger(Int32(-1))
    buffer.writeInteger(RecordBatch.magic)
    buffer.writeInteger(UInt32(0))
    buffer.writeInteger(Int16(codec.rawValue))
    buffer.writeInteger(lastOffsetDelta)
    buffer.writeInteger(Int64(1000))
    buffer.writeInteger(Int64(1000))
    buffer.writeInteger(Int64(-1))
    buffer.writeInteger(Int16(-1))
    buffer.writeInteger(Int32(-1))
    buffer.writeInteger(count)
    buffer.writeBytes(payload)
    buffer.setInteger(CRC32C.checksum(buffer.getSlice(at: 21, length: buffer.readableBytes - 21)!), at: 17)
    return try RecordBatch(buffer: buffer)
}
