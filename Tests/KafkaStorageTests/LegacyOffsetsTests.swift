import KafkaRecords
import NIOCore
import Testing

@testable import KafkaStorage

#if canImport(Glibc)
import Glibc
#endif

/// ListOffsets v0 answers segment boundaries, newest first, as Kafka's legacyFetchOffsetsBefore:
/// latest starts at the log end, earliest is only the log start, a time picks the segments whose
/// files were last modified at or before it, and `max_num_offsets` caps the walk back.
@Suite struct LegacyOffsetsTests {
    /// Three segments based at 0, 10 and 20, modified at 100, 200 and 300; log end 25 at "now" 1000.
    static let entries = LegacyOffsets.entries(
        segments: [(0, 100), (10, 200), (20, 300)], lastSegmentHasData: true, logStartOffset: 0, logEndOffset: 25, now: 1_000)

    @Test func latestIsTheLogEndThenSegmentBasesDescending() {
        #expect(LegacyOffsets.offsets(Self.entries, before: -1, maxNumOffsets: 1) == [25])
        #expect(LegacyOffsets.offsets(Self.entries, before: -1, maxNumOffsets: 3) == [25, 20, 10])
        #expect(LegacyOffsets.offsets(Self.entries, before: -1, maxNumOffsets: 100) == [25, 20, 10, 0])
    }

    @Test func earliestIsOnlyTheLogStart() {
        #expect(LegacyOffsets.offsets(Self.entries, before: -2, maxNumOffsets: 10) == [0])
        let trimmed = LegacyOffsets.entries(
            segments: [(0, 100), (10, 200)], lastSegmentHasData: true, logStartOffset: 4, logEndOffset: 15, now: 1_000)
        #expect(LegacyOffsets.offsets(trimmed, before: -2, maxNumOffsets: 10) == [4])
    }

    @Test func aTimePicksSegmentsModifiedAtOrBeforeIt() {
        #expect(LegacyOffsets.offsets(Self.entries, before: 250, maxNumOffsets: 10) == [10, 0])
        #expect(LegacyOffsets.offsets(Self.entries, before: 200, maxNumOffsets: 10) == [10, 0])
        #expect(LegacyOffsets.offsets(Self.entries, before: 200, maxNumOffsets: 1) == [10])
        #expect(LegacyOffsets.offsets(Self.entries, before: 5_000, maxNumOffsets: 2) == [25, 20])
        #expect(LegacyOffsets.offsets(Self.entries, before: 99, maxNumOffsets: 10) == [])
    }

    @Test func anEmptyActiveSegmentAddsNoLogEndEntry() {
        let entries = LegacyOffsets.entries(
            segments: [(0, 100), (10, 200)], lastSegmentHasData: false, logStartOffset: 0, logEndOffset: 10, now: 1_000)
        #expect(LegacyOffsets.offsets(entries, before: -1, maxNumOffsets: 5) == [10, 0])
    }

    @Test func zeroOffsetsIsEmptyAndNegativeIsAnError() {
        #expect(LegacyOffsets.offsets(Self.entries, before: -1, maxNumOffsets: 0) == [])
        #expect(LegacyOffsets.offsets(Self.entries, before: -1, maxNumOffsets: -1) == nil)
    }

    @Test func aLogAnswersFromItsSegmentFiles() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, smallSegments(256))
        for _ in 0..<12 { _ = try log.append(TestBatch.make(records: 2, timestamp: 0), now: 0) }
        let bases = log.segmentBaseOffsets
        #expect(bases.count > 2)
        let end = log.logEndOffset
        let now = PartitionLog.currentTimeMillis() + 60_000
        #expect(log.legacyOffsets(before: -1, maxNumOffsets: 1, now: now) == [end])
        // An active segment without data adds no log-end entry; its base is the log end already.
        let latest: [Int64] = bases.last == end ? bases.reversed() : [end] + bases.reversed()
        #expect(log.legacyOffsets(before: -1, maxNumOffsets: Int32(bases.count + 5), now: now) == latest)
        #expect(log.legacyOffsets(before: -2, maxNumOffsets: 5, now: now) == [0])
        // Every file was written before `now` and the log end is stamped `now`: a time just before it gives the bases.
        #expect(log.legacyOffsets(before: now - 1, maxNumOffsets: 100, now: now) == Array(bases.reversed()))
        #expect(log.legacyOffsets(before: 0, maxNumOffsets: 100, now: now) == [])
    }
}
