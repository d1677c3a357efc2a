import KafkaCoordinator
import KafkaModel
import Testing

@Suite("Static membership (KIP-345)")
struct StaticMemberTests {
    /// A Stable group of static members "i0", "i1", ... (leader first).
    static func staticGroup(_ h: inout Harness, count: Int, supportsSkip: Bool = false) -> (members: [String], generation: Int32) {
        var joins: [RequestID] = []
        for index in 0..<count {
            // Static members skip MEMBER_ID_REQUIRED.
            joins.append(h.join(instance: "i\(index)", client: "c\(index)", supportsSkip: supportsSkip))
            #expect(h.joinResult(joins.last!) == nil)
        }
        h.advance(by: 6000)
        let results = joins.map { h.joinResult($0)! }
        let members = results.map(\.memberID)
        let generation = results[0].generationID
        var assignments: [String: [UInt8]] = [:]
        for (index, member) in members.enumerated() { assignments[member] = [UInt8(index)] }
        for (index, member) in members.enumerated().reversed() {
            _ = h.sync(member: member, generation: generation, assignments: index == 0 ? assignments : [:], instance: "i\(index)")
        }
        #expect(h.state() == "Stable")
        return (members, generation)
    }

    @Test func staticMemberRejoiningWithNewIDFencesTheOldOne() {
        var h = Harness()
        let (members, generation) = Self.staticGroup(&h, count: 2)
        #expect(members[1] == "i1-u2")
        // The follower restarts and joins with no member ID.
        let rejoin = h.join(instance: "i1", client: "c1")
        let result = h.joinResult(rejoin)!
        #expect(result.error == KafkaErrorCode.none)
        #expect(result.memberID != members[1])
        #expect(result.generationID == generation)  // no rebalance
        #expect(result.leaderID == members[0])
        #expect(h.state() == "Stable")
        // The old ID is fenced; the new one keeps the old assignment.
        #expect(h.heartbeat(member: members[1], generation: generation, instance: "i1") == .fencedInstanceID)
        let sync = h.sync(member: result.memberID, generation: generation, instance: "i1")
        #expect(h.syncResult(sync)?.assignment == [1])
        #expect(h.heartbeat(member: result.memberID, generation: generation, instance: "i1") == KafkaErrorCode.none)
        // The replacement was persisted.
        #expect(h.log.last.map { $0.record.key } == OffsetsTopicSchema.groupMetadataKey(group: "g"))
    }

    @Test func replacedStaticLeaderIsToldToSkipAssignment() {
        var h = Harness()
        let (members, generation) = Self.staticGroup(&h, count: 2, supportsSkip: true)
        let rejoin = h.join(instance: "i0", client: "c0", supportsSkip: true)
        let result = h.joinResult(rejoin)!
        #expect(result.leaderID == result.memberID)
        #expect(result.skipAssignment)
        #expect(result.members.count == 2)
        #expect(result.generationID == generation)
        #expect(h.state() == "Stable")
        _ = members
    }

    @Test func replacedStaticLeaderOnOldVersionSeesPreviousLeader() {
        var h = Harness()
        let (members, _) = Self.staticGroup(&h, count: 2)
        let rejoin = h.join(instance: "i0", client: "c0")
        let result = h.joinResult(rejoin)!
        #expect(result.leaderID == members[0])
        #expect(result.memberID != members[0])
        #expect(!result.skipAssignment && result.members.isEmpty)
    }

    @Test func staticReplacementWithNewProtocolRebalances() {
        var h = Harness()
        _ = Self.staticGroup(&h, count: 1)
        let rejoin = h.join(instance: "i0", client: "c0", protocols: [GroupProtocol(name: "roundrobin", metadata: []), GroupProtocol(name: "range", metadata: [])])
        // The vote now picks roundrobin, so the group must rebalance (it completes at once: one member).
        #expect(h.joinResult(rejoin)?.generationID == 2)
        #expect(h.joinResult(rejoin)?.protocolName == "roundrobin")
        #expect(h.state() == "CompletingRebalance")
    }

