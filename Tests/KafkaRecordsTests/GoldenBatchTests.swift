import NIOCore
import Testing

@testable import KafkaRecords

/// Batches written by kafka-python's `DefaultRecordBatchBuilder` (scripts/capture_record_batches.py).
@Suite struct GoldenBatchTests {
    static let baseTimestamp: Int64 = 1_700_000_000_000

    /// The records the capture script appends, in order.
    static let expected: [(timestamp: Int64, key: ByteBuffer?, value: ByteBuffer?, headers: [RecordHeader])] = [
        (baseTimestamp, ByteBuffer(string: "key-0"), ByteBuffer(string: "value-0"), [RecordHeader(key: "h1", value: ByteBuffer(string: "v1"))]),
        (baseTimestamp + 5, nil, ByteBuffer(string: "value-1"), []),
        (baseTimestamp + 3, ByteBuffer(string: "key-2"), nil, [RecordHeader(key: "a", value: nil), RecordHeader(key: "b", value: ByteBuffer())]),
        (baseTimestamp + 10, ByteBuffer(), ByteBuffer(string: String(repeating: "x", count: 200)), []),
    ]

    static let codecs: [(String, CompressionCodec)] = [
        ("none", .none), ("gzip", .gzip), ("snappy", .snappy), ("lz4", .lz4), ("zstd", .zstd),
    ]

    @Test(arguments: codecs)
    func decodesKafkaPythonBatchExactly(name: String, codec: CompressionCodec) throws {
        let batch = try RecordBatch(buffer: try Fixtures.buffer("batch-\(name)-kafka-python"))
        try batch.validate()
        try batch.validateRecords()
        #expect(batch.magic == 2)
        #expect(batch.attributes.compression == codec)
        #expect(batch.attributes.timestampType == .createTime)
        #expect(!batch.attributes.isTransactional)
        #expect(batch.baseOffset == 0)
        #expect(batch.recordCount == 4)
        #expect(batch.lastOffsetDelta == 3)
        #expect(batch.baseTimestamp == Self.baseTimestamp)
        #expect(batch.maxTimestamp == Self.baseTimestamp + 10)
        #expect(batch.producerID == 1234)
        #expect(batch.producerEpoch == 5)
        #expect(batch.baseSequence == 42)

        let records = try batch.records()
        #expect(records.count == Self.expected.count)
        for (index, (record, expected)) in zip(records, Self.expected).enumerated() {
            #expect(record.attributes == 0)
            #expect(record.offset(in: batch) == Int64(index))
            #expect(record.timestamp(in: batch) == expected.timestamp)
            #expect(record.key == expected.key)
            #expect(record.value == expected.value)
            #expect(record.headers == expected.headers)
        }
    }

    @Test func builderEncodesTheSameBytesAsKafkaPythonWhenUncompressed() throws {
        let golden = try Fixtures.buffer("batch-none-kafka-python")
        // kafka-python leaves PartitionLeaderEpoch at 0 where Java writes -1.
        var builder = RecordBatchBuilder(partitionLeaderEpoch: 0, producerID: 1234, producerEpoch: 5, baseSequence: 42)
        for record in Self.expected {
            builder.append(timestamp: record.timestamp, key: record.key, value: record.value, headers: record.headers)
        }
        #expect(try builder.build().buffer == golden)
    }

    @Test(arguments: codecs.dropFirst())
    func reencodedBatchDecodesToTheSameRecords(name: String, codec: CompressionCodec) throws {
        let golden = try RecordBatch(buffer: try Fixtures.buffer("batch-\(name)-kafka-python"))
        var builder = RecordBatchBuilder(compression: codec, partitionLeaderEpoch: 0, producerID: 1234, producerEpoch: 5, baseSequence: 42)
        for record in try golden.records() { builder.append(record, baseTimestamp: golden.baseTimestamp) }
        let ours = try builder.build()
        try ours.validate()
        #expect(try ours.records() == golden.records())
        // The header up to the CRC depends only on the compressed length, which varies by encoder.
        #expect(ours.buffer.getBytes(at: 21, length: 40) == golden.buffer.getBytes(at: 21, length: 40))
    }

    @Test func rejectsGoldenBatchWithOneBitFlipped() throws {
        var bytes = try Fixtures.buffer("batch-zstd-kafka-python")
        let at = bytes.writerIndex - 3
        bytes.setInteger(bytes.getInteger(at: at, as: UInt8.self)! ^ 0x01, at: at)
        let batch = try RecordBatch(buffer: bytes)
        #expect(throws: RecordBatchError.corrupt) { try batch.validate() }
    }
}
