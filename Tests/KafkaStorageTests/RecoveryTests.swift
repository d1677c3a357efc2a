import KafkaModel
import KafkaRecords
import NIOCore
import Testing

@testable import KafkaStorage

#if canImport(Glibc)
import Glibc
#endif

@Suite struct RecoveryTests {
    let batchSize = TestBatch.make(records: 2, valueSize: 100).sizeInBytes

    private func fill(_ log: PartitionLog, batches: Int) throws {
        for i in 0..<batches {
            _ = try log.append(TestBatch.make(records: 2, valueSize: 100, timestamp: Int64(i * 10)), now: 0)
        }
    }

    private func segmentPath(_ dir: TempDirectory, _ base: Int64, _ suffix: String) -> String {
        dir.path + "/t-0/" + LogSegment.fileName(baseOffset: base, suffix: suffix)
    }

    @Test func cleanRestartKeepsOffsetsAndData() throws {
        let dir = TempDirectory()
        let before: ByteBuffer
        do {
            let log = try PartitionLog.open(dir, smallSegments(1000))
            #expect(!log.recoveredFromUncleanShutdown)
            try fill(log, batches: 25)
            before = try log.readBytes(from: 0, maxBytes: 1 << 20)
            try log.close()
        }
        let log = try PartitionLog.open(dir, smallSegments(1000))
        #expect(!log.recoveredFromUncleanShutdown)
        #expect(log.logEndOffset == 50)
        #expect(try log.readBytes(from: 0, maxBytes: 1 << 20) == before)
        #expect(try log.append(TestBatch.make(), now: 0).baseOffset == 50)
    }

