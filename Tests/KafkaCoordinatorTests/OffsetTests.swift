import KafkaCoordinator
import KafkaModel
import Testing

@Suite("OffsetCommit / OffsetFetch / replay")
struct OffsetTests {
    @Test func simpleCommitAndFetch() {
        var h = Harness()
        let request = h.commit([(tp0, 10), (tp1, 20)], metadata: "meta")
        #expect(h.commitResult(request)?.partitions.map(\.error) == [.none, .none])
        let fetched = h.coordinator.fetchOffsets(group: "g", partitions: [tp0, TopicPartition(topic: "t", partition: 9)])
        #expect(fetched.error == KafkaErrorCode.none)
        #expect(fetched.partitions[0].offset == 10)
        #expect(fetched.partitions[0].metadata == "meta")
        #expect(fetched.partitions[1].offset == -1)
        #expect(fetched.partitions[1].leaderEpoch == -1)
        #expect(fetched.partitions[1].metadata == "")
        #expect(fetched.partitions[1].error == KafkaErrorCode.none)
        // nil = every committed partition.
        #expect(h.coordinator.fetchOffsets(group: "g", partitions: nil).partitions.map(\.partition) == [tp0, tp1])
        // Unknown group: -1 without error.
        #expect(h.coordinator.fetchOffsets(group: "nope", partitions: [tp0]).partitions.first?.offset == -1)
        // The simple-commit group is listed as Empty with no protocol type.
        #expect(h.coordinator.listGroups().groups == [ListedGroup(groupID: "g", protocolType: "", state: "Empty")])
    }

    @Test func aRetentionPastInt64MaxNeverExpiresInsteadOfTrapping() {
        var h = Harness()
        h.now = 1_800_000_000_000
        let request = RequestID(4242)
        let input = OffsetCommitInput(
            groupID: "g", retentionTimeMs: .max, partitions: [OffsetCommitPartitionInput(partition: tp0, offset: 5, metadata: nil)])
        h.apply(h.coordinator.offsetCommitReceived(input, request: request, now: h.now))
        #expect(h.commitResult(request)?.partitions.map(\.error) == [.none])
        h.now += 365 * 24 * 3_600_000
        h.apply(h.coordinator.expireOffsets(now: h.now))
        #expect(h.coordinator.fetchOffsets(group: "g", partitions: [tp0]).partitions.first?.offset == 5)
    }

    @Test func commitAnsweredOnlyAfterAppendCompleted() {
        var h = Harness()
        h.autoCompleteAppends = false
        let request = h.commit([(tp0, 5)])
        #expect(h.commitResult(request) == nil)
        #expect(h.heldAppends.count == 1)
        #expect(h.heldAppends[0].partition == h.coordinator.partition(forGroup: "g"))
        #expect(h.coordinator.fetchOffsets(group: "g", partitions: [tp0]).partitions[0].offset == -1)
        h.completeAppends()
        #expect(h.commitResult(request)?.partitions.first?.error == KafkaErrorCode.none)
        #expect(h.coordinator.fetchOffsets(group: "g", partitions: [tp0]).partitions[0].offset == 5)
    }

    @Test func failedAppendAnswersCoordinatorNotAvailable() {
        var h = Harness()
        h.autoCompleteAppends = false
        let request = h.commit([(tp0, 5)])
        h.completeAppends(success: false)
        #expect(h.commitResult(request)?.partitions.first?.error == .coordinatorNotAvailable)
        #expect(h.coordinator.fetchOffsets(group: "g", partitions: [tp0]).partitions[0].offset == -1)
    }

    @Test func oversizedMetadataIsRefusedPerPartition() {
        var h = Harness()
        let request = h.newRequest()
        let input = OffsetCommitInput(groupID: "g", partitions: [
            OffsetCommitPartitionInput(partition: tp0, offset: 1, metadata: String(repeating: "x", count: 4097)),
            OffsetCommitPartitionInput(partition: tp1, offset: 2, metadata: String(repeating: "y", count: 4096)),
        ])
        h.apply(h.coordinator.offsetCommitReceived(input, request: request, now: h.now))
        #expect(h.commitResult(request)?.partitions.map(\.error) == [.offsetMetadataTooLarge, .none])
        #expect(h.coordinator.fetchOffsets(group: "g", partitions: [tp1]).partitions[0].metadata.count == 4096)
    }

    @Test func memberCommitRules() {
        var h = Harness()
        let (members, generation) = JoinSyncTests.stableGroup(&h, count: 2)
        var request = h.commit(member: members[0], generation: generation, [(tp0, 1)])
        #expect(h.commitResult(request)?.partitions.first?.error == KafkaErrorCode.none)
        request = h.commit(member: members[0], generation: generation + 1, [(tp0, 1)])
        #expect(h.commitResult(request)?.partitions.first?.error == .illegalGeneration)
        request = h.commit(member: "ghost", generation: generation, [(tp0, 1)])
        #expect(h.commitResult(request)?.partitions.first?.error == .unknownMemberID)
        // A simple commit to a group with members is refused.
        request = h.commit([(tp0, 1)])
        #expect(h.commitResult(request)?.partitions.first?.error == .unknownMemberID)
        // PreparingRebalance: the old generation may still commit.
        _ = h.join(member: members[0], client: "c0")
        request = h.commit(member: members[1], generation: generation, [(tp0, 2)])
        #expect(h.commitResult(request)?.partitions.first?.error == KafkaErrorCode.none)
        // CompletingRebalance: REBALANCE_IN_PROGRESS.
        _ = h.join(member: members[1], client: "c1")
        #expect(h.state() == "CompletingRebalance")
        request = h.commit(member: members[1], generation: generation + 1, [(tp0, 3)])
        #expect(h.commitResult(request)?.partitions.first?.error == .rebalanceInProgress)
        // Unknown group with a generation: ILLEGAL_GENERATION; empty group id: INVALID_GROUP_ID.
        request = h.commit(group: "other", member: "m", generation: 3, [(tp0, 1)])
        #expect(h.commitResult(request)?.partitions.first?.error == .illegalGeneration)
        request = h.commit(group: "", [(tp0, 1)])
        #expect(h.commitResult(request)?.partitions.first?.error == .invalidGroupID)
    }

