// A tiny driver for transcripts: a mock clock, the timers the coordinator asked for, the requests it
// answered and a fake `__consumer_offsets` log. No sleeps: time moves only through `advance`.

import KafkaCoordinator
import KafkaModel
import Testing

struct Harness {
    var coordinator: GroupCoordinator
    var now: Int64 = 1_000_000
    var nextRequest: UInt64 = 1
    var nextSuffix = 1
    var responses: [RequestID: CoordinatorResponse] = [:]
    var answeredTwice: [RequestID] = []
    var timers: [CoordinatorTimer: Int64] = [:]
    /// Appends not yet completed (when `autoCompleteAppends` is false).
    var heldAppends: [(partition: Int32, records: [OffsetsTopicRecord], token: AppendToken)] = []
    /// Everything appended (durable or not), in order.
    var log: [(partition: Int32, record: OffsetsTopicRecord)] = []
    var autoCompleteAppends = true

    init(config: GroupCoordinatorConfig = Harness.defaultConfig) {
        coordinator = GroupCoordinator(config: config)
    }

    static var defaultConfig: GroupCoordinatorConfig {
        var config = GroupCoordinatorConfig()
        config.groupInitialRebalanceDelayMs = 3000
        return config
    }

    mutating func newRequest() -> RequestID {
        defer { nextRequest += 1 }
        return RequestID(nextRequest)
    }

    mutating func apply(_ actions: [CoordinatorAction]) {
        for action in actions {
            switch action {
            case .respond(let request, let response):
                if responses[request] != nil { answeredTwice.append(request) }
                responses[request] = response
            case .scheduleTimer(let timer, let deadline):
                timers[timer] = deadline
            case .cancelTimer(let timer):
                timers[timer] = nil
            case .append(let partition, let records, let token):
                for record in records { log.append((partition, record)) }
                if autoCompleteAppends {
                    apply(coordinator.appendCompleted(token, success: true, now: now))
                } else {
                    heldAppends.append((partition, records, token))
                }
            }
        }
    }

    /// Completes held appends in order.
    mutating func completeAppends(success: Bool = true) {
        let held = heldAppends
        heldAppends = []
        for append in held {
            apply(coordinator.appendCompleted(append.token, success: success, now: now))
        }
    }

    /// Moves the clock, firing every due timer in deadline order.
    mutating func advance(by milliseconds: Int64) {
        let target = now + milliseconds
        while let (timer, deadline) = timers.filter({ $0.value <= target }).min(by: { $0.value < $1.value }) {
            timers[timer] = nil
            now = max(now, deadline)
            apply(coordinator.timerFired(timer, now: now))
        }
        now = target
    }

    // MARK: requests

    mutating func join(
        _ group: String = "g", member: String = "", instance: String? = nil, client: String = "client",
        protocols: [GroupProtocol] = [GroupProtocol(name: "range", metadata: subscription(["t"]))],
        session: Int32 = 10_000, rebalance: Int32 = 60_000, requireKnownMemberID: Bool = true,
        supportsSkip: Bool = false, protocolType: String = "consumer"
    ) -> RequestID {
        let request = newRequest()
        let input = JoinGroupInput(
            groupID: group, memberID: member, groupInstanceID: instance, clientID: client, clientHost: "/127.0.0.1",
            sessionTimeoutMs: session, rebalanceTimeoutMs: rebalance, protocolType: protocolType, protocols: protocols,
            requireKnownMemberID: requireKnownMemberID, supportsSkipAssignment: supportsSkip,
            memberIDSuffix: "u\(nextSuffix)")
        nextSuffix += 1
        apply(coordinator.joinGroupReceived(input, request: request, now: now))
        return request
    }

    /// The two-step KIP-394 join: returns the held second JoinGroup and the allocated member ID.
    mutating func joinTwoStep(
        _ group: String = "g", client: String = "client",
        protocols: [GroupProtocol] = [GroupProtocol(name: "range", metadata: subscription(["t"]))],
        session: Int32 = 10_000, rebalance: Int32 = 60_000
    ) -> (request: RequestID, memberID: String) {
        let first = join(group, client: client, protocols: protocols, session: session, rebalance: rebalance)
        let memberID = joinResult(first)?.memberID ?? ""
        #expect(joinResult(first)?.error == .memberIDRequired)
        let second = join(group, member: memberID, client: client, protocols: protocols, session: session, rebalance: rebalance)
        return (second, memberID)
    }

