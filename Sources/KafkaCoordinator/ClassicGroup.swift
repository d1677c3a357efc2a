// One classic consumer group: its state, members and committed offsets. The event handlers live in
// `ClassicGroup+Join.swift`, `+Sync.swift`, `+Leave.swift`, `+Timers.swift`; they mutate the group
// and record what the driver must do in a `GroupEffects` value, so one group never touches another.

import KafkaModel

/// A member of a classic group.
struct ClassicMember: Hashable, Sendable {
    var memberID: String
    var groupInstanceID: String?
    var clientID: String
    var clientHost: String
    var rebalanceTimeoutMs: Int32
    var sessionTimeoutMs: Int32
    var protocolType: String
    var protocols: [GroupProtocol]
    var assignment: [UInt8] = []
    /// The JoinGroup held until the join phase ends.
    var awaitingJoin: RequestID?
    /// Whether that held JoinGroup may be answered with SkipAssignment (v9+).
    var awaitingJoinSupportsSkip = false
    /// The SyncGroup held until the leader's assignment is durable.
    var awaitingSync: RequestID?
    /// Joined in the current join phase and not yet through it: such a member is expired by the new
    /// member join timeout even while its JoinGroup is held (it may have given up and retried).
    var isNew = false
    /// When the session timer should fire; a `.session` timer firing earlier is stale.
    var sessionDeadline: Int64 = 0

    func metadata(for protocolName: String?) -> [UInt8] {
        guard let protocolName else { return [] }
        return protocols.first { $0.name == protocolName }?.metadata ?? []
    }

    /// A member whose JoinGroup or SyncGroup is held cannot heartbeat, so it counts as alive, unless
    /// it is new (see `isNew`).
    var hasSatisfiedHeartbeat: Bool {
        if isNew { return false }
        return awaitingJoin != nil || awaitingSync != nil
    }
}

/// The state of a classic group and the members, generation and offsets that go with it.
struct ClassicGroup: Sendable {
    /// Kafka's classic group states (the wire names are in `name`).
    enum State: Hashable, Sendable {
        /// No members. Offsets may still be committed (simple commits with generation -1) and fetched.
        /// JoinGroup from a new member → PreparingRebalance (with the initial delay).
        /// Known-member requests get UNKNOWN_MEMBER_ID. Offsets expiring or the group being deleted → Dead.
        case empty
        /// Waiting for every known member to send JoinGroup again (JoinGroups are held). Heartbeats get
        /// REBALANCE_IN_PROGRESS, SyncGroup too. Commits from the old generation are still accepted.
        /// Ends when all members have rejoined (never on the initial rebalance out of Empty, which waits
        /// for the delay timer) or when the join timer fires: then stragglers (dynamic) are removed, the
        /// generation increases and the group goes to CompletingRebalance, or Empty if nobody is left.
        case preparingRebalance
        /// Join responses are out; waiting for the leader's SyncGroup with the assignment. Followers'
        /// SyncGroups are held. Heartbeats are fine; commits get REBALANCE_IN_PROGRESS. The leader's
        /// durable assignment → Stable. A new member, a changed member, a leave or an eviction →
        /// PreparingRebalance (held SyncGroups answered REBALANCE_IN_PROGRESS).
        case completingRebalance
        /// Everyone has an assignment. Heartbeats, syncs and commits succeed. The leader rejoining, a
        /// follower rejoining with new metadata, a new member, a leave, an eviction or the pending-sync
        /// timer → PreparingRebalance.
        case stable
        /// The group was deleted or its offsets expired; it only answers COORDINATOR_NOT_AVAILABLE
        /// (clients look the coordinator up again) and is removed once its tombstones are durable.
        case dead

        var name: String {
            switch self {
            case .empty: "Empty"
            case .preparingRebalance: "PreparingRebalance"
            case .completingRebalance: "CompletingRebalance"
            case .stable: "Stable"
            case .dead: "Dead"
            }
        }
    }

    let groupID: String
    let partition: Int32
    var state: State = .empty
    /// When `state` was entered (ms); the retention of an Empty group's offsets counts from it.
    var stateTimestamp: Int64 = -1
    var generationID: Int32 = 0
    var protocolType: String?
    var protocolName: String?
    var leaderID: String?
    var members: [String: ClassicMember] = [:]
    /// Join order, so that leader fallback and member lists are deterministic.
    var memberOrder: [String] = []
    /// MEMBER_ID_REQUIRED members: ID → session deadline.
    var pendingMembers: [String: Int64] = [:]
    /// group.instance.id → member ID.
    var staticMembers: [String: String] = [:]
    /// Members of the current generation that have not sent SyncGroup yet.
    var pendingSyncMembers: Set<String> = []
    /// True between entering PreparingRebalance from Empty and the end of that join phase.
    var isInitialRebalance = false
    /// Set when a member joins during the initial rebalance; the delay timer then re-arms.
    var newMemberAdded = false
    /// The initial delay still allowed after the current timer (bounded by the rebalance timeout).
    var initialDelayRemainingMs: Int64 = 0
    var joinDeadline: Int64?
    var syncDeadline: Int64?
    var offsets: [TopicPartition: CommittedOffset] = [:]

