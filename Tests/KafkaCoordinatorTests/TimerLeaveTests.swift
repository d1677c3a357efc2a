import KafkaCoordinator
import KafkaModel
import Testing

@Suite("Timers, eviction and LeaveGroup")
struct TimerLeaveTests {
    @Test func sessionTimeoutEvictsAndRebalances() {
        var h = Harness()
        let (members, generation) = JoinSyncTests.stableGroup(&h, count: 2)
        // Only the leader keeps heartbeating.
        for _ in 0..<3 {
            h.advance(by: 3000)
            #expect(h.heartbeat(member: members[0], generation: generation) == KafkaErrorCode.none)
        }
        #expect(h.state() == "Stable")
        h.advance(by: 3000)
        #expect(h.state() == "PreparingRebalance")  // the follower's 10 s ran out
        #expect(h.coordinator.describeGroup("g").members.map(\.memberID) == [members[0]])
        #expect(h.heartbeat(member: members[0], generation: generation) == .rebalanceInProgress)
        let rejoin = h.join(member: members[0], client: "c0")
        #expect(h.joinResult(rejoin)?.generationID == generation + 1)
        #expect(h.joinResult(rejoin)?.members.count == 1)
        #expect(h.heartbeat(member: members[1], generation: generation) == .unknownMemberID)
    }

    @Test func staleTimersAreNoOps() {
        var h = Harness()
        let (members, generation) = JoinSyncTests.stableGroup(&h, count: 1)
        let before = h.state()
        // A session timer whose deadline was pushed back by a heartbeat.
        h.advance(by: 5000)
        _ = h.heartbeat(member: members[0], generation: generation)
        var actions = h.coordinator.timerFired(.session(group: "g", memberID: members[0]), now: h.now)
        #expect(actions.isEmpty)
        // A join timer of an older generation, a pending-sync timer of an old generation, an unknown member
        // and an unknown group.
        actions = h.coordinator.timerFired(.join(group: "g", generation: 0), now: h.now)
        #expect(actions.isEmpty)
        actions = h.coordinator.timerFired(.pendingSync(group: "g", generation: generation - 1), now: h.now + 999_999)
        #expect(actions.isEmpty)
        actions = h.coordinator.timerFired(.session(group: "g", memberID: "gone"), now: h.now + 999_999)
        #expect(actions.isEmpty)
        actions = h.coordinator.timerFired(.session(group: "other", memberID: "x"), now: h.now)
        #expect(actions.isEmpty)
        #expect(h.state() == before)
        #expect(h.coordinator.describeGroup("g").members.count == 1)
    }

    @Test func evictedMemberTimerIsStale() {
        var h = Harness()
        let (members, generation) = JoinSyncTests.stableGroup(&h, count: 2)
        _ = h.leave(members: [LeaveGroupMember(memberID: members[1])])
        // The left member's session timer was cancelled; firing it anyway does nothing.
        #expect(h.timers[.session(group: "g", memberID: members[1])] == nil)
        let actions = h.coordinator.timerFired(.session(group: "g", memberID: members[1]), now: h.now + 60_000)
        #expect(actions.isEmpty)
        _ = generation
    }

    @Test func leaderLeavingMidSync() {
        var h = Harness()
        let a = h.joinTwoStep(client: "a")
        let b = h.joinTwoStep(client: "b")
        let c = h.joinTwoStep(client: "c")
        h.advance(by: 6000)
        #expect(h.state() == "CompletingRebalance")
        let syncB = h.sync(member: b.memberID, generation: 1)
        let syncC = h.sync(member: c.memberID, generation: 1)
        let result = h.leave(members: [LeaveGroupMember(memberID: a.memberID)])
        #expect(result?.members.first?.error == KafkaErrorCode.none)
        #expect(h.syncResult(syncB)?.error == .rebalanceInProgress)
        #expect(h.syncResult(syncC)?.error == .rebalanceInProgress)
        #expect(h.state() == "PreparingRebalance")
        let rejoinB = h.join(member: b.memberID, client: "b")
        let rejoinC = h.join(member: c.memberID, client: "c")
        let joined = h.joinResult(rejoinB)!
        #expect(joined.generationID == 2)
        #expect(joined.leaderID == b.memberID)  // a new leader among those who rejoined
        #expect(joined.members.count == 2)
        #expect(h.joinResult(rejoinC)?.members.isEmpty == true)
        #expect(h.answeredTwice.isEmpty)
    }

    @Test func leaderNotRejoiningIsReplacedAtRebalanceTimeout() {
        var h = Harness()
        let (members, generation) = JoinSyncTests.stableGroup(&h, count: 3)
        let rejoinB = h.join(member: members[1], client: "c1", protocols: [GroupProtocol(name: "range", metadata: [7])])
        #expect(h.state() == "PreparingRebalance")
        // The leader and the other follower keep heartbeating but never rejoin.
        for _ in 0..<20 {
            h.advance(by: 3000)
            _ = h.heartbeat(member: members[0], generation: generation)
            _ = h.heartbeat(member: members[2], generation: generation)
        }
        let result = h.joinResult(rejoinB)!
        #expect(result.generationID == generation + 1)
        #expect(result.leaderID == members[1])
        #expect(result.members.map(\.memberID) == [members[1]])
        #expect(h.heartbeat(member: members[0], generation: generation) == .unknownMemberID)
    }

