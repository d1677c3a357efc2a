// OffsetForLeaderEpoch, key 23, versions 2–4, flexible from v4.
//
// Consumers use it to validate their position after a leader change (KIP-320): librdkafka pins v2, Java
// needs v3+. v0–1 were removed in Kafka 4. v2: CurrentLeaderEpoch in the request, ThrottleTimeMs in the
// response. v3: ReplicaId (−2 for consumers, −1 for debugging tools). v4: flexible.
// One node that hands out epoch 0 answers (0, log end offset) for every partition (pitfall 13).
import KafkaModel
import NIOCore

public struct OffsetForLeaderEpochRequest: KafkaRequestMessage, Hashable {
    public typealias Response = OffsetForLeaderEpochResponse
    public static let apiKey = ApiKey.offsetForLeaderEpoch
    public static let versions: ClosedRange<Int16> = 2...4
    public static let firstFlexibleVersion: Int16? = 4

    public struct Partition: Hashable, Sendable {
        public var partition: Int32
        /// Fences requests from a client whose view of the leader is stale; −1 skips the check.
        public var currentLeaderEpoch: Int32
        public var leaderEpoch: Int32
        public var taggedFields: TaggedFields

        public init(partition: Int32, currentLeaderEpoch: Int32 = -1, leaderEpoch: Int32, taggedFields: TaggedFields = .init()) {
            self.partition = partition
            self.currentLeaderEpoch = currentLeaderEpoch
            self.leaderEpoch = leaderEpoch
            self.taggedFields = taggedFields
        }
    }

    public struct Topic: Hashable, Sendable {
        public var topic: String
        public var partitions: [Partition]
        public var taggedFields: TaggedFields

        public init(topic: String, partitions: [Partition], taggedFields: TaggedFields = .init()) {
            self.topic = topic
            self.partitions = partitions
            self.taggedFields = taggedFields
        }
    }

    /// v3+
    public var replicaID: Int32
    public var topics: [Topic]
    public var taggedFields: TaggedFields

    public init(replicaID: Int32 = -2, topics: [Topic], taggedFields: TaggedFields = .init()) {
        self.replicaID = replicaID
        self.topics = topics
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = Self.isFlexible(version)
        replicaID = version >= 3 ? try buffer.readKafkaInt32("replica_id") : -2
        topics = try buffer.readKafkaArray("topics", flexible: flexible, minimumElementSize: flexible ? 3 : 6) { buffer in
            let topic = try buffer.readKafkaString("topic", flexible: flexible)
            let partitions = try buffer.readKafkaArray("partitions", flexible: flexible, minimumElementSize: 12) { buffer in
                Partition(
                    partition: try buffer.readKafkaInt32("partition"),
                    currentLeaderEpoch: try buffer.readKafkaInt32("current_leader_epoch"),
                    leaderEpoch: try buffer.readKafkaInt32("leader_epoch"),
                    taggedFields: try buffer.readTaggedFieldsIf(flexible)
                )
            }
            return Topic(topic: topic, partitions: partitions, taggedFields: try buffer.readTaggedFieldsIf(flexible))
        }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = Self.isFlexible(version)
        if version >= 3 { buffer.writeInteger(replicaID) }
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.topic, flexible: flexible)
            buffer.writeKafkaArray(topic.partitions, flexible: flexible) { buffer, partition in
                buffer.writeInteger(partition.partition)
                buffer.writeInteger(partition.currentLeaderEpoch)
                buffer.writeInteger(partition.leaderEpoch)
                buffer.writeTaggedFieldsIf(flexible, partition.taggedFields)
            }
            buffer.writeTaggedFieldsIf(flexible, topic.taggedFields)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}

public struct OffsetForLeaderEpochResponse: KafkaResponseMessage, Hashable {
    public struct Partition: Hashable, Sendable {
        public var errorCode: KafkaErrorCode
        public var partition: Int32
        public var leaderEpoch: Int32
        public var endOffset: Int64
        public var taggedFields: TaggedFields

        public init(errorCode: KafkaErrorCode = .none, partition: Int32, leaderEpoch: Int32 = -1, endOffset: Int64 = -1, taggedFields: TaggedFields = .init()) {
            self.errorCode = errorCode
            self.partition = partition
            self.leaderEpoch = leaderEpoch
            self.endOffset = endOffset
            self.taggedFields = taggedFields
        }
    }

    public struct Topic: Hashable, Sendable {
        public var topic: String
        public var partitions: [Partition]
        public var taggedFields: TaggedFields

        public init(topic: String, partitions: [Partition], taggedFields: TaggedFields = .init()) {
            self.topic = topic
            self.partitions = partitions
            self.taggedFields = taggedFields
        }
    }

    public var throttleTimeMs: Int32
    public var topics: [Topic]
    public var taggedFields: TaggedFields

    public init(throttleTimeMs: Int32 = 0, topics: [Topic], taggedFields: TaggedFields = .init()) {
        self.throttleTimeMs = throttleTimeMs
        self.topics = topics
        self.taggedFields = taggedFields
    }

    public init(from buffer: inout ByteBuffer, version: Int16) throws {
        let flexible = version >= 4
        throttleTimeMs = try buffer.readKafkaInt32("throttle_time_ms")
        topics = try buffer.readKafkaArray("topics", flexible: flexible, minimumElementSize: flexible ? 3 : 6) { buffer in
            let topic = try buffer.readKafkaString("topic", flexible: flexible)
            let partitions = try buffer.readKafkaArray("partitions", flexible: flexible, minimumElementSize: 18) { buffer in
                Partition(
                    errorCode: KafkaErrorCode(rawValue: try buffer.readKafkaInt16("error_code")),
                    partition: try buffer.readKafkaInt32("partition"),
                    leaderEpoch: try buffer.readKafkaInt32("leader_epoch"),
                    endOffset: try buffer.readKafkaInt64("end_offset"),
                    taggedFields: try buffer.readTaggedFieldsIf(flexible)
                )
            }
            return Topic(topic: topic, partitions: partitions, taggedFields: try buffer.readTaggedFieldsIf(flexible))
        }
        taggedFields = try buffer.readTaggedFieldsIf(flexible)
    }

    public func encode(into buffer: inout ByteBuffer, version: Int16) {
        let flexible = version >= 4
        buffer.writeInteger(throttleTimeMs)
        buffer.writeKafkaArray(topics, flexible: flexible) { buffer, topic in
            buffer.writeKafkaString(topic.topic, flexible: flexible)
            buffer.writeKafkaArray(topic.partitions, flexible: flexible) { buffer, partition in
                buffer.writeInteger(partition.errorCode.rawValue)
                buffer.writeInteger(partition.partition)
                buffer.writeInteger(partition.leaderEpoch)
                buffer.writeInteger(partition.endOffset)
                buffer.writeTaggedFieldsIf(flexible, partition.taggedFields)
            }
            buffer.writeTaggedFieldsIf(flexible, topic.taggedFields)
        }
        buffer.writeTaggedFieldsIf(flexible, taggedFields)
    }
}
