import KafkaCoordinator
import KafkaModel
import Testing

@Suite("JoinGroup / SyncGroup / Heartbeat")
struct JoinSyncTests {
    /// Brings `count` members into a Stable group; returns member IDs (leader first) and the generation.
    static func stableGroup(_ h: inout Harness, count: Int, group: String = "g") -> (members: [String], generation: Int32) {
        var joins: [(RequestID, String)] = []
        for index in 0..<count {
            let joined = h.joinTwoStep(group, client: "c\(index)")
            joins.append(joined)
        }
        h.advance(by: 6000)  // the initial delay, re-armed once because several members arrived
        let results = joins.map { h.joinResult($0.0)! }
        let generation = results[0].generationID
        let leader = results[0].leaderID
        var assignments: [String: [UInt8]] = [:]
        for (_, memberID) in joins { assignments[memberID] = Array(memberID.utf8) }
        let followers = joins.map(\.1).filter { $0 != leader }
        for follower in followers { _ = h.sync(group, member: follower, generation: generation) }
        _ = h.sync(group, member: leader, generation: generation, assignments: assignments)
        #expect(h.state(group) == "Stable")
        return ([leader] + followers, generation)
    }

    @Test func memberIDRequiredTwoStepJoin() {
        var h = Harness()
        let first = h.join()
        let result = h.joinResult(first)!
        #expect(result.error == .memberIDRequired)
        #expect(result.memberID == "client-u1")
        #expect(h.state() == "Empty")
        let second = h.join(member: result.memberID)
        #expect(h.joinResult(second) == nil)  // held
        #expect(h.state() == "PreparingRebalance")
        h.advance(by: 3000)
        let joined = h.joinResult(second)!
        #expect(joined.error == .none)
        #expect(joined.generationID == 1)
        #expect(joined.leaderID == result.memberID)
        #expect(joined.members.count == 1)
        #expect(h.state() == "CompletingRebalance")
    }

    @Test func oldJoinVersionsJoinDirectly() {
        var h = Harness()
        let request = h.join(requireKnownMemberID: false)
        #expect(h.joinResult(request) == nil)
        h.advance(by: 3000)
        #expect(h.joinResult(request)?.error == KafkaErrorCode.none)
        #expect(h.joinResult(request)?.memberID == "client-u1")
    }

    @Test func threeMembersOneLeaderSameGeneration() {
        var h = Harness()
        let a = h.joinTwoStep(client: "a")
        let b = h.joinTwoStep(client: "b")
        let c = h.joinTwoStep(client: "c")
        h.advance(by: 6000)
        let results = [a, b, c].map { h.joinResult($0.request)! }
        #expect(Set(results.map(\.generationID)) == [1])
        #expect(Set(results.map(\.leaderID)) == [a.memberID])
        #expect(results[0].members.map(\.memberID) == [a.memberID, b.memberID, c.memberID])
        #expect(results[1].members.isEmpty && results[2].members.isEmpty)
        #expect(results.allSatisfy { $0.protocolName == "range" && $0.protocolType == "consumer" })
        // Sync: followers first (held), then the leader's assignment releases everyone.
        let syncB = h.sync(member: b.memberID, generation: 1)
        let syncC = h.sync(member: c.memberID, generation: 1)
        #expect(h.syncResult(syncB) == nil)
        let syncA = h.sync(member: a.memberID, generation: 1, assignments: [a.memberID: [1], b.memberID: [2]])
        #expect(h.syncResult(syncA)?.assignment == [1])
        #expect(h.syncResult(syncB)?.assignment == [2])
        #expect(h.syncResult(syncC)?.assignment == [])  // missing from the leader's map
        #expect(h.syncResult(syncC)?.error == KafkaErrorCode.none)
        #expect(h.state() == "Stable")
        #expect(h.answeredTwice.isEmpty)
        // A late follower sync in Stable gets its stored assignment at once.
        let again = h.sync(member: b.memberID, generation: 1)
        #expect(h.syncResult(again)?.assignment == [2])
    }

    @Test func leaderSyncAnsweredOnlyWhenDurable() {
        var h = Harness()
        let a = h.joinTwoStep(client: "a")
        h.advance(by: 3000)
        h.autoCompleteAppends = false
        h.completeAppends()  // group record of the join phase
        let sync = h.sync(member: a.memberID, generation: 1, assignments: [a.memberID: [9]])
        #expect(h.syncResult(sync) == nil)
        #expect(h.state() == "CompletingRebalance")
        h.completeAppends()
        #expect(h.syncResult(sync)?.assignment == [9])
        #expect(h.state() == "Stable")
    }

    @Test func failedAssignmentAppendRebalances() {
        var h = Harness()
        let a = h.joinTwoStep(client: "a")
        h.advance(by: 3000)
        h.autoCompleteAppends = false
        h.completeAppends()
        let sync = h.sync(member: a.memberID, generation: 1, assignments: [a.memberID: [9]])
        h.completeAppends(success: false)
        #expect(h.syncResult(sync)?.error == .coordinatorNotAvailable)
        #expect(h.state() == "PreparingRebalance")
    }

