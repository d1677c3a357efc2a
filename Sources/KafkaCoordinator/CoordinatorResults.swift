// Results carried by `CoordinatorResponse` and returned by the coordinator's queries.

import KafkaModel

public struct JoinGroupMemberInfo: Hashable, Sendable {
    public var memberID: String
    public var groupInstanceID: String?
    public var metadata: [UInt8]

    public init(memberID: String, groupInstanceID: String?, metadata: [UInt8]) {
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.metadata = metadata
    }
}

public struct JoinGroupResult: Hashable, Sendable {
    public var error: KafkaErrorCode
    public var generationID: Int32
    public var protocolType: String?
    public var protocolName: String?
    public var leaderID: String
    public var skipAssignment: Bool
    public var memberID: String
    /// Filled only for the leader: every member with its metadata for the chosen protocol.
    public var members: [JoinGroupMemberInfo]

    public init(error: KafkaErrorCode, generationID: Int32, protocolType: String?, protocolName: String?, leaderID: String, skipAssignment: Bool, memberID: String, members: [JoinGroupMemberInfo]) {
        self.error = error
        self.generationID = generationID
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.leaderID = leaderID
        self.skipAssignment = skipAssignment
        self.memberID = memberID
        self.members = members
    }

    static func failure(_ error: KafkaErrorCode, memberID: String) -> JoinGroupResult {
        JoinGroupResult(
            error: error, generationID: -1, protocolType: nil, protocolName: nil, leaderID: "",
            skipAssignment: false, memberID: memberID, members: [])
    }
}

public struct SyncGroupResult: Hashable, Sendable {
    public var error: KafkaErrorCode
    public var protocolType: String?
    public var protocolName: String?
    public var assignment: [UInt8]

    public init(error: KafkaErrorCode, protocolType: String?, protocolName: String?, assignment: [UInt8]) {
        self.error = error
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.assignment = assignment
    }

    static func failure(_ error: KafkaErrorCode) -> SyncGroupResult {
        SyncGroupResult(error: error, protocolType: nil, protocolName: nil, assignment: [])
    }
}

public struct HeartbeatResult: Hashable, Sendable {
    public var error: KafkaErrorCode

    public init(error: KafkaErrorCode) {
        self.error = error
    }
}

public struct LeaveGroupMemberResult: Hashable, Sendable {
    public var memberID: String
    public var groupInstanceID: String?
    public var error: KafkaErrorCode

    public init(memberID: String, groupInstanceID: String?, error: KafkaErrorCode) {
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.error = error
    }
}

public struct LeaveGroupResult: Hashable, Sendable {
    /// Group-level error. For v0–2 the driver reports `members[0].error` when this is `.none`.
    public var error: KafkaErrorCode
    public var members: [LeaveGroupMemberResult]

    public init(error: KafkaErrorCode, members: [LeaveGroupMemberResult]) {
        self.error = error
        self.members = members
    }
}

public struct PartitionError: Hashable, Sendable {
    public var partition: TopicPartition
    public var error: KafkaErrorCode
    public init(partition: TopicPartition, error: KafkaErrorCode) {
        self.partition = partition
        self.error = error
    }
}

public struct OffsetCommitResult: Hashable, Sendable {
    /// In request order.
    public var partitions: [PartitionError]

    public init(partitions: [PartitionError]) {
        self.partitions = partitions
    }
}

public struct DeleteGroupsResult: Hashable, Sendable {
    /// In request order.
    public var results: [GroupError]

    public init(results: [GroupError]) {
        self.results = results
    }
}

public struct GroupError: Hashable, Sendable {
    public var groupID: String
    public var error: KafkaErrorCode

    public init(groupID: String, error: KafkaErrorCode) {
        self.groupID = groupID
        self.error = error
    }
}

public struct OffsetDeleteResult: Hashable, Sendable {
    /// Group-level error; when not `.none`, `partitions` is empty.
    public var error: KafkaErrorCode
    public var partitions: [PartitionError]

    public init(error: KafkaErrorCode, partitions: [PartitionError]) {
        self.error = error
        self.partitions = partitions
    }
}

/// A committed offset as the coordinator keeps it.
public struct CommittedOffset: Hashable, Sendable {
    public var offset: Int64
    public var leaderEpoch: Int32
    public var metadata: String
    public var commitTimestamp: Int64
    public var expireTimestamp: Int64?

    public init(offset: Int64, leaderEpoch: Int32, metadata: String, commitTimestamp: Int64, expireTimestamp: Int64?) {
        self.offset = offset
        self.leaderEpoch = leaderEpoch
        self.metadata = metadata
        self.commitTimestamp = commitTimestamp
        self.expireTimestamp = expireTimestamp
    }
}

public struct FetchedOffset: Hashable, Sendable {
    public var partition: TopicPartition
    /// -1 when nothing was committed.
    public var offset: Int64
    public var leaderEpoch: Int32
    public var metadata: String
    public var error: KafkaErrorCode

    public init(partition: TopicPartition, offset: Int64, leaderEpoch: Int32, metadata: String, error: KafkaErrorCode) {
        self.partition = partition
        self.offset = offset
        self.leaderEpoch = leaderEpoch
        self.metadata = metadata
        self.error = error
    }
}

public struct OffsetFetchResult: Hashable, Sendable {
    /// Group-level error (COORDINATOR_LOAD_IN_PROGRESS while loading, INVALID_GROUP_ID).
    public var error: KafkaErrorCode
    public var partitions: [FetchedOffset]

    public init(error: KafkaErrorCode, partitions: [FetchedOffset]) {
        self.error = error
        self.partitions = partitions
    }
}

public struct DescribedMember: Hashable, Sendable {
    public var memberID: String
    public var groupInstanceID: String?
    public var clientID: String
    public var clientHost: String
    /// Only in Stable: the member's metadata for the chosen protocol.
    public var metadata: [UInt8]
    /// Only in Stable.
    public var assignment: [UInt8]

    public init(memberID: String, groupInstanceID: String?, clientID: String, clientHost: String, metadata: [UInt8], assignment: [UInt8]) {
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.clientID = clientID
        self.clientHost = clientHost
        self.metadata = metadata
        self.assignment = assignment
    }
}

public struct GroupDescription: Hashable, Sendable {
    public var error: KafkaErrorCode
    public var groupID: String
    /// "Empty", "PreparingRebalance", "CompletingRebalance", "Stable" or "Dead" (unknown groups).
    public var state: String
    public var protocolType: String
    /// Only in Stable.
    public var protocolName: String
    public var members: [DescribedMember]

    public init(error: KafkaErrorCode, groupID: String, state: String, protocolType: String, protocolName: String, members: [DescribedMember]) {
        self.error = error
        self.groupID = groupID
        self.state = state
        self.protocolType = protocolType
        self.protocolName = protocolName
        self.members = members
    }
}

public struct ListedGroup: Hashable, Sendable {
    public var groupID: String
    public var protocolType: String
    public var state: String

    public init(groupID: String, protocolType: String, state: String) {
        self.groupID = groupID
        self.protocolType = protocolType
        self.state = state
    }
}

public struct ListGroupsResult: Hashable, Sendable {
    /// COORDINATOR_LOAD_IN_PROGRESS while any `__consumer_offsets` partition is loading.
    public var error: KafkaErrorCode
    public var groups: [ListedGroup]

    public init(error: KafkaErrorCode, groups: [ListedGroup]) {
        self.error = error
        self.groups = groups
    }
}