    init(groupID: String, partition: Int32, now: Int64) {
        self.groupID = groupID
        self.partition = partition
        self.stateTimestamp = now
    }

    // MARK: queries

    var numAwaitingJoin: Int { members.values.reduce(0) { $0 + ($1.awaitingJoin != nil ? 1 : 0) } }

    var hasAllMembersJoined: Bool {
        pendingMembers.isEmpty && members.values.allSatisfy { $0.awaitingJoin != nil }
    }

    /// The rebalance timeout of the group is the largest any member asked for.
    var rebalanceTimeoutMs: Int64 {
        Int64(members.values.map(\.rebalanceTimeoutMs).max() ?? 0)
    }

    var orderedMembers: [ClassicMember] { memberOrder.compactMap { members[$0] } }

    func isLeader(_ memberID: String) -> Bool { leaderID == memberID }

    /// Can a member offering these protocols join? A first member needs a type and at least one
    /// protocol; later ones need the group's type and a protocol every current member also supports.
    func supportsProtocols(type: String, protocols: [GroupProtocol]) -> Bool {
        if members.isEmpty { return !type.isEmpty && !protocols.isEmpty }
        guard type == protocolType else { return false }
        return protocols.contains { candidate in
            members.values.allSatisfy { member in member.protocols.contains { $0.name == candidate.name } }
        }
    }

    /// Names every member supports, each member voting for the first of them in its own order; the most
    /// votes wins (ties go to the name first in the leader's (or first member's) preference).
    func selectProtocol() -> String? {
        let ordered = orderedMembers
        guard let first = ordered.first else { return nil }
        let candidates = first.protocols.map(\.name).filter { name in
            ordered.allSatisfy { member in member.protocols.contains { $0.name == name } }
        }
        guard !candidates.isEmpty else { return nil }
        var votes: [String: Int] = [:]
        for member in ordered {
            if let vote = member.protocols.first(where: { candidates.contains($0.name) }) {
                votes[vote.name, default: 0] += 1
            }
        }
        var best = candidates[0]
        for name in candidates where votes[name, default: 0] > votes[best, default: 0] {
            best = name
        }
        return best
    }

    /// Validation shared by heartbeat, sync, leave and commit: instance ID first (KIP-345), then ID.
    func validateMember(_ memberID: String, instanceID: String?) -> KafkaErrorCode {
        if let instanceID {
            guard let bound = staticMembers[instanceID] else { return .unknownMemberID }
            return bound == memberID ? .none : .fencedInstanceID
        }
        return members[memberID] == nil ? .unknownMemberID : .none
    }

    /// Every topic any member subscribes to, from ConsumerProtocolSubscription bytes. `nil` when some
    /// subscription could not be read: then the group must be assumed subscribed to everything.
    func subscribedTopics() -> Set<String>? {
        guard protocolType == "consumer" else { return [] }
        var topics: Set<String> = []
        for member in members.values {
            let chosen = protocolName.map { member.metadata(for: $0) } ?? member.protocols.first?.metadata ?? []
            guard let parsed = Self.subscriptionTopics(chosen) else { return nil }
            topics.formUnion(parsed)
        }
        return topics
    }

    /// Reads the topic list of a ConsumerProtocolSubscription (int16 version, int32 count, int16-length
    /// strings). Later fields are ignored, so every version reads the same way.
    static func subscriptionTopics(_ bytes: [UInt8]) -> [String]? {
        var reader = ByteReader(bytes)
        do {
            _ = try reader.int16()
            let count = try reader.int32()
            guard count >= 0, Int(count) <= reader.remaining / 2 else { return nil }
            var topics: [String] = []
            for _ in 0..<count { topics.append(try reader.string()) }
            return topics
        } catch {
            return nil
        }
    }

    // MARK: records

