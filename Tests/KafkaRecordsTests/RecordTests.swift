import NIOCore
import Testing

@testable import KafkaRecords

@Suite struct RecordBuilderTests {
    static let codecs = CompressionCodec.allCases

    static func sampleRecords() -> [(timestamp: Int64, key: ByteBuffer?, value: ByteBuffer?, headers: [RecordHeader])] {
        [
            (1_700_000_000_000, ByteBuffer(string: "k0"), ByteBuffer(string: "v0"), [RecordHeader(key: "trace", value: ByteBuffer(string: "abc"))]),
            (1_700_000_000_007, nil, ByteBuffer(string: "no key"), []),
            (1_700_000_000_003, ByteBuffer(string: "tombstone"), nil, [RecordHeader(key: "null", value: nil), RecordHeader(key: "null", value: ByteBuffer())]),
            (1_699_999_999_000, ByteBuffer(), ByteBuffer(bytes: pseudoRandomBytes(count: 3000)), []),
            (1_700_000_000_001, ByteBuffer(string: "ünïcødé"), ByteBuffer(string: "✓"), [RecordHeader(key: "ключ", value: ByteBuffer(string: "значение"))]),
        ]
    }

    @Test(arguments: codecs)
    func builtBatchValidatesAndIteratesBackToTheSameRecords(codec: CompressionCodec) throws {
        var builder = RecordBatchBuilder(compression: codec, producerID: 77, producerEpoch: 3, baseSequence: 10)
        let input = Self.sampleRecords()
        for record in input { builder.append(timestamp: record.timestamp, key: record.key, value: record.value, headers: record.headers) }
        var batch = try builder.build()
        batch.assignBaseOffset(500)

        try batch.validate()
        try batch.validateRecords()
        #expect(batch.recordCount == 5)
        #expect(batch.lastOffsetDelta == 4)
        #expect(batch.attributes.compression == codec)
        #expect(batch.baseTimestamp == 1_700_000_000_000)
        #expect(batch.maxTimestamp == 1_700_000_000_007)
        #expect(batch.producerID == 77 && batch.producerEpoch == 3 && batch.baseSequence == 10)
        #expect(batch.lastSequence == 14)

        let records = try batch.records()
        #expect(records.count == input.count)
        for (index, (record, expected)) in zip(records, input).enumerated() {
            #expect(record.offsetDelta == Int32(index))
            #expect(record.offset(in: batch) == 500 + Int64(index))
            #expect(record.timestamp(in: batch) == expected.timestamp)
            #expect(record.key == expected.key)
            #expect(record.value == expected.value)
            #expect(record.headers == expected.headers)
        }
    }

    @Test func encodesSingleRecordInJavasLayout() throws {
        var builder = RecordBatchBuilder()
        builder.append(timestamp: 5, key: nil, value: ByteBuffer(string: "a"))
        let batch = try builder.build()
        // Header + one record: length 1, attributes 1, ts delta 1, offset delta 1, key 1, value 1+1, headers 1.
        #expect(batch.sizeInBytes == RecordBatch.headerSize + 8)
        #expect(Array(batch.recordsPayload.readableBytesView) == [0x0E, 0x00, 0x00, 0x00, 0x01, 0x02, 0x61, 0x00])
    }

    @Test func builderIsEmptyAndReusableAfterBuild() throws {
        var builder = RecordBatchBuilder(compression: .lz4)
        builder.append(timestamp: 1, key: nil, value: ByteBuffer(string: "first"))
        let first = try builder.build()
        #expect(builder.isEmpty)
        builder.append(timestamp: 2, key: nil, value: ByteBuffer(string: "second"))
        let second = try builder.build()
        #expect(try first.records().map(\.value) == [ByteBuffer(string: "first")])
        #expect(try second.records().map(\.value) == [ByteBuffer(string: "second")])
        #expect(second.baseTimestamp == 2)
    }

    @Test func logAppendTimeReplacesRecordTimestamps() throws {
        var builder = RecordBatchBuilder()
        builder.append(timestamp: 10, key: nil, value: nil)
        var batch = try builder.build()
        batch.stampLogAppendTime(99)
        try batch.validate()
        #expect(try batch.records().map { $0.timestamp(in: batch) } == [99])
    }

    @Test func transactionalFlagAndLeaderEpochAreWritten() throws {
        var builder = RecordBatchBuilder(partitionLeaderEpoch: 9, isTransactional: true)
        builder.append(timestamp: 1, key: nil, value: nil)
        let batch = try builder.build()
        #expect(batch.attributes.isTransactional)
        #expect(batch.partitionLeaderEpoch == 9)
        try batch.validate()
    }
}

@Suite struct RecordDecodingTests {
    /// One record with offset delta `delta`: length 7, attributes, ts delta 0, offset delta, null key, value "a", no headers.
    static func record(delta: UInt8) -> [UInt8] { [0x0E, 0x00, 0x00, delta << 1, 0x01, 0x02, 0x61, 0x00] }

