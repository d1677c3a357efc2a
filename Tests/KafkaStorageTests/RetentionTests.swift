import KafkaModel
import KafkaRecords
import NIOCore
import Testing

@testable import KafkaStorage

#if canImport(Glibc)
import Glibc
#endif

@Suite struct RetentionTests {
    /// 20 single-record batches of ~170 bytes, two per 400-byte segment, timestamps 0…19 000.
    private func filledLog(_ dir: TempDirectory, _ edit: (inout LogConfig) -> Void = { _ in }) throws -> PartitionLog {
        var config = smallSegments(400)
        edit(&config)
        let log = try PartitionLog.open(dir, config)
        for i in 0..<20 {
            _ = try log.append(TestBatch.make(records: 1, valueSize: 100, timestamp: Int64(i) * 1_000), now: 0)
        }
        return log
    }

    @Test func timeRetentionDeletesOldestSegmentsAndStopsAtTheFirstYoungOne() throws {
        let dir = TempDirectory()
        let log = try filledLog(dir) { $0.retentionMs = 10_000 }
        let before = log.segmentBaseOffsets
        #expect(before.count == 10)
        // now − maxTimestamp > 10 000 for timestamps < 5 000: segments [0,1] [2,3] [4,5]? 5 000 is not.
        let deleted = try log.deleteOldSegments(now: 15_000)
        #expect(deleted == 2)
        #expect(log.logStartOffset == 4)
        #expect(log.segmentBaseOffsets == Array(before.dropFirst(2)))
        #expect(!FileSystem.exists(dir.path + "/t-0/" + LogSegment.fileName(baseOffset: 0, suffix: ".log")))
        #expect(throws: StorageError.offsetOutOfRange(requested: 3, logStart: 4, logEnd: 20)) {
            try log.read(from: 3, maxBytes: 100, minOneBatch: true)
        }
        #expect(try log.batchOffsets().first?.0 == 4)
        #expect(try log.deleteOldSegments(now: 15_000) == 0)
    }

    @Test func sizeRetentionKeepsAtLeastRetentionBytes() throws {
        let dir = TempDirectory()
        let log = try filledLog(dir) { $0.retentionBytes = 1_000 }
        let deleted = try log.deleteOldSegments(now: 0)
        #expect(deleted > 0)
        #expect(log.sizeInBytes >= 1_000)
        #expect(log.sizeInBytes - Int64(400) < 1_000)
        #expect(log.logStartOffset == log.segmentBaseOffsets[0])
        #expect(log.logEndOffset == 20)
    }

    @Test func everythingExpiredRollsAFreshActiveSegment() throws {
        let dir = TempDirectory()
        let log = try filledLog(dir) { $0.retentionMs = 1 }
        let deleted = try log.deleteOldSegments(now: 1_000_000)
        #expect(deleted == 10)
        #expect(log.segmentBaseOffsets == [20])
        #expect(log.logStartOffset == 20 && log.logEndOffset == 20 && log.sizeInBytes == 0)
        #expect(try log.append(TestBatch.make(timestamp: 1_000_000), now: 0).baseOffset == 20)
        #expect(try log.batchOffsets().map(\.0) == [20])
    }

    @Test func segmentMsRollsAQuietActiveSegmentSoItCanExpire() throws {
        let dir = TempDirectory()
        var config = LogConfig()
        config.segmentMs = 60_000
        config.retentionMs = 120_000
        let log = try PartitionLog.open(dir, config)
        _ = try log.append(TestBatch.make(timestamp: 1_000), now: 1_000)
        #expect(try log.deleteOldSegments(now: 30_000) == 0)
        #expect(log.segmentBaseOffsets == [0])
        // Older than segment.ms: rolled, but not yet past retention.ms.
        #expect(try log.deleteOldSegments(now: 100_000) == 0)
        #expect(log.segmentBaseOffsets == [0, 1])
        #expect(try log.deleteOldSegments(now: 200_000) == 1)
        #expect(log.segmentBaseOffsets == [1] && log.logStartOffset == 1)
    }

    @Test func compactOnlyTopicsKeepTheirSegments() throws {
        let dir = TempDirectory()
        let log = try filledLog(dir) {
            $0.retentionMs = 1
            $0.cleanupPolicy = "compact"
        }
        #expect(try log.deleteOldSegments(now: 1_000_000) == 0)
        #expect(log.logStartOffset == 0)
    }

    @Test func deleteRecordsMovesTheStartInsideASegmentAndSurvivesRestart() throws {
        let dir = TempDirectory()
        do {
            let log = try filledLog(dir)
            #expect(try log.deleteRecords(before: 5) == 5)
            // Segment [0,1] and [2,3] are wholly below 5 and go; [4,5] stays with its start moved.
            #expect(log.segmentBaseOffsets.first == 4)
            #expect(log.logStartOffset == 5)
            #expect(throws: StorageError.self) { try log.read(from: 4, maxBytes: 1000, minOneBatch: true) }
            #expect(try log.batchOffsets().first?.0 == 5)
            // Never backwards.
            #expect(try log.deleteRecords(before: 2) == 5)
            #expect(throws: StorageError.offsetOutOfRange(requested: 21, logStart: 5, logEnd: 20)) {
                try log.deleteRecords(before: 21)
            }
            try log.close()
        }
        do {
            let log = try PartitionLog.open(dir, smallSegments(400))
            #expect(log.logStartOffset == 5)
            #expect(throws: StorageError.self) { try log.read(from: 4, maxBytes: 1000, minOneBatch: true) }
            #expect(try log.deleteRecords(before: -1) == 20)
            #expect(log.segmentBaseOffsets == [20])
            log.closeWithoutMarker()
        }
        // An unclean restart keeps it too.
        let log = try PartitionLog.open(dir, smallSegments(400))
        #expect(log.logStartOffset == 20 && log.logEndOffset == 20)
        #expect(try log.append(TestBatch.make(), now: 0).logStartOffset == 20)
    }

    @Test func retentionRestartKeepsTheLogStart() throws {
        let dir = TempDirectory()
        do {
            let log = try filledLog(dir) { $0.retentionMs = 10_000 }
            try log.deleteOldSegments(now: 15_000)
            log.closeWithoutMarker()
        }
        let log = try PartitionLog.open(dir, smallSegments(400))
        #expect(log.logStartOffset == 4)
        #expect(log.logEndOffset == 20)
    }

    @Test func readersKeepDeletedSegmentsReadable() throws {
        let dir = TempDirectory()
        let log = try filledLog(dir) { $0.retentionMs = 1 }
        let held = try log.read(from: 0, maxBytes: 1 << 20, minOneBatch: true)
        defer { held.closeAll() }
        try log.deleteOldSegments(now: 1_000_000)
        var total = 0
        for slice in held.slices {
            total += try readBuffer(io: PosixFileIO(), fd: slice.fileDescriptor, at: slice.position, count: slice.length).readableBytes
        }
        #expect(total == held.totalBytes && total > 0)
    }

    /// A crash between taking segments off the list and unlinking them leaves files below the
    /// persisted start: the next open serves from the start, and the next pass removes them.
    @Test func crashBeforeUnlinkIsHarmless() throws {
        let dir = TempDirectory()
        let partition = dir.path + "/t-0/"
        let names = [".log", ".index", ".timeindex"].map { LogSegment.fileName(baseOffset: 0, suffix: $0) }
        do {
            let log = try filledLog(dir)
            try log.flush()
            for name in names { #expect(link(partition + name, dir.path + "/" + name) == 0) }
            try log.deleteRecords(before: 7)
            log.closeWithoutMarker()
        }
        // Put the first segment back, as if the crash came after the checkpoint but before unlink.
        for name in names { #expect(rename(dir.path + "/" + name, partition + name) == 0) }
        let log = try PartitionLog.open(dir, smallSegments(400))
        #expect(log.logStartOffset == 7 && log.segmentBaseOffsets.first == 0)
        #expect(throws: StorageError.self) { try log.read(from: 0, maxBytes: 1000, minOneBatch: true) }
        #expect(try log.deleteOldSegments(now: 0) == 1)
        #expect(log.segmentBaseOffsets.first == 6 && log.logStartOffset == 7)
    }

    /// A full disk can stop the checkpoint; the segments still go (freeing space) and the start
    /// the next open derives from the remaining segments is the same.
    @Test func failedCheckpointWriteStillDeletesAndReopensConsistently() throws {
        let dir = TempDirectory()
        do {
            let log = try filledLog(dir) { $0.retentionMs = 10_000 }
            // Make the checkpoint's temp file impossible to create: a directory in its place.
            let tmp = dir.path + "/t-0/" + PartitionLog.logStartCheckpointFile + ".tmp"
            #expect(mkdir(tmp, 0o755) == 0)
            #expect(throws: StorageError.self) { try log.deleteOldSegments(now: 15_000) }
            #expect(log.logStartOffset == 4)
            #expect(!FileSystem.exists(dir.path + "/t-0/" + LogSegment.fileName(baseOffset: 0, suffix: ".log")))
            // Appends go on.
            #expect(try log.append(TestBatch.make(), now: 0).baseOffset == 20)
            rmdir(tmp)
            log.closeWithoutMarker()
        }
        let log = try PartitionLog.open(dir, smallSegments(400))
        #expect(log.logStartOffset == 4 && log.logEndOffset == 21)
    }

    /// Crash points of one retention pass that deletes three segments, replayed on disk: after the
    /// checkpoint, with 0, 1, 2 or 3 of the doomed segments unlinked (oldest first). Every state
    /// must reopen with the new start, never serve below it, and be cleaned by the next pass.
    @Test(arguments: 0...3)
    func crashAfterCheckpointWithSomeSegmentsUnlinked(unlinked: Int) throws {
        let dir = TempDirectory()
        let partition = dir.path + "/t-0/"
        let doomed: [Int64] = [0, 2, 4]
        let names = doomed.map { base in [".log", ".index", ".timeindex"].map { LogSegment.fileName(baseOffset: base, suffix: $0) } }
        do {
            let log = try filledLog(dir) { $0.retentionMs = 10_000 }
            try log.flush()
            for name in names.joined() { #expect(link(partition + name, dir.path + "/" + name) == 0) }
            #expect(try log.deleteOldSegments(now: 16_000) == 3)
            log.closeWithoutMarker()
        }
        // Put back the segments the crash did not get to.
        for (i, group) in names.enumerated() {
            for name in group {
                if i >= unlinked { #expect(rename(dir.path + "/" + name, partition + name) == 0) } else { unlink(dir.path + "/" + name) }
            }
        }
        var config = smallSegments(400)
        config.retentionMs = 10_000
        let log = try PartitionLog.open(dir, config)
        #expect(log.logStartOffset == 6 && log.logEndOffset == 20)
        #expect(log.segmentBaseOffsets.first == (unlinked < 3 ? doomed[unlinked] : 6))
        #expect(throws: StorageError.self) { try log.read(from: 5, maxBytes: 1000, minOneBatch: true) }
        #expect(try log.batchOffsets().first?.0 == 6)
        #expect(try log.deleteOldSegments(now: 0) == 3 - unlinked)
        #expect(log.segmentBaseOffsets.first == 6)
    }

    /// A full disk: appends fail with a storage error and leave no trace, reads go on, retention
    /// still frees space, and appends resume once writes succeed again.
    @Test func fullDiskFailsAppendsButNotReadsOrRetention() throws {
        let dir = TempDirectory()
        let io = FaultyFileIO()
        var config = smallSegments(400)
        config.retentionMs = 10_000
        let log = try PartitionLog.open(dir, config, io: io)
        for i in 0..<20 { _ = try log.append(TestBatch.make(records: 1, valueSize: 100, timestamp: Int64(i) * 1_000), now: 0) }
        for _ in 0..<3 {
            io.inject(.writeError(errno: ENOSPC))
            do {
                _ = try log.append(TestBatch.make(records: 1, valueSize: 100, timestamp: 20_000), now: 0)
                Issue.record("append on a full disk must fail")
            } catch {
                #expect(error.errorCode == .kafkaStorageError)
            }
            #expect(try log.batchOffsets().count == 20)
        }
        io.inject(.writeError(errno: ENOSPC))
        #expect(try log.deleteOldSegments(now: 15_000) == 2)
        io.clear()
        #expect(try log.append(TestBatch.make(timestamp: 20_000), now: 0).baseOffset == 20)
        #expect(try log.flush() == 21)
        #expect(try log.batchOffsets().map(\.0) == Array(4...20))
    }
}
