import KafkaCoordinator
import KafkaModel
import Testing

@Suite("DescribeGroups / ListGroups / DeleteGroups / OffsetDelete")
struct AdminTests {
    @Test func describeShowsProtocolAndAssignmentsOnlyWhenStable() {
        var h = Harness()
        #expect(h.coordinator.describeGroup("unknown").state == "Dead")
        #expect(h.coordinator.describeGroup("").error == .invalidGroupID)
        let (members, _) = JoinSyncTests.stableGroup(&h, count: 2)
        let stable = h.coordinator.describeGroup("g")
        #expect(stable.state == "Stable")
        #expect(stable.protocolType == "consumer")
        #expect(stable.protocolName == "range")
        #expect(stable.members.map(\.memberID) == members)
        #expect(stable.members.allSatisfy { $0.clientHost == "/127.0.0.1" && $0.metadata == subscription(["t"]) })
        #expect(stable.members.map(\.clientID) == ["c0", "c1"])
        #expect(stable.members[0].assignment == Array(members[0].utf8))
        _ = h.join(member: members[0], client: "c0")
        let preparing = h.coordinator.describeGroup("g")
        #expect(preparing.state == "PreparingRebalance")
        #expect(preparing.protocolName == "")
        #expect(preparing.members.count == 2)
        #expect(preparing.members.allSatisfy { $0.assignment.isEmpty && $0.metadata.isEmpty })
    }

    @Test func listGroupsWithStatesFilter() {
        var h = Harness()
        _ = JoinSyncTests.stableGroup(&h, count: 1, group: "a")
        _ = h.commit(group: "b", [(tp0, 1)])
        _ = h.joinTwoStep("c")
        #expect(h.coordinator.listGroups().groups.map(\.groupID) == ["a", "b", "c"])
        #expect(h.coordinator.listGroups(statesFilter: ["stable"]).groups.map(\.groupID) == ["a"])
        #expect(h.coordinator.listGroups(statesFilter: ["Empty", "PreparingRebalance"]).groups.map(\.groupID) == ["b", "c"])
        #expect(h.coordinator.listGroups().groups.first?.protocolType == "consumer")
    }

    @Test func deleteGroups() {
        var h = Harness()
        _ = JoinSyncTests.stableGroup(&h, count: 1, group: "busy")
        _ = h.commit(group: "idle", [(tp0, 1), (tp1, 2)])
        h.autoCompleteAppends = false
        let request = h.newRequest()
        h.apply(h.coordinator.deleteGroupsReceived(["busy", "idle", "missing", ""], request: request, now: h.now))
        #expect(h.responses[request] == nil)  // waits for the tombstones
        #expect(h.coordinator.describeGroup("idle").state == "Dead")
        // A Dead group answers COORDINATOR_NOT_AVAILABLE meanwhile.
        let commit = h.commit(group: "idle", [(tp0, 5)])
        #expect(h.commitResult(commit)?.partitions.first?.error == .coordinatorNotAvailable)
        let deadJoin = h.join("idle")
        #expect(h.joinResult(deadJoin)?.error == .coordinatorNotAvailable)
        #expect(h.heldAppends.first?.records.map(\.value) == [nil, nil, nil])
        h.completeAppends()
        guard case .deleteGroups(let result) = h.responses[request] else {
            Issue.record("no DeleteGroups response")
            return
        }
        #expect(result.results.map(\.error) == [.nonEmptyGroup, .none, .groupIDNotFound, .invalidGroupID])
        #expect(h.coordinator.describeGroup("idle").state == "Dead")
        #expect(h.coordinator.fetchOffsets(group: "idle", partitions: nil).partitions.isEmpty)
        #expect(h.coordinator.listGroups().groups.map(\.groupID) == ["busy"])
        // The group can be created again.
        let join = h.join("idle")
        #expect(h.joinResult(join)?.error == .memberIDRequired)
    }

    @Test func failedDeletionRestoresTheGroup() {
        var h = Harness()
        _ = h.commit(group: "idle", [(tp0, 1)])
        h.autoCompleteAppends = false
        let request = h.newRequest()
        h.apply(h.coordinator.deleteGroupsReceived(["idle"], request: request, now: h.now))
        h.completeAppends(success: false)
        guard case .deleteGroups(let result) = h.responses[request] else {
            Issue.record("no DeleteGroups response")
            return
        }
        #expect(result.results.first?.error == .coordinatorNotAvailable)
        #expect(h.coordinator.describeGroup("idle").state == "Empty")
        #expect(h.coordinator.fetchOffsets(group: "idle", partitions: [tp0]).partitions[0].offset == 1)
    }

    @Test func offsetDeleteRefusesSubscribedTopics() {
        var h = Harness()
        let (members, generation) = JoinSyncTests.stableGroup(&h, count: 2)
        let other = TopicPartition(topic: "other", partition: 0)
        _ = h.commit(member: members[0], generation: generation, [(tp0, 1), (other, 2)])
        let request = h.newRequest()
        h.apply(h.coordinator.offsetDeleteReceived(
            OffsetDeleteInput(groupID: "g", partitions: [tp0, other]), request: request, now: h.now))
        guard case .offsetDelete(let result) = h.responses[request] else {
            Issue.record("no OffsetDelete response")
            return
        }
        #expect(result.error == KafkaErrorCode.none)
        #expect(result.partitions.map(\.error) == [.groupSubscribedToTopic, .none])
        #expect(h.coordinator.fetchOffsets(group: "g", partitions: nil).partitions.map(\.partition) == [tp0])
        let unknown = h.newRequest()
        h.apply(h.coordinator.offsetDeleteReceived(OffsetDeleteInput(groupID: "zzz", partitions: [tp0]), request: unknown, now: h.now))
        #expect(h.responses[unknown] == .offsetDelete(OffsetDeleteResult(error: .groupIDNotFound, partitions: [])))
    }

    @Test func offsetDeleteOnEmptyGroupDeletesAnything() {
        var h = Harness()
        _ = h.commit([(tp0, 1)])
        let request = h.newRequest()
        h.apply(h.coordinator.offsetDeleteReceived(OffsetDeleteInput(groupID: "g", partitions: [tp0]), request: request, now: h.now))
        #expect(h.coordinator.fetchOffsets(group: "g", partitions: [tp0]).partitions[0].offset == -1)
        #expect(h.log.last?.record.value == nil)
    }

    @Test func subscriptionParsingIsLenient() {
        var h = Harness()
        // Garbage subscription bytes: the group is treated as subscribed to everything.
        let garbage = [GroupProtocol(name: "range", metadata: [0, 1, 0xFF])]
        let a = h.joinTwoStep(client: "a", protocols: garbage)
        h.advance(by: 3000)
        _ = h.sync(member: a.memberID, generation: 1, assignments: [:])
        _ = h.commit(member: a.memberID, generation: 1, [(TopicPartition(topic: "x", partition: 0), 1)])
        let request = h.newRequest()
        h.apply(h.coordinator.offsetDeleteReceived(
            OffsetDeleteInput(groupID: "g", partitions: [TopicPartition(topic: "x", partition: 0)]), request: request, now: h.now))
        #expect(h.responses[request] == .offsetDelete(OffsetDeleteResult(
            error: .none, partitions: [PartitionError(partition: TopicPartition(topic: "x", partition: 0), error: .groupSubscribedToTopic)])))
    }
}
