// OffsetCommit, key 8, versions 2–9, flexible from v8.
//
// v0–1 were removed in Kafka 4 and are not implemented (v1's per-partition CommitTimestamp goes with them).
// v2: RetentionTimeMs, kept only through v4; from v5 retention is the broker's offsets.retention.minutes.
// v3: ThrottleTimeMs in the response. v6: CommittedLeaderEpoch. v7: GroupInstanceId (KIP-345).
// v9: the generation may be a KIP-848 member epoch; same layout as v8. kafka-go sends v2 (pitfall 3).
// A commit is answered only once its record is durable; errors are per partition.
import KafkaModel
import NIOCore

public struct OffsetCommitRequest: KafkaRequestMessage, Hashable {
    public typealias Response = OffsetCommitResponse
    public static let apiKey = ApiKey.offsetCommit
    public static let versions: ClosedRange<Int16> = 2...9
    public static let firstFlexibleVersion: Int16? = 8

    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        public var committedOffset: Int64
        /// v6+; −1 when the client does not know it.
        public var committedLeaderEpoch: Int32
        /// Stored and returned by OffsetFetch as is; null and empty are different values.
        public var committedMetadata: String?
        public var taggedFields: TaggedFields

        public init(
            partitionIndex: Int32, committedOffset: Int64, committedLeaderEpoch: Int32 = -1, committedMetadata: String? = nil,
            taggedFields: TaggedFields = .init()
        ) {
            self.partitionIndex = partitionIndex
            self.committedOffset = committedOffset
            self.committedLeaderEpoch = committedLeaderEpoch
            self.committedMetadata = committedMetadata
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

    public var groupID: String
    /// −1 for a commit from outside any generation (a standalone consumer or an admin tool).
    public var generationIDOrMemberEpoch: Int32
    /// Empty for a commit from outside the group's membership.
    public var memberID: String
    /// v7+
    public var groupInstanceID: String?
    /// v2–4; −1 means the broker's retention.
    public var retentionTimeMs: Int64
    public var topics: [Topic]
    public var taggedFields: TaggedFields

    public init(
        groupID: String, generationIDOrMemberEpoch: Int32 = -1, memberID: String = "", groupInstanceID: String? = nil, retentionTimeMs: Int64 = -1,
        topics: [Topic] = [], taggedFields: TaggedFields = .init()
    ) {
        self.groupID = groupID
        self.generationIDOrMemberEpoch = generationIDOrMemberEpoch
        self.memberID = memberID
        self.groupInstanceID = groupInstanceID
        self.retentionTimeMs = retentionTimeMs
        self.topics = topics
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = Self.isFlexible(version)
        self.init(
            groupID: try buffer.readKafkaString("group_id", flexible: flexible),
            generationIDOrMemberEpoch: try buffer.readKafkaInt32("generation_id_or_member_epoch"),
            memberID: try buffer.readKafkaString("member_id", flexible: flexible)
        )
        if version >= 7 { groupInstanceID = try buffer.readKafkaNullableString("group_instance_id", flexible: flexible) }
        if version <= 4 { retentionTimeMs = try buffer.readKafkaInt64("retention_time_ms") }
        topics = try buffer.readKafkaArray("topics", flexible: flexible, minimumElementSize: flexible ? 3 : 6) { buffer in
            Topic(
                name: try buffer.readKafkaString("name", flexible: flexible),
                partitions: try buffer.readKafkaArray("partitions", flexible: flexible, minimumElementSize: flexible ? 18 : 14) { buffer in
                    var partition = Partition(
                        partitionIndex: try buffer.readKafkaInt32("partition_index"), committedOffset: try buffer.readKafkaInt64("committed_offset")
                    )
                    if version >= 6 { partition.committedLeaderEpoch = try buffer.readKafkaInt32("committed_leader_epoch") }
                    partition.committedMetadata = try buffer.readKafkaNullableString("committed_metadata", flexible: flexible)
                    partition.taggedFields = try buffer.readTaggedFieldsIf(flexible)
                    return partition
                },
                taggedFields: try buffer.readTaggedFieldsIf(flexible)
            )
        }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.isFlexible(version)
        buffer.writeKafkaString(groupID, flexible: flexible)
        buffer.writeInteger(generationIDOrMemberEpoch)
        buffer.writeKafkaString(memberID, flexible: flexible)
        if version >= 7 { buffer.writeKafkaNullableString(groupInstanceID, flexible: flexible) }
        if version <= 4 { buffer.writeInteger(retentionTimeMs) }
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.name, flexible: flexible)
            buffer.writeKafkaArray(topic.partitions, flexible: flexible) { buffer, partition in
                buffer.writeInteger(partition.partitionIndex)
                buffer.writeInteger(partition.committedOffset)
                if version >= 6 { buffer.writeInteger(partition.committedLeaderEpoch) }
                buffer.writeKafkaNullableString(partition.committedMetadata, flexible: flexible)
                buffer.writeTaggedFieldsIf(flexible, partition.taggedFields)
            }
            buffer.writeTaggedFieldsIf(flexible, topic.taggedFields)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct OffsetCommitResponse: KafkaResponseMessage, Hashable {
    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        public var errorCode: KafkaErrorCode
        public var taggedFields: TaggedFields

        public init(partitionIndex: Int32, errorCode: KafkaErrorCode = .none, taggedFields: TaggedFields = .init()) {
            self.partitionIndex = partitionIndex
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

    /// v3+
    public var throttleTimeMs: Int32
    /// Group-level failures (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, ...) are repeated on every partition.
    public var topics: [Topic]
    public var taggedFields: TaggedFields

    public init(throttleTimeMs: Int32 = 0, topics: [Topic] = [], taggedFields: TaggedFields = .init()) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 8
        self.init()
        if version >= 3 { throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms") }
        topics = try buffer.readKafkaArray("topics", flexible: flexible, minimumElementSize: flexible ? 3 : 6) { buffer in
            Topic(
                name: try buffer.readKafkaString("name", flexible: flexible),
                partitions: try buffer.readKafkaArray("partitions", flexible: flexible, minimumElementSize: flexible ? 7 : 6) { buffer in
                    Partition(
                        partitionIndex: try buffer.readKafkaInt32("partition_index"),
                        errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code")),
                        taggedFields: try buffer.readTaggedFieldsIf(flexible)
                    )
                },
                taggedFields: try buffer.readTaggedFieldsIf(flexible)
            )
        }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 8
        if version >= 3 { buffer.writeInteger(throttleTimeMs) }
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.name, flexible: flexible)
            buffer.writeKafkaArray(topic.partitions, flexible: flexible) { buffer, partition in
                buffer.writeInteger(partition.partitionIndex)
                buffer.writeInteger(partition.errorCode.rawValue)
                buffer.writeTaggedFieldsIf(flexible, partition.taggedFields)
            }
            buffer.writeTaggedFieldsIf(flexible, topic.taggedFields)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