    @Test func staticReplacementDuringCompletingRebalanceRestarts() {
        var h = Harness()
        let a = h.join(instance: "i0", client: "c0")
        let b = h.join(instance: "i1", client: "c1")
        h.advance(by: 6000)
        let oldB = h.joinResult(b)!.memberID
        let heldSync = h.sync(member: oldB, generation: 1, instance: "i1")
        let rejoin = h.join(instance: "i1", client: "c1")
        #expect(h.syncResult(heldSync)?.error == .fencedInstanceID)
        #expect(h.state() == "PreparingRebalance")
        let rejoinA = h.join(member: h.joinResult(a)!.memberID, instance: "i0", client: "c0")
        #expect(h.joinResult(rejoin)?.generationID == 2)
        #expect(h.joinResult(rejoinA)?.generationID == 2)
        #expect(h.answeredTwice.isEmpty)
    }

    @Test func staticMemberNotRemovedAtJoinCompletion() {
        var h = Harness()
        let (members, generation) = Self.staticGroup(&h, count: 2)
        // The leader rejoins; the static follower stays silent but heartbeats.
        let rejoin = h.join(member: members[0], instance: "i0", client: "c0")
        for _ in 0..<21 {
            h.advance(by: 3000)
            if h.joinResult(rejoin) == nil {
                _ = h.heartbeat(member: members[1], generation: generation, instance: "i1")
            }
        }
        let result = h.joinResult(rejoin)!
        #expect(result.generationID == generation + 1)
        #expect(result.members.map(\.memberID).contains(members[1]))
    }

    @Test func heldJoinOfFencedMemberIsAnswered() {
        var h = Harness()
        let (members, _) = Self.staticGroup(&h, count: 2)
        // The leader rejoins (held, rebalance); then i0 restarts with a new ID.
        let held = h.join(member: members[0], instance: "i0", client: "c0")
        #expect(h.joinResult(held) == nil)
        let fresh = h.join(instance: "i0", client: "c0")
        #expect(h.joinResult(held)?.error == .fencedInstanceID)
        #expect(h.joinResult(fresh) == nil)
        _ = h.join(member: members[1], instance: "i1", client: "c1")
        #expect(h.joinResult(fresh)?.error == KafkaErrorCode.none)
        #expect(h.answeredTwice.isEmpty)
    }

    @Test func leaveByInstanceID() {
        var h = Harness()
        let (members, _) = Self.staticGroup(&h, count: 2)
        let result = h.leave(members: [
            LeaveGroupMember(memberID: "", groupInstanceID: "i1"),
            LeaveGroupMember(memberID: "", groupInstanceID: "nope"),
            LeaveGroupMember(memberID: "wrong", groupInstanceID: "i0"),
        ])
        #expect(result?.members.map(\.error) == [.none, .unknownMemberID, .fencedInstanceID])
        #expect(h.coordinator.describeGroup("g").members.map(\.memberID) == [members[0]])
    }

    @Test func joinWithFencedIDIsRefused() {
        var h = Harness()
        let (members, _) = Self.staticGroup(&h, count: 1)
        _ = h.join(instance: "i0", client: "c0")
        let stale = h.join(member: members[0], instance: "i0", client: "c0")
        #expect(h.joinResult(stale)?.error == .fencedInstanceID)
        let commit = h.newRequest()
        h.apply(h.coordinator.offsetCommitReceived(
            OffsetCommitInput(groupID: "g", generationID: 1, memberID: members[0], groupInstanceID: "i0",
                              partitions: [OffsetCommitPartitionInput(partition: tp0, offset: 1)]),
            request: commit, now: h.now))
        #expect(h.commitResult(commit)?.partitions.first?.error == .fencedInstanceID)
    }

    @Test func staticMembershipSurvivesReplay() throws {
        var h = Harness()
        let (members, generation) = Self.staticGroup(&h, count: 2)
        var fresh = GroupCoordinator(config: Harness.defaultConfig)
        for entry in h.log { try fresh.replay(key: entry.record.key, value: entry.record.value) }
        h.coordinator = fresh
        h.timers = [:]
        h.apply(h.coordinator.partitionLoadFinished(partition: h.coordinator.partition(forGroup: "g"), now: h.now))
        #expect(h.state() == "Stable")
        let rejoin = h.join(instance: "i1", client: "c1")
        let result = h.joinResult(rejoin)!
        #expect(result.generationID == generation)
        #expect(result.memberID != members[1])
        #expect(h.heartbeat(member: members[1], generation: generation, instance: "i1") == .fencedInstanceID)
        let sync = h.sync(member: result.memberID, generation: generation, instance: "i1")
        #expect(h.syncResult(sync)?.assignment == [1])
    }
}