    @Test func rejectsBatchWithBadCRC() throws {
        var builder = RecordBatchBuilder()
        builder.append(timestamp: 1, key: ByteBuffer(string: "k"), value: ByteBuffer(string: "v"))
        var bytes = try builder.build().buffer
        bytes.setInteger(UInt8(ascii: "w"), at: bytes.writerIndex - 2)
        let tampered = try RecordBatch(buffer: bytes)
        #expect(throws: RecordBatchError.corrupt) { try tampered.validate() }
    }

    @Test func decodesZigzagVarintsFromTheSpecExamples() throws {
        var cursor = RecordCursor(buffer: ByteBuffer(bytes: [0x01, 0x00, 0x02, 0xD8, 0x04, 0xFE, 0xFF, 0xFF, 0xFF, 0x0F]))
        #expect(try cursor.readVarint() == -1)
        #expect(try cursor.readVarint() == 0)
        #expect(try cursor.readVarint() == 1)
        #expect(try cursor.readVarint() == 300)
        #expect(try cursor.readVarint() == Int32.max)
        #expect(cursor.remaining == 0)
    }

    @Test func encodesVarintsThatDecodeBack() throws {
        let values: [Int64] = [0, -1, 1, 63, -64, 64, 300, Int64(Int32.max), Int64(Int32.min), .max, .min]
        var buffer = ByteBuffer()
        for value in values { buffer.writeRecordVarint(value) }
        var cursor = RecordCursor(buffer: buffer)
        for value in values {
            let before = cursor.index
            #expect(try cursor.readVarlong() == value)
            #expect(cursor.index - before == ByteBuffer.recordVarintSize(value))
        }
    }

