import KafkaModel
import KafkaRecords
import NIOCore
import Testing

@testable import KafkaStorage

#if canImport(Glibc)
import Glibc
#endif

@Suite struct PartitionLogTests {
    @Test func appendsAndReadsBackAcrossSegmentRolls() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, smallSegments(1024))
        var expected: [ByteBuffer] = []
        for i in 0..<40 {
            let batch = TestBatch.make(records: 3, valueSize: 50, fill: UInt8(0x41 + i % 26))
            let result = try log.append(batch, now: 5_000)
            #expect(result.baseOffset == Int64(i * 3))
            #expect(result.lastOffset == Int64(i * 3 + 2))
            #expect(!result.isDuplicate)
            #expect(batch.baseOffset == 0, "the caller's buffer is not patched")
            var stored = batch
            stored.assignBaseOffset(result.baseOffset)
            expected.append(stored.buffer)
        }
        #expect(log.logEndOffset == 120)
        #expect(log.segmentBaseOffsets.count > 5)
        let all = try log.readBytes(from: 0, maxBytes: 1 << 30)
        let (batches, remainder) = RecordBatch.split(all)
        #expect(remainder == 0)
        #expect(batches.map(\.buffer) == expected)
        for batch in batches { try batch.validate() }
    }

    @Test func readStartsAtTheBatchContainingTheOffset() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, smallSegments(1 << 20, indexInterval: 0))
        for _ in 0..<20 { _ = try log.append(TestBatch.make(records: 5), now: 0) }
        for offset: Int64 in [0, 1, 4, 5, 7, 52, 99] {
            let offsets = try log.batchOffsets(from: offset)
            #expect(offsets.first?.0 == offset / 5 * 5)
            #expect(offsets.last?.1 == 99)
        }
    }

    @Test func readRespectsMaxBytesWithWholeBatches() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, smallSegments(1 << 20, indexInterval: 64))
        let size = TestBatch.make(records: 2, valueSize: 100).sizeInBytes
        for _ in 0..<30 { _ = try log.append(TestBatch.make(records: 2, valueSize: 100), now: 0) }
        let result = try log.read(from: 10, maxBytes: size * 3 + size / 2, minOneBatch: true)
        defer { result.closeAll() }
        #expect(result.totalBytes == size * 3)
        #expect(result.highWatermark == 60)
        #expect(result.logStartOffset == 0)
        let bytes = try log.readBytes(from: 10, maxBytes: size * 3 + 1)
        #expect(RecordBatch.split(bytes).batches.map(\.baseOffset) == [10, 12, 14])
    }

    @Test func minOneBatchReturnsAnOversizedBatch() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir)
        let batch = TestBatch.make(records: 4, valueSize: 500)
        _ = try log.append(batch, now: 0)
        let whole = try log.read(from: 2, maxBytes: 100, minOneBatch: true)
        #expect(whole.totalBytes == batch.sizeInBytes)
        whole.closeAll()
        let none = try log.read(from: 2, maxBytes: 100, minOneBatch: false)
        #expect(none.slices.isEmpty)
    }

    @Test func readAtLogEndIsEmptyAndBeyondIsOutOfRange() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir)
        _ = try log.append(TestBatch.make(records: 3), now: 0)
        let atEnd = try log.read(from: 3, maxBytes: 1000, minOneBatch: true)
        #expect(atEnd.slices.isEmpty)
        #expect(atEnd.highWatermark == 3)
        #expect(throws: StorageError.offsetOutOfRange(requested: 4, logStart: 0, logEnd: 3)) {
            try log.read(from: 4, maxBytes: 1000, minOneBatch: true)
        }
        #expect(throws: StorageError.offsetOutOfRange(requested: -1, logStart: 0, logEnd: 3)) {
            try log.read(from: -1, maxBytes: 1000, minOneBatch: true)
        }
        #expect(StorageError.offsetOutOfRange(requested: 4, logStart: 0, logEnd: 3).errorCode == .offsetOutOfRange)
    }

    @Test func sliceDescriptorsOutliveTheLog() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir)
        let batch = TestBatch.make(records: 1, valueSize: 30)
        _ = try log.append(batch, now: 0)
        let result = try log.read(from: 0, maxBytes: 10_000, minOneBatch: true)
        try log.truncate(to: 0)
        #expect(log.logEndOffset == 0)
        // Truncation empties the file; a deleted segment would stay readable through the dup.
        let slice = try #require(result.slices.first)
        let segment = dir.path + "/t-0/" + LogSegment.fileName(baseOffset: 0, suffix: ".log")
        #expect(Files.openPath(slice.fileDescriptor) == segment)
        result.closeAll()
        #expect(Files.openPath(slice.fileDescriptor) != segment)
    }

    @Test func rejectsBatchesOverMaxMessageBytes() throws {
        let dir = TempDirectory()
        var config = LogConfig()
        config.maxMessageBytes = 200
        let log = try PartitionLog.open(dir, config)
        let big = TestBatch.make(records: 1, valueSize: 300)
        #expect(throws: StorageError.messageTooLarge(size: big.sizeInBytes, max: 200)) { try log.append(big, now: 0) }
        #expect(log.logEndOffset == 0)
    }

    @Test func stampsLeaderEpochWithoutBreakingTheCRC() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir)
        _ = try log.append(TestBatch.make(records: 2), now: 0)
        _ = try log.append(TestBatch.make(records: 2), now: 0, leaderEpoch: 0)
        let stored = RecordBatch.split(try log.readBytes(from: 0, maxBytes: 10_000)).batches
        #expect(stored.map(\.partitionLeaderEpoch) == [-1, 0])
        #expect(stored.map(\.baseOffset) == [0, 2])
        for batch in stored { try batch.validate() }
    }

    @Test func logAppendTimeStampsTheBatch() throws {
        let dir = TempDirectory()
        var config = LogConfig()
        config.messageTimestampType = .logAppendTime
        let log = try PartitionLog.open(dir, config)
        let result = try log.append(TestBatch.make(records: 2, timestamp: 10), now: 77_000)
        #expect(result.logAppendTime == 77_000)
        let stored = RecordBatch.split(try log.readBytes(from: 0, maxBytes: 10_000)).batches[0]
        #expect(stored.maxTimestamp == 77_000)
        #expect(stored.attributes.timestampType == .logAppendTime)
        try stored.validate()
    }

    @Test func indexLookupFindsGreatestEntryAtOrBelowTarget() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, smallSegments(1 << 20, indexInterval: 200))
        for _ in 0..<100 { _ = try log.append(TestBatch.make(records: 2, valueSize: 40), now: 0) }
        let segment = log.segments[0]
        let index = segment.offsetIndex
        #expect(index.count > 10)
        for i in 1..<index.count {
            #expect(index.entry(i).offset > index.entry(i - 1).offset)
            #expect(index.entry(i).position > index.entry(i - 1).position)
        }
        for target in stride(from: Int64(0), to: 200, by: 7) {
            let found = index.lookup(offset: target)
            if let found {
                #expect(found.offset <= target)
                if let next = (0..<index.count).map(index.entry).first(where: { $0.offset > found.offset }) {
                    #expect(next.offset > target)
                }
            } else {
                #expect(index.count == 0 || index.entry(0).offset > target)
            }
            var reader = try segment.makeReader()
            let header = try #require(try segment.batch(containing: target, reader: &reader))
            #expect(header.baseOffset <= target && header.lastOffset >= target)
        }
    }

    @Test func findsOffsetsByTimestamp() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, smallSegments(2048, indexInterval: 100))
        // Batch i holds 4 records with timestamps 1000*i + 0, 10, 20, 30.
        for i in 0..<50 {
            _ = try log.append(TestBatch.make(records: 4, timestamp: Int64(1000 * i), timestampStep: 10), now: 0)
        }
        #expect(log.offset(forTimestamp: 0)! == (0, 0))
        #expect(log.offset(forTimestamp: 5_015)! == (22, 5_020))
        #expect(log.offset(forTimestamp: 5_031)! == (24, 6_000))
        #expect(log.offset(forTimestamp: 49_030)! == (199, 49_030))
        #expect(log.offset(forTimestamp: 49_031) == nil)
        #expect(log.maxTimestampOffset()! == (199, 49_030))
    }

    @Test func flushAdvancesFlushedOffset() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, smallSegments(512))
        for _ in 0..<10 { _ = try log.append(TestBatch.make(records: 2, valueSize: 100), now: 0) }
        #expect(try log.flush() == 20)
        #expect(log.flushedOffset == 20)
        #expect(try log.flush() == 20)
    }

    @Test func retentionDeletesOldSegmentsAndMovesLogStart() throws {
        let dir = TempDirectory()
        var config = smallSegments(400)
        config.retentionBytes = 1000
        let log = try PartitionLog.open(dir, config)
        for i in 0..<20 { _ = try log.append(TestBatch.make(records: 1, valueSize: 100, timestamp: Int64(i)), now: 0) }
        let before = log.segmentBaseOffsets.count
        let deleted = try log.deleteOldSegments(now: 100)
        #expect(deleted > 0)
        #expect(log.segmentBaseOffsets.count == before - deleted)
        #expect(log.logStartOffset == log.segmentBaseOffsets[0])
        #expect(log.sizeInBytes >= 1000 - 400)
        #expect(throws: StorageError.self) { try log.read(from: 0, maxBytes: 100, minOneBatch: true) }
        #expect(try log.batchOffsets().last?.1 == 19)
    }
}

@Suite struct SegmentRollTests {
    @Test func rollsOnRecordTimeNotOnSkewedClocks() throws {
        let dir = TempDirectory()
        var config = LogConfig()
        config.segmentMs = 1_000
        let log = try PartitionLog.open(dir, config)
        _ = try log.append(TestBatch.make(timestamp: 10_000), now: 99_999_999)
        _ = try log.append(TestBatch.make(timestamp: 10_500), now: 99_999_999)
        #expect(log.segmentBaseOffsets == [0])
        _ = try log.append(TestBatch.make(timestamp: 11_001), now: 0)
        #expect(log.segmentBaseOffsets == [0, 2])
    }

    @Test func rollsWhenTheIndexIsFull() throws {
        let dir = TempDirectory()
        var config = smallSegments(1 << 20, indexInterval: 0)
        config.segmentIndexBytes = 24
        let log = try PartitionLog.open(dir, config)
        for i in 0..<10 { _ = try log.append(TestBatch.make(timestamp: Int64(i)), now: 0) }
        #expect(log.segmentBaseOffsets.count > 1)
        #expect(try log.batchOffsets().count == 10)
    }
}