    @Test func replayOfEmittedRecordsRebuildsOffsetsAndGroups() throws {
        var h = Harness()
        let (members, generation) = JoinSyncTests.stableGroup(&h, count: 2)
        _ = h.commit(member: members[0], generation: generation, [(tp0, 11), (tp1, 12)], metadata: "md")
        _ = h.commit(group: "simple", [(tp0, 99)])
        var fresh = GroupCoordinator(config: Harness.defaultConfig)
        for partition in 0..<Int32(50) { _ = fresh.partitionLoadStarted(partition: partition) }
        #expect(fresh.describeGroup("g").error == .coordinatorLoadInProgress)
        for entry in h.log { try fresh.replay(key: entry.record.key, value: entry.record.value) }
        var actions: [CoordinatorAction] = []
        for partition in 0..<Int32(50) { actions += fresh.partitionLoadFinished(partition: partition, now: h.now) }
        #expect(fresh.fetchOffsets(group: "g", partitions: nil) == h.coordinator.fetchOffsets(group: "g", partitions: nil))
        #expect(fresh.fetchOffsets(group: "simple", partitions: nil).partitions.first?.offset == 99)
        let original = h.coordinator.describeGroup("g")
        let rebuilt = fresh.describeGroup("g")
        #expect(rebuilt == original)
        #expect(rebuilt.members.allSatisfy { !$0.assignment.isEmpty })
        // Loaded members must heartbeat again before their sessions end.
        #expect(actions.count == 2)
        var rebuiltHarness = h
        rebuiltHarness.coordinator = fresh
        rebuiltHarness.timers = [:]
        rebuiltHarness.apply(actions)
        rebuiltHarness.advance(by: 5000)
        #expect(rebuiltHarness.heartbeat(member: members[1], generation: generation) == KafkaErrorCode.none)
        rebuiltHarness.advance(by: 5001)  // the leader's session (armed at load) ran out
        #expect(rebuiltHarness.state() == "PreparingRebalance")
    }

    @Test func loadingAnswersLoadInProgress() {
        var h = Harness()
        let partition = h.coordinator.partition(forGroup: "g")
        _ = h.coordinator.partitionLoadStarted(partition: partition)
        let join = h.join()
        #expect(h.joinResult(join)?.error == .coordinatorLoadInProgress)
        let commit = h.commit([(tp0, 1)])
        #expect(h.commitResult(commit)?.partitions.first?.error == .coordinatorLoadInProgress)
        #expect(h.heartbeat(member: "m", generation: 1) == .coordinatorLoadInProgress)
        #expect(h.coordinator.fetchOffsets(group: "g", partitions: nil).error == .coordinatorLoadInProgress)
        #expect(h.coordinator.listGroups().error == .coordinatorLoadInProgress)
        // Other partitions are unaffected.
        let other = "my-group"
        #expect(h.coordinator.partition(forGroup: other) != partition)
        let otherJoin = h.join(other)
        #expect(h.joinResult(otherJoin)?.error == .memberIDRequired)
        _ = h.coordinator.partitionLoadFinished(partition: partition, now: h.now)
        let afterLoad = h.join()
        #expect(h.joinResult(afterLoad)?.error == .memberIDRequired)
    }

    @Test func offsetsOfEmptyGroupExpire() {
        var h = Harness()
        _ = h.commit([(tp0, 1)])
        let config = Harness.defaultConfig
        #expect(h.coordinator.expireOffsets(now: h.now + config.offsetsRetentionMs - 1).isEmpty)
        h.now += config.offsetsRetentionMs
        h.apply(h.coordinator.expireOffsets(now: h.now))
        #expect(h.coordinator.fetchOffsets(group: "g", partitions: [tp0]).partitions[0].offset == -1)
        #expect(h.coordinator.listGroups().groups.isEmpty)
        // Tombstones were written: the offset, then the group.
        #expect(h.log.suffix(2).map(\.record.value) == [nil, nil])
    }

    @Test func offsetsOfActiveGroupDoNotExpire() {
        var h = Harness()
        let (members, generation) = JoinSyncTests.stableGroup(&h, count: 1)
        _ = h.commit(member: members[0], generation: generation, [(tp0, 1)])
        // A topic nobody subscribes to any more does expire.
        _ = h.commit(member: members[0], generation: generation, [(TopicPartition(topic: "old", partition: 0), 1)])
        h.now += Harness.defaultConfig.offsetsRetentionMs + 1
        h.apply(h.coordinator.expireOffsets(now: h.now))
        let remaining = h.coordinator.fetchOffsets(group: "g", partitions: nil).partitions.map(\.partition)
        #expect(remaining == [tp0])
    }
}