    mutating func sync(
        _ group: String = "g", member: String, generation: Int32, assignments: [String: [UInt8]] = [:],
        instance: String? = nil
    ) -> RequestID {
        let request = newRequest()
        let input = SyncGroupInput(
            groupID: group, generationID: generation, memberID: member, groupInstanceID: instance, assignments: assignments)
        apply(coordinator.syncGroupReceived(input, request: request, now: now))
        return request
    }

    mutating func heartbeat(_ group: String = "g", member: String, generation: Int32, instance: String? = nil) -> KafkaErrorCode? {
        let request = newRequest()
        apply(coordinator.heartbeatReceived(
            HeartbeatInput(groupID: group, generationID: generation, memberID: member, groupInstanceID: instance),
            request: request, now: now))
        guard case .heartbeat(let result) = responses[request] else { return nil }
        return result.error
    }

    mutating func leave(_ group: String = "g", members: [LeaveGroupMember]) -> LeaveGroupResult? {
        let request = newRequest()
        apply(coordinator.leaveGroupReceived(LeaveGroupInput(groupID: group, members: members), request: request, now: now))
        guard case .leaveGroup(let result) = responses[request] else { return nil }
        return result
    }

    mutating func commit(
        group: String = "g", member: String = "", generation: Int32 = -1,
        _ offsets: [(TopicPartition, Int64)], metadata: String? = nil
    ) -> RequestID {
        let request = newRequest()
        let input = OffsetCommitInput(
            groupID: group, generationID: generation, memberID: member,
            partitions: offsets.map { OffsetCommitPartitionInput(partition: $0.0, offset: $0.1, metadata: metadata) })
        apply(coordinator.offsetCommitReceived(input, request: request, now: now))
        return request
    }

    // MARK: reading responses

    func joinResult(_ request: RequestID) -> JoinGroupResult? {
        guard case .joinGroup(let result) = responses[request] else { return nil }
        return result
    }

    func syncResult(_ request: RequestID) -> SyncGroupResult? {
        guard case .syncGroup(let result) = responses[request] else { return nil }
        return result
    }

    func commitResult(_ request: RequestID) -> OffsetCommitResult? {
        guard case .offsetCommit(let result) = responses[request] else { return nil }
        return result
    }

    func state(_ group: String = "g") -> String { coordinator.describeGroup(group).state }
}

let tp0 = TopicPartition(topic: "t", partition: 0)
let tp1 = TopicPartition(topic: "t", partition: 1)

/// ConsumerProtocolSubscription v0 bytes for `topics`.
func subscription(_ topics: [String]) -> [UInt8] {
    var bytes: [UInt8] = [0, 0]
    bytes += be32(Int32(topics.count))
    for topic in topics {
        let utf8 = Array(topic.utf8)
        bytes += [UInt8(utf8.count >> 8), UInt8(utf8.count & 0xFF)] + utf8
    }
    return bytes + be32(-1)
}

func be32(_ value: Int32) -> [UInt8] {
    let bits = UInt32(bitPattern: value)
    return [UInt8(bits >> 24), UInt8((bits >> 16) & 0xFF), UInt8((bits >> 8) & 0xFF), UInt8(bits & 0xFF)]
}

func be64(_ value: Int64) -> [UInt8] {
    let bits = UInt64(bitPattern: value)
    return (0..<8).map { UInt8((bits >> (56 - UInt64($0) * 8)) & 0xFF) }
}

func be16(_ value: Int16) -> [UInt8] {
    let bits = UInt16(bitPattern: value)
    return [UInt8(bits >> 8), UInt8(bits & 0xFF)]
}

func str(_ value: String) -> [UInt8] {
    let utf8 = Array(value.utf8)
    return be16(Int16(utf8.count)) + utf8
}
