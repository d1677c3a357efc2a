import KafkaRecords
import NIOCore
import Testing

@testable import KafkaStorage

/// `preallocate`: the active segment reserves space ahead of its data; every other file ends
/// exactly at its last batch, and a crash that leaves a reserved tail loses nothing.
@Suite struct PreallocationTests {
    private static func path(_ dir: TempDirectory, _ base: Int64) -> String {
        dir.path + "/t-0/" + LogSegment.fileName(baseOffset: base, suffix: ".log")
    }

    @Test func onlyTheActiveSegmentRunsPastItsData() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, smallSegments(1 << 20))
        _ = try log.append(TestBatch.make(records: 3, valueSize: 100), now: 0)
        let dataEnd = log.segments[0].size
        #expect(Files.size(Self.path(dir, 0)) == LogSegment.preallocationChunk)
        #expect(try log.readBytes(from: 0, maxBytes: 1 << 30).readableBytes == Int(dataEnd))
        try log.close()
        #expect(Files.size(Self.path(dir, 0)) == dataEnd)
        let reopened = try PartitionLog.open(dir, smallSegments(1 << 20))
        #expect(!reopened.recoveredFromUncleanShutdown && reopened.logEndOffset == 3)
        try reopened.close()
    }

    @Test func aRolledSegmentIsTrimmedAndTheReserveIsCappedBySegmentBytes() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, smallSegments(4096))
        while log.segmentBaseOffsets.count < 3 { _ = try log.append(TestBatch.make(records: 2, valueSize: 200), now: 0) }
        for (segment, base) in zip(log.segments.dropLast(), log.segmentBaseOffsets) {
            #expect(Files.size(Self.path(dir, base)) == segment.size)
        }
        #expect(Files.size(Self.path(dir, log.segmentBaseOffsets.last!)) == 4096)
        try log.close()
    }

    @Test func aCrashWithAReservedTailKeepsEveryBatch() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, smallSegments(1 << 20))
        for _ in 0..<10 { _ = try log.append(TestBatch.make(records: 2, valueSize: 50), now: 0) }
        let before = try log.readBytes(from: 0, maxBytes: 1 << 30)
        log.closeWithoutMarker()
        #expect(Files.size(Self.path(dir, 0)) > Int64(before.readableBytes))
        let reopened = try PartitionLog.open(dir, smallSegments(1 << 20))
        #expect(reopened.recoveredFromUncleanShutdown)
        #expect(reopened.logEndOffset == 20)
        #expect(try reopened.readBytes(from: 0, maxBytes: 1 << 30) == before)
        #expect(Files.size(Self.path(dir, 0)) == Int64(before.readableBytes))
        try reopened.close()
    }

    /// A roll's trim that never reached the disk leaves zeros after an inactive segment's data;
    /// that is slack, not a torn write, so the segments after it stay.
    @Test func zerosAfterAnInactiveSegmentAreNotATornWrite() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, smallSegments(2048))
        while log.segmentBaseOffsets.count < 3 { _ = try log.append(TestBatch.make(records: 2, valueSize: 200), now: 0) }
        let end = log.logEndOffset
        let bases = log.segmentBaseOffsets
        let before = try log.readBytes(from: 0, maxBytes: 1 << 30)
        log.closeWithoutMarker()
        let first = Self.path(dir, bases[0])
        Files.zero(first, from: Files.size(first), to: Files.size(first) + 1000)
        let reopened = try PartitionLog.open(dir, smallSegments(2048))
        #expect(reopened.segmentBaseOffsets == bases)
        #expect(reopened.logEndOffset == end)
        #expect(try reopened.readBytes(from: 0, maxBytes: 1 << 30) == before)
        try reopened.close()
    }

    @Test func offLeavesFilesExactlyAsLongAsTheirData() throws {
        let dir = TempDirectory()
        var config = smallSegments(1 << 20)
        config.preallocate = false
        let log = try PartitionLog.open(dir, config)
        _ = try log.append(TestBatch.make(records: 3, valueSize: 100), now: 0)
        #expect(Files.size(Self.path(dir, 0)) == log.segments[0].size)
        try log.close()
    }
}
