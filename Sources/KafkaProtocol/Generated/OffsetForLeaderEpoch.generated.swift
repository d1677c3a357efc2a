// generated from schema/OffsetForLeaderEpoch.schema by make generate; do not edit
import KafkaModel
import NIOCore

/// Consumers validate their position with it after a leader change (KIP-320).
public struct OffsetForLeaderEpochRequest: KafkaRequestMessage, Hashable {
    public typealias Response = OffsetForLeaderEpochResponse
    public static let apiKey = ApiKey.offsetForLeaderEpoch
    public static let versions: ClosedRange<Int16> = 0...4
    public static let firstFlexibleVersion: Int16? = 4

    public struct Topic: Hashable, Sendable {
        public var topic: String
        public var partitions: [Partition]
        public var taggedFields: TaggedFields

        public init(
            topic: String = "",
            partitions: [Partition] = [],
            taggedFields: TaggedFields = .init()
        ) {
            self.topic = topic
            self.partitions = partitions
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 4
            self.topic = try buffer.readKafkaString("topic", flexible: flexible)
            self.partitions = try buffer.readKafkaNonNullArray("partitions", flexible: flexible, minimumElementSize: (version >= 4 ? 13 : version >= 2 ? 12 : 8)) { buffer in try Partition(from: &buffer, version: version) }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            buffer.writeKafkaString(topic, flexible: flexible)
            buffer.writeKafkaArray(partitions, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public struct Partition: Hashable, Sendable {
        public var partition: Int32
        /// v2+; fences a client whose view of the leader is stale; -1 skips the check.
        public var currentLeaderEpoch: Int32
        public var leaderEpoch: Int32
        public var taggedFields: TaggedFields

        public init(
            partition: Int32 = 0,
            currentLeaderEpoch: Int32 = -1,
            leaderEpoch: Int32 = 0,
            taggedFields: TaggedFields = .init()
        ) {
            self.partition = partition
            self.currentLeaderEpoch = currentLeaderEpoch
            self.leaderEpoch = leaderEpoch
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 4
            self.partition = try buffer.readKafkaInt32("partition")
            if version >= 2 {
                self.currentLeaderEpoch = try buffer.readKafkaInt32("current_leader_epoch")
            } else {
                self.currentLeaderEpoch = -1
            }
            self.leaderEpoch = try buffer.readKafkaInt32("leader_epoch")
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            buffer.writeInteger(partition)
            if version >= 2 {
                buffer.writeInteger(currentLeaderEpoch)
            }
            buffer.writeInteger(leaderEpoch)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    /// v3+: -2 for consumers, -1 for debugging tools, else a follower's broker id.
    public var replicaID: Int32
    public var topics: [Topic]
    public var taggedFields: TaggedFields

    public init(
        replicaID: Int32 = -2,
        topics: [Topic] = [],
        taggedFields: TaggedFields = .init()
    ) {
        self.replicaID = replicaID
        self.topics = topics
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        if version >= 3 {
            self.replicaID = try buffer.readKafkaInt32("replica_id")
        } else {
            self.replicaID = -2
        }
        self.topics = try buffer.readKafkaNonNullArray("topics", flexible: flexible, minimumElementSize: (version >= 4 ? 3 : 6)) { buffer in try Topic(from: &buffer, version: version) }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        if version >= 3 {
            buffer.writeInteger(replicaID)
        }
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct OffsetForLeaderEpochResponse: KafkaResponseMessage, Hashable {
    public struct Topic: Hashable, Sendable {
        public var topic: String
        public var partitions: [Partition]
        public var taggedFields: TaggedFields

        public init(
            topic: String = "",
            partitions: [Partition] = [],
            taggedFields: TaggedFields = .init()
        ) {
            self.topic = topic
            self.partitions = partitions
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 4
            self.topic = try buffer.readKafkaString("topic", flexible: flexible)
            self.partitions = try buffer.readKafkaNonNullArray("partitions", flexible: flexible, minimumElementSize: (version >= 4 ? 19 : version >= 1 ? 18 : 14)) { buffer in try Partition(from: &buffer, version: version) }
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            buffer.writeKafkaString(topic, flexible: flexible)
            buffer.writeKafkaArray(partitions, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    public struct Partition: Hashable, Sendable {
        public var errorCode: KafkaErrorCode
        public var partition: Int32
        /// v1+
        public var leaderEpoch: Int32
        public var endOffset: Int64
        public var taggedFields: TaggedFields

        public init(
            errorCode: KafkaErrorCode = KafkaErrorCode(rawValue: 0),
            partition: Int32 = 0,
            leaderEpoch: Int32 = -1,
            endOffset: Int64 = -1,
            taggedFields: TaggedFields = .init()
        ) {
            self.errorCode = errorCode
            self.partition = partition
            self.leaderEpoch = leaderEpoch
            self.endOffset = endOffset
            self.taggedFields = taggedFields
        }

        @inline(__always) init(from buffer: inout ByteBuffer, version: Int16) throws {
            let flexible = version >= 4
            self.errorCode = try KafkaErrorCode(rawValue: buffer.readKafkaInt16("error_code"))
            self.partition = try buffer.readKafkaInt32("partition")
            if version >= 1 {
                self.leaderEpoch = try buffer.readKafkaInt32("leader_epoch")
            } else {
                self.leaderEpoch = -1
            }
            self.endOffset = try buffer.readKafkaInt64("end_offset")
            self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
        }

        func encode(into buffer: inout ByteBuffer, version: Int16) {
            let flexible = version >= 4
            buffer.writeInteger(errorCode.rawValue)
            buffer.writeInteger(partition)
            if version >= 1 {
                buffer.writeInteger(leaderEpoch)
            }
            buffer.writeInteger(endOffset)
            buffer.writeTaggedFieldsIf(flexible, taggedFields)
        }
    }

    /// v2+
    public var throttleTimeMs: Int32
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
        let flexible = version >= 4
        if version >= 2 {
            self.throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        } else {
            self.throttleTimeMs = 0
        }
        self.topics = try buffer.readKafkaNonNullArray("topics", flexible: flexible, minimumElementSize: (version >= 4 ? 3 : 6)) { buffer in try Topic(from: &buffer, version: version) }
        self.taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        if version >= 2 {
            buffer.writeInteger(throttleTimeMs)
        }
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, element in element.encode(into: &buffer, version: version) }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