    @Test func pendingSyncTimeoutRemovesSilentMembers() {
        var h = Harness()
        let a = h.joinTwoStep(client: "a")
        let b = h.joinTwoStep(client: "b")
        h.advance(by: 6000)
        // Only a syncs (it is the leader); b never does, but keeps heartbeating.
        _ = h.sync(member: a.memberID, generation: 1, assignments: [a.memberID: [1], b.memberID: [2]])
        #expect(h.state() == "Stable")
        for _ in 0..<21 {
            h.advance(by: 3000)
            _ = h.heartbeat(member: a.memberID, generation: h.joinResult(a.request)!.generationID)
            _ = h.heartbeat(member: b.memberID, generation: 1)
        }
        #expect(!h.coordinator.describeGroup("g").members.map(\.memberID).contains(b.memberID))
    }

    @Test func newMemberJoinTimeoutDropsHeldJoin() {
        var config = Harness.defaultConfig
        config.newMemberJoinTimeoutMs = 20_000
        var h = Harness(config: config)
        let (members, generation) = JoinSyncTests.stableGroup(&h, count: 1)
        let newcomer = h.joinTwoStep(client: "late")
        #expect(h.state() == "PreparingRebalance")
        // The old member neither rejoins nor heartbeats... but is held by nothing, so its session ends at
        // 10 s, then the newcomer (alone) completes the join at once.
        h.advance(by: 11_000)
        #expect(h.joinResult(newcomer.request)?.generationID == generation + 1)
        _ = members
    }

    @Test func heldJoinOfNewMemberAnsweredWhenItTimesOut() {
        var config = Harness.defaultConfig
        config.newMemberJoinTimeoutMs = 20_000
        var h = Harness(config: config)
        let (members, generation) = JoinSyncTests.stableGroup(&h, count: 1)
        // The existing member is rejoin-pending for 60 s (its rebalance timeout) while it heartbeats.
        let newcomer = h.joinTwoStep(client: "late")
        for _ in 0..<8 {
            h.advance(by: 3000)
            _ = h.heartbeat(member: members[0], generation: generation)
        }
        #expect(h.joinResult(newcomer.request)?.error == .unknownMemberID)
        #expect(h.answeredTwice.isEmpty)
    }

    @Test func pendingMemberExpiresAfterSession() {
        var h = Harness()
        let first = h.join(client: "a")
        let memberID = h.joinResult(first)!.memberID
        h.advance(by: 10_001)
        let late = h.join(member: memberID, client: "a")
        #expect(h.joinResult(late)?.error == .unknownMemberID)
    }

    @Test func batchedLeave() {
        var h = Harness()
        let (members, _) = JoinSyncTests.stableGroup(&h, count: 3)
        let result = h.leave(members: [
            LeaveGroupMember(memberID: members[1]), LeaveGroupMember(memberID: "ghost"),
            LeaveGroupMember(memberID: members[2]),
        ])!
        #expect(result.error == KafkaErrorCode.none)
        #expect(result.members.map(\.error) == [.none, .unknownMemberID, .none])
        #expect(h.state() == "PreparingRebalance")
        let unknownGroup = h.leave("nope", members: [LeaveGroupMember(memberID: "x")])
        #expect(unknownGroup?.error == .unknownMemberID)
        // The last member leaving ends the rebalance in Empty.
        _ = h.leave(members: [LeaveGroupMember(memberID: members[0])])
        #expect(h.state() == "Empty")
        #expect(h.leave(members: [LeaveGroupMember(memberID: members[0])])?.members.first?.error == .unknownMemberID)
    }

    @Test func leaveDuringPreparingCompletesJoin() {
        var h = Harness()
        let (members, generation) = JoinSyncTests.stableGroup(&h, count: 2)
        let rejoin = h.join(member: members[0], client: "c0")
        #expect(h.joinResult(rejoin) == nil)
        _ = h.leave(members: [LeaveGroupMember(memberID: members[1])])
        #expect(h.joinResult(rejoin)?.generationID == generation + 1)
        #expect(h.state() == "CompletingRebalance")
    }

    @Test func leavingPendingMemberIsAccepted() {
        var h = Harness()
        let first = h.join(client: "a")
        let memberID = h.joinResult(first)!.memberID
        #expect(h.leave(members: [LeaveGroupMember(memberID: memberID)])?.members.first?.error == KafkaErrorCode.none)
        #expect(h.timers[.session(group: "g", memberID: memberID)] == nil)
    }

    @Test func memberRejoiningInCompletingWithSameMetadataGetsSameAnswer() {
        var h = Harness()
        let a = h.joinTwoStep(client: "a")
        let b = h.joinTwoStep(client: "b")
        h.advance(by: 6000)
        let again = h.join(member: a.memberID, client: "a")
        #expect(h.joinResult(again)?.generationID == 1)
        #expect(h.joinResult(again)?.members.count == 2)
        // With different metadata it restarts the rebalance; b's held sync is released.
        let syncB = h.sync(member: b.memberID, generation: 1)
        _ = h.join(member: a.memberID, client: "a", protocols: [GroupProtocol(name: "range", metadata: [1])])
        #expect(h.syncResult(syncB)?.error == .rebalanceInProgress)
        #expect(h.state() == "PreparingRebalance")
    }
}
