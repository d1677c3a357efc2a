import NIOCore
import Testing

@testable import KafkaRecords

@Suite struct RecompressTests {
    static let codecs = CompressionCodec.allCases

    static func batch(_ codec: CompressionCodec, records: Int = 50, producerID: Int64 = -1) throws -> RecordBatch {
        var builder = RecordBatchBuilder(compression: codec, producerID: producerID, producerEpoch: producerID < 0 ? -1 : 3,
                                         baseSequence: producerID < 0 ? -1 : 7)
        for i in 0..<records {
            builder.append(
                timestamp: 1_700_000_000_000 + Int64(i), key: ByteBuffer(string: "key-\(i % 5)"),
                value: ByteBuffer(string: String(repeating: "value \(i) ", count: 20)),
                headers: i == 0 ? [RecordHeader(key: "h", value: ByteBuffer(string: "v"))] : [])
        }
        return try builder.build()
    }

    @Test(arguments: codecs, codecs)
    func keepsEveryRecordAndHeaderFieldButTheCodec(from: CompressionCodec, to: CompressionCodec) throws {
        let original = try Self.batch(from, producerID: 42)
        let converted = try original.recompressed(to: to)
        try converted.validate()
        try converted.validateRecords()
        #expect(converted.attributes.compression == to)
        #expect(try converted.records() == original.records())
        #expect(converted.baseOffset == original.baseOffset && converted.lastOffsetDelta == original.lastOffsetDelta)
        #expect(converted.baseTimestamp == original.baseTimestamp && converted.maxTimestamp == original.maxTimestamp)
        #expect(converted.producerID == 42 && converted.producerEpoch == 3 && converted.baseSequence == 7)
        #expect(converted.recordCount == original.recordCount)
        if from == to { #expect(converted.buffer == original.buffer) }
    }

    @Test func compressingToZstdShrinksARepetitiveBatch() throws {
        let plain = try Self.batch(.none, records: 200)
        let zstd = try plain.recompressed(to: .zstd)
        #expect(zstd.sizeInBytes < plain.sizeInBytes / 4)
    }

    @Test func levelsReachTheCodec() throws {
        let plain = try Self.batch(.none, records: 200)
        let fast = try plain.recompressed(to: .gzip, level: 1)
        let best = try plain.recompressed(to: .gzip, level: 9)
        #expect(try fast.records() == best.records())
        #expect(best.sizeInBytes <= fast.sizeInBytes)
    }

    @Test func anEmptyBatchIsLeftAlone() throws {
        var builder = RecordBatchBuilder(compression: .none)
        builder.append(timestamp: 1, key: nil, value: ByteBuffer(string: "x"))
        let one = try builder.build()
        let emptied = try one.filtered { _ in false }.batch
        #expect(try emptied.recompressed(to: .zstd).buffer == emptied.buffer)
    }
}
