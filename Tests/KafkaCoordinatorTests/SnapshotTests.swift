import KafkaCoordinator
import KafkaModel
import Testing

/// What the broker's lag metrics read: every live group's committed offsets and member count.
@Suite struct SnapshotTests {
    @Test func listsCommittedOffsetsOfLiveGroupsSortedByID() {
        var h = Harness()
        _ = h.commit(group: "zeta", [(tp0, 10)])
        _ = h.commit(group: "alpha", [(tp0, 3), (tp1, 7)])
        _ = h.commit(group: "alpha", [(tp1, 9)])
        #expect(h.coordinator.allCommittedOffsets() == [
            GroupOffsetsSnapshot(groupID: "alpha", memberCount: 0, offsets: [tp0: 3, tp1: 9]),
            GroupOffsetsSnapshot(groupID: "zeta", memberCount: 0, offsets: [tp0: 10]),
        ])
    }

    @Test func deletedGroupsLeaveTheSnapshot() {
        var h = Harness()
        _ = h.commit(group: "kept", [(tp0, 1)])
        _ = h.commit(group: "deleted", [(tp0, 2)])
        let request = h.newRequest()
        h.apply(h.coordinator.deleteGroupsReceived(["deleted"], request: request, now: h.now))
        #expect(h.coordinator.allCommittedOffsets().map(\.groupID) == ["kept"])
    }

    @Test func groupsOfALoadingPartitionAreLeftOutAndNotReady() throws {
        var h = Harness()
        _ = h.commit(group: "g", [(tp0, 5)])
        #expect(h.coordinator.isLoaded)
        // Reload the group's partition as at start-up: its records are replayed while it is loading.
        let partition = h.coordinator.partition(forGroup: "g")
        _ = h.coordinator.partitionLoadStarted(partition: partition)
        for entry in h.log where entry.partition == partition {
            try h.coordinator.replay(key: entry.record.key, value: entry.record.value)
        }
        #expect(!h.coordinator.isLoaded)
        #expect(h.coordinator.allCommittedOffsets().isEmpty)
        _ = h.coordinator.partitionLoadFinished(partition: partition, now: h.now)
        #expect(h.coordinator.isLoaded)
        #expect(h.coordinator.allCommittedOffsets() == [GroupOffsetsSnapshot(groupID: "g", memberCount: 0, offsets: [tp0: 5])])
    }
}
