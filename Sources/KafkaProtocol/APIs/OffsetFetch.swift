// OffsetFetch, key 9, versions 1–9, flexible from v6.
//
// v0 read offsets from ZooKeeper and is not implemented. kafka-go sends v1 (pitfall 3).
// v2: Topics may be null for "every partition the group has committed", and a top-level ErrorCode.
// v3: ThrottleTimeMs in the response. v5: CommittedLeaderEpoch per partition (−1 when none, pitfall 13).
// v7: RequireStable: partitions with a pending transactional commit answer UNSTABLE_OFFSET_COMMIT.
// v8: several groups per request (KIP-709): the single GroupId/Topics (v0–7) become a Groups array, and the
//     response's Topics/ErrorCode move inside a Groups array (protocol-compat §2.4).
// v9: MemberId and MemberEpoch per group, checked only for KIP-848 groups.
import KafkaModel
import NIOCore

public struct OffsetFetchRequest: KafkaRequestMessage, Hashable {
    public typealias Response = OffsetFetchResponse
    public static let apiKey = ApiKey.offsetFetch
    public static let versions: ClosedRange<Int16> = 1...9
    public static let firstFlexibleVersion: Int16? = 6

    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitionIndexes: [Int32]
        public var taggedFields: TaggedFields

        public init(name: String, partitionIndexes: [Int32], taggedFields: TaggedFields = .init()) {
            self.name = name
            self.partitionIndexes = partitionIndexes
            self.taggedFields = taggedFields
        }
    }

    public struct Group: Hashable, Sendable {
        public var groupID: String
        /// v9+
        public var memberID: String?
        /// v9+
        public var memberEpoch: Int32
        /// Null asks for every committed partition.
        public var topics: [Topic]?
        public var taggedFields: TaggedFields

        public init(groupID: String, memberID: String? = nil, memberEpoch: Int32 = -1, topics: [Topic]?, taggedFields: TaggedFields = .init()) {
            self.groupID = groupID
            self.memberID = memberID
            self.memberEpoch = memberEpoch
            self.topics = topics
            self.taggedFields = taggedFields
        }
    }

    /// v1–7
    public var groupID: String
    /// v1–7; null (v2+) asks for every committed partition. A v1 request cannot say that, so nil is sent as empty.
    public var topics: [Topic]?
    /// v8+
    public var groups: [Group]
    /// v7+
    public var requireStable: Bool
    public var taggedFields: TaggedFields

    public init(groupID: String = "", topics: [Topic]? = nil, groups: [Group] = [], requireStable: Bool = false, taggedFields: TaggedFields = .init()) {
        self.groupID = groupID
        self.topics = topics
        self.groups = groups
        self.requireStable = requireStable
        self.taggedFields = taggedFields
    }

    /// The groups asked for whatever the version's shape, so the coordinator handles one form.
    public func requestedGroups(version: Int16) -> [Group] { version >= 8 ? groups : [Group(groupID: groupID, topics: topics)] }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = Self.isFlexible(version)
        self.init()
        if version <= 7 {
            groupID = try buffer.readKafkaString("group_id", flexible: flexible)
            topics = try Self.readTopics(from: &buffer, flexible: flexible)
            if version < 2 && topics == nil { throw ProtocolError.invalidValue(field: "topics") }
        } else {
            groups = try buffer.readKafkaArray("groups", flexible: flexible, minimumElementSize: 3) { buffer in
                var group = Group(groupID: try buffer.readKafkaString("group_id", flexible: flexible), topics: nil)
                if version >= 9 {
                    group.memberID = try buffer.readKafkaNullableString("member_id", flexible: flexible)
                    group.memberEpoch = try buffer.readKafkaInt32("member_epoch")
                }
                group.topics = try Self.readTopics(from: &buffer, flexible: flexible)
                group.taggedFields = try buffer.readTaggedFieldsIf(flexible)
                return group
            }
        }
        if version >= 7 { requireStable = try buffer.readKafkaBool("require_stable") }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    private static func readTopics(from buffer: inout ByteBuffer, flexible: Bool) throws -> [Topic]? {
        try buffer.readKafkaNullableArray("topics", flexible: flexible, minimumElementSize: flexible ? 3 : 6) { buffer in
            Topic(
                name: try buffer.readKafkaString("name", flexible: flexible),
                partitionIndexes: try buffer.readKafkaInt32Array("partition_indexes", flexible: flexible),
                taggedFields: try buffer.readTaggedFieldsIf(flexible)
            )
        }
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.isFlexible(version)
        if version <= 7 {
            buffer.writeKafkaString(groupID, flexible: flexible)
            Self.writeTopics(version >= 2 ? topics : topics ?? [], into: &buffer, flexible: flexible)
        } else {
            buffer.writeKafkaArray(groups, flexible: flexible) { buffer, group in
                buffer.writeKafkaString(group.groupID, flexible: flexible)
                if version >= 9 {
                    buffer.writeKafkaNullableString(group.memberID, flexible: flexible)
                    buffer.writeInteger(group.memberEpoch)
                }
                Self.writeTopics(group.topics, into: &buffer, flexible: flexible)
                buffer.writeTaggedFieldsIf(flexible, group.taggedFields)
            }
        }
        if version >= 7 { buffer.writeKafkaBool(requireStable) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }

    private static func writeTopics(_ topics: [Topic]?, into buffer: inout ByteBuffer, flexible: Bool) {
        buffer.writeKafkaNullableArray(topics, flexible: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.name, flexible: flexible)
            buffer.writeKafkaInt32Array(topic.partitionIndexes, flexible: flexible)
            buffer.writeTaggedFieldsIf(flexible, topic.taggedFields)
        }
    }
}

