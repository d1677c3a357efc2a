// Plain data exchanged between the broker's driver and the coordinator state machine: configuration,
// event inputs, actions and the results carried by responses. Nothing here does I/O.

import KafkaModel

/// Broker settings the coordinator enforces. Names follow Kafka's `group.*` / `offsets.*` configs.
public struct GroupCoordinatorConfig: Sendable, Hashable {
    /// `group.min.session.timeout.ms`: a JoinGroup asking for less gets INVALID_SESSION_TIMEOUT.
    public var groupMinSessionTimeoutMs: Int32 = 6000
    /// `group.max.session.timeout.ms`.
    public var groupMaxSessionTimeoutMs: Int32 = 1_800_000
    /// `group.initial.rebalance.delay.ms`. Kafka's 3000 ms lets a fleet of consumers that start together
    /// land in one rebalance instead of several. Fjord is a single-node broker used mostly by one
    /// developer, a test suite or a small pipeline, where a group usually starts with one to a few
    /// consumers that connect within a few hundred milliseconds of each other; 3 s of dead time before
    /// the first record is the most visible cost there. 300 ms still gathers members started together
    /// (the delay is re-armed while new members keep arriving, up to the rebalance timeout), and a late
    /// member merely causes one more quick rebalance. Production-like setups can set 3000.
    public var groupInitialRebalanceDelayMs: Int32 = 300
    /// `group.max.size`: members per group (GROUP_MAX_SIZE_REACHED beyond it).
    public var groupMaxSize: Int = Int.max
    /// Bound on members allocated by MEMBER_ID_REQUIRED that have not joined yet. Kafka leaves them
    /// unbounded (they expire after the session timeout); a client looping on empty-ID joins would
    /// otherwise grow the map without limit, so Fjord answers GROUP_MAX_SIZE_REACHED past this.
    public var maxPendingMembersPerGroup: Int = 10_000
    /// `offsets.retention.minutes` (7 days), in ms.
    public var offsetsRetentionMs: Int64 = 7 * 24 * 60 * 60 * 1000
    /// `offset.metadata.max.bytes`: longer commit metadata gets OFFSET_METADATA_TOO_LARGE.
    public var offsetMetadataMaxBytes: Int = 4096
    /// `offsets.topic.num.partitions`.
    public var offsetsTopicPartitions: Int32 = 50
    /// `group.classic.new.member.join.timeout.ms`: a new member parked in JoinGroup is dropped after this.
    public var newMemberJoinTimeoutMs: Int32 = 300_000
    /// Bound on one member's protocol names + metadata in JoinGroup (INVALID_REQUEST beyond it). A
    /// consumer subscription is topic names plus owned partitions: even thousands of topics stay far
    /// below 1 MiB, while without a bound `group.max.size` × metadata would be the only memory limit.
    public var maxMemberMetadataBytes: Int = 1 << 20

    public init() {}
}

/// Names one request the driver holds open; the coordinator answers it with `.respond` exactly once.
public struct RequestID: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public var description: String { "req#\(rawValue)" }
}

/// Names one `.append`; the driver reports its outcome with `appendCompleted(_:success:now:)`.
public struct AppendToken: Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt64
    public init(_ rawValue: UInt64) { self.rawValue = rawValue }
    public var description: String { "append#\(rawValue)" }
}

/// A timer the coordinator asks for. Equal values name the same timer: scheduling one that is already
/// scheduled replaces its deadline. A timer that fires late or after its purpose ended is harmless:
/// the coordinator checks the group, member, generation and the deadline it stored, and ignores it.
public enum CoordinatorTimer: Hashable, Sendable {
    /// A member's (or a MEMBER_ID_REQUIRED pending member's) session: fires when no heartbeat arrived.
    case session(group: String, memberID: String)
    /// End of the join phase (initial delay or rebalance timeout) that started in `generation`.
    case join(group: String, generation: Int32)
    /// Members of `generation` that have not sent SyncGroup by now are removed.
    case pendingSync(group: String, generation: Int32)

    public var groupID: String {
        switch self {
        case .session(let group, _), .join(let group, _), .pendingSync(let group, _): group
        }
    }
}

/// What the coordinator asks the driver to do. Execute them in order.
public enum CoordinatorAction: Hashable, Sendable {
    /// Send this response for the held request.
    case respond(RequestID, CoordinatorResponse)
    /// Arm (or re-arm) a timer; at `deadline` (ms, same clock as `now`) call `timerFired`.
    case scheduleTimer(CoordinatorTimer, deadline: Int64)
    /// Disarm a timer if it is armed.
    case cancelTimer(CoordinatorTimer)
    /// Append these records to partition `partition` of `__consumer_offsets`; once durable (or failed),
    /// call `appendCompleted(token, success:now:)`. Every token must be completed exactly once.
    case append(partition: Int32, records: [OffsetsTopicRecord], token: AppendToken)
}

/// The answer to one held request.
public enum CoordinatorResponse: Hashable, Sendable {
    case joinGroup(JoinGroupResult)
    case syncGroup(SyncGroupResult)
    case heartbeat(HeartbeatResult)
    case leaveGroup(LeaveGroupResult)
    case offsetCommit(OffsetCommitResult)
    case deleteGroups(DeleteGroupsResult)
    case offsetDelete(OffsetDeleteResult)
}

