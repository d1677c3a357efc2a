import KafkaModel
import Testing

@testable import KafkaCoordinator

/// OffsetCommit v1 sends a commit timestamp per partition: it is stored as the commit time (−1 means
/// the time of the commit), and retention counts from it, as in Kafka's group coordinator.
@Suite struct OffsetCommitTimestampTests {
    let tp0 = TopicPartition(topic: "t", partition: 0)

    func commit(_ h: inout Harness, timestamp: Int64) -> OffsetCommitResult? {
        let request = h.newRequest()
        let input = OffsetCommitInput(
            groupID: "g", partitions: [OffsetCommitPartitionInput(partition: tp0, offset: 7, commitTimestamp: timestamp)])
        h.apply(h.coordinator.offsetCommitReceived(input, request: request, now: h.now))
        return h.commitResult(request)
    }

    func storedCommitTimestamp(_ h: Harness) throws -> Int64? {
        guard let value = h.log.last?.record.value else { return nil }
        return try OffsetsTopicSchema.decodeOffsetCommitValue(value).commitTimestamp
    }

    @Test func anExplicitCommitTimestampIsStored() throws {
        var h = Harness()
        #expect(commit(&h, timestamp: h.now + 5_000)?.partitions.map(\.error) == [.none])
        #expect(try storedCommitTimestamp(h) == h.now + 5_000)
    }

    @Test func minusOneMeansNow() throws {
        var h = Harness()
        #expect(commit(&h, timestamp: -1)?.partitions.map(\.error) == [.none])
        #expect(try storedCommitTimestamp(h) == h.now)
    }

    @Test func retentionCountsFromTheCommitTimestamp() {
        var h = Harness()
        let retention = Harness.defaultConfig.offsetsRetentionMs
        _ = commit(&h, timestamp: h.now + 60_000)
        h.apply(h.coordinator.expireOffsets(now: h.now + retention + 1))
        #expect(h.coordinator.fetchOffsets(group: "g", partitions: [tp0]).partitions.first?.offset == 7)
        h.apply(h.coordinator.expireOffsets(now: h.now + 60_000 + retention))
        #expect(h.coordinator.fetchOffsets(group: "g", partitions: [tp0]).partitions.first?.offset == -1)
    }
}
