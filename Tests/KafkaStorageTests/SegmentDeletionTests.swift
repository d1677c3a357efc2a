import KafkaModel
import KafkaRecords
import NIOCore
import SystemPackage
import Testing

@testable import KafkaStorage

#if canImport(Glibc)
import Glibc
#endif

/// Kafka's asynchronous segment deletion: files of a segment leaving the log are renamed
/// `*.deleted` and unlinked only after `file.delete.delay.ms`; start-up removes leftovers.
@Suite struct SegmentDeletionTests {
    /// 20 single-record batches of ~170 bytes, two per 400-byte segment, timestamps 0…19 000.
    private func filledLog(_ dir: TempDirectory, delayMs: Int64 = 60_000) throws -> PartitionLog {
        var config = smallSegments(400)
        config.retentionMs = 10_000
        config.fileDeleteDelayMs = delayMs
        let log = try PartitionLog.open(dir, config)
        for i in 0..<20 {
            _ = try log.append(TestBatch.make(records: 1, valueSize: 100, timestamp: Int64(i) * 1_000), now: 0)
        }
        return log
    }

    private func files(_ dir: TempDirectory) throws -> [String] { try FileSystem.list(dir.path + "/t-0") }

    private func names(_ bases: [Int64], _ suffix: String = "") -> [String] {
        bases.flatMap { base in [".log", ".index", ".timeindex"].map { LogSegment.fileName(baseOffset: base, suffix: $0 + suffix) } }
    }

    @Test func retentionLeavesDeletedFilesUntilTheDelayPasses() throws {
        let dir = TempDirectory()
        let log = try filledLog(dir)
        #expect(try log.deleteOldSegments(now: 15_000) == 2)
        let listed = try files(dir)
        #expect(Set(names([0, 2], ".deleted")).isSubset(of: listed))
        #expect(Set(names([0, 2])).isDisjoint(with: listed))
        #expect(log.pendingDeletedFiles.count == 6)
        // Not yet due: one millisecond short of file.delete.delay.ms.
        #expect(log.removeDeletedFiles(now: 15_000 + 59_999) == 0)
        #expect(Set(names([0, 2], ".deleted")).isSubset(of: try files(dir)))
        #expect(log.removeDeletedFiles(now: 75_000) == 6)
        #expect(try files(dir).allSatisfy { !$0.hasSuffix(".deleted") })
        #expect(log.pendingDeletedFiles.isEmpty)
        #expect(try log.batchOffsets().first?.0 == 4)
    }

    @Test func zeroDelayRemovesAtTheNextCallAndLogManagerRemovesForEveryPartition() throws {
        let dir = TempDirectory()
        let manager = try LogManager(dataDirectory: dir.filePath)
        _ = try manager.createTopic(
            name: "t", partitions: 2, configs: ["segment.bytes": "400", "file.delete.delay.ms": "0"], validateOnly: false)
        for partition in Int32(0)..<2 {
            let log = try #require(manager.partitionLog(TopicPartition(topic: "t", partition: partition)))
            for _ in 0..<6 { _ = try log.append(TestBatch.make(records: 1, valueSize: 100), now: 0) }
            try log.deleteRecords(before: 4, now: 1_000)
            #expect(log.pendingDeletedFiles.count == 6)
        }
        #expect(manager.removeDeletedFiles(now: 999) == 0)
        #expect(manager.removeDeletedFiles(now: 1_000) == 12)
        for partition in Int32(0)..<2 {
            let listed = try FileSystem.list(dir.path + "/t-\(partition)")
            #expect(listed.allSatisfy { !$0.hasSuffix(".deleted") })
        }
        try manager.close()
    }