/// One protocol a member offers in JoinGroup (for consumers: an assignor name and a subscription).
public struct GroupProtocol: Hashable, Sendable {
    public var name: String
    public var metadata: [UInt8]
    public init(name: String, metadata: [UInt8]) {
        self.name = name
        self.metadata = metadata
    }
}

public struct JoinGroupInput: Hashable, Sendable {
    public var groupID: String
    /// "" for a member that has none yet.
    public var memberID: String
    public var groupInstanceID: String?
    public var clientID: String
    /// As Java prints it, e.g. "/127.0.0.1".
    public var clientHost: String
    public var sessionTimeoutMs: Int32
    /// JoinGroup v0 has none: pass the session timeout.
    public var rebalanceTimeoutMs: Int32
    public var protocolType: String
    public var protocols: [GroupProtocol]
    /// True for JoinGroup v4+ (KIP-394): an empty member ID gets MEMBER_ID_REQUIRED first.
    public var requireKnownMemberID: Bool
    /// True for JoinGroup v9+ (KIP-814): a replaced static leader may be told to skip assignment.
    public var supportsSkipAssignment: Bool
    /// A fresh unique string (e.g. a UUID) from the driver, used if this join needs a new member ID.
    public var memberIDSuffix: String

    public init(
        groupID: String, memberID: String = "", groupInstanceID: String? = nil, clientID: String,
        clientHost: String, sessionTimeoutMs: Int32, rebalanceTimeoutMs: Int32, protocolType: String,
        protocols: [GroupProtocol], requireKnownMemberID: Bool, supportsSkipAssignment: Bool = false,
        memberIDSuffix: String
    ) {
        self.groupID = groupID
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.clientID = clientID
        self.clientHost = clientHost
        self.sessionTimeoutMs = sessionTimeoutMs
        self.rebalanceTimeoutMs = rebalanceTimeoutMs
        self.protocolType = protocolType
        self.protocols = protocols
        self.requireKnownMemberID = requireKnownMemberID
        self.supportsSkipAssignment = supportsSkipAssignment
        self.memberIDSuffix = memberIDSuffix
    }
}

public struct SyncGroupInput: Hashable, Sendable {
    public var groupID: String
    public var generationID: Int32
    public var memberID: String
    public var groupInstanceID: String?
    /// SyncGroup v5+ only; nil means "not sent".
    public var protocolType: String?
    public var protocolName: String?
    /// From the leader: member ID → assignment bytes. Followers send none.
    public var assignments: [String: [UInt8]]

    public init(
        groupID: String, generationID: Int32, memberID: String, groupInstanceID: String? = nil,
        protocolType: String? = nil, protocolName: String? = nil, assignments: [String: [UInt8]] = [:]
    ) {
        self.groupID = groupID
        self.generationID = generationID
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.assignments = assignments
    }
}

public struct HeartbeatInput: Hashable, Sendable {
    public var groupID: String
    public var generationID: Int32
    public var memberID: String
    public var groupInstanceID: String?

    public init(groupID: String, generationID: Int32, memberID: String, groupInstanceID: String? = nil) {
        self.groupID = groupID
        self.generationID = generationID
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
    }
}

public struct LeaveGroupMember: Hashable, Sendable {
    /// "" with a group instance ID means "whoever holds that instance ID" (v3+ admin removal).
    public var memberID: String
    public var groupInstanceID: String?
    public init(memberID: String, groupInstanceID: String? = nil) {
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
    }
}

public struct LeaveGroupInput: Hashable, Sendable {
    public var groupID: String
    /// v0–2 carry one member; v3+ a batch.
    public var members: [LeaveGroupMember]
    public init(groupID: String, members: [LeaveGroupMember]) {
        self.groupID = groupID
        self.members = members
    }
}

public struct OffsetCommitPartitionInput: Hashable, Sendable {
    public var partition: TopicPartition
    public var offset: Int64
    /// -1 when unknown or not sent (before v6).
    public var leaderEpoch: Int32
    /// nil is stored as "".
    public var metadata: String?
    /// OffsetCommit v1's explicit commit time; -1 (every other version) means the time of the commit.
    /// Retention counts from it, as in Kafka.
    public var commitTimestamp: Int64
    public init(partition: TopicPartition, offset: Int64, leaderEpoch: Int32 = -1, metadata: String? = nil, commitTimestamp: Int64 = -1) {
        self.partition = partition
        self.offset = offset
        self.leaderEpoch = leaderEpoch
        self.metadata = metadata
        self.commitTimestamp = commitTimestamp
    }
}

public struct OffsetCommitInput: Hashable, Sendable {
    public var groupID: String
    /// -1 with an empty member ID is a "simple" commit (admin tools, `assign()` consumers).
    public var generationID: Int32
    public var memberID: String
    public var groupInstanceID: String?
    /// v2–4 `RetentionTimeMs`; -1 (default) means the broker's retention.
    public var retentionTimeMs: Int64
    public var partitions: [OffsetCommitPartitionInput]

    public init(
        groupID: String, generationID: Int32 = -1, memberID: String = "", groupInstanceID: String? = nil,
        retentionTimeMs: Int64 = -1, partitions: [OffsetCommitPartitionInput]
    ) {
        self.groupID = groupID
        self.generationID = generationID
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.retentionTimeMs = retentionTimeMs
        self.partitions = partitions
    }
}

public struct OffsetDeleteInput: Hashable, Sendable {
    public var groupID: String
    public var partitions: [TopicPartition]
    public init(groupID: String, partitions: [TopicPartition]) {
        self.groupID = groupID
        self.partitions = partitions
    }
}