    @Test func uncleanRestartTruncatesTornTail() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir)
        try fill(log, batches: 10)
        log.closeWithoutMarker()
        let path = segmentPath(dir, 0, ".log")
        Files.truncate(path, to: Int64(batchSize * 7 + 30))
        let reopened = try PartitionLog.open(dir)
        #expect(reopened.recoveredFromUncleanShutdown)
        #expect(reopened.logEndOffset == 14)
        #expect(Files.size(path) == Int64(batchSize * 7))
        #expect(try reopened.batchOffsets().count == 7)
        #expect(try reopened.append(TestBatch.make(), now: 0).baseOffset == 14)
    }

    @Test func uncleanRestartTruncatesAtCorruptBatch() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir)
        try fill(log, batches: 10)
        log.closeWithoutMarker()
        let path = segmentPath(dir, 0, ".log")
        Files.flipByte(path, at: Int64(batchSize * 4 + 80))
        let reopened = try PartitionLog.open(dir)
        #expect(reopened.logEndOffset == 8)
        for batch in RecordBatch.split(try reopened.readBytes(from: 0, maxBytes: 1 << 20)).batches { try batch.validate() }
    }

    @Test func corruptOlderSegmentDropsLaterSegments() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, smallSegments(batchSize * 3))
        try fill(log, batches: 12)
        let bases = log.segmentBaseOffsets
        #expect(bases == [0, 6, 12, 18])
        log.closeWithoutMarker()
        // A torn middle segment: its chain no longer reaches the file end, so it is re-validated.
        Files.truncate(segmentPath(dir, 6, ".log"), to: Int64(batchSize + 10))
        let reopened = try PartitionLog.open(dir, smallSegments(batchSize * 3))
        #expect(reopened.segmentBaseOffsets == [0, 6])
        #expect(reopened.logEndOffset == 8)
        #expect(Files.size(segmentPath(dir, 12, ".log")) == -1)
    }

    @Test func indexesAreRebuiltWhenDeletedOrCorrupted() throws {
        let dir = TempDirectory()
        let config = smallSegments(1 << 20, indexInterval: 150)
        var entries: [(Int64, Int64)] = []
        do {
            let log = try PartitionLog.open(dir, config)
            try fill(log, batches: 40)
            entries = (0..<log.segments[0].offsetIndex.count).map(log.segments[0].offsetIndex.entry)
            try log.close()
        }
        #expect(entries.count > 5)
        // Deleted index: rebuilt.
        unlink(segmentPath(dir, 0, ".index"))
        do {
            let log = try PartitionLog.open(dir, config)
            let index = log.segments[0].offsetIndex
            #expect((0..<index.count).map(index.entry).elementsEqual(entries, by: ==))
            try log.close()
        }
        // Garbage index (positions beyond the log): rebuilt.
        Files.write(segmentPath(dir, 0, ".index"), bytes: [0, 0, 0, 5, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 1, 0, 0, 0, 0])
        Files.write(segmentPath(dir, 0, ".timeindex"), bytes: [1, 2, 3])
        do {
            let log = try PartitionLog.open(dir, config)
            let index = log.segments[0].offsetIndex
            #expect((0..<index.count).map(index.entry).elementsEqual(entries, by: ==))
            #expect(log.segments[0].timeIndex.count > 0)
            #expect(Files.size(segmentPath(dir, 0, ".index")) == Int64(entries.count * 8))
            #expect(try log.batchOffsets(from: 33).first?.0 == 32)
            #expect(log.offset(forTimestamp: 155)?.offset == 32)
        }
    }

    @Test func refusesUnknownFormatVersion() throws {
        let dir = TempDirectory()
        try PartitionLog.open(dir).close()
        Files.write(dir.path + "/t-0/" + PartitionLog.formatFile, bytes: Array("format.version=99\n".utf8))
        #expect(throws: StorageError.self) { try PartitionLog.open(dir) }
    }

    @Test func tornWriteIsRolledBackAndLogStaysUsable() throws {
        let dir = TempDirectory()
        let io = FaultyFileIO()
        let log = try PartitionLog.open(dir, io: io)
        try fill(log, batches: 3)
        io.inject(.shortWrite(keepBytes: 40, errno: ENOSPC))
        #expect(throws: StorageError.io(errno: ENOSPC, context: "pwrite (injected)")) {
            try log.append(TestBatch.make(records: 2, valueSize: 100), now: 0)
        }
        #expect(StorageError.io(errno: ENOSPC, context: "").errorCode == .kafkaStorageError)
        #expect(log.logEndOffset == 6)
        #expect(Files.size(segmentPath(dir, 0, ".log")) == Int64(batchSize * 3))
        #expect(try log.append(TestBatch.make(records: 2, valueSize: 100), now: 0).baseOffset == 6)
        #expect(try log.batchOffsets().map(\.0) == [0, 2, 4, 6])
    }

    @Test func failedFsyncTakesTheLogOfflineUntilReopened() throws {
        let dir = TempDirectory()
        let io = FaultyFileIO()
        let log = try PartitionLog.open(dir, io: io)
        try fill(log, batches: 2)
        io.inject(.fsyncError(errno: EIO))
        #expect(throws: StorageError.self) { try log.flush() }
        #expect(log.flushedOffset == 0)
        do {
            _ = try log.append(TestBatch.make(), now: 0)
            Issue.record("append after failed fsync must fail")
        } catch {
            #expect(error.errorCode == .kafkaStorageError)
        }
        log.closeWithoutMarker()
        let reopened = try PartitionLog.open(dir)
        #expect(reopened.logEndOffset == 4)
    }

    @Test func flushConcurrentWithAppendsNeverOverstates() async throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, smallSegments(4096))
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for _ in 0..<300 { _ = try? log.append(TestBatch.make(records: 1, valueSize: 50), now: 0) }
            }
            group.addTask {
                for _ in 0..<30 {
                    let flushed = (try? log.flush()) ?? 0
                    #expect(flushed <= log.logEndOffset)
                }
            }
        }
        #expect(try log.flush() == 300)
        #expect(try log.batchOffsets().count == 300)
    }

    @Test func failedIndexWriteIsHarmlessAndRepairedAtNextOpen() throws {
        let dir = TempDirectory()
        let io = FaultyFileIO()
        let config = smallSegments(1 << 20, indexInterval: 0)
        let expected: [(Int64, Int64)]
        do {
            let log = try PartitionLog.open(dir, config, io: io)
            try fill(log, batches: 2)
            // Third append: the .log write passes, the .index write fails.
            io.inject(.writeError(errno: ENOSPC), skipping: 1)
            _ = try log.append(TestBatch.make(records: 2, valueSize: 100), now: 0)
            #expect(io.firedCount == 1)
            try fill(log, batches: 3)
            let index = log.segments[0].offsetIndex
            expected = (0..<index.count).map(index.entry)
            try log.close()
        }
        let log = try PartitionLog.open(dir, config)
        let index = log.segments[0].offsetIndex
        #expect((0..<index.count).map(index.entry).elementsEqual(expected, by: ==))
        #expect(try log.batchOffsets().count == 6)
    }

    @Test func concurrentAppendsAndReadsStayConsistent() async throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, smallSegments(2000, indexInterval: 100))
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    for _ in 0..<200 { _ = try? log.append(TestBatch.make(records: 2, valueSize: 20), now: 0) }
                }
            }
            group.addTask {
                for _ in 0..<200 {
                    let end = log.logEndOffset
                    guard let bytes = try? log.readBytes(from: end / 2, maxBytes: 3000) else { continue }
                    let (batches, remainder) = RecordBatch.split(bytes)
                    #expect(remainder == 0)
                    for batch in batches { #expect((try? batch.validate()) != nil) }
                }
            }
        }
        #expect(log.logEndOffset == 800)
        #expect(try log.batchOffsets().map(\.0) == Array(stride(from: 0, to: 800, by: 2)))
    }
}
