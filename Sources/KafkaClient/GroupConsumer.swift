import KafkaModel
import KafkaProtocol
import NIOCore

/// A classic-protocol group member, just enough for `fjord consume --group`: join (with KIP-394's
/// MEMBER_ID_REQUIRED round trip), the range assignment when elected leader, sync, heartbeats in
/// the background, commits, and a LeaveGroup at the end so the next consumer need not wait for the
/// session timeout.
///
/// An actor: the heartbeat task and the polling caller both touch the generation and member ID.
public actor GroupConsumer {
    public let client: KafkaClient
    public let group: String
    public let topics: [String]
    public let sessionTimeout: Duration
    public let rebalanceTimeout: Duration

    public private(set) var memberID = ""
    public private(set) var generation: Int32 = -1
    public private(set) var assignment: [TopicPartition] = []
    private var coordinator: Int32 = -1
    /// Set by the heartbeat when the coordinator asks for a rejoin; checked before each poll.
    private var needsRejoin = true
    private var heartbeatTask: Task<Void, Never>?
    /// The first heartbeat failure that was not a rebalance, surfaced at the next poll.
    private var heartbeatError: KafkaClientError?

    public init(client: KafkaClient, group: String, topics: [String], sessionTimeout: Duration = .seconds(10), rebalanceTimeout: Duration = .seconds(10)) {
        self.client = client
        self.group = group
        self.topics = topics
        self.sessionTimeout = sessionTimeout
        self.rebalanceTimeout = rebalanceTimeout
    }

    /// Whether the member must (re)join before fetching again.
    public var mustRejoin: Bool { needsRejoin }

    /// Marks the member for a rejoin before its next fetch (after a fenced commit).
    public func requestRejoin() {
        needsRejoin = true
    }

    /// Joins (or rejoins) the group and returns this member's partitions.
    @discardableResult
    public func join() async throws -> [TopicPartition] {
        if let heartbeatError { throw heartbeatError }
        for topic in topics { _ = try await client.topicMetadata(topic, refresh: true) }
        coordinator = try await client.findCoordinator(group: group)
        let subscription = ConsumerProtocolSubscription(topics: topics).encoded()
        var attempts = 0
        let loadDeadline = ContinuousClock.now + client.timeout
        while true {
            attempts += 1
            let request = JoinGroupRequest(
                groupID: group, sessionTimeoutMs: Self.milliseconds(sessionTimeout), rebalanceTimeoutMs: Self.milliseconds(rebalanceTimeout),
                memberID: memberID, protocolType: "consumer",
                protocols: [.init(name: RangeAssignor.protocolName, metadata: subscription)])
            let response = try await client.send(request, to: .node(coordinator))
            switch response.errorCode {
            case .none:
                break
            case .memberIDRequired:
                // KIP-394: the coordinator hands out our ID and expects us to join again with it.
                memberID = response.memberID
                continue
            case .unknownMemberID where attempts < 5:
                memberID = ""
                continue
            case .rebalanceInProgress where attempts < 5:
                continue
            case .notCoordinator where attempts < 5, .coordinatorNotAvailable where attempts < 5:
                coordinator = try await client.findCoordinator(group: group)
                continue
            case .coordinatorLoadInProgress where ContinuousClock.now < loadDeadline:
                // The coordinator is replaying its offsets after a start: retriable, as in Java.
                try await Task.sleep(for: .milliseconds(100))
                continue
            default:
                throw KafkaClientError.kafka(response.errorCode, resource: "group '\(group)'", message: nil)
            }
            memberID = response.memberID
            generation = response.generationID
            let assignments = response.leader == memberID ? try await leaderAssignments(response.members) : []
            let sync = SyncGroupRequest(
                groupID: group, generationID: generation, memberID: memberID, protocolType: "consumer",
                protocolName: response.protocolName ?? RangeAssignor.protocolName, assignments: assignments)
            let synced = try await client.send(sync, to: .node(coordinator))
            switch synced.errorCode {
            case .none:
                break
            case .rebalanceInProgress where attempts < 5, .illegalGeneration where attempts < 5:
                continue
            case .unknownMemberID where attempts < 5:
                memberID = ""
                continue
            default:
                throw KafkaClientError.kafka(synced.errorCode, resource: "group '\(group)'", message: nil)
            }
            assignment = try Self.decodeAssignment(synced.assignment)
            needsRejoin = false
            startHeartbeats()
            return assignment
        }
    }

    /// Commits `offsets` (the next offset to read, per partition) under the current generation.
    public func commit(_ offsets: [TopicPartition: Int64]) async throws {
        try await client.commitOffsets(group: group, generation: generation, member: memberID, offsets: offsets)
    }

    /// The group's committed offsets for the current assignment (-1 where none).
    public func committedOffsets() async throws -> [TopicPartition: Int64] {
        guard !assignment.isEmpty else { return [:] }
        return try await client.fetchOffsets(group: group, partitions: assignment)
    }

    /// Stops heartbeats and leaves the group. Errors are ignored: the member expires anyway.
    public func leave() async {
        heartbeatTask?.cancel()
        heartbeatTask = nil
        guard !memberID.isEmpty, coordinator >= 0 else { return }
        let version = (try? await client.negotiatedVersion(LeaveGroupRequest.self)) ?? 0
        // v3 turned the single member ID into a members array (KIP-345).
        let request = version >= 3
            ? LeaveGroupRequest(groupID: group, members: [.init(memberID: memberID, reason: "fjord consume exiting")])
            : LeaveGroupRequest(groupID: group, memberID: memberID)
        _ = try? await client.send(request, to: .node(coordinator), version: version)
        memberID = ""
        generation = -1
    }

    private func leaderAssignments(_ members: [JoinGroupResponse.Member]) async throws -> [SyncGroupRequest.Assignment] {
        var subscriptions: [String: [String]] = [:]
        for member in members {
            let subscription = (try? ConsumerProtocolSubscription(decoding: member.metadata))?.topics ?? []
            subscriptions[member.memberID] = subscription
        }
        var counts: [String: Int32] = [:]
        for topic in Set(subscriptions.values.flatMap { $0 }) {
            if let metadata = try? await client.topicMetadata(topic, refresh: true) { counts[topic] = Int32(metadata.partitions.count) }
        }
        let plan = RangeAssignor.assign(subscriptions: subscriptions, partitionCounts: counts)
        return plan.sorted { $0.key < $1.key }.map { member, topics in
            let assigned = topics.sorted { $0.key < $1.key }.map { ConsumerProtocolTopicPartitions(topic: $0.key, partitions: $0.value) }
            return SyncGroupRequest.Assignment(memberID: member, assignment: ConsumerProtocolAssignment(assignedPartitions: assigned).encoded())
        }
    }

    static func decodeAssignment(_ bytes: ByteBuffer) throws -> [TopicPartition] {
        // An empty assignment (a member with nothing to do) may come as zero bytes.
        guard bytes.readableBytes > 0 else { return [] }
        let decoded: ConsumerProtocolAssignment
        do {
            decoded = try ConsumerProtocolAssignment(decoding: bytes)
        } catch {
            throw KafkaClientError.malformedResponse(api: "SyncGroup", detail: "assignment: \(error)")
        }
        return decoded.assignedPartitions.flatMap { entry in entry.partitions.map { TopicPartition(topic: entry.topic, partition: $0) } }.sorted()
    }

    private func startHeartbeats() {
        heartbeatTask?.cancel()
        let interval = sessionTimeout / 3
        heartbeatTask = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled, let self else { return }
                if await !self.heartbeat() { return }
            }
        }
    }

    /// One heartbeat; false when the loop should stop (a rejoin is needed or the member is gone).
    private func heartbeat() async -> Bool {
        guard !needsRejoin else { return false }
        let request = HeartbeatRequest(groupID: group, generationID: generation, memberID: memberID)
        do {
            let response = try await client.send(request, to: .node(coordinator))
            switch response.errorCode {
            case .none:
                return true
            case .rebalanceInProgress, .illegalGeneration, .unknownMemberID, .notCoordinator:
                if response.errorCode == .unknownMemberID { memberID = "" }
                needsRejoin = true
                return false
            default:
                heartbeatError = .kafka(response.errorCode, resource: "group '\(group)'", message: nil)
                needsRejoin = true
                return false
            }
        } catch {
            // A transient failure: the next heartbeat or fetch will tell.
            return true
        }
    }

    static func milliseconds(_ duration: Duration) -> Int32 {
        Int32(clamping: Int64(duration.seconds * 1000))
    }
}
