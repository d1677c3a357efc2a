import KafkaRecords
import Testing

@testable import KafkaStorage

/// A read reports which offsets each slice hands out, so Fetch can count records without parsing.
@Suite struct ReadOffsetsTests {
    @Test func partialReadEndsBeforeTheFirstBatchThatDidNotFit() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, smallSegments(1 << 20, indexInterval: 64))
        let size = TestBatch.make(records: 2, valueSize: 100).sizeInBytes
        for _ in 0..<30 { _ = try log.append(TestBatch.make(records: 2, valueSize: 100), now: 0) }
        let result = try log.read(from: 11, maxBytes: size * 3 + size / 2, minOneBatch: true)
        defer { result.closeAll() }
        #expect(result.slices.count == 1)
        #expect(result.slices.first?.firstOffset == 10)
        #expect(result.slices.first?.nextOffset == 16)
        #expect(result.slices.first?.offsetCount == 6)
    }

    @Test func slicesAcrossSegmentsChainUpToTheLogEnd() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir, smallSegments(1024))
        for _ in 0..<40 { _ = try log.append(TestBatch.make(records: 3, valueSize: 50), now: 0) }
        let result = try log.read(from: 0, maxBytes: 1 << 30, minOneBatch: true)
        defer { result.closeAll() }
        #expect(result.slices.count > 1)
        #expect(result.slices.first?.firstOffset == 0)
        for (slice, following) in zip(result.slices, result.slices.dropFirst()) {
            #expect(slice.nextOffset == following.firstOffset)
        }
        #expect(result.slices.last?.nextOffset == log.logEndOffset)
        #expect(result.slices.reduce(0) { $0 + $1.offsetCount } == 120)
    }

    @Test func oversizedFirstBatchCountsItsOwnOffsets() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir)
        _ = try log.append(TestBatch.make(records: 2), now: 0)
        _ = try log.append(TestBatch.make(records: 4, valueSize: 500), now: 0)
        _ = try log.append(TestBatch.make(records: 1), now: 0)
        let result = try log.read(from: 3, maxBytes: 100, minOneBatch: true)
        defer { result.closeAll() }
        #expect(result.slices.map(\.firstOffset) == [2])
        #expect(result.slices.map(\.nextOffset) == [6])
    }
}