    @Test func heartbeatInEachState() {
        var h = Harness()
        #expect(h.heartbeat(member: "nobody", generation: 0) == .unknownMemberID)  // unknown group
        let a = h.joinTwoStep(client: "a")
        // PreparingRebalance: the member exists with generation 0.
        #expect(h.heartbeat(member: a.memberID, generation: 0) == .rebalanceInProgress)
        h.advance(by: 3000)
        #expect(h.state() == "CompletingRebalance")
        #expect(h.heartbeat(member: a.memberID, generation: 1) == KafkaErrorCode.none)
        #expect(h.heartbeat(member: a.memberID, generation: 0) == .illegalGeneration)
        #expect(h.heartbeat(member: "ghost", generation: 1) == .unknownMemberID)
        _ = h.sync(member: a.memberID, generation: 1, assignments: [:])
        #expect(h.state() == "Stable")
        #expect(h.heartbeat(member: a.memberID, generation: 1) == KafkaErrorCode.none)
        _ = h.leave(members: [LeaveGroupMember(memberID: a.memberID)])
        #expect(h.state() == "Empty")
        #expect(h.heartbeat(member: a.memberID, generation: 2) == .unknownMemberID)
    }

    @Test func syncInEachState() {
        var h = Harness()
        let a = h.joinTwoStep(client: "a")
        let early = h.sync(member: a.memberID, generation: 0)
        #expect(h.syncResult(early)?.error == .rebalanceInProgress)
        h.advance(by: 3000)
        let wrongGeneration = h.sync(member: a.memberID, generation: 7)
        #expect(h.syncResult(wrongGeneration)?.error == .illegalGeneration)
        let unknown = h.sync(member: "ghost", generation: 1)
        #expect(h.syncResult(unknown)?.error == .unknownMemberID)
        var input = SyncGroupInput(groupID: "g", generationID: 1, memberID: a.memberID, protocolType: "consumer", protocolName: "roundrobin")
        let request = h.newRequest()
        h.apply(h.coordinator.syncGroupReceived(input, request: request, now: h.now))
        #expect(h.syncResult(request)?.error == .inconsistentGroupProtocol)
        input.protocolName = "range"
        let ok = h.newRequest()
        h.apply(h.coordinator.syncGroupReceived(input, request: ok, now: h.now))
        #expect(h.syncResult(ok)?.error == KafkaErrorCode.none)
    }

    @Test func seventhMemberOfSixPartitionGroupIsStillAMember() {
        var h = Harness()
        let (members, generation) = Self.stableGroup(&h, count: 7)
        #expect(generation == 1)
        #expect(h.coordinator.describeGroup("g").members.count == 7)
        #expect(Set(members).count == 7)
    }

    @Test func cooperativeTwoStepRebalance() {
        var h = Harness()
        let cooperative = [GroupProtocol(name: "cooperative-sticky", metadata: subscription(["t"]))]
        let a = h.joinTwoStep(client: "a", protocols: cooperative)
        h.advance(by: 3000)
        _ = h.sync(member: a.memberID, generation: 1, assignments: [a.memberID: [1]])
        // A second member arrives: rebalance to generation 2.
        let b = h.joinTwoStep(client: "b", protocols: cooperative)
        #expect(h.state() == "PreparingRebalance")
        let rejoinA = h.join(member: a.memberID, client: "a", protocols: cooperative)
        let gen2 = h.joinResult(rejoinA)!
        #expect(gen2.generationID == 2)
        _ = h.sync(member: b.memberID, generation: 2)
        _ = h.sync(member: a.memberID, generation: 2, assignments: [a.memberID: [1], b.memberID: []])
        #expect(h.state() == "Stable")
        // KIP-429: a member revoked partitions and rejoins right away with new owned partitions.
        let changed = [GroupProtocol(name: "cooperative-sticky", metadata: subscription(["t"]) + [1])]
        let rejoinA2 = h.join(member: a.memberID, client: "a", protocols: changed)
        #expect(h.state() == "PreparingRebalance")
        let rejoinB = h.join(member: b.memberID, client: "b", protocols: cooperative)
        #expect(h.joinResult(rejoinA2)?.generationID == 3)
        #expect(h.joinResult(rejoinB)?.generationID == 3)
        _ = h.sync(member: b.memberID, generation: 3)
        let final = h.sync(member: a.memberID, generation: 3, assignments: [a.memberID: [1], b.memberID: [2]])
        #expect(h.syncResult(final)?.error == KafkaErrorCode.none)
        #expect(h.state() == "Stable")
        #expect(h.answeredTwice.isEmpty)
    }

