import NIOCore
import Testing

@testable import KafkaRecords

@Suite struct RecordBatchHeaderTests {
    static func sampleBatch() throws -> RecordBatch {
        var builder = RecordBatchBuilder(
            baseOffset: 40, partitionLeaderEpoch: 7, producerID: 99, producerEpoch: 3, baseSequence: 12)
        builder.append(timestamp: 1_000, key: nil, value: ByteBuffer(string: "a"))
        builder.append(timestamp: 1_050, key: nil, value: ByteBuffer(string: "b"))
        return try builder.build()
    }

    @Test func parsesTheSameFieldsAsTheBatchView() throws {
        let batch = try Self.sampleBatch()
        let header = try #require(RecordBatchHeader(batch.buffer, at: batch.buffer.readerIndex))
        #expect(header.baseOffset == batch.baseOffset)
        #expect(header.batchLength == batch.batchLength)
        #expect(header.partitionLeaderEpoch == batch.partitionLeaderEpoch)
        #expect(header.magic == batch.magic)
        #expect(header.crc == batch.crc)
        #expect(header.attributes == batch.attributes)
        #expect(header.lastOffsetDelta == batch.lastOffsetDelta)
        #expect(header.baseTimestamp == 1_000)
        #expect(header.maxTimestamp == 1_050)
        #expect(header.producerID == 99)
        #expect(header.producerEpoch == 3)
        #expect(header.baseSequence == 12)
        #expect(header.recordCount == 2)
        #expect(header.sizeInBytes == batch.sizeInBytes)
        #expect(header.lastOffset == batch.lastOffset)
        #expect(header.lastSequence == batch.lastSequence)
        #expect(batch.header == header)
    }

    @Test func parsesAtAnIndexInsideALargerBuffer() throws {
        let batch = try Self.sampleBatch()
        var buffer = ByteBuffer(repeating: 0xEE, count: 5)
        buffer.writeImmutableBuffer(batch.buffer)
        #expect(RecordBatchHeader(buffer, at: 5) == batch.header)
    }

    @Test func rejectsImplausibleHeaders() throws {
        var good = ByteBuffer()
        good.writeImmutableBuffer(try Self.sampleBatch().buffer)
        #expect(RecordBatchHeader(good.getSlice(at: 0, length: 60)!, at: 0) == nil)
        #expect(RecordBatchHeader(good, at: -1) == nil)

        var wrongMagic = good
        wrongMagic.setInteger(Int8(1), at: RecordBatchHeader.Layout.magic)
        #expect(RecordBatchHeader(wrongMagic, at: 0) == nil)

        var shortLength = good
        shortLength.setInteger(Int32(48), at: RecordBatchHeader.Layout.batchLength)
        #expect(RecordBatchHeader(shortLength, at: 0) == nil)

        var negativeDelta = good
        negativeDelta.setInteger(Int32(-1), at: RecordBatchHeader.Layout.lastOffsetDelta)
        #expect(RecordBatchHeader(negativeDelta, at: 0) == nil)
    }
}