    /// A crash (or a clean shutdown) with `*.deleted` files still present: the next open neither
    /// loads them as segments nor keeps them.
    @Test(arguments: [false, true])
    func reopenIgnoresAndRemovesDeletedFiles(cleanShutdown: Bool) throws {
        let dir = TempDirectory()
        do {
            let log = try filledLog(dir)
            try log.flush()
            #expect(try log.deleteOldSegments(now: 15_000) == 2)
            if cleanShutdown { try log.close() } else { log.closeWithoutMarker() }
        }
        // A stray copy of a live segment under a `.deleted` name must not be loaded either.
        let partition = dir.path + "/t-0/"
        #expect(link(partition + LogSegment.fileName(baseOffset: 10, suffix: ".log"), partition + "00000000000000000010.log.deleted") == 0)
        #expect(try files(dir).filter { $0.hasSuffix(".deleted") }.count == 7)
        var config = smallSegments(400)
        config.retentionMs = 10_000
        let log = try PartitionLog.open(dir, config)
        #expect(try files(dir).allSatisfy { !$0.hasSuffix(".deleted") })
        #expect(log.segmentBaseOffsets == [4, 6, 8, 10, 12, 14, 16, 18])
        #expect(log.logStartOffset == 4 && log.logEndOffset == 20)
        #expect(try log.batchOffsets().map(\.0) == Array(4..<20))
    }

    @Test func readerHoldingASliceFromBeforeStillReadsTheSameBytes() throws {
        let dir = TempDirectory()
        let log = try filledLog(dir)
        let expected = try log.readBytes(from: 0, maxBytes: 1 << 20)
        let result = try log.read(from: 0, maxBytes: 1 << 20, minOneBatch: true)
        defer { result.closeAll() }
        #expect(try log.deleteOldSegments(now: 15_000) == 2)
        func readSlices() -> ByteBuffer {
            var buffer = ByteBufferAllocator().buffer(capacity: result.totalBytes)
            for slice in result.slices {
                buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: slice.length) { raw in
                    pread(slice.fileDescriptor, raw.baseAddress, slice.length, off_t(slice.position))
                }
            }
            return buffer
        }
        #expect(readSlices() == expected)
        // Still the same once the renamed files are unlinked.
        #expect(log.removeDeletedFiles(now: .max) == 6)
        #expect(readSlices() == expected)
    }

    @Test func truncationRenamesWholeSegmentsAndTheLogRegrowsOverThem() throws {
        let dir = TempDirectory()
        let log = try filledLog(dir)
        try log.truncate(to: 15, now: 0)
        #expect(log.logEndOffset == 15)
        #expect(Set(names([16, 18], ".deleted")).isSubset(of: try files(dir)))
        for i in 15..<20 { _ = try log.append(TestBatch.make(records: 1, valueSize: 100, timestamp: Int64(i) * 1_000), now: 0) }
        #expect(log.segmentBaseOffsets.suffix(2) == [16, 18])
        #expect(log.removeDeletedFiles(now: 60_000) == 6)
        #expect(try log.batchOffsets().map(\.0) == Array(0..<20))
        try log.close()
        #expect(try PartitionLog.open(dir, smallSegments(400)).batchOffsets().map(\.0) == Array(0..<20))
    }

    @Test func compactionRetiresTheReplacedSegments() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, Compacted.config())
        for version in 0..<10 { for key in 0..<4 { try Compacted.put(log, "k\(key)", "v\(version)") } }
        let before = log.segmentBaseOffsets
        try log.clean(now: 5_000, dedupeBufferBytes: 1 << 20, force: true)
        let retired = try files(dir).filter { $0.hasSuffix(".log.deleted") }.compactMap { Int64($0.prefix(20)) }
        #expect(!retired.isEmpty)
        #expect(Set(retired).isSubset(of: before.dropLast()))
        #expect(log.removeDeletedFiles(now: 5_000 + 59_999) == 0)
        #expect(log.removeDeletedFiles(now: 5_000 + 60_000) > 0)
        #expect(try files(dir).allSatisfy { !$0.hasSuffix(".deleted") })
    }
}