    @Test func followerRejoiningWithSameMetadataGetsCurrentGeneration() {
        var h = Harness()
        let (members, generation) = Self.stableGroup(&h, count: 2)
        let again = h.join(member: members[1], client: "c1")
        let result = h.joinResult(again)!
        #expect(result.generationID == generation)
        #expect(result.members.isEmpty)
        #expect(h.state() == "Stable")
        // The leader rejoining forces a rebalance.
        _ = h.join(member: members[0], client: "c0")
        #expect(h.state() == "PreparingRebalance")
    }

    @Test func protocolSelectedByVotes() {
        var h = Harness()
        func protocols(_ names: [String]) -> [GroupProtocol] { names.map { GroupProtocol(name: $0, metadata: []) } }
        let a = h.joinTwoStep(client: "a", protocols: protocols(["range", "roundrobin"]))
        let b = h.joinTwoStep(client: "b", protocols: protocols(["roundrobin", "range"]))
        let c = h.joinTwoStep(client: "c", protocols: protocols(["roundrobin", "sticky", "range"]))
        h.advance(by: 6000)
        #expect(h.joinResult(a.request)?.protocolName == "roundrobin")
        #expect(h.joinResult(c.request)?.protocolName == "roundrobin")
        // A member sharing no protocol is refused.
        let d = h.join(member: "", client: "d", protocols: protocols(["sticky"]))
        #expect(h.joinResult(d)?.error == .inconsistentGroupProtocol)
        let wrongType = h.join(client: "e", protocolType: "connect")
        #expect(h.joinResult(wrongType)?.error == .inconsistentGroupProtocol)
        _ = b
    }

    @Test func joinValidation() {
        var h = Harness()
        func error(_ request: RequestID, _ h: Harness) -> KafkaErrorCode? { h.joinResult(request)?.error }
        var request = h.join("")
        #expect(error(request, h) == .invalidGroupID)
        request = h.join(session: 5999)
        #expect(error(request, h) == .invalidSessionTimeout)
        request = h.join(session: 1_800_001)
        #expect(error(request, h) == .invalidSessionTimeout)
        request = h.join(member: "made-up")
        #expect(error(request, h) == .unknownMemberID)
        request = h.join(protocols: [GroupProtocol(name: "range", metadata: [UInt8](repeating: 1, count: (1 << 20) + 1))])
        #expect(error(request, h) == .invalidRequest)
        request = h.join(protocols: [])
        #expect(error(request, h) == .inconsistentGroupProtocol)
        // None of the rejected joins left a group behind.
        #expect(h.coordinator.listGroups().groups.isEmpty)
    }

    @Test func groupMaxSize() {
        var config = Harness.defaultConfig
        config.groupMaxSize = 2
        var h = Harness(config: config)
        _ = Self.stableGroup(&h, count: 2)
        let third = h.join(client: "c3")
        #expect(h.joinResult(third)?.error == .groupMaxSizeReached)
        #expect(h.state() == "Stable")
        #expect(h.coordinator.describeGroup("g").members.count == 2)
    }

    @Test func groupMaxSizeWhilePreparing() {
        var config = Harness.defaultConfig
        config.groupMaxSize = 1
        var h = Harness(config: config)
        let a = h.joinTwoStep(client: "a")
        let b = h.join(client: "b")
        #expect(h.joinResult(b)?.error == .groupMaxSizeReached)
        h.advance(by: 6000)
        #expect(h.joinResult(a.request)?.generationID == 1)
        #expect(h.coordinator.describeGroup("g").members.map(\.memberID) == [a.memberID])
    }

    @Test func initialDelayIsReArmedWhileMembersArrive() {
        var h = Harness()
        let a = h.joinTwoStep(client: "a")
        h.advance(by: 2000)
        let b = h.joinTwoStep(client: "b")
        h.advance(by: 1000)  // first delay ends, but b arrived: re-armed for another 3 s
        #expect(h.joinResult(a.request) == nil)
        #expect(h.state() == "PreparingRebalance")
        h.advance(by: 2999)
        #expect(h.joinResult(a.request) == nil)
        h.advance(by: 1)
        #expect(h.joinResult(a.request)?.generationID == 1)
        #expect(h.joinResult(b.request)?.generationID == 1)
    }

    @Test func initialDelayBoundedByRebalanceTimeout() {
        var h = Harness()
        let a = h.joinTwoStep(client: "a", rebalance: 7000)
        var elapsed: Int64 = 0
        // A new member every 2.5 s would extend forever; the rebalance timeout caps it at 7 s.
        while h.joinResult(a.request) == nil && elapsed < 20_000 {
            _ = h.joinTwoStep(client: "x\(elapsed)", rebalance: 7000)
            h.advance(by: 2500)
            elapsed += 2500
        }
        #expect(h.joinResult(a.request)?.generationID == 1)
        #expect(elapsed <= 7500)
    }
}
