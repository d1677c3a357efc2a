import KafkaRecords
import NIOCore
import Testing

@testable import KafkaStorage

/// ListOffsets by timestamp walks records with KafkaRecords' iterator, so it is exact inside
/// compressed batches too, and falls back to the batch's own (base offset, max timestamp) when the
/// records cannot be decoded.
@Suite struct TimestampLookupTests {
    static func compressedBatch(_ codec: CompressionCodec, first: Int64, count: Int, step: Int64) throws -> RecordBatch {
        var builder = RecordBatchBuilder(compression: codec)
        for i in 0..<count {
            builder.append(timestamp: first + Int64(i) * step, key: nil, value: ByteBuffer(string: "value-\(i)"))
        }
        return try builder.build()
    }

    @Test(arguments: [CompressionCodec.gzip, .snappy, .lz4, .zstd])
    func findsExactOffsetInsideCompressedBatch(codec: CompressionCodec) throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir)
        for i in 0..<5 {
            _ = try log.append(try Self.compressedBatch(codec, first: Int64(1000 * i), count: 10, step: 10), now: 0)
        }
        #expect(log.offset(forTimestamp: 2_035)! == (24, 2_040))
        #expect(log.offset(forTimestamp: 2_000)! == (20, 2_000))
        #expect(log.offset(forTimestamp: 2_091)! == (30, 3_000))
        #expect(log.maxTimestampOffset()! == (49, 4_090))
    }

    @Test func fallsBackToBatchStartWhenRecordsCannotBeDecoded() throws {
        // A valid header and CRC claiming zstd over bytes that are not zstd.
        var bytes = TestBatch.make(records: 4, timestamp: 500, timestampStep: 10).buffer
        bytes.setInteger(Int16(CompressionCodec.zstd.rawValue), at: RecordBatchHeader.Layout.attributes)
        let crc = CRC32C.checksum(bytes.getSlice(at: RecordBatchHeader.Layout.attributes, length: bytes.readableBytes - RecordBatchHeader.Layout.attributes)!)
        bytes.setInteger(crc, at: RecordBatchHeader.Layout.crc)
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir)
        _ = try log.append(TestBatch.make(records: 2, timestamp: 100), now: 0)
        _ = try log.append(try RecordBatch(buffer: bytes), now: 0)
        #expect(log.offset(forTimestamp: 515)! == (2, 530))
        #expect(log.offset(forTimestamp: 100)! == (0, 100))
    }

    @Test func logAppendTimeBatchAnswersItsFirstRecord() throws {
        var batch = TestBatch.make(records: 3, timestamp: 10, timestampStep: 1)
        batch.stampLogAppendTime(9_000)
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir)
        _ = try log.append(TestBatch.make(records: 2, timestamp: 5), now: 0)
        _ = try log.append(batch, now: 0)
        #expect(log.offset(forTimestamp: 11)! == (2, 9_000))
    }
}
