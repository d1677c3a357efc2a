import NIOCore
import Testing

@testable import KafkaRecords

/// Message sets and batches built for the legacy-format tests.
enum Legacy {
    static let now: Int64 = 1_700_000_000_000

    /// `count` records with offsets from `firstOffset`, keys "k<i>", values "value-<i>", timestamps now + i.
    static func set(
        magic: Int8, codec: CompressionCodec = .none, count: Int = 3, firstOffset: Int64 = 0,
        timestampType: RecordBatchAttributes.TimestampType = .createTime
    ) throws -> ByteBuffer {
        var builder = LegacyMessageSetBuilder(magic: magic, compression: codec, timestampType: timestampType, logAppendTime: now)
        for i in 0..<count {
            builder.append(
                offset: firstOffset + Int64(i), timestamp: now + Int64(i), key: ByteBuffer(string: "k\(i)"),
                value: ByteBuffer(string: "value-\(i)"))
        }
        return try builder.build()
    }

    /// One message with exactly these fields, CRC included.
    static func message(
        magic: Int8, offset: Int64 = 0, attributes: Int8 = 0, timestamp: Int64 = now, key: ByteBuffer? = nil,
        value: ByteBuffer?
    ) -> ByteBuffer {
        var buffer = ByteBuffer()
        LegacyMessageWriter.write(
            into: &buffer, magic: magic, offset: offset, attributes: attributes, timestamp: timestamp, key: key, value: value)
        return buffer
    }

    /// A wrapper whose value is `inner` compressed with `codec`, as a producer would send it.
    static func wrapper(magic: Int8, codec: CompressionCodec, inner: ByteBuffer, offset: Int64 = 0) throws -> ByteBuffer {
        message(magic: magic, offset: offset, attributes: Int8(codec.rawValue), value: try Compression.compress(codec, inner))
    }

    /// Rewrites the CRC-32 of the message at `index` after a test changed its bytes.
    static func fixCRC(_ buffer: inout ByteBuffer, messageAt index: Int = 0) {
        let size = Int(buffer.getInteger(at: index + 8, as: Int32.self)!)
        let crc = CRC32.checksum(buffer.getSlice(at: index + 16, length: size - 4)!)
        buffer.setInteger(crc, at: index + 12)
    }

    static func refusal(
        _ records: ByteBuffer, rules: BatchValidator.Rules = .init(), now: Int64 = now
    ) -> LegacyMessageSetError? {
        do {
            _ = try LegacyUpConverter.convert(records, rules: rules, now: now)
            return nil
        } catch {
            return error
        }
    }

    /// A v2 batch of `count` records from `baseOffset`, keys "k<i>", values "value-<i>" plus a header each.
    static func v2Batch(
        baseOffset: Int64, count: Int, codec: CompressionCodec = .none, valueSize: Int = 0,
        timestampType: RecordBatchAttributes.TimestampType = .createTime
    ) throws -> RecordBatch {
        var builder = RecordBatchBuilder(compression: codec, baseOffset: baseOffset)
        for i in 0..<count {
            let value = valueSize > 0 ? ByteBuffer(repeating: UInt8(i & 0xFF), count: valueSize) : ByteBuffer(string: "value-\(i)")
            builder.append(
                timestamp: now + Int64(i), key: ByteBuffer(string: "k\(i)"), value: value,
                headers: [RecordHeader(key: "h", value: ByteBuffer(string: "dropped"))])
        }
        var batch = try builder.build()
        if timestampType == .logAppendTime { batch.stampLogAppendTime(now + 1000) }
        return batch
    }

    /// The same batch marked as a control batch (a transaction marker), CRC recomputed.
    static func asControl(_ batch: RecordBatch) throws -> RecordBatch {
        var buffer = batch.buffer
        let attributes = buffer.getInteger(at: 21, as: Int16.self)! | 0x30
        buffer.setInteger(attributes, at: 21)
        buffer.setInteger(CRC32C.checksum(buffer.getSlice(at: 21, length: buffer.readableBytes - 21)!), at: 17)
        return try RecordBatch(buffer: buffer)
    }

    static func concatenate(_ batches: [RecordBatch]) -> ByteBuffer {
        var buffer = ByteBuffer()
        for batch in batches { buffer.writeImmutableBuffer(batch.buffer) }
        return buffer
    }

    static func read(_ set: ByteBuffer) throws -> [LegacyRecord] {
        var reader = LegacyMessageSetReader(set, options: .init(mode: .fetch))
        return try reader.readAll()
    }
}