    /// The GroupMetadata record of the group as it is now, with the members' current assignments.
    func metadataRecord(now: Int64) -> OffsetsTopicRecord {
        let value = GroupMetadataValue(
            protocolType: protocolType ?? "", generationID: generationID, protocolName: protocolName,
            leaderID: leaderID, currentStateTimestamp: stateTimestamp,
            members: orderedMembers.map { member in
                GroupMetadataMemberValue(
                    memberID: member.memberID, groupInstanceID: member.groupInstanceID,
                    clientID: member.clientID, clientHost: member.clientHost,
                    rebalanceTimeoutMs: member.rebalanceTimeoutMs, sessionTimeoutMs: member.sessionTimeoutMs,
                    subscription: member.metadata(for: protocolName), assignment: member.assignment)
            })
        return OffsetsTopicRecord(
            key: OffsetsTopicSchema.groupMetadataKey(group: groupID),
            value: OffsetsTopicSchema.encodeGroupMetadataValue(value))
    }

    // MARK: membership bookkeeping

    mutating func transition(to newState: State, now: Int64) {
        state = newState
        stateTimestamp = now
    }

    mutating func addMember(_ member: ClassicMember) {
        if members.isEmpty { protocolType = member.protocolType }
        if let instanceID = member.groupInstanceID { staticMembers[instanceID] = member.memberID }
        if leaderID == nil { leaderID = member.memberID }
        members[member.memberID] = member
        memberOrder.append(member.memberID)
        pendingMembers[member.memberID] = nil
    }

    /// Removes a member and answers whatever it still had held with `error`, so no request hangs.
    mutating func removeMember(_ memberID: String, answering error: KafkaErrorCode, effects: inout GroupEffects) {
        guard let member = members.removeValue(forKey: memberID) else {
            pendingMembers[memberID] = nil
            return
        }
        memberOrder.removeAll { $0 == memberID }
        if let instanceID = member.groupInstanceID, staticMembers[instanceID] == memberID {
            staticMembers[instanceID] = nil
        }
        if let request = member.awaitingJoin {
            effects.respond(request, .joinGroup(.failure(error, memberID: memberID)))
        }
        if let request = member.awaitingSync {
            effects.respond(request, .syncGroup(.failure(error)))
        }
        effects.actions.append(.cancelTimer(.session(group: groupID, memberID: memberID)))
        pendingSyncMembers.remove(memberID)
        if leaderID == memberID { leaderID = memberOrder.first }
    }

    /// Arms a member's session timer for `timeoutMs` from now.
    mutating func scheduleSession(_ memberID: String, timeoutMs: Int64, effects: inout GroupEffects) {
        guard members[memberID] != nil else { return }
        let deadline = effects.now + timeoutMs
        members[memberID]!.sessionDeadline = deadline
        effects.actions.append(.scheduleTimer(.session(group: groupID, memberID: memberID), deadline: deadline))
    }

    mutating func scheduleSession(_ memberID: String, effects: inout GroupEffects) {
        guard let member = members[memberID] else { return }
        scheduleSession(memberID, timeoutMs: Int64(member.sessionTimeoutMs), effects: &effects)
    }
}

/// What handling one event asks for, collected while a group is mutated.
struct GroupEffects {
    let config: GroupCoordinatorConfig
    let now: Int64
    var actions: [CoordinatorAction] = []
    /// Appends to make; the coordinator assigns their tokens.
    var appends: [(partition: Int32, records: [OffsetsTopicRecord], purpose: AppendPurpose)] = []

    init(config: GroupCoordinatorConfig, now: Int64) {
        self.config = config
        self.now = now
    }

    mutating func respond(_ request: RequestID, _ response: CoordinatorResponse) {
        actions.append(.respond(request, response))
    }
}

/// What to do when an append completes.
enum AppendPurpose: Sendable {
    /// Group metadata written when a join phase ends: nothing waits for it.
    case groupMetadata
    /// The leader's assignment for `generation`; on success the group becomes Stable.
    case assignment(group: String, generation: Int32, assignments: [String: [UInt8]])
    /// A replaced static member whose JoinGroup is answered once its new ID is durable.
    case staticRejoin(group: String, memberID: String, request: RequestID, leaderBefore: String?)
    /// Offsets committed; `results` holds every partition's answer in request order (errors decided
    /// before the append stay; the others become the append's outcome).
    case offsetCommit(request: RequestID, group: String, results: [PartitionError], records: [OffsetsTopicRecord])
    /// OffsetDelete tombstones.
    case offsetDelete(request: RequestID, group: String, results: [PartitionError], records: [OffsetsTopicRecord])
    /// DeleteGroups tombstones for one group of a batch.
    case groupDeletion(request: RequestID, group: String, records: [OffsetsTopicRecord])
    /// Expired offsets (and possibly the group).
    case expiry(group: String, records: [OffsetsTopicRecord])
}
