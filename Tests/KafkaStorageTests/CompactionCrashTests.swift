import KafkaModel
import KafkaRecords
import NIOCore
import Testing

@testable import KafkaStorage

#if canImport(Glibc)
import Glibc
#endif

/// Crash points of a cleaning pass: whatever step it stops at, the log reopens with every segment
/// either as it was or fully cleaned, nothing lost, and a later pass finishes the job.
@Suite struct CompactionCrashTests {
    /// A log of 16 or so segments, a quarter of its records keys written once and the rest
    /// versions of two churning keys, and its records: cleaning leaves a quarter of each segment,
    /// so several groups of three or four segments merge, each a multi-segment swap.
    private static func makeLog(_ dir: TempDirectory, io: FileIO = PosixFileIO()) throws -> (PartitionLog, [StoredRecord]) {
        let log = try PartitionLog.open(dir, Compacted.config(), io: io)
        for i in 0..<20 {
            try Compacted.put(log, "u\(i)", "x\(i)")
            for j in 0..<3 { try Compacted.put(log, "c\(j % 2)", "v\(i)-\(j)") }
        }
        try log.flush()
        return (log, try Compacted.records(log))
    }

    /// Reopened contents must lie between the compacted and the original log: nothing invented,
    /// every latest value present, and the same log end.
    private static func checkBetween(_ records: [StoredRecord], original: [StoredRecord], compacted: [StoredRecord]) {
        let all = Set(original)
        #expect(records.allSatisfy { all.contains($0) })
        let present = Set(records)
        #expect(compacted.allSatisfy { present.contains($0) })
        #expect(records.map(\.offset) == records.map(\.offset).sorted())
    }

    static let steps: [CleanerStep] = [.cleanedWritten, .swapRenamed, .oldDeleted, .installed]

    @Test(arguments: steps, [0, 1, 2])
    func crashAtEveryStepOfTheSwapLeavesOldOrNewData(step: CleanerStep, segment: Int) throws {
        let dir = TempDirectory()
        let (log, original) = try Self.makeLog(dir)
        let end = log.logEndOffset
        let bases = log.segmentBaseOffsets
        let activeBase = try #require(bases.last)
        let compacted = Compacted.model(original, activeBase: activeBase)
        var seen = 0
        #expect(throws: StorageError.self) {
            try log.clean(now: 0, dedupeBufferBytes: 1 << 20, force: true) { reached throws(StorageError) in
                guard reached == step else { return }
                if seen == segment { throw .io(errno: EIO, context: "crash") }
                seen += 1
            }
        }
        log.closeWithoutMarker()

        let reopened = try PartitionLog.open(dir, Compacted.config())
        #expect(reopened.logEndOffset == end)
        Self.checkBetween(try Compacted.records(reopened), original: original, compacted: compacted)
        let leftovers = try FileSystem.list(dir.sub("t-0").string).filter {
            $0.hasSuffix(".cleaned") || $0.hasSuffix(".swap") || $0.hasSuffix(".deleted")
        }
        #expect(leftovers.isEmpty)
        // From the commit point on, the crashed group is merged: its later members are gone.
        let reopenedBases = reopened.segmentBaseOffsets
        #expect(Set(reopenedBases).isSubset(of: bases) && reopenedBases.last == activeBase)
        if step != .cleanedWritten { #expect(reopenedBases.count < bases.count) }
        // The next pass completes the compaction.
        try reopened.clean(now: 0, dedupeBufferBytes: 1 << 20, force: true)
        #expect(try Compacted.records(reopened) == compacted)
        #expect(reopened.segmentBaseOffsets.count <= bases.count / 2 + 1)
    }