public struct OffsetFetchResponse: KafkaResponseMessage, Hashable {
    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        /// −1 when the group has no commit for the partition.
        public var committedOffset: Int64
        /// v5+; −1 when unknown.
        public var committedLeaderEpoch: Int32
        public var metadata: String?
        public var errorCode: KafkaErrorCode
        public var taggedFields: TaggedFields

        public init(
            partitionIndex: Int32, committedOffset: Int64 = -1, committedLeaderEpoch: Int32 = -1, metadata: String? = "", errorCode: KafkaErrorCode = .none,
            taggedFields: TaggedFields = .init()
        ) {
            self.partitionIndex = partitionIndex
            self.committedOffset = committedOffset
            self.committedLeaderEpoch = committedLeaderEpoch
            self.metadata = metadata
            self.errorCode = errorCode
            self.taggedFields = taggedFields
        }
    }

    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitions: [Partition]
        public var taggedFields: TaggedFields

        public init(name: String, partitions: [Partition], taggedFields: TaggedFields = .init()) {
            self.name = name
            self.partitions = partitions
            self.taggedFields = taggedFields
        }
    }

    public struct Group: Hashable, Sendable {
        public var groupID: String
        public var topics: [Topic]
        public var errorCode: KafkaErrorCode
        public var taggedFields: TaggedFields

        public init(groupID: String, topics: [Topic], errorCode: KafkaErrorCode = .none, taggedFields: TaggedFields = .init()) {
            self.groupID = groupID
            self.topics = topics
            self.errorCode = errorCode
            self.taggedFields = taggedFields
        }
    }

    /// v3+
    public var throttleTimeMs: Int32
    /// v1–7
    public var topics: [Topic]
    /// v2–7; a v1 client learns of group-level errors only through each partition's code.
    public var errorCode: KafkaErrorCode
    /// v8+
    public var groups: [Group]
    public var taggedFields: TaggedFields

    public init(
        throttleTimeMs: Int32 = 0, topics: [Topic] = [], errorCode: KafkaErrorCode = .none, groups: [Group] = [], taggedFields: TaggedFields = .init()
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
        self.errorCode = errorCode
        self.groups = groups
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 6
        self.init()
        if version >= 3 { throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms") }
        if version <= 7 {
            topics = try Self.readTopics(from: &buffer, version: version)
            if version >= 2 { errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code")) }
        } else {
            groups = try buffer.readKafkaArray("groups", flexible: flexible, minimumElementSize: 5) { buffer in
                Group(
                    groupID: try buffer.readKafkaString("group_id", flexible: flexible),
                    topics: try Self.readTopics(from: &buffer, version: version),
                    errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code")),
                    taggedFields: try buffer.readTaggedFieldsIf(flexible)
                )
            }
        }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    private static func readTopics(from buffer: inout ByteBuffer, version: Int16) throws -> [Topic] {
        let flexible = version >= 6
        return try buffer.readKafkaArray("topics", flexible: flexible, minimumElementSize: flexible ? 3 : 6) { buffer in
            Topic(
                name: try buffer.readKafkaString("name", flexible: flexible),
                partitions: try buffer.readKafkaArray("partitions", flexible: flexible, minimumElementSize: flexible ? 20 : 16) { buffer in
                    var partition = Partition(
                        partitionIndex: try buffer.readKafkaInt32("partition_index"), committedOffset: try buffer.readKafkaInt64("committed_offset")
                    )
                    if version >= 5 { partition.committedLeaderEpoch = try buffer.readKafkaInt32("committed_leader_epoch") }
                    partition.metadata = try buffer.readKafkaNullableString("metadata", flexible: flexible)
                    partition.errorCode = KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code"))
                    partition.taggedFields = try buffer.readTaggedFieldsIf(flexible)
                    return partition
                },
                taggedFields: try buffer.readTaggedFieldsIf(flexible)
            )
        }
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 6
        if version >= 3 { buffer.writeInteger(throttleTimeMs) }
        if version <= 7 {
            Self.writeTopics(topics, into: &buffer, version: version)
            if version >= 2 { buffer.writeInteger(errorCode.rawValue) }
        } else {
            buffer.writeKafkaArray(groups, flexible: flexible) { buffer, group in
                buffer.writeKafkaString(group.groupID, flexible: flexible)
                Self.writeTopics(group.topics, into: &buffer, version: version)
                buffer.writeInteger(group.errorCode.rawValue)
                buffer.writeTaggedFieldsIf(flexible, group.taggedFields)
            }
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }

    private static func writeTopics(_ topics: [Topic], into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 6
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.name, flexible: flexible)
            buffer.writeKafkaArray(topic.partitions, flexible: flexible) { buffer, partition in
                buffer.writeInteger(partition.partitionIndex)
                buffer.writeInteger(partition.committedOffset)
                if version >= 5 { buffer.writeInteger(partition.committedLeaderEpoch) }
                buffer.writeKafkaNullableString(partition.metadata, flexible: flexible)
                buffer.writeInteger(partition.errorCode.rawValue)
                buffer.writeTaggedFieldsIf(flexible, partition.taggedFields)
            }
            buffer.writeTaggedFieldsIf(flexible, topic.taggedFields)
        }
    }
}
