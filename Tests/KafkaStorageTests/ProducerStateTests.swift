import KafkaModel
import KafkaRecords
import Testing

@testable import KafkaStorage

@Suite struct ProducerStateTests {
    private func batch(pid: Int64 = 7, epoch: Int16 = 0, seq: Int32, records: Int = 2) -> RecordBatch {
        TestBatch.make(records: records, producerID: pid, epoch: epoch, baseSequence: seq)
    }

    @Test func retryOfOneOfTheLastFiveReturnsTheOriginalOffsets() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir)
        var results: [AppendResult] = []
        for i in 0..<6 { results.append(try log.append(batch(seq: Int32(i * 2)), now: 0)) }
        for i in 1..<6 {
            let retry = try log.append(batch(seq: Int32(i * 2)), now: 0)
            #expect(retry.isDuplicate)
            #expect(retry.baseOffset == results[i].baseOffset && retry.lastOffset == results[i].lastOffset)
        }
        #expect(log.logEndOffset == 12)
        // The oldest batch fell out of the window of five: it is now just out of order.
        #expect(throws: StorageError.outOfOrderSequence(producerID: 7, expected: 12, received: 0)) {
            try log.append(batch(seq: 0), now: 0)
        }
    }

    @Test func sequenceGapIsOutOfOrder() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir)
        _ = try log.append(batch(seq: 0), now: 0)
        #expect(throws: StorageError.outOfOrderSequence(producerID: 7, expected: 2, received: 5)) {
            try log.append(batch(seq: 5), now: 0)
        }
        #expect(StorageError.outOfOrderSequence(producerID: 7, expected: 2, received: 5).errorCode == .outOfOrderSequenceNumber)
        #expect(try log.append(batch(seq: 2), now: 0).baseOffset == 2)
    }

    @Test func olderEpochIsFencedAndNewerEpochMustStartAtZero() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir)
        _ = try log.append(batch(epoch: 3, seq: 0), now: 0)
        #expect(throws: StorageError.invalidProducerEpoch(producerID: 7, current: 3, received: 2)) {
            try log.append(batch(epoch: 2, seq: 2), now: 0)
        }
        #expect(StorageError.invalidProducerEpoch(producerID: 7, current: 3, received: 2).errorCode == .invalidProducerEpoch)
        #expect(throws: StorageError.outOfOrderSequence(producerID: 7, expected: 0, received: 4)) {
            try log.append(batch(epoch: 4, seq: 4), now: 0)
        }
        #expect(try log.append(batch(epoch: 4, seq: 0), now: 0).baseOffset == 2)
    }

    @Test func unknownProducerMayStartAnywhereAndSequencesWrap() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir)
        _ = try log.append(batch(seq: Int32.max - 1, records: 2), now: 0)
        #expect(try log.append(batch(seq: 0), now: 0).baseOffset == 2)
        _ = try log.append(TestBatch.make(records: 1), now: 0)
    }

    @Test func stateIsRebuiltAfterRestart() throws {
        let dir = TempDirectory()
        let first: AppendResult
        do {
            let log = try PartitionLog.open(dir, smallSegments(300))
            first = try log.append(batch(seq: 0), now: 0)
            for i in 1..<4 { _ = try log.append(batch(seq: Int32(i * 2)), now: 0) }
            _ = try log.append(batch(pid: 9, epoch: 1, seq: 10), now: 0)
            log.closeWithoutMarker()
        }
        let log = try PartitionLog.open(dir, smallSegments(300))
        let retry = try log.append(batch(seq: 0), now: 0)
        #expect(retry.isDuplicate && retry.baseOffset == first.baseOffset)
        #expect(throws: StorageError.self) { try log.append(batch(seq: 10), now: 0) }
        #expect(throws: StorageError.invalidProducerEpoch(producerID: 9, current: 1, received: 0)) {
            try log.append(batch(pid: 9, epoch: 0, seq: 12), now: 0)
        }
        #expect(try log.append(batch(pid: 9, epoch: 1, seq: 12), now: 0).baseOffset == 10)
    }

    @Test func truncationForgetsRemovedBatches() throws {
        let dir = TempDirectory()
        let log = try PartitionLog.open(dir)
        for i in 0..<3 { _ = try log.append(batch(seq: Int32(i * 2)), now: 0) }
        try log.truncate(to: 4)
        #expect(log.logEndOffset == 4)
        #expect(try log.append(batch(seq: 4), now: 0).baseOffset == 4)
    }
}