    /// Segments are swapped one at a time, so a failure part-way leaves the earlier ones cleaned
    /// and the failing one (and later ones) as they were.
    @Test(arguments: [0, 1, 2])
    func writeErrorWhileRewritingKeepsTheSegmentsNotYetSwapped(failingWrite: Int) throws {
        let dir = TempDirectory()
        let io = FaultyFileIO()
        let (log, original) = try Self.makeLog(dir, io: io)
        let compacted = Compacted.model(original, activeBase: try #require(log.segmentBaseOffsets.last))
        io.inject(.shortWrite(keepBytes: 10, errno: ENOSPC), skipping: failingWrite)
        #expect(throws: StorageError.self) { try log.clean(now: 0, dedupeBufferBytes: 1 << 20, force: true) }
        #expect(io.firedCount == 1)
        // The log serves and accepts as before.
        Self.checkBetween(try Compacted.records(log), original: original, compacted: compacted)
        #expect(try Compacted.records(log).count > compacted.count)
        let offset = try Compacted.put(log, "k0", "after")
        try log.close()
        let reopened = try PartitionLog.open(dir, Compacted.config())
        let records = try Compacted.records(reopened)
        #expect(records.last == StoredRecord(offset: offset, key: "k0", value: "after"))
        Self.checkBetween(Array(records.dropLast()), original: original, compacted: compacted)
        #expect(try FileSystem.list(dir.sub("t-0").string).allSatisfy { !$0.hasSuffix(".cleaned") })
    }

    @Test func fsyncErrorOfTheCleanedFileKeepsTheOldSegment() throws {
        let dir = TempDirectory()
        let io = FaultyFileIO()
        let (log, original) = try Self.makeLog(dir, io: io)
        io.inject(.fsyncError(errno: EIO))
        #expect(throws: StorageError.self) { try log.clean(now: 0, dedupeBufferBytes: 1 << 20, force: true) }
        #expect(try Compacted.records(log) == original)
        let stats = try #require(try log.clean(now: 0, dedupeBufferBytes: 1 << 20, force: true))
        #expect(stats.recordsRemoved > 0)
    }

    /// The step-by-step state of a multi-segment swap, replayed by hand: a `.swap` covering the
    /// first three segments beside all their old files. Start-up keeps the swap's data, deletes
    /// every old segment whose base lies in its range (and no other), and never loads twice.
    @Test func startupCompletesASwapThatCoversSeveralSegments() throws {
        let dir = TempDirectory()
        let (log, original) = try Self.makeLog(dir)
        let bases = log.segmentBaseOffsets
        let partition = dir.path + "/t-0/"
        // A merged copy of segments 0…2: their batches back to back (uncompacted, still a valid
        // stand-in for a cleaned group: same offsets, one file).
        var merged: [UInt8] = []
        for base in bases.prefix(3) {
            let fd = open(partition + LogSegment.fileName(baseOffset: base, suffix: ".log"), O_RDONLY)
            let size = Files.size(partition + LogSegment.fileName(baseOffset: base, suffix: ".log"))
            var bytes = [UInt8](repeating: 0, count: Int(size))
            _ = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
            close(fd)
            merged += bytes
        }
        log.closeWithoutMarker()
        Files.write(partition + LogSegment.fileName(baseOffset: bases[0], suffix: ".log.swap"), bytes: merged)
        let reopened = try PartitionLog.open(dir, Compacted.config())
        #expect(reopened.segmentBaseOffsets == [bases[0]] + bases.dropFirst(3))
        #expect(try Compacted.records(reopened) == original)
        #expect(try FileSystem.list(dir.path + "/t-0").allSatisfy { !$0.hasSuffix(".swap") })
    }

    @Test func appendsReadsAndRetentionGoOnWhileCleaning() async throws {
        let dir = TempDirectory()
        let config = try Compacted.config(["cleanup.policy": "compact,delete", "retention.bytes": "6000"])
        let log = try PartitionLog.open(dir, config)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for i in 0..<600 { _ = try? Compacted.put(log, "k\(i % 7)", "v\(i)") }
            }
            group.addTask {
                for _ in 0..<40 {
                    _ = try? log.clean(now: 0, dedupeBufferBytes: 1 << 20, force: true)
                    _ = try? log.deleteOldSegments(now: 0)
                }
            }
            group.addTask {
                for _ in 0..<200 {
                    guard let records = try? Compacted.records(log) else { continue }
                    #expect(records.map(\.offset) == records.map(\.offset).sorted())
                }
            }
        }
        #expect(log.logEndOffset == 600)
        try log.clean(now: 0, dedupeBufferBytes: 1 << 20, force: true)
        let records = try Compacted.records(log)
        for key in 0..<7 {
            let last = (0..<600).last { $0 % 7 == key }!
            #expect(records.contains(StoredRecord(offset: Int64(last), key: "k\(key)", value: "v\(last)")))
        }
        try log.close()
        #expect(try Compacted.records(PartitionLog.open(dir, config)) == records)
    }

    @Test func readerHoldingTheOldFileKeepsReadingIt() throws {
        let dir = TempDirectory()
        let (log, original) = try Self.makeLog(dir)
        let result = try log.read(from: 0, maxBytes: 1 << 20, minOneBatch: true)
        defer { result.closeAll() }
        try log.clean(now: 0, dedupeBufferBytes: 1 << 20, force: true)
        var count = 0
        for slice in result.slices {
            var buffer = ByteBufferAllocator().buffer(capacity: slice.length)
            buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: slice.length) { raw in
                pread(slice.fileDescriptor, raw.baseAddress, slice.length, off_t(slice.position))
            }
            for batch in RecordBatch.split(buffer).batches { count += Int(batch.recordCount) }
        }
        #expect(count == original.count)
    }
}