    @Test func rejectsOverlongAndOverflowingVarints() {
        var long = RecordCursor(buffer: ByteBuffer(bytes: [0x80, 0x80, 0x80, 0x80, 0x80, 0x01]))
        #expect(throws: RecordBatchError.self) { try long.readVarint() }
        var overflow = RecordCursor(buffer: ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0x7F]))
        #expect(throws: RecordBatchError.self) { try overflow.readVarint() }
        var truncated = RecordCursor(buffer: ByteBuffer(bytes: [0x80]))
        #expect(throws: RecordBatchError.self) { try truncated.readVarlong() }
    }

    @Test func acceptsHandWrittenRecords() throws {
        let batch = try makeBatch(records: Self.record(delta: 0) + Self.record(delta: 1), count: 2, lastOffsetDelta: 1)
        try batch.validate()
        try batch.validateRecords()
        #expect(try batch.records().map(\.value) == [ByteBuffer(string: "a"), ByteBuffer(string: "a")])
    }

    @Test func iteratorYieldsRecordsBeforeTheMalformedOneThenFails() throws {
        let batch = try makeBatch(records: Self.record(delta: 0) + [0x7E, 0x00], count: 2, lastOffsetDelta: 1)
        var iterator = try batch.makeRecordIterator()
        #expect(try iterator.next()?.value == ByteBuffer(string: "a"))
        #expect(throws: RecordBatchError.self) { try iterator.next() }
    }

    @Test func keysAndValuesAreSlicesOfTheBatchNotCopies() throws {
        let batch = try makeBatch(records: Self.record(delta: 0), count: 1, lastOffsetDelta: 0)
        let value = try #require(try batch.records().first?.value)
        let batchBase = batch.buffer.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        let valueBase = value.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        #expect(valueBase == batchBase + UInt(RecordBatch.headerSize + 6))
    }

    @Test func rejectsRecordCountLargerThanTheRecordsPresent() throws {
        let batch = try makeBatch(records: Self.record(delta: 0), count: 2, lastOffsetDelta: 1)
        #expect(throws: RecordBatchError.self) { try batch.validateRecords() }
        #expect(throws: RecordBatchError.self) { try batch.records() }
    }

    @Test func rejectsBytesAfterTheLastRecord() throws {
        let batch = try makeBatch(records: Self.record(delta: 0) + [0x00], count: 1, lastOffsetDelta: 0)
        #expect(throws: RecordBatchError.self) { try batch.validateRecords() }
        #expect(throws: RecordBatchError.self) { try batch.records() }
    }

    @Test func rejectsOffsetDeltasThatDoNotCountUp() throws {
        let batch = try makeBatch(records: Self.record(delta: 0) + Self.record(delta: 2), count: 2, lastOffsetDelta: 1)
        #expect(throws: RecordBatchError.self) { try batch.validateRecords() }
        let compacted = try makeBatch(records: Self.record(delta: 0) + Self.record(delta: 2), count: 2, lastOffsetDelta: 2)
        try compacted.validateRecords(allowOffsetGaps: true)
        let backwards = try makeBatch(records: Self.record(delta: 1) + Self.record(delta: 0), count: 2, lastOffsetDelta: 1)
        #expect(throws: RecordBatchError.self) { try backwards.validateRecords(allowOffsetGaps: true) }
    }

    @Test func rejectsLastOffsetDeltaThatDisagreesWithTheRecords() throws {
        let batch = try makeBatch(records: Self.record(delta: 0) + Self.record(delta: 1), count: 2, lastOffsetDelta: 5)
        #expect(throws: RecordBatchError.self) { try batch.validateRecords() }
    }

    @Test func rejectsRecordWhoseLengthDisagreesWithItsFields() throws {
        var short = Self.record(delta: 0)
        short[0] = 0x0C  // claims 6 bytes, fields take 7
        #expect(throws: RecordBatchError.self) { try makeBatch(records: short + [0x00], count: 1, lastOffsetDelta: 0).validateRecords() }
        var long = Self.record(delta: 0)
        long[0] = 0x7E  // claims 63 bytes, only 7 follow
        #expect(throws: RecordBatchError.self) { try makeBatch(records: long, count: 1, lastOffsetDelta: 0).records() }
    }

    @Test func rejectsHugeKeyLengthAndHeaderCountBeforeAllocating() throws {
        // Key length 2^30, header count 2^30: both far beyond the bytes left.
        let hugeKey: [UInt8] = [0x14, 0x00, 0x00, 0x00, 0x80, 0x80, 0x80, 0x80, 0x08, 0x01, 0x00]
        #expect(throws: RecordBatchError.self) { try makeBatch(records: hugeKey, count: 1, lastOffsetDelta: 0).records() }
        let hugeHeaders: [UInt8] = [0x14, 0x00, 0x00, 0x00, 0x01, 0x01, 0x80, 0x80, 0x80, 0x80, 0x08]
        #expect(throws: RecordBatchError.self) { try makeBatch(records: hugeHeaders, count: 1, lastOffsetDelta: 0).records() }
        #expect(throws: RecordBatchError.self) { try makeBatch(records: hugeHeaders, count: 1, lastOffsetDelta: 0).validateRecords() }
    }

    @Test func rejectsNullHeaderKey() throws {
        // length 9: attrs, ts, offset, key null, value null, 1 header, header key -1, header value -1.
        let bytes: [UInt8] = [0x10, 0x00, 0x00, 0x00, 0x01, 0x01, 0x02, 0x01, 0x01]
        #expect(throws: RecordBatchError.self) { try makeBatch(records: bytes, count: 1, lastOffsetDelta: 0).records() }
    }

    @Test func survivesEveryTruncationAndByteFlipOfARealBatch() throws {
        var builder = RecordBatchBuilder()
        for record in RecordBuilderTests.sampleRecords().prefix(3) {
            builder.append(timestamp: record.timestamp, key: record.key, value: record.value, headers: record.headers)
        }
        let payload = Array(try builder.build().recordsPayload.readableBytesView)
        for cut in 0..<payload.count {
            let batch = try makeBatch(records: Array(payload[0..<cut]), count: 3, lastOffsetDelta: 2)
            #expect(throws: RecordBatchError.self) { try batch.validateRecords() }
            #expect(throws: RecordBatchError.self) { try batch.records() }
        }
        for position in 0..<payload.count {
            for value: UInt8 in [0x00, 0x7F, 0x80, 0xFF] {
                var mutated = payload
                mutated[position] = value
                let batch = try makeBatch(records: mutated, count: 3, lastOffsetDelta: 2)
                // Either outcome is fine; what matters is no trap and agreement between the two decoders.
                let validated = (try? batch.validateRecords(allowOffsetGaps: true)) != nil
                let iterated = (try? batch.records()) != nil
                #expect(!validated || iterated, "position \(position) value \(value)")
            }
        }
    }

    @Test(arguments: [CompressionCodec.gzip, .snappy, .lz4, .zstd])
    func rejectsCompressedBatchWhosePayloadIsGarbage(codec: CompressionCodec) throws {
        let batch = try makeBatch(records: pseudoRandomBytes(count: 64), count: 1, lastOffsetDelta: 0, codec: codec)
        try batch.validate()
        #expect(throws: RecordBatchError.self) { try batch.validateRecords() }
    }

    @Test func refusesCompressedBatchThatInflatesBeyondTheLimit() throws {
        var builder = RecordBatchBuilder(compression: .zstd)
        builder.append(timestamp: 0, key: nil, value: ByteBuffer(repeating: 0, count: 2 * 1024 * 1024))
        let batch = try builder.build()
        #expect(batch.sizeInBytes < 4096)
        #expect(throws: RecordBatchError.self) { try batch.validateRecords(maxUncompressedBytes: 1024 * 1024) }
        try batch.validateRecords()
    }
}
