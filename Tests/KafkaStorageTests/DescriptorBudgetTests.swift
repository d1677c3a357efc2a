import KafkaModel
import KafkaRecords
import Testing

@testable import KafkaStorage

#if canImport(Glibc)
import Glibc
#endif

/// A partition holds its active segment's three descriptors at rest, however many segments it has:
/// the broker's partition budget is computed from that (docs/reliability.md).
@Suite("Descriptors per partition")
struct DescriptorBudgetTests {
    private func openCount(_ log: PartitionLog) -> Int {
        log.lock.withLock { log.segments.reduce(0) { $0 + $1.openFileCount } }
    }

    private func fill(_ log: PartitionLog, batches: Int) throws {
        for _ in 0..<batches { _ = try log.append(TestBatch.make(records: 4, valueSize: 100), now: 0) }
    }

    @Test func aLogOfManySegmentsHoldsOnlyItsActiveSegmentsDescriptors() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, smallSegments(1024))
        try fill(log, batches: 200)
        #expect(log.segmentBaseOffsets.count > 20)
        #expect(openCount(log) == 3)
        try log.close()
    }

    @Test func readingOldSegmentsOpensTheirFilesOnlyForTheRead() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, smallSegments(1024))
        try fill(log, batches: 200)
        // Every offset, from the first segment on: each read opens an inactive segment's file.
        for offset in stride(from: Int64(0), to: log.logEndOffset, by: 37) {
            let bytes = try log.readBytes(from: offset, maxBytes: 4096)
            let (batches, _) = RecordBatch.split(bytes)
            #expect(batches.first.map { $0.baseOffset <= offset && $0.lastOffset >= offset } == true)
        }
        #expect(log.offset(forTimestamp: 0)?.offset == 0)
        #expect(openCount(log) == 3)
        try log.close()
    }

    @Test func aSliceOfAnInactiveSegmentStaysReadableAfterItsFileIsClosed() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, smallSegments(1024))
        try fill(log, batches: 50)
        let result = try log.read(from: 0, maxBytes: 512, minOneBatch: true)
        defer { result.closeAll() }
        #expect(openCount(log) == 3)
        let slice = try #require(result.slices.first)
        let bytes = try readBuffer(io: PosixFileIO(), fd: slice.fileDescriptor, at: slice.position, count: slice.length)
        let (batches, remainder) = RecordBatch.split(bytes)
        #expect(remainder == 0)
        #expect(batches.first?.baseOffset == 0)
        try log.close()
    }

    @Test func reopeningALogOfManySegmentsHoldsThreeDescriptors() throws {
        let dir = TempDirectory()
        var log = try PartitionLog.open(dir, smallSegments(1024))
        try fill(log, batches: 200)
        let end = log.logEndOffset
        try log.close()
        log = try PartitionLog.open(dir, smallSegments(1024))
        #expect(log.logEndOffset == end)
        #expect(openCount(log) == 3)
        // An unclean shutdown re-validates the active segment and checks the others' indexes.
        log.closeWithoutMarker()
        log = try PartitionLog.open(dir, smallSegments(1024))
        #expect(log.logEndOffset == end)
        #expect(openCount(log) == 3)
        try fill(log, batches: 10)
        #expect(try log.batchOffsets().count == 210)
        #expect(openCount(log) == 3)
        try log.close()
    }

    @Test func truncationIntoAnOldSegmentMakesItActiveAndWritable() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, smallSegments(1024))
        try fill(log, batches: 100)
        let bases = log.segmentBaseOffsets
        let target = bases[bases.count / 2] + 2
        try log.truncate(to: target)
        #expect(openCount(log) == 3)
        try fill(log, batches: 5)
        let offsets = try log.batchOffsets()
        #expect(zip(offsets, offsets.dropFirst()).allSatisfy { $0.1 + 1 == $1.0 })
        #expect(openCount(log) == 3)
        try log.close()
    }
}

/// A roll that fails for want of a descriptor must not leave a file that a later start mistakes for
/// a segment (found by wire fuzzing: tests/integration/test_fuzz_regressions.py).
@Suite struct FailedRollTests {
    @Test func aRollThatCannotOpenItsIndexLeavesNoFileAndLosesNothingAtTheNextStart() throws {
        let dir = TempDirectory()
        let io = FaultyFileIO()
        let log = try PartitionLog.open(dir, smallSegments(1024), io: io)
        while log.segmentBaseOffsets.count == 1 { _ = try log.append(TestBatch.make(records: 4, valueSize: 100), now: 0) }
        let bases = log.segmentBaseOffsets
        // The next roll opens `<base>.log` (fine), then `<base>.index` (fails).
        while log.segmentBaseOffsets == bases {
            let before = log.logEndOffset
            io.inject(.openError(errno: EMFILE), skipping: 1)
            do {
                _ = try log.append(TestBatch.make(records: 4, valueSize: 100), now: 0)
                io.clear()
            } catch {
                io.clear()
                #expect(log.logEndOffset == before)
                let stray = dir.path + "/t-0/" + LogSegment.fileName(baseOffset: before, suffix: ".log")
                #expect(Files.size(stray) == -1, "the failed roll left \(stray)")
                // Small batches fit the old segment, past the failed roll's base; then a real roll.
                _ = try log.append(TestBatch.make(records: 1, valueSize: 1), now: 0)
                for _ in 0..<20 { _ = try log.append(TestBatch.make(records: 4, valueSize: 100), now: 0) }
                break
            }
        }
        let end = log.logEndOffset
        try log.close()
        let reopened = try PartitionLog.open(dir, smallSegments(1024))
        #expect(reopened.logEndOffset == end)
        let offsets = try reopened.batchOffsets()
        #expect(offsets.first?.0 == 0 && offsets.last.map { $0.1 + 1 } == end)
        #expect(zip(offsets, offsets.dropFirst()).allSatisfy { $0.1 + 1 == $1.0 })
    }

    @Test func anEmptySegmentFileInsideAnotherSegmentsRangeIsDroppedAlone() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, smallSegments(1024))
        for _ in 0..<40 { _ = try log.append(TestBatch.make(records: 4, valueSize: 100), now: 0) }
        let bases = log.segmentBaseOffsets
        let end = log.logEndOffset
        try log.close()
        #expect(bases.count >= 3)
        // An empty file whose base lies inside the first segment's offsets.
        Files.write(dir.path + "/t-0/" + LogSegment.fileName(baseOffset: bases[0] + 2, suffix: ".log"), bytes: [])
        let reopened = try PartitionLog.open(dir, smallSegments(1024))
        #expect(reopened.segmentBaseOffsets == bases)
        #expect(reopened.logEndOffset == end)
    }
}

@Suite struct FlushShortageTests {
    @Test func aFlushShortOfDescriptorsFailsAloneAndTheNextOneSyncsEverything() throws {
        let dir = TempDirectory()
        let io = FaultyFileIO()
        let log = try PartitionLog.open(dir, smallSegments(1024), io: io)
        // Roll at least once without a flush: the rolled segment is dirty and its file closed.
        while log.segmentBaseOffsets.count < 3 { _ = try log.append(TestBatch.make(records: 4, valueSize: 100), now: 0) }
        io.inject(.openError(errno: EMFILE))
        #expect(throws: StorageError.self) { try log.flush() }
        io.clear()
        #expect(log.flushedOffset < log.logEndOffset)
        // Not taken offline: appends and the next flush go on, and that flush covers everything.
        _ = try log.append(TestBatch.make(records: 4, valueSize: 100), now: 0)
        #expect(try log.flush() == log.logEndOffset)
        try log.close()
    }
}
