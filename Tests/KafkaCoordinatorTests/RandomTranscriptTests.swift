// Seeded random transcripts: clients join, sync, heartbeat, commit, leave, restart and go silent
// while appends succeed, fail or lag and time jumps. Whatever happens, no request is answered twice,
// nothing traps, and once everyone leaves and time passes every request has been answered.

import KafkaCoordinator
import KafkaModel
import Testing

@Suite("Random transcripts")
struct RandomTranscriptTests {
    struct Client {
        var group: String
        var clientID: String
        var instance: String?
        var memberID = ""
        var generation: Int32 = -1
        var leaderMembers: [String] = []
        var pending: [RequestID] = []
    }

    /// A small deterministic generator (SplitMix64), so a failing seed can be replayed.
    struct SplitMix {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    @Test(arguments: Array(1...24) as [UInt64])
    func everyRequestIsAnsweredExactlyOnce(seed: UInt64) {
        var random = SplitMix(state: seed)
        var config = Harness.defaultConfig
        config.groupMaxSize = 5
        var h = Harness(config: config)
        var clients: [Client] = (0..<8).map { index in
            Client(group: index % 2 == 0 ? "even" : "odd", clientID: "c\(index)", instance: index % 3 == 0 ? "s\(index)" : nil)
        }
        var issued: [RequestID] = []
        var statesSeen: Set<String> = []

        func absorb(_ h: Harness, _ client: inout Client) {
            for request in client.pending {
                guard let response = h.responses[request] else { continue }
                switch response {
                case .joinGroup(let result):
                    if result.error == .memberIDRequired || result.error == .none { client.memberID = result.memberID }
                    if result.error == .none {
                        client.generation = result.generationID
                        client.leaderMembers = result.members.map(\.memberID)
                    } else if result.error == .unknownMemberID || result.error == .fencedInstanceID {
                        client.memberID = ""
                        client.generation = -1
                    }
                case .syncGroup, .heartbeat, .leaveGroup, .offsetCommit, .deleteGroups, .offsetDelete:
                    break
                }
            }
            client.pending.removeAll { h.responses[$0] != nil }
        }

        for _ in 0..<1500 {
            let index = random.next(clients.count)
            var client = clients[index]
            let group = client.group
            let before = h.nextRequest
            switch random.next(12) {
            case 0, 1:
                _ = h.join(group, member: client.memberID, instance: client.instance, client: client.clientID,
                           protocols: [GroupProtocol(name: "range", metadata: subscription(["t", client.clientID]))],
                           session: 6000 + Int32(random.next(3)) * 2000, rebalance: 20_000)
            case 2:
                var assignments: [String: [UInt8]] = [:]
                for member in client.leaderMembers { assignments[member] = [UInt8(random.next(256))] }
                _ = h.sync(group, member: client.memberID, generation: client.generation, assignments: assignments,
                           instance: client.instance)
            case 3, 4:
                _ = h.heartbeat(group, member: client.memberID, generation: client.generation, instance: client.instance)
            case 5:
                _ = h.commit(group: group, member: client.memberID, generation: client.generation,
                             [(TopicPartition(topic: "t", partition: Int32(random.next(3))), Int64(random.next(1000)))])
            case 6:
                _ = h.leave(group, members: [LeaveGroupMember(memberID: client.memberID, groupInstanceID: client.instance)])
            case 7:
                h.advance(by: Int64(random.next(8000)))
            case 8:
                h.autoCompleteAppends = random.next(2) == 0
                if h.autoCompleteAppends || random.next(3) == 0 { h.completeAppends(success: random.next(5) != 0) }
            case 9:
                // The client restarts: a static one comes back without its ID, a dynamic one forgets it.
                client.memberID = ""
                client.generation = -1
            case 10:
                let request = h.newRequest()
                h.apply(h.coordinator.deleteGroupsReceived([group], request: request, now: h.now))
                client.pending.append(request)
            default:
                h.apply(h.coordinator.expireOffsets(now: h.now))
                let request = h.newRequest()
                h.apply(h.coordinator.offsetDeleteReceived(
                    OffsetDeleteInput(groupID: group, partitions: [TopicPartition(topic: "u", partition: 0)]),
                    request: request, now: h.now))
                client.pending.append(request)
            }
            for raw in before..<h.nextRequest where !client.pending.contains(RequestID(raw)) {
                client.pending.append(RequestID(raw))
            }
            issued += (before..<h.nextRequest).map { RequestID($0) }
            clients[index] = client
            for other in clients.indices { absorb(h, &clients[other]) }
            statesSeen.insert(h.coordinator.describeGroup(group).state)
            #expect(h.answeredTwice.isEmpty, "seed \(seed)")
            if !h.answeredTwice.isEmpty { return }
        }

        // The walk must have gone through the interesting states, or it proves little.
        #expect(statesSeen.isSuperset(of: ["Empty", "PreparingRebalance", "CompletingRebalance", "Stable"]), "seed \(seed): \(statesSeen)")

        // Wind down: appends complete, everyone leaves, time passes.
        h.autoCompleteAppends = true
        h.completeAppends()
        for client in clients where !client.memberID.isEmpty {
            _ = h.leave(client.group, members: [LeaveGroupMember(memberID: client.memberID, groupInstanceID: client.instance)])
        }
        h.advance(by: 2_000_000)
        h.completeAppends()
        let unanswered = issued.filter { h.responses[$0] == nil }
        #expect(unanswered.isEmpty, "seed \(seed): \(unanswered)")
        #expect(h.answeredTwice.isEmpty, "seed \(seed)")
        for group in ["even", "odd"] {
            let state = h.coordinator.describeGroup(group).state
            #expect(state == "Empty" || state == "Dead", "seed \(seed): \(group) is \(state)")
        }
    }
}
