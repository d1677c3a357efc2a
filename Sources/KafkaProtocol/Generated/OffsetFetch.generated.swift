// generated from schema/OffsetFetch.schema by make generate; do not edit
import KafkaModel
import NIOCore

public struct OffsetFetchRequest: KafkaRequestMessage, Hashable {
    public typealias Response = OffsetFetchResponse
    public static let apiKey = ApiKey.offsetFetch
    public static let versions: ClosedRange<Int16> = 0...9
    public static let firstFlexibleVersion: Int16? = 6

    /// v8+: several groups per request (KIP-709) replace group_id/topics.
    public struct Group: Hashable, Sendable {
        public var groupID: String
        /// v9+: checked only for KIP-848 (consumer protocol) groups.
        public var memberID: String?
        /// v9+
        public var memberEpoch: Int32
        /// Null asks for every committed partition.
        public var topics: [Topic]?
        public var taggedFields: TaggedFields

        public init(
            groupID: String = "",
            memberID: String? = nil,
            memberEpoch: Int32 = -1,
            topics: [Topic]? = nil,
            taggedFields: TaggedFields = .init()
        ) {
            self.groupID = groupID
            self.memberID = memberID
            self.memberEpoch = memberEpoch
            self.topics = topics
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 6
            self.groupID = try buffer.readKafkaString("group_id", flexible: flexible)
            if version >= 9 {
                self.memberID = try buffer.readKafkaNullableString("member_id", flexible: flexible)
            } else {
                self.memberID = nil
            }
            if version >= 9 {
                self.memberEpoch = try buffer.readKafkaInt32("member_epoch")
            } else {
                self.memberEpoch = -1
            }
            self.topics = try buffer.readKafkaNullableArray("topics", flexible: flexible, minimumElementSize: 3) { buffer in try Topic(from: &buffer, version: version) }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            buffer.writeKafkaString(groupID, flexible: flexible)
            if version >= 9 {
                buffer.writeKafkaNullableString(memberID, flexible: flexible)
            }
            if version >= 9 {
                buffer.writeInteger(memberEpoch)
            }
            buffer.writeKafkaNullableArray(topics, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public struct Topic: Hashable, Sendable {
        public var name: String
        public var partitionIndexes: [Int32]
        public var taggedFields: TaggedFields

        public init(
            name: String = "",
            partitionIndexes: [Int32] = [],
            taggedFields: TaggedFields = .init()
        ) {
            self.name = name
            self.partitionIndexes = partitionIndexes
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 6
            self.name = try buffer.readKafkaString("name", flexible: flexible)
            self.partitionIndexes = try buffer.readKafkaNonNullArray("partition_indexes", flexible: flexible, minimumElementSize: 4) { buffer in try buffer.readKafkaInt32("partition_indexes") }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            buffer.writeKafkaString(name, flexible: flexible)
            buffer.writeKafkaArray(partitionIndexes, flexible: flexible) { buffer, element in buffer.writeInteger(element) }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    /// v0-7: one group per request.
    public var groupID: String
    /// v0-7, null only in v2-7
    /// v0-7; null (v2+) asks for every partition the group has committed. v0-1 cannot send null.
    public var topics: [Topic]?
    /// v8+: several groups per request (KIP-709) replace group_id/topics.
    public var groups: [Group]
    /// v7+: partitions with a pending transactional commit answer UNSTABLE_OFFSET_COMMIT.
    public var requireStable: Bool
    public var taggedFields: TaggedFields

    public init(
        groupID: String = "",
        topics: [Topic]? = nil,
        groups: [Group] = [],
        requireStable: Bool = false,
        taggedFields: TaggedFields = .init()
    ) {
        self.groupID = groupID
        self.topics = topics
        self.groups = groups
        self.requireStable = requireStable
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 6
        if version <= 7 {
            self.groupID = try buffer.readKafkaString("group_id", flexible: flexible)
        } else {
            self.groupID = ""
        }
        if version <= 7 {
            if version >= 2 {
                self.topics = try buffer.readKafkaNullableArray("topics", flexible: flexible, minimumElementSize: (version >= 6 ? 3 : 6)) { buffer in try Topic(from: &buffer, version: version) }
            } else {
                self.topics = try buffer.readKafkaNonNullArray("topics", flexible: flexible, minimumElementSize: (version >= 6 ? 3 : 6)) { buffer in try Topic(from: &buffer, version: version) }
            }
        } else {
            self.topics = nil
        }
        if version >= 8 {
            self.groups = try buffer.readKafkaNonNullArray("groups", flexible: flexible, minimumElementSize: (version >= 9 ? 8 : 3)) { buffer in try Group(from: &buffer, version: version) }
        } else {
            self.groups = []
        }
        if version >= 7 {
            self.requireStable = try buffer.readKafkaBool("require_stable")
        } else {
            self.requireStable = false
        }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 6
        if version <= 7 {
            buffer.writeKafkaString(groupID, flexible: flexible)
        }
        if version <= 7 {
            if version >= 2 {
                buffer.writeKafkaNullableArray(topics, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            } else {
                buffer.writeKafkaArray((topics ?? []), flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            }
        }
        if version >= 8 {
            buffer.writeKafkaArray(groups, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        }
        if version >= 7 {
            buffer.writeKafkaBool(requireStable)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct OffsetFetchResponse: KafkaResponseMessage, Hashable {
    public struct Group: Hashable, Sendable {
        public var groupID: String
        public var topics: [Topic]
        public var errorCode: KafkaErrorCode
        public var taggedFields: TaggedFields

        public init(
            groupID: String = "",
            topics: [Topic] = [],
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            taggedFields: TaggedFields = .init()
        ) {
            self.groupID = groupID
            self.topics = topics
            self.errorCode = errorCode
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 6
            self.groupID = try buffer.readKafkaString("group_id", flexible: flexible)
            self.topics = try buffer.readKafkaNonNullArray("topics", flexible: flexible, minimumElementSize: 3) { buffer in try Topic(from: &buffer, version: version) }
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            buffer.writeKafkaString(groupID, flexible: flexible)
            buffer.writeKafkaArray(topics, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

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
            let flexible = version >= 6
            self.name = try buffer.readKafkaString("name", flexible: flexible)
            self.partitions = try buffer.readKafkaNonNullArray("partitions", flexible: flexible, minimumElementSize: (version >= 5 ? 20 : 16)) { buffer in try Partition(from: &buffer, version: version) }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            buffer.writeKafkaString(name, flexible: flexible)
            buffer.writeKafkaArray(partitions, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public struct Partition: Hashable, Sendable {
        public var partitionIndex: Int32
        /// -1 when the group has no commit for the partition.
        public var committedOffset: Int64
        /// v5+; -1 when unknown.
        public var committedLeaderEpoch: Int32
        public var metadata: String?
        public var errorCode: KafkaErrorCode
        public var taggedFields: TaggedFields

        public init(
            partitionIndex: Int32 = 0,
            committedOffset: Int64 = -1,
            committedLeaderEpoch: Int32 = -1,
            metadata: String? = nil,
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            taggedFields: TaggedFields = .init()
        ) {
            self.partitionIndex = partitionIndex
            self.committedOffset = committedOffset
            self.committedLeaderEpoch = committedLeaderEpoch
            self.metadata = metadata
            self.errorCode = errorCode
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 6
            self.partitionIndex = try buffer.readKafkaInt32("partition_index")
            self.committedOffset = try buffer.readKafkaInt64("committed_offset")
            if version >= 5 {
                self.committedLeaderEpoch = try buffer.readKafkaInt32("committed_leader_epoch")
            } else {
                self.committedLeaderEpoch = -1
            }
            self.metadata = try buffer.readKafkaNullableString("metadata", flexible: flexible)
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 6
            buffer.writeInteger(partitionIndex)
            buffer.writeInteger(committedOffset)
            if version >= 5 {
                buffer.writeInteger(committedLeaderEpoch)
            }
            buffer.writeKafkaNullableString(metadata, flexible: flexible)
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    /// v3+
    public var throttleTimeMs: Int32
    /// v0-7
    public var topics: [Topic]
    /// v2-7; a v0-1 client learns of group-level errors only through each partition's code.
    public var errorCode: KafkaErrorCode
    /// v8+
    public var groups: [Group]
    public var taggedFields: TaggedFields

    public init(
        throttleTimeMs: Int32 = 0,
        topics: [Topic] = [],
        errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
        groups: [Group] = [],
        taggedFields: TaggedFields = .init()
    ) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
        self.errorCode = errorCode
        self.groups = groups
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 6
        if version >= 3 {
            self.throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        } else {
            self.throttleTimeMs = 0
        }
        if version <= 7 {
            self.topics = try buffer.readKafkaNonNullArray("topics", flexible: flexible, minimumElementSize: (version >= 6 ? 3 : 6)) { buffer in try Topic(from: &buffer, version: version) }
        } else {
            self.topics = []
        }
        if version >= 2 && version <= 7 {
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
        } else {
            self.errorCode = KafkaErrorCode(rawValue: 0)
        }
        if version >= 8 {
            self.groups = try buffer.readKafkaNonNullArray("groups", flexible: flexible, minimumElementSize: 5) { buffer in try Group(from: &buffer, version: version) }
        } else {
            self.groups = []
        }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 6
        if version >= 3 {
            buffer.writeInteger(throttleTimeMs)
        }
        if version <= 7 {
            buffer.writeKafkaArray(topics, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        }
        if version >= 2 && version <= 7 {
            buffer.writeInteger(errorCode.rawValue)
        }
        if version >= 8 {
            buffer.writeKafkaArray(groups, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
