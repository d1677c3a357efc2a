// generated from schema/OffsetCommit.schema by make generate; do not edit
import KafkaModel
import NIOCore

/// A commit is answered only once its record is durable; errors are per partition.
public struct OffsetCommitRequest: KafkaRequestMessage, Hashable {
    public typealias Response = OffsetCommitResponse
    public static let apiKey = ApiKey.offsetCommit
    public static let versions: ClosedRange<Int16> = 0...9
    public static let firstFlexibleVersion: Int16? = 8

    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitions: [Partition]
        public var taggedFields: TaggedFields

        public init(
            name: String = "",
            partitions: [Partition] = [],
            taggedFields: TaggedFields = .init()
        ) {
            self.name = name
            self.partitions = partitions
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 8
            self.name = try buffer.readKafkaString("name", flexible: flexible)
            self.partitions = try buffer.readKafkaNonNullArray("partitions", flexible: flexible, minimumElementSize: (version >= 6 ? 18 : version >= 2 ? 14 : version >= 1 ? 22 : 14)) { buffer in try Partition(from: &buffer, version: version) }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 8
            buffer.writeKafkaString(name, flexible: flexible)
            buffer.writeKafkaArray(partitions, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        public var committedOffset: Int64
        /// v6+
        public var committedLeaderEpoch: Int32
        /// v1 only: when the commit was made; -1 means now. Retention counts from it.
        public var commitTimestamp: Int64
        /// Stored and returned by OffsetFetch as is; null and empty differ.
        public var committedMetadata: String?
        public var taggedFields: TaggedFields

        public init(
            partitionIndex: Int32 = 0,
            committedOffset: Int64 = 0,
            committedLeaderEpoch: Int32 = -1,
            commitTimestamp: Int64 = -1,
            committedMetadata: String? = nil,
            taggedFields: TaggedFields = .init()
        ) {
            self.partitionIndex = partitionIndex
            self.committedOffset = committedOffset
            self.committedLeaderEpoch = committedLeaderEpoch
            self.commitTimestamp = commitTimestamp
            self.committedMetadata = committedMetadata
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 8
            self.partitionIndex = try buffer.readKafkaInt32("partition_index")
            self.committedOffset = try buffer.readKafkaInt64("committed_offset")
            if version >= 6 {
                self.committedLeaderEpoch = try buffer.readKafkaInt32("committed_leader_epoch")
            } else {
                self.committedLeaderEpoch = -1
            }
            if version >= 1 && version <= 1 {
                self.commitTimestamp = try buffer.readKafkaInt64("commit_timestamp")
            } else {
                self.commitTimestamp = -1
            }
            self.committedMetadata = try buffer.readKafkaNullableString("committed_metadata", flexible: flexible)
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 8
            buffer.writeInteger(partitionIndex)
            buffer.writeInteger(committedOffset)
            if version >= 6 {
                buffer.writeInteger(committedLeaderEpoch)
            }
            if version >= 1 && version <= 1 {
                buffer.writeInteger(commitTimestamp)
            }
            buffer.writeKafkaNullableString(committedMetadata, flexible: flexible)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public var groupID: String
    /// v1+; -1 for a commit from outside any generation (standalone consumer, admin tool). v9: may be a member epoch.
    public var generationIDOrMemberEpoch: Int32
    /// v1+; empty for a commit from outside the group's membership.
    public var memberID: String
    /// v7+
    public var groupInstanceID: String?
    /// v2-4; -1 means the broker's offsets.retention.minutes, which is all later versions get.
    public var retentionTimeMs: Int64
    public var topics: [Topic]
    public var taggedFields: TaggedFields

    public init(
        groupID: String = "",
        generationIDOrMemberEpoch: Int32 = -1,
        memberID: String = "",
        groupInstanceID: String? = nil,
        retentionTimeMs: Int64 = -1,
        topics: [Topic] = [],
        taggedFields: TaggedFields = .init()
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
        let flexible = version >= 8
        self.groupID = try buffer.readKafkaString("group_id", flexible: flexible)
        if version >= 1 {
            self.generationIDOrMemberEpoch = try buffer.readKafkaInt32("generation_id_or_member_epoch")
        } else {
            self.generationIDOrMemberEpoch = -1
        }
        if version >= 1 {
            self.memberID = try buffer.readKafkaString("member_id", flexible: flexible)
        } else {
            self.memberID = ""
        }
        if version >= 7 {
            self.groupInstanceID = try buffer.readKafkaNullableString("group_instance_id", flexible: flexible)
        } else {
            self.groupInstanceID = nil
        }
        if version >= 2 && version <= 4 {
            self.retentionTimeMs = try buffer.readKafkaInt64("retention_time_ms")
        } else {
            self.retentionTimeMs = -1
        }
        self.topics = try buffer.readKafkaNonNullArray("topics", flexible: flexible, minimumElementSize: (version >= 8 ? 3 : 6)) { buffer in try Topic(from: &buffer, version: version) }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 8
        buffer.writeKafkaString(groupID, flexible: flexible)
        if version >= 1 {
            buffer.writeInteger(generationIDOrMemberEpoch)
        }
        if version >= 1 {
            buffer.writeKafkaString(memberID, flexible: flexible)
        }
        if version >= 7 {
            buffer.writeKafkaNullableString(groupInstanceID, flexible: flexible)
        }
        if version >= 2 && version <= 4 {
            buffer.writeInteger(retentionTimeMs)
        }
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct OffsetCommitResponse: KafkaResponseMessage, Hashable {
    /// Group-level failures are repeated on every partition.
    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitions: [Partition]
        public var taggedFields: TaggedFields

        public init(
            name: String = "",
            partitions: [Partition] = [],
            taggedFields: TaggedFields = .init()
        ) {
            self.name = name
            self.partitions = partitions
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 8
            self.name = try buffer.readKafkaString("name", flexible: flexible)
            self.partitions = try buffer.readKafkaNonNullArray("partitions", flexible: flexible, minimumElementSize: (version >= 8 ? 7 : 6)) { buffer in try Partition(from: &buffer, version: version) }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 8
            buffer.writeKafkaString(name, flexible: flexible)
            buffer.writeKafkaArray(partitions, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        public var errorCode: KafkaErrorCode
        public var taggedFields: TaggedFields

        public init(
            partitionIndex: Int32 = 0,
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            taggedFields: TaggedFields = .init()
        ) {
            self.partitionIndex = partitionIndex
            self.errorCode = errorCode
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 8
            self.partitionIndex = try buffer.readKafkaInt32("partition_index")
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 8
            buffer.writeInteger(partitionIndex)
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    /// v3+
    public var throttleTimeMs: Int32
    /// Group-level failures are repeated on every partition.
    public var topics: [Topic]
    public var taggedFields: TaggedFields

    public init(
        throttleTimeMs: Int32 = 0,
        topics: [Topic] = [],
        taggedFields: TaggedFields = .init()
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 8
        if version >= 3 {
            self.throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        } else {
            self.throttleTimeMs = 0
        }
        self.topics = try buffer.readKafkaNonNullArray("topics", flexible: flexible, minimumElementSize: (version >= 8 ? 3 : 6)) { buffer in try Topic(from: &buffer, version: version) }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 8
        if version >= 3 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
